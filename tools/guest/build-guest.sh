#!/usr/bin/env bash
# Build the tiny test guest from Debian packages: an uncompressed kernel
# (vmlinux, booted through its PVH entry: no decompression under TCG) and a
# busybox initramfs with the virtio-net modules, iperf3 and tools/guest/init.
#   tools/guest/build-guest.sh OUT_DIR     -> OUT_DIR/vmlinux OUT_DIR/initramfs.cpio.gz
# Needs apt (to download linux-image-*-amd64: the kernel is unpacked, not
# installed), busybox-static, iperf3, ethtool, cpio, xz-utils. Does nothing when
# OUT_DIR already holds an image built from the same kernel and init.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build-guest.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)

die() {
	echo "build-guest: $*" >&2
	exit 1
}
for tool in busybox iperf3 ethtool cpio xz apt-get dpkg; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh)"
done
[ -x /bin/busybox ] || die "/bin/busybox is missing (apt-get install busybox-static)"
ldd /bin/busybox >/dev/null 2>&1 && die "/bin/busybox is dynamically linked: install busybox-static"

# The kernel package linux-image-amd64 points at, e.g. linux-image-6.1.0-56-amd64.
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
[ -n "$kpkg" ] || die "cannot resolve linux-image-amd64 (apt-get update?)"
kver=${kpkg#linux-image-}

stamp="$kpkg $(sha256sum "$here/init" "$0" | cut -c1-16 | tr '\n' ' ')"
if [ -f "$out/vmlinux" ] && [ -f "$out/initramfs.cpio.gz" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "build-guest: $out is up to date ($kpkg)"
	exit 0
fi

work=$(mktemp -d /tmp/sluice-guest.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The package is kept in OUT_DIR/debs: a rebuild after an init change
# does not download 70 MB again. apt-get download writes into the current
# directory (as root it warns that _apt cannot, harmlessly).
mkdir -p "$out/debs"
if ! compgen -G "$out/debs/${kpkg}_*.deb" >/dev/null; then
	echo "build-guest: downloading $kpkg"
	(cd "$out/debs" && apt-get download -q "$kpkg" >/dev/null 2>"$work/apt.err") ||
		die "apt-get download $kpkg failed: $(tail -2 "$work/apt.err")"
fi
deb=$(compgen -G "$out/debs/${kpkg}_*.deb" | head -1)
[ -n "$deb" ] || die "apt-get download $kpkg left no package"
dpkg -x "$deb" "$work/kernel"
vmlinuz="$work/kernel/boot/vmlinuz-$kver"
[ -f "$vmlinuz" ] || die "no vmlinuz in $kpkg"

# Debian compresses the kernel with xz (CONFIG_KERNEL_XZ): find the xz
# stream inside the bzImage and unpack it, as the kernel's
# scripts/extract-vmlinux does. xz complains about the trailing bytes.
offset=$(grep -abo $'\xfd7zXZ\x00' "$vmlinuz" | head -1 | cut -d: -f1)
[ -n "$offset" ] || die "no xz stream in $vmlinuz (kernel not xz-compressed?)"
tail -c +$((offset + 1)) "$vmlinuz" | xz -dc >"$work/vmlinux" 2>/dev/null || true
head -c 4 "$work/vmlinux" | grep -q $'\x7fELF' || die "could not extract an ELF vmlinux from $vmlinuz"

root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,lib/modules,lib64,proc,sys,dev,tmp,etc}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
install -m 0755 "$here/init" "$root/init"

mods=$work/kernel/lib/modules/$kver/kernel
# In the order /init loads them (each after its dependencies).
for m in drivers/virtio/virtio_ring.ko drivers/virtio/virtio.ko \
	drivers/virtio/virtio_pci_modern_dev.ko drivers/virtio/virtio_pci_legacy_dev.ko \
	drivers/virtio/virtio_pci.ko net/core/failover.ko drivers/net/net_failover.ko \
	drivers/net/virtio_net.ko; do
	[ -f "$mods/$m" ] || die "module $m is not in $kpkg"
	cp "$mods/$m" "$root/lib/modules/"
done

# iperf3, ethtool (tests read `ethtool -k eth0`) and the shared libraries
# they need, at the paths the loader expects.
for bin in /usr/bin/iperf3 /usr/sbin/ethtool; do
	cp "$bin" "$root/usr/bin/"
	for lib in $(ldd "$bin" | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
done
echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd"

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.cpio.gz"
# World-readable: libvirt's QEMU runs as libvirt-qemu.
install -m 0644 "$work/vmlinux" "$out/vmlinux"
install -m 0644 "$work/initramfs.cpio.gz" "$out/initramfs.cpio.gz"
echo "$stamp" >"$out/stamp"
echo "build-guest: $out/vmlinux ($kpkg), $out/initramfs.cpio.gz ($(du -k "$out/initramfs.cpio.gz" | cut -f1) KiB)"
