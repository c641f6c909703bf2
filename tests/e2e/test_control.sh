#!/usr/bin/env bash
# The control socket, end to end, driven only through `sluicectl --json` (and
# raw bytes where sluicectl would refuse to send them), asserting on the JSON
# with jq. sluice bridges a phy port (net_tap in the "phy" namespace) and two
# testpmd VMs on one flat network:
#  - every read-only method, the FDB (learned, static, flush), stats reset,
#    rxq and log level;
#  - 20 cycles of network add, port add (vhost server + net_null phy), port
#    del, network del while VM1 pings the phy side every 10 ms: no ping lost,
#    no fd or ethdev id leaked;
#  - a client-mode vhost port added live for a third VM, pinged through, deleted;
#  - bad input: malformed JSON, wrong methods/params/types/ranges/names, a
#    line over 64 KiB, half a request, 200 clients at once: each gets the
#    right error code, nothing changes, sluice still forwards;
#  - sluicectl exit codes; shutdown over the socket (exit 0, nothing left).
# Usage: tests/e2e/test_control.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016,SC2317 # "A && B || abort" aborts when either fails; eval strings expand when run; functions run through e2e_wait_for and traps
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init control "${1:-build}" dpdk-testpmd ping jq /usr/bin/python3

sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"
raw=$PWD/tests/lib/ctl_raw.py
ns_phy=$(e2e_ns phy)
ns_vm1=$(e2e_ns vm1)
ns_vm2=$(e2e_ns vm2)
ns_vm3=$(e2e_ns vm3)
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
sock=$E2E_DIR/$prefix.sock
cycles=20

# ctl ARGS...: sluicectl --json on our socket; the reply on stdout.
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }
# jq_ok JSON FILTER [ARGS...]: the filter yields neither false nor null.
jq_ok() {
	local json=$1
	shift
	jq -e "$@" >/dev/null 2>&1 <<<"$json"
}
# check_json NAME JSON FILTER [ARGS...]: PASS or FAIL NAME, showing the JSON.
check_json() {
	local name=$1 json=$2
	shift 2
	if jq_ok "$json" "$@"; then
		e2e_pass "$name"
	else
		e2e_fail "$name" "jq '${*: -1}' is not true of: $(head -c 1500 <<<"$json")"
	fi
}
# rc_of VAR COMMAND...: run the command, its exit status in VAR, output in $E2E_DIR/rc.out/err.
rc_of() {
	local var=$1
	shift
	"$@" >"$E2E_DIR/rc.out" 2>"$E2E_DIR/rc.err"
	printf -v "$var" %s $?
}
fd_count() { find "/proc/$(e2e_pid sluice)/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
fd_at_most() { [ "$(fd_count)" -le "$1" ]; }
# Upper case, as sluice prints MACs.
mac_of() { ip -n "$1" -j link show "$2" | jq -r '.[0].address | ascii_upcase'; }
# Port and network state that nothing but a change may alter.
# A port's settings and state, without its counters (tx_drops, the guards'
# and limits' drops, MACs learned): background ARP moves those, bad input
# must not move the rest.
port_state() {
	ctl port show | jq -cS '.result.ports | map(del(.tx_drops, .security.drops, .limits.drops,
		.limits.macs_learned, .limits.macs_refused)) | sort_by(.name)'
}
network_state() { ctl network show | jq -cS '[.result.networks[] | del(.fdb_entries)] | sort_by(.name)'; }

for ns in "$ns_phy" "$ns_vm1" "$ns_vm2" "$ns_vm3"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
	# No IPv6 chatter: counters move only with the test's own traffic.
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
# The socket file's mode and group come from [control] (the head ends in it).
sock_group=daemon
getent group "$sock_group" >/dev/null || sock_group=root
{
	e2e_config_head "$prefix"
	cat <<EOF
mode = 0640
group = $sock_group
EOF
	e2e_config_lan
} >"$config"

e2e_lan_start "$config" "$ns_phy" "$ns_vm1" "$ns_vm2"
e2e_addr "$ns_phy" phy0 198.18.0.1/24 &&
	e2e_addr "$ns_vm1" vm1 198.18.0.11/24 &&
	e2e_addr "$ns_vm2" vm2 198.18.0.12/24 || e2e_abort setup "cannot address the interfaces"
e2e_ping "$ns_vm1" 198.18.0.12 && e2e_ping "$ns_vm1" 198.18.0.1 && e2e_ping "$ns_phy" 198.18.0.12 ||
	e2e_abort setup-ping "the VMs and phy0 cannot ping each other"
e2e_pass start-and-ping

e2e_check socket-mode-group "control socket is '$(stat -c '%a %G' "$sock")', want '640 $sock_group'" \
	test "$(stat -c '%a %G' "$sock")" = "640 $sock_group"

# --- read-only methods
json=$(ctl version)
check_json version "$json" --arg v "$("$E2E_SLUICE" --version | cut -d' ' -f2)" \
	'.id != null and .result.version == $v and (.result.dpdk | startswith("DPDK 22.11"))'

# Both VMs are up with one queue pair enabled each way; ports must be
# reported in client mode and connected once.
json=$(ctl port show)
check_json port-show "$json" '.result.ports | length == 3 and all(.[]; .state == "up")
	and (map(.name) | sort) == ["phy0","vm1","vm2"]
	and all(.[]; .network == "lan")'
check_json port-show-vhost "$json" '[.result.ports[] | select(.type == "vhost") | .vhost] |
	length == 2 and all(.[]; .mode == "client" and .connects == 1 and .disconnects == 0
		and .rx_queues_enabled == [0] and .tx_queues_enabled == [0]
		and (.features | startswith("0x")))'
check_json port-show-phy "$json" '.result.ports[] | select(.name == "phy0") |
	.type == "phy" and .phy.link_up == true and .phy.rx_queues == 1 and .mtu == 1500
	and (.phy.devargs | startswith("net_tap0"))'
json=$(ctl port show vm1)
check_json port-show-one "$json" --arg s "$E2E_DIR/vm1.sock" \
	'.result.ports | length == 1 and .[0].name == "vm1" and .[0].vhost.socket == $s'

json=$(ctl network show)
check_json network-show "$json" '.result.networks | length == 1 and .[0].name == "lan"
	and .[0].type == "flat" and .[0].mac_aging == 300
	and (.[0].ports | sort) == ["phy0","vm1","vm2"] and .[0].fdb_entries >= 3'

mac_vm1=$(mac_of "$ns_vm1" vm1)
mac_vm2=$(mac_of "$ns_vm2" vm2)
mac_phy=$(mac_of "$ns_phy" phy0)
json=$(ctl fdb show)
check_json fdb-show-learned "$json" --arg m1 "$mac_vm1" --arg m2 "$mac_vm2" --arg mp "$mac_phy" '
	def has($mac; $port): any(.result.entries[]; .mac == $mac and .port == $port
		and .network == "lan" and .static == false and .age >= 0);
	has($m1; "vm1") and has($m2; "vm2") and has($mp; "phy0")'
json=$(ctl fdb show lan)
check_json fdb-show-network "$json" '.result.entries | length >= 3 and all(.[]; .network == "lan")'

json=$(ctl stats ports)
check_json stats-ports "$json" '.result.ports | length == 3 and
	all(.[]; .rx_packets > 0 and .tx_packets > 0 and .rx_bytes > 0 and .tx_bytes > 0
		and (.drops | type) == "object" and (.queues | length) >= 1 and .drops_total >= 0)'
json=$(ctl stats ports vm1)
check_json stats-ports-one "$json" '.result.ports | length == 1 and .[0].name == "vm1"
	and .[0].queues[0].queue == 0 and .[0].queues[0].rx_packets > 0'
json=$(ctl stats cores)
check_json stats-cores "$json" '.result.cores | length == 1 and .[0].pmd == 0
	and .[0].core == 1 and .[0].lcore == 1 and .[0].packets > 0
	and .[0].busy_percent >= 0 and .[0].busy_percent <= 100
	and .[0].busy_cycles > 0 and .[0].idle_cycles >= 0'
json=$(ctl stats drops)
check_json stats-drops "$json" '(.result.drops | type) == "array"
	and all(.result.drops[]; .count > 0 and (.port | length) > 0)
	and (.result.reasons | length) > 3
	and all(.result.reasons[]; (.reason | length) > 0 and (.help | length) > 0)'

json=$(ctl rxq show)
check_json rxq-show "$json" '.result.rxqs | any(.[]; .port == "phy0" and .queue == 0
		and .core == 1 and .pmd == 0 and .pinned == false)
	and any(.[]; .port == "vm1" and .queue == 0) and any(.[]; .port == "vm2" and .queue == 0)'
json=$(ctl rxq set phy0 0 1)
check_json rxq-set "$json" '.result == {}'
json=$(ctl rxq show)
check_json rxq-set-pinned "$json" \
	'.result.rxqs[] | select(.port == "phy0" and .queue == 0) | .pinned == true and .core == 1'
json=$(ctl rxq rebalance)
check_json rxq-rebalance "$json" '.result.moved == 0'

json=$(ctl log level warning 'lib.vhost*')
check_json log-level "$json" '.result == {"level":"warning","pattern":"lib.vhost*"}'
# Back to info everywhere: sluice logs "VM connected" at info.
json=$(ctl log level info)
check_json log-level-default-pattern "$json" '.result == {"level":"info","pattern":"*"}'

# --- FDB changes: static add and del, flush; learning comes back with traffic
static_mac=02:00:C6:12:00:99
json=$(ctl fdb add lan "$static_mac" vm2)
check_json fdb-add-static "$json" --arg m "$static_mac" \
	'.result == {"network":"lan","mac":$m,"port":"vm2","static":true,"age":0}'
json=$(ctl fdb show)
check_json fdb-add-listed "$json" --arg m "$static_mac" \
	'[.result.entries[] | select(.mac == $m)] == [{"network":"lan","mac":$m,"port":"vm2","static":true,"age":0}]'
json=$(ctl fdb del lan "$static_mac")
check_json fdb-del "$json" '.result == {}'
json=$(ctl fdb show)
check_json fdb-del-gone "$json" --arg m "$static_mac" 'all(.result.entries[]; .mac != $m)'

# Quiet first: permanent neighbours, so no ARP revalidation of the pings
# above relearns a MAC between `fdb flush` and `fdb show`, or lands between
# `stats reset` and the reads that expect zeros (further down).
ip -n "$ns_vm1" neigh replace 198.18.0.12 lladdr "$mac_vm2" dev vm1 nud permanent &&
	ip -n "$ns_vm1" neigh replace 198.18.0.1 lladdr "$mac_phy" dev vm1 nud permanent &&
	ip -n "$ns_vm2" neigh replace 198.18.0.11 lladdr "$mac_vm1" dev vm2 nud permanent &&
	ip -n "$ns_vm2" neigh replace 198.18.0.1 lladdr "$mac_phy" dev vm2 nud permanent &&
	ip -n "$ns_phy" neigh replace 198.18.0.11 lladdr "$mac_vm1" dev phy0 nud permanent &&
	ip -n "$ns_phy" neigh replace 198.18.0.12 lladdr "$mac_vm2" dev phy0 nud permanent ||
	e2e_abort quiet-neighbours "cannot pin the namespaces' neighbours"
sleep 1 # a probe already in flight passes now
ctl fdb add lan "$static_mac" vm2 >/dev/null
json=$(ctl fdb flush)
check_json fdb-flush "$json" '.result.removed >= 4'
json=$(ctl fdb show)
check_json fdb-flush-empty "$json" '.result.entries == []'
e2e_check fdb-relearn-ping "vm1 cannot ping vm2 after the flush" e2e_ping "$ns_vm1" 198.18.0.12
json=$(ctl fdb show)
check_json fdb-relearned "$json" --arg m1 "$mac_vm1" --arg m2 "$mac_vm2" \
	'any(.result.entries[]; .mac == $m1 and .port == "vm1") and any(.result.entries[]; .mac == $m2 and .port == "vm2")'
json=$(ctl fdb flush port=vm2)
check_json fdb-flush-port "$json" '.result.removed == 1'
json=$(ctl fdb flush network=lan)
check_json fdb-flush-network "$json" '.result.removed >= 1'

# --- stats reset: everything reads zero, then counts again from there
# The namespaces' neighbours were pinned before the FDB checks (above).
# A frame already in flight (a probe sent just before the pinning) passes now.
sleep 1
json=$(ctl stats reset)
check_json stats-reset "$json" '.result == {}'
json=$(ctl stats ports)
check_json stats-reset-zero "$json" '.result.ports | length == 3 and all(.[]; .rx_packets == 0
	and .tx_packets == 0 and .rx_bytes == 0 and .tx_bytes == 0 and .drops_total == 0
	and .queues == [] and .drops == {})'
json=$(ctl stats cores)
check_json stats-reset-cores "$json" '.result.cores[0].packets == 0'
e2e_ping "$ns_vm1" 198.18.0.1 5
json=$(ctl stats ports)
check_json stats-count-after-reset "$json" '.result.ports[] | select(.name == "vm1") |
	.rx_packets >= 5 and .tx_packets >= 5 and .rx_packets < 50'

# --- live changes under traffic: VM1 pings phy0 every 10 ms throughout
pinglog=$E2E_DIR/ping-cycles.txt
stopfile=$E2E_DIR/stop-ping
# tests/lib/pinger.py waits for every reply still in flight after the stop
# file appears, so a late reply on a loaded machine is not read as a loss.
ip netns exec "$ns_vm1" /usr/bin/python3 tests/lib/pinger.py 198.18.0.1 --interval 0.01 \
	--stop-file "$stopfile" --ready-file "$E2E_DIR/ping-ready" >"$pinglog" 2>&1 &
e2e_track pinger $! tool ""
fds_before=$(fd_count)
e2e_wait_for 5 "the first ping reply" test -e "$E2E_DIR/ping-ready"
cycle_ok=1
eth_ports=()
t0=$(date +%s%N)
for ((i = 1; i <= cycles; i++)); do
	net=live$i
	json=$(ctl network add "$net" type=flat mac-aging=60) &&
		jq_ok "$json" --arg n "$net" '.result == {"name":$n,"type":"flat","mac_aging":60,"ports":[],"fdb_entries":0}' &&
		json=$(ctl port add "v$i" type=vhost "socket=$E2E_DIR/live.sock" mode=server "network=$net") &&
		jq_ok "$json" --arg n "$net" '.result.network == $n and .result.state == "down" and .result.vhost.mode == "server"' &&
		[ -S "$E2E_DIR/live.sock" ] &&
		json=$(ctl port add "p$i" type=phy devargs=net_null1,no-rx=1 "network=$net") &&
		jq_ok "$json" '.result.state == "up" and .result.phy.link_up == true' &&
		eth_ports+=("$(jq '.result.phy.eth_port' <<<"$json")") &&
		json=$(ctl network show "$net") &&
		jq_ok "$json" --arg v "v$i" --arg p "p$i" '(.result.networks[0].ports | sort) == ([$p, $v] | sort)' &&
		ctl port del "v$i" >/dev/null && [ ! -e "$E2E_DIR/live.sock" ] &&
		ctl port del "p$i" >/dev/null &&
		ctl network del "$net" >/dev/null || {
		e2e_log "cycle $i failed; last reply: $(head -c 500 <<<"$json")"
		cycle_ok=0
		break
	}
done
t1=$(date +%s%N)
touch "$stopfile"
e2e_wait_for 10 "the pings to end" e2e_dead "$(e2e_pid pinger)"
wait "$(e2e_pid pinger)" 2>/dev/null
unset "E2E_PID[pinger]"
e2e_log "$cycles cycles in $(((t1 - t0) / 1000000)) ms; eth_port ids: ${eth_ports[*]}"
e2e_check live-cycles "a network add / port add / port del / network del cycle failed" test "$cycle_ok" = 1
read -r _ sent _ received _ lost < <(cat "$pinglog")
e2e_log "vm1 -> phy0 during the cycles: $sent sent, $received received, lost icmp_seq: ${lost:-?}"
e2e_check live-no-ping-lost "vm1 -> phy0 lost $((sent - received)) of $sent pings during the changes" \
	test "${sent:-0}" -ge 100 -a "${sent:-0}" = "${received:-}"
e2e_check live-ethdev-reused "the net_null ethdev got ids ${eth_ports[*]}: ethdev ids leak" \
	test "$(printf '%s\n' "${eth_ports[@]}" | sort -u | wc -l)" = 1
e2e_check live-no-fd-leak "sluice had $fds_before fds before the cycles, $(fd_count) after" \
	e2e_wait_for 5 "fd count back to $fds_before" fd_at_most "$fds_before"
json=$(ctl port show)
check_json live-ports-back "$json" '(.result.ports | map(.name) | sort) == ["phy0","vm1","vm2"]
	and all(.result.ports[]; .state == "up")'
json=$(ctl network show)
check_json live-networks-back "$json" '.result.networks | map(.name) == ["lan"]'

# --- a client-mode port added live for a third VM (its virtio_user listens).
# VM2 makes room first: at most three pollers at a time.
e2e_vm_stop vm2 TERM
e2e_log "vm2 stopped; starting vm3"
e2e_vm_start vm3 "$E2E_DIR/vm3.sock" "$ns_vm3"
e2e_wait_for 10 "vm3.sock" test -S "$E2E_DIR/vm3.sock" || e2e_abort client-port "VM3 made no socket"
e2e_log "vm3 listens on vm3.sock"
json=$(ctl port add vm3 type=vhost "socket=$E2E_DIR/vm3.sock" mode=client network=lan max-queues=1)
check_json client-port-add "$json" '.result.name == "vm3" and .result.vhost.mode == "client"'
vm3_up() { jq_ok "$(ctl port show vm3)" '.result.ports[0].state == "up" and .result.ports[0].vhost.rx_queues_enabled == [0]'; }
if e2e_wait_for 15 "vm3 up" vm3_up && e2e_vm_ready vm3; then
	e2e_pass client-port-up
	e2e_addr "$ns_vm3" vm3 198.18.0.13/24
	e2e_check client-port-ping-vm1 "vm3 cannot ping vm1" e2e_ping "$ns_vm3" 198.18.0.11
	e2e_check client-port-ping-phy "vm3 cannot ping phy0" e2e_ping "$ns_vm3" 198.18.0.1
else
	e2e_fail client-port-up "vm3 did not come up: $(ctl port show vm3)"
fi
json=$(ctl port del vm3)
check_json client-port-del "$json" '.result == {}'
json=$(ctl port show)
check_json client-port-gone "$json" '(.result.ports | map(.name) | sort) == ["phy0","vm1","vm2"]'
e2e_check client-port-vm-socket-kept "sluice removed the VM's own socket" test -S "$E2E_DIR/vm3.sock"
e2e_vm_stop vm3 TERM
e2e_check vm1-phy-after-changes "vm1 cannot ping phy0" e2e_ping "$ns_vm1" 198.18.0.1

# --- bad input. Each line: the JSON-RPC code wanted, a tab, the raw request.
ctl fdb add lan "$static_mac" vm1 >/dev/null # one static entry must survive too
ports_before=$(port_state)
networks_before=$(network_state)
vm1_rx_before=$(ctl stats ports vm1 | jq '.result.ports[0].rx_packets')
fds_before=$(fd_count)
r() { printf '%s\t{"jsonrpc":"2.0","id":%d,%s}\n' "$1" "$((++n))" "$2"; }
n=0
{
	printf '%s\t%s\n' -32700 '{not json' -32700 '"just a string"' -32700 '{"jsonrpc":"2.0",' \
		-32700 '{"jsonrpc":"2.0","id":1,"method":"version","id":2}' \
		-32600 '[1,2,3]' -32600 '{}' -32600 '{"jsonrpc":"1.0","id":1,"method":"version"}' \
		-32600 '{"id":1,"method":"version"}' -32600 '{"jsonrpc":"2.0","id":1}' \
		-32600 '{"jsonrpc":"2.0","id":1,"method":7}' -32600 '{"jsonrpc":"2.0","id":[1],"method":"version"}' \
		-32600 '{"jsonrpc":"2.0","id":1,"method":"version","extra":true}'
	r -32601 '"method":"nope"'
	r -32601 '"method":"port.frobnicate","params":{"name":"vm1"}'
	r -32601 '"method":""'
	r -32602 '"method":"version","params":[]'
	r -32602 '"method":"version","params":"x"'
	r -32602 '"method":"version","params":{"verbose":true}'
	r -32602 '"method":"shutdown","params":{"now":true}'
	r -32602 '"method":"stats.reset","params":{"port":"vm1"}'
	r -32602 '"method":"port.del"'
	r -32602 '"method":"port.del","params":{}'
	r -32602 '"method":"port.del","params":{"name":1}'
	r -32602 '"method":"port.del","params":{"name":"vm1","force":true}'
	r -32602 '"method":"port.show","params":{"name":null}'
	r -32602 '"method":"port.add","params":{"type":"vhost","socket":"'"$E2E_DIR"'/bad.sock"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","colour":"blue"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"tunnel"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"phy"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","max-queues":99}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","max-queues":0}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","max-queues":-1}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","max-queues":1.5}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","max-queues":true}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","mode":"both"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"relative.sock"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"/nonexistent-dir/x.sock"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/vm1.sock"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","network":"nosuch"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","mac":"01:00:5e:00:00:01"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock","devargs":"net_null5"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"phy","devargs":"net_tap0,iface=phy0"}'
	r -32602 '"method":"port.add","params":{"name":"bad","type":"phy","devargs":"net_null5","rx-queues":17}'
	r -32602 '"method":"port.add","params":{"name":"bad name","type":"phy","devargs":"net_null5"}'
	r -32602 '"method":"port.add","params":{"name":"","type":"phy","devargs":"net_null5"}'
	r -32602 '"method":"port.add","params":{"name":"a-name-that-is-longer-than-31-chars","type":"phy","devargs":"net_null5"}'
	r -32000 '"method":"port.add","params":{"name":"bad","type":"phy","devargs":"net_nosuchdriver0"}'
	r -32002 '"method":"port.add","params":{"name":"vm1","type":"vhost","socket":"'"$E2E_DIR"'/bad.sock"}'
	r -32602 '"method":"network.add","params":{"name":"badnet"}'
	r -32602 '"method":"network.add","params":{"name":"badnet","type":"vlan"}'
	r -32602 '"method":"network.add","params":{"name":"badnet","type":"flat","mac-aging":0}'
	r -32602 '"method":"network.add","params":{"name":"badnet","type":"flat","mac-aging":86401}'
	r -32602 '"method":"network.add","params":{"name":"badnet","type":"flat","mac-aging":"soon"}'
	r -32602 '"method":"network.add","params":{"name":"badnet","type":"flat","vni":5}'
	r -32002 '"method":"network.add","params":{"name":"lan","type":"flat"}'
	r -32000 '"method":"network.del","params":{"name":"lan"}'
	r -32001 '"method":"network.del","params":{"name":"nosuch"}'
	r -32001 '"method":"network.del","params":{"name":""}'
	r -32001 '"method":"network.show","params":{"name":""}'
	r -32001 '"method":"network.show","params":{"name":"nosuch"}'
	r -32001 '"method":"port.del","params":{"name":"nosuch"}'
	r -32001 '"method":"port.del","params":{"name":""}'
	r -32001 '"method":"port.show","params":{"name":""}'
	r -32001 '"method":"port.show","params":{"name":"nosuch"}'
	r -32001 '"method":"stats.ports","params":{"name":""}'
	r -32001 '"method":"stats.ports","params":{"name":"nosuch"}'
	r -32602 '"method":"stats.ports","params":{"name":["vm1"]}'
	r -32602 '"method":"stats.cores","params":{"core":1}'
	r -32001 '"method":"fdb.show","params":{"network":"nosuch"}'
	r -32602 '"method":"fdb.show","params":{"network":1}'
	r -32602 '"method":"fdb.add","params":{"network":"lan","mac":"02:00:c6:12:00:98"}'
	r -32602 '"method":"fdb.add","params":{"network":"lan","mac":"not-a-mac","port":"vm1"}'
	r -32602 '"method":"fdb.add","params":{"network":"lan","mac":"ff:ff:ff:ff:ff:ff","port":"vm1"}'
	r -32602 '"method":"fdb.add","params":{"network":"lan","mac":2,"port":"vm1"}'
	r -32602 '"method":"fdb.add","params":{"network":"lan","mac":"02:00:c6:12:00:98","port":"vm1","ttl":5}'
	r -32001 '"method":"fdb.add","params":{"network":"nosuch","mac":"02:00:c6:12:00:98","port":"vm1"}'
	r -32001 '"method":"fdb.add","params":{"network":"lan","mac":"02:00:c6:12:00:98","port":"nosuch"}'
	r -32001 '"method":"fdb.add","params":{"network":"lan","mac":"02:00:c6:12:00:98","port":""}'
	r -32001 '"method":"fdb.del","params":{"network":"lan","mac":"02:00:c6:12:00:98"}'
	r -32001 '"method":"fdb.del","params":{"network":"nosuch","mac":"'"$static_mac"'"}'
	r -32602 '"method":"fdb.del","params":{"network":"lan"}'
	r -32001 '"method":"fdb.flush","params":{"network":"nosuch"}'
	r -32001 '"method":"fdb.flush","params":{"port":"nosuch"}'
	r -32001 '"method":"fdb.flush","params":{"port":""}'
	r -32602 '"method":"fdb.flush","params":{"port":5}'
	r -32602 '"method":"fdb.flush","params":{"mac":"'"$static_mac"'"}'
	r -32602 '"method":"rxq.set","params":{"port":"phy0","queue":1,"core":1}'
	r -32602 '"method":"rxq.set","params":{"port":"phy0","queue":0,"core":0}'
	r -32602 '"method":"rxq.set","params":{"port":"phy0","queue":0,"core":4096}'
	r -32602 '"method":"rxq.set","params":{"port":"phy0","queue":"zero","core":1}'
	r -32602 '"method":"rxq.set","params":{"port":"phy0","queue":0}'
	r -32001 '"method":"rxq.set","params":{"port":"nosuch","queue":0,"core":1}'
	r -32001 '"method":"rxq.set","params":{"port":"","queue":0,"core":1}'
	r -32602 '"method":"rxq.rebalance","params":{"dry-run":true}'
	r -32602 '"method":"rxq.show","params":{"port":"vm1"}'
	r -32602 '"method":"log.level"'
	r -32602 '"method":"log.level","params":{"level":"loud"}'
	r -32602 '"method":"log.level","params":{"level":7}'
	r -32602 '"method":"log.level","params":{"level":"info","pattern":7}'
} >"$E2E_DIR/bad.tsv"
cut -f2 "$E2E_DIR/bad.tsv" | /usr/bin/python3 "$raw" lines "$sock" >"$E2E_DIR/bad.replies"
# One jq run checks every reply: the wanted code, a message, and the
# request's id when it had a usable one (a parse error cannot know it).
wrong=$(jq -n -r --rawfile tsv "$E2E_DIR/bad.tsv" --rawfile replies "$E2E_DIR/bad.replies" '
	($tsv | rtrimstr("\n") | split("\n")) as $reqs |
	($replies | rtrimstr("\n") | split("\n")) as $reps |
	range(0; $reqs | length) as $i |
	($reqs[$i] | split("\t")) as [$want, $req] |
	($reps[$i] // "no reply") as $line |
	(try ($line | fromjson) catch null) as $r |
	(try ($req | fromjson) catch null) as $q |
	(($r | type) == "object" and $r.jsonrpc == "2.0" and ($r.error.code | tostring) == $want
	 and ($r.error.message | length) > 0 and ($r | has("result") | not)
	 and (if $want != "-32700" and ($q | type) == "object" and ($q | has("jsonrpc"))
		and (($q.id | type) == "number" or ($q.id | type) == "string")
	      then $r.id == $q.id else $r | has("id") end)) as $ok |
	select($ok | not) | "  want \($want) for \($req), got: \($line)"')
e2e_log "$(wc -l <"$E2E_DIR/bad.tsv") bad requests sent"
if [ -z "$wrong" ]; then
	e2e_pass bad-requests-error-codes
else
	e2e_fail bad-requests-error-codes "wrong replies:"$'\n'"$wrong"
fi
# The message names the param at fault.
line=$(grep -n '"colour"' "$E2E_DIR/bad.tsv" | cut -d: -f1)
check_json bad-requests-message-names-param "$(sed -n "${line}p" "$E2E_DIR/bad.replies")" \
	'.error.message | test("colour")'

# A line over 64 KiB: one error, then sluice hangs up, whether the line came
# in pieces or whole with a newline (and a request after it that must not run).
for mode in stream whole; do
	out=$(/usr/bin/python3 "$raw" long "$sock" "$mode")
	if [ "$(sed -n '$p' <<<"$out")" = EOF ] && [ "$(wc -l <<<"$out")" = 2 ] &&
		jq_ok "$(head -1 <<<"$out")" '.error.code == -32600 and (.error.message | test("65536"))'; then
		e2e_pass "long-line-$mode"
	else
		e2e_fail "long-line-$mode" "want one -32600 reply then EOF, got: $(head -c 600 <<<"$out")"
	fi
done

# Half a request (a port.del vm1), then the client is gone: nothing runs.
/usr/bin/python3 "$raw" half "$sock"
# 200 clients at once: each gets its version or "too many control clients".
out=$(/usr/bin/python3 "$raw" many "$sock" 200 2>"$E2E_DIR/many.err")
check_json many-clients "$out" '.ok + .busy == 200 and .bad == 0 and .hung == 0 and .ok >= 1'
e2e_log "200 clients: $out"

# Full up: every slot taken, the next client hears "too many control
# clients"; clients that connect and vanish before sluice can tell them so
# must not kill it (a write to them used to raise SIGPIPE: exit 141).
max_clients=$(sed -n 's/^#define CTL_MAX_CLIENTS \([0-9]*\).*/\1/p' control/socket.h)
out=$(/usr/bin/python3 "$raw" full "$sock" "${max_clients:-256}" 2>&1)
check_json full-busy-reply "$out" '.busy_reply == true'
e2e_check full-vanishing-clients-survived "sluice is gone (exit status in $(e2e_sluice_err sluice))" \
	e2e_alive "$(e2e_pid sluice)"
# Full of clients idle for longer than CTL_IDLE_EVICT_MS: a newcomer is served
# and the idlest is closed to make room (a leak of idle connections must not
# lock the operator out).
evict_ms=$(sed -n 's/^#define CTL_IDLE_EVICT_MS \([0-9]*\).*/\1/p' control/socket.h)
out=$(/usr/bin/python3 "$raw" idle "$sock" "${max_clients:-256}" "$(((${evict_ms:-5000} + 1500) / 1000))" 2>&1)
check_json full-idle-evicted "$out" '.answered == true and .oldest_closed == true'
# A client that never reads its replies is cut off once they pass 4 MiB,
# not left connected with sluice no longer reading it.
out=$(/usr/bin/python3 "$raw" slow "$sock" 2>&1)
check_json slow-reader-cut-off "$out" '.cut_off == true'

# After all of it: nothing changed, nothing leaked, traffic flows.
e2e_check bad-input-sluice-alive "sluice is gone" e2e_alive "$(e2e_pid sluice)"
e2e_check bad-input-ports-unchanged "port show changed: $(port_state)" test "$(port_state)" = "$ports_before"
e2e_check bad-input-networks-unchanged "network show changed: $(network_state)" \
	test "$(network_state)" = "$networks_before"
json=$(ctl fdb show)
check_json bad-input-fdb-unchanged "$json" --arg m "$static_mac" \
	'[.result.entries[] | select(.static)] == [{"network":"lan","mac":$m,"port":"vm1","static":true,"age":0}]
	and all(.result.entries[]; (.mac | ascii_downcase) != "02:00:c6:12:00:98")'
json=$(ctl stats ports vm1)
check_json bad-input-stats-not-reset "$json" --argjson before "$vm1_rx_before" '.result.ports[0].rx_packets >= $before and $before > 0'
e2e_check bad-input-no-port-files "a bad port.add left $E2E_DIR/bad.sock" test ! -e "$E2E_DIR/bad.sock"
e2e_check bad-input-no-fd-leak "sluice had $fds_before fds before, $(fd_count) after" \
	e2e_wait_for 5 "fd count back to $fds_before" fd_at_most "$fds_before"
e2e_check bad-input-still-forwards "vm1 cannot ping phy0" e2e_ping "$ns_vm1" 198.18.0.1

# --- sluicectl's exit codes
rc_of rc "$sluicectl" --socket "$sock" port show nosuch
e2e_check sluicectl-exit-error-reply "exit $rc, stderr '$(head -c 200 "$E2E_DIR/rc.err")'; want 1 and the message" \
	eval '[ "$rc" = 1 ] && grep -q "no port .nosuch." "$E2E_DIR/rc.err"'
rc_of rc "$sluicectl" --socket "$sock" --json port show nosuch
e2e_check sluicectl-exit-error-reply-json "exit $rc; want 1 and the error reply on stdout" \
	eval '[ "$rc" = 1 ] && jq_ok "$(cat "$E2E_DIR/rc.out")" ".error.code == -32001"'
rc_of rc "$sluicectl" --socket "$sock" frobnicate
rc2=$rc
rc_of rc "$sluicectl" --socket "$sock" port add
rc3=$rc
rc_of rc "$sluicectl" --socket "$sock" --timeout never version
e2e_check sluicectl-exit-usage "exits $rc2 (unknown command), $rc3 (port add without a name), $rc (bad --timeout); want 2" \
	test "$rc2" = 2 -a "$rc3" = 2 -a "$rc" = 2
rc_of rc "$sluicectl" --socket "$E2E_DIR/nothing-here.sock" version
e2e_check sluicectl-exit-no-socket "exit $rc; want 3" test "$rc" = 3
rc_of rc "$sluicectl" --socket "$sock" version
e2e_check sluicectl-exit-ok "exit $rc; want 0" test "$rc" = 0

# --- shutdown over the socket: exit 0, socket and runtime dir gone
json=$(ctl shutdown)
check_json shutdown-reply "$json" '.result == {}'
pid=$(e2e_pid sluice)
if e2e_wait_for 15 "sluice to exit after shutdown" e2e_dead "$pid"; then
	wait "$pid"
	rc=$?
	unset "E2E_PID[sluice]"
	e2e_check shutdown-exit-0 "sluice exited $rc" \
		eval '[ "$rc" = 0 ] && grep -q "stopping on request (shutdown)" "$(e2e_sluice_out sluice)"'
else
	e2e_fail shutdown-exit-0 "sluice still runs 15 s after shutdown"
fi
e2e_check shutdown-nothing-left "control socket or runtime files of $prefix left" \
	eval 'e2e_check_no_runtime "$prefix" && [ ! -e "$sock" ]'
rc_of rc "$sluicectl" --socket "$sock" version
e2e_check shutdown-sluicectl-exit-3 "exit $rc once sluice is gone; want 3" test "$rc" = 3

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
