#!/bin/sh
# Installs the iu and iu-dkms packages over an older version of themselves
# with dpkg, their maintainer scripts and DKMS, as on a Debian system:
#   dpkg_upgrade.sh PKGDIR WORKDIR HEADERS
# HEADERS is one kernel build tree (as `iu-vm prepare --headers` prints
# it). The older version is the same packages relabelled (dpkg-deb -R, then
# -b) as VERSION~old, which dpkg orders before VERSION; its iu package has
# one more file, as a file dropped by the newer version would be.
# Everything runs in a private mount namespace with /usr, /etc and /var
# overlaid by directories in WORKDIR: the host's packages, DKMS state and
# /lib/modules are never touched. There, /lib/modules has the kernel of
# HEADERS (its build link to HEADERS) and a kernel without headers.
# Prints, with the versions as OLD and NEW, what dpkg and DKMS are left
# with after each install, and after both packages are removed.
set -eu
pkgs=$1 work=$2 headers=$3
if [ "${IU_UPGRADE_INSIDE:-}" != 1 ]; then
	rm -rf "$work"
	mkdir -p "$work/old"
	new=$(dpkg-deb -f "$(ls "$pkgs"/iu_*_amd64.deb)" Version)
	old=$new~old
	# iu: the version, and the iu-dkms it recommends.
	dpkg-deb -R "$(ls "$pkgs"/iu_*_amd64.deb)" "$work/old/iu"
	sed -i "s/^Version: .*/Version: $old/; s/iu-dkms (= $new)/iu-dkms (= $old)/" "$work/old/iu/DEBIAN/control"
	echo "a file only the old version has" >"$work/old/iu/usr/share/iu/dropped-later"
	# iu-dkms: the version, the source directory and the version DKMS is told.
	dpkg-deb -R "$(ls "$pkgs"/iu-dkms_*_all.deb)" "$work/old/dkms"
	d=$work/old/dkms
	sed -i "s/^Version: .*/Version: $old/" "$d/DEBIAN/control"
	mv "$d/usr/src/iu-$new" "$d/usr/src/iu-$old"
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$old\"/" "$d/usr/src/iu-$old/dkms.conf"
	sed -i "s/^VERSION=.*/VERSION=$old/" "$d/DEBIAN/postinst" "$d/DEBIAN/prerm"
	for p in iu dkms; do
		(cd "$work/old/$p" && find usr -type f -exec md5sum {} + >DEBIAN/md5sums)
		dpkg-deb -b "$work/old/$p" "$work/old/$p.deb" >/dev/null
	done
	for dir in usr etc var; do mkdir -p "$work/upper/$dir" "$work/ovl/$dir"; done
	IU_UPGRADE_INSIDE=1 IU_OLD=$old IU_NEW=$new exec unshare -m --propagation private sh "$0" "$@"
fi

# In the private mount namespace.
for dir in usr etc var; do
	mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$work/upper/$dir,workdir=$work/ovl/$dir" "/$dir"
done
kernel=${headers##*/linux-headers-}
mkdir -p "/lib/modules/$kernel" /lib/modules/9.9.9-noheaders
ln -s "$headers" "/lib/modules/$kernel/build"
norm() { sed -e "s/$IU_OLD/OLD/g; s/$IU_NEW/NEW/g; s/$kernel/KERNEL/g"; }
report() {
	echo "== after $1"
	dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\n' iu iu-dkms | norm
	echo "dkms status: $(dkms status iu 2>/dev/null | norm | tr '\n' ' ')"
	echo "sources: $(ls -d /usr/src/iu-* | norm | tr '\n' ' ')"
	echo "dkms tree: $(ls /var/lib/dkms/iu | norm | tr '\n' ' ')"
	echo "modules: $(find /lib/modules -name 'iu.ko*' | norm | tr '\n' ' ')"
	for ko in $(find /lib/modules -name 'iu.ko*'); do
		echo "vermagic: $(modinfo -F vermagic "$ko" | cut -d' ' -f1 | norm)"
		for v in "$IU_OLD" "$IU_NEW"; do
			cmp -s "$ko" "/var/lib/dkms/iu/$v/$kernel/x86_64/module/iu.ko" &&
				echo "installed module: the $v build" | norm
		done
	done
	echo "dropped-later: $(test -e /usr/share/iu/dropped-later && echo present || echo absent)"
}
install() {
	if ! dpkg -i "$@" >"$work/dpkg.log" 2>&1; then
		cat "$work/dpkg.log"
		exit 1
	fi
	grep -A1 -E 'skipped|^Error|iu-dkms:' "$work/dpkg.log" | norm || true
}
install "$work/old/iu.deb" "$work/old/dkms.deb"
report "installing OLD"
install "$(ls "$pkgs"/iu_*_amd64.deb)" "$(ls "$pkgs"/iu-dkms_*_all.deb)"
report "upgrading to NEW"
/usr/bin/iu-cc --version | head -n 1 | norm
dpkg -r iu-dkms iu >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; exit 1; }
echo "== after removing both"
echo "installed packages: $(dpkg -l iu iu-dkms 2>/dev/null | grep -c '^ii')"
left=$(ls -d /usr/src/iu-* /var/lib/dkms/iu /usr/bin/iu-cc 2>/dev/null || true; find /lib/modules -name "iu.ko*")
echo "left: ${left:-nothing}"
