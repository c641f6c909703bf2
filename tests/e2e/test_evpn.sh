#!/usr/bin/env bash
# BGP EVPN with stock FRR (issue 14): sluice's remote MACs and flood list come
# from FRR, with no `flood` key in its config.
#
#   host A: namespace "sw": sluice (VTEP 198.18.0.1 on an af_packet veth,
#           [vtep] kernel-tap = yes, network ov vni 100 evpn = yes), a testpmd
#           "VM" (namespace "vm", 198.19.1.11) behind a vhost port, zebra + bgpd
#   host B: namespace "B": Linux bridge br100 + vxlan100 (nolearning) at
#           198.18.0.2, zebra + bgpd, endpoint namespace "eb" (198.19.1.2)
#   host C: the same at 198.18.0.3, endpoint "ec" (198.19.1.3); joins later
#   the underlay: a Linux bridge (namespace "ul") joining the three;
#   management: a veth between A and B, 198.18.255.1/.2
#
# iBGP AS 65000, l2vpn evpn, advertise-all-vni. Checked: the session over
# slvtep; the VM pings B's endpoint and TCP runs both ways; B lists the VM's
# MAC as remote; C joins and appears in sluice's flood list (evpn show) and
# its endpoint is reachable; FRR on A restarted: traffic back, no stale
# state; sluice restarted: shadow devices recreated, traffic back; a MAC
# moves from B to A and B follows; the session over the management veth
# instead of slvtep works the same; bad input (FDB entries on a VXLAN device
# that is not sluice's, a flood entry for our own address) ignored and
# counted.
# Usage: tests/e2e/test_evpn.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016,SC2317 # "A && B || abort" aborts when either fails; eval strings expand when run; functions run through e2e_wait_for
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
source tests/lib/frr.sh
e2e_init evpn "${1:-build}" dpdk-testpmd ping ethtool nc ss sha256sum bridge vtysh \
	/usr/lib/frr/zebra /usr/lib/frr/bgpd
trap frr_exit EXIT
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"

ns_sw=$(e2e_ns sw)
ns_vm=$(e2e_ns vm)
ns_ul=$(e2e_ns ul)
ns_b=$(e2e_ns B)
ns_eb=$(e2e_ns eb)
ns_c=$(e2e_ns C)
ns_ec=$(e2e_ns ec)
prefix=sl$$-sluice
sock=$E2E_DIR/$prefix.sock
config=$E2E_DIR/sluice.ini
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }
ip_a=198.18.0.1
ip_b=198.18.0.2
ip_c=198.18.0.3
mg_a=198.18.255.1
mg_b=198.18.255.2
vm_ip=198.19.1.11
eb_ip=198.19.1.2
ec_ip=198.19.1.3

for ns in "$ns_sw" "$ns_vm" "$ns_ul" "$ns_b" "$ns_eb" "$ns_c" "$ns_ec"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done

# The underlay bridge and A's port on it.
ip -n "$ns_ul" link add br0 type bridge && ip -n "$ns_ul" link set br0 up &&
	ip link add "sl$$u" netns "$ns_sw" type veth peer name "sl$$ba" netns "$ns_ul" &&
	ip -n "$ns_sw" link set "sl$$u" up && ip -n "$ns_ul" link set "sl$$ba" master br0 up ||
	e2e_abort setup "cannot build the underlay"
# af_packet only taps the veth: keep the kernel's own stack off it (evpn.md).
ip netns exec "$ns_sw" sysctl -qw "net.ipv4.conf.sl$$u.arp_ignore=8" \
	"net.ipv4.conf.sl$$u.rp_filter=1" || e2e_abort setup "cannot quiet the veth"
# Management: a veth between A and B, outside the underlay.
ip link add mga netns "$ns_sw" type veth peer name mgb netns "$ns_b" &&
	e2e_addr "$ns_sw" mga "$mg_a/24" && e2e_addr "$ns_b" mgb "$mg_b/24" ||
	e2e_abort setup "cannot build the management link"

# kernel_host NS ENDPOINT_NS N: a Linux VTEP at 198.18.0.N with endpoint 198.19.1.N.
kernel_host() {
	local ns=$1 ens=$2 n=$3
	ip link add "sl$$r$n" netns "$ns" type veth peer name "sl$$b$n" netns "$ns_ul" &&
		ip -n "$ns_ul" link set "sl$$b$n" master br0 up &&
		e2e_addr "$ns" "sl$$r$n" "198.18.0.$n/24" &&
		ip netns exec "$ns" ethtool -K "sl$$r$n" tx off >/dev/null &&
		ip -n "$ns" link add br100 type bridge &&
		ip -n "$ns" link add vxlan100 type vxlan id 100 local "198.18.0.$n" dstport 4789 nolearning &&
		ip -n "$ns" link set vxlan100 master br100 && ip -n "$ns" link set vxlan100 mtu 1450 &&
		ip link add ep0 netns "$ns" type veth peer name eth0 netns "$ens" &&
		ip -n "$ns" link set ep0 master br100 &&
		ip -n "$ns" link set vxlan100 up && ip -n "$ns" link set br100 up &&
		ip -n "$ns" link set ep0 up &&
		ip netns exec "$ens" ethtool -K eth0 tx off >/dev/null &&
		ip -n "$ens" link set eth0 mtu 1450 &&
		e2e_addr "$ens" eth0 "198.19.1.$n/24"
}
kernel_host "$ns_b" "$ns_eb" 2 && kernel_host "$ns_c" "$ns_ec" 3 ||
	e2e_abort setup "cannot build the Linux VTEPs"
# B also has VNI 200, which sluice does not have.
ip -n "$ns_b" link add br200 type bridge &&
	ip -n "$ns_b" link add vxlan200 type vxlan id 200 local "$ip_b" dstport 4789 nolearning &&
	ip -n "$ns_b" link set vxlan200 master br200 &&
	ip -n "$ns_b" link set vxlan200 up && ip -n "$ns_b" link set br200 up ||
	e2e_abort setup "cannot add VNI 200 on B"

{
	e2e_config_head "$prefix"
	cat <<EOF

[vtep]
address = $ip_a/24
port = u
kernel-tap = yes

[network ov]
type = vxlan
vni = 100
evpn = yes

[port u]
type = phy
devargs = net_af_packet0,iface=sl$$u,qpairs=2
rx-queues = 2

[port vm1]
type = vhost
socket = $E2E_DIR/vm1.sock
mode = client
network = ov
EOF
} >"$config"

frr_evpn_conf "$ip_a" "$ip_b" "$ip_c" >"$E2E_DIR/a.conf"
frr_evpn_conf "$ip_b" "$ip_a" "$ip_c" >"$E2E_DIR/b.conf"
frr_evpn_conf "$ip_c" "$ip_a" "$ip_b" >"$E2E_DIR/c.conf"

e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm"
e2e_wait_for 10 "VM socket" test -S "$E2E_DIR/vm1.sock" || e2e_abort setup "no VM socket"
e2e_sluice_start sluice "$config" "$ns_sw" || e2e_abort start "sluice did not become ready"
e2e_wait_for 15 "vm1 connected" e2e_vm_connected sluice vm1 && e2e_vm_ready vm1 ||
	e2e_abort connect-vm1 "the VM did not connect or start forwarding"
e2e_addr "$ns_vm" vm1 "$vm_ip/24" && ip -n "$ns_vm" link set vm1 mtu 1450 ||
	e2e_abort setup "cannot address the VM"
vm_mac=$(ip netns exec "$ns_vm" cat /sys/class/net/vm1/address)

e2e_check "shadow devices exist" "slbr100, slvx100 or slvm100 missing" \
	eval 'for d in slbr100 slvx100 slvm100 slvtep; do ip -n "$ns_sw" link show $d >/dev/null || exit 1; done'

frr_start A "$ns_sw" "$E2E_DIR/a.conf" && frr_start B "$ns_b" "$E2E_DIR/b.conf" ||
	e2e_abort frr "zebra/bgpd did not start"
e2e_check "iBGP A-B over slvtep: Established" "no session" frr_wait_established A "$ip_b"

# sluice_floods ADDR: sluice's flood list of ov has ADDR from FRR (evpn show).
sluice_floods() { ctl evpn show ov | grep -q "\"vtep\":\"$1\",\"origin\":\"evpn\""; }
# counter NAME: an evpn show counter.
counter() { ctl evpn show | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }
# sluice_remote MAC ADDR: sluice's FDB has MAC behind remote VTEP ADDR.
sluice_remote() { ctl fdb show ov | grep -qi "\"mac\":\"$1\"[^}]*\"remote\":\"$2\""; }
sluice_local() { ctl fdb show ov | grep -qi "\"mac\":\"$1\",\"port\":\"vm1\""; }
b_remote() { frr_vtysh B -c 'show evpn mac vni all' | grep -i "$1" | grep -q remote; }
b_points_at() { bridge -n "$ns_b" fdb show dev vxlan100 | grep -qi "^$1 dst $2"; }

e2e_check "B is in sluice's flood list" "evpn show lacks $ip_b" \
	e2e_wait_for 30 "flood $ip_b" sluice_floods "$ip_b"
e2e_check "VM pings B's endpoint" "no replies from $eb_ip" e2e_ping "$ns_vm" "$eb_ip"
eb_mac=$(ip netns exec "$ns_eb" cat /sys/class/net/eth0/address)
e2e_check "B's endpoint MAC is remote in sluice's FDB" "no $eb_mac behind $ip_b" \
	e2e_wait_for 30 "remote $eb_mac" sluice_remote "$eb_mac" "$ip_b"
e2e_check "B lists the VM's MAC as remote" "show evpn mac vni all on B lacks $vm_mac" \
	e2e_wait_for 30 "B: remote $vm_mac" b_remote "$vm_mac"
e2e_file_transfer tcp-vm-to-b "$ns_vm" "$ns_eb" "$eb_ip" 5001 $((1024 * 1024))
e2e_file_transfer tcp-b-to-vm "$ns_eb" "$ns_vm" "$vm_ip" 5002 $((1024 * 1024))

# C joins: no change to sluice.
frr_start C "$ns_c" "$E2E_DIR/c.conf" || e2e_abort frr "C's FRR did not start"
e2e_check "C joins: in sluice's flood list" "evpn show lacks $ip_c" \
	e2e_wait_for 30 "flood $ip_c" sluice_floods "$ip_c"
e2e_check "VM pings C's endpoint" "no replies from $ec_ip" e2e_ping "$ns_vm" "$ec_ip"

# FRR on A restarted: state resyncs, traffic back.
frr_stop A
frr_start A "$ns_sw" "$E2E_DIR/a.conf" || e2e_abort frr "A's FRR did not restart"
e2e_check "FRR on A restarted: sessions back" "no session to B" frr_wait_established A "$ip_b"
e2e_check "FRR on A restarted: flood list resynced" "B or C missing" \
	e2e_wait_for 30 "flood B and C" eval 'sluice_floods $ip_b && sluice_floods $ip_c'
e2e_check "FRR on A restarted: VM pings B and C" "no replies" \
	eval 'e2e_ping "$ns_vm" $eb_ip && e2e_ping "$ns_vm" $ec_ip'

# sluice restarted: shadow devices recreated, traffic back.
e2e_stop sluice TERM
e2e_check "sluice stopped: shadow devices gone" "some left" \
	eval '! ip -n "$ns_sw" link show slvx100 >/dev/null 2>&1 && ! ip -n "$ns_sw" link show slbr100 >/dev/null 2>&1'
e2e_sluice_start sluice "$config" "$ns_sw" || e2e_abort restart "sluice did not restart"
e2e_wait_for 15 "vm1 reconnected" e2e_vm_connected sluice vm1 ||
	e2e_abort restart "the VM did not reconnect"
e2e_check "sluice restarted: shadow devices recreated" "missing" \
	eval 'for d in slbr100 slvx100 slvm100 slvtep; do ip -n "$ns_sw" link show $d >/dev/null || exit 1; done'
e2e_check "sluice restarted: flood list back from FRR" "B or C missing" \
	e2e_wait_for 30 "flood B and C" eval 'sluice_floods $ip_b && sluice_floods $ip_c'
e2e_check "sluice restarted: VM pings B" "no replies from $eb_ip" \
	e2e_wait_for 30 "ping B" e2e_ping "$ns_vm" "$eb_ip" 1

# A MAC moves from B to A: B's endpoint had it; now the VM takes it.
moving=$eb_mac
ip -n "$ns_eb" link set eth0 address 02:00:00:00:0b:ff
ip -n "$ns_vm" link set vm1 address "$moving"
ping_from_vm() { ip netns exec "$ns_vm" ping -n -q -c 1 -W 1 "$ec_ip" >/dev/null 2>&1; }
e2e_check "MAC move B -> A: sluice has it local" "not at vm1" \
	e2e_wait_for 30 "local $moving" eval 'ping_from_vm; sluice_local $moving'
e2e_check "MAC move B -> A: B points it at A" "B's FDB does not send $moving to $ip_a" \
	e2e_wait_for 30 "B: $moving dst $ip_a" eval 'ping_from_vm; b_points_at $moving $ip_a'

# Bad input. A VNI FRR has and sluice lacks: B advertises VNI 200; a VXLAN
# device named like sluice's for it (slvx200, not sluice's) makes zebra on A
# install B's flood entry there. Entries on a VXLAN device sluice did not
# create at all, and a flood entry for our own address, as zebra would write
# them. All ignored, counted, and none joins the flood list.
ignored_vni=$(counter ignored_vni)
ignored_foreign=$(counter ignored_foreign)
ignored_own=$(counter ignored_own_vtep)
ip -n "$ns_sw" link add slvx200 type vxlan id 200 local "$ip_a" dstport 4790 nolearning &&
	ip -n "$ns_sw" link add slbr200 type bridge &&
	ip -n "$ns_sw" link set slvx200 master slbr200 &&
	ip -n "$ns_sw" link set slvx200 up && ip -n "$ns_sw" link set slbr200 up ||
	e2e_fail "bad input" "cannot create slvx200"
zebra_vni200() { bridge -n "$ns_sw" fdb show dev slvx200 | grep -q "dst $ip_b"; }
e2e_check "bad input: zebra on A installs B's VNI 200 on slvx200" "nothing on slvx200" \
	e2e_wait_for 30 "zebra: VNI 200" zebra_vni200
e2e_check "bad input: a VNI sluice lacks is ignored and counted" "ignored_vni stayed $ignored_vni" \
	e2e_wait_for 10 "ignored_vni" eval '[ "$(counter ignored_vni)" -gt "$ignored_vni" ]'
ip -n "$ns_sw" link add vxother type vxlan id 300 local "$ip_a" dstport 4791 nolearning &&
	ip -n "$ns_sw" link set vxother up &&
	bridge -n "$ns_sw" fdb append 00:00:00:00:00:00 dev vxother dst 198.18.0.9 self &&
	bridge -n "$ns_sw" fdb append 00:00:00:00:00:00 dev slvx100 dst "$ip_a" self ||
	e2e_fail "bad input" "cannot write the entries"
e2e_check "bad input: an entry on a foreign device is ignored and counted" \
	"ignored_foreign stayed $ignored_foreign" \
	e2e_wait_for 10 "ignored_foreign" eval '[ "$(counter ignored_foreign)" -gt "$ignored_foreign" ]'
e2e_check "bad input: our own VTEP as a flood entry is ignored and counted" \
	"ignored_own_vtep stayed $ignored_own" \
	e2e_wait_for 10 "ignored_own_vtep" eval '[ "$(counter ignored_own_vtep)" -gt "$ignored_own" ]'
e2e_check "bad input: none of them joins the flood list" "evpn show lists one" \
	eval '! sluice_floods 198.18.0.9 && ! sluice_floods $ip_a && ! ctl evpn show | grep -q "\"vni\":200"'
ip -n "$ns_sw" link del vxother
ip -n "$ns_sw" link del slvx200
ip -n "$ns_sw" link del slbr200
bridge -n "$ns_sw" fdb del 00:00:00:00:00:00 dev slvx100 dst "$ip_a" self

# The session over the management veth instead of slvtep.
frr_stop A
frr_stop B
frr_evpn_conf "$ip_a" "$mg_b" "$ip_c" >"$E2E_DIR/a.conf"
frr_evpn_conf "$ip_b" "$mg_a" "$ip_c" >"$E2E_DIR/b.conf"
frr_start A "$ns_sw" "$E2E_DIR/a.conf" && frr_start B "$ns_b" "$E2E_DIR/b.conf" ||
	e2e_abort frr "FRR did not restart for the management session"
e2e_check "iBGP A-B over management: Established" "no session" frr_wait_established A "$mg_b"
ip -n "$ns_vm" link set vm1 address "$vm_mac"
ip -n "$ns_eb" link set eth0 address "$eb_mac"
e2e_check "management session: VM pings B's endpoint" "no replies from $eb_ip" \
	e2e_wait_for 30 "ping B" e2e_ping "$ns_vm" "$eb_ip" 1

if [ "$E2E_FAILED" -gt 0 ]; then
	ctl evpn show
	ctl fdb show ov
	bridge -n "$ns_sw" fdb show dev slvx100
	frr_vtysh A -c 'show bgp l2vpn evpn'
	frr_vtysh B -c 'show evpn mac vni all'
fi
frr_stop A
frr_stop B
frr_stop C
e2e_stop sluice TERM
e2e_check "sluice: clean exit" "exit status $E2E_RC" test "$E2E_RC" = 0
e2e_check "no runtime left" "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"
[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
