#!/usr/bin/env bash
# Per-port limits end to end (issue 13): two testpmd+tap "VMs" and a phy
# port on one flat network. vm1 floods broadcasts as fast as it can while
# vm2 pings and runs TCP through sluice: vm2 keeps working, vm1's excess is
# dropped and counted (storm-broadcast, the vhost default of 10000/s). vm2
# is policed at 20 Mbit/s (ingress-rate): its iperf3 TCP throughput must be
# within 10% of that, and the excess is counted (policed).
# Usage: tests/e2e/test_limits.sh BUILD_DIR
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init limits "${1:-build}" dpdk-testpmd ping iperf3 jq ss /usr/bin/python3

sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"
ns_phy=$(e2e_ns phy)
ns_vm1=$(e2e_ns vm1)
ns_vm2=$(e2e_ns vm2)
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
sock=$E2E_DIR/$prefix.sock
rate_mbit=20
flood_s=12

# limit PORT KEY: one number of port.show's "limits" object (drops by name).
limit() {
	"$sluicectl" --socket "$sock" --json port show "$1" |
		jq -r --arg k "$2" '.result.ports[0].limits | (.[$k] // .drops[$k])'
}

for ns in "$ns_phy" "$ns_vm1" "$ns_vm2"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
{
	e2e_config_head "$prefix"
	e2e_config_lan
	echo "ingress-rate = $rate_mbit"
} >"$config"

e2e_lan_start "$config" "$ns_phy" "$ns_vm1" "$ns_vm2"
e2e_addr "$ns_phy" phy0 198.18.0.1/24 &&
	e2e_addr "$ns_vm1" vm1 198.18.0.11/24 &&
	e2e_addr "$ns_vm2" vm2 198.18.0.12/24 || e2e_abort setup "cannot address the interfaces"
e2e_check limits-shown "port show vm1 has no limits, or not the vhost defaults" \
	test "$(limit vm1 storm_broadcast)" = 10000 -a "$(limit vm1 mac_limit)" = 1024 \
	-a "$(limit vm2 ingress_rate)" = "$rate_mbit" -a "$(limit phy0 storm_broadcast)" = 0
e2e_check ping-before "vm2 cannot reach phy0 before the storm" e2e_ping "$ns_vm2" 198.18.0.1

# The storm: vm1 sends broadcasts for flood_s seconds; vm2 works meanwhile.
ip netns exec "$ns_vm1" /usr/bin/python3 tests/lib/l2_flood.py vm1 "$flood_s" \
	>"$E2E_DIR/flood.out" 2>&1 &
flood_pid=$!
e2e_track flood "$flood_pid" tool ""
e2e_wait_for 10 "storm drops on vm1" eval '[ "$(limit vm1 storm-broadcast)" -gt 0 ]' ||
	e2e_fail storm-counted "no storm-broadcast drops on vm1 while it floods"
e2e_check storm-ping-vm2 "vm2's ping to phy0 failed during vm1's storm" \
	e2e_ping "$ns_vm2" 198.18.0.1 5
e2e_check storm-ping-phy "phy0's ping to vm2 failed during vm1's storm" \
	e2e_ping "$ns_phy" 198.18.0.12 5
e2e_iperf storm-tcp-vm2 "$ns_vm2" "$ns_phy" 198.18.0.1 5201
e2e_check storm-still-flooding "the storm ended before vm2's traffic did: nothing was tested" \
	e2e_alive "$flood_pid"
e2e_wait_for $((flood_s + 10)) "flood to end" e2e_dead "$flood_pid"
unset "E2E_PID[flood]"
sent=$(cat "$E2E_DIR/flood.out")
dropped=$(limit vm1 storm-broadcast)
e2e_log "vm1 sent $sent broadcasts in $flood_s s; sluice dropped $dropped (storm-broadcast)"
e2e_check storm-counted "vm1's flood of $sent frames shows $dropped storm-broadcast drops" \
	test "${dropped:-0}" -gt 0

# The policer, without the storm: TCP from vm2 within 10% of ingress-rate,
# over 10 s after the first 2 (slow start, and the burst the bucket holds
# at first, would count otherwise).
ip netns exec "$ns_phy" timeout 60 iperf3 -s -1 -p 5202 >"$E2E_DIR/police.iperf-s" 2>&1 &
e2e_track police-server $! tool ""
e2e_wait_for 10 "iperf3 listening" e2e_listening "$ns_phy" 5202 ||
	e2e_fail police-tcp-vm2 "iperf3 did not listen"
ip netns exec "$ns_vm2" timeout 60 iperf3 -c 198.18.0.1 -p 5202 -t 12 -O 2 -f k \
	>"$E2E_DIR/police.iperf" 2>&1 || e2e_fail police-tcp-vm2 "iperf3: $(tail -2 "$E2E_DIR/police.iperf")"
e2e_wait_for 10 "iperf3 server to exit" e2e_dead "${E2E_PID[police-server]}"
unset "E2E_PID[police-server]"
kbit=$(awk '/receiver$/ { for (i = 2; i <= NF; i++) if ($i == "Kbits/sec") print $(i - 1) }' \
	"$E2E_DIR/police.iperf")
e2e_log "policed at $rate_mbit Mbit/s: iperf3 TCP ${kbit:-?} Kbit/s, $(limit vm2 policed) frames policed"
e2e_check police-within-10-percent "vm2's TCP throughput ${kbit:-?} Kbit/s is not within 10% of $rate_mbit Mbit/s" \
	awk -v r="${kbit:-0}" -v want=$((rate_mbit * 1000)) 'BEGIN { exit !(r >= want * 0.9 && r <= want * 1.1) }'
e2e_check police-counted "no policed drops on vm2" test "$(limit vm2 policed)" -gt 0

e2e_stop sluice TERM
e2e_check clean-exit "sluice exited $E2E_RC" test "$E2E_RC" = 0
[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
