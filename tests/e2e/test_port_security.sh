#!/usr/bin/env bash
# Port security with real kernels behind the ports: two namespace VMs
# (testpmd virtio_user + tap) on one flat network, both ports with a mac and
# ips. VM1 sends (scapy) from a foreign IP, from a foreign MAC, a gratuitous
# ARP and an ND advertisement for VM2's addresses, a DHCP offer and a router
# advertisement: VM2's NIC receives none of them (tcpdump), port.show counts
# each under its reason, and VM1 and VM2 still ping each other. Then
# sluicectl port set turns vm1's port security off, live: the foreign IP
# reaches VM2.
# Usage: tests/e2e/test_port_security.sh BUILD_DIR
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init port-security "${1:-build}" dpdk-testpmd ping tcpdump jq /usr/bin/python3

/usr/bin/python3 -c 'import scapy.all' 2>/dev/null ||
	e2e_abort setup "python3-scapy is not installed (scripts/install-deps.sh)"
ns_sw=$(e2e_ns sw)
ns_vm1=$(e2e_ns vm1)
ns_vm2=$(e2e_ns vm2)
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
ctl() { "$sluicectl" -s "$E2E_DIR/$prefix.sock" "$@"; }
spoofs=(ip mac arp nd dhcp ra)
declare -A reason=([ip]=spoofed-ip [mac]=spoofed-source [arp]=spoofed-arp [nd]=spoofed-nd
	[dhcp]=dhcp-server-guard [ra]=ra-guard)
# What each spoof looks like on VM2's NIC (received only: -Q in).
declare -A seen=([ip]='udp and src host 198.18.0.66' [mac]='ether src 02:00:00:00:01:66'
	[arp]='arp and arp[14:4] = 0xc612000c' [nd]='icmp6 and ip6[40] = 136 and ip6[48:4] = 0x20010db8'
	[dhcp]='udp src port 67' [ra]='icmp6 and ip6[40] = 134')

for ns in "$ns_sw" "$ns_vm1" "$ns_vm2"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
{
	e2e_config_head "$prefix"
	printf '\n[network lan]\ntype = flat\n'
	for n in 1 2; do
		printf '\n[port vm%s]\ntype = vhost\nsocket = %s\nnetwork = lan\n' "$n" "$E2E_DIR/vm$n.sock"
		printf 'mac = 02:00:00:00:01:1%s\nips = 198.18.0.1%s, 2001:db8::1%s\n' "$n" "$n" "$n"
	done
} >"$config"

e2e_lan_start "$config" "$ns_sw" "$ns_vm1" "$ns_vm2" mac=02:00:00:00:01:11 mac=02:00:00:00:01:12
e2e_addr "$ns_vm1" vm1 198.18.0.11/24 && e2e_addr "$ns_vm2" vm2 198.18.0.12/24 &&
	ip -n "$ns_vm1" addr add 2001:db8::11/64 nodad dev vm1 &&
	ip -n "$ns_vm2" addr add 2001:db8::12/64 nodad dev vm2 || e2e_abort setup "cannot address the VMs"

e2e_check ping-before "VM1 cannot ping VM2 with port security on" e2e_ping "$ns_vm1" 198.18.0.12
e2e_check ping6-before "VM2 cannot ping VM1 over IPv6 with port security on" \
	e2e_ping "$ns_vm2" 2001:db8::11

# drops REASON: vm1's count of one guard, from port.show.
drops() { ctl --json port show vm1 | jq -r ".result.ports[0].security.drops[\"$1\"]"; }
declare -A before
for kind in "${spoofs[@]}"; do
	before[$kind]=$(drops "${reason[$kind]}")
done

capture=$E2E_DIR/vm2.pcap
ip netns exec "$ns_vm2" tcpdump -i vm2 -Q in -U -n -w "$capture" 2>"$E2E_DIR/tcpdump.err" &
e2e_track tcpdump $! tool ""
e2e_wait_for 10 "tcpdump listening" grep -q 'listening on' "$E2E_DIR/tcpdump.err" ||
	e2e_abort capture "tcpdump did not start: $(cat "$E2E_DIR/tcpdump.err")"
for kind in "${spoofs[@]}" honest; do
	ip netns exec "$ns_vm1" /usr/bin/python3 tests/lib/spoof.py vm1 "$kind" ||
		e2e_abort "send-$kind" "scapy could not send the $kind frame"
done
# The honest frame was sent last: once VM2 has it, every spoof had its chance.
received() { tcpdump -r "$capture" -n "$1" 2>/dev/null | wc -l; }
# received_some FILTER: polled by e2e_wait_for, so counted afresh each time.
received_some() { [ "$(received "$1")" -ge 1 ]; }
e2e_check honest-reaches-vm2 "VM2 never received VM1's honest frame" \
	e2e_wait_for 10 "the honest frame at VM2" received_some 'udp and src host 198.18.0.11 and dst port 9'
e2e_stop tcpdump INT

for kind in "${spoofs[@]}"; do
	e2e_check "vm2-sees-no-$kind" "VM2 received the $kind spoof: $(tcpdump -r "$capture" -n "${seen[$kind]}" 2>/dev/null | head -2)" \
		test "$(received "${seen[$kind]}")" -eq 0
	now=$(drops "${reason[$kind]}")
	e2e_check "counted-$kind" "${reason[$kind]} went from ${before[$kind]} to $now, want one more" \
		test "$now" -eq $((before[$kind] + 1))
done

e2e_check ping-after "VM1 cannot ping VM2 after the spoofs" e2e_ping "$ns_vm1" 198.18.0.12
e2e_check ping-back-after "VM2 cannot ping VM1 after the spoofs" e2e_ping "$ns_vm2" 198.18.0.11
e2e_check cli-security-line "sluicectl port show has no security line for vm1: $(ctl port show vm1 | tail -1)" \
	eval 'ctl port show vm1 | grep -q "^vm1 security on ips=198.18.0.11,2001:db8::11 .* spoofed-ip=[1-9]"'

# Off, live: the foreign source now reaches VM2.
ctl port set vm1 port-security=off >"$E2E_DIR/set.out" 2>&1 ||
	e2e_abort port-set "sluicectl port set failed: $(cat "$E2E_DIR/set.out")"
ip netns exec "$ns_vm2" tcpdump -i vm2 -Q in -U -n -w "$capture" 2>"$E2E_DIR/tcpdump.err" &
e2e_track tcpdump2 $! tool ""
e2e_wait_for 10 "tcpdump listening" grep -q 'listening on' "$E2E_DIR/tcpdump.err" ||
	e2e_abort capture "tcpdump did not start: $(cat "$E2E_DIR/tcpdump.err")"
ip netns exec "$ns_vm1" /usr/bin/python3 tests/lib/spoof.py vm1 ip
e2e_check port-set-off-live "VM2 did not receive the foreign source with port security off" \
	e2e_wait_for 10 "the foreign source at VM2" received_some "${seen[ip]}"
e2e_stop tcpdump2 INT

e2e_stop sluice TERM
e2e_check sigterm-clean-exit "exit status $E2E_RC" test "$E2E_RC" = 0
[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
