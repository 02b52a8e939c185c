#!/usr/bin/env python3
"""Unit tests of bench/stats.py (no VM): python3 bench/test_stats.py.
Run by the test suite as tests/bench/stats.test."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stats  # noqa: E402


def rounds(none, ebpf, iu):
    return {"none": dict(enumerate(none)), "ebpf": dict(enumerate(ebpf)),
            "iu": dict(enumerate(iu))}


class Ci(unittest.TestCase):
    def test_steady_rounds_give_a_narrow_interval_around_the_ratio(self):
        d = rounds([500, 501, 499, 500, 502, 500, 499, 501, 500],
                   [2500, 2510, 2490, 2505, 2495, 2500, 2502, 2498, 2500],
                   [2300, 2310, 2290, 2305, 2295, 2300, 2302, 2298, 2300])
        point, lo, hi = stats.bootstrap_ci(d)
        self.assertAlmostEqual(point, 0.9, places=2)
        self.assertLessEqual(lo, point)
        self.assertGreaterEqual(hi, point)
        rec = stats.ci_record((point, lo, hi))
        self.assertTrue(rec["narrow"])
        self.assertFalse(stats.fmt_ci(rec).startswith("wide"))

    def test_noisy_rounds_are_reported_wide(self):
        d = rounds([500, 900, 500, 700, 500], [2500, 1500, 3500, 2000, 2600],
                   [2300, 3300, 1500, 2600, 2000])
        rec = stats.ci_record(stats.bootstrap_ci(d))
        self.assertFalse(rec["narrow"])
        self.assertTrue(stats.fmt_ci(rec).startswith("wide: "))

    def test_seeded_so_the_same_samples_give_the_same_interval(self):
        d = rounds([500, 520, 480, 510, 505], [2500, 2400, 2600, 2550, 2450],
                   [2300, 2350, 2200, 2250, 2280])
        self.assertEqual(stats.bootstrap_ci(d), stats.bootstrap_ci(d))

    def test_too_few_rounds_or_a_missing_configuration(self):
        self.assertIsNone(stats.bootstrap_ci(rounds([1, 2, 3, 4], [3, 4, 5, 6], [5, 6, 7, 8])))
        d = rounds([1, 2, 3, 4, 5], [3, 4, 5, 6, 7], [5, 6, 7, 8, 9])
        del d["iu"]
        self.assertIsNone(stats.bootstrap_ci(d))

    def test_added_ratio(self):
        self.assertAlmostEqual(stats.added_ratio(100, 300, 200), 0.5)
        self.assertIsNone(stats.added_ratio(100, 100, 200))


class Icount(unittest.TestCase):
    PLUGIN = "icount 1 0 1000\nicount 2 0 5000\nicount 3 0 3000\nnoise\nicount 4 0 2000\n"
    GUEST = ["itag 1 event 0 none getppid 10", "itag 2 event 0 ebpf getppid 10",
             "itag 3 event 0 iu getppid 10", "itag 9 event 0 iu getpid 10",
             "event 0 none getppid 10 1 1"]

    def test_parse_and_join_by_tag(self):
        counts = stats.parse_plugin_output(self.PLUGIN)
        self.assertEqual(counts, {1: 1000, 2: 5000, 3: 3000, 4: 2000})
        runs = stats.join_icounts(self.GUEST, counts)
        # Tag 9 has no count (the run failed): left out; tag 4 has no run.
        self.assertEqual([r[2] for r in runs], [1000, 5000, 3000])
        self.assertEqual(runs[0][:2], ("event", ["0", "none", "getppid", "10"]))

    def test_event_ratio_and_spread(self):
        runs = []
        for r, (n, e, i) in enumerate([(100, 300, 200), (102, 300, 204), (101, 301, 201)]):
            for cfg, v in (("none", n), ("ebpf", e), ("iu", i)):
                runs.append(("event", [str(r), cfg, "getppid", "10"], v * 10))
        ev = stats.icount_events(runs)["getppid"]
        self.assertEqual(ev["insns_per_call"], {"none": 101, "ebpf": 300, "iu": 201})
        self.assertAlmostEqual(ev["ratio_iu_vs_ebpf"], 100 / 199, places=3)
        lo, hi = ev["ratio_range"]
        self.assertLessEqual(lo, ev["ratio_iu_vs_ebpf"])
        self.assertGreaterEqual(hi, ev["ratio_iu_vs_ebpf"])
        self.assertAlmostEqual(ev["spread"]["none"], 2 / 101, places=4)

    def test_map_ops_per_operation(self):
        runs = [("map", ["0", "ebpf", "hash_lookup", "0", "100"], 100 * 1000),
                ("map", ["0", "ebpf", "hash_lookup", "10", "100"], 100 * 1500),
                ("map", ["0", "iu", "hash_lookup", "0", "100"], 100 * 1000),
                ("map", ["0", "iu", "hash_lookup", "10", "100"], 100 * 2000)]
        m = stats.icount_maps(runs, 10)["hash_lookup"]
        self.assertEqual(m["insns_per_op"], {"ebpf": 50, "iu": 100})
        self.assertEqual(m["ratio_iu_vs_ebpf"], 2.0)


class Matrix(unittest.TestCase):
    def test_hook_rows_share_the_none_baseline(self):
        samples = {"none": {0: 100, 1: 102, 2: 101},
                   "iu:kp": {0: 180, 1: 182, 2: 181},
                   "ebpf:kp": {0: 200, 1: 202, 2: 201},
                   "ebpf:raw": {0: 150, 1: 152, 2: 151}}
        rows = [("kprobe", "iu:kp", "ebpf:kp"), ("raw", "iu:kp", "ebpf:raw"),
                ("absent", "iu:x", "ebpf:x")]
        m = stats.added_vs_none(samples, rows)
        self.assertEqual(m["kprobe"]["added"], {"iu": 80, "ebpf": 100})
        self.assertAlmostEqual(m["kprobe"]["ratio"], 0.8)
        self.assertEqual(m["kprobe"]["ratio_range"], [0.8, 0.8])
        self.assertAlmostEqual(m["raw"]["ratio"], 1.6)
        # Only the baseline: no added cost and no ratio.
        self.assertNotIn("ratio", m["absent"])
        self.assertEqual(m["absent"]["per_call"], {"none": 101})

    def test_icount_samples_and_per_output(self):
        runs = [("evout", ["0", "iu", "0", "10"], 1000), ("evout", ["0", "iu", "1", "10"], 3000),
                ("evout", ["1", "iu", "0", "10"], 1100), ("evout", ["1", "iu", "1", "10"], 3300),
                ("evout", ["0", "perf", "0", "10"], 1000), ("evout", ["0", "perf", "1", "10"], 5000),
                ("hook", ["0", "none", "none", "10"], 500)]
        ev = stats.icount_samples(runs, "evout")
        self.assertEqual(ev["iu:1"], {0: 300, 1: 330})
        self.assertEqual(stats.icount_samples(runs, "hook"), {"none": {0: 50}})
        per = stats.per_output(ev, ("iu", "perf", "ringbuf"))
        self.assertEqual(per["iu"]["per_output"], 210)
        self.assertEqual(per["iu"]["range"], [200, 220])
        self.assertNotIn("ringbuf", per)
        r = stats.output_ratios(per)
        self.assertAlmostEqual(r["perf"]["ratio"], 210 / 400, places=3)
        self.assertEqual(r["perf"]["ratio_range"], [0.5, 0.55])


class Check(unittest.TestCase):
    def result(self, insns, rng, wall, ci):
        return {"overhead_ratio_iu_vs_ebpf_insns": insns,
                "overhead_ratio_iu_vs_ebpf": wall, "overhead_ratio_iu_vs_ebpf_ci95": ci,
                "kernel": {"icount": {"events": {"getppid": {"ratio_range": rng}}}}}

    def test_same_within_noise_passes(self):
        old = self.result(0.80, [0.79, 0.81], 0.9, [0.85, 0.95])
        new = self.result(0.81, [0.80, 0.82], 0.97, [0.92, 1.02])
        bad, compared = stats.check_regressions(old, new)
        self.assertEqual(bad, [])
        self.assertEqual(len(compared), 2)

    def test_slower_beyond_noise_fails(self):
        old = self.result(0.80, [0.79, 0.81], 0.9, [0.85, 0.95])
        new = self.result(0.90, [0.89, 0.91], 1.1, [1.0, 1.2])
        bad, _ = stats.check_regressions(old, new)
        self.assertEqual(len(bad), 2)
        self.assertIn("0.800 -> 0.900", bad[0])

    def test_faster_is_not_a_regression(self):
        old = self.result(0.80, [0.79, 0.81], 0.9, [0.85, 0.95])
        new = self.result(0.60, [0.59, 0.61], 0.6, [0.55, 0.65])
        self.assertEqual(stats.check_regressions(old, new)[0], [])

    def test_values_missing_on_one_side_are_not_compared(self):
        bad, compared = stats.check_regressions({}, self.result(9, None, 9, [9, 9]))
        self.assertEqual((bad, compared), ([], []))


if __name__ == "__main__":
    unittest.main()
