#!/usr/bin/env bash
# sluice's VTEP against the Linux kernel's own VXLAN: a testpmd "VM" behind a
# vhost port in a vxlan network, and two "remote" namespaces, each holding a
# kernel vxlan device (VNI 100), on an underlay bridge with sluice's
# af_packet port; sluice floods to both (head-end replication).
# Ping both ways with ARP for the underlay resolved by the datapath itself
# for the first remote; the second has ARP off and is a static neighbour in
# the config file ([vtep] neighbours). TCP both ways at inner MTU 1450 (2 MiB checked byte
# for byte, then iperf3 for 2 s each way), the remote MAC
# learned behind its VTEP, the VTEP's counters, a clean stop.
# With VXLAN_OUTER_VLAN=N (tests/e2e/test_vxlan_vlan.sh) the underlay is
# VLAN N: each remote's address sits on a tap that tests/lib/vlan_peer.py
# joins to VLAN N on its veth (this kernel has no VLAN devices), sluice has
# [vtep] vlan = N, and untagged frames to it are dropped as vtep-wrong-vlan.
# Usage: tests/e2e/test_vxlan.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016 # "A && B || abort" aborts when either fails; eval strings expand when run
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
outer_vlan=${VXLAN_OUTER_VLAN:-}
e2e_init "vxlan${outer_vlan:+_vlan}" "${1:-build}" dpdk-testpmd ping ethtool nc ss sha256sum iperf3
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"

ns_sl=$(e2e_ns sw)
ns_ul=$(e2e_ns ul)
ns_remote=$(e2e_ns rm)
ns_remote2=$(e2e_ns r2)
ns_vm=$(e2e_ns vm1)
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
sock=$E2E_DIR/$prefix.sock
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }

for ns in "$ns_sl" "$ns_ul" "$ns_remote" "$ns_remote2" "$ns_vm"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
# Without the kernel's vxlan there is no peer to test against.
if ! ip -n "$ns_remote" link add vxprobe type vxlan id 1 dstport 4789 2>/dev/null; then
	e2e_skip vxlan "this kernel has no vxlan devices"
	exit 0
fi
ip -n "$ns_remote" link del vxprobe
# The underlay: a Linux bridge in its own namespace joining sluice's port and
# the two remote VTEPs' NICs.
ip -n "$ns_ul" link add br0 type bridge && ip -n "$ns_ul" link set br0 up ||
	e2e_abort setup "cannot create the underlay bridge"
ip link add "sl$$u" netns "$ns_sl" type veth peer name "sl$$b0" netns "$ns_ul" &&
	ip -n "$ns_sl" link set "sl$$u" up &&
	ip -n "$ns_ul" link set "sl$$b0" master br0 up || e2e_abort setup "cannot create sluice's veth"
# The interface of remote N that holds its underlay address: its veth, or
# the tap vlan_peer.py joins to the VLAN on it.
ul_if() { if [ -n "$outer_vlan" ]; then echo "vl$$r$1"; else echo "sl$$r$1"; fi; }
# remote NS N: a NIC on the underlay at 198.18.0.N and the kernel's vxlan
# device (VNI 100, without `dev`: TESTING.md) at 10.0.0.N towards sluice.
remote() {
	local ns=$1 n=$2
	ip link add "sl$$r$n" netns "$ns" type veth peer name "sl$$b$n" netns "$ns_ul" &&
		ip -n "$ns_ul" link set "sl$$b$n" master br0 up &&
		ip -n "$ns" link set "sl$$r$n" up &&
		ip netns exec "$ns" ethtool -K "sl$$r$n" tx off >/dev/null &&
		if [ -n "$outer_vlan" ]; then
			ip -n "$ns" tuntap add dev "vl$$r$n" mode tap &&
				ip -n "$ns" link set "vl$$r$n" up &&
				ip netns exec "$ns" ethtool -K "vl$$r$n" tx off >/dev/null &&
				{
					ip netns exec "$ns" /usr/bin/python3 "$(pwd)/tests/lib/vlan_peer.py" \
						--trunk "sl$$r$n" "$outer_vlan=vl$$r$n" \
						>"$E2E_DIR/vlan_peer$n.log" 2>&1 &
					e2e_track "vlan_peer$n" $! tool ""
				}
		fi &&
		ip -n "$ns" addr add "198.18.0.$n/24" dev "$(ul_if "$n")" &&
		ip -n "$ns" link add vx0 type vxlan id 100 local "198.18.0.$n" remote 198.18.0.1 \
			dstport 4789 &&
		ip -n "$ns" link set vx0 mtu 1450 &&
		ip -n "$ns" addr add "10.0.0.$n/24" dev vx0 &&
		ip -n "$ns" link set vx0 up
}
remote "$ns_remote" 2 && remote "$ns_remote2" 3 || e2e_abort setup "cannot set up the remote VTEPs"
# Remote .3 speaks no ARP on the underlay (arp off: it neither asks nor
# answers): sluice reaches it only through the static neighbour in its
# config, and it reaches sluice through a permanent entry of its own.
mac_r3=$(ip netns exec "$ns_remote2" cat "/sys/class/net/$(ul_if 3)/address")
mac_u=$(ip netns exec "$ns_sl" cat "/sys/class/net/sl$$u/address")
ip -n "$ns_remote2" link set "$(ul_if 3)" arp off &&
	ip -n "$ns_remote2" neigh replace 198.18.0.1 lladdr "$mac_u" dev "$(ul_if 3)" nud permanent ||
	e2e_abort setup "cannot take ARP away from the second remote"

{
	e2e_config_head "$prefix"
	cat <<EOF

[vtep]
address = 198.18.0.1/24
port = u
neighbours = 198.18.0.3 $mac_r3
${outer_vlan:+vlan = $outer_vlan}

[network ov]
type = vxlan
vni = 100
flood = 198.18.0.2, 198.18.0.3

[port u]
type = phy
; af_packet's default: ONE queue pair. The PMD's tx queue is the only one;
; the control thread's ARP leaves through the PMD (dataplane/ctl_tx.h).
devargs = net_af_packet0,iface=sl$$u

[port vm1]
type = vhost
socket = $E2E_DIR/vm1.sock
mode = client
network = ov
EOF
} >"$config"

e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm"
e2e_wait_for 10 "VM socket" test -S "$E2E_DIR/vm1.sock" ||
	e2e_abort setup "the testpmd VM did not create its vhost-user socket"
e2e_sluice_start sluice "$config" "$ns_sl" || e2e_abort start "sluice did not become ready"
e2e_pass start
e2e_wait_for 15 "vm1 connected" e2e_vm_connected sluice vm1 && e2e_vm_ready vm1 ||
	e2e_abort connect-vm1 "the VM did not connect or start forwarding"
e2e_pass connect-vm1
e2e_addr "$ns_vm" vm1 10.0.0.11/24 && ip -n "$ns_vm" link set vm1 mtu 1450 ||
	e2e_abort setup "cannot address the VM"

e2e_check ping-vm-remote "no replies from 10.0.0.2 across VXLAN" e2e_ping "$ns_vm" 10.0.0.2
e2e_check ping-remote-vm "no replies from 10.0.0.11 across VXLAN" e2e_ping "$ns_remote" 10.0.0.11
# The second remote is reached only through head-end replication of the
# VM's ARP broadcast (and answers through its own VTEP).
e2e_check ping-vm-remote2 "no replies from 10.0.0.3: flood to the second VTEP" \
	e2e_ping "$ns_vm" 10.0.0.3
e2e_check ping-remote2-vm "no replies from 10.0.0.11 to the second remote" \
	e2e_ping "$ns_remote2" 10.0.0.11
e2e_check ping-large "no replies to 1400-byte pings" \
	ip netns exec "$ns_vm" ping -n -q -c 3 -i 0.2 -W 1 -w 10 -s 1400 10.0.0.2

# TCP both ways with full-size inner frames (inner MTU 1450), checked byte for byte.
e2e_file_transfer tcp-vm-remote "$ns_vm" "$ns_remote" 10.0.0.2 5001 $((2 * 1024 * 1024))
e2e_file_transfer tcp-remote-vm "$ns_remote" "$ns_vm" 10.0.0.11 5002 $((2 * 1024 * 1024))
# Sustained TCP for 2 s each way: completes, at some rate (no threshold).
e2e_iperf iperf-vm-remote "$ns_vm" "$ns_remote" 10.0.0.2 5201
e2e_iperf iperf-remote-vm "$ns_remote" "$ns_vm" 10.0.0.11 5202

# The datapath resolved the remote VTEP by ARP, and learned the remote MAC behind it.
e2e_check neighbour-learned "198.18.0.2 not resolved by the datapath's ARP" \
	eval 'ctl neighbour show | grep -q "\"address\":\"198.18.0.2\",\"mac\":\"[0-9A-F:]*\",\"state\":\"reachable\",\"static\":false"'
# .3 came from the file, static, and was never asked for: it cannot answer.
e2e_check neighbour-static-from-config "198.18.0.3 is not the config's static neighbour" \
	eval 'ctl neighbour show | grep -qi "\"address\":\"198.18.0.3\",\"mac\":\"$mac_r3\",\"state\":\"reachable\",\"static\":true"'
e2e_check remote-mac-in-fdb "no FDB entries behind remotes 198.18.0.2 and .3" \
	eval 'ctl fdb show ov | grep -q "\"remote\":\"198.18.0.2\"" &&
	      ctl fdb show ov | grep -q "\"remote\":\"198.18.0.3\""'
# The kernel learned our MAC from our own request; make it ask, and get the
# datapath's answer.
ip -n "$ns_remote" neigh flush dev "$(ul_if 2)"
e2e_check ping-remote-vm-again "no replies from 10.0.0.11 after the kernel forgot our MAC" \
	e2e_ping "$ns_remote" 10.0.0.11
e2e_check vtep-answered-arp "the VTEP never answered ARP for 198.18.0.1" \
	eval 'ctl vtep show | grep -Eq "\"replies_sent\":[1-9]"'
e2e_check kernel-resolved-vtep "the remote kernel has no ARP entry for 198.18.0.1" \
	eval 'ip -n "$ns_remote" neigh show 198.18.0.1 | grep -q lladdr'

# On a VLAN underlay, untagged frames to the VTEP are not ours: ARP from an
# address on the bare veth reaches sluice untagged and is dropped, counted.
if [ -n "$outer_vlan" ]; then
	ip -n "$ns_remote" addr add 198.19.0.2/24 dev "sl$$r2"
	ip netns exec "$ns_remote" ping -n -q -c 2 -W 1 198.19.0.1 >/dev/null 2>&1
	e2e_check untagged-dropped "no vtep-wrong-vlan drops after untagged ARP" \
		eval 'ctl stats drops | grep -Eq "\"reason\":\"vtep-wrong-vlan\",\"count\":[1-9]"'
	e2e_check vtep-show-vlan "vtep.show does not report vlan $outer_vlan" \
		eval 'ctl vtep show | grep -q "\"vlan\":$outer_vlan"'
fi

if [ "$E2E_FAILED" -gt 0 ]; then
	ctl vtep show
	ctl neighbour show
	ctl fdb show
	ip -n "$ns_remote" neigh show
	ip -n "$ns_remote" -s link show "sl$$r2"
	ctl stats drops
fi
e2e_stop sluice TERM
e2e_check sigterm-clean-exit "exit status $E2E_RC" test "$E2E_RC" = 0
e2e_check sigterm-no-runtime-left "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"
if [ -n "$outer_vlan" ]; then
	e2e_stop vlan_peer2 TERM
	e2e_stop vlan_peer3 TERM
fi

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
