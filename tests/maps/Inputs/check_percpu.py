# Checks iu-load's per-CPU output: the --dump-maps=json of percpu.cpp after
# RUNS invocations, and the trace lines "cpu C slot S" before it. Every
# per-CPU value has one slot per possible CPU; the slots add up to RUNS;
# the slot of the CPU a program reported holds at least what it read.
#
#   python3 check_percpu.py RUNS < output
import json
import re
import sys

runs = int(sys.argv[1])
text = sys.stdin.read()
with open("/sys/devices/system/cpu/possible") as f:
    cpus = 0
    for part in f.read().strip().split(","):
        lo, _, hi = part.partition("-")
        cpus = max(cpus, int(hi or lo) + 1)
dump = json.loads(text[text.index("\n[") + 1:])
maps = {m["name"]: m for m in dump}
pa = {e["key"]: e["value"] for e in maps["pa"]["entries"]}
ph = {e["key"]: e["value"] for e in maps["ph"]["entries"]}
assert maps["pa"]["type"] == "percpu_array" and maps["ph"]["type"] == "percpu_hash", maps
assert len(pa[0]) == cpus and len(pa[1]) == cpus and len(ph[7]) == cpus, (cpus, pa, ph)
assert sum(pa[0]) == 0 and sum(pa[1]) == runs and sum(ph[7]) == runs, (pa, ph)
seen = re.findall(r"cpu (\d+) slot (\d+)", text)
assert len(seen) == runs, seen
for cpu, slot in seen:
    assert pa[1][int(cpu)] >= int(slot) >= 1, (cpu, slot, pa)
print("ok")
