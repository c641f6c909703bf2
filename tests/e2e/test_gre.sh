#!/usr/bin/env bash
# sluice's VTEP against a userspace L2-GRE peer (this kernel has no gretap:
# TESTING.md): a testpmd "VM" behind a vhost port in a gre network (key
# 4660), and a "remote" namespace whose NIC is a tap bridged to GRE by
# tests/lib/gre_peer.py over a veth to sluice's af_packet port.
# Ping both ways with ARP for the underlay resolved by the datapath itself
# (no static neighbour), TCP both ways at inner MTU 1458 (1500 - 42), the
# remote MAC learned behind its VTEP, bad GRE (checksum bit, unknown key)
# dropped and counted, a clean stop; the port with fewer rx queues than
# af_packet's queue pairs refused at start and at port add.
# Usage: tests/e2e/test_gre.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016 # "A && B || abort" aborts when either fails; eval strings expand when run
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init gre "${1:-build}" dpdk-testpmd ping ethtool nc ss sha256sum iperf3 /usr/bin/python3
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"
peer=$(pwd)/tests/lib/gre_peer.py
key=4660

ns_sl=$(e2e_ns sw)
ns_remote=$(e2e_ns rm)
ns_vm=$(e2e_ns vm1)
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
sock=$E2E_DIR/$prefix.sock
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }

# IPv6 off: its chatter (MLD, router solicitations from gt0) would make the
# remote's kernel ARP for the VTEP first, and the datapath would never ask
# itself. Quiet, the first packet across (the VM's ARP) waits for the
# datapath's own ARP, as issue 11 finding 8's setup had it.
for ns in "$ns_sl" "$ns_remote" "$ns_vm"; do
	e2e_netns_add "$ns" &&
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || e2e_abort setup "cannot create namespace $ns"
done
# The underlay: a veth from sluice's af_packet port to the remote's NIC at
# 198.18.0.2; the remote host's own NIC is the tap gt0 at 10.0.0.2, which
# gre_peer.py bridges to GRE.
ip link add "sl$$u" netns "$ns_sl" type veth peer name "sl$$r2" netns "$ns_remote" &&
	ip -n "$ns_sl" link set "sl$$u" up &&
	ip -n "$ns_remote" link set "sl$$r2" up &&
	ip -n "$ns_remote" addr add 198.18.0.2/24 dev "sl$$r2" &&
	ip netns exec "$ns_remote" ethtool -K "sl$$r2" tx off >/dev/null &&
	ip -n "$ns_remote" tuntap add dev gt0 mode tap &&
	ip -n "$ns_remote" link set gt0 mtu 1458 &&
	ip -n "$ns_remote" addr add 10.0.0.2/24 dev gt0 &&
	ip -n "$ns_remote" link set gt0 up || e2e_abort setup "cannot set up the remote namespace"
ip netns exec "$ns_remote" /usr/bin/python3 "$peer" bridge --tap gt0 --remote 198.18.0.1 \
	--key "$key" >"$E2E_DIR/gre_peer.log" 2>&1 &
e2e_track gre_peer $! tool ""

{
	e2e_config_head "$prefix"
	cat <<EOF

[vtep]
address = 198.18.0.1/24
port = u

[network ov]
type = gre
key = $key
flood = 198.18.0.2

[port u]
type = phy
; Two queue pairs: the PMD's tx queue and the control thread's (ARP). af_packet
; spreads received flows over its sockets (fanout), so poll both rx queues.
devargs = net_af_packet0,iface=sl$$u,qpairs=2
rx-queues = 2

[port vm1]
type = vhost
socket = $E2E_DIR/vm1.sock
mode = client
network = ov
EOF
} >"$config"

# Issue 11 findings 8 and 9: the same port with rx-queues left at 1. The
# kernel spreads af_packet's frames over both sockets of qpairs=2 by flow
# hash; GRE carrying ARP went to the unpolled one, so the overlay never
# resolved (with static neighbours it passed), and a TCP flow's ACKs waited
# there until that socket's ring filled. sluice must refuse it, not start.
sed "/^rx-queues = 2\$/d; s/$prefix/sl$$-unpolled/g" "$config" \
	>"$E2E_DIR/unpolled.ini"
ip netns exec "$ns_sl" timeout -s TERM 20 "$E2E_SLUICE" --config "$E2E_DIR/unpolled.ini" \
	>"$E2E_DIR/unpolled.out" 2>&1 </dev/null
unpolled_rc=$?
e2e_check unpolled-queues-refused "sluice started (exit $unpolled_rc) with qpairs=2 and rx-queues 1: $(tail -2 "$E2E_DIR/unpolled.out" | tr '\n' ' ')" \
	eval '[ "$unpolled_rc" != 0 ] && [ "$unpolled_rc" != 124 ] && grep -q "set rx-queues = 2" "$E2E_DIR/unpolled.out"'
e2e_check unpolled-no-runtime-left "the refused sluice left files of prefix sl$$-unpolled" \
	e2e_check_no_runtime "sl$$-unpolled"

e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm"
e2e_wait_for 10 "VM socket" test -S "$E2E_DIR/vm1.sock" ||
	e2e_abort setup "the testpmd VM did not create its vhost-user socket"
e2e_sluice_start sluice "$config" "$ns_sl" || e2e_abort start "sluice did not become ready"
e2e_pass start
e2e_wait_for 15 "vm1 connected" e2e_vm_connected sluice vm1 && e2e_vm_ready vm1 ||
	e2e_abort connect-vm1 "the VM did not connect or start forwarding"
e2e_pass connect-vm1
e2e_addr "$ns_vm" vm1 10.0.0.11/24 && ip -n "$ns_vm" link set vm1 mtu 1458 ||
	e2e_abort setup "cannot address the VM"
e2e_check gre-peer-running "gre_peer.py exited: $(tail -3 "$E2E_DIR/gre_peer.log")" \
	e2e_alive "$(e2e_pid gre_peer)"

e2e_check ping-vm-remote "no replies from 10.0.0.2 across GRE" e2e_ping "$ns_vm" 10.0.0.2
e2e_check ping-remote-vm "no replies from 10.0.0.11 across GRE" e2e_ping "$ns_remote" 10.0.0.11
e2e_check ping-large "no replies to 1430-byte pings (inner MTU 1458)" \
	ip netns exec "$ns_vm" ping -n -q -c 3 -i 0.2 -W 1 -w 10 -s 1430 10.0.0.2

# TCP both ways with full-size inner frames, byte for byte, then for 2 s each.
e2e_file_transfer tcp-vm-remote "$ns_vm" "$ns_remote" 10.0.0.2 5001 $((2 * 1024 * 1024))
e2e_file_transfer tcp-remote-vm "$ns_remote" "$ns_vm" 10.0.0.11 5002 $((2 * 1024 * 1024))
e2e_iperf iperf-vm-remote "$ns_vm" "$ns_remote" 10.0.0.2 5201
e2e_iperf iperf-remote-vm "$ns_remote" "$ns_vm" 10.0.0.11 5202

# The datapath resolved the remote VTEP by ARP, and learned the remote MAC behind it.
remote_mac=$(ip -n "$ns_remote" -br link show gt0 | awk '{ print toupper($3) }')
e2e_check vtep-asked-arp "the VTEP sent no ARP request of its own for 198.18.0.2" \
	eval 'ctl vtep show | grep -Eq "\"requests_sent\":[1-9]"'
e2e_check neighbour-learned "198.18.0.2 not resolved by the datapath's ARP" \
	eval 'ctl neighbour show | grep -q "\"address\":\"198.18.0.2\",\"mac\":\"[0-9A-F:]*\",\"state\":\"reachable\",\"static\":false"'
e2e_check remote-mac-in-fdb "no FDB entry for $remote_mac behind remote 198.18.0.2" \
	eval 'ctl fdb show ov | grep -i "\"mac\":\"$remote_mac\"" | grep -q "\"remote\":\"198.18.0.2\""'
# The kernel learned our MAC from our own request; make it ask, and get the
# datapath's answer.
ip -n "$ns_remote" neigh flush dev "sl$$r2"
e2e_check ping-remote-vm-again "no replies from 10.0.0.11 after the kernel forgot our MAC" \
	e2e_ping "$ns_remote" 10.0.0.11
e2e_check vtep-answered-arp "the VTEP never answered ARP for 198.18.0.1" \
	eval 'ctl vtep show | grep -Eq "\"replies_sent\":[1-9]"'

# Bad GRE from the peer's side: the checksum bit (gre-bad-flags), a key no
# network has (tunnel-unknown-vni). Counted on the VTEP's port u.
# shellcheck disable=SC2317 # called through e2e_wait_for
drop_count() {
	ctl stats drops | grep -o "\"port\":\"u\",\"reason\":\"$1\",\"count\":[0-9]*" | grep -o '[0-9]*$'
}
# shellcheck disable=SC2317
drop_at_least() { [ "$(drop_count "$1")" -ge "$2" ] 2>/dev/null; }
ip netns exec "$ns_remote" /usr/bin/python3 "$peer" send --remote 198.18.0.1 --key "$key" --kind csum &&
	ip netns exec "$ns_remote" /usr/bin/python3 "$peer" send --remote 198.18.0.1 --key "$key" --kind key ||
	e2e_fail send-bad-gre "gre_peer.py could not send"
e2e_check drop-gre-bad-flags "no gre-bad-flags drop on port u" \
	e2e_wait_for 5 "gre-bad-flags counted" drop_at_least gre-bad-flags 1
e2e_check drop-gre-unknown-key "no tunnel-unknown-vni drop on port u" \
	e2e_wait_for 5 "tunnel-unknown-vni counted" drop_at_least tunnel-unknown-vni 1
e2e_check ping-after-bad-gre "no replies from 10.0.0.2 after the bad GRE" e2e_ping "$ns_vm" 10.0.0.2

# The same refusal for a port added live, and the device it probed let go:
# the same port added right, with both queues, then works.
ip link add "sl$$v" netns "$ns_sl" type veth peer name "sl$$w" netns "$ns_sl" &&
	ip -n "$ns_sl" link set "sl$$v" up || e2e_fail live-setup "cannot add a second veth"
ctl port add u2 type=phy "devargs=net_af_packet1,iface=sl$$v,qpairs=2" network=ov \
	>"$E2E_DIR/port-add-unpolled.json" 2>&1
e2e_check port-add-unpolled-refused "port add with rx-queues 1 and qpairs=2: $(head -c 300 "$E2E_DIR/port-add-unpolled.json")" \
	grep -q "set rx-queues = 2" "$E2E_DIR/port-add-unpolled.json"
e2e_check port-add-polled-accepted "port add with rx-queues 2 and qpairs=2 refused" \
	eval 'ctl port add u2 type=phy "devargs=net_af_packet1,iface=sl$$v,qpairs=2" rx-queues=2 network=ov >/dev/null &&
		ctl port del u2 >/dev/null'

if [ "$E2E_FAILED" -gt 0 ]; then
	ctl vtep show
	ctl neighbour show
	ctl fdb show
	ctl stats drops
	ip -n "$ns_remote" neigh show
	ip -n "$ns_remote" -s link show "sl$$r2"
	ip -n "$ns_remote" -s link show gt0
fi
e2e_stop gre_peer TERM
e2e_stop sluice TERM
e2e_check sigterm-clean-exit "exit status $E2E_RC" test "$E2E_RC" = 0
e2e_check sigterm-no-runtime-left "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
