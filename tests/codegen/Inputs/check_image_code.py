"""Checks the machine code of iu images or objects (llvm-objdump -d):
no ud1/ud2 (an invalid opcode is an oops in the kernel), no SSE/AVX/x87
registers (no FPU state in the kernel), and no indirect call or jump outside
the runtime functions that are allowed one (__iu_panic's longjmp back to the
entry trampoline; helper calls go through the retpoline thunks, which use
ret, not an indirect branch). Prints one summary line per file."""
import re
import subprocess
import sys

INDIRECT_ALLOWED = {"__iu_panic"}
FORBIDDEN = re.compile(r"\bud[012]\b|%[xyz]mm\d|%st\b|%st\(|%mm\d")
INDIRECT = re.compile(r"\b(call|jmp)[a-z]*\s+\*")

failed = False
for path in sys.argv[1:]:
    out = subprocess.run(["llvm-objdump", "-d", "--no-show-raw-insn", path],
                         capture_output=True, text=True, check=True).stdout
    func = "?"
    insns = indirect = 0
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            func = m.group(1)
            continue
        if not re.match(r"^\s+[0-9a-f]+:\s", line):
            continue
        insns += 1
        insn = line.split(":", 1)[1].strip()
        if FORBIDDEN.search(line):
            print(f"{path}: {func}: forbidden instruction: {insn}")
            failed = True
        if INDIRECT.search(line):
            indirect += 1
            if func not in INDIRECT_ALLOWED:
                print(f"{path}: {func}: indirect branch outside the runtime: {insn}")
                failed = True
    print(f"{path.rsplit('/', 1)[-1]}: {insns} instructions, {indirect} allowed indirect branches")
sys.exit(1 if failed else 0)
