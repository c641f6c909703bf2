#!/usr/bin/env bash
# Install the Debian packages sluice builds, tests and demos with; a no-op
# when they are all there. Needs root (apt-get).
set -euo pipefail

packages=(
	build-essential clang libclang-rt-dev pkg-config meson ninja-build
	dpdk dpdk-dev libdpdk-dev libnuma-dev libhugetlbfs-dev
	libcmocka-dev libjansson-dev libsystemd-dev systemd libmicrohttpd-dev prometheus libmnl-dev
	python3-scapy tcpdump iproute2 procps iputils-ping ethtool iperf3 netcat-openbsd
	jq python3 util-linux scdoc man-db groff-base gnuplot-nox
	qemu-system-x86 qemu-utils busybox-static cpio kmod xz-utils
	libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu libvirt-dev libxml2-dev
	debhelper dpkg-dev lintian
	frr
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Tests run their own zebra and bgpd per network namespace (tests/lib/frr.sh):
# the system's FRR must never start by itself.
if printf '%s\n' "${missing[@]}" | grep -qx frr; then
	systemctl disable frr >/dev/null 2>&1 || true
	systemctl stop frr >/dev/null 2>&1 || true
fi
