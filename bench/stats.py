"""Statistics and parsing for bench/run that need no VM: confidence
intervals of wall-time ratios, the instruction counts of the QEMU plugin
(bench/qemu-plugin) joined with the guest's runs, and --check's comparison
with a committed result. Pure functions, tested by bench/test_stats.py."""
import random
import statistics

# A ratio whose 95% interval reaches further than this from the point
# estimate, either way, is reported as wide.
NARROW = 0.05
MIN_ROUNDS = 5


def median(xs):
    return statistics.median(xs) if xs else None


def added_ratio(none, ebpf, iu):
    """(iu - none) / (eBPF - none): iu's added cost per event relative to
    eBPF's; None when eBPF adds nothing measurable."""
    d = ebpf - none
    return (iu - none) / d if d > 0 else None


def ratio_of_medians(by_cfg, rounds):
    """added_ratio of the three configurations' medians over ROUNDS.
    by_cfg: {"none"|"ebpf"|"iu": {round: value}}."""
    m = {c: median([by_cfg[c][r] for r in rounds]) for c in ("none", "ebpf", "iu")}
    return added_ratio(m["none"], m["ebpf"], m["iu"])


def common_rounds(by_cfg, cfgs=("none", "ebpf", "iu")):
    if not all(c in by_cfg for c in cfgs):
        return []
    rounds = set(by_cfg[cfgs[0]])
    for c in cfgs[1:]:
        rounds &= set(by_cfg[c])
    return sorted(rounds)


def bootstrap_ci(by_cfg, estimator=ratio_of_medians, n=2000, seed=1, level=0.95,
                 cfgs=("none", "ebpf", "iu")):
    """Percentile bootstrap interval of ESTIMATOR(by_cfg, rounds), resampling
    whole rounds (a round measures every configuration side by side, so a
    round's values stay together). Returns (point, low, high) or None when
    fewer than MIN_ROUNDS rounds have every configuration of CFGS. Seeded: the same
    samples give the same interval."""
    rounds = common_rounds(by_cfg, cfgs)
    # Fewer rounds than this give a bootstrap of a handful of distinct
    # resamples, whose percentiles mean little.
    if len(rounds) < MIN_ROUNDS:
        return None
    point = estimator(by_cfg, rounds)
    if point is None:
        return None
    rng = random.Random(seed)
    est = []
    for _ in range(n):
        sample = [rng.choice(rounds) for _ in rounds]
        v = estimator(by_cfg, sample)
        if v is not None:
            est.append(v)
    if len(est) < n // 2:
        return None
    est.sort()
    lo = est[int((1 - level) / 2 * len(est))]
    hi = est[min(len(est) - 1, int((1 + level) / 2 * len(est)))]
    return point, lo, hi


def ci_record(ci, digits=3):
    """The JSON record of an interval: point, [low, high], the half-width
    relative to the point, and whether it is narrow (within NARROW)."""
    if ci is None:
        return None
    point, lo, hi = ci
    half = max(point - lo, hi - point) / abs(point) if point else float("inf")
    return {"ratio": round(point, digits), "ci95": [round(lo, digits), round(hi, digits)],
            "ci95_half_width_rel": round(half, 4), "narrow": half <= NARROW}


def fmt_ci(rec):
    """'0.91 [0.88, 0.94]', or with 'wide:' in front when it is not narrow."""
    if not rec:
        return "n/a"
    lo, hi = rec["ci95"]
    s = f"{rec['ratio']:.3g} [{lo:.3g}, {hi:.3g}]"
    return s if rec["narrow"] else f"wide: {s}"


# ---------------------------------------------------------------------------
# Instruction counts

def parse_plugin_output(text):
    """{tag: instructions} from the plugin's lines "icount TAG VCPU N". A tag
    seen twice (a run repeated under the same tag) keeps its last count."""
    out = {}
    for ln in text.splitlines():
        f = ln.split()
        if len(f) == 4 and f[0] == "icount":
            out[int(f[1])] = int(f[3])
    return out


def join_icounts(itag_lines, counts):
    """The guest's "itag TAG WHAT FIELDS..." lines (BENCH prefix removed)
    joined with the plugin's counts: a list of (WHAT, [FIELDS...],
    instructions), one per run the plugin reported. Runs it did not report
    (the run failed before its stop marker) are left out."""
    runs = []
    for ln in itag_lines:
        f = ln.split()
        if len(f) < 3 or f[0] != "itag":
            continue
        tag = int(f[1])
        if tag in counts:
            runs.append((f[2], f[3:], counts[tag]))
    return runs


def spread(xs):
    """(max - min) / median: how far apart repeated counts are."""
    m = median(xs)
    return (max(xs) - min(xs)) / m if xs and m else None


def icount_events(runs):
    """Per system call: instructions per call of each configuration (median
    over rounds, and their spread), the ratio (iu - none) / (eBPF - none) of
    the medians, and the per-round ratios' min and max.
    runs: join_icounts' ("event", [round, config, syscall, iterations], n)."""
    per = {}
    for what, f, n in runs:
        if what != "event":
            continue
        r, cfg, sc, iters = int(f[0]), f[1], f[2], int(f[3])
        per.setdefault(sc, {}).setdefault(cfg, {})[r] = n / iters
    out = {}
    for sc, by_cfg in per.items():
        e = {"insns_per_call": {c: round(median(list(v.values())), 1)
                                for c, v in by_cfg.items()},
             "spread": {c: round(spread(list(v.values())), 4) for c, v in by_cfg.items()},
             "rounds": max(len(v) for v in by_cfg.values())}
        rounds = common_rounds(by_cfg)
        if rounds:
            ratio = ratio_of_medians(by_cfg, rounds)
            per_round = [added_ratio(by_cfg["none"][r], by_cfg["ebpf"][r], by_cfg["iu"][r])
                         for r in rounds]
            per_round = [x for x in per_round if x is not None]
            m = e["insns_per_call"]
            e["ebpf_added"] = round(m["ebpf"] - m["none"], 1)
            e["iu_added"] = round(m["iu"] - m["none"], 1)
            e["ratio_iu_vs_ebpf"] = None if ratio is None else round(ratio, 3)
            if per_round:
                e["ratio_range"] = [round(min(per_round), 3), round(max(per_round), 3)]
        out[sc] = e
    return out


def icount_maps(runs, k):
    """Per map program: instructions per operation, iu and eBPF,
    (count at K - count at K = 0) / (K * calls), medians over rounds, and
    the ratio iu / eBPF. runs: ("map", [round, impl, prog, K, calls], n)."""
    per = {}
    for what, f, n in runs:
        if what != "map":
            continue
        r, impl, prog, kk, iters = int(f[0]), f[1], f[2], int(f[3]), int(f[4])
        per.setdefault(prog, {}).setdefault(impl, {}).setdefault(r, {})[kk] = n / iters
    out = {}
    for prog, impls in per.items():
        ops = {}
        for impl, rounds in impls.items():
            vals = [(ks[k] - ks[0]) / k for ks in rounds.values() if 0 in ks and k in ks]
            if vals:
                ops[impl] = vals
        e = {"insns_per_op": {i: round(median(v), 1) for i, v in ops.items()},
             "spread": {i: round(spread(v), 4) if median(v) else None for i, v in ops.items()}}
        if "iu" in ops and "ebpf" in ops and median(ops["ebpf"]) > 0:
            e["ratio_iu_vs_ebpf"] = round(median(ops["iu"]) / median(ops["ebpf"]), 3)
        out[prog] = e
    return out


def added_vs_none(samples, rows):
    """The hook matrix: for each row (kind, iu_key, ebpf_key), the cost
    each side adds per event over nothing attached. samples: {key: {round:
    value}} with key "none" the loop alone; a value is per call (guest
    instructions or ns). Returns {kind: {"per_call": {none, iu, ebpf},
    "added": {iu, ebpf}, "ratio", "ratio_range", "spread", "rounds",
    "by_cfg"}}, medians over rounds; ratio = (iu - none) / (ebpf - none)
    of the medians, ratio_range the per-round ratios' min and max; by_cfg
    the samples in bootstrap_ci's form (not for the JSON)."""
    out = {}
    none = samples.get("none", {})
    for kind, iu_key, ebpf_key in rows:
        by_cfg = {"none": none, "iu": samples.get(iu_key, {}), "ebpf": samples.get(ebpf_key, {})}
        by_cfg = {c: v for c, v in by_cfg.items() if v}
        if not by_cfg:
            continue
        m = {c: median(list(v.values())) for c, v in by_cfg.items()}
        e = {"per_call": {c: round(v, 1) for c, v in m.items()},
             "spread": {c: round(spread(list(v.values())), 4) if m[c] else None
                        for c, v in by_cfg.items()},
             "rounds": max(len(v) for v in by_cfg.values()), "by_cfg": by_cfg}
        if "none" in m:
            e["added"] = {c: round(m[c] - m["none"], 1) for c in ("iu", "ebpf") if c in m}
        rounds = common_rounds(by_cfg)
        if rounds:
            e["ratio"] = ratio_of_medians(by_cfg, rounds)
            if e["ratio"] is not None:
                e["ratio"] = round(e["ratio"], 3)
            per_round = [added_ratio(by_cfg["none"][r], by_cfg["ebpf"][r], by_cfg["iu"][r])
                         for r in rounds]
            per_round = [x for x in per_round if x is not None]
            if per_round:
                e["ratio_range"] = [round(min(per_round), 3), round(max(per_round), 3)]
        out[kind] = e
    return out


def icount_samples(runs, what):
    """{"F1:F2": {round: instructions / F3}} from join_icounts' runs
    ("WHAT", [round, F1, F2, F3]): per call (hook, evout: F3 the calls) or
    per run (macro: F3 = 1). "none:none" is keyed "none"."""
    out = {}
    for w, f, n in runs:
        if w == what and len(f) >= 4:
            key = "none" if f[1] == "none" else f"{f[1]}:{f[2]}"
            out.setdefault(key, {})[int(f[0])] = n / int(f[3])
    return out


def per_output(samples, kinds):
    """Event output: the cost of one record per call, (median at B=1 -
    median at B=0) for each kind. samples: {"KIND:0"|"KIND:1": {round:
    value per call}}. Returns {kind: {"per_output", "per_call": {"0", "1"},
    "range": [min, max] of the per-round differences}}."""
    out = {}
    for kind in kinds:
        b0, b1 = samples.get(f"{kind}:0"), samples.get(f"{kind}:1")
        if not b0 or not b1:
            continue
        diffs = [b1[r] - b0[r] for r in sorted(b0) if r in b1]
        out[kind] = {"per_output": round(median(list(b1.values())) - median(list(b0.values())), 1),
                     "per_call": {"0": round(median(list(b0.values())), 1),
                                  "1": round(median(list(b1.values())), 1)},
                     "range": [round(min(diffs), 1), round(max(diffs), 1)] if diffs else None}
    return out


def output_ratios(per, iu="iu", others=("perf", "ringbuf")):
    """iu's cost per output over each other kind's, and each ratio's range
    from the per-round differences' ranges (lowest iu over highest other,
    and the reverse). {other: {"ratio", "ratio_range"}}."""
    out = {}
    if iu not in per:
        return out
    a = per[iu]
    for k in others:
        b = per.get(k)
        if not b or b["per_output"] <= 0:
            continue
        rec = {"ratio": round(a["per_output"] / b["per_output"], 3)}
        if a.get("range") and b.get("range") and min(b["range"]) > 0:
            rec["ratio_range"] = [round(a["range"][0] / b["range"][1], 3),
                                  round(a["range"][1] / b["range"][0], 3)]
        out[k] = rec
    return out


# ---------------------------------------------------------------------------
# --check

def _get(d, path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


# What --check compares: (label, path to the value, path to its noise,
# kind). Lower is better for all of them. "insns": a ratio of instruction
# counts whose noise is its per-round range; "ci": a wall-time ratio with
# its 95% interval.
CHECKED = [
    ("instructions per event, iu vs eBPF (getppid)",
     ("overhead_ratio_iu_vs_ebpf_insns",), ("kernel", "icount", "events", "getppid",
                                            "ratio_range"), "insns"),
    ("instructions per event, iu vs eBPF (getpid)",
     ("kernel", "icount", "events", "getpid", "ratio_iu_vs_ebpf"),
     ("kernel", "icount", "events", "getpid", "ratio_range"), "insns"),
    ("ns per event, iu vs eBPF (getppid)",
     ("overhead_ratio_iu_vs_ebpf",), ("overhead_ratio_iu_vs_ebpf_ci95",), "ci"),
    ("ns per event, iu vs eBPF (getpid)",
     ("kernel", "events", "getpid", "ratio_iu_vs_ebpf"),
     ("kernel", "events", "getpid", "ratio_ci", "ci95"), "ci"),
]
MAP_PROGS = ("hash_lookup", "hash_update", "array_lookup", "array_update", "hash_add",
             "array_add")
for _p in MAP_PROGS:
    CHECKED.append((f"instructions per map op, iu vs eBPF ({_p})",
                    ("kernel", "icount", "maps", _p, "ratio_iu_vs_ebpf"), None, "insns"))
# The hook matrix (bench/run's HOOK_ROWS), in instructions and wall time.
HOOK_KINDS = ("kprobe", "kretprobe", "fentry", "fexit", "sys_enter_tp", "sys_enter_raw_tp",
              "sys_exit_tp", "sys_exit_raw_tp", "tracepoint", "raw_tp")
for _k in HOOK_KINDS:
    CHECKED.append((f"instructions per event, empty program, iu vs eBPF ({_k})",
                    ("hooks", _k, "ratio_insns"), ("hooks", _k, "ratio_insns_range"), "insns"))
    CHECKED.append((f"ns per event, empty program, iu vs eBPF ({_k})",
                    ("hooks", _k, "ratio_ns"), ("hooks", _k, "ratio_ns_ci95"), "ci"))
CHECKED += [
    ("instructions per event, iu's cheapest hook vs eBPF's raw tracepoint",
     ("hooks_iu_cheapest_vs_ebpf_raw_tp_insns",), None, "insns"),
    ("instructions per event output, iu vs eBPF perf buffer",
     ("events_output_ratio_iu_vs_ebpf_perf_insns",),
     ("kernel", "icount", "events_output", "ratios", "perf", "ratio_range"), "insns"),
    # Not the ring buffer's: it wakes the consumer only when the consumer
    # has caught up, so its count follows the consumer's speed between runs.
    ("workload instructions added by syscount, iu vs eBPF (tracepoint)",
     ("macro_slowdown_ratio_iu_vs_ebpf_insns",), ("macro", "ratio_insns_range"), "insns"),
    ("workload wall time added by syscount, iu vs eBPF (tracepoint)",
     ("macro_slowdown_ratio_iu_vs_ebpf",), ("macro", "ratio_ns_ci95"), "ci"),
]

# The floor of the allowed change for instruction-count ratios: counts
# move a little with timer interrupts even when the ranges are tight.
INSNS_FLOOR = 0.02


def check_regressions(old, new):
    """(regressions, compared): messages for each CHECKED value that got
    worse beyond the noise both runs measured, and the labels compared.
    Instruction ratios: worse when new > old + max(INSNS_FLOOR * old, the
    width of old's and new's per-round ranges). Wall-time ratios: worse
    when the new interval lies wholly above the old one."""
    bad, compared = [], []
    for label, path, noise, kind in CHECKED:
        a, b = _get(old, path), _get(new, path)
        if a is None or b is None:
            continue
        compared.append(label)
        if kind == "insns":
            tol = INSNS_FLOOR * abs(a)
            for d in (old, new):
                rng = _get(d, noise) if noise else None
                if rng:
                    tol = max(tol, rng[1] - rng[0])
            if b > a + tol:
                bad.append(f"{label}: {a:.3f} -> {b:.3f} (allowed up to {a + tol:.3f})")
        else:
            ca, cb = _get(old, noise), _get(new, noise)
            if ca and cb:
                if cb[0] > ca[1]:
                    bad.append(f"{label}: {a:.3f} [{ca[0]:.3f}, {ca[1]:.3f}] -> {b:.3f} "
                               f"[{cb[0]:.3f}, {cb[1]:.3f}] (intervals apart)")
            else:
                compared.pop()  # no interval on one side: not judged
    return bad, compared
