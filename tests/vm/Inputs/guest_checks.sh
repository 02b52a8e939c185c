#!/bin/sh
# Runs inside the iu-vm guest (one boot per kernel) and prints a transcript
# that kernel.test checks. Expects in the working directory: tracex5.iu,
# hello.iu, the fault samples (<name>.iu), bad-<kind>.iu, tampered.iu,
# untrusted.iu and trust.pem (the certificate that signed the good ones).

section() { echo "== $*"; }

dmesg_check() {
  if dmesg | grep -E 'BUG|Oops|WARNING|Call Trace|general protection' >/tmp/bad; then
    echo "dmesg: PROBLEMS"; cat /tmp/bad
  else
    echo "dmesg: clean"
  fi
}

# Normalizes trace_pipe lines to "comm: text" with addresses hidden.
normalize() {
  sed -n -E 's/^ *(.+)-[0-9]+ +\[[0-9]+\] .* [0-9]+\.[0-9]+: bpf_trace_printk: /\1: /p' |
    sed -E 's/buf=[0-9a-fx]+/buf=ADDR/'
}

section tracex5 iu
iu-load tracex5.iu -- dd if=/dev/zero of=/dev/null count=5 >iu.txt 2>iu.err
echo "status $?"
head -3 iu.txt
normalize <iu.txt >iu.norm
cat iu.norm
grep -c 'bpf_trace_printk: iu_trace_printk\|iu_trace_printk: ' /sys/kernel/tracing/trace >/tmp/n
echo "kernel trace buffer lines: $(cat /tmp/n)"

section tracex5 ebpf
tracex5_ebpf -- dd if=/dev/zero of=/dev/null count=5 >bpf.txt 2>bpf.err
echo "status $?"
normalize <bpf.txt >bpf.norm
# trace_pipe resolves a pid's comm from a cache that may not know it yet
# ("<...>"), so the comparison is of the printed text.
sed 's/^[^:]*: //' iu.norm >iu.text
sed 's/^[^:]*: //' bpf.norm >bpf.text
if cmp -s iu.text bpf.text; then
  echo "tracex5: iu and eBPF print the same $(wc -l <iu.norm) lines"
else
  echo "tracex5: iu and eBPF differ"; diff iu.text bpf.text
fi

section hello
iu-load hello.iu -- sh -c 'echo hello-from-guest >/dev/null' >hello.txt 2>hello.err
echo "status $?"
grep -m1 ' sh-' hello.txt

section faults
for f in loop_forever oob_index div_zero shift_overflow; do
  iu-load $f.iu -- dd if=/dev/zero of=/dev/null count=3 >$f.txt 2>$f.err
  echo "$f: status $?"
  grep 'iu-load' $f.err
  grep 'records out' $f.err
done
dmesg_check

section refusals
iu-raw-load load tampered.iu untrusted.iu bad-*.iu
echo "status $?"
iu-load --backend kernel --trust trust.pem --trust untrusted-cert.pem untrusted.iu -- true 2>&1
echo "status $?"

section concurrency
iu-load tracex5.iu -- sh -c 'taskset 1 dd if=/dev/zero of=/dev/null count=300 2>/dev/null &
  taskset 2 dd if=/dev/zero of=/dev/null count=300 2>/dev/null & wait' >cc.txt 2>cc.err
echo "status $?"
echo "cpu0 writes: $(grep 'write(fd=1' cc.txt | grep -c '\[000\]')"
echo "cpu1 writes: $(grep 'write(fd=1' cc.txt | grep -c '\[001\]')"
echo "all writes: $(grep -c 'write(fd=1' cc.txt)"
cat cc.err

section cycles
slab() { sed -n 's/^Slab: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
vmalloc() { sed -n 's/^VmallocUsed: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
iu-raw-load cycles 10 tracex5.iu
iu-raw-load cycles 10 hello.iu
s0=$(slab); v0=$(vmalloc)
iu-raw-load cycles 100 tracex5.iu
iu-raw-load cycles 100 hello.iu
s1=$(slab); v1=$(vmalloc)
echo "slab grew $((s1 - s0)) kB, vmalloc grew $((v1 - v0)) kB" >&2
if [ $((s1 - s0)) -lt 512 ] && [ $((v1 - v0)) -lt 512 ]; then
  echo "memory: no growth over 200 cycles"
else
  echo "memory: grew (slab $((s1 - s0)) kB, vmalloc $((v1 - v0)) kB)"
fi
echo "module users: $(sed -n 's/^iu [0-9]* \([0-9]*\) .*/\1/p' /proc/modules)"

section unload
iu-load tracex5.iu -- sleep 3 >/dev/null 2>&1 &
sleep 1
if rmmod iu 2>/dev/null; then echo "rmmod while attached: unloaded"; else echo "rmmod while attached: refused"; fi
wait
rmmod iu && echo "rmmod after close: ok"
insmod /lib/modules/iu.ko && iu-kctl trust add trust.pem >/dev/null && echo "reloaded"
iu-kctl trust lock && echo "trust locked"
iu-kctl trust add untrusted-cert.pem 2>&1 | sed 's/key [0-9]*/key N/'
iu-load tracex5.iu -- dd if=/dev/zero of=/dev/null count=1 2>/dev/null | grep -c 'write(fd=1'
dmesg_check
section done
