#!/usr/bin/env bash
# tests/lib/frr.sh on its own, before sluice is involved (issue 14): two
# Linux-only hosts B and C (namespaces), each a bridge br100 with a VXLAN
# device (VNI 100, nolearning) and an endpoint namespace behind a veth, each
# running zebra + bgpd (iBGP, l2vpn evpn, advertise-all-vni) over a veth
# underlay. B learns C's endpoint MAC as remote from a type-2 route and C as a
# flood VTEP from its type-3 route, and installs both in its kernel FDB; when
# C's FRR stops they are withdrawn.
#
#   flock /work/dpdk.lock bash tests/e2e/test_frr.sh [BUILD_DIR]
# shellcheck disable=SC2317 # functions run through e2e_wait_for
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/lib/e2e.sh
source tests/lib/e2e.sh
# shellcheck source=tests/lib/frr.sh
source tests/lib/frr.sh

e2e_init frr "${1:-build}" vtysh bridge /usr/lib/frr/zebra /usr/lib/frr/bgpd
trap frr_exit EXIT

ns_b=$(e2e_ns B)
ns_c=$(e2e_ns C)
ns_ce=$(e2e_ns Ce) # C's endpoint
ip_b=198.18.0.2
ip_c=198.18.0.3
mac_ce=02:00:00:00:0c:01

# host_vtep NS ADDR: br100 + vxlan100 (VNI 100, nolearning) at ADDR.
host_vtep() {
	local ns=$1 addr=$2
	ip -n "$ns" link add br100 type bridge
	ip -n "$ns" link set br100 addrgenmode none 2>/dev/null || true
	ip -n "$ns" link add vxlan100 type vxlan id 100 local "$addr" dstport 4789 nolearning
	ip -n "$ns" link set vxlan100 master br100
	ip -n "$ns" link set vxlan100 up
	ip -n "$ns" link set br100 up
}

for ns in "$ns_b" "$ns_c" "$ns_ce"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
ip link add ulb netns "$ns_b" type veth peer name ulc netns "$ns_c"
e2e_addr "$ns_b" ulb "$ip_b/24"
e2e_addr "$ns_c" ulc "$ip_c/24"
host_vtep "$ns_b" "$ip_b"
host_vtep "$ns_c" "$ip_c"
# C's endpoint: a veth into br100.
ip link add ce0 netns "$ns_c" type veth peer name eth0 netns "$ns_ce"
ip -n "$ns_c" link set ce0 master br100
ip -n "$ns_c" link set ce0 up
ip -n "$ns_ce" link set eth0 address "$mac_ce"
e2e_addr "$ns_ce" eth0 198.19.0.3/24

frr_evpn_conf "$ip_b" "$ip_c" >"$E2E_DIR/b.conf"
frr_evpn_conf "$ip_c" "$ip_b" >"$E2E_DIR/c.conf"
frr_start B "$ns_b" "$E2E_DIR/b.conf" || e2e_abort "frr B" "zebra/bgpd did not start"
frr_start C "$ns_c" "$E2E_DIR/c.conf" || e2e_abort "frr C" "zebra/bgpd did not start"
e2e_check "frr: B-C session Established" "no Established session" \
	frr_wait_established B "$ip_c"

# C's bridge learns its endpoint from traffic; zebra advertises it.
ce_learned() {
	ip netns exec "$ns_ce" ping -c 1 -W 1 198.19.0.2 >/dev/null 2>&1 || true
	bridge -n "$ns_c" fdb show dev ce0 | grep -qi "$mac_ce"
}
e2e_wait_for 20 "C's bridge to learn its endpoint" ce_learned ||
	e2e_fail "setup" "C's bridge never learned $mac_ce"

b_remote_mac() {
	frr_vtysh B -c 'show evpn mac vni 100' | grep -i "$mac_ce" | grep -q remote
}
b_fdb_mac() { bridge -n "$ns_b" fdb show dev vxlan100 | grep -i "$mac_ce" | grep -q "dst $ip_c"; }
b_flood_c() { bridge -n "$ns_b" fdb show dev vxlan100 | grep -q "^00:00:00:00:00:00 dst $ip_c"; }
e2e_check "frr: B lists C's endpoint MAC as remote" "show evpn mac vni 100 on B lacks it" \
	e2e_wait_for 30 "B's remote MAC" b_remote_mac
e2e_check "frr: zebra on B installs it: MAC dev vxlan100 dst C" "not in B's bridge fdb" \
	e2e_wait_for 30 "B's fdb entry" b_fdb_mac
e2e_check "frr: zebra on B installs C as flood VTEP (00:00:00:00:00:00 dst C)" "no flood entry" \
	e2e_wait_for 30 "B's flood entry" b_flood_c

# C's FRR stops: B withdraws both.
frr_stop C
gone() { ! b_fdb_mac && ! b_flood_c; }
e2e_check "frr: C stopped: B removes its MAC and flood entry" "entries stayed" \
	e2e_wait_for 30 "B to withdraw C" gone
frr_stop B
no_crash_logs() {
	local pid
	for pid in "${FRR_PIDS[@]}"; do
		! compgen -G "/var/tmp/frr/*.$pid" >/dev/null || return 1
	done
}
e2e_check "frr: nothing left in /var/tmp/frr by our daemons" "crash logs left" no_crash_logs
e2e_finish
