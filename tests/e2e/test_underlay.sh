#!/usr/bin/env bash
# [vtep] kernel-tap = yes (issue 14, item 4): the underlay reaches the kernel
# of sluice's namespace through the tap slvtep. A peer namespace on the other
# end of the VTEP port's veth pings the VTEP address, opens TCP to a listener
# on it in sluice's namespace and takes a connection from it (data checked
# byte for byte), and peers BGP with FRR running in sluice's namespace over
# slvtep (tests/lib/frr.sh). Without the key the same ping goes unanswered.
# slvtep goes away with sluice, after SIGTERM and after SIGKILL, and a restart
# recreates it.
# Usage: tests/e2e/test_underlay.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016,SC2317 # "A && B || abort" aborts when either fails; eval strings expand when run; functions run through e2e_wait_for
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
source tests/lib/frr.sh
e2e_init underlay "${1:-build}" ping ethtool nc sha256sum vtysh /usr/lib/frr/zebra /usr/lib/frr/bgpd
trap frr_exit EXIT
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"

ns_sl=$(e2e_ns sw)
ns_peer=$(e2e_ns pr)
prefix=sl$$-sluice
sock=$E2E_DIR/$prefix.sock
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }
vtep=198.18.0.1
peer=198.18.0.2

for ns in "$ns_sl" "$ns_peer"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
ip link add "sl$$u" netns "$ns_sl" type veth peer name "sl$$p" netns "$ns_peer" &&
	ip -n "$ns_sl" link set "sl$$u" up &&
	ip -n "$ns_peer" link set "sl$$p" up &&
	ip netns exec "$ns_peer" ethtool -K "sl$$p" tx off >/dev/null &&
	ip -n "$ns_peer" addr add "$peer/24" dev "sl$$p" || e2e_abort setup "cannot create the underlay veth"
# af_packet only taps the veth: the kernel of sluice's namespace sees the same
# frames on it, and would answer ARP and IP for the VTEP address (slvtep's)
# itself. A NIC bound to DPDK has no such twin; here the veth is told to
# stay out: no ARP answers, and strict reverse-path filtering drops IP that
# arrives on it (the route to the peer is slvtep's). docs/evpn.md.
ip netns exec "$ns_sl" sysctl -qw "net.ipv4.conf.sl$$u.arp_ignore=8" \
	"net.ipv4.conf.sl$$u.rp_filter=1" || e2e_abort setup "cannot quiet the veth"

# config KERNEL_TAP: sluice's configuration, a VTEP on the veth.
config() {
	e2e_config_head "$prefix"
	cat <<EOF

[vtep]
address = $vtep/24
port = u
kernel-tap = $1

[network ov]
type = vxlan
vni = 100

[port u]
type = phy
devargs = net_af_packet0,iface=sl$$u,qpairs=2
rx-queues = 2
EOF
}
config no >"$E2E_DIR/off.ini"
config yes >"$E2E_DIR/on.ini"

# Without kernel-tap, ICMP to the VTEP address is no tunnel and nobody's.
e2e_sluice_start sluice "$E2E_DIR/off.ini" "$ns_sl" || e2e_abort start "sluice did not become ready"
e2e_check "kernel-tap off: no slvtep" "slvtep exists" \
	eval '! ip -n "$ns_sl" link show slvtep >/dev/null 2>&1'
e2e_check "kernel-tap off: ping to the VTEP address unanswered" "it was answered" \
	eval '! ip netns exec "$ns_peer" ping -n -q -c 2 -W 1 $vtep >/dev/null'
e2e_check "kernel-tap off: counted as no-network" "no no-network drops on u" \
	eval 'ctl stats drops | grep -Eq "\"port\":\"u\",\"reason\":\"no-network\",\"count\":[1-9]"'
e2e_stop sluice TERM

e2e_sluice_start sluice "$E2E_DIR/on.ini" "$ns_sl" || e2e_abort start "sluice did not become ready"
mac_u=$(ip netns exec "$ns_sl" cat "/sys/class/net/sl$$u/address")
e2e_check "slvtep holds the VTEP address" "no $vtep/24 on slvtep" \
	eval 'ip -n "$ns_sl" -4 addr show dev slvtep | grep -q "inet $vtep/24"'
e2e_check "slvtep has the VTEP port's MAC" "its MAC is not $mac_u" \
	eval 'ip -n "$ns_sl" link show slvtep | grep -qi "link/ether $mac_u"'
e2e_check "ping the VTEP address" "no replies from $vtep" e2e_ping "$ns_peer" "$vtep"
e2e_check "the kernel resolved the peer through the VTEP port" "no ARP entry for $peer on slvtep" \
	eval 'ip -n "$ns_sl" neigh show "$peer" dev slvtep | grep -q lladdr'

# TCP both ways between the peer and a listener on the VTEP address.
e2e_file_transfer tcp-peer-to-vtep-address "$ns_peer" "$ns_sl" "$vtep" 5001 $((512 * 1024))
e2e_file_transfer tcp-vtep-address-to-peer "$ns_sl" "$ns_peer" "$peer" 5002 $((512 * 1024))
e2e_check "vtep show counts the tap's traffic" "to_kernel/from_kernel zero" \
	eval 'ctl vtep show | grep -Eq "\"to_kernel\":[1-9][0-9]*,.*\"from_kernel\":[1-9]"'

# BGP over slvtep: bgpd in sluice's namespace, on the VTEP address.
frr_evpn_conf "$vtep" "$peer" >"$E2E_DIR/a.conf"
frr_evpn_conf "$peer" "$vtep" >"$E2E_DIR/p.conf"
frr_start A "$ns_sl" "$E2E_DIR/a.conf" && frr_start P "$ns_peer" "$E2E_DIR/p.conf" ||
	e2e_abort frr "zebra/bgpd did not start"
e2e_check "BGP over slvtep: Established" "no session between $vtep and $peer" \
	frr_wait_established A "$peer"
frr_stop A
frr_stop P

# slvtep goes with sluice, even killed, and comes back with it.
e2e_stop sluice TERM
e2e_check "SIGTERM: clean exit" "exit status $E2E_RC" test "$E2E_RC" = 0
e2e_check "SIGTERM: slvtep gone" "slvtep is left" \
	eval '! ip -n "$ns_sl" link show slvtep >/dev/null 2>&1'
e2e_sluice_start sluice "$E2E_DIR/on.ini" "$ns_sl" || e2e_abort restart "sluice did not restart"
e2e_stop sluice KILL
e2e_remove_runtime "$prefix"
e2e_check "SIGKILL: slvtep gone" "slvtep is left" \
	e2e_wait_for 10 "slvtep to go" eval '! ip -n "$ns_sl" link show slvtep'
e2e_sluice_start sluice "$E2E_DIR/on.ini" "$ns_sl" || e2e_abort restart "sluice did not restart"
e2e_check "restarted: ping the VTEP address" "no replies from $vtep" e2e_ping "$ns_peer" "$vtep"
e2e_stop sluice TERM

# A slvtep that is not sluice's: a clear error at start.
ip -n "$ns_sl" tuntap add dev slvtep mode tap
ip netns exec "$ns_sl" "$E2E_SLUICE" --config "$E2E_DIR/on.ini" >"$E2E_DIR/taken.out" 2>&1
rc=$?
e2e_check "a foreign slvtep: sluice refuses to start" "exit $rc: $(tail -2 "$E2E_DIR/taken.out")" \
	eval '[ $rc -ne 0 ] && grep -q "a device named slvtep exists" "$E2E_DIR/taken.out"'
e2e_remove_runtime "$prefix"

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
