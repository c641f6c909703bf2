#!/usr/bin/env bash
# sluice bridges a phy port (net_tap in the "phy" namespace) and two vhost-user
# VMs (dpdk-testpmd + tap, each in its own namespace) on one flat network:
# ping every way, TCP transfers checked byte for byte, counters and FDB after
# the traffic, clean stop on SIGTERM with nothing left behind.
# Usage: tests/e2e/test_forwarding.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016 # "A && B || abort" aborts when either fails; eval strings expand when run
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init forwarding "${1:-build}" dpdk-testpmd ping nc ss sha256sum

ns_phy=$(e2e_ns phy)
ns_vm1=$(e2e_ns vm1)
ns_vm2=$(e2e_ns vm2)
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
bytes=$((4 * 1024 * 1024))

for ns in "$ns_phy" "$ns_vm1" "$ns_vm2"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
{
	e2e_config_head "$prefix"
	e2e_config_lan
} >"$config"

# The VMs listen (virtio_user server=1); sluice connects as client.
e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm1"
e2e_vm_start vm2 "$E2E_DIR/vm2.sock" "$ns_vm2"
e2e_wait_for 10 "VM sockets" test -S "$E2E_DIR/vm1.sock" -a -S "$E2E_DIR/vm2.sock" ||
	e2e_abort setup "the testpmd VMs did not create their vhost-user sockets"
e2e_sluice_start sluice "$config" "$ns_phy" || e2e_abort start "sluice did not become ready"
e2e_pass start
for vm in vm1 vm2; do
	e2e_wait_for 15 "$vm connected" e2e_vm_connected sluice "$vm" && e2e_vm_ready "$vm" ||
		e2e_abort "connect-$vm" "sluice did not log 'port $vm: VM connected' or the VM did not start forwarding"
	e2e_pass "connect-$vm"
done

e2e_addr "$ns_phy" phy0 198.18.0.1/24 &&
	e2e_addr "$ns_vm1" vm1 198.18.0.11/24 &&
	e2e_addr "$ns_vm2" vm2 198.18.0.12/24 || e2e_abort setup "cannot address the interfaces"

e2e_check ping-vm1-vm2 "no replies from 198.18.0.12" e2e_ping "$ns_vm1" 198.18.0.12
e2e_check ping-vm2-vm1 "no replies from 198.18.0.11" e2e_ping "$ns_vm2" 198.18.0.11
e2e_check ping-vm1-phy "no replies from 198.18.0.1" e2e_ping "$ns_vm1" 198.18.0.1
e2e_check ping-phy-vm1 "no replies from 198.18.0.11" e2e_ping "$ns_phy" 198.18.0.11
e2e_check ping-phy-vm2 "no replies from 198.18.0.12" e2e_ping "$ns_phy" 198.18.0.12

# TCP, 4 MiB each way it matters: VM to VM, VM to phy, phy to VM.
e2e_file_transfer tcp-vm1-vm2 "$ns_vm1" "$ns_vm2" 198.18.0.12 5001 "$bytes"
e2e_file_transfer tcp-vm1-phy "$ns_vm1" "$ns_phy" 198.18.0.1 5002 "$bytes"
e2e_file_transfer tcp-phy-vm2 "$ns_phy" "$ns_vm2" 198.18.0.12 5003 "$bytes"

# Counters: every port received and sent; the bytes of the transfers show
# where they went; the three kernel NICs' MACs are learned.
table=$E2E_DIR/counters.txt
if ! e2e_counters sluice >"$table"; then
	e2e_fail counters "no counter table after SIGUSR1"
else
	sed 's/^/    /' "$table"
	ok=1
	for port in phy0 vm1 vm2; do
		for field in rx-packets tx-packets; do
			if [ "$(e2e_port_field "$table" "$port" "$field")" -eq 0 ]; then
				e2e_log "port $port: $field is 0"
				ok=0
			fi
		done
		[ "$(e2e_port_field "$table" "$port" link)" = up ] || {
			e2e_log "port $port: link not up"
			ok=0
		}
	done
	if [ "$ok" = 1 ]; then
		e2e_pass counters-every-port
	else
		e2e_fail counters-every-port "a port shows no rx or tx"
	fi
	# vm1 sent two files, vm2 received two, phy0 received one and sent one.
	e2e_check counters-bytes "byte counters smaller than the data transferred" \
		test "$(e2e_port_field "$table" vm1 rx-bytes)" -ge $((2 * bytes)) \
		-a "$(e2e_port_field "$table" vm2 tx-bytes)" -ge $((2 * bytes)) \
		-a "$(e2e_port_field "$table" phy0 tx-bytes)" -ge "$bytes" \
		-a "$(e2e_port_field "$table" phy0 rx-bytes)" -ge "$bytes"
	e2e_check counters-vhost-connects "vm1/vm2 not 'connects 1, disconnects 0'" \
		test "$(e2e_port_field "$table" vm1 connects)" = 1 \
		-a "$(e2e_port_field "$table" vm2 connects)" = 1 \
		-a "$(e2e_port_field "$table" vm1 disconnects)" = 0 \
		-a "$(e2e_port_field "$table" vm2 disconnects)" = 0
	e2e_check fdb-learned "fewer than 3 MACs learned (phy0, vm1, vm2 NICs)" \
		test "$(e2e_fdb_field "$table" entries)" -ge 3 -a "$(e2e_fdb_field "$table" learned)" -ge 3
fi

# SIGTERM: exit 0, final counters printed, runtime dir gone.
e2e_stop sluice TERM
if [ "$E2E_RC" = 0 ] && grep -q '^sluice: stopping on signal 15' "$(e2e_sluice_out sluice)" &&
	[ "$(grep -c '^fdb: ' "$(e2e_sluice_out sluice)")" -ge 2 ]; then
	e2e_pass sigterm-clean-exit
else
	e2e_fail sigterm-clean-exit "exit status $E2E_RC, or no 'stopping on signal 15' and final counters"
fi
e2e_check sigterm-no-runtime-left "sluice left files of prefix $prefix or its control socket" \
	eval 'e2e_check_no_runtime "$prefix" && [ ! -e "$E2E_DIR/$prefix.sock" ]'
e2e_check sigterm-tap-removed "phy0 still exists after sluice stopped" \
	e2e_wait_for 5 "phy0 removed" e2e_absent "$ns_phy" phy0

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
