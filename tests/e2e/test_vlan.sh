#!/usr/bin/env bash
# vlan networks on a trunk: sluice's af_packet phy port faces a "peer"
# namespace whose veth carries VLANs 100, 200 and 300, each ending in a tap
# of the peer's (tests/lib/vlan_peer.py tags and untags: this kernel has no
# VLAN devices, TESTING.md);
# two testpmd VMs sit in vlan networks v100 (vid 100) and v200 (vid 200),
# both on that one phy port. The peer pings each VM through its own VLAN,
# TCP crosses vid 100 byte for byte at full size, the VLANs are isolated
# (vid 100 never reaches the VM of vid 200 even on one subnet), frames with
# vid 300 (no network) are dropped as vlan-unknown-vid, and a second network
# with vid 100 on the same port is refused over the control socket.
# Usage: tests/e2e/test_vlan.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016 # "A && B || abort" aborts when either fails; eval strings expand when run
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init vlan "${1:-build}" dpdk-testpmd ping ethtool nc ss sha256sum
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"

ns_sl=$(e2e_ns sw)
ns_peer=$(e2e_ns pr)
ns_vm1=$(e2e_ns vm1)
ns_vm2=$(e2e_ns vm2)
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
sock=$E2E_DIR/$prefix.sock
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }

for ns in "$ns_sl" "$ns_peer" "$ns_vm1" "$ns_vm2"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
# The trunk: a veth from sluice's namespace (its af_packet port) to the peer,
# where vlan_peer.py joins VLAN N to the peer's tap slPIDpN.
ip link add "sl$$t" netns "$ns_sl" type veth peer name "sl$$p" netns "$ns_peer" &&
	ip -n "$ns_sl" link set "sl$$t" up &&
	ip -n "$ns_peer" link set "sl$$p" up &&
	ip netns exec "$ns_peer" ethtool -K "sl$$p" tx off >/dev/null ||
	e2e_abort setup "cannot create the trunk veth"
vlan_if() {
	local vid=$1 addr=$2
	ip -n "$ns_peer" tuntap add dev "sl$$p$vid" mode tap &&
		ip -n "$ns_peer" addr add "$addr" dev "sl$$p$vid" &&
		ip -n "$ns_peer" link set "sl$$p$vid" up &&
		ip netns exec "$ns_peer" ethtool -K "sl$$p$vid" tx off >/dev/null
}
vlan_if 100 198.18.0.1/24 && vlan_if 200 198.18.2.1/24 && vlan_if 300 198.18.4.1/24 ||
	e2e_abort setup "cannot create the peer's VLAN taps"
ip netns exec "$ns_peer" /usr/bin/python3 "$(pwd)/tests/lib/vlan_peer.py" --trunk "sl$$p" \
	"100=sl$$p100" "200=sl$$p200" "300=sl$$p300" >"$E2E_DIR/vlan_peer.log" 2>&1 &
e2e_track vlan_peer $! tool ""

{
	e2e_config_head "$prefix"
	cat <<EOF

[network v100]
type = vlan
vid = 100
port = phy0

[network v200]
type = vlan
vid = 200
port = phy0

[port phy0]
type = phy
; af_packet spreads received flows over its queue pairs: poll them all.
devargs = net_af_packet0,iface=sl$$t,qpairs=1

[port vm1]
type = vhost
socket = $E2E_DIR/vm1.sock
mode = client
network = v100

[port vm2]
type = vhost
socket = $E2E_DIR/vm2.sock
mode = client
network = v200
EOF
} >"$config"

e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm1"
e2e_vm_start vm2 "$E2E_DIR/vm2.sock" "$ns_vm2"
e2e_wait_for 10 "VM sockets" test -S "$E2E_DIR/vm1.sock" -a -S "$E2E_DIR/vm2.sock" ||
	e2e_abort setup "the testpmd VMs did not create their vhost-user sockets"
e2e_sluice_start sluice "$config" "$ns_sl" || e2e_abort start "sluice did not become ready"
e2e_pass start
for vm in vm1 vm2; do
	e2e_wait_for 15 "$vm connected" e2e_vm_connected sluice "$vm" && e2e_vm_ready "$vm" ||
		e2e_abort "connect-$vm" "the VM did not connect or start forwarding"
	e2e_pass "connect-$vm"
done
e2e_addr "$ns_vm1" vm1 198.18.0.11/24 && e2e_addr "$ns_vm2" vm2 198.18.2.12/24 ||
	e2e_abort setup "cannot address the VMs"

e2e_check ping-peer-vm1 "no replies from 198.18.0.11 over vid 100" e2e_ping "$ns_peer" 198.18.0.11
e2e_check ping-vm1-peer "no replies from 198.18.0.1 over vid 100" e2e_ping "$ns_vm1" 198.18.0.1
e2e_check ping-peer-vm2 "no replies from 198.18.2.12 over vid 200" e2e_ping "$ns_peer" 198.18.2.12
e2e_check ping-vm2-peer "no replies from 198.18.2.1 over vid 200" e2e_ping "$ns_vm2" 198.18.2.1
e2e_check ping-large "no replies to 1472-byte pings over vid 100" \
	ip netns exec "$ns_peer" ping -n -q -c 3 -i 0.2 -W 1 -w 10 -s 1472 198.18.0.11
e2e_file_transfer tcp-peer-vm1 "$ns_peer" "$ns_vm1" 198.18.0.11 5001 $((2 * 1024 * 1024))
e2e_file_transfer tcp-vm1-peer "$ns_vm1" "$ns_peer" 198.18.0.1 5002 $((2 * 1024 * 1024))

# Isolation: vm2 also takes an address on vid 100's subnet. Neither the peer
# on vid 100 nor vm1 may reach it: their ARP never leaves network v100.
ip -n "$ns_vm2" addr add 198.18.0.12/24 dev vm2
e2e_check vid-isolated-from-peer "198.18.0.12 (vm2, vid 200) answered on vid 100" \
	eval '! ip netns exec "$ns_peer" ping -n -q -c 2 -W 1 198.18.0.12 >/dev/null 2>&1'
e2e_check vid-isolated-from-vm1 "198.18.0.12 (vm2, vid 200) answered vm1 in v100" \
	eval '! ip netns exec "$ns_vm1" ping -n -q -c 2 -W 1 198.18.0.12 >/dev/null 2>&1'

# vid 300 has no network: the peer's ARP on it is dropped and counted.
ip netns exec "$ns_peer" ping -n -q -c 2 -W 1 198.18.4.2 >/dev/null 2>&1
e2e_check unknown-vid-dropped "no vlan-unknown-vid drops on phy0 after traffic on vid 300" \
	eval 'ctl stats drops | grep -Eq "\"port\":\"phy0\",\"reason\":\"vlan-unknown-vid\",\"count\":[1-9]"'

# The socket refuses a second network with vid 100 on phy0, and takes vid 300.
e2e_check add-duplicate-vid-refused "network.add with vid 100 on phy0 was not refused" \
	eval 'ctl network add dup type=vlan vid=100 port=phy0 2>&1 |
	      grep -q "key .vid.: 100 on port .phy0. is already network .v100."'
e2e_check add-vlan-network "network.add of vid 300 on phy0 failed" \
	eval 'ctl network add v300 type=vlan vid=300 port=phy0 | grep -q "\"vid\":300"'
e2e_check fdb-on-trunk "the peer's MAC is not learned on phy0 in v100" \
	eval 'ctl fdb show v100 | grep -q "\"port\":\"phy0\""'

e2e_check vlan-peer-running "vlan_peer.py exited: $(tail -3 "$E2E_DIR/vlan_peer.log")" \
	e2e_alive "$(e2e_pid vlan_peer)"

if [ "$E2E_FAILED" -gt 0 ]; then
	cat "$E2E_DIR/vlan_peer.log"
	ctl stats drops
	ctl fdb show
	ctl network show
fi
e2e_stop sluice TERM
e2e_check sigterm-clean-exit "exit status $E2E_RC" test "$E2E_RC" = 0
e2e_check sigterm-no-runtime-left "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"
e2e_stop vlan_peer TERM

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
