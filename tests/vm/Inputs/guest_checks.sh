#!/bin/sh
# Runs inside the iu-vm guest (one boot per kernel) and prints a transcript
# that kernel.test checks. Expects in the working directory what
# make_images.sh builds: tracex5.iu, hello.iu, syscall_exit.iu, the fault
# samples (<name>.iu), bad-<kind>.iu, tampered.iu, untrusted.iu, the
# hardening images and sig-<form>.iu, and trust.pem (the certificate that
# signed the good ones). The lockdown section comes last: lockdown cannot be lowered.

section() { echo "== $*"; }

dmesg_check() {
  if dmesg | grep -E 'BUG|Oops|WARNING|Call Trace|general protection|stall|lockup' >/tmp/bad; then
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

section syscall exit
# sys_enter_openat and sys_exit_openat of busybox cat (static: it opens
# only its argument): the exit's return value is -2 for a missing file,
# an fd for a file that is there; the exit follows the entry in the same
# task. The clone or vfork that starts a task returns 0 in it and its pid
# in the parent (sh's fork for cat; iu-load's own records are not shown).
iu-load syscall_exit.iu -- cat missing-file >sx-missing.txt 2>sx-missing.err
echo "missing: status $?"
normalize <sx-missing.txt | grep '^cat: .*openat' | tail -2
iu-load syscall_exit.iu -- sh -c 'cat trust.pem >/dev/null; true' >sx-found.txt 2>sx-found.err
echo "found: status $?"
normalize <sx-found.txt | grep '^cat: .*openat' | tail -2
pair=
for child in $(sed -n 's/.*: exit fork nr=[0-9]* ret=0 pid=\([0-9]*\)$/\1/p' sx-found.txt); do
  grep -q "exit fork nr=[0-9]* ret=$child pid=" sx-found.txt && pair=1
done
if [ -n "$pair" ]; then
  echo "fork: 0 in the child, its pid in the parent"
else
  echo "fork: no pair"; grep 'exit fork' sx-found.txt
fi
cat sx-missing.err sx-found.err | grep iu-load
dmesg_check

section faults
for f in loop_forever oob_index div_zero shift_overflow; do
  iu-load $f.iu -- dd if=/dev/zero of=/dev/null count=3 >$f.txt 2>$f.err
  echo "$f: status $?"
  grep 'iu-load' $f.err
  grep 'records out' $f.err
done
dmesg_check

section language guarantees
for f in oob-TRAILING_WRITE_LOOP oob-COMM_SCAN call_tree; do
  iu-load $f.iu -- dd if=/dev/zero of=/dev/null count=3 >$f.txt 2>$f.err
  echo "$f: status $?"
  grep 'iu-load' $f.err
done
iu-load uninitialized.iu -- dd if=/dev/zero of=/dev/null count=3 >uninitialized.txt 2>&1
echo "uninitialized: status $?"
grep -c 'temporary 0 switch 0$' uninitialized.txt | sed 's/^[1-9][0-9]*$/zeroed reads: several/'
grep 'bpf_trace_printk: temporary' uninitialized.txt | grep -v 'temporary 0 switch 0$' | head -3
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

section maps
# Real BPF maps: iu-map-client (libiu's map API) makes one per IU_MAP,
# iu.ko takes them at load, map_count.iu counts dd's writes in each kind
# (dd pinned to CPU 1, add_by set to 3 through the load's configuration),
# and bpftool sees them by name and dumps the same numbers while the
# object is loaded (it runs as ld-linux, which the extension ignores).
cat >bpftool.sh <<EOF
#!/bin/sh
exec /lib64/ld-linux-x86-64.so.2 --library-path $PWD/bpftool-libs $PWD/bpftool-libs/bpftool "\$@"
EOF
iu-map-client --set add_by=3 map_count.iu -- sh -c 'taskset 2 dd if=/dev/zero of=/dev/null bs=1 count=7 2>/dev/null
  sh bpftool.sh map list >bpf-list.txt
  for m in by_fd totals pc_by_fd recent full; do sh bpftool.sh map dump name $m >bpf-$m.txt; done
  sh bpftool.sh map update name by_fd key 1 0 0 0 value 9 0 0 0 0 0 0 0 >bpf-update.txt 2>&1 || true' >maps.txt 2>maps.err
cat maps.txt
sed -n -E 's/^[0-9]+: ([a-z_]+)  name (by_fd|totals|per_cpu|pc_by_fd|recent|full)  .*/bpftool map list: \2 \1/p' bpf-list.txt
# bpftool prints a map without BTF as "key: BYTES  value: BYTES".
le_bytes() {
  v=$1 out= i=0
  while [ $i -lt $2 ]; do out="$out $(printf %02x $((v & 255)))"; v=$((v >> 8)); i=$((i + 1)); done
  echo "${out# }"
}
for m in by_fd totals recent full; do
  sed -n "s/^$m\[\([0-9]*\)\] = \(-*[0-9]*\)$/\1 \2/p" maps.txt | while read k v; do
    echo "key: $(le_bytes $k 4)  value: $(le_bytes $v 8)"
  done | sort >iu-$m.hex
  grep '^key:' bpf-$m.txt | grep -v 'value: 00 00 00 00 00 00 00 00$' | sort >bpf-$m.hex
  if [ -s iu-$m.hex ] && cmp -s iu-$m.hex bpf-$m.hex; then
    echo "bpftool map dump name $m: the same $(wc -l <iu-$m.hex) entries"
  else
    echo "bpftool map dump name $m: differs"; diff iu-$m.hex bpf-$m.hex
  fi
done
grep -A2 '^01 00 00 00$' bpf-pc_by_fd.txt | sed 's/^/bpftool pc_by_fd key 1: /' | tail -2
# iu's keyed maps are frozen: bpftool reads them, but cannot write them
# (by_fd[1] above stayed 21).
echo "bpftool map update name by_fd: $(grep -m1 . bpf-update.txt)"
cat maps.err
# Configuration through the load: nothing counted when disabled, or for
# another command name.
for set in enabled=false target_comm=cat; do
  iu-map-client --set $set map_count.iu -- dd if=/dev/zero of=/dev/null bs=1 count=3 >cfg.txt 2>&1
  echo "$set: $(grep -c '^status 0$' cfg.txt) run, $(grep -c '\] = ' cfg.txt) entries"
done
# User space writes keyed maps through iu.ko (IU_OBJ_MAP_UPDATE / _DELETE):
# every kind, each online CPU's slot of a per-CPU value, BPF's error codes;
# the user backend answers the same.
iu-map-client --write-check map_count.iu -- true >mw.txt 2>&1
cat mw.txt
iu-map-client --backend user --write-check map_count.iu -- true >mw-user.txt 2>&1
if cmp -s mw.txt mw-user.txt; then
  echo "user backend: the same"
else
  echo "user backend: differs"; diff mw.txt mw-user.txt
fi
# The hostile placement: a kprobe inside the LRU map's code (under its LRU
# list locks) whose program updates the same full LRU map, while user
# space updates that map through libiu on CPU 0 and a plain BPF LRU map
# through bpf() on CPU 1 (where the program runs). The guest stays alive;
# hits under iu's own map operations are missed, the others run.
for t in htab_lru_map_delete_node _raw_spin_lock_irqsave; do
  iu-map-client --hammer lru 3 lru-hostile-$t.iu -- true >lh.txt 2>lh.err
  rc=$?
  if grep -q "^attach prog: .*does not allow probes there" lh.txt; then
    echo "hostile $t: the kernel does not allow this kprobe"
    continue
  fi
  echo "hostile $t: status $rc"
  grep -E '^(bpf\(\) update|status )' lh.txt
  sed -n 's/^hammer lru: [0-9]* updates and deletes through libiu, \([0-9]*\) failed.*/\1/p' lh.txt |
    sed 's/^0$/libiu updates: none failed/; s/^[1-9][0-9]*$/libiu updates: some failed/'
  grep '^hammer' lh.txt >&2
  runs=$(sed -n 's/^runs\[0\] = //p' lh.txt)
  missed=$(sed -n "s/^iu-load: program 'prog' missed \([0-9]*\) hits.*/\1/p" lh.err)
  echo "hostile $t: runs ${runs:-0}, missed ${missed:-0}" >&2
  [ "${runs:-0}" -gt 0 ] && echo "hostile $t: the program ran"
  [ "${missed:-0}" -gt 0 ] && echo "hostile $t: hits under iu's map operations missed"
done
dmesg_check

section events
# Records of an events channel (a perf event array and libbpf's perf
# buffer) while the command runs; then 10000 left unread until it exits:
# the per-CPU buffer overflows and every drop is counted.
iu-map-client --events map_events.iu -- taskset 1 dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
iu-map-client --events-after map_events.iu -- taskset 1 dd if=/dev/zero of=/dev/null bs=1 count=10000 2>/dev/null >ev.txt
grep -v '^event ' ev.txt | sed -E 's/[0-9]+ received, [0-9]+ lost/R received, L lost/; s/seq 1\.\.[0-9]+/seq 1..R/'
r=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' ev.txt)
l=$(sed -n 's/.* received, \([0-9]*\) lost.*/\1/p' ev.txt)
made=$(sed -n 's/^sent\[0\] = //p' ev.txt)
failed=$(sed -n 's/^sent\[1\] = //p' ev.txt)
[ "$l" -gt 0 ] && echo "overflow: some lost"
[ $((r + l)) -eq "$made" ] && echo "received + lost = made ($made)"
[ "$l" -eq "$failed" ] && echo "lost = the outputs that failed in the program"
dmesg_check

# ---- the ported samples (issue 13), on the kernel backend ----
# Each *_user program loads its image through libiu (the kernel backend),
# runs a known command and prints what the original prints. The eBPF
# original of each (samples/<port>/ebpf, a libbpf program) runs as that
# command, so both are attached around the same workload: syscall_tp's and
# tracex2's read their maps and the port's (real BPF maps of the same
# names) just before and just after it and print how much each grew;
# minimal's prints the trace_pipe lines, bootstrap's its ring buffer's
# events.

# Prints "INDEX COUNT" for each non-empty slot of task PID's histogram in
# a tracex2 printout (tracex2_user's and tracex2_ebpf's format).
x2_hist() {
  awk -v pid=$1 '/^pid / { inb = ($2 == pid); i = -1; next }
    inb && / -> / { i++; if ($5 + 0) print i, $5 }' $2
}

section sample syscall_tp
# busybox cat of three (empty) files: exactly three openat calls, each
# entered and exited. The port's own totals since its attach also hold the
# original's start (its libraries), entered and exited alike.
: >tp-empty
syscall_tp_user --backend kernel syscall_tp.iu -- syscall_tp_ebpf -- cat tp-empty tp-empty tp-empty >tp.txt 2>tp.err
echo "status $?"
cat tp.txt tp.err

section sample tracex2
# dd writes eight 4 KiB blocks; bpftool dumps my_hist_map while the port
# is loaded. Then the eBPF original attaches inside it around a second dd
# and `ip addr`, whose netlink replies are freed by consume_skb (from the
# same places on 6.1 and 6.12).
tracex2_user --backend kernel tracex2.iu -- sh -c '
  dd if=/dev/zero of=/dev/null bs=4096 count=8 2>/dev/null
  sh bpftool.sh map dump name my_hist_map >bpf-hist.txt
  tracex2_ebpf -- sh -c "dd if=/dev/zero of=/dev/null bs=4096 count=8 2>/dev/null; ip addr >/dev/null" >x2-ebpf.txt' >x2.txt 2>x2.err
echo "status $?"
cat x2.err
n=$(grep -c '^location 0x[0-9a-f]* count [1-9][0-9]*$' x2.txt)
[ "$n" -gt 0 ] && echo "tracex2_user my_map: locations with a count"
d1=$(sed -n 's/^pid \([0-9]*\) cmd dd uid 0$/\1/p' x2.txt | head -1)
d2=$(sed -n 's/^pid \([0-9]*\) cmd dd uid 0$/\1/p' x2-ebpf.txt)
grep -A2 "^pid $d1 cmd dd uid 0$" x2.txt | sed "s/^pid $d1 /pid DD /"
awk -v pid=$d1 '/^pid / { inb = ($2 == pid) } inb && /^ *4096 -> 8191 /' x2.txt
# bpftool prints a per-CPU map without BTF as "key:", the key's bytes
# (16 a line), then "value (CPU NN): BYTES" for each CPU; keys are
# struct hist_key (comm[16], pid_tgid, uid_gid, index), little-endian.
awk -v pid=$d1 '
  function hex(s,  i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
  function flush() { if (nk == 40 && k[0] == "64" && k[1] == "64" && k[2] == "00" && hex(k[19] k[18] k[17] k[16]) == pid && sum) print hex(k[32]), sum }
  /^key:/ { flush(); nk = 0; sum = 0; inkey = 1; next }
  /^value \(CPU/ { inkey = 0; b = ""; for (i = NF; i >= 4; i--) b = b $i; sum += hex(b); next }
  inkey { for (i = 1; i <= NF; i++) k[nk++] = $i }
  END { flush() }' bpf-hist.txt | sort -n >x2-bpftool.hist
x2_hist $d1 x2.txt | sort -n >x2-iu.hist
if [ -s x2-iu.hist ] && cmp -s x2-iu.hist x2-bpftool.hist; then
  echo "bpftool map dump name my_hist_map: dd's $(wc -l <x2-iu.hist) slots, the same counts"
else
  echo "bpftool map dump name my_hist_map: differs"; diff x2-iu.hist x2-bpftool.hist; head -20 bpf-hist.txt
fi
# The original and the port around the same dd and ip addr.
x2_hist $d2 x2.txt >x2-iu2.hist
x2_hist $d2 x2-ebpf.txt >x2-ebpf.hist
if [ -s x2-iu2.hist ] && cmp -s x2-iu2.hist x2-ebpf.hist; then
  echo "tracex2: iu and eBPF count dd's writes alike ($(grep '^12 ' x2-ebpf.hist | cut -d' ' -f2) in the 4096 slot)"
else
  echo "tracex2: iu and eBPF histograms differ"; diff x2-iu2.hist x2-ebpf.hist
fi
n=$(grep -c '^location 0x[0-9a-f]*: ' x2-ebpf.txt)
same=$(grep -c '^location 0x[0-9a-f]*: +\([1-9][0-9]*\) here, +\1 in the same-named map$' x2-ebpf.txt)
if [ "$n" -gt 0 ] && [ "$n" -eq "$same" ]; then
  echo "tracex2: iu and eBPF count consume_skb alike at each of the same locations"
else
  echo "tracex2: consume_skb counts differ ($same of $n locations alike)"; cat x2-ebpf.txt
fi

section sample bootstrap
# Exec and exit events of a known command under the port and under the eBPF
# original, both on sched_process_exec and sched_process_exit. Each runs
# around its own copy of the command, not one inside the other: a tp
# program that returns 0, as the original's do, withholds the event from
# every perf consumer of that tracepoint (perf_trace_run_bpf_submit), and
# iu's programs on trace events are perf tracepoint events. bs_events
# names each process by its line of descent from the loader (sh/true: true,
# started by the command's sh), so that runs with different pids compare;
# its parent is named likewise, from the event's ppid (task->real_parent->
# tgid read from BTF by both). Each CPU has its own buffer, so the events
# are sorted. Both report the same events (comm, filename or exit code,
# parent), and every exit of a process exec'd meanwhile has a duration.
bs_events() {
  awk 'function name(p,  n) {
      n = ""
      while (p in comm) { n = comm[p] (n == "" ? "" : "/" n); p = parent[p] }
      return n == "" ? "?" : n
    }
    NR == FNR { if (FNR > 1 && $2 == "EXEC") { comm[$4] = $3; parent[$4] = $5 }; next }
    FNR > 1 { print $2, name($4), "parent", (($5 in comm) ? name($5) : "the loader"), $6 }' $1 $1 | sort
}
bs_cmd='/bin/true; /bin/sh -c "exit 3"; exit 0'
bootstrap_user --backend kernel bootstrap.iu -- sh -c "$bs_cmd" >bs.txt 2>bs.err
echo "status $?"
bootstrap_ebpf -- sh -c "$bs_cmd" >bs-ebpf.txt 2>>bs.err
echo "eBPF: status $?"
head -1 bs.txt
bs_events bs.txt | tee bs.key
bs_events bs-ebpf.txt >bs-ebpf.key
if [ -s bs.key ] && cmp -s bs.key bs-ebpf.key; then
  echo "bootstrap: iu and eBPF report the same $(wc -l <bs.key) events of the command"
else
  echo "bootstrap: iu and eBPF differ"; diff bs.key bs-ebpf.key; cat bs.txt bs-ebpf.txt
fi
awk 'NR == FNR { if ($2 == "EXEC") e[$4] = 1; next }
  $2 == "EXIT" && e[$4] && $7 !~ /^\([0-9]+ms\)$/ { bad++ }
  END { print "iu: exits after an exec " (bad ? "without a duration: " bad : "with a duration") }' bs.txt bs.txt
bootstrap_user --backend kernel -d 150 bootstrap.iu -- sh -c '/bin/sleep 0.3; /bin/true; exit 0' >bs-d.txt 2>&1
echo "status $?"
awk 'NR > 1 { ms = $7; gsub(/[^0-9]/, "", ms); print $2, $3, $6, (ms + 0 >= 150 ? "at least 150 ms" : $7) }' bs-d.txt | sort
cat bs.err

section sample minimal
# my_pid set to a background writer's pid, with the eBPF original (my_pid
# set alike) attached inside the port: the writer waits for the command to
# start, writes three times and exits; the command's own writes (its shell
# and cat) are not printed. Both print the writer's three lines.
mkfifo go.fifo done.fifo
/bin/sh -c 'read x <go.fifo; echo a; echo b; echo c >done.fifo' >/dev/null &
w=$!
echo >/sys/kernel/tracing/trace
minimal_user --backend kernel --pid $w minimal.iu -- sh -c "exec minimal_ebpf --pid $w -- sh -c 'echo go >go.fifo; cat done.fifo' >min-ebpf.txt" >min.txt 2>min.err
echo "status $?"
wait $w
# The comm is left out: trace_pipe may not know it yet ("<...>").
for f in min min-ebpf; do
  normalize <$f.txt | grep "^[^:]*: BPF triggered from PID" |
    sed -e 's/^[^:]*: //' -e "s/PID $w\.$/PID W./" | sort | uniq -c
done
grep -c '^c$' min-ebpf.txt
cat min.err
dmesg_check

section sample execsnoop opensnoop
# Known activity under each port (bcc's libbpf-tools). execsnoop -x: the
# shell's children, an exec of /bin/echo with its arguments and a failed
# one (ENOENT), each with the shell's pid as its parent's. opensnoop -n
# cat: cat opens a file that exists and one that does not.
execsnoop_user --backend kernel -x execsnoop.iu -- sh -c 'echo $$ >es-sh.txt; /bin/echo x y z >/dev/null; /no/such/prog 2>/dev/null; exit 0' >es.txt 2>es.err
echo "status $?"
head -1 es.txt
awk -v sh=$(cat es-sh.txt) '$3 == sh { a = ""; for (i = 5; i <= NF; i++) a = a " " $i
  print $1 ": ppid = the shell, ret " $4 ", args" a }' es.txt
cat es.err
: >os-exists
opensnoop_user --backend kernel -n cat opensnoop.iu -- cat os-exists os-missing >os.txt 2>os.err
echo "status $?"
head -1 os.txt
awk '$NF ~ /^os-/ { print $2, $3, $4, $5 }' os.txt

section sample runqlat
# Run-queue latency (bcc's libbpf-tools runqlat) of known activity, checked
# for what holds on every run, not for timing: two CPU hogs pinned to CPU 0
# preempt each other, a third keeps CPU 1 busy, and a loop sleeps 1 ms at a
# time. rq_hists prints "TOTAL UNITS SHAPE" for each histogram of a
# printout, SHAPE "ok" for bcc's format: rows of consecutive powers of two
# from 0 -> 1, counts, and 40 stars for the largest count, the others to
# scale. A hog's own histogram (-L -p) counts at least one latency and at
# most its involuntary context switches meanwhile: each latency ends a wait
# that one of them began (a hog never sleeps, so no wake-up does; a switch
# that leaves it runnable is involuntary). A thread asleep throughout (-p)
# has no histogram. Then -m's milliseconds, and INTERVAL COUNT without a
# command: two histograms a second apart, each with a timestamp (-T).
rq_hists() {
  awk 'function flush(  i, max, bad, p) {
      if (!u) return
      max = 0
      for (i = 0; i < n; i++) if (c[i] > max) max = c[i]
      for (i = 0; i < n && !bad; i++) {
        p = i ? 2 * p : 1 # no ^: busybox awk has no math
        if (l[i] != (i ? p : 0) || h[i] != 2 * p - 1) bad = "row " i " is " l[i] " -> " h[i]
        else if (length(s[i]) != 40) bad = "row " i " bar of " length(s[i])
        else if (gsub(/\*/, "*", s[i]) != int(c[i] * 40 / max)) bad = "row " i " stars not to scale"
      }
      if (!bad && (n == 0 || c[n - 1] == 0)) bad = "empty last row"
      print t, u, (bad ? bad : "ok"); u = ""
    }
    /^ +(usecs|msecs) +: count +distribution$/ { flush(); u = $1; n = 0; t = 0; next }
    u && $2 == "->" && $4 == ":" && match($0, /\|[* ]*\|$/) {
      l[n] = $1; h[n] = $3; c[n] = $5; s[n] = substr($0, RSTART + 1, RLENGTH - 2); t += $5; n++; next }
    { flush() }
    END { flush() }' "$@"
}
taskset 1 sh -c 'while :; do :; done' & rq_h1=$!
taskset 1 sh -c 'while :; do :; done' & rq_h2=$!
taskset 2 sh -c 'while :; do :; done' & rq_h3=$!
(while :; do usleep 1000; done) & rq_w=$!
sleep 1000 & rq_s=$!
runqlat_user --backend kernel runqlat.iu -- sleep 2 >rq.txt 2>rq.err
echo "status $?"
head -1 rq.txt
grep distribution rq.txt
rq_hists rq.txt >rq.sum
read n u shape <rq.sum
echo "all: $(wc -l <rq.sum) histogram in $u, $shape"
[ "$n" -gt 100 ] && echo "all: more than 100 latencies" || echo "all: $n latencies"
nivcsw() { sed -n 's/^nonvoluntary_ctxt_switches:[^0-9]*//p' /proc/$1/status; }
v0=$(nivcsw $rq_h1)
runqlat_user --backend kernel -L -p $rq_h1 runqlat.iu -- sleep 2 >rq-hog.txt 2>>rq.err
echo "hog: status $?"
v1=$(nivcsw $rq_h1)
sed -n "s/^tid = $rq_h1 /tid = HOG /p; s/^tid = [0-9]* /tid = OTHER /p" rq-hog.txt
rq_hists rq-hog.txt >rq-hog.sum
read n u shape <rq-hog.sum
echo "hog: $(wc -l <rq-hog.sum) histogram in $u, $shape"
echo "hog: $n latencies, $((v1 - v0)) involuntary switches" >&2
[ "$n" -ge 1 ] && [ "$n" -le $((v1 - v0)) ] &&
  echo "hog: at least one latency, at most its involuntary switches" || echo "hog: $n latencies, $((v1 - v0)) involuntary switches"
runqlat_user --backend kernel -p $rq_s runqlat.iu -- sleep 1 >rq-sleep.txt 2>>rq.err
echo "sleeper: status $?, $(grep -c distribution rq-sleep.txt) histograms, $(wc -l <rq-sleep.txt) lines"
runqlat_user --backend kernel -m runqlat.iu -- sleep 1 >rq-ms.txt 2>>rq.err
echo "ms: status $?"
rq_hists rq-ms.txt >rq-ms.sum
read n u shape <rq-ms.sum
echo "ms: $(wc -l <rq-ms.sum) histogram in $u, $shape"
[ "$n" -gt 50 ] && echo "ms: more than 50 latencies" || echo "ms: $n latencies"
runqlat_user --backend kernel -T runqlat.iu 1 2 >rq-int.txt 2>>rq.err
echo "interval: status $?"
echo "interval: $(grep -c '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9] *$' rq-int.txt) timestamps"
rq_hists rq-int.txt | while read n u shape; do
  [ "$n" -gt 50 ] && n="more than 50"
  echo "interval: $n latencies in $u, $shape"
done
kill $rq_h1 $rq_h2 $rq_h3 $rq_w $rq_s
wait $rq_h1 $rq_h2 $rq_h3 $rq_w $rq_s 2>/dev/null
cat rq.err
dmesg_check

section percpu padding
# A program's new per-CPU hash value of 4 bytes that sits right before 4
# non-zero bytes: user space, which reads each CPU's 8-byte slot, must see
# zero padding (iu-map-client says "padding not zero" otherwise). Kernels
# before the stable fix to pcpu_init_value copy such a value in whole
# words; iu.ko pads it either way (Debian's current 6.1 and 6.12 copy the
# exact size already).
iu-map-client percpu_pad.iu -- true 2>&1 | sed -n 's/^narrow\[1\] = [0-9]* (.*)/narrow[1] = SUM (SLOTS)/p'

section map refusals
# iu.ko checks every map fd against its descriptor, and configuration
# bytes against the image's records: each wrong load is one line naming
# the map or the configuration; nothing is loaded.
iu-raw-maps bad map_count.iu | sed 's/fd [0-9]* is/fd N is/'

section map cycles
# Loads with maps hold the maps (bpf_map_get) until the object is closed,
# then drop them: no map, slab or vmalloc memory is left behind.
iu-raw-maps cycles 10 map_count.iu
sleep 1
s0=$(slab); v0=$(vmalloc)
iu-raw-maps cycles 100 map_count.iu
sleep 1
s1=$(slab); v1=$(vmalloc)
echo "map cycles: slab grew $((s1 - s0)) kB, vmalloc grew $((v1 - v0)) kB" >&2
if [ $((s1 - s0)) -lt 512 ] && [ $((v1 - v0)) -lt 512 ]; then
  echo "memory: no growth over 100 cycles with maps"
else
  echo "memory: grew (slab $((s1 - s0)) kB, vmalloc $((v1 - v0)) kB)"
fi
echo "module users: $(sed -n 's/^iu [0-9]* \([0-9]*\) .*/\1/p' /proc/modules)"
dmesg_check

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
section reentry
# A printing kprobe on _raw_spin_unlock_irqrestore, which iu.ko's own
# record buffer and wake-ups call, next to a printing syscall program.
iu-load reentry.iu -- dd if=/dev/zero of=/dev/null bs=1 count=20 >re.txt 2>re.err
echo "status $?"
[ "$(grep -c 'unlock on CPU' re.txt)" -gt 0 ] && echo "unlock program printed"
[ "$(grep -c 'write from PID' re.txt)" -ge 20 ] && echo "write program printed"
grep -o "iu-load: program 'on_unlock' missed [0-9]* hits" re.err | sed 's/[0-9][0-9]*/N/'
iu-raw-load load own-ring-put.iu own-dev-ioctl.iu blacklisted.iu
dmesg_check

section two objects
iu-load hello.iu -- taskset 1 dd if=/dev/zero of=/dev/null bs=1 count=300 >two-a.txt 2>two-a.err &
iu-load hello.iu -- taskset 2 dd if=/dev/zero of=/dev/null bs=1 count=300 >two-b.txt 2>two-b.err &
wait
for f in two-a two-b; do
  n=$(grep -c 'Hello from PID' $f.txt)
  [ "$n" -ge 300 ] && echo "$f: at least 300 lines" || echo "$f: only $n lines"
done
cat two-a.err two-b.err | grep iu-load

section helper work
# 10^6 reads of 8 KiB in one invocation: the reads and the copies pay for
# their bytes, so the fuel (or, whichever comes first under TCG, the time
# bound) ends it. Then 10^8 cheap helper calls: only the time bound can.
for img in heavy_read time_bound; do
  s=$(cut -d' ' -f1 /proc/uptime)
  iu-load $img.iu -- true 2>&1 | sed 's/after [0-9]* us/after N us/'
  e=$(cut -d' ' -f1 /proc/uptime)
  awk -v s=$s -v e=$e -v i=$img 'BEGIN { if (e - s < 5) print i ": ended within 5 s"; else print i ": took " e - s " s" }'
done

section privilege
iu-raw-load asuser 1000 hello.iu
iu-raw-load pad hello.iu
iu-raw-load load relro-inside.iu

section arena share
mkdir -p /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup &&
  echo +memory >/sys/fs/cgroup/cgroup.subtree_control && mkdir /sys/fs/cgroup/iu
sh -c 'echo $$ >/sys/fs/cgroup/iu/cgroup.procs
  IU_MEMCG_CURRENT=/sys/fs/cgroup/iu/memory.current exec iu-raw-load fill hello.iu'

section signature forms
iu-raw-load load sig-leaf-cert.iu sig-sha384.iu sig-keyid.iu sig-attrs.iu sig-zero-pad.iu
# The signature blob and the ELF header, each after the unchanged file
# loaded (iu.ko keeps the bytes of files it verified).
iu-raw-load flips $(cat hello.cms-range) hello.iu
iu-raw-load flips 0 64 hello.iu

section iu command
# The iu command (docs/iu.md) on objects that outlive their loader: iu prog
# load --pin leaves map_count.iu attached after iu exits (a pinned name that
# exists is refused, and nothing is left of that load); prog list and show;
# map list, lookup, update and dump of the pinned program's maps; run
# statistics only while enabled (a static key); a pinned program that
# panics, with its last panic; a pinned program's trace output in the
# kernel's trace buffer; statistics read while objects load and unload;
# detach by id, after which no program, object or BPF map is left, the
# module is unused, and pin/detach cycles leave no memory behind. Lines
# "iu-json NAME: ..." are iu's --json output, parsed on the host
# (iu_json.py).
norm_ids() {
  sed -E 's/^[0-9]+:/ID:/; s/(object|program|id) [0-9]+/\1 N/g; s/loader ([a-z-]+)\[[0-9]+\]/loader \1[PID]/
    s/(runs|invocations|measured|run_time_ns|avg_ns) [0-9]+/\1 N/g'
}
prog_id() { iu prog list | sed -n "s/^\([0-9]*\): .*  name $1  .*  pinned $2  .*/\1/p"; }
iu stats disable
iu prog load map_count.iu --pin counter --set add_by=2 | norm_ids
iu prog load hello.iu --pin counter 2>&1; echo "status $?"
echo "programs: $(iu prog list | grep -c '^[0-9]')"
id=$(prog_id on_write counter)
taskset 2 dd if=/dev/zero of=/dev/null bs=1 count=5 2>/dev/null
iu prog show $id | norm_ids
echo "iu-json prog-list: $(iu -j prog list)"
echo "iu-json prog-show: $(iu --json prog show $id)"
iu map list | sed -n -E 's/^[0-9]+: ([a-z_]+)  name (by_fd|totals)  object [0-9]+  pinned counter$/map list: \2 \1 pinned counter/p'
iu map lookup name by_fd key 1
iu map update name by_fd key 1 value 100 && iu map lookup name by_fd key 1
iu map update name by_fd key 1 value 100 bogus 2>&1; echo "status $?"
iu map dump name totals | head -1
echo "iu-json map-dump: $(iu -j map dump name by_fd)"
echo "iu-json stats-never: $(iu -j stats show $id)"
iu stats enable
taskset 2 dd if=/dev/zero of=/dev/null bs=1 count=5 2>/dev/null
echo "iu-json stats-on: $(iu -j stats show $id)"
iu stats disable
echo "iu-json stats-off: $(iu -j stats show $id)"
taskset 2 dd if=/dev/zero of=/dev/null bs=1 count=5 2>/dev/null
echo "iu-json stats-off-later: $(iu -j stats show $id)"
# oob_index panics on its first run (kprobe/__seccomp_filter: iu-load's
# command runs with a seccomp filter); the pinned object stays until its
# program is detached by id.
iu prog load oob_index.iu --pin oob | norm_ids
oid=$(prog_id prog oob)
iu-load hello.iu -- dd if=/dev/zero of=/dev/null count=1 >/dev/null 2>&1
sleep 1
iu prog show $oid | norm_ids | sed -E 's/panics [1-9][0-9]*/panics N/'
iu stats show $oid | grep 'last panic' | sed -E 's/at .*oob_index.cpp:[0-9]+/at oob_index.cpp:N/'
echo "iu-json stats-panic: $(iu -j stats show $oid)"
iu prog detach $oid | norm_ids
# A pinned program's trace_printk output goes to the kernel's trace buffer.
iu prog load hello.iu --pin hello >/dev/null
echo >/sys/kernel/tracing/trace
sh -c 'echo pinned >/dev/null'
echo "trace buffer: $(grep -c 'Hello from PID' /sys/kernel/tracing/trace | sed 's/^[1-9][0-9]*$/lines/')"
( i=0; while [ $i -lt 30 ]; do
    iu -j stats >/dev/null || echo "stats: failed"; iu prog list >/dev/null || echo "prog list: failed"
    i=$((i + 1)); done ) &
i=0; while [ $i -lt 10 ]; do iu-load hello.iu -- true >/dev/null 2>&1; i=$((i + 1)); done
wait
echo "statistics read while loading and unloading: done"
for p in $(iu prog list | sed -n 's/^\([0-9]*\): .*/\1/p'); do iu prog detach $p | norm_ids; done
iu prog detach $id >detach-gone.txt 2>&1; echo "status $?"
norm_ids <detach-gone.txt
echo "programs left: $(iu prog list | grep -c '^[0-9]'), maps left: $(iu map list | grep -c '^[0-9]')"
echo "BPF maps left: $(sh bpftool.sh map list | grep -cE 'name (by_fd|totals|per_cpu|pc_by_fd|recent|full) ')"
s0=$(slab); v0=$(vmalloc)
i=0; while [ $i -lt 10 ]; do
  iu prog load map_count.iu --pin cycle >/dev/null && iu prog detach $(prog_id on_write cycle) >/dev/null
  i=$((i + 1)); done
sleep 1
s1=$(slab); v1=$(vmalloc)
echo "pin cycles: slab grew $((s1 - s0)) kB, vmalloc grew $((v1 - v0)) kB" >&2
if [ $((s1 - s0)) -lt 512 ] && [ $((v1 - v0)) -lt 512 ]; then
  echo "memory: no growth over 10 pin/detach cycles"
else
  echo "memory: grew (slab $((s1 - s0)) kB, vmalloc $((v1 - v0)) kB)"
fi
echo "programs left: $(iu prog list | grep -c '^[0-9]')"
echo "module users: $(sed -n 's/^iu [0-9]* \([0-9]*\) .*/\1/p' /proc/modules)"
dmesg_check

section kernel types
# task_fields.iu reads the shell's own task_struct at its getppid (pid,
# tgid, real_parent->tgid, comm): what the shell knows as $$ and $PPID.
# The same image on both kernels; iu-load finds the offsets in each one's
# BTF.
iu-load task_fields.iu -- sh -c 'echo "shell pid=$$ ppid=$PPID"' >tf.txt 2>tf.err
echo "status $?"
want=$(sed -n 's/^shell pid=\([0-9]*\) ppid=\([0-9]*\)$/task pid=\1 tgid=\1 ppid=\2 comm=sh/p' tf.txt)
if [ -n "$want" ] && grep -q "$want\$" tf.txt; then
  echo "task fields: as the shell sees them"
else
  echo "task fields: differ ($want)"; cat tf.txt tf.err
fi
# The offsets found are kept for this boot in /run/iu/kernel-fields, which
# the next load reads instead of the BTF; a file from another boot is
# ignored, even one whose offsets are wrong.
grep -q '^[0-9][0-9]* task_struct.pid 4$' /run/iu/kernel-fields &&
  echo "kernel fields cache: task_struct.pid kept for this boot"
iu-load task_fields.iu -- sh -c 'echo "shell pid=$$ ppid=$PPID"' >tf2.txt 2>&1
want=$(sed -n 's/^shell pid=\([0-9]*\) ppid=\([0-9]*\)$/task pid=\1 tgid=\1 ppid=\2 comm=sh/p' tf2.txt)
[ -n "$want" ] && grep -q "$want\$" tf2.txt && echo "task fields from the cache: as the shell sees them"
{ echo "iu-kernel-fields 1 another-boot"; echo "8 task_struct.pid 4"; } >/run/iu/kernel-fields
iu-load task_fields.iu -- sh -c 'echo "shell pid=$$ ppid=$PPID"' >tf3.txt 2>&1
want=$(sed -n 's/^shell pid=\([0-9]*\) ppid=\([0-9]*\)$/task pid=\1 tgid=\1 ppid=\2 comm=sh/p' tf3.txt)
[ -n "$want" ] && grep -q "$want\$" tf3.txt && echo "another boot's cache: ignored"
# iu::current_cgroup_id() of a shell in the cgroup "arena share" made (on
# the cgroup2 mount there): its directory's inode number, as stat sees it.
sh -c 'echo $$ >/sys/fs/cgroup/iu/cgroup.procs && exec iu-load cgroup_id.iu -- sh -c "echo stat id=\$(stat -c %i /sys/fs/cgroup\$(sed -n s/^0:://p /proc/\$\$/cgroup))"' >cg.txt 2>&1
id=$(sed -n 's/^stat id=\([0-9][0-9]*\)$/\1/p' cg.txt)
if [ -n "$id" ] && [ "$id" != 1 ] && grep -q "bpf_trace_printk: cgroup id=$id\$" cg.txt; then
  echo "cgroup id: the inode of the shell's cgroup directory"
else
  echo "cgroup id: differs"; cat cg.txt
fi
dmesg_check

section typed arguments
# do_unlinkat(int dfd, struct filename *name) with its arguments as typed
# parameters (int, iu::kptr<vmlinux::filename>), at its entry (kprobe) and
# its return (fexit, then the return value): rm and unlink pass AT_FDCWD
# (-100) and the kernel's copy of the name, read through the typed pointer;
# 0 returned for the file that is there, -ENOENT for the one that is not.
# The prototype came from another kernel's BTF; an image declaring name as
# a struct file pointer is refused at load, naming both types.
touch iu-typed-here
iu-load typed_unlink.iu -- sh -c 'rm iu-typed-here; unlink iu-typed-gone 2>/dev/null; true' \
  >ta.txt 2>ta.err
echo "status $?"
normalize <ta.txt | sed 's/^[^:]*: //' | grep -E '^unlink(ed)? '
grep iu-load ta.err >&2
iu-load typed-wrong.iu -- true 2>&1
echo "status $?"
dmesg_check

section read user
# probe_read_user_str and friends at busybox cat's openat (static: it opens
# only its argument): the file name from user memory, cut to 8 bytes, its
# first 8 bytes, AT_FDCWD as a bad address; the ids of root; then the
# kernel's own copy of the name (do_filp_open) with probe_read_kernel_str.
iu-load read_user.iu -- cat trust.pem >ru.txt 2>ru.err
echo "status $?"
normalize <ru.txt | grep -A8 '^cat: name trust.pem '
iu-load kernel_str.iu -- cat trust.pem >ks.txt 2>ks.err
echo "status $?"
normalize <ks.txt | grep -m1 '^cat: kernel name trust.pem '
cat ru.err ks.err | grep iu-load
dmesg_check

section kretprobe
# Kretprobes (issue 14): getppid returns to the shell the $PPID it knows;
# dd's writes of 4321 bytes to /dev/null return the count vfs_write's
# entry saw (a kprobe and a kretprobe on one function), to /dev/full
# -ENOSPC. A cat reading a FIFO returns from vfs_read with what was
# written (the program runs), reads again and is blocked in vfs_read when
# the object is detached: it returns afterwards through the kernel's
# return trampoline without running the program (nothing in the trace
# buffer, the guest stays up). iu.ko's own functions, the kprobe
# blacklist and unknown functions are refused.
mkfifo kr.fifo
iu-load kretprobe.iu -- sh -c 'echo $$ $PPID >kr-sh.txt
  dd if=/dev/zero of=/dev/null bs=4321 count=2 2>/dev/null
  dd if=/dev/zero of=/dev/full bs=4321 count=1 2>/dev/null
  cat <>kr.fifo >kr-late.txt &
  echo $! >kr-cat.pid
  echo early >kr.fifo
  sleep 1' >kr.txt 2>kr.err
echo "status $?"
read kr_pid kr_ppid <kr-sh.txt
if normalize <kr.txt | grep -q "^sh: getppid returned $kr_ppid to pid $kr_pid\$"; then
  echo "getppid: returned the shell's \$PPID"
else
  echo "getppid: not the shell's \$PPID ($kr_ppid)"; normalize <kr.txt | grep getppid
fi
normalize <kr.txt | grep -E '^dd: vfs_write(\(count=4321\)| returned (4321|-28))$'
normalize <kr.txt | grep '^cat: vfs_read returned'
kr_cat=$(cat kr-cat.pid)
grep -q pipe_read /proc/$kr_cat/wchan && echo "cat: blocked in vfs_read across the detach"
echo >/sys/kernel/tracing/trace
echo late >kr.fifo
sleep 1
kill $kr_cat
echo "cat read after the detach: $(tail -1 kr-late.txt)"
echo "programs run after the detach: $(grep -c 'vfs_read returned' /sys/kernel/tracing/trace)"
grep iu-load kr.err >&2
iu-raw-load load kret-own.iu kret-blacklisted.iu kret-nosuch.iu
dmesg_check

section fentry
# fentry and fexit (issue 14): dd's writes of 4321 bytes to /dev/null are
# seen at vfs_write's entry (ftrace) with their count as arg3, and at its
# return (a kretprobe that kept the arguments) with that count and 4321,
# or -ENOSPC from /dev/full; both see the function at the same address.
# Then a loop of sh writes 7 bytes as fast as it can while both programs
# are attached to vfs_write: they run, iu-load exits (detaching them with
# the loop still writing), and no program runs after the detach. iu.ko's
# own functions, unknown functions, a function ftrace cannot trace
# (tracing_is_on: kernel/trace is built notrace) and the kprobe blacklist
# are refused.
iu-load fentry.iu -- sh -c '
  dd if=/dev/zero of=/dev/null bs=4321 count=2 2>/dev/null
  dd if=/dev/zero of=/dev/full bs=4321 count=1 2>/dev/null
  true' >fe.txt 2>fe.err
echo "status $?"
normalize <fe.txt | grep -E '^dd: (fentry|fexit) vfs_write'
echo "fentry ip is fexit's: $(normalize <fe.txt | grep -c "^dd: fentry ip: fexit's\$") of 2"
(while :; do echo abcdef; done >/dev/null) &
fe_loop=$!
iu-load fentry-load.iu -- sleep 2 >fe-load.txt 2>fe-load.err
echo "load: status $?"
echo >/sys/kernel/tracing/trace
sleep 1
kill $fe_loop
if grep -q ': load fentry$' fe-load.txt && grep -q ': load fexit returned 7$' fe-load.txt; then
  echo "load: fentry and fexit ran while attached"
else
  echo "load: did not run"; head -3 fe-load.txt
fi
echo "load: programs run after the detach: $(grep -c 'load fe' /sys/kernel/tracing/trace)"
cat fe.err fe-load.err | grep iu-load >&2
iu-raw-load load fe-own.iu fe-nosuch.iu fe-notrace.iu fe-blacklisted.iu fx-own.iu fx-nosuch.iu
dmesg_check

section fentry module
# fentry and fexit on a module's function (iu_victim.ko: writing a number
# to its poke parameter calls victim_poke with it): they see the call,
# then the module is unloaded while they are attached and loaded again
# (usually at the same address, where ftrace would call the fentry
# program's ops again): neither runs in the new module's code.
insmod iu_victim.ko
iu-load fentry_module.iu -- sh -c '
  echo 5 >/sys/module/iu_victim/parameters/poke
  rmmod iu_victim && insmod iu_victim.ko
  echo 6 >/sys/module/iu_victim/parameters/poke' >fm.txt 2>fm.err
echo "status $?"
normalize <fm.txt | grep victim_poke
grep iu-load fm.err >&2
rmmod iu_victim && echo "rmmod: ok"
dmesg_check

section perf_event
# perf_event programs and get_stack (issue 14): a CPU-clock sample at 100
# Hz on every CPU while dd copies /dev/zero to /dev/null (mostly in the
# kernel) for a second. Samples arrive on both CPUs and on dd (about 100 on
# its CPU; 20 to 250 is plausible under TCG); each sample's kernel stack
# (get_stack from the interrupted registers) starts at the interrupted ip
# and holds only kernel text addresses, and a user-mode sample's is empty
# (the program prints "bad" otherwise). After iu-load exits (the detach),
# no sample arrives.
iu-load perf_event.iu -- sh -c '
  dd if=/dev/zero of=/dev/null bs=65536 2>/dev/null & echo $! >pe.pid
  sleep 1; kill $(cat pe.pid); wait; true' >pe.txt 2>pe.err
echo "status $?"
echo >/sys/kernel/tracing/trace
pe_pid=$(cat pe.pid)
pe_busy=$(grep -c "sample cpu=[0-9]* pid=$pe_pid tgid=$pe_pid " pe.txt)
if [ "$pe_busy" -ge 20 ] && [ "$pe_busy" -le 250 ]; then
  echo "busy task: 20 to 250 samples"
else
  echo "busy task: $pe_busy samples"
fi
echo "cpus sampled: $(grep -o 'sample cpu=[0-9]*' pe.txt | sort -u | wc -l)"
if grep -q "pid=$pe_pid tgid=$pe_pid user=0 frames=[1-9][0-9]* ok\$" pe.txt; then
  echo "busy task's kernel stacks: yes"
else
  echo "busy task's kernel stacks: none"
fi
echo "bad samples: $(grep -c ' bad ' pe.txt)"
grep -m3 ' bad ' pe.txt
usleep 300000
echo "samples after the detach: $(grep -c 'sample cpu=' /sys/kernel/tracing/trace)"
grep iu-load pe.err >&2
dmesg_check

section tracepoints
# Any tracepoint (issue 14): sched events read through their formats'
# fields. The shell records its pid, runs /bin/sleep (a child: exec, a
# sleeping switch, a wake-up, an exit) and replaces itself with /bin/true
# (an exec keeping its pid). Then sched_switch on every switch while a
# loop keeps the CPUs switching: after iu-load exits (the detach), no
# program runs. Then the same image naming a field or an event this kernel
# lacks, ftrace's function event, a kprobe event (not a tracepoint) and a
# malformed target.
iu-load tp.iu -- sh -c 'echo $$ >tp-sh.pid; /bin/sleep 0.1; exec /bin/true' \
  >tp.txt 2>tp.err
echo "status $?"
tp_sh=$(cat tp-sh.pid)
tp_sleep=$(normalize <tp.txt | sed -n -E 's|^.*: exec pid=([0-9]+) old_pid=\1 common_pid=\1 file=/bin/sleep$|\1|p')
if normalize <tp.txt | grep -q "exec pid=$tp_sh old_pid=$tp_sh common_pid=$tp_sh file=/bin/true\$"; then
  echo "exec: the shell's pid ran /bin/true"
else
  echo "exec: no /bin/true at the shell's pid $tp_sh"; normalize <tp.txt | grep exec
fi
if [ -n "$tp_sleep" ] && [ "$tp_sleep" != "$tp_sh" ]; then
  echo "exec: /bin/sleep in a child"
else
  echo "exec: no /bin/sleep in a child"
fi
normalize <tp.txt | grep -q "switch prev_pid=$tp_sleep prev_state=1 next_pid=" &&
  echo "switch: sleep left the CPU asleep (state 1)"
normalize <tp.txt | grep -q "wakeup pid=$tp_sleep target_cpu=[01]\$" && echo "wakeup: sleep woken"
normalize <tp.txt | grep -q "exit pid=$tp_sleep comm=sleep\$" && echo "exit: sleep"
(while :; do usleep 1000; done) &
tp_loop=$!
iu-load tp-load.iu -- sleep 1 >tp-load.txt 2>tp-load.err
echo "load: status $?"
echo >/sys/kernel/tracing/trace
sleep 1
kill $tp_loop
echo "load: switches seen: $(grep -c 'load switch' tp-load.txt | sed 's/^[1-9][0-9]*$/some/')"
echo "load: programs run after the detach: $(grep -c 'load switch' /sys/kernel/tracing/trace)"
cat tp.err tp-load.err | grep iu-load >&2
echo 'p:iutest/probe vfs_read' >>/sys/kernel/tracing/kprobe_events
for v in nofield noevent ftrace kprobe; do
  iu-load tp-$v.iu -- true 2>&1
  echo "$v: status $?"
done
echo '-:iutest/probe' >>/sys/kernel/tracing/kprobe_events
iu-raw-load load tp-badtarget.iu
# Raw tracepoints: the shell's getppid at sys_enter (id 110) with its pid,
# and /bin/sleep leaving the CPU asleep at sched_switch (prev read from
# BTF types); a missing tracepoint and a malformed target are refused.
iu-load rawtp.iu -- sh -c 'echo $$ >rt-sh.pid; /bin/sleep 0.1' >rt.txt 2>rt.err
echo "raw: status $?"
normalize <rt.txt | grep -q "^sh: raw sys_enter id=110 pid=$(cat rt-sh.pid)\$" &&
  echo "raw: sys_enter saw the shell's getppid"
normalize <rt.txt | grep -q '^sleep: raw sched_switch prev pid=[0-9]* interruptible=1$' &&
  echo "raw: sched_switch saw sleep leave the CPU asleep"
grep iu-load rt.err >&2
iu-load rawtp-nosuch.iu -- true 2>&1
echo "raw nosuch: status $?"
iu-raw-load load rawtp-badtarget.iu
dmesg_check

section lockdown
# Lockdown also closes /dev/port, through which iu-vm's init reports the
# status: keep it open from before, and report from here (port 0xf4, as
# iu-vm's init does).
exec 9>/dev/port
mount -t securityfs securityfs /sys/kernel/security
iu-load kernel_read.iu -- true 2>&1 | grep -m1 'kernel read'
iu-load kernel_read.iu -- sh -c 'sleep 4; true' >ld-running.txt 2>&1 &
iu-raw-load late-attach 4 kernel_read.iu >ld-late.txt &
sleep 2
echo confidentiality >/sys/kernel/security/lockdown
cat /sys/kernel/security/lockdown
wait
echo "running program: $(grep -o 'kernel read: [a-z]*' ld-running.txt | tail -1)"
cat ld-late.txt
iu-load kernel_read.iu -- true 2>&1
echo "status $?"
dmesg_check
section done
sleep 1
printf '\000' | dd bs=1 seek=244 count=1 >&9 2>/dev/null
