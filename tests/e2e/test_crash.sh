#!/usr/bin/env bash
# Crash and restart as production does it (issue 11, item 8), with namespace
# "VMs" (dpdk-testpmd virtio_user + tap; no QEMU: TCG guests take minutes):
# 1. sluice on 2 MiB hugepages that this script reserves and mounts, killed
#    with SIGKILL while vm1 pings vm2 through it, restarted with the same
#    --file-prefix: the VMs reconnect, the ping gets answers again (the gap
#    is printed, not asserted), and after the restarted sluice stops no
#    hugepage file of the prefix is left in any hugetlbfs mount.
# 2. a VM killed mid-traffic (vm2 flood-pinging vm1): its port goes down in
#    port.show, and vm1's own ping to the host's tap loses nothing.
# 3. the mbuf pool run dry ([dataplane] mbufs = 48) by broadcast frames
#    flooded to 16 remote VTEPs: counted as no-mbuf, and forwarding between
#    the VMs works again once the flood stops.
# Restores nr_hugepages and unmounts what it mounted, also on failure.
# Usage: tests/e2e/test_crash.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016,SC2317 # "A && B || fail" fails when either fails; eval strings expand when run; the trap is called indirectly
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
source tests/lib/huge2m.sh
e2e_init crash "${1:-build}" dpdk-testpmd ping umount /usr/bin/python3
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"

# The EXIT trap: processes first (they hold the pages), then our mount,
# then the pool as it was.
crash_cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	e2e_cleanup_all "$rc"
	huge2m_restore
	exit "$rc"
}
trap crash_cleanup EXIT
# sluice takes 128 pages (socket-mem 256) and a few more.
huge2m_setup 160 150
huge_files() { huge2m_files "$@"; }

ns_sl=$(e2e_ns sw)
ns_vm1=$(e2e_ns vm1)
ns_vm2=$(e2e_ns vm2)
for ns in "$ns_sl" "$ns_vm1" "$ns_vm2"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
prefix=sl$$-crash
sock=$E2E_DIR/$prefix.sock
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }
config=$E2E_DIR/crash.ini
{
	e2e_config_head "$prefix" | sed 's/^hugepages = none/hugepages = 2M/'
	e2e_config_lan
} >"$config"

# --- 1. SIGKILL and restart on 2 MiB pages --------------------------------------

e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm1" mac=02:00:00:00:01:11
e2e_vm_start vm2 "$E2E_DIR/vm2.sock" "$ns_vm2" mac=02:00:00:00:01:12
e2e_wait_for 10 "VM sockets" eval 'test -S "$E2E_DIR/vm1.sock" && test -S "$E2E_DIR/vm2.sock"' ||
	e2e_abort setup "the testpmd VMs did not create their vhost-user sockets"
e2e_sluice_start sluice "$config" "$ns_sl" || e2e_abort start "sluice did not start on 2M pages"
e2e_check start-on-2m "sluice did not say it uses 2M pages" \
	grep -q "hugepages = 2M: using 2M pages from" "$(e2e_sluice_out sluice)"
e2e_wait_for 15 "VMs connected" eval 'e2e_vm_connected sluice vm1 && e2e_vm_connected sluice vm2' &&
	e2e_vm_ready vm1 && e2e_vm_ready vm2 || e2e_abort connect "the VMs did not connect"
e2e_addr "$ns_vm1" vm1 198.18.0.11/24 && e2e_addr "$ns_vm2" vm2 198.18.0.12/24 ||
	e2e_abort setup "cannot address the VMs"
e2e_check ping-before "no replies from vm2" e2e_ping "$ns_vm1" 198.18.0.12

# A ping every 0.1 s across the crash; -D stamps each reply with the epoch.
ip netns exec "$ns_vm1" ping -D -n -i 0.1 -W 1 -w 60 198.18.0.12 >"$E2E_DIR/across.ping" 2>&1 &
e2e_track across-ping $! tool ""
e2e_wait_for 5 "replies before the crash" grep -q "bytes from" "$E2E_DIR/across.ping"
e2e_check files-while-running "no hugepage files of $prefix while sluice runs" \
	eval '[ -n "$(huge_files "$prefix")" ]'
killed_at=$(date +%s.%N)
e2e_stop sluice KILL
e2e_log "sluice killed (SIGKILL); hugepage files it left: $(huge_files "$prefix" | wc -l)"
e2e_sluice_start sluice "$config" "$ns_sl" || e2e_abort restart "sluice did not restart with prefix $prefix"
e2e_pass restart-same-prefix
e2e_log "sluice ready again $(awk -v a="$killed_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s after the SIGKILL"
e2e_check stale-files-removed "sluice did not say it removed the dead process's hugepage files" \
	grep -q "^sluice: removed [0-9]* hugepage files that a stopped process of prefix '$prefix' left behind" \
	"$(e2e_sluice_out sluice)"
e2e_check reconnect "the VMs did not reconnect to the restarted sluice" \
	e2e_wait_for 20 "VMs reconnected" eval 'e2e_vm_connected sluice vm1 && e2e_vm_connected sluice vm2'
# The replies' stamps (ping -D): the gap is the longest silence between two.
replies_after() {
	awk -v t="$1" '/bytes from/ { s = substr($1, 2, length($1) - 2); if (s + 0 > t + 0) n++ } END { exit !(n > 0) }' \
		"$E2E_DIR/across.ping"
}
e2e_check traffic-back "vm1's ping got no reply after the restart" \
	e2e_wait_for 30 "a reply after the restart" replies_after "$(date +%s.%N)"
gap=$(awk '/bytes from/ { s = substr($1, 2, length($1) - 2); if (p && s - p > g) g = s - p; p = s }
	END { printf "%.2f", g }' "$E2E_DIR/across.ping")
e2e_log "traffic gap across the SIGKILL and restart (longest time without a reply): ${gap} s"
echo "GAP crash-restart ${gap}s"
e2e_stop across-ping INT

# --- 2. a VM killed mid-traffic ------------------------------------------------

e2e_addr "$ns_sl" phy0 198.18.0.1/24 || e2e_abort setup "cannot address the host's tap phy0"
e2e_check ping-host "vm1 got no replies from the host's tap" e2e_ping "$ns_vm1" 198.18.0.1
ip netns exec "$ns_vm2" ping -n -q -f -w 20 198.18.0.11 >/dev/null 2>&1 &
e2e_track vm2-flood $! tool ""
ip netns exec "$ns_vm1" ping -n -q -c 40 -i 0.05 -W 2 198.18.0.1 >"$E2E_DIR/other.ping" 2>&1 &
e2e_track other-ping $! tool ""
sleep 0.5
e2e_stop vm2 KILL
e2e_check killed-port-down "port show does not say vm2 is down" \
	e2e_wait_for 10 "vm2 down" eval 'ctl port show vm2 | grep -q "\"state\":\"down\""'
e2e_stop vm2-flood KILL
e2e_wait_for 20 "vm1's ping to finish" e2e_dead "$(e2e_pid other-ping)"
e2e_stop other-ping INT
e2e_check other-vm-no-loss "vm1 lost pings while vm2 was killed: $(grep transmitted "$E2E_DIR/other.ping")" \
	grep -q "40 packets transmitted, 40 received" "$E2E_DIR/other.ping"

e2e_stop sluice TERM
e2e_check restarted-clean-exit "exit status $E2E_RC" test "$E2E_RC" = 0
e2e_check no-hugepage-files "hugepage files of $prefix left: $(huge_files "$prefix" | tr '\n' ' ')" \
	eval '[ -z "$(huge_files "$prefix")" ]'
e2e_check no-runtime-left "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"

# --- 3. the mbuf pool run dry ----------------------------------------------------

prefix=sl$$-dry
sock=$E2E_DIR/$prefix.sock
config=$E2E_DIR/dry.ini
remotes=$(seq -s ', ' -f '198.18.1.%g' 2 17)
neighbours=$(for i in $(seq 2 17); do printf '198.18.1.%d 02:00:00:00:02:%02x, ' "$i" "$i"; done)
{
	e2e_config_head "$prefix" | sed '/^file-prefix = /a mbufs = 48'
	cat <<EOF

[vtep]
address = 198.18.1.1/24
port = u
neighbours = ${neighbours%, }

[network ov]
type = vxlan
vni = 100
flood = $remotes

[port u]
type = phy
devargs = net_null0,no-rx=1

[port vm1]
type = vhost
socket = $E2E_DIR/vm1.sock
mode = client
network = ov

[port vm2]
type = vhost
socket = $E2E_DIR/vm2.sock
mode = client
network = ov
EOF
} >"$config"
rm -f "$E2E_DIR/vm2.sock" # the killed VM's: a stale one keeps testpmd from waiting for sluice
e2e_vm_start vm2 "$E2E_DIR/vm2.sock" "$ns_vm2" mac=02:00:00:00:01:12
e2e_wait_for 10 "vm2 socket" test -S "$E2E_DIR/vm2.sock" || e2e_abort dry-setup "vm2 did not come back"
e2e_sluice_start dry "$config" "$ns_sl" || e2e_abort dry-start "sluice did not start with mbufs = 48"
e2e_wait_for 20 "VMs connected" eval 'e2e_vm_connected dry vm1 && e2e_vm_connected dry vm2' &&
	e2e_vm_ready vm2 || e2e_abort dry-connect "the VMs did not connect"
e2e_addr "$ns_vm2" vm2 198.18.0.12/24 || e2e_abort dry-setup "cannot address vm2"
e2e_check dry-ping-before "no replies from vm2 with a 48-mbuf pool" e2e_ping "$ns_vm1" 198.18.0.12

drops() { ctl stats drops | grep -o "\"reason\":\"$1\",\"count\":[0-9]*" | awk -F: '{ n += $NF } END { print n + 0 }'; }
# Broadcast frames queued in vm1's tap while its testpmd is stopped, then let
# go: testpmd hands them on in bursts of 32, and each is copied 16 times
# (one per remote VTEP) within one burst of sluice's, more than the pool holds.
flood_burst() {
	kill -STOP "$(e2e_pid vm1)"
	ip netns exec "$ns_vm1" /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("vm1", 0))
frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x01\x11" + b"\x88\xb5" + bytes(500)
for _ in range(500):
    s.send(frame)
' >>"$E2E_DIR/flood.log" 2>&1
	kill -CONT "$(e2e_pid vm1)"
}
for _ in 1 2 3; do
	flood_burst
	sleep 0.3
done
no_mbuf=$(drops no-mbuf)
e2e_log "after the flood: ${no_mbuf:-0} no-mbuf drops, u sent $(ctl stats ports u | grep -o '"tx_packets":[0-9]*' | head -1)"
e2e_check dry-no-mbuf-counted "no no-mbuf drop counted while the pool was dry" \
	test "${no_mbuf:-0}" -gt 0
e2e_check dry-recovers "no replies from vm2 after the flood stopped" e2e_ping "$ns_vm1" 198.18.0.12
e2e_stop dry TERM
e2e_check dry-clean-exit "exit status $E2E_RC" test "$E2E_RC" = 0

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
