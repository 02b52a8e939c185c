#!/bin/sh
# Prints the cgroup v2 directory of process $1: the cgroup2 mount point
# (from mountinfo, whose mount shows the hierarchy from its root) joined
# with the "0::" path of /proc/$1/cgroup.
m=$(sed -n 's/^[^ ]* [^ ]* [^ ]* \/ \([^ ]*\) .* - cgroup2 .*/\1/p' /proc/self/mountinfo | head -n1)
p=$(sed -n 's/^0:://p' /proc/$1/cgroup)
[ -n "$m" ] && [ -n "$p" ] || exit 1
[ "$p" = / ] && p=
echo "$m$p"
