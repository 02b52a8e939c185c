#!/bin/sh
# Builds iu.ko from the iu-dkms package the way its postinst has DKMS build
# it, with DKMS itself, in private trees (the host's DKMS state and
# /lib/modules are never touched), for each kernel build tree listed in
# HEADERS_LIST (one per line, as `iu-vm prepare --headers` prints them):
#   dkms_build.sh PKGDIR WORKDIR HEADERS_LIST
# Leaves WORKDIR/iu-<series>.ko (series: 6.1, 6.12) and prints, per kernel,
# the module's vermagic against the kernel's release; before that, what
# DKMS says for a kernel without headers and for a foreign build tree.
set -eu
pkgs=$1 work=$2 list=$3
rm -rf "$work"
mkdir -p "$work/tree"
dpkg-deb -x "$(ls "$pkgs"/iu-dkms_*_all.deb)" "$work/root"
src=$(ls -d "$work"/root/usr/src/iu-*)
ver=${src##*/iu-}
dkms add -m iu -v "$ver" --sourcetree "$work/root/usr/src" --dkmstree "$work/tree" \
  >"$work/dkms.log" 2>&1 || { cat "$work/dkms.log"; exit 1; }
# Bad inputs first, in the same tree: a kernel without headers, another
# kernel's build tree (the second kernel's release, the first one's tree),
# an unprepared tree (include/ but no generated headers). Each fails with a message that names
# the kernel and the tree, and leaves iu only added (no module, nothing
# that stops the good builds below).
bad() {
  name=$1; shift
  if dkms build -m iu -v "$ver" --sourcetree "$work/root/usr/src" --dkmstree "$work/tree" "$@" \
      >"$work/bad.log" 2>&1; then
    echo "dkms: $name: built"
  else
    echo "dkms: $name: failed"
  fi
  grep -E '^(Error!|iu-dkms:)' "$work/bad.log" | head -n 1
  echo "dkms: $name: left $(dkms status -m iu --dkmstree "$work/tree" --sourcetree "$work/root/usr/src"
    ), $(find "$work/tree" -name 'iu.ko*' | wc -l) modules"
}
first=$(sed -n 1p "$list") second=$(sed -n 2p "$list")
bad "no headers" -k 9.9.9-nonexistent
bad "foreign headers" -k "${second##*/linux-headers-}" --kernelsourcedir "$first"
mkdir -p "$work/empty/include"
bad "no build tree" -k "${second##*/linux-headers-}" --kernelsourcedir "$work/empty"
while read -r headers; do
  kver=${headers##*/linux-headers-}
  if ! dkms build -m iu -v "$ver" -k "$kver" --kernelsourcedir "$headers" \
      --sourcetree "$work/root/usr/src" --dkmstree "$work/tree" >>"$work/dkms.log" 2>&1; then
    cat "$work/dkms.log" "$work/tree/iu/$ver/build/make.log" 2>/dev/null
    exit 1
  fi
  ko=$work/tree/iu/$ver/$kver/x86_64/module/iu.ko
  series=$(echo "$kver" | sed -E 's/^([0-9]+\.[0-9]+)\..*/\1/')
  cp "$ko" "$work/iu-$series.ko"
  magic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
  [ "$magic" = "$kver" ] && echo "dkms: iu.ko for $series: vermagic matches" ||
    echo "dkms: iu.ko for $series: vermagic $magic, kernel $kver"
done <"$list"
