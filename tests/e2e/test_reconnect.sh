#!/usr/bin/env bash
# Restarts on either side of a vhost-user port, without touching the other:
#  - sluice (vhost-user client) killed with SIGKILL, then stopped with SIGTERM,
#    and started again each time: the same testpmd VMs (same PIDs) get their
#    traffic back;
#  - a VM stopped mid-traffic: the rest keeps forwarding, sluice logs the
#    disconnect; the VM restarted with 2 queue pairs: the port comes back
#    (connects 2, disconnects 1, 2 rx queues enabled) and forwards;
#  - a server-mode port (sluice listens, the VM's virtio_user connects).
# Usage: tests/e2e/test_reconnect.sh BUILD_DIR
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init reconnect "${1:-build}" dpdk-testpmd ping

ns_phy=$(e2e_ns phy)
ns_vm1=$(e2e_ns vm1)
ns_vm2=$(e2e_ns vm2)
ns_vm3=$(e2e_ns vm3)
mac_vm1=02:00:c6:12:00:0b
mac_vm2=02:00:c6:12:00:0c
mac_vm3=02:00:c6:12:00:0d

for ns in "$ns_phy" "$ns_vm1" "$ns_vm2" "$ns_vm3"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done

# write_config N: the same config each time but for the file prefix: every
# sluice process gets a prefix of its own.
write_config() {
	{
		e2e_config_head "sl$$-sluice-$1"
		e2e_config_lan
		cat <<EOF

[port vm3]
type = vhost
socket = $E2E_DIR/vm3.sock
mode = server
network = lan
EOF
	} >"$E2E_DIR/sluice-$1.ini"
	echo "$E2E_DIR/sluice-$1.ini"
}

# start_sluice N: sluice instance "sN"; waits until both client-mode VMs are
# connected and the phy tap is addressed again (a new process, a new tap).
start_sluice() {
	local n=$1
	e2e_sluice_start "s$n" "$(write_config "$n")" "$ns_phy" || return 1
	e2e_wait_for 15 "vm1 connected to s$n" e2e_vm_connected "s$n" vm1 &&
		e2e_wait_for 15 "vm2 connected to s$n" e2e_vm_connected "s$n" vm2 &&
		e2e_addr "$ns_phy" phy0 198.18.0.1/24
}

vm_pids() { echo "$(e2e_pid vm1) $(e2e_pid vm2)"; }

# --- first start: both VMs, vm1 pings vm2
e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm1" mac=$mac_vm1
e2e_vm_start vm2 "$E2E_DIR/vm2.sock" "$ns_vm2" mac=$mac_vm2
e2e_wait_for 10 "VM sockets" test -S "$E2E_DIR/vm1.sock" -a -S "$E2E_DIR/vm2.sock" ||
	e2e_abort setup "the testpmd VMs did not create their vhost-user sockets"
start_sluice 0 && e2e_vm_ready vm1 && e2e_vm_ready vm2 ||
	e2e_abort first-start "sluice did not connect both VMs"
e2e_addr "$ns_vm1" vm1 198.18.0.11/24 && e2e_addr "$ns_vm2" vm2 198.18.0.12/24 ||
	e2e_abort setup "cannot address the VM NICs"
e2e_check first-start-ping "vm1 cannot ping vm2" e2e_ping "$ns_vm1" 198.18.0.12
pids=$(vm_pids)

# --- SIGKILL: nothing cleaned up; a new sluice with its own prefix reconnects
e2e_stop s0 KILL
[ -S "$E2E_DIR/vm3.sock" ] && e2e_log "SIGKILL left the server socket vm3.sock behind (expected)"
if start_sluice 1; then
	e2e_pass restart-after-sigkill
	e2e_check sigkill-traffic-resumes "vm1 cannot ping vm2 after the restart" \
		e2e_ping "$ns_vm1" 198.18.0.12
	e2e_check sigkill-same-vms "testpmd VMs restarted: $pids -> $(vm_pids)" \
		test "$(vm_pids)" = "$pids"
else
	e2e_abort restart-after-sigkill "the new sluice did not reconnect to the running VMs"
fi

# --- SIGTERM: clean exit, then the same again
e2e_stop s1 TERM
e2e_check sigterm-exit-0 "sluice exited $E2E_RC on SIGTERM" test "$E2E_RC" = 0
e2e_check sigterm-vm-disconnect-logged "no 'VM disconnected' for vm1 and vm2 on shutdown" \
	eval 'e2e_vm_disconnected s1 vm1 && e2e_vm_disconnected s1 vm2'
e2e_check sigterm-no-runtime-left "prefix sl$$-sluice-1 left files" \
	e2e_check_no_runtime "sl$$-sluice-1"
if start_sluice 2; then
	e2e_pass restart-after-sigterm
	e2e_check sigterm-traffic-resumes "vm1 cannot ping vm2 after the restart" \
		e2e_ping "$ns_vm1" 198.18.0.12
	e2e_check sigterm-same-vms "testpmd VMs restarted: $pids -> $(vm_pids)" \
		test "$(vm_pids)" = "$pids"
else
	e2e_abort restart-after-sigterm "the new sluice did not reconnect to the running VMs"
fi
e2e_check phy-ping "vm1 cannot ping phy0" e2e_ping "$ns_vm1" 198.18.0.1

# --- VM2 stops mid-traffic: vm1 -> phy goes on. A fast ping stream to vm2
# keeps the PMD enqueueing to vm2 while its device goes away.
ping_log=$E2E_DIR/ping-during-vm2-stop.txt
ip netns exec "$ns_vm1" ping -n -i 0.1 -c 30 -w 20 198.18.0.1 >"$ping_log" 2>&1 &
ping_pid=$!
e2e_track ping-vm1-phy "$ping_pid" tool ""
ip netns exec "$ns_vm1" ping -n -q -i 0.002 -w 3 198.18.0.12 >/dev/null 2>&1 &
stream_pid=$!
e2e_track ping-vm1-vm2 "$stream_pid" tool ""
e2e_wait_for 5 "first ping replies" grep -q 'bytes from' "$ping_log"
e2e_vm_stop vm2 TERM
e2e_check vm2-disconnect-logged "sluice did not log 'port vm2: VM disconnected'" \
	e2e_wait_for 10 "vm2 disconnected" e2e_vm_disconnected s2 vm2
e2e_wait_for 25 "background pings to end" eval "e2e_dead $ping_pid && e2e_dead $stream_pid"
wait "$ping_pid" "$stream_pid"
unset "E2E_PID[ping-vm1-phy]" "E2E_PID[ping-vm1-vm2]"
e2e_check sluice-survives-vm2-stop "sluice s2 is gone" e2e_alive "$(e2e_pid s2)"
e2e_log "$(grep 'packets transmitted' "$ping_log")"
e2e_check vm1-phy-during-vm2-stop "vm1 -> phy lost packets while vm2 went away" \
	grep -q ' 30 received, 0% packet loss' "$ping_log"
e2e_check vm1-phy-after-vm2-stop "vm1 cannot ping phy0 with vm2 gone" \
	e2e_ping "$ns_vm1" 198.18.0.1

# --- VM2 back with 2 queue pairs
e2e_vm_start vm2 "$E2E_DIR/vm2.sock" "$ns_vm2" queues=2 mac=$mac_vm2
if e2e_wait_for 15 "vm2 connected again" e2e_vm_connected s2 vm2 2 && e2e_vm_ready vm2; then
	e2e_pass vm2-reconnects-2-queues
else
	e2e_fail vm2-reconnects-2-queues "vm2 did not come back"
fi
e2e_addr "$ns_vm2" vm2 198.18.0.12/24
e2e_check vm2-back-ping "vm1 cannot ping vm2 after vm2 came back" e2e_ping "$ns_vm1" 198.18.0.12
e2e_check vm2-back-ping-reverse "vm2 cannot ping vm1" e2e_ping "$ns_vm2" 198.18.0.11
table=$E2E_DIR/counters-vm2.txt
e2e_counters s2 >"$table"
sed 's/^/    /' "$table"
e2e_check vm2-counters "vm2 shows connects $(e2e_port_field "$table" vm2 connects), disconnects $(e2e_port_field "$table" vm2 disconnects), rx queues enabled $(e2e_port_field "$table" vm2 rxq-enabled); want 2, 1, 2" \
	test "$(e2e_port_field "$table" vm2 connects)" = 2 \
	-a "$(e2e_port_field "$table" vm2 disconnects)" = 1 \
	-a "$(e2e_port_field "$table" vm2 rxq-enabled)" = 2
e2e_check vm1-counters-untouched "vm1 shows other than connects 1, disconnects 0" \
	test "$(e2e_port_field "$table" vm1 connects)" = 1 \
	-a "$(e2e_port_field "$table" vm1 disconnects)" = 0

# --- server-mode port: sluice listens on vm3.sock, the VM connects to it.
# VM1 makes room first: at most three pollers at a time.
e2e_vm_stop vm1 TERM
e2e_wait_for 10 "vm3.sock listening" test -S "$E2E_DIR/vm3.sock"
e2e_vm_start vm3 "$E2E_DIR/vm3.sock" "$ns_vm3" client mac=$mac_vm3
if e2e_wait_for 15 "vm3 connected" e2e_vm_connected s2 vm3 && e2e_vm_ready vm3; then
	e2e_pass server-mode-connects
	e2e_addr "$ns_vm3" vm3 198.18.0.13/24
	e2e_check server-mode-ping "vm3 cannot ping vm2" e2e_ping "$ns_vm3" 198.18.0.12
	e2e_check server-mode-ping-phy "vm3 cannot ping phy0" e2e_ping "$ns_vm3" 198.18.0.1
else
	e2e_fail server-mode-connects "sluice did not log 'port vm3: VM connected'"
fi

e2e_stop s2 TERM
e2e_check final-sigterm-exit-0 "sluice exited $E2E_RC on SIGTERM" test "$E2E_RC" = 0
e2e_check server-socket-removed "vm3.sock still exists after sluice stopped" \
	test ! -e "$E2E_DIR/vm3.sock"

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
