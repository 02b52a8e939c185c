#!/bin/sh
# usage: expect_status.sh N COMMAND [ARGS...]: succeeds iff COMMAND exits N.
want=$1
shift
"$@"
got=$?
if [ "$got" -ne "$want" ]; then
  echo "expect_status: '$*' exited $got, expected $want" >&2
  exit 1
fi
