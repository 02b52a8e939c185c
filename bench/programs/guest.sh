#!/bin/sh
# Runs inside one iu-vm boot (bench/run, "kernel"). Expects in the working
# directory: syscall_loop, load_bench (static), tracex5.iu, loop_n-<N>.iu and
# loop_n-<N>.insns for every N, and config.sh setting ROUNDS, ITERS,
# SYSCALLS, LOAD_NS and LOAD_REPEAT. Prints one "BENCH ..." line per
# measurement on stdout; bench/run parses them.
. ./config.sh
echo "BENCH kernel $(uname -r)"
echo "BENCH guest_cpu $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
echo "BENCH guest_cpus $(grep -c ^processor /proc/cpuinfo)"

run_config() { # config syscall
  rm -f out.txt
  case $1 in
    none) ./syscall_loop $2 $ITERS out.txt ;;
    ebpf) tracex5_ebpf -- ./syscall_loop $2 $ITERS out.txt >/dev/null 2>ebpf.err ;;
    iu) iu-load tracex5.iu -- ./syscall_loop $2 $ITERS out.txt >/dev/null 2>iu.err ;;
  esac
  st=$?
  if [ $st -eq 0 ] && [ -s out.txt ]; then
    echo "BENCH event $1 $(cat out.txt)"
  else
    echo "BENCH event_error $1 $2 status $st: $(cat $1.err 2>/dev/null | head -3 | tr '\n' ' ')"
  fi
}

# Interleaved rounds; the order rotates so that no configuration always
# runs first or last.
r=0
while [ $r -lt $ROUNDS ]; do
  for sc in $SYSCALLS; do
    case $((r % 3)) in
      0) order="none ebpf iu" ;;
      1) order="ebpf iu none" ;;
      *) order="iu none ebpf" ;;
    esac
    for c in $order; do
      run_config $c $sc
    done
  done
  r=$((r + 1))
done

for n in $LOAD_NS; do
  for kind in iu bpf; do
    if [ $kind = iu ]; then f=loop_n-$n.iu; else f=loop_n-$n.insns; fi
    [ -e $f ] || continue
    echo "BENCH load $kind $n $(./load_bench $kind $f $LOAD_REPEAT 2>&1 | head -1)"
  done
done
if dmesg | grep -E 'BUG|Oops|WARNING|Call Trace|general protection' >/tmp/bad; then
  echo "BENCH dmesg problems: $(head -3 /tmp/bad | tr '\n' ' ')"
else
  echo "BENCH dmesg clean"
fi
echo "BENCH done"
