#!/usr/bin/env bash
# A real QEMU guest's offloads over VXLAN and GRE (issue 12): a TCG guest
# (tools/guest/) on a vhost port of a tunnel network, QEMU offering its
# default offloads (CSUM, GUEST_CSUM, HOST/GUEST_TSO4/6); the far end a
# Linux kernel vxlan device in a "remote" namespace, or for GRE (the kernel
# here has no gretap) tests/lib/gre_peer.py bridging a tap there. A 4 MiB file goes
# remote -> guest and back guest -> remote over TCP: both copies intact
# (sha256), so the guest's TSO sends were segmented and encapsulated right
# and what it received (merged, marked verified) was right too; port.show
# says the guest negotiated TSO.
# Usage: tests/e2e/test_guest_tunnel_qemu.sh BUILD_DIR   (as root, under /work/dpdk.lock)
# shellcheck disable=SC2015,SC2016 # "A && B || abort" aborts when either fails; eval'd checks
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init guest-tunnel-qemu "${1:-build}" qemu-system-x86_64 busybox jq nc sha256sum python3

sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
guest_dir=$(cd "$E2E_BUILD" && pwd)/guest
e2e_guest_image "$guest_dir"

# run_case vxlan|gre: namespaces, sluice and the guest of one case, the
# file both ways, then all stopped.
run_case() {
	local kind=$1 mtu=1450 ns_sw ns_rm prefix ctl network
	ns_sw=$(e2e_ns "s$kind")
	ns_rm=$(e2e_ns "r$kind")
	for ns in "$ns_sw" "$ns_rm"; do
		e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
	done
	if [ "$kind" = vxlan ]; then
		e2e_kernel_vtep "$ns_sw" "$ns_rm" || e2e_abort setup "cannot set up the remote VTEP (kernel vxlan)"
		network="type = vxlan
vni = 100
flood = 198.19.0.2"
	else
		# As e2e_kernel_vtep, with gre_peer.py's tap for the kernel's vxlan device.
		mtu=1458
		ip link add "sl$$u" netns "$ns_sw" type veth peer name "sl$$r" netns "$ns_rm" &&
			ip -n "$ns_sw" link set "sl$$u" up &&
			ip -n "$ns_rm" link set "sl$$r" up &&
			ip -n "$ns_rm" addr add 198.19.0.2/24 dev "sl$$r" &&
			ip netns exec "$ns_rm" ethtool -K "sl$$r" tx off >/dev/null &&
			ip -n "$ns_rm" tuntap add dev gt0 mode tap &&
			ip -n "$ns_rm" link set gt0 mtu 1458 &&
			ip -n "$ns_rm" addr add 198.18.7.2/24 dev gt0 &&
			ip -n "$ns_rm" link set gt0 up || e2e_abort setup "cannot set up the GRE peer's namespace"
		ip netns exec "$ns_rm" /usr/bin/python3 tests/lib/gre_peer.py bridge --tap gt0 \
			--remote 198.19.0.1 --key 4660 >"$E2E_DIR/gre_peer.log" 2>&1 &
		e2e_track gre_peer $! tool ""
		network="type = gre
key = 4660
flood = 198.19.0.2"
	fi

	prefix=sl$$-$kind
	ctl=$E2E_DIR/$prefix.sock
	{
		e2e_config_head "$prefix"
		cat <<EOT

[vtep]
address = 198.19.0.1/24
port = u

[network ov]
$network

[port u]
type = phy
devargs = net_af_packet0,iface=sl$$u,qpairs=2
rx-queues = 2

[port vm]
type = vhost
socket = $E2E_DIR/$kind.sock
mode = client
network = ov
EOT
	} >"$E2E_DIR/$kind.ini"
	e2e_sluice_start "s$kind" "$E2E_DIR/$kind.ini" "$ns_sw" || e2e_abort "$kind-sluice-start" "sluice did not start"
	ctl() { "$sluicectl" -s "$ctl" --json "$@"; }

	: >"$E2E_DIR/$kind.console"
	taskset -c 0 qemu-system-x86_64 -accel tcg -machine pc -m 256 -smp 1 \
		-nodefaults -no-user-config -display none -no-reboot \
		-object memory-backend-memfd,id=mem,size=256M,share=on -numa node,memdev=mem \
		-kernel "$guest_dir/vmlinux" -initrd "$guest_dir/initramfs.cpio.gz" \
		-append "console=ttyS0 quiet panic=-1 sluice.ip=198.18.7.41/24 sluice.peer=198.18.7.2 sluice.echo=7001" \
		-serial "file:$E2E_DIR/$kind.console" \
		-chardev "socket,id=chr0,path=$E2E_DIR/$kind.sock,server=on,wait=off" \
		-netdev vhost-user,id=net0,chardev=chr0 \
		-device "virtio-net-pci,netdev=net0,vectors=0,host_mtu=$mtu,mac=52:54:00:12:00:41" \
		</dev/null >"$E2E_DIR/$kind.qemu.log" 2>&1 &
	e2e_track "vm$kind" $! qemu ""
	console_has() { grep -q "$1" "$E2E_DIR/$kind.console"; }
	e2e_check "$kind-boots" "no 'guest: ready' on the console in 120 s: $(tail -2 "$E2E_DIR/$kind.console")" \
		e2e_wait_for 120 "guest ready" console_has '^guest: ready'
	e2e_check "$kind-guest-pings" "$(grep '^guest: ping' "$E2E_DIR/$kind.console")" \
		console_has '^guest: ping 198.18.7.2 ok'
	features=$(ctl port show vm | jq -c '.result.ports[0].vhost')
	e2e_log "$kind: port show vm: $features"
	e2e_check "$kind-tso-negotiated" "the guest did not negotiate host_tso4 and guest_tso4: $features" \
		eval 'grep -q -i "host_tso4" <<<"$features" && grep -q -i "guest_tso4" <<<"$features"'

	# remote -> guest, then guest -> remote (the guest sends back what it got).
	sent=$E2E_DIR/$kind.sent
	back=$E2E_DIR/$kind.back
	head -c $((4 << 20)) /dev/urandom >"$sent"
	want=$(sha256sum <"$sent" | cut -d' ' -f1)
	ip netns exec "$ns_rm" timeout 120 nc -l 198.18.7.2 7002 >"$back" 2>"$E2E_DIR/echo.nc-l.err" &
	e2e_track "echo$kind" $! tool ""
	e2e_wait_for 10 "nc listening on 7002" e2e_listening "$ns_rm" 7002 ||
		e2e_abort "$kind-echo" "nc did not listen in the remote namespace"
	e2e_check "$kind-to-guest-sent" "nc to the guest failed: $(cat "$E2E_DIR/echo.nc.err" 2>/dev/null)" \
		eval 'ip netns exec "$ns_rm" timeout 120 nc -N 198.18.7.41 7001 <"$sent" 2>"$E2E_DIR/echo.nc.err"'
	e2e_check "$kind-to-guest-intact" "guest: $(grep '^guest: echo received' "$E2E_DIR/$kind.console"), sent sha256 $want" \
		e2e_wait_for 60 "the guest's sha256" console_has "^guest: echo received $((4 << 20)) bytes sha256 $want"
	e2e_check "$kind-from-guest-done" "the guest's send back did not finish: $(grep '^guest: echo s' "$E2E_DIR/$kind.console")" \
		e2e_wait_for 120 "the guest to send it back" e2e_dead "$(e2e_pid "echo$kind")"
	e2e_check "$kind-from-guest-intact" "received $(stat -c %s "$back") bytes back, sha256 $(sha256sum <"$back" | cut -d' ' -f1), want $want" \
		test "$(sha256sum <"$back" | cut -d' ' -f1)" = "$want"

	e2e_stop "vm$kind" TERM
[ "$kind" = gre ] && e2e_stop gre_peer TERM
	e2e_stop "s$kind" TERM
	e2e_check "$kind-sluice-exit-0" "sluice exited $E2E_RC" test "$E2E_RC" = 0
	e2e_check "$kind-no-runtime-left" "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"
}

run_case vxlan
run_case gre
[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
