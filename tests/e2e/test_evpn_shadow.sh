#!/usr/bin/env bash
# The EVPN shadow without FRR: this script plays zebra with exactly what zebra
# does over netlink (`bridge fdb add MAC dev slvx100 dst VTEP self`) in
# sluice's namespace and checks what sluice makes of it:
# - sluice with an `evpn = yes` network creates slbr100 (bridge, up), slvx100
#   (vxlan id 100, local = the VTEP, dstport 4790, nolearning, on slbr100)
#   and slvm100 (veth on slbr100), all marked with the alias "sluice";
# - MAC dst VTEP -> a remote FDB entry (origin evpn); deleted -> gone;
# - 00:00:00:00:00:00 dst VTEP -> the flood list (origin evpn next to the
#   static one): the VM's ARP reaches a kernel VTEP that is in no `flood` key;
# - the VM's MAC appears on slvm100 in `bridge fdb show br slbr100`; a remote
#   entry for it, then traffic from the VM: local again; zebra's delete of
#   that remote leaves the local entry;
# - entries on a foreign vxlan device, on slvx200 (a VNI sluice lacks) and
#   with dst = our own VTEP are ignored and counted;
# - an overrun (sluice stopped while 100 old entries go, 20,000 come and
#   half of them go) is counted and resynced: exactly the entries left are
#   remote MACs;
# - kill -9, restart: the devices are made again, state comes back;
# - a device named slbr100 that sluice did not make: a clear error.
# Usage: tests/e2e/test_evpn_shadow.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016,SC2317 # "A && B || abort" aborts when either fails; eval strings expand when run; helpers run through eval
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init evpn_shadow "${1:-build}" dpdk-testpmd ping ethtool bridge
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"

ns_sl=$(e2e_ns sw)
ns_rm=$(e2e_ns rm)
ns_vm=$(e2e_ns vm1)
prefix=sl$$-evpn
config=$E2E_DIR/sluice.ini
sock=$E2E_DIR/$prefix.sock
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }
evpn_show() { ctl evpn show; }
# The number after "KEY": in evpn show (first match).
evpn_num() { evpn_show | grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }
sw() { ip netns exec "$ns_sl" "$@"; }

for ns in "$ns_sl" "$ns_rm" "$ns_vm"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
# The shadow is a kernel bridge and vxlan device: without them nothing to test.
if ! ip -n "$ns_rm" link add brprobe type bridge 2>/dev/null ||
	! ip -n "$ns_rm" link add vxprobe type vxlan id 1 dstport 4790 2>/dev/null; then
	e2e_skip evpn_shadow "this kernel has no bridge or vxlan devices"
	exit 0
fi
ip -n "$ns_rm" link del brprobe
ip -n "$ns_rm" link del vxprobe
# The VM speaks only when the test makes it: IPv6 (router solicitations,
# DAD) would make its MAC local again at any moment (mobility checks).
sw_vm_quiet() { ip netns exec "$ns_vm" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; }
sw_vm_quiet || e2e_abort setup "cannot turn IPv6 off in the VM's namespace"
# sluice's VTEP 198.19.0.1 on a veth to the remote kernel VTEP 198.19.0.2
# (vx0, VNI 100, 198.18.7.2/24 inside); the remote floods to us.
e2e_kernel_vtep "$ns_sl" "$ns_rm" || e2e_abort setup "cannot set up the remote kernel VTEP"

{
	e2e_config_head "$prefix"
	cat <<EOF

[vtep]
address = 198.19.0.1/24
port = u

[network ov]
type = vxlan
vni = 100
evpn = yes
flood = 198.19.0.77

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

e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm"
e2e_wait_for 10 "VM socket" test -S "$E2E_DIR/vm1.sock" ||
	e2e_abort setup "the testpmd VM did not create its vhost-user socket"
e2e_sluice_start sluice "$config" "$ns_sl" || e2e_abort start "sluice did not become ready"
e2e_pass start
e2e_wait_for 15 "vm1 connected" e2e_vm_connected sluice vm1 && e2e_vm_ready vm1 ||
	e2e_abort connect-vm1 "the VM did not connect or start forwarding"
e2e_addr "$ns_vm" vm1 198.18.7.11/24 && ip -n "$ns_vm" link set vm1 mtu 1450 ||
	e2e_abort setup "cannot address the VM"
vm_mac=$(ip netns exec "$ns_vm" cat /sys/class/net/vm1/address)

# --- the shadow devices, as zebra expects them
e2e_check shadow-vxlan "slvx100 is not vxlan id 100 local 198.19.0.1 dstport 4790 nolearning on slbr100" \
	eval 'sw ip -d link show slvx100 | grep -q "master slbr100" &&
	      sw ip -d link show slvx100 | grep -Eq "vxlan id 100 local 198.19.0.1 .*dstport 4790 nolearning"'
e2e_check shadow-bridge-up "slbr100 is not an up bridge" \
	eval 'sw ip -d link show slbr100 | grep -q "state UP" && sw ip -d link show slbr100 | grep -q "bridge "'
e2e_check shadow-port "slvm100 is not a veth on slbr100" \
	eval 'sw ip -d link show slvm100 | grep -q "master slbr100" && sw ip -d link show slvm100 | grep -q veth'
e2e_check shadow-marked "the shadow devices do not carry the alias sluice" \
	eval 'for d in slbr100 slvx100 slvm100; do sw ip link show $d | grep -q "alias sluice" || exit 1; done'
e2e_check evpn-show-resync "evpn show has no resync at start" eval '[ "$(evpn_num resyncs)" -ge 1 ]'

# --- flood: the VM reaches the remote only once zebra's zero-MAC entry is in
e2e_check flood-static-only "the flood list is not just the static 198.19.0.77" \
	eval 'evpn_show | grep -q "\"flood\":\[{\"vtep\":\"198.19.0.77\",\"origin\":\"static\"}\]"'
sw bridge fdb append 00:00:00:00:00:00 dev slvx100 dst 198.19.0.2 self permanent
e2e_check flood-from-evpn "198.19.0.2 is not in the flood list as evpn" \
	eval 'evpn_show | grep -q "{\"vtep\":\"198.19.0.2\",\"origin\":\"evpn\"}"'
e2e_check ping-over-evpn-flood "no replies from 198.18.7.2: the ARP was not flooded to the EVPN VTEP" \
	e2e_ping "$ns_vm" 198.18.7.2

# --- local MAC export: the VM's MAC on slvm100
e2e_check local-mac-exported "the VM's MAC $vm_mac is not on slvm100" \
	e2e_wait_for 5 "local MAC on slvm100" eval 'sw bridge fdb show br slbr100 | grep -qi "^$vm_mac dev slvm100 .*static"'

# --- remote MACs
sw bridge fdb add 02:00:00:00:00:01 dev slvx100 dst 198.19.0.9 self permanent
e2e_check remote-mac-applied "02:00:00:00:00:01 is not a remote (evpn) FDB entry behind 198.19.0.9" \
	eval 'ctl fdb show ov | grep -qi "\"mac\":\"02:00:00:00:00:01\",\"port\":\"u\",[^}]*\"remote\":\"198.19.0.9\"" &&
	      ctl fdb show ov | grep -i "02:00:00:00:00:01" | grep -q "\"origin\":\"evpn\""'
sw bridge fdb del 02:00:00:00:00:01 dev slvx100 dst 198.19.0.9 self
e2e_check remote-mac-deleted "02:00:00:00:00:01 is still in the FDB after its deletion" \
	e2e_wait_for 5 "remote MAC gone" eval '! ctl fdb show ov | grep -qi "02:00:00:00:00:01"'
sw bridge fdb del 00:00:00:00:00:00 dev slvx100 dst 198.19.0.2 self
e2e_check flood-deleted "198.19.0.2 is still in the flood list" \
	e2e_wait_for 5 "flood entry gone" eval '! evpn_show | grep -q "198.19.0.2"'
sw bridge fdb append 00:00:00:00:00:00 dev slvx100 dst 198.19.0.2 self permanent

# --- mobility: zebra says the VM's MAC is remote; the VM speaks: local wins
sw bridge fdb add "$vm_mac" dev slvx100 dst 198.19.0.9 self permanent
e2e_check mobility-remote "the VM's MAC did not become remote behind 198.19.0.9" \
	eval 'ctl fdb show ov | grep -i "$vm_mac" | grep -q "198.19.0.9"'
e2e_check mobility-local-withdrawn "the VM's MAC stays on slvm100 while remote" \
	e2e_wait_for 5 "withdrawn" eval '! sw bridge fdb show br slbr100 | grep -qi "^$vm_mac dev slvm100"'
e2e_ping "$ns_vm" 198.18.7.2
e2e_check mobility-local-again "traffic from the VM did not make its MAC local again" \
	eval 'ctl fdb show ov | grep -i "$vm_mac" | grep -q "\"port\":\"vm1\""'
e2e_check mobility-reexported "the VM's MAC is not exported again" \
	e2e_wait_for 5 "re-exported" eval 'sw bridge fdb show br slbr100 | grep -qi "^$vm_mac dev slvm100"'
sw bridge fdb del "$vm_mac" dev slvx100 dst 198.19.0.9 self
e2e_check mobility-withdraw-keeps-local "zebra's delete of the old remote removed the local entry" \
	eval 'sleep 0.5; ctl fdb show ov | grep -i "$vm_mac" | grep -q "\"port\":\"vm1\""'

# --- what sluice ignores, counted
sw ip link add vxf type vxlan id 300 local 198.19.0.1 dstport 4790 nolearning
sw ip link add slvx200 type vxlan id 200 local 198.19.0.1 dstport 4790 nolearning
sw bridge fdb add 02:00:00:00:00:03 dev vxf dst 198.19.0.5 self permanent
sw bridge fdb add 02:00:00:00:00:04 dev slvx200 dst 198.19.0.5 self permanent
sw bridge fdb add 02:00:00:00:00:05 dev slvx100 dst 198.19.0.1 self permanent
e2e_check ignored-foreign "an entry on a foreign vxlan device was not counted" \
	e2e_wait_for 5 "ignored_foreign" eval '[ "$(evpn_num ignored_foreign)" -ge 1 ]'
e2e_check ignored-vni "an entry on slvx200 (no such EVPN network) was not counted" \
	eval '[ "$(evpn_num ignored_vni)" -ge 1 ]'
e2e_check ignored-own-vtep "an entry with dst = our VTEP was not counted" \
	eval '[ "$(evpn_num ignored_own_vtep)" -ge 1 ]'
e2e_check ignored-not-applied "ignored entries reached the FDB" \
	eval '! ctl fdb show | grep -Eqi "02:00:00:00:00:0[345]"'
sw ip link del vxf
sw ip link del slvx200

# --- overrun: sluice stopped while 20,000 entries come and 10,000 go
for i in $(seq 0 19999); do
	printf 'fdb add 02:aa:00:%02x:%02x:01 dev slvx100 dst 198.19.0.8 self permanent\n' \
		$((i / 256)) $((i % 256))
done >"$E2E_DIR/add.batch"
for i in $(seq 0 9999); do
	printf 'fdb del 02:aa:00:%02x:%02x:01 dev slvx100 dst 198.19.0.8 self\n' $((i / 256)) $((i % 256))
done >"$E2E_DIR/del.batch"
# 100 entries sluice has before it stops, deleted while it is stopped: only
# the resync's sweep can remove them (their events are dropped or discarded).
for i in $(seq 0 99); do
	printf 'fdb add 02:bb:00:00:%02x:01 dev slvx100 dst 198.19.0.8 self permanent\n' "$i"
done >"$E2E_DIR/old.batch"
sed 's/^fdb add/fdb del/; s/ permanent$//' "$E2E_DIR/old.batch" >"$E2E_DIR/old-del.batch"
sw bridge -batch "$E2E_DIR/old.batch"
e2e_wait_for 10 "100 remote MACs" eval '[ "$(evpn_num remote_macs)" -eq 100 ]' ||
	e2e_fail overrun-setup "sluice did not apply 100 remote MACs"
kill -STOP "$(e2e_pid sluice)"
sw bridge -batch "$E2E_DIR/old-del.batch" && sw bridge -batch "$E2E_DIR/add.batch" &&
	sw bridge -batch "$E2E_DIR/del.batch"
kill -CONT "$(e2e_pid sluice)"
e2e_check overrun-counted "no overrun counted after 30,000 events while stopped" \
	e2e_wait_for 10 "overrun" eval '[ "$(evpn_num overruns)" -ge 1 ]'
e2e_check overrun-resynced "remote MACs are not exactly the 10,000 left after the overrun" \
	e2e_wait_for 10 "resync" eval '[ "$(evpn_num remote_macs)" -eq 10000 ]'
e2e_check overrun-swept "entries deleted during the overrun are still in the FDB" \
	eval '! ctl fdb show ov | grep -qi "02:bb:"'

# --- network.add and network.del make and delete a shadow; a device in the
# way fails the request and leaves no network behind
e2e_check network-add-shadow "network add ... evpn=yes made no slvx101 on slbr101" \
	eval 'ctl network add ov2 type=vxlan vni=101 evpn=yes >/dev/null &&
	      sw ip -d link show slvx101 | grep -q "master slbr101"'
e2e_check network-del-shadow "network del left slvx101" \
	eval 'ctl network del ov2 >/dev/null && e2e_wait_for 5 "slvx101 gone" eval "! sw ip link show slvx101 2>/dev/null"'
sw ip link add slbr102 type bridge
e2e_check network-add-foreign "network add over a foreign slbr102 did not fail naming it" \
	eval '! ctl network add ov3 type=vxlan vni=102 evpn=yes >"$E2E_DIR/add3.out" 2>&1 &&
	      grep -q "slbr102 exists and sluice did not create it" "$E2E_DIR/add3.out" &&
	      ! ctl network show ov3 >/dev/null 2>&1 && sw ip link show slbr102 >/dev/null'
sw ip link del slbr102

# --- kill -9, restart: leftovers cleaned, devices made again, state back
# shellcheck disable=SC2034 # read by the eval of restart-recreated
old_vx=$(sw cat /sys/class/net/slvx100/ifindex)
e2e_stop sluice KILL
e2e_check killed-leaves-devices "slvx100 vanished with the killed sluice" \
	eval 'sw ip link show slvx100 >/dev/null'
e2e_sluice_start sluice "$config" "$ns_sl" || e2e_abort restart "sluice did not restart"
e2e_check restart-cleaned "sluice did not say it removed the leftover devices" \
	grep -q "removed [0-9]* shadow devices" "$(e2e_sluice_out sluice)"
e2e_check restart-recreated "slvx100 was not made again" \
	eval '[ "$(sw cat /sys/class/net/slvx100/ifindex)" != "$old_vx" ] &&
	      sw ip -d link show slvx100 | grep -q "master slbr100"'
sw bridge fdb append 00:00:00:00:00:00 dev slvx100 dst 198.19.0.2 self permanent
# The restarted sluice's stderr is a new file: its first connection.
e2e_wait_for 15 "vm1 reconnected" e2e_vm_connected sluice vm1 ||
	e2e_fail vm-reconnect "the VM did not reconnect to the restarted sluice"
e2e_check restart-flood "the flood entry is not applied after the restart" \
	eval 'evpn_show | grep -q "{\"vtep\":\"198.19.0.2\",\"origin\":\"evpn\"}"'
e2e_check restart-ping "no replies from 198.18.7.2 after the restart" e2e_ping "$ns_vm" 198.18.7.2
e2e_check restart-exported "the VM's MAC is not on slvm100 after the restart" \
	e2e_wait_for 5 "exported" eval 'sw bridge fdb show br slbr100 | grep -qi "^$vm_mac dev slvm100"'

# --- a clean stop deletes the shadow
e2e_stop sluice TERM
e2e_check sigterm-clean-exit "exit status $E2E_RC" test "$E2E_RC" = 0
e2e_check sigterm-no-runtime-left "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"
e2e_check stop-deletes-shadow "shadow devices left after a clean stop" \
	eval '! sw ip link show slbr100 2>/dev/null && ! sw ip link show slvx100 2>/dev/null &&
	      ! sw ip link show slvm100 2>/dev/null'

# --- a device sluice did not make, in the way
sw ip link add slbr100 type bridge
sw "$E2E_SLUICE" --config "$config" >"$E2E_DIR/foreign.out" 2>"$E2E_DIR/foreign.err" </dev/null
rc=$?
e2e_check foreign-device-refused "sluice started over a foreign slbr100 (exit $rc)" test "$rc" = 1
e2e_check foreign-device-error "no clear error naming slbr100 and what to do" \
	grep -q "a network device named slbr100 exists and sluice did not create it.*ip link del slbr100" \
	"$E2E_DIR/foreign.err"
e2e_check foreign-device-kept "sluice deleted the foreign slbr100" \
	eval 'sw ip link show slbr100 >/dev/null'
e2e_check foreign-no-shadow-left "sluice left shadow devices after refusing" \
	eval '! sw ip link show slvx100 2>/dev/null'
sw ip link del slbr100
e2e_remove_runtime "$prefix" 2>/dev/null

if [ "$E2E_FAILED" -gt 0 ]; then
	e2e_dump_logs
fi
e2e_finish
