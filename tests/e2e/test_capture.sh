#!/usr/bin/env bash
# sluicectl capture and trace, end to end: sluice bridges a tap phy port and two testpmd
# "VMs" (virtio_user + tap in namespaces) on one flat network.
#  - a ping from vm1 to vm2 captured on vm1's vhost port with --count 4:
#    the file opens in tcpdump and holds the 4 echo requests vm1 sent, with
#    timestamps of now;
#  - both directions on a vhost port for a duration, and a phy port's tx;
#  - Ctrl-C ends a capture without a count and reports what was written;
#  - errors: a missing port, a path sluice cannot write, a capture already
#    running on the port, -w -: clear messages, nothing changed;
#  - a trace of a ping from vm1: rx, network, FDB hit vm2, output vm2.
# Usage: tests/e2e/test_capture.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016,SC2034 # "A && B || abort" aborts when either fails; eval strings expand when run; used in eval
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init capture "${1:-build}" dpdk-testpmd ping jq tcpdump

sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"
ns_phy=$(e2e_ns phy)
ns_vm1=$(e2e_ns vm1)
ns_vm2=$(e2e_ns vm2)
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
sock=$E2E_DIR/$prefix.sock
ctl() { "$sluicectl" --socket "$sock" "$@"; }
# A capture in the background: $! is timeout's PID, which passes SIGINT on
# and bounds a capture that never ends.
ctl_bg() { timeout 60 "$sluicectl" --socket "$sock" "$@" & }
# rc_of VAR COMMAND...: run the command, its exit status in VAR, output in $E2E_DIR/rc.out/err.
rc_of() {
	local var=$1
	shift
	"$@" >"$E2E_DIR/rc.out" 2>"$E2E_DIR/rc.err"
	printf -v "$var" %s $?
}
# Whether sluice has a trace armed (trace.show over the raw socket).
trace_armed() {
	echo '{"jsonrpc":"2.0","id":1,"method":"trace.show"}' |
		/usr/bin/python3 tests/lib/ctl_raw.py lines "$sock" | jq -e '.result.armed' >/dev/null
}
# What tcpdump reads from a capture file, one packet a line.
read_pcap() { tcpdump -nn -r "$1" 2>/dev/null; }

for ns in "$ns_phy" "$ns_vm1" "$ns_vm2"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
{
	e2e_config_head "$prefix"
	e2e_config_lan
} >"$config"

e2e_lan_start "$config" "$ns_phy" "$ns_vm1" "$ns_vm2"
e2e_addr "$ns_phy" phy0 198.18.0.1/24 &&
	e2e_addr "$ns_vm1" vm1 198.18.0.11/24 &&
	e2e_addr "$ns_vm2" vm2 198.18.0.12/24 || e2e_abort setup "cannot address the interfaces"
e2e_ping "$ns_vm1" 198.18.0.12 && e2e_ping "$ns_vm1" 198.18.0.1 ||
	e2e_abort setup-ping "the VMs and phy0 cannot ping each other"
# No ARP in the counted captures: vm1 knows its peers for good.
mac_vm2=$(ip -n "$ns_vm2" -j link show vm2 | jq -r '.[0].address')
mac_phy=$(ip -n "$ns_phy" -j link show phy0 | jq -r '.[0].address')
mac_vm1=$(ip -n "$ns_vm1" -j link show vm1 | jq -r '.[0].address')
# Every side pinned: the kernel's ARP revalidation (a unicast probe 5 s after
# a neighbour learned from a request is used, and its reply) would otherwise
# be captured in place of the packets the test counts.
ip -n "$ns_vm1" neigh replace 198.18.0.12 lladdr "$mac_vm2" dev vm1 nud permanent &&
	ip -n "$ns_vm1" neigh replace 198.18.0.1 lladdr "$mac_phy" dev vm1 nud permanent &&
	ip -n "$ns_vm2" neigh replace 198.18.0.11 lladdr "$mac_vm1" dev vm2 nud permanent &&
	ip -n "$ns_phy" neigh replace 198.18.0.11 lladdr "$mac_vm1" dev phy0 nud permanent &&
	ip -n "$ns_phy" neigh replace 198.18.0.12 lladdr "$mac_vm2" dev phy0 nud permanent ||
	e2e_abort setup "cannot pin the namespaces' neighbours"
e2e_pass start-and-ping

# --- a ping captured on a vhost port: --count 4, received from the guest
file=$E2E_DIR/vm1.pcapng
ctl_bg capture vm1 --count 4 --direction rx -w "$file" >"$E2E_DIR/cap1.out" 2>"$E2E_DIR/cap1.err"
cap=$!
e2e_wait_for 10 "the capture file" test -s "$file" || e2e_fail capture-start "no file: $(cat "$E2E_DIR/cap1.err")"
ip netns exec "$ns_vm1" ping -n -q -c 4 -i 0.2 198.18.0.12 >/dev/null 2>&1
wait "$cap"
rc=$?
e2e_check capture-count-exit "sluicectl exit $rc, stderr: $(cat "$E2E_DIR/cap1.err")" test "$rc" = 0
e2e_check capture-count-report "stdout: $(cat "$E2E_DIR/cap1.out")" \
	grep -q "^capture vm1: 4 packets written to $file, 0 dropped" "$E2E_DIR/cap1.out"
pkts=$(read_pcap "$file")
e2e_check capture-tcpdump-reads "tcpdump -r: $(tcpdump -nn -r "$file" 2>&1 | head -5)" \
	test "$(wc -l <<<"$pkts")" = 4
e2e_check capture-icmp-requests "want 4 echo requests 198.18.0.11 > 198.18.0.12, got: $pkts" \
	test "$(grep -c '198.18.0.11 > 198.18.0.12: ICMP echo request' <<<"$pkts")" = 4
first=$(tcpdump -tt -nn -r "$file" 2>/dev/null | head -1 | cut -d. -f1)
now=$(date +%s)
e2e_check capture-timestamps "first packet at $first, now $now" \
	test "$first" -gt $((now - 120)) -a "$first" -le $((now + 5))
e2e_check capture-interface-name "the file's interface block does not name vm1" \
	grep -qa "sluice vhost port vm1" "$file"

# --- both directions for a duration; the echo replies are what sluice sends vm1
file=$E2E_DIR/both.pcapng
ctl_bg capture vm1 --duration 3 -w "$file" >"$E2E_DIR/cap2.out" 2>"$E2E_DIR/cap2.err"
cap=$!
e2e_wait_for 10 "the capture file" test -s "$file"
ip netns exec "$ns_vm1" ping -n -q -c 3 -i 0.2 198.18.0.12 >/dev/null 2>&1
wait "$cap"
rc=$?
pkts=$(read_pcap "$file")
e2e_check capture-both "exit $rc, want 3 requests and 3 replies in: $pkts" eval \
	'[ "$rc" = 0 ] && [ "$(grep -c "198.18.0.11 > 198.18.0.12: ICMP echo request" <<<"$pkts")" = 3 ] &&
	[ "$(grep -c "198.18.0.12 > 198.18.0.11: ICMP echo reply" <<<"$pkts")" = 3 ]'

# --- a phy port: what sluice sends on phy0; a relative -w is the caller's directory
cd "$E2E_DIR" || e2e_abort setup "cannot enter $E2E_DIR"
ctl_bg capture phy0 --count 2 --direction tx -w phy.pcapng >"$E2E_DIR/cap3.out" 2>"$E2E_DIR/cap3.err"
cap=$!
cd - >/dev/null || e2e_abort setup "cannot return to the source tree"
file=$E2E_DIR/phy.pcapng
e2e_wait_for 10 "the capture file" test -s "$file"
ip netns exec "$ns_vm1" ping -n -q -c 2 -i 0.2 198.18.0.1 >/dev/null 2>&1
wait "$cap"
rc=$?
pkts=$(read_pcap "$file")
e2e_check capture-phy-tx "exit $rc, want 2 requests to 198.18.0.1 in: $(tr '\n' ';' <<<"$pkts") $(cat "$E2E_DIR/cap3.err")" eval \
	'[ "$rc" = 0 ] && [ "$(grep -c "198.18.0.11 > 198.18.0.1: ICMP echo request" <<<"$pkts")" = 2 ]'

# --- Ctrl-C: no count, stopped by SIGINT, the file complete
file=$E2E_DIR/sigint.pcapng
ctl_bg capture vm2 -w "$file" >"$E2E_DIR/cap4.out" 2>"$E2E_DIR/cap4.err"
cap=$!
e2e_wait_for 10 "the capture file" test -s "$file"
ip netns exec "$ns_vm1" ping -n -q -c 2 -i 0.2 198.18.0.12 >/dev/null 2>&1
kill -INT "$cap"
wait "$cap"
rc=$?
written=$(sed -n 's/^capture vm2: \([0-9]*\) packets written.*/\1/p' "$E2E_DIR/cap4.out")
e2e_check capture-sigint "exit $rc, report '$(cat "$E2E_DIR/cap4.out")', tcpdump $(read_pcap "$file" | wc -l) lines" \
	eval '[ "$rc" = 0 ] && [ "${written:-0}" -ge 4 ] && [ "$(read_pcap "$file" | wc -l)" = "$written" ]'
json=$(ctl --json capture vm2 --stop 2>&1)
e2e_check capture-sigint-stopped "vm2 still has a capture: $json" grep -q "no capture on port 'vm2'" <<<"$json"

# --- errors: clear messages, nothing started
rc_of rc ctl capture nosuch --count 1 -w "$E2E_DIR/x.pcapng"
e2e_check capture-missing-port "exit $rc: $(cat "$E2E_DIR/rc.err")" eval \
	'[ "$rc" = 1 ] && grep -q "no port '"'"'nosuch'"'"'" "$E2E_DIR/rc.err" && [ ! -e "$E2E_DIR/x.pcapng" ]'
rc_of rc ctl capture vm1 --count 1 -w "$E2E_DIR/no/such/dir.pcapng"
e2e_check capture-unwritable "exit $rc: $(cat "$E2E_DIR/rc.err")" eval \
	'[ "$rc" = 1 ] && grep -q "cannot write .*No such file or directory" "$E2E_DIR/rc.err"'
rc_of rc ctl capture vm1 -w -
e2e_check capture-stdout-refused "exit $rc: $(cat "$E2E_DIR/rc.err")" eval \
	'[ "$rc" = 2 ] && grep -q "cannot stream" "$E2E_DIR/rc.err"'
ctl_bg capture vm1 --duration 20 -w "$E2E_DIR/long.pcapng" >/dev/null 2>&1
cap=$!
e2e_wait_for 10 "the capture file" test -s "$E2E_DIR/long.pcapng"
rc_of rc ctl capture vm1 --count 1 -w "$E2E_DIR/second.pcapng"
e2e_check capture-already-running "exit $rc: $(cat "$E2E_DIR/rc.err")" eval \
	'[ "$rc" = 1 ] && grep -q "a capture already runs on port '"'"'vm1'"'"'" "$E2E_DIR/rc.err" &&
	[ ! -e "$E2E_DIR/second.pcapng" ]'
rc_of rc ctl capture vm1 --stop
e2e_check capture-stop-other "exit $rc: $(cat "$E2E_DIR/rc.out" "$E2E_DIR/rc.err")" eval \
	'[ "$rc" = 0 ] && grep -q "^capture vm1: .* written to $E2E_DIR/long.pcapng" "$E2E_DIR/rc.out"'
wait "$cap"
rc=$?
e2e_check capture-stopped-by-other "the first sluicectl exit $rc, want 1" test "$rc" = 1
e2e_check capture-ping-after "vm1 cannot ping vm2 after the captures" e2e_ping "$ns_vm1" 198.18.0.12

# --- trace: a ping from vm1, stage by stage (vm2's MAC is learned by now)
ctl_bg --json trace vm1 --count 1 --duration 20 >"$E2E_DIR/trace.json" 2>"$E2E_DIR/trace.err"
tr=$!
e2e_wait_for 10 "the trace to be armed" trace_armed
ip netns exec "$ns_vm1" ping -n -q -c 1 198.18.0.12 >/dev/null 2>&1
wait "$tr"
rc=$?
json=$(cat "$E2E_DIR/trace.json")
e2e_check trace-ping-stages "exit $rc, trace: $json $(cat "$E2E_DIR/trace.err")" eval \
	'[ "$rc" = 0 ] && jq -e ".marked == 1 and (.packets | length) == 1 and
		([.packets[0].stages[].stage] == [\"rx\",\"network\",\"fdb\",\"output\"]) and
		.packets[0].stages[0].port == \"vm1\" and .packets[0].stages[1].network == \"lan\" and
		.packets[0].stages[2].result == \"hit\" and .packets[0].stages[2].port == \"vm2\" and
		.packets[0].stages[3].port == \"vm2\"" <<<"$json" >/dev/null'
rc_of rc ctl trace vm1 --count 1 --duration 1
e2e_check trace-text "exit $rc, output: $(cat "$E2E_DIR/rc.out")" eval \
	'[ "$rc" = 0 ] && grep -q "^trace vm1: [01] of 1 packets" "$E2E_DIR/rc.out"'
rc_of rc ctl trace nosuch --count 1
e2e_check trace-missing-port "exit $rc: $(cat "$E2E_DIR/rc.err")" eval \
	'[ "$rc" = 1 ] && grep -q "no port '"'"'nosuch'"'"'" "$E2E_DIR/rc.err"'
rc_of rc ctl trace vm1
e2e_check trace-needs-count "exit $rc: $(cat "$E2E_DIR/rc.err")" eval \
	'[ "$rc" = 2 ] && grep -q -- "--count N is needed" "$E2E_DIR/rc.err"'

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
