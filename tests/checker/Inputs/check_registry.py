#!/usr/bin/env python3
"""Every rule in the registry has its implementation file, its test file and
its entry in the language reference; and nothing else claims to be a rule.

usage: check_registry.py SOURCE_ROOT
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
registry = (root / "passes/checker/Registry.def").read_text()
rules = re.findall(r'^IU_RULE\((\w+), "([\w-]+)"\)', registry, re.M)
docs = (root / "docs/language.md").read_text()
problems = []
for cls, rule_id in rules:
    print(f"rule {rule_id} ({cls})")
    if not (root / f"passes/checker/rules/{cls}.cpp").exists():
        problems.append(f"{rule_id}: no passes/checker/rules/{cls}.cpp")
    test = root / f"tests/checker/{rule_id.removeprefix('iu-')}.cpp"
    if not test.exists():
        problems.append(f"{rule_id}: no test {test.name}")
    elif f"[{rule_id}]" not in test.read_text():
        problems.append(f"{rule_id}: {test.name} never expects the rule's ID")
    if f"**`{rule_id}`**" not in docs:
        problems.append(f"{rule_id}: not documented in docs/language.md")
ids = {r for _, r in rules}
for cpp in sorted((root / "passes/checker/rules").glob("*.cpp")):
    if cpp.stem not in {c for c, _ in rules}:
        problems.append(f"{cpp.name} is not in Registry.def")
for documented in re.findall(r"\*\*`(iu-[\w-]+)`\*\*", docs):
    if documented not in ids:
        problems.append(f"docs/language.md documents unknown rule {documented}")
print(f"{len(rules)} rules")
if problems:
    sys.exit("\n".join(problems))
