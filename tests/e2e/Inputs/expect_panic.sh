#!/bin/sh
# usage: expect_panic.sh IUCC IULOAD SOURCE SHAPE TEXT
# Builds SOURCE with -DSHAPE, runs its program 'prog' once on a zeroed
# context with --test-run, and succeeds iff the run ends with a report
# containing TEXT at the source line marked "LINE-SHAPE".
iucc=$1 iuload=$2 src=$3 shape=$4 text=$5
line=$(grep -n "LINE-$shape\$" "$src" | cut -d: -f1)
[ -n "$line" ] || { echo "expect_panic: no line marked LINE-$shape in $src" >&2; exit 1; }
"$iucc" "-D$shape" "$src" -o "$shape.iu" || exit 1
"$iuload" --test-run prog "$shape.iu" > "$shape.out" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
  echo "expect_panic: $shape: the run did not fail" >&2
  cat "$shape.out" >&2
  exit 1
fi
if ! grep -q "^status: .*$text.* at .*$(basename "$src"):$line\$" "$shape.out"; then
  echo "expect_panic: $shape: expected '$text' at line $line" >&2
  cat "$shape.out" >&2
  exit 1
fi
