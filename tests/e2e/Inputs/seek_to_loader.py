# Run by iu-load (the parent) as the traced command: seeks to offsets that
# are addresses mapped readable in iu-load (its first mapping, the ELF
# header, and its stack), so a program on sys_enter_lseek sees them.
import os
import sys

ranges = []
with open("/proc/%d/maps" % os.getppid()) as maps:
    for line in maps:
        fields = line.split()
        start, end = (int(x, 16) for x in fields[0].split("-"))
        if fields[1].startswith("r") and (not ranges or fields[-1] == "[stack]"):
            ranges.append(end - 4096 if fields[-1] == "[stack]" else start)
fd = os.open(sys.argv[1], os.O_RDONLY)
for addr in ranges:
    print("address %x" % addr, flush=True)
    try:
        os.lseek(fd, addr, os.SEEK_SET)
    except OSError:
        pass  # past the file system's largest offset: the hook fired anyway
os.close(fd)
