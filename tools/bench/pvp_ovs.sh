# shellcheck shell=bash disable=SC2154,SC2034
# Open vSwitch with DPDK as a switch for tools/bench/pvp (sourced by it).
#
# Each run starts its own ovsdb-server and ovs-vswitchd with their database,
# sockets, pid and log files in $dir/ovs (OVS_RUNDIR and friends point
# there), and kills both at the end: a system OVS, if any, is never touched.
# The switch sits on the same ports as the others: the memif "wire" as a
# dpdk port (the memif server), the generator's virtio_user on a
# dpdkvhostuser port (OVS is the vhost-user server, as sluice and testpmd are).
# Memory as the others: EAL --no-huge -m 1024 (dpdk-extra), no socket-mem;
# --legacy-mem, which --no-huge implies anyway, stops OVS from adding
# --in-memory, which EAL refuses next to it.
# CPUs as sluice: the PMD on CPU 1 (pmd-cpu-mask), the EAL main lcore and the
# process's other threads on CPU 0 (dpdk-lcore-mask and taskset), next to the
# generator, where sluice's control thread is too.

OVS_SCHEMA=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}

# Sets ovs_vswitchd to an ovs-vswitchd built with DPDK, or ovs_missing to
# why there is none; returns 1 then.
ovs_find() {
	local c t
	ovs_vswitchd="" ovs_missing=""
	for c in ${OVS_VSWITCHD:-} /usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk "$(command -v ovs-vswitchd || true)"; do
		if [ -z "$c" ] || [ ! -x "$c" ]; then continue; fi
		# A DPDK build prints "DPDK <version>" after its own version.
		if "$c" --version 2>/dev/null | grep -q '^DPDK '; then
			ovs_vswitchd=$c
			break
		fi
		ovs_missing="$c is built without DPDK"
	done
	[ -n "$ovs_vswitchd" ] || { ovs_missing=${ovs_missing:-no ovs-vswitchd}; return 1; }
	for t in ovsdb-server ovsdb-tool ovs-vsctl ovs-ofctl ovs-appctl; do
		command -v "$t" >/dev/null || { ovs_missing="$t missing"; return 1; }
	done
	[ -r "$OVS_SCHEMA" ] || { ovs_missing="$OVS_SCHEMA missing"; return 1; }
}

# The environment that points OVS's files at $dir/ovs; an array, not a
# function, so that "${ovs_env[@]}" cmd & gives cmd's own pid in $!.
ovs_env_set() {
	local d=$dir/ovs
	ovs_env=(env OVS_RUNDIR="$d" OVS_LOGDIR="$d" OVS_DBDIR="$d" OVS_SYSCONFDIR="$d")
}
ovs_env() { ovs_env_set; "${ovs_env[@]}" "$@"; }
# 30 s: on a loaded host add-br waits longer than 10 s for vswitchd to
# reconfigure, and the flows after it would then miss their bridge.
ovs_vsctl() { ovs_env ovs-vsctl --db="unix:$dir/ovs/db.sock" --timeout=30 "$@"; }
ovs_appctl() { ovs_env ovs-appctl -t "$dir/ovs/vswitchd.ctl" "$@"; }

# A fresh database in $dir/ovs and its ovsdb-server (pid in ovsdb_pid),
# initialised once its socket is there (up to 10 s).
ovs_db_start() {
	local d=$dir/ovs
	rm -rf "$d"
	mkdir -p "$d"
	ovs_env ovsdb-tool create "$d/conf.db" "$OVS_SCHEMA"
	ovs_env_set
	"${ovs_env[@]}" ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" --unixctl="$d/ovsdb-server.ctl" \
		--pidfile="$d/ovsdb-server.pid" --log-file="$d/ovsdb-server.log" --no-chdir >/dev/null 2>&1 &
	ovsdb_pid=$!
	for _ in $(seq 100); do
		[ -S "$d/db.sock" ] && break
		sleep 0.1
	done
	ovs_vsctl --no-wait init
}

# Starts OVS as the switch; $1 = ovs (OpenFlow port to port) | ovs-normal.
# Sets switch_pid and vhost_sock; returns once the PMD polls both ports.
ovs_start() {
	local mode=$1 d=$dir/ovs
	ovs_db_start
	pids+=("$ovsdb_pid")
	ovs_vsctl --no-wait set Open_vSwitch . \
		other_config:dpdk-init=true \
		other_config:dpdk-lcore-mask=0x1 \
		other_config:pmd-cpu-mask=0x2 \
		other_config:dpdk-extra="--no-huge --legacy-mem -m 1024 --no-pci --file-prefix pvp-sw-$$"
	"${ovs_env[@]}" taskset -c 0 "$ovs_vswitchd" "unix:$d/db.sock" --unixctl="$d/vswitchd.ctl" \
		--pidfile="$d/vswitchd.pid" --log-file="$d/switch.log" --no-chdir \
		-vconsole:off >/dev/null 2>&1 &
	switch_pid=$!
	for _ in $(seq 300); do
		[ "$(ovs_vsctl get Open_vSwitch . dpdk_initialized 2>/dev/null)" = true ] && break
		kill -0 "$switch_pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ "$(ovs_vsctl get Open_vSwitch . dpdk_initialized 2>/dev/null)" != true ]; then
		echo "pvp: ovs-vswitchd did not initialise DPDK; log:" >&2
		tail -20 "$d/switch.log" >&2
		return 1
	fi
	ovs_vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
		-- add-port br0 phy0 -- set Interface phy0 type=dpdk ofport_request=1 \
		"options:dpdk-devargs=\"net_memif0,role=server,socket=$dir/memif.sock,socket-abstract=no,id=0\"" \
		-- add-port br0 vhost0 -- set Interface vhost0 type=dpdkvhostuser ofport_request=2
	vhost_sock=$d/vhost0
	ovs_env ovs-ofctl del-flows br0
	if [ "$mode" = ovs-normal ]; then
		ovs_env ovs-ofctl add-flow br0 actions=NORMAL
	else
		ovs_env ovs-ofctl add-flow br0 in_port=1,actions=output:2
		ovs_env ovs-ofctl add-flow br0 in_port=2,actions=output:1
	fi
	# Ready when the PMD on CPU 1 polls a queue of each port.
	for _ in $(seq 100); do
		ovs_appctl dpif-netdev/pmd-rxq-show >"$d/rxq" 2>&1 || true
		grep -q 'port: phy0' "$d/rxq" && grep -q 'port: vhost0' "$d/rxq" && return 0
		sleep 0.1
	done
	echo "pvp: OVS's PMD does not poll phy0 and vhost0; rxq: $(cat "$d/rxq"); log:" >&2
	tail -20 "$d/switch.log" >&2
	return 1
}

# Stops the OVS that ovs_start started (the caller kills switch_pid too),
# keeping its log as the run's switch.log.
ovs_stop() {
	ovs_appctl exit >/dev/null 2>&1 || kill "$switch_pid" 2>/dev/null || true
	wait "$switch_pid" 2>/dev/null || true
	kill "$ovsdb_pid" 2>/dev/null || true
	wait "$ovsdb_pid" 2>/dev/null || true
	ovsdb_pid=""
	cp "$dir/ovs/switch.log" "$dir/switch.log" 2>/dev/null || true
}
