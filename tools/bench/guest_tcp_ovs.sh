# shellcheck shell=bash disable=SC2154
# Open vSwitch with DPDK as the switch of tools/bench/guest-tcp (sourced by
# it, after pvp_ovs.sh for ovs_find, ovs_db_start, ovs_env and ovs_vsctl): the same phy
# port (net_tap0 in the phy namespace, so OVS runs there) and the guests on
# dpdkvhostuserclient ports (QEMU is the vhost-user server, as with sluice),
# one netdev bridge with the NORMAL action (MAC learning, as sluice),
# other_config:userspace-tso-enable=true. Its files in $dir/ovs.
# The VXLAN path is left out: OVS 3.1 (Debian 12) has no TSO through
# tunnels (3.3 added it) and drops a guest's TSO packet to a VXLAN port.
# phy0 gets two rx queues: net_tap wants as many rx as tx queues, and OVS
# gives it a tx queue per PMD plus one.

# guest_ovs_start NS VM...: OVS in NS with phy0 and a port per VM.
guest_ovs_start() {
	local ns=$1 d=$dir/ovs vm
	shift
	ovs_db_start || return 1
	e2e_track ovsdb "$ovsdb_pid" tool ""
	ovs_vsctl --no-wait set Open_vSwitch . other_config:dpdk-init=true \
		other_config:dpdk-lcore-mask=0x1 other_config:pmd-cpu-mask=0x2 \
		other_config:userspace-tso-enable=true \
		other_config:dpdk-extra="--no-huge --legacy-mem -m 1024 --no-pci --file-prefix gtcp-ovs-$$"
	ip netns exec "$ns" "${ovs_env[@]}" taskset -c 0 "$ovs_vswitchd" "unix:$d/db.sock" \
		--unixctl="$d/vswitchd.ctl" --pidfile="$d/vswitchd.pid" --log-file="$d/switch.log" \
		--no-chdir -vconsole:off >/dev/null 2>&1 &
	e2e_track ovs $! tool ""
	e2e_wait_for 60 "OVS's DPDK" eval \
		'[ "$(ovs_vsctl get Open_vSwitch . dpdk_initialized 2>/dev/null)" = true ]' || return 1
	ovs_vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
		-- add-port br0 phy0 -- set Interface phy0 type=dpdk "options:dpdk-devargs=net_tap0,iface=phy0" \
		options:n_rxq=2 || return 1
	for vm in "$@"; do
		ovs_vsctl add-port br0 "$vm" -- set Interface "$vm" type=dpdkvhostuserclient \
			"options:vhost-server-path=$E2E_DIR/$vm.sock" || return 1
	done
	ovs_env ovs-ofctl del-flows br0 && ovs_env ovs-ofctl add-flow br0 actions=NORMAL
}

guest_ovs_stop() {
	ovs_appctl exit >/dev/null 2>&1
	e2e_stop ovs TERM
	e2e_stop ovsdb TERM
	cp "$dir/ovs/switch.log" "$E2E_DIR/ovs-$(date +%s).log" 2>/dev/null || true
	rm -rf "/var/run/dpdk/gtcp-ovs-$$"
}
