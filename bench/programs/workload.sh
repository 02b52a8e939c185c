#!/bin/sh
# The macro benchmark's workload (bench/run, "kernel"): what a backup job
# does to a source tree, with busybox's tools.
#
#   workload.sh prepare DIR   writes the tree: 600 files of 100 B to 4 KiB
#                             (cut from libc) in 20 directories (not timed)
#   workload.sh run DIR       three times: copy the tree (cp -a), list it
#                             (ls -lR), checksum every file, tar and gzip
#                             it, remove the copy
#
# The same work every run; it runs on the CPU its caller pinned it to
# (pipelines included).
set -e
d=$2
case $1 in
prepare)
  rm -rf "$d"
  src=/lib/x86_64-linux-gnu/libc.so.6
  i=0
  while [ $i -lt 600 ]; do
    mkdir -p "$d/src/d$((i % 20))"
    head -c $((i * 37 % 4000 + 100)) $src >"$d/src/d$((i % 20))/f$i"
    i=$((i + 1))
  done
  ;;
run)
  n=0
  while [ $n -lt 3 ]; do
    cp -a "$d/src" "$d/copy"
    ls -lR "$d/copy" >/dev/null
    find "$d/copy" -type f | xargs sha256sum >/dev/null
    tar -cf - -C "$d" copy | gzip -1 >/dev/null
    rm -rf "$d/copy"
    n=$((n + 1))
  done
  ;;
*)
  echo "usage: workload.sh prepare|run DIR" >&2
  exit 2
  ;;
esac
