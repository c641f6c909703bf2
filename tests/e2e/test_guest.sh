#!/usr/bin/env bash
# Real guests: a Debian kernel with a busybox initramfs (tools/guest/) under
# QEMU (TCG here, KVM when /dev/kvm runs a stock kernel) with virtio-net on
# a sluice vhost-user port, in both roles:
#  A. QEMU is the vhost-user server, sluice the (reconnecting) client;
#     host_mtu=1450: the guest's eth0 and sluice's port.show say 1450;
#  B. sluice is the server, QEMU the client with reconnect=1.
# Each guest pings the phy side and runs iperf3 against a server there (its
# console says so), the phy namespace pings the guest and runs iperf3 to it,
# and sluice is restarted under the running guest: traffic resumes, same
# QEMU process, no reboot (the guest's uptime keeps counting).
# Guest RAM shared (vhost-user maps it): A on memfd, B on 2 MiB hugepages
# (a hugetlbfs mounted by the test, the pool grown by what is missing and
# restored at the end).
# Usage: tests/e2e/test_guest.sh BUILD_DIR   (as root, under /work/dpdk.lock)
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
source tests/lib/qemu_guest.sh
e2e_init guest "${1:-build}" qemu-system-x86_64 iperf3 ping busybox

guest_dir=$(cd "$E2E_BUILD" && pwd)/guest
e2e_guest_image "$guest_dir"
e2e_log "$(tail -1 "$E2E_DIR/build-guest.log")"

ns_phy=$(e2e_ns phy)
e2e_netns_add "$ns_phy" || e2e_abort setup "cannot create namespace $ns_phy"
ctl=$E2E_DIR/ctl.sock
sluicectl=$E2E_BUILD/tools/sluicectl/sluicectl

# hugepages_for_guest N: N free 2 MiB pages (the pool grown if needed) and
# a hugetlbfs mounted at $huge_dir; undone by cleanup.
pool=/sys/kernel/mm/hugepages/hugepages-2048kB
huge_dir=$E2E_DIR/huge
pool_before=
hugepages_for_guest() {
	local want=$1 free
	[ -w "$pool/nr_hugepages" ] || return 1
	free=$(cat "$pool/free_hugepages")
	if [ "$free" -lt "$want" ]; then
		pool_before=$(cat "$pool/nr_hugepages")
		echo $((pool_before + want - free)) >"$pool/nr_hugepages"
		[ "$(cat "$pool/free_hugepages")" -ge "$want" ] || return 1
	fi
	mkdir -p "$huge_dir" && mount -t hugetlbfs -o pagesize=2M none "$huge_dir"
}
cleanup() {
	local rc=$?
	# QEMU maps files of the hugetlbfs: it goes first.
	e2e_stop vma TERM
	e2e_stop vmb TERM
	if mountpoint -q "$huge_dir" 2>/dev/null; then
		umount "$huge_dir"
	fi
	[ -n "$pool_before" ] && echo "$pool_before" >"$pool/nr_hugepages"
	e2e_cleanup_all "$rc"
	exit "$rc"
}
trap cleanup EXIT

# KVM only where it can run a stock kernel (not this machine's /dev/kvm).
accel=tcg
if [ "${SLUICE_GUEST_KVM:-0}" = 1 ] && [ -w /dev/kvm ]; then
	accel=kvm
fi

# write_config N: phy0 (a tap in $ns_phy) and two vhost ports: vma, where
# sluice is the client, vmb, where it is the server.
write_config() {
	{
		e2e_config_head "sl$$-sluice-$1"
		cat <<EOT

[network lan]
type = flat

[port phy0]
type = phy
devargs = net_tap0,iface=phy0
network = lan

[port vma]
type = vhost
socket = $E2E_DIR/vma.sock
mode = client
network = lan

[port vmb]
type = vhost
socket = $E2E_DIR/vmb.sock
mode = server
network = lan
EOT
	} >"$E2E_DIR/sluice-$1.ini"
	sed -i "s|^socket = $E2E_DIR/sl$$-sluice-$1.sock|socket = $ctl|" "$E2E_DIR/sluice-$1.ini"
	echo "$E2E_DIR/sluice-$1.ini"
}

start_sluice() {
	e2e_sluice_start "s$1" "$(write_config "$1")" "$ns_phy" &&
		e2e_addr "$ns_phy" phy0 198.18.0.1/24 &&
		ip netns exec "$ns_phy" ethtool -K phy0 tx off >/dev/null 2>&1
	return 0
}

# start_guest NAME MEMORY-BACKEND CHARDEV-OPTS IP EXTRA-DEVICE-OPTS
start_guest() { qemu_guest_start "$guest_dir" "$1" "$2" "$3" "$4" "$5" "$accel"; }
console_has() { qemu_console_has "$@"; }

# iperf3 server in the phy namespace for the guest's own iperf3 -c.
phy_iperf_server() {
	ip netns exec "$ns_phy" timeout 120 iperf3 -s -1 -p 5201 >"$E2E_DIR/phy-iperf-$1.log" 2>&1 &
	e2e_track "phy-iperf-$1" $! tool ""
	e2e_wait_for 10 "iperf3 listening in $ns_phy" e2e_listening "$ns_phy" 5201
}

# guest_checks NAME IP: what every guest must show.
guest_checks() {
	local name=$1 ip=$2 rate
	e2e_check "$name-boots" "no 'guest: ready' on the console in 60 s" \
		e2e_wait_for 60 "$name ready" console_has "$name" '^guest: ready'
	e2e_log "$name: $(grep -E '^guest: (up|eth0)' "$E2E_DIR/$name.console" | tr '\n' ';')"
	e2e_check "$name-pings-phy" "$(grep '^guest: ping' "$E2E_DIR/$name.console")" \
		console_has "$name" '^guest: ping 198.18.0.1 ok'
	rate=$(sed -n 's/^guest: iperf3 198.18.0.1 ok \([0-9.]*\) Kbits.*/\1/p' "$E2E_DIR/$name.console")
	e2e_check "$name-iperf3-to-phy" "$(grep '^guest: iperf3' "$E2E_DIR/$name.console")" \
		awk -v r="${rate:-0}" 'BEGIN { exit !(r + 0 > 0) }'
	[ -n "$rate" ] && e2e_log "$name: guest -> phy iperf3 $rate Kbits/sec"
	e2e_check "$name-phy-pings-guest" "the phy namespace cannot ping $ip" \
		e2e_ping "$ns_phy" "$ip"
	phy_iperf_to_guest "$name-iperf3-from-phy" "$ip"
}

# phy_iperf_to_guest NAME IP: iperf3 -c from the phy namespace to the
# guest's iperf3 server (started by its /init).
phy_iperf_to_guest() {
	local name=$1 ip=$2 out=$E2E_DIR/$1.iperf rate
	if ! ip netns exec "$ns_phy" timeout 30 iperf3 -c "$ip" -t 2 -f k >"$out" 2>&1; then
		e2e_fail "$name" "iperf3 to $ip failed: $(tail -2 "$out" | tr '\n' ' ')"
		return 1
	fi
	rate=$(awk '/receiver$/ { for (i = 2; i <= NF; i++) if ($i == "Kbits/sec") print $(i - 1) }' "$out")
	if ! awk -v r="${rate:-0}" 'BEGIN { exit !(r + 0 > 0) }'; then
		e2e_fail "$name" "iperf3 reported no throughput"
		return 1
	fi
	e2e_log "$name: phy -> $ip $rate Kbits/sec"
	e2e_pass "$name"
}

# restart_checks NAME IP N: sluice sN-1 stopped, sN started; the same QEMU
# process, no second boot, traffic again.
restart_checks() {
	local name=$1 ip=$2 n=$3 qpid
	qpid=$(e2e_pid "$name")
	e2e_stop "s$((n - 1))" TERM
	start_sluice "$n" || e2e_abort "$name-restart" "sluice s$n did not start"
	e2e_check "$name-reconnects" "sluice s$n logged no 'VM connected' for $4" \
		e2e_wait_for 30 "$4 connected to s$n" e2e_vm_connected "s$n" "$4"
	e2e_check "$name-traffic-resumes" "the phy namespace cannot ping $ip after the restart" \
		e2e_ping "$ns_phy" "$ip" 3
	e2e_check "$name-not-rebooted" "QEMU $qpid gone or the guest booted twice" \
		eval "e2e_alive $qpid && [ \$(grep -c '^guest: up' $E2E_DIR/$name.console) = 1 ]"
}

# --- A: QEMU server, sluice client; host_mtu 1450; memfd RAM
start_sluice 0 || e2e_abort sluice-start "sluice did not start"
phy_iperf_server a
start_guest vma "memory-backend-memfd,id=mem,size=256M,share=on" \
	"$E2E_DIR/vma.sock,server=on,wait=off" 198.18.0.21 ",mac=52:54:00:12:00:21,host_mtu=1450"
e2e_check vma-connects "sluice logged no 'port vma: VM connected'" \
	e2e_wait_for 30 "vma connected" e2e_vm_connected s0 vma
guest_checks vma 198.18.0.21
e2e_check vma-guest-mtu "the guest's eth0 is not at MTU 1450" \
	console_has vma '^guest: eth0 mtu 1450 '
guest_mtu=$("$sluicectl" -s "$ctl" --json port show vma | jq -r '.result.ports[0].vhost.guest_mtu')
e2e_check vma-sluice-sees-mtu "port.show says guest_mtu $guest_mtu, want 1450" \
	test "$guest_mtu" = 1450
restart_checks vma 198.18.0.21 1 vma
e2e_stop vma TERM

# --- B: sluice server, QEMU client with reconnect; RAM on 2 MiB hugepages
# from a hugetlbfs of our own, the pool grown by what is missing and given
# back at the end (memfd when the kernel will not give them).
mem="memory-backend-memfd,id=mem,size=256M,share=on"
if hugepages_for_guest 128; then
	mem="memory-backend-file,id=mem,size=256M,share=on,mem-path=$huge_dir"
	e2e_log "vmb: guest RAM on 2 MiB hugepages ($huge_dir)"
else
	e2e_log "vmb: no 128 free 2 MiB hugepages: guest RAM on memfd"
fi
phy_iperf_server b
start_guest vmb "$mem" "$E2E_DIR/vmb.sock,reconnect=1" 198.18.0.22 ",mac=52:54:00:12:00:22"
e2e_check vmb-connects "sluice logged no 'port vmb: VM connected'" \
	e2e_wait_for 30 "vmb connected" e2e_vm_connected s1 vmb
guest_checks vmb 198.18.0.22
restart_checks vmb 198.18.0.22 2 vmb
e2e_stop vmb TERM
e2e_stop s2 TERM
e2e_check sluice-exit-0 "sluice exited $E2E_RC" test "$E2E_RC" = 0
e2e_finish
