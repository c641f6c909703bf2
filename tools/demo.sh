#!/usr/bin/env bash
# make demo: sluice with configs/demo.ini between two "VMs" and a phy port,
# no NIC, no hugepages, no QEMU needed.
#
#   sluice-demo-vm1   dpdk-testpmd: vhost-user (net_virtio_user) <-> tap "vm1" 198.18.0.11
#   sluice-demo-vm2   dpdk-testpmd: vhost-user (net_virtio_user) <-> tap "vm2" 198.18.0.12
#   sluice-demo-phy   sluice; its phy port phy0 is the tap "sl-phy0"  198.18.0.1
#
# Each name above is a network namespace, so every kernel NIC has its own
# stack. Pings VM to VM and VM to phy, prints sluice's counters, stops
# everything and ends with "demo: PASS" or "demo: FAIL: why" (exit 0 or 1).
# Usage: tools/demo.sh [BUILD_DIR]   (needs root)
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/.." || exit 1
source tests/lib/e2e.sh

config=configs/demo.ini
dir=/tmp/sluice-demo # where demo.ini puts the vhost-user sockets
ns_phy=sluice-demo-phy
ns_vm1=sluice-demo-vm1
ns_vm2=sluice-demo-vm2
verdict="FAIL: interrupted"

say() { echo "demo: $*"; }
fail() {
	verdict="FAIL: $*"
	exit 1
}

# Whatever happens, stop everything, then say how it went: the last line.
finish() {
	local rc=$?
	trap - EXIT INT TERM
	if [ "$rc" -ne 0 ] && [ "$verdict" = PASS ]; then
		verdict="FAIL: exit status $rc"
	fi
	if [ "$verdict" != PASS ] && [ "$verdict" != "FAIL: interrupted" ] && [ -n "$E2E_DIR" ]; then
		echo "--- logs of the failed run"
		e2e_dump_logs
	fi
	e2e_cleanup_all 0 >/dev/null 2>&1
	rm -f "$dir/vm1.sock" "$dir/vm2.sock"
	echo "demo: $verdict"
	[ "$verdict" = PASS ] && exit 0
	exit 1
}

# A demo interrupted hard (kill -9, a closed terminal) leaves its namespaces,
# the processes inside them and their sockets: clear them. Only the demo's
# own names are touched.
clear_leftovers() {
	local ns pid found=
	for ns in "$ns_phy" "$ns_vm1" "$ns_vm2"; do
		[ -e "/run/netns/$ns" ] || continue
		found=1
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -TERM "$pid" 2>/dev/null
		done
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			e2e_wait_for 5 "pid $pid to exit" e2e_dead "$pid" || kill -KILL "$pid" 2>/dev/null
		done
		ip netns del "$ns"
	done
	for f in "$dir/vm1.sock" "$dir/vm2.sock" "$dir/sluice.sock"; do
		[ -e "$f" ] || continue
		found=1
		rm -f "$f"
	done
	for p in sluice-demo-vm1 sluice-demo-vm2; do
		[ -e "$(e2e_runtime_dir "$p")" ] && found=1 && e2e_remove_runtime "$p"
	done
	[ -n "$found" ] && say "cleared what an earlier, interrupted demo left behind"
	return 0
}

# ping_show NS ADDR WHAT: 3 pings, print the summary, fail the demo on loss.
ping_show() {
	local summary
	summary=$(ip netns exec "$1" ping -n -c 3 -i 0.2 -W 1 -w 10 "$2" 2>&1 | grep 'packets transmitted')
	say "  ping $3 ($2): ${summary:-no answer}"
	echo "$summary" | grep -q ' 3 received' || fail "ping $3 ($2) got no full answer: ${summary:-nothing}"
}

e2e_init demo "${1:-build}" dpdk-testpmd ping
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

clear_leftovers
mkdir -p "$dir"
for ns in "$ns_phy" "$ns_vm1" "$ns_vm2"; do
	e2e_netns_add "$ns" || fail "cannot create network namespace $ns"
done

say "starting two VMs: dpdk-testpmd with a vhost-user NIC and a kernel tap, in namespaces $ns_vm1 and $ns_vm2"
e2e_vm_start vm1 "$dir/vm1.sock" "$ns_vm1" cpu=0 prefix=sluice-demo-vm1
e2e_vm_start vm2 "$dir/vm2.sock" "$ns_vm2" cpu=0 prefix=sluice-demo-vm2
e2e_wait_for 10 "the VMs' vhost-user sockets" test -S "$dir/vm1.sock" -a -S "$dir/vm2.sock" ||
	fail "the VMs did not open $dir/vm1.sock and vm2.sock"

say "starting sluice --config $config in namespace $ns_phy (its phy port, tap sl-phy0, lands there)"
e2e_sluice_start sluice "$config" "$ns_phy" ||
	fail "sluice did not start: $(grep -v '^VHOST_CONFIG' "$(e2e_sluice_err sluice)" | tail -2 | tr '\n' ' ')"
say "  $(grep '^sluice: ready' "$(e2e_sluice_out sluice)")"
for vm in vm1 vm2; do
	e2e_wait_for 15 "$vm connected" e2e_vm_connected sluice "$vm" && e2e_vm_ready "$vm" ||
		fail "sluice did not connect to $vm (see the logs above)"
	say "  $(grep -o "port $vm: VM connected.*" "$(e2e_sluice_err sluice)" | tail -1)"
done

say "addresses: phy 198.18.0.1, vm1 198.18.0.11, vm2 198.18.0.12 (all /24)"
e2e_addr "$ns_phy" sl-phy0 198.18.0.1/24 &&
	e2e_addr "$ns_vm1" vm1 198.18.0.11/24 &&
	e2e_addr "$ns_vm2" vm2 198.18.0.12/24 || fail "cannot address the interfaces"

say "pinging through sluice:"
ping_show "$ns_vm1" 198.18.0.12 "vm1 -> vm2"
ping_show "$ns_vm1" 198.18.0.1 "vm1 -> phy"
ping_show "$ns_phy" 198.18.0.12 "phy -> vm2"

say "sluice's counters (kill -USR1 $(e2e_pid sluice)):"
table=$E2E_DIR/counters.txt
e2e_counters sluice >"$table" || fail "no counters after SIGUSR1"
sed 's/^/    /' "$table"

say "stopping sluice (SIGTERM) and the VMs"
prefix=$(e2e_prefix sluice)
e2e_stop sluice TERM
[ "$E2E_RC" = 0 ] || fail "sluice exited with status $E2E_RC on SIGTERM"
e2e_check_no_runtime "$prefix" >/dev/null || fail "sluice left its runtime files ($(e2e_runtime_dir "$prefix"))"
e2e_stop vm1 TERM
e2e_stop vm2 TERM
verdict=PASS
