# shellcheck shell=bash
# Stock FRRouting (Debian's frr 8.4) inside a network namespace, for the EVPN
# tests: one zebra and one bgpd per "host", never the system service.
# Needs tests/lib/e2e.sh sourced and e2e_init run first: the daemons are
# tracked like any process a test starts (stopped by PID in the EXIT trap).
#
#   frr_start NAME NS BGPD_CONF   # zebra + bgpd in NS; returns once both answer vtysh
#   frr_vtysh NAME -c 'show bgp summary'
#   frr_wait_established NAME PEER [TIMEOUT_S]   # the BGP session to PEER is up
#   frr_stop NAME                 # SIGTERM, wait, remove what they leave behind
#   trap frr_exit EXIT            # after e2e_init: e2e's cleanup plus FRR's
#   frr_evpn_conf ROUTER_ID PEER... >bgpd.conf   # iBGP l2vpn evpn, advertise-all-vni
#
# Each instance lives in /tmp/sluice-frr-NAME.XXXXXX (owned by frr, deleted
# with $E2E_DIR): zebra's API socket, the vty sockets vtysh talks to, pid
# files, logs (zebra.log, bgpd.log). The daemons run in the foreground (no
# -d) so the PIDs we record are theirs, with no vty TCP port (-P 0). On
# SIGTERM zebra removes the routes and FDB entries it installed. Every
# daemon, stopped or killed, leaves /var/tmp/frr/<daemon>.<pid>, which
# frr_stop and frr_cleanup delete.

FRR_SBIN=${FRR_SBIN:-/usr/lib/frr}
declare -A FRR_NS FRR_STARTS
FRR_PIDS=() # every daemon started, for frr_cleanup

declare -A FRR_DIR

# The daemons run as the frr user (FRR drops root, keeping CAP_NET_ADMIN):
# their directory is theirs, outside $E2E_DIR (root's, mode 700).
frr_dir() { echo "${FRR_DIR[$1]}"; }

# frr_daemon NAME DAEMON CONF EXTRA...: start one daemon in NAME's namespace.
frr_daemon() {
	local name=$1 daemon=$2 conf=$3 dir pid
	shift 3
	dir=$(frr_dir "$name")
	ip netns exec "${FRR_NS[$name]}" "$FRR_SBIN/$daemon" -f "$conf" -i "$dir/$daemon.pid" \
		-z "$dir/zserv.api" --vty_socket "$dir" -P 0 \
		--log "file:$dir/$daemon.log" "$@" >>"$dir/$daemon.out" 2>&1 </dev/null &
	pid=$!
	FRR_PIDS+=("$pid")
	e2e_track "frr-$name-$daemon-${FRR_STARTS[$name]}" "$pid" frr ""
}

# Both daemons answer on their vty sockets.
frr_answers() {
	frr_vtysh "$1" -d zebra -c 'show version' && frr_vtysh "$1" -d bgpd -c 'show version'
}

# frr_start NAME NS BGPD_CONF: zebra (a configuration of its own: hostname and
# log) and bgpd with BGPD_CONF (router bgp ...). A second start of NAME (a
# restart after frr_stop) reuses the directory.
frr_start() {
	local name=$1 ns=$2 conf=$3 dir
	if [ -z "${FRR_DIR[$name]:-}" ]; then
		FRR_DIR[$name]=$(mktemp -d "/tmp/sluice-frr-$name.XXXXXX")
		E2E_DIRS+=("${FRR_DIR[$name]}")
		chown frr:frr "${FRR_DIR[$name]}"
	fi
	dir=$(frr_dir "$name")
	FRR_NS[$name]=$ns
	FRR_STARTS[$name]=$((${FRR_STARTS[$name]:-0} + 1))
	printf 'hostname %s\nlog file %s/zebra.log\n' "$name" "$dir" >"$dir/zebra.conf"
	cp "$conf" "$dir/bgpd.conf"
	frr_daemon "$name" zebra "$dir/zebra.conf"
	# bgpd connects to zebra's API socket: start it once zebra listens.
	if ! e2e_wait_for 20 "zebra of $name" test -S "$dir/zserv.api"; then
		e2e_log "zebra of $name did not start: $(tail -3 "$dir/zebra.out" "$dir/zebra.log" 2>/dev/null)"
		return 1
	fi
	frr_daemon "$name" bgpd "$dir/bgpd.conf"
	if ! e2e_wait_for 20 "zebra and bgpd of $name to answer" frr_answers "$name"; then
		e2e_log "FRR of $name did not start: $(tail -3 "$dir/bgpd.out" "$dir/bgpd.log" 2>/dev/null)"
		return 1
	fi
}

# frr_evpn_conf ROUTER_ID PEER...: bgpd's configuration for the tests: iBGP
# AS 65000 with every PEER, only the l2vpn evpn family, advertise-all-vni
# (every VXLAN device zebra sees), timers of 1 s (keepalive, connect retry)
# and 3 s (hold) so a stopped peer is noticed at once.
frr_evpn_conf() {
	local id=$1 p
	shift
	printf 'router bgp 65000\n bgp router-id %s\n no bgp default ipv4-unicast\n' "$id"
	for p in "$@"; do
		printf ' neighbor %s remote-as 65000\n neighbor %s timers 1 3\n' "$p" "$p"
		printf ' neighbor %s timers connect 1\n' "$p"
	done
	printf ' address-family l2vpn evpn\n'
	for p in "$@"; do printf '  neighbor %s activate\n' "$p"; done
	printf '  advertise-all-vni\n exit-address-family\n'
}

# frr_vtysh NAME ARGS...: vtysh against NAME's daemons (in its namespace).
frr_vtysh() {
	local name=$1
	shift
	ip netns exec "${FRR_NS[$name]}" vtysh --vty_socket "$(frr_dir "$name")" "$@"
}

# frr_established NAME PEER: bgpd's session to PEER is Established.
frr_established() {
	frr_vtysh "$1" -c "show bgp neighbors $2 json" 2>/dev/null |
		grep -q '"bgpState":"Established"'
}

frr_wait_established() {
	e2e_wait_for "${3:-60}" "BGP session $1 -> $2 Established" frr_established "$1" "$2"
}

# frr_pids NAME: the PIDs of NAME's running daemons.
frr_pids() {
	local key
	for key in "${!E2E_PID[@]}"; do
		[[ $key == frr-$1-* ]] && echo "${E2E_PID[$key]}"
	done
}

# frr_stop NAME [SIGNAL]: stop NAME's daemons (bgpd first, so it withdraws
# while zebra still runs) and remove their crash logs.
frr_stop() {
	local name=$1 sig=${2:-TERM} key pid daemon
	for daemon in bgpd zebra; do
		key="frr-$name-$daemon-${FRR_STARTS[$name]}"
		pid=${E2E_PID[$key]:-}
		[ -n "$pid" ] || continue
		e2e_stop "$key" "$sig" 15
		rm -rf "/var/tmp/frr/$daemon.$pid"
	done
	rm -f "$(frr_dir "$name")"/*.pid
}

# frr_cleanup: for an EXIT trap, after e2e_cleanup_all stopped the daemons:
# the crash logs of every daemon this script started.
frr_cleanup() {
	local pid
	for pid in "${FRR_PIDS[@]}"; do
		rm -rf /var/tmp/frr/*."$pid"
	done
}

# The EXIT trap of a script using FRR: e2e_cleanup's work, then frr_cleanup.
frr_exit() {
	local rc=$?
	trap - EXIT INT TERM
	e2e_cleanup_all "$rc"
	frr_cleanup
	exit "$rc"
}
