#!/usr/bin/env bash
# Live reload, end to end: sluice bridges a phy port (net_tap) and two testpmd
# VMs on network lan while VM1 pings VM2 every 10 ms. The config file is
# edited and reloaded:
#  - `sluicectl reload --dry-run` prints the difference and changes nothing;
#  - `sluicectl reload` adds network blue and a vhost port vm3 (a third VM,
#    pinged through once it connects) and changes lan's mac-aging in place;
#  - `kill -HUP` takes them back out; sluice logs the diff;
#  - a reload that changes worker-cores is refused naming the key, and a
#    file with an unknown key fails with its FILE:LINE: both leave port show
#    and network show as they were (by sluicectl and by SIGHUP);
#  - the ping between the two untouched VMs loses nothing across all of it.
# Usage: tests/e2e/test_reload.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016,SC2034,SC2317 # "A && B || abort" aborts when either fails; eval strings expand when run (and use variables set here); functions run through e2e_wait_for and eval
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init reload "${1:-build}" dpdk-testpmd ping jq

sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"
ns_phy=$(e2e_ns phy)
ns_vm1=$(e2e_ns vm1)
ns_vm2=$(e2e_ns vm2)
ns_vm3=$(e2e_ns vm3)
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
sock=$E2E_DIR/$prefix.sock
ping_log=$E2E_DIR/ping.txt

ctl() { "$sluicectl" --socket "$sock" "$@"; }
# jq_true FILTER: the JSON on stdin makes it true.
jq_true() { jq -e "$@" >/dev/null; }
# Port and network state that only an applied change may alter.
port_state() { ctl --json port show | jq -cS '.result.ports | map(del(.phy.rx_missed)) | sort_by(.name)'; }
network_state() { ctl --json network show | jq -cS '[.result.networks[] | del(.fdb_entries)] | sort_by(.name)'; }
out_has() { grep -qF -- "$1" "$(e2e_sluice_out sluice)"; }
out_count() { grep -cF -- "$1" "$(e2e_sluice_out sluice)"; }
# out_grew TEXT N: sluice's log has TEXT more than N times.
out_grew() { [ "$(out_count "$1")" -gt "$2" ]; }

# The file as sluice starts with it; write_config TAIL [LAN_EXTRA] [DATAPLANE_SED].
write_config() {
	{
		e2e_config_head "$prefix"
		e2e_config_lan
		printf '%s' "${1:-}"
	} >"$config.new"
	[ -n "${2:-}" ] && sed -i "/^\[network lan\]/,/^$/ s/^type = flat$/type = flat\n$2/" "$config.new"
	[ -n "${3:-}" ] && sed -i "$3" "$config.new"
	mv "$config.new" "$config"
}

vm3_tail="
[network blue]
type = flat

[port vm3]
type = vhost
socket = $E2E_DIR/vm3.sock
mode = client
network = lan

[port blue0]
type = vhost
socket = $E2E_DIR/blue0.sock
mode = server
network = blue
"

for ns in "$ns_phy" "$ns_vm1" "$ns_vm2" "$ns_vm3"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
write_config
e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm1"
e2e_vm_start vm2 "$E2E_DIR/vm2.sock" "$ns_vm2"
e2e_vm_start vm3 "$E2E_DIR/vm3.sock" "$ns_vm3"
e2e_wait_for 10 "VM sockets" test -S "$E2E_DIR/vm1.sock" -a -S "$E2E_DIR/vm2.sock" ||
	e2e_abort setup "the testpmd VMs did not create their vhost-user sockets"
e2e_sluice_start sluice "$config" "$ns_phy" || e2e_abort start "sluice did not become ready"
for vm in vm1 vm2; do
	e2e_wait_for 15 "$vm connected" e2e_vm_connected sluice "$vm" && e2e_vm_ready "$vm" ||
		e2e_abort "connect-$vm" "$vm did not connect or does not forward"
done
e2e_addr "$ns_vm1" vm1 198.18.0.11/24 && e2e_addr "$ns_vm2" vm2 198.18.0.12/24 ||
	e2e_abort setup "cannot address the VMs"
e2e_ping "$ns_vm1" 198.18.0.12 || e2e_abort setup-ping "vm1 cannot ping vm2"
e2e_pass start-and-ping

# The ping that must lose nothing, until the reloads are over; pinger.py
# waits for the replies in flight when it stops, so none is cut off.
ip netns exec "$ns_vm1" /usr/bin/python3 tests/lib/pinger.py 198.18.0.12 --interval 0.01 \
	--stop-file "$E2E_DIR/ping.stop" >"$ping_log" 2>&1 &
ping_pid=$!
ports0=$(port_state)
nets0=$(network_state)

# --- dry run: the difference printed, nothing applied
write_config "$vm3_tail" "mac-aging = 120"
dry=$(ctl reload --dry-run 2>&1)
e2e_check dry-run-prints "sluicectl reload --dry-run printed: $dry" eval '
	grep -qxF "+ network blue (type flat)" <<<"$dry" &&
	grep -qxF "+ port vm3 (type vhost, network lan)" <<<"$dry" &&
	grep -qxF "~ network lan: mac-aging 300 -> 120" <<<"$dry" &&
	grep -qF "4 changes; dry run, nothing applied" <<<"$dry"'
e2e_check dry-run-changes-nothing "port or network state changed by a dry run" \
	eval '[ "$(port_state)" = "$ports0" ] && [ "$(network_state)" = "$nets0" ]'

# --- sluicectl reload: applied
out=$(ctl reload 2>&1)
rc=$?
e2e_check reload-applies "exit $rc, printed: $out" eval '[ "$rc" = 0 ] &&
	grep -qxF "+ port blue0 (type vhost, network blue)" <<<"$out" &&
	grep -qF "$config: 4 changes applied" <<<"$out"'
json=$(ctl --json port show)
e2e_check reload-port-show "port show: $json" jq_true '.result.ports | (map(.name) | sort) ==
	["blue0","phy0","vm1","vm2","vm3"] and (.[] | select(.name == "blue0") | .network == "blue")' \
	<<<"$json"
json=$(ctl --json network show)
e2e_check reload-network-show "network show: $json" jq_true '.result.networks |
	(.[] | select(.name == "lan") | .mac_aging == 120) and
	(.[] | select(.name == "blue") | .ports == ["blue0"])' <<<"$json"
# The port the reload added carries traffic.
e2e_check reload-added-port-forwards "vm3 did not connect to the port the reload added, or vm1 cannot ping it" \
	eval 'e2e_wait_for 15 "vm3 connected" e2e_vm_connected sluice vm3 && e2e_vm_ready vm3 &&
	e2e_addr "$ns_vm3" vm3 198.18.0.13/24 && e2e_ping "$ns_vm1" 198.18.0.13'

# --- SIGHUP: the file back as it started; the diff in the log
write_config
e2e_check reload-logged "sluice's log lacks the sluicectl reload" \
	out_has "sluice: reload of $config (control socket)"
n=$(out_count "sluice: reload of $config (SIGHUP)")
kill -HUP "$(e2e_pid sluice)"
e2e_wait_for 15 "the SIGHUP reload" out_grew "sluice: reload done: 4 changes" 1
e2e_check hup-logs-diff "sluice's log: $(grep reload "$(e2e_sluice_out sluice)")" eval '
	out_grew "sluice: reload of $config (SIGHUP)" "$n" &&
	out_has "sluice: reload: - port vm3" && out_has "sluice: reload: - port blue0" &&
	out_has "sluice: reload: - network blue" &&
	out_has "sluice: reload: ~ network lan: mac-aging 120 -> 300" &&
	out_has "sluice: reload done: 4 changes"'
e2e_check hup-restores-state "port or network state differs from the start after reloading the first file" \
	eval '[ "$(port_state)" = "$ports0" ] && [ "$(network_state)" = "$nets0" ]'

# --- refused: keys that need a restart are named, nothing changes
write_config "$vm3_tail" "" 's/^main-core = 0$/main-core = 1/; s/^worker-cores = 1$/worker-cores = 0/'
out=$(ctl reload 2>&1)
rc=$?
want="reload refused: [dataplane] main-core changed (0 -> 1), [dataplane] worker-cores changed (1 -> 0): need a restart; nothing changed"
e2e_check refused-names-keys "exit $rc, printed: $out" eval '[ "$rc" = 1 ] && grep -qF "$want" <<<"$out"'
e2e_check refused-changes-nothing "port or network state changed by a refused reload" \
	eval '[ "$(port_state)" = "$ports0" ] && [ "$(network_state)" = "$nets0" ]'
n=$(out_count "reload done:")
e2e_check refused-logged "sluice's log lacks '$want' after sluicectl reload" \
	out_grew "sluice: $want" 0
kill -HUP "$(e2e_pid sluice)"
e2e_wait_for 15 "the refused SIGHUP reload" out_grew "sluice: $want" 1
e2e_check refused-hup-logged "sluice's log lacks a second '$want'" out_grew "sluice: $want" 1
e2e_check refused-hup-changes-nothing "state changed by a refused SIGHUP reload" \
	eval '[ "$(out_count "reload done:")" = "$n" ] && [ "$(port_state)" = "$ports0" ] &&
	[ "$(network_state)" = "$nets0" ]'

# --- a broken file: the loader's FILE:LINE, nothing changes
write_config "$vm3_tail
colour = blue
"
line=$(grep -n '^colour = blue$' "$config" | cut -d: -f1)
out=$(ctl reload 2>&1)
rc=$?
e2e_check broken-file-line "exit $rc, printed: $out" eval '[ "$rc" = 1 ] &&
	grep -qF "reload failed: $config:$line: key '"'colour'"': unknown in [port]" <<<"$out" &&
	grep -qF "; nothing changed" <<<"$out"'
e2e_check broken-file-changes-nothing "port or network state changed by a broken file" \
	eval '[ "$(port_state)" = "$ports0" ] && [ "$(network_state)" = "$nets0" ]'
kill -HUP "$(e2e_pid sluice)"
e2e_wait_for 15 "the broken SIGHUP reload" out_grew "sluice: reload failed: $config:$line:" 1
e2e_check broken-hup-changes-nothing "state changed by a broken SIGHUP reload, or sluice died" \
	eval 'e2e_alive "$(e2e_pid sluice)" && [ "$(port_state)" = "$ports0" ] &&
	[ "$(network_state)" = "$nets0" ]'

# --- the untouched VMs' ping across all of it: no loss
touch "$E2E_DIR/ping.stop"
wait "$ping_pid"
read -r _ sent _ received _ lost < <(cat "$ping_log")
e2e_check ping-no-loss "vm1 -> vm2 across the reloads: ${sent:-?} sent, ${received:-?} received, lost icmp_seq ${lost:-?}" \
	test "${sent:-0}" -ge 200 -a "${received:-}" = "${sent:-0}"

e2e_stop sluice TERM
e2e_check stop-clean "sluice exited $E2E_RC" test "$E2E_RC" = 0
[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
