# shellcheck shell=bash
# QEMU guests of tools/guest/ (a Debian kernel, a busybox initramfs) on a
# sluice vhost-user port, for e2e scripts that source tests/lib/e2e.sh.
# Their /init reads sluice.ip, sluice.peer and sluice.iperf from the kernel
# command line and reports on the serial console ("guest: ready", ...).

# qemu_guest_start GUEST_DIR NAME MEMORY-BACKEND CHARDEV-OPTS IP DEVICE-OPTS
# [ACCEL]: QEMU on CPU 0 (the PMD has CPU 1), tracked as NAME, its console
# in $E2E_DIR/NAME.console. TCG unless ACCEL says kvm. $QEMU_GUEST_APPEND,
# when set, is added to the kernel command line (sluice.ctl=1 ...).
qemu_guest_start() {
	local dir=$1 name=$2 mem=$3 chardev=$4 ip=$5 devopts=$6 accel=${7:-tcg}
	: >"$E2E_DIR/$name.console"
	taskset -c 0 qemu-system-x86_64 -accel "$accel" -machine pc -m 256 -smp 1 \
		-nodefaults -no-user-config -display none -no-reboot \
		-object "$mem" -numa node,memdev=mem \
		-kernel "$dir/vmlinux" -initrd "$dir/initramfs.cpio.gz" \
		-append "console=ttyS0 quiet panic=-1 sluice.ip=$ip/24 sluice.peer=198.18.0.1 sluice.iperf=1 ${QEMU_GUEST_APPEND:-}" \
		-serial "file:$E2E_DIR/$name.console" \
		-chardev "socket,id=chr0,path=$chardev" \
		-netdev vhost-user,id=net0,chardev=chr0 \
		-device "virtio-net-pci,netdev=net0,vectors=0$devopts" \
		</dev/null >"$E2E_DIR/$name.qemu.log" 2>&1 &
	e2e_track "$name" $! qemu ""
}

# qemu_console_has NAME REGEX: the guest's console has a line matching it.
qemu_console_has() { grep -q "$2" "$E2E_DIR/$1.console"; }

# qemu_guest_sh NS IP CMD: run CMD in the shell a guest started with
# sluice.ctl=1 serves on TCP port 23, from namespace NS; prints its output.
qemu_guest_sh() {
	echo "$3" | ip netns exec "$1" timeout 120 nc -N "$2" 23
}
