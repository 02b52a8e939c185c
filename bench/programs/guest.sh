#!/bin/sh
# Runs inside one iu-vm boot (bench/run, "kernel"). Expects in the working
# directory: syscall_loop, load_bench (static), tracex5.iu, loop_n-<N>.iu and
# loop_n-<N>.insns for every N, loop_breakdown.iu, and config.sh setting
# ROUNDS, ITERS, SYSCALLS, LOAD_NS, IU_REPEAT, BPF_REPEAT, BPF_BIG_N,
# LOAD_TRACE_FUNCS, LOAD_BREAKDOWN_LOADS; and, when MAPS=1,
# kbench, map_ops.iu, map_ops.bpf.o, events.iu and events.bpf.o, with
# MAP_ROUNDS, MAP_PROGS, MAP_K, MAP_ITERS, EV_ROUNDS, EV_CALLS, EV_BURST,
# EV_LATE_CALLS;
# when HOOKS=1, hooks.iu and hooks.bpf.o, with HOOK_ROUNDS, HOOK_ITERS,
# HOOK_CONFIGS, ATTACH_N; when MACRO=1, timed_run, workload.sh,
# syscount.iu and syscount.bpf.o, with MACRO_ROUNDS and MACRO_CONFIGS.
# Prints one "BENCH ..." line per measurement on stdout; bench/run parses
# them.
#
# ICOUNT=1 (a boot with the instruction-counting QEMU plugin): only the
# per-event, map, hook, event-output and macro rounds, each measured run
# under a new tag (its "BENCH itag TAG ..." line says which run it is; the
# plugin's output file has the tag's instruction count), and no events
# channel throughput, attach times or load times.
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
      for p in $MAP_PROGS; do
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

  # Event output: B = 0 or 1 record per getppid through each channel,
  # consumed on CPU 1 all along (events.*); the cost of one output is the
  # difference. Few enough calls that every record fits in the buffers.
  r=0
  while [ $r -lt $MAP_ROUNDS ]; do
    case $((r % 3)) in
      0) kinds="iu perf ringbuf" ;;
      1) kinds="perf ringbuf iu" ;;
      *) kinds="ringbuf iu perf" ;;
    esac
    for kind in $kinds; do
      f=events.bpf.o
      [ $kind = iu ] && f=events.iu
      for b in 0 1; do
        rm -f out.txt ev.txt
        next_tag evout $r $kind $b $MAP_ITERS
        if taskset 2 ./kbench evout $kind $f $b ev.txt -- taskset 1 ./syscall_loop getppid \
            $MAP_ITERS out.txt $TARG >/dev/null 2>kbench.err && [ -s out.txt ] && [ -s ev.txt ]
        then
          echo "BENCH evout $r $kind $b $(cat ev.txt) $(cat out.txt)"
        else
          echo "BENCH map_error evout $kind B=$b: $(head -3 kbench.err | tr '\n' ' ')"
        fi
      done
    done
    r=$((r + 1))
  done
fi

# Rotates a list: prints its words starting from the (N mod count)th.
rotate() { # N WORDS...
  n=$1
  shift
  n=$((n % $#))
  i=0
  out=
  for w in "$@"; do
    [ $i -ge $n ] && out="$out $w"
    i=$((i + 1))
  done
  i=0
  for w in "$@"; do
    [ $i -lt $n ] && out="$out $w"
    i=$((i + 1))
  done
  echo $out
}

# Hooks: an empty program of each hook kind (hooks.*), attached alone by
# kbench on CPU 1 while syscall_loop makes getppid calls on CPU 0; "none"
# runs the loop with nothing attached. HOOK_CONFIGS: IMPL:PROG words. The
# order rotates from round to round.
if [ "$HOOKS" = 1 ]; then
  if attached; then echo "BENCH hook_error something is attached to __seccomp_filter"; fi
  r=0
  while [ $r -lt $HOOK_ROUNDS ]; do
    for c in $(rotate $r none:none $HOOK_CONFIGS); do
      impl=${c%%:*}
      prog=${c#*:}
      f=hooks.bpf.o
      [ $impl = iu ] && f=hooks.iu
      rm -f out.txt
      next_tag hook $r $impl $prog $HOOK_ITERS
      if [ $impl = none ]; then
        taskset 1 ./syscall_loop getppid $HOOK_ITERS out.txt $TARG 2>kbench.err
      else
        taskset 2 ./kbench hook $impl $f $prog cnt.txt -- taskset 1 ./syscall_loop getppid \
          $HOOK_ITERS out.txt $TARG >/dev/null 2>kbench.err
      fi
      if [ $? = 0 ] && [ -s out.txt ]; then
        echo "BENCH hook $r $impl $prog $(cat out.txt)"
      else
        echo "BENCH hook_error $impl $prog: $(head -3 kbench.err | tr '\n' ' ')"
      fi
    done
    r=$((r + 1))
  done
  # Attach and detach times, ATTACH_N of each, nothing else running.
  if [ "$ICOUNT" != 1 ]; then
    for c in $HOOK_CONFIGS; do
      impl=${c%%:*}
      prog=${c#*:}
      f=hooks.bpf.o
      [ $impl = iu ] && f=hooks.iu
      rm -f at.txt
      if taskset 2 ./kbench attach_time $impl $f $prog $ATTACH_N at.txt 2>kbench.err &&
          [ -s at.txt ]; then
        echo "BENCH attach $impl $prog $(cat at.txt)"
      else
        echo "BENCH hook_error attach $impl $prog: $(head -3 kbench.err | tr '\n' ' ')"
      fi
    done
  fi
fi

# Load time with kernel type fields (issue 15): libiu's whole load of
# core_read with and without its five task_struct fields, CORE_LOADS
# times each in a fresh process, after a reboot-fresh field cache
# (/run/iu/kernel-fields: cleared first, so the first load of core_on
# parses the kernel's BTF; later processes read the cache).
if [ "$HOOKS" = 1 ] && [ "$ICOUNT" != 1 ]; then
  rm -f /run/iu/kernel-fields
  for r in 1 2; do
    for f in core_off core_on; do
      if taskset 2 ./kbench load_time $f.iu $CORE_LOADS lt.txt 2>kbench.err && [ -s lt.txt ]; then
        echo "BENCH coreload $r $f $(cat lt.txt)"
      else
        echo "BENCH hook_error coreload $f: $(head -3 kbench.err | tr '\n' ' ')"
      fi
    done
  done
fi

# Macro: workload.sh on CPU 0 (timed_run's wall time, and its instructions
# when ICOUNT=1) with nothing attached or one syscount tool (syscount.*)
# attached by kbench on CPU 1. MACRO_CONFIGS: IMPL:PROG words.
if [ "$MACRO" = 1 ]; then
  W=/tmp/bench-workload
  sh workload.sh prepare $W
  r=0
  while [ $r -lt $MACRO_ROUNDS ]; do
    for c in $(rotate $r none:none $MACRO_CONFIGS); do
      impl=${c%%:*}
      prog=${c#*:}
      f=syscount.bpf.o
      [ $impl = iu ] && f=syscount.iu
      rm -f t.out cnt.txt
      next_tag macro $r $impl $prog 1
      if [ $impl = none ]; then
        echo "0 0" >cnt.txt
        taskset 1 ./timed_run t.out ${TARG:-0} -- sh workload.sh run $W 2>kbench.err
      else
        taskset 2 ./kbench hook $impl $f $prog cnt.txt -- taskset 1 ./timed_run t.out \
          ${TARG:-0} -- sh workload.sh run $W >/dev/null 2>kbench.err
      fi
      if [ $? = 0 ] && [ -s t.out ] && [ "$(cut -d' ' -f2 t.out)" = 0 ]; then
        echo "BENCH macro $r $impl $prog $(cat t.out) $(cat cnt.txt)"
      else
        echo "BENCH macro_error $impl $prog: $(cat t.out 2>/dev/null) $(head -3 kbench.err | tr '\n' ' ')"
      fi
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
