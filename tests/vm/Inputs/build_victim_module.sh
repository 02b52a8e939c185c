#!/bin/sh
# Builds tests/vm/Inputs/victim_module for a kernel iu-vm boots, into OUT:
#   build_victim_module.sh IU_VM KERNEL OUT
set -e
headers=$("$1" prepare --kernel "$2" --headers)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$(dirname "$0")/victim_module/Kbuild" "$(dirname "$0")/victim_module/iu_victim.c" "$work"
make -s -C "$headers" M="$work" CONFIG_DEBUG_INFO_BTF_MODULES= modules >/dev/null
cp "$work/iu_victim.ko" "$3/"
