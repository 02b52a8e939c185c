#!/bin/sh
# Builds what guest_checks.sh expects, in the current directory.
#   make_images.sh SRCROOT [KEY CERT]
# Good images are signed with KEY/CERT, or with the per-user key when none
# is given; trust.pem is the certificate that signed them.
set -e
src=$1
if [ -n "$2" ]; then
  export IU_SIGN_KEY=$2 IU_SIGN_CERT=$3
fi
iu-cc "$src/samples/tracex5/tracex5.cpp" -o tracex5.iu 2>/dev/null
iu-cc "$src/samples/hello/hello.cpp" -o hello.iu
for f in loop_forever oob_index div_zero shift_overflow; do
  iu-cc "$src/samples/faults/$f.cpp" -o $f.iu
done
# The language's run-time guarantees, the same as on the user backend
# (tests/e2e): trailing array members are bounds-checked, fuel is charged
# at function entry, stack memory never written reads as zero.
e2e=$src/tests/e2e/Inputs
for shape in TRAILING_WRITE_LOOP COMM_SCAN; do
  iu-cc -D$shape "$e2e/out_of_bounds.cpp" -o oob-$shape.iu
done
iu-cc "$e2e/call_tree.cpp" -o call_tree.iu
iu-cc "$e2e/uninitialized.cpp" -o uninitialized.iu
# Syscall entry and exit tracepoints (the same program as tests/e2e).
iu-cc "$e2e/syscall_exit.cpp" -o syscall_exit.iu
# User memory and kernel strings, ids, random numbers, boot time (the
# first as in tests/e2e).
iu-cc "$e2e/read_user.cpp" -o read_user.iu
iu-cc "$src/tests/vm/Inputs/kernel_str.cpp" -o kernel_str.iu
if [ -n "$2" ]; then
  cp "$3" trust.pem
  key=$2
else
  cfg=${XDG_CONFIG_HOME:-$HOME/.config}/iu/signing
  cp "$cfg/cert.pem" trust.pem
  key=$cfg/key.pem
fi

# A byte of the signed payload flipped.
cp tracex5.iu tampered.iu
printf '\001' | dd of=tampered.iu bs=1 seek=5000 count=1 conv=notrunc 2>/dev/null
# Signed by a key iu.ko was never given.
iu-sign keygen --out untrusted-key >/dev/null
cp untrusted-key/cert.pem untrusted-cert.pem
python3 "$src/tests/vm/Inputs/sign_raw.py" sign untrusted-key/key.pem untrusted-key/cert.pem \
  tracex5.iu untrusted.iu
# Malformed images with valid signatures from the trusted key.
python3 "$src/tests/vm/Inputs/sign_raw.py" strip tracex5.iu payload.bin
for kind in not-elf wrong-machine truncated wx-segment overlapping-segments \
    segment-outside-file unknown-helper bad-relocation relative-outside entry-outside-code \
    bad-program-magic bad-program-type program-table-outside bad-note-abi wrong-type \
    truncated-header no-note two-program-tables; do
  python3 "$src/tests/Inputs/mutate_image.py" $kind payload.bin mutated.bin
  python3 "$src/tests/vm/Inputs/sign_raw.py" sign "$key" trust.pem mutated.bin bad-$kind.iu
done

# Hardening (issue 11): re-entry, iu.ko's own functions and the kprobe
# blacklist, termination of helper work, lockdown.
inputs=$src/tests/vm/Inputs
iu-cc "$inputs/reentry.cpp" -o reentry.iu
iu-cc -DIU_TARGET=iu_ring_put "$inputs/kprobe_print.cpp" -o own-ring-put.iu
iu-cc -DIU_TARGET=iu_dev_ioctl "$inputs/kprobe_print.cpp" -o own-dev-ioctl.iu
iu-cc -DIU_TARGET=nmi_handle "$inputs/kprobe_print.cpp" -o blacklisted.iu
iu-cc --fuel 10000000 --stack-limit 32768 "$inputs/heavy_read.cpp" -o heavy_read.iu
iu-cc --fuel 10000000 "$inputs/time_bound.cpp" -o time_bound.iu
iu-cc "$inputs/kernel_read.cpp" -o kernel_read.iu
# A RELRO range inside a writable segment that it does not start.
python3 "$src/tests/vm/Inputs/sign_raw.py" strip hello.iu hello-payload.bin
python3 "$src/tests/vm/Inputs/mutate_kernel.py" relro-inside hello-payload.bin mutated.bin
python3 "$src/tests/vm/Inputs/sign_raw.py" sign "$key" trust.pem mutated.bin relro-inside.iu
# Signatures in every form the verifiers must refuse, by the trusted key
# (or, for the embedded certificate, by a leaf the trusted key signed).
openssl req -new -newkey rsa:2048 -nodes -keyout leaf-key.pem -subj /CN=iu-leaf \
  -out leaf.csr 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=digitalSignature\n' >leaf.ext
openssl x509 -req -in leaf.csr -CA trust.pem -CAkey "$key" -CAcreateserial -days 2 \
  -extfile leaf.ext -out leaf.pem 2>/dev/null
python3 "$src/tests/vm/Inputs/sign_raw.py" sign leaf-key.pem leaf.pem payload.bin sig-leaf-cert.iu certs
for form in sha384 keyid attrs zero-pad; do
  python3 "$src/tests/vm/Inputs/sign_raw.py" sign "$key" trust.pem payload.bin sig-$form.iu $form
done
python3 "$src/tests/vm/Inputs/sign_raw.py" cms-range hello.iu >hello.cms-range
rm -f payload.bin hello-payload.bin mutated.bin leaf.csr leaf.ext trust.srl

# ---- maps, events, configuration (issue 13) ----
# An extension that counts in each kind of keyed map and one that sends
# events (tests/vm/Inputs/map_*.cpp), and the host's bpftool with the
# libraries it needs, which the guest runs through the dynamic loader iu-vm
# ships (its libraries are not all in the initramfs).
iu-cc "$inputs/map_count.cpp" -o map_count.iu
iu-cc "$inputs/map_events.cpp" -o map_events.iu
iu-cc "$inputs/percpu_pad.cpp" -o percpu_pad.iu
# The hostile placement: a kprobe inside the LRU map's code whose program
# updates the same full LRU map.
for t in htab_lru_map_delete_node _raw_spin_lock_irqsave; do
  iu-cc -DIU_TARGET=$t "$inputs/lru_hostile.cpp" -o lru-hostile-$t.iu
done
mkdir -p bpftool-libs
bpftool=$(command -v bpftool || echo /usr/sbin/bpftool)
cp "$bpftool" bpftool-libs/bpftool
for lib in $(ldd "$bpftool" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p'); do
  cp -L "$lib" bpftool-libs/
done

# ---- the ported samples (issue 13) ----
# Their user-space parts (syscall_tp_user ...) and the eBPF originals
# (syscall_tp_ebpf ... and their .bpf.o) are in bin/, which iu-vm packs.
for s in syscall_tp tracex2 minimal bootstrap; do
  iu-cc -I "$src/samples/common" "$src/samples/$s/$s.cpp" -o $s.iu
done
# bcc's libbpf-tools execsnoop and opensnoop (issue 14): their user parts
# are in bin/ too.
for s in execsnoop opensnoop; do
  iu-cc -I "$src/samples/common" "$src/samples/$s/$s.cpp" -o $s.iu
done
# and runqlat, on the sched trace events (its user part in bin/ too).
iu-cc "$src/samples/runqlat/runqlat.cpp" -o runqlat.iu

# ---- kernel types from BTF (issue 15) ----
iu-cc -I "$src/samples/common" "$src/samples/task_fields/task_fields.cpp" -o task_fields.iu
# Typed kprobe and fexit arguments (a prototype from another kernel's BTF),
# and an image whose declared prototype the loader refuses.
iu-cc "$inputs/typed_unlink.cpp" -o typed_unlink.iu
iu-cc -DIU_WRONG_PROTOTYPE "$inputs/typed_unlink.cpp" -o typed-wrong.iu
iu-cc "$e2e/cgroup_id.cpp" -o cgroup_id.iu

# ---- kretprobes (issue 14) ----
# getppid, vfs_write at both ends, vfs_read; then one kretprobe each on
# iu.ko's own function, a blacklisted one and one that does not exist.
iu-cc "$inputs/kretprobe.cpp" -o kretprobe.iu
iu-cc -DIU_KRET_TARGET=iu_dev_ioctl "$inputs/kretprobe.cpp" -o kret-own.iu
iu-cc -DIU_KRET_TARGET=nmi_handle "$inputs/kretprobe.cpp" -o kret-blacklisted.iu
iu-cc -DIU_KRET_TARGET=iu_no_such_function "$inputs/kretprobe.cpp" -o kret-nosuch.iu

# ---- fentry and fexit (issue 14) ----
# vfs_write at both ends; the same under load; then one program each on
# iu.ko's own function, an unknown one, a notrace one and a blacklisted one.
iu-cc "$inputs/fentry.cpp" -o fentry.iu
iu-cc -DIU_FENTRY_LOAD "$inputs/fentry.cpp" -o fentry-load.iu
iu-cc -DIU_FENTRY_TARGET=iu_dev_ioctl "$inputs/fentry.cpp" -o fe-own.iu
iu-cc -DIU_FENTRY_TARGET=iu_no_such_function "$inputs/fentry.cpp" -o fe-nosuch.iu
iu-cc -DIU_FENTRY_TARGET=tracing_is_on "$inputs/fentry.cpp" -o fe-notrace.iu
iu-cc -DIU_FENTRY_TARGET=nmi_handle "$inputs/fentry.cpp" -o fe-blacklisted.iu
iu-cc -DIU_FEXIT_TARGET=iu_dev_ioctl "$inputs/fentry.cpp" -o fx-own.iu
iu-cc -DIU_FEXIT_TARGET=iu_no_such_function "$inputs/fentry.cpp" -o fx-nosuch.iu
# fentry and fexit on a module's function (iu_victim.ko, which the test
# builds for the kernel it boots: build_victim_module.sh).
iu-cc "$inputs/fentry_module.cpp" -o fentry_module.iu

# ---- tracepoints beyond the syscalls' (issue 14) ----
# sched events with typed fields; sched_switch on every switch (detach
# under load); then the same image re-signed naming what this kernel lacks
# or refuses: a field (the loader), an event, ftrace's function event (not
# an event trace_get_event_file finds), a kprobe event (a dynamic event,
# made in the guest), a target that is no <category>/<event> (iu.ko).
iu-cc "$inputs/tracepoints.cpp" -o tp.iu
iu-cc -DIU_TP_LOAD "$inputs/tracepoints.cpp" -o tp-load.iu
python3 "$src/tests/vm/Inputs/sign_raw.py" strip tp.iu tp.bin
tp_variant() { # NAME FROM TO
  python3 "$inputs/replace_bytes.py" tp.bin tp-$1.bin "$2" "$3"
  python3 "$src/tests/vm/Inputs/sign_raw.py" sign "$key" trust.pem tp-$1.bin tp-$1.iu
}
tp_variant nofield 'sched/sched_process_exec/old_pid' 'sched/sched_process_exec/old_pix'
tp_variant noevent 'sched/sched_wakeup\0' 'sched/sched_wakeuq\0'
tp_variant ftrace 'sched/sched_switch\0' 'ftrace/function\0\0\0\0'
tp_variant kprobe 'sched/sched_switch\0' 'iutest/probe\0\0\0\0\0\0\0'
tp_variant badtarget 'sched/sched_switch\0' 'sched/sched/switch\0'
# Raw tracepoints: sys_enter's id and sched_switch's prev task (through
# BTF types); then one on a tracepoint the kernel does not have, and one
# whose target is not a name.
iu-cc -I "$src/samples/common" "$inputs/raw_tracepoint.cpp" -o rawtp.iu
iu-cc -I "$src/samples/common" -DIU_RAW_TP_TARGET=no_such_tracepoint "$inputs/raw_tracepoint.cpp" \
  -o rawtp-nosuch.iu
python3 "$src/tests/vm/Inputs/sign_raw.py" strip rawtp-nosuch.iu rawtp.bin
python3 "$inputs/replace_bytes.py" rawtp.bin rawtp-bad.bin 'no_such_tracepoint\0' 'no/such_tracepoint\0'
python3 "$src/tests/vm/Inputs/sign_raw.py" sign "$key" trust.pem rawtp-bad.bin rawtp-badtarget.iu

# ---- perf_event and get_stack (issue 14) ----
iu-cc "$inputs/perf_event.cpp" -o perf_event.iu
