#!/bin/sh
# Prints the catalogue of this kernel's trace events (runtime/tracepoints/
# README.md): a '#' line with the kernel release, then per event, sorted,
# "event: <category>/<event>" and the event's own field lines as its format
# prints them (the common_* fields, the same on every event, left out).
# syscalls (their own contexts) and ftrace (not tracepoints) are skipped.
# Run it where tracefs is, as root; in iu-vm:
#
#   iu-vm run --kernel 6.1 --file runtime/tracepoints/capture.sh -- \
#     sh capture.sh > runtime/tracepoints/debian-6.1.formats
set -e
events=
for d in /sys/kernel/tracing/events /sys/kernel/debug/tracing/events; do
  if [ -d "$d" ]; then
    events=$d
    break
  fi
done
if [ -z "$events" ]; then
  mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || true
  events=/sys/kernel/tracing/events
fi
if [ ! -d "$events" ]; then
  echo "capture.sh: no tracefs (mount -t tracefs tracefs /sys/kernel/tracing)" >&2
  exit 1
fi

echo "# trace event formats of Linux $(uname -r) $(uname -v)"
echo "# captured by runtime/tracepoints/capture.sh; the common_* fields left out"
cd "$events"
for format in $(ls -d */*/format | LC_ALL=C sort); do
  dir=${format%/format}
  case "$dir" in
  syscalls/* | ftrace/*) continue ;;
  esac
  echo "event: $dir"
  # The common fields come first, then an empty line, then the event's.
  awk '/^format:/ { in_format = 1; next }
       in_format && /^[ \t]*$/ { own = 1; next }
       in_format && own && /^[ \t]*field:/ { print }
       /^print fmt:/ { exit }' "$format"
done
