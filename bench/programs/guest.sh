#!/bin/sh
# Runs inside one iu-vm boot (bench/run, "kernel"). Expects in the working
# directory: syscall_loop, load_bench (static), tracex5.iu, loop_n-<N>.iu and
# loop_n-<N>.insns for every N, and config.sh setting ROUNDS, ITERS,
# SYSCALLS, LOAD_NS, IU_REPEAT, BPF_REPEAT, BPF_BIG_N. Prints one
# "BENCH ..." line per measurement on stdout; bench/run parses them.
. ./config.sh
echo "BENCH kernel $(uname -r)"
echo "BENCH guest_cpu $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
echo "BENCH guest_cpus $(grep -c ^processor /proc/cpuinfo)"
KPROBES=/sys/kernel/debug/kprobes/list

attached() { grep -q __seccomp_filter $KPROBES 2>/dev/null; }

# Starts a loader in the background, on CPU 1, with its programs attached
# (a kprobe on __seccomp_filter hooks every task that has a seccomp filter,
# not only the loader's child). The measured loop runs on CPU 0.
start_loader() { # none|ebpf|iu
  LOADER=
  case $1 in
    ebpf) taskset 2 tracex5_ebpf -- sleep 100000 >/dev/null 2>loader.err & LOADER=$! ;;
    iu) taskset 2 iu-load tracex5.iu -- sleep 100000 >/dev/null 2>loader.err & LOADER=$! ;;
    *) return 0 ;;
  esac
  i=0
  while ! attached; do
    i=$((i + 1))
    if [ $i -gt 600 ] || ! kill -0 $LOADER 2>/dev/null; then
      echo "BENCH event_error $1 did not attach: $(head -3 loader.err | tr '\n' ' ')"
      return 1
    fi
    sleep 0.1
  done
}

stop_loader() {
  [ -n "$LOADER" ] || return 0
  kill $LOADER 2>/dev/null
  wait $LOADER 2>/dev/null
  i=0
  while attached && [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.1; done
  LOADER=
}

# Interleaved rounds; the order rotates so that no configuration always
# runs first or last. Nothing is attached before a round starts.
if attached; then echo "BENCH event_error something is attached to __seccomp_filter already"; fi
r=0
while [ $r -lt $ROUNDS ]; do
  case $((r % 3)) in
    0) order="none ebpf iu" ;;
    1) order="ebpf iu none" ;;
    *) order="iu none ebpf" ;;
  esac
  for c in $order; do
    start_loader $c || continue
    for sc in $SYSCALLS; do
      rm -f out.txt
      if taskset 1 ./syscall_loop $sc $ITERS out.txt && [ -s out.txt ]; then
        echo "BENCH event $r $c $(cat out.txt)"
      else
        echo "BENCH event_error $c $sc failed"
      fi
    done
    stop_loader
  done
  r=$((r + 1))
done

for n in $LOAD_NS; do
  if [ -e loop_n-$n.iu ]; then
    echo "BENCH load iu $n $(./load_bench iu loop_n-$n.iu $IU_REPEAT 2>&1 | head -1)"
  fi
  if [ -e loop_n-$n.insns ]; then
    rep=$BPF_REPEAT
    [ $n -ge $BPF_BIG_N ] && rep=1
    echo "BENCH load bpf $n $(./load_bench bpf loop_n-$n.insns $rep 2>&1 | head -1)"
  fi
done
if dmesg | grep -E 'BUG|Oops|WARNING|Call Trace|general protection' >/tmp/bad; then
  echo "BENCH dmesg problems: $(head -3 /tmp/bad | tr '\n' ' ')"
else
  echo "BENCH dmesg clean"
fi
echo "BENCH done"
