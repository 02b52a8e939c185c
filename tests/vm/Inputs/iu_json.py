#!/usr/bin/env python3
"""Parses and checks the `iu --json` output the guest printed (guest_checks.sh,
section "iu command": lines "iu-json NAME: JSON"). Exits non-zero with the
first failed check; prints what it checked."""
import json
import sys

docs = {}
with open(sys.argv[1], errors="replace") as f:
    for line in f:
        if line.startswith("iu-json "):
            name, _, text = line[len("iu-json "):].partition(": ")
            docs[name] = json.loads(text)


def check(cond, what):
    if not cond:
        sys.exit(f"iu_json.py: {what}\n" + json.dumps(docs, indent=2))
    print(f"ok: {what}")


need = ["prog-list", "prog-show", "map-dump", "stats-never", "stats-on", "stats-off",
        "stats-off-later", "stats-panic"]
check(all(n in docs for n in need), "every JSON document is there and parses")

plist, show = docs["prog-list"], docs["prog-show"]
check(isinstance(plist, list) and len(plist) == 1, "prog list: one program")
p = plist[0]
for key in ("id", "name", "type", "section", "object", "attached", "pinned", "runs", "panics",
            "fuel_exhausted", "missed", "loader_pid"):
    check(key in p, f"prog list: has {key}")
check(p["name"] == "on_write" and p["type"] == "tracepoint" and p["attached"] is True
      and p["pinned"] == "counter" and p["section"] == "tracepoint/syscalls/sys_enter_write",
      "prog list: on_write attached, pinned as counter")
check(show["id"] == p["id"] and show["runs"] >= p["runs"] > 0, "prog show: the same program, runs counted")

dump = docs["map-dump"]
entries = {e["key"]: e["value"] for e in dump["entries"]}
check(dump["name"] == "by_fd" and dump["type"] == "hash" and entries.get(1) == 100,
      "map dump: by_fd[1] = 100 (as updated)")

never, on, off, later = (docs[n] for n in ("stats-never", "stats-on", "stats-off",
                                           "stats-off-later"))
check(never["measured"] == 0 and never["run_time_ns"] == 0 and never["invocations"] > 0,
      "statistics never enabled: invocations counted, nothing measured")
check(on["measured"] > 0 and on["run_time_ns"] > 0
      and on["avg_ns"] == on["run_time_ns"] // on["measured"],
      "statistics on: runs measured, average = total / measured")
check(on["measured"] <= on["invocations"] - never["invocations"] + 1,
      "statistics on: only runs since enabling are measured")
check(later["measured"] == off["measured"] and later["run_time_ns"] == off["run_time_ns"]
      and later["invocations"] > off["invocations"],
      "statistics off: invocations go on, nothing more is measured")

panic = docs["stats-panic"]
lp = panic["last_panic"]
check(panic["panics"] >= 1 and lp is not None and lp["status"] == "panicked"
      and lp["kind"] == "index out of bounds" and lp["file"].endswith("oob_index.cpp")
      and lp["line"] > 0 and lp["text"].startswith("panicked: index out of bounds at "),
      "a panicked program: counted, its last panic kept")
