#!/usr/bin/env bash
# Crash and restart under real QEMU guests (issue 11, item 8; the namespace
# "VM" variant with the mbuf pool run dry is test_crash.sh). Two TCG guests
# of tools/guest/ on vhost-user ports (QEMU the server, sluice the
# reconnecting client, as libvirt runs them), sluice on 2 MiB hugepages that
# this script reserves and mounts, its phy port an af_packet socket on a veth
# (a "NIC" that outlives sluice, as a real one does):
# 1. sluice killed with SIGKILL while the phy side pings guest A every 0.1 s,
#    restarted with the same --file-prefix: it removes the dead process's
#    hugepage files, both guests reconnect without a reboot, the ping gets
#    answers again; the longest silence is printed (a measurement, not
#    asserted).
# 2. QEMU of guest B killed with SIGKILL while the phy side flood-pings B:
#    port vmb goes down in port.show, and 40 pings to guest A meanwhile lose
#    nothing.
# 3. sluice stopped: exit 0, no hugepage file or runtime file of its prefix.
# Restores nr_hugepages and unmounts what it mounted, also on failure.
# Usage: tests/e2e/test_crash_qemu.sh BUILD_DIR   (as root, under /work/dpdk.lock)
# shellcheck disable=SC2015,SC2016,SC2317 # "A && B || fail" fails when either fails; eval strings expand when run; the trap is called indirectly
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
source tests/lib/huge2m.sh
source tests/lib/qemu_guest.sh
e2e_init crash_qemu "${1:-build}" qemu-system-x86_64 busybox ping ethtool umount
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"
guest_dir=$(cd "$E2E_BUILD" && pwd)/guest

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
e2e_guest_image "$guest_dir"
# sluice takes 128 pages (socket-mem 256) and a few more.
huge2m_setup 160 150
huge_files() { huge2m_files "$@"; }

ns_sl=$(e2e_ns sw)
ns_phy=$(e2e_ns phy)
for ns in "$ns_sl" "$ns_phy"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
# The "NIC": sluice's af_packet socket on sl<pid>n; the wire's far end is
# phy0 at 198.18.0.1 (checksums filled in: af_packet takes frames as they are).
ip link add "sl$$n" netns "$ns_sl" type veth peer name phy0 netns "$ns_phy" &&
	ip -n "$ns_sl" link set "sl$$n" up &&
	ip -n "$ns_phy" link set phy0 up &&
	ip -n "$ns_phy" addr add 198.18.0.1/24 dev phy0 &&
	ip netns exec "$ns_phy" ethtool -K phy0 tx off >/dev/null ||
	e2e_abort setup "cannot set up the veth"

prefix=sl$$-crashq
sock=$E2E_DIR/$prefix.sock
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }
config=$E2E_DIR/crash.ini
{
	e2e_config_head "$prefix" | sed 's/^hugepages = none/hugepages = 2M/'
	cat <<EOT

[network lan]
type = flat

[port phy0]
type = phy
devargs = net_af_packet0,iface=sl$$n
network = lan

[port vma]
type = vhost
socket = $E2E_DIR/vma.sock
mode = client
network = lan

[port vmb]
type = vhost
socket = $E2E_DIR/vmb.sock
mode = client
network = lan
EOT
} >"$config"

qemu_guest_start "$guest_dir" vma "memory-backend-memfd,id=mem,size=256M,share=on" \
	"$E2E_DIR/vma.sock,server=on,wait=off" 198.18.0.21 ",mac=52:54:00:12:00:21"
qemu_guest_start "$guest_dir" vmb "memory-backend-memfd,id=mem,size=256M,share=on" \
	"$E2E_DIR/vmb.sock,server=on,wait=off" 198.18.0.22 ",mac=52:54:00:12:00:22"
e2e_wait_for 20 "QEMU's sockets" eval 'test -S "$E2E_DIR/vma.sock" && test -S "$E2E_DIR/vmb.sock"' ||
	e2e_abort setup "QEMU did not create its vhost-user sockets: $(tail -2 "$E2E_DIR/vma.qemu.log")"
e2e_sluice_start sluice "$config" "$ns_sl" || e2e_abort start "sluice did not start on 2M pages"
e2e_check start-on-2m "sluice did not say it uses 2M pages" \
	grep -q "hugepages = 2M: using 2M pages from" "$(e2e_sluice_out sluice)"
e2e_check guests-connect "sluice logged no 'VM connected' for both guests" \
	e2e_wait_for 30 "guests connected" eval 'e2e_vm_connected sluice vma && e2e_vm_connected sluice vmb'
e2e_check guests-boot "no 'guest: ready' on both consoles in 90 s" \
	e2e_wait_for 90 "guests ready" eval 'qemu_console_has vma "^guest: ready" && qemu_console_has vmb "^guest: ready"'
e2e_check ping-before "the phy side cannot ping both guests" \
	eval 'e2e_ping "$ns_phy" 198.18.0.21 && e2e_ping "$ns_phy" 198.18.0.22'

# --- 1. SIGKILL and restart with the same prefix ------------------------------

# A ping every 0.1 s across the crash; -D stamps each reply with the epoch.
ip netns exec "$ns_phy" ping -D -n -i 0.1 -W 1 -w 120 198.18.0.21 >"$E2E_DIR/across.ping" 2>&1 &
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
e2e_check guests-reconnect "the guests did not reconnect to the restarted sluice" \
	e2e_wait_for 30 "guests reconnected" eval 'e2e_vm_connected sluice vma && e2e_vm_connected sluice vmb'
replies_after() {
	awk -v t="$1" '/bytes from/ { s = substr($1, 2, length($1) - 2); if (s + 0 > t + 0) n++ } END { exit !(n > 0) }' \
		"$E2E_DIR/across.ping"
}
e2e_check traffic-back "guest A got no ping after the restart" \
	e2e_wait_for 30 "a reply after the restart" replies_after "$(date +%s.%N)"
gap=$(awk '/bytes from/ { s = substr($1, 2, length($1) - 2); if (p && s - p > g) g = s - p; p = s }
	END { printf "%.2f", g }' "$E2E_DIR/across.ping")
e2e_log "traffic gap across the SIGKILL and restart (longest time without a reply): ${gap} s"
echo "GAP crash-restart-qemu ${gap}s"
e2e_stop across-ping INT
e2e_check guest-b-back "the phy side cannot ping guest B after the restart" e2e_ping "$ns_phy" 198.18.0.22
e2e_check guests-not-rebooted "a QEMU is gone or a guest booted twice" \
	eval 'e2e_alive "$(e2e_pid vma)" && e2e_alive "$(e2e_pid vmb)" &&
	      [ "$(grep -c "^guest: up" "$E2E_DIR/vma.console")" = 1 ] &&
	      [ "$(grep -c "^guest: up" "$E2E_DIR/vmb.console")" = 1 ]'

# --- 2. a QEMU guest killed mid-traffic ----------------------------------------

ip netns exec "$ns_phy" ping -n -q -f -w 20 198.18.0.22 >/dev/null 2>&1 &
e2e_track b-flood $! tool ""
ip netns exec "$ns_phy" ping -n -q -c 40 -i 0.05 -W 2 198.18.0.21 >"$E2E_DIR/other.ping" 2>&1 &
e2e_track other-ping $! tool ""
sleep 0.5
e2e_stop vmb KILL
e2e_check killed-port-down "port show does not say vmb is down" \
	e2e_wait_for 10 "vmb down" eval 'ctl port show vmb | grep -q "\"state\":\"down\""'
e2e_stop b-flood KILL
e2e_wait_for 30 "the ping to guest A to finish" e2e_dead "$(e2e_pid other-ping)"
e2e_stop other-ping INT
e2e_check other-guest-no-loss "guest A lost pings while guest B was killed: $(grep transmitted "$E2E_DIR/other.ping")" \
	grep -q "40 packets transmitted, 40 received" "$E2E_DIR/other.ping"

# --- 3. a clean stop -------------------------------------------------------------

e2e_stop sluice TERM
e2e_check clean-exit "exit status $E2E_RC" test "$E2E_RC" = 0
e2e_check no-hugepage-files "hugepage files of $prefix left: $(huge_files "$prefix" | tr '\n' ' ')" \
	eval '[ -z "$(huge_files "$prefix")" ]'
e2e_check no-runtime-left "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"
e2e_stop vma TERM
e2e_finish
