#!/bin/sh
# Runs inside one iu-vm boot (bench/run, "kernel"). Expects in the working
# directory: syscall_loop, load_bench (static), tracex5.iu, loop_n-<N>.iu and
# loop_n-<N>.insns for every N, loop_breakdown.iu, and config.sh setting
# ROUNDS, ITERS, SYSCALLS, LOAD_NS, IU_REPEAT, BPF_REPEAT, BPF_BIG_N,
# LOAD_TRACE_FUNCS, LOAD_BREAKDOWN_LOADS; and, when MAPS=1,
# kbench, map_ops.iu, map_ops.bpf.o, events.iu and events.bpf.o, with
# MAP_ROUNDS, MAP_K, MAP_ITERS, EV_ROUNDS, EV_CALLS, EV_BURST, EV_LATE_CALLS.
# Prints one "BENCH ..." line per measurement on stdout; bench/run parses
# them.
#
# ICOUNT=1 (a boot with the instruction-counting QEMU plugin): only the
# per-event and map rounds, each syscall_loop run under a new tag (its
# "BENCH itag TAG ..." line says which run it is; the plugin's output file
# has the tag's instruction count), and no events channel or load times.
. ./config.sh
ICOUNT=${ICOUNT:-0}
TAG=0
# Sets TARG to the next tag and says which run it marks, with ICOUNT=1;
# TARG is empty otherwise (syscall_loop runs without markers).
next_tag() {
  TARG=
  [ "$ICOUNT" = 1 ] || return 0
  TAG=$((TAG + 1))
  TARG=$TAG
  echo "BENCH itag $TAG $*"
}
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
      next_tag event $r $c $sc $ITERS
      if taskset 1 ./syscall_loop $sc $ITERS out.txt $TARG && [ -s out.txt ]; then
        echo "BENCH event $r $c $(cat out.txt)"
      else
        echo "BENCH event_error $c $sc failed"
      fi
    done
    stop_loader
  done
  r=$((r + 1))
done

# Maps: K operations per getppid (map_ops.*) against K = 0, each program
# attached alone by kbench (on CPU 1) while syscall_loop runs on CPU 0.
# Interleaved rounds; the order of iu and eBPF alternates.
if [ "$MAPS" = 1 ]; then
  r=0
  while [ $r -lt $MAP_ROUNDS ]; do
    case $((r % 2)) in
      0) impls="ebpf iu" ;;
      *) impls="iu ebpf" ;;
    esac
    for impl in $impls; do
      f=map_ops.bpf.o
      [ $impl = iu ] && f=map_ops.iu
      for p in hash_lookup hash_update array_lookup array_update; do
        for k in 0 $MAP_K; do
          rm -f out.txt
          next_tag map $r $impl $p $k $MAP_ITERS
          if taskset 2 ./kbench map $impl $f $p $k -- taskset 1 ./syscall_loop getppid \
              $MAP_ITERS out.txt $TARG >/dev/null 2>kbench.err && [ -s out.txt ]; then
            echo "BENCH map $r $impl $p $k $(cat out.txt)"
          else
            echo "BENCH map_error $impl $p K=$k: $(head -3 kbench.err | tr '\n' ' ')"
          fi
        done
      done
    done
    r=$((r + 1))
  done

fi
if [ "$MAPS" = 1 ] && [ "$ICOUNT" != 1 ]; then
  # Events: one record per getppid, then EV_BURST per call, through each
  # channel with the consumer reading all along; then an overload (the
  # consumer reads only after the producer is done). The order rotates.
  r=0
  while [ $r -lt $EV_ROUNDS ]; do
    case $((r % 4)) in
      0) kinds="iu perf ringbuf perf_batched" ;;
      1) kinds="perf ringbuf perf_batched iu" ;;
      2) kinds="ringbuf perf_batched iu perf" ;;
      *) kinds="perf_batched iu perf ringbuf" ;;
    esac
    for kind in $kinds; do
      f=events.bpf.o
      [ $kind = iu ] && f=events.iu
      for b in 1 $EV_BURST; do
        rm -f ev.txt
        if taskset 2 ./kbench events $kind $f $b $EV_CALLS ev.txt 2>kbench.err && [ -s ev.txt ]
        then
          echo "BENCH ev $r $(cat ev.txt)"
        else
          echo "BENCH ev_error $kind B=$b: $(head -3 kbench.err | tr '\n' ' ')"
        fi
      done
      rm -f ev.txt
      if taskset 2 ./kbench events $kind $f 1 $EV_LATE_CALLS ev.txt --late 2>kbench.err &&
          [ -s ev.txt ]; then
        echo "BENCH ev_late $r $(cat ev.txt)"
      else
        echo "BENCH ev_error $kind overload: $(head -3 kbench.err | tr '\n' ' ')"
      fi
    done
    r=$((r + 1))
  done
fi

[ "$ICOUNT" = 1 ] && LOAD_NS=
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
# Where a load's time goes: loop_breakdown.iu, a file not loaded before,
# loaded under function_graph with only iu.ko's load steps traced.
if [ -e loop_breakdown.iu ] && [ "$ICOUNT" != 1 ]; then
  T=/sys/kernel/tracing
  [ -e $T/current_tracer ] || mount -t tracefs tracefs $T
  for f in $LOAD_TRACE_FUNCS; do
    echo $f >>$T/set_ftrace_filter 2>/dev/null || echo "BENCH lgraph_error cannot trace $f"
  done
  echo function_graph >$T/current_tracer
  ./load_bench iu loop_breakdown.iu $LOAD_BREAKDOWN_LOADS >/dev/null
  grep -v '^#' $T/trace | sed 's/^/BENCH lgraph /'
  echo nop >$T/current_tracer
  echo >$T/set_ftrace_filter
fi

if dmesg | grep -E 'BUG|Oops|WARNING|Call Trace|general protection' >/tmp/bad; then
  echo "BENCH dmesg problems: $(head -3 /tmp/bad | tr '\n' ' ')"
else
  echo "BENCH dmesg clean"
fi
echo "BENCH done"
