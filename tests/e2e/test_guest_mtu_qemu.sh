#!/usr/bin/env bash
# The guest MTU check (docs/mtu.md section 4) with real QEMU guests: three
# TCG guests (tools/guest/) with virtio-net host_mtu on vhost ports of a
# VXLAN network whose MTU is auto, 1450 over the 1500-byte underlay (a veth
# to a "remote" namespace whose kernel vxlan device is the far VTEP):
#  fit:  host_mtu=1450, mtu-policy enforce: accepted; port.show says
#        guest_mtu 1450 "fits"; the guest's eth0 is at 1450 and pings the
#        remote across VXLAN, the remote pings it;
#  big:  host_mtu=1500, mtu-policy enforce: refused and counted
#        (guest_mtu_refused); QEMU reports "1500Bytes MTU not supported by
#        the backend" and does not start vhost for the NIC: the guest runs,
#        its eth0 is at 1500, and nothing passes either way;
#  warn: host_mtu=1500, mtu-policy warn: accepted, logged, port.show says
#        "over network mtu"; the guest's eth0 is at 1500 and pings.
# QEMU is the vhost-user server (sluice the client, as sluice-virt attaches).
# Usage: tests/e2e/test_guest_mtu_qemu.sh BUILD_DIR   (as root, under /work/dpdk.lock)
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init guest-mtu-qemu "${1:-build}" qemu-system-x86_64 ping busybox jq

sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
guest_dir=$(cd "$E2E_BUILD" && pwd)/guest
e2e_guest_image "$guest_dir"

ns_sw=$(e2e_ns sw)
ns_rm=$(e2e_ns rm)
for ns in "$ns_sw" "$ns_rm"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
# The underlay (a veth for sluice's net_af_packet) and the remote's kernel
# vxlan device (VNI 100, 198.18.7.2, MTU 1450 like the network).
e2e_kernel_vtep "$ns_sw" "$ns_rm" || e2e_abort setup "cannot set up the remote VTEP (kernel vxlan)"

prefix=sl$$-sluice
ctl=$E2E_DIR/$prefix.sock
{
	e2e_config_head "$prefix"
	cat <<EOT

[vtep]
address = 198.19.0.1/24
port = u

[network ov]
type = vxlan
vni = 100
mtu = auto
flood = 198.19.0.2

[port u]
type = phy
; the PMD's queue pair and the control thread's (ARP)
devargs = net_af_packet0,iface=sl$$u,qpairs=2
rx-queues = 2

[port fit]
type = vhost
socket = $E2E_DIR/fit.sock
mode = client
network = ov

[port big]
type = vhost
socket = $E2E_DIR/big.sock
mode = client
network = ov

[port warn]
type = vhost
socket = $E2E_DIR/warn.sock
mode = client
network = ov
mtu-policy = warn
EOT
} >"$E2E_DIR/sluice.ini"
e2e_sluice_start s "$E2E_DIR/sluice.ini" "$ns_sw" || e2e_abort sluice-start "sluice did not start"
ctl() { "$sluicectl" -s "$ctl" --json "$@"; }
net_mtu=$(ctl network show ov | jq -r '.result.networks[0].mtu')
e2e_check network-mtu-auto "network ov has MTU $net_mtu, want 1450 (auto over 1500)" \
	test "$net_mtu" = 1450

# start_guest NAME IP HOST_MTU [KERNEL-ARGS]: QEMU (vhost-user server) on
# CPU 0 (the PMD has CPU 1), console in NAME.console, stderr in NAME.qemu.log;
# a MAC of its own (QEMU's default is the same for every guest).
start_guest() {
	local name=$1 ip=$2 mtu=$3 args=${4:-}
	: >"$E2E_DIR/$name.console"
	taskset -c 0 qemu-system-x86_64 -accel tcg -machine pc -m 256 -smp 1 \
		-nodefaults -no-user-config -display none -no-reboot \
		-object memory-backend-memfd,id=mem,size=256M,share=on -numa node,memdev=mem \
		-kernel "$guest_dir/vmlinux" -initrd "$guest_dir/initramfs.cpio.gz" \
		-append "console=ttyS0 quiet panic=-1 sluice.ip=$ip/24 sluice.peer=198.18.7.2 $args" \
		-serial "file:$E2E_DIR/$name.console" \
		-chardev "socket,id=chr0,path=$E2E_DIR/$name.sock,server=on,wait=off" \
		-netdev vhost-user,id=net0,chardev=chr0 \
		-device "virtio-net-pci,netdev=net0,vectors=0,host_mtu=$mtu,mac=52:54:00:12:00:${ip##*.}" \
		</dev/null >"$E2E_DIR/$name.qemu.log" 2>&1 &
	e2e_track "$name" $! qemu ""
}
console_has() { grep -q "$2" "$E2E_DIR/$1.console"; }
# vhost_field PORT JQ-PATH: a field of port.show's "vhost" object.
vhost_field() { ctl port show "$1" | jq -r ".result.ports[0].vhost.$2"; }
port_state() { ctl port show "$1" | jq -r '.result.ports[0].state'; }

# All three boot at once (one CPU between them: about 20 s under TCG). The
# refused guest's ping gets 5 s: its NIC is expected to stay dead.
start_guest fit 198.18.7.41 1450
start_guest big 198.18.7.42 1500 sluice.wait=5
start_guest warn 198.18.7.43 1500
for g in fit big warn; do
	e2e_check "$g-boots" "no 'guest: ready' on $g's console in 90 s: $(tail -2 "$E2E_DIR/$g.console")" \
		e2e_wait_for 90 "$g ready" console_has "$g" '^guest: ready'
	e2e_log "$g: $(grep -E '^guest: (up|eth0|ping)' "$E2E_DIR/$g.console" | tr '\n' ';')"
done

# --- fit: host_mtu equal to the network MTU
e2e_check fit-guest-mtu "the guest's eth0 is not at 1450" console_has fit '^guest: eth0 mtu 1450 '
e2e_check fit-shown "port show fit: guest_mtu $(vhost_field fit guest_mtu) $(vhost_field fit guest_mtu_status), want 1450 fits" \
	test "$(vhost_field fit guest_mtu) $(vhost_field fit guest_mtu_status)" = "1450 fits"
e2e_check fit-not-refused "guest_mtu_refused $(vhost_field fit guest_mtu_refused), want 0" \
	test "$(vhost_field fit guest_mtu_refused)" = 0
e2e_check fit-up "port fit is $(port_state fit), want up" test "$(port_state fit)" = up
e2e_check fit-guest-pings "$(grep '^guest: ping' "$E2E_DIR/fit.console")" \
	console_has fit '^guest: ping 198.18.7.2 ok'
e2e_check fit-remote-pings "the remote cannot ping 198.18.7.41 across VXLAN" \
	e2e_ping "$ns_rm" 198.18.7.41

# --- big: host_mtu over the network MTU, mtu-policy enforce
e2e_log "big: QEMU said: $(tr '\n' ';' <"$E2E_DIR/big.qemu.log")"
e2e_log "big: port show: $(ctl port show big | jq -c '.result.ports[0] | {state, vhost}')"
# What QEMU said to sluice on big's socket: the last messages.
grep -E "big.sock\) read message|port big:" "$E2E_DIR/s.err" >"$E2E_DIR/big.messages"
e2e_log "big: last messages: $(tail -2 "$E2E_DIR/big.messages" | tr '\n' ';')"
e2e_check big-refused-logged "sluice logged no refusal for port big" \
	grep -q "port big: refused guest MTU 1500: over the network MTU 1450" "$E2E_DIR/s.err"
e2e_check big-shown "port show big: guest_mtu $(vhost_field big guest_mtu) $(vhost_field big guest_mtu_status), want 1500 refused" \
	test "$(vhost_field big guest_mtu) $(vhost_field big guest_mtu_status)" = "1500 refused"
refused=$(vhost_field big guest_mtu_refused)
e2e_check big-counted "guest_mtu_refused $refused, want 1 (the guest driver starts once)" \
	test "$refused" = 1
e2e_check big-qemu-reports "QEMU's stderr: $(cat "$E2E_DIR/big.qemu.log")" \
	grep -q "1500Bytes MTU not supported by the backend" "$E2E_DIR/big.qemu.log"
e2e_check big-qemu-runs "QEMU of guest big exited" e2e_alive "$(e2e_pid big)"
e2e_check big-guest-mtu "the guest's eth0 is not at 1500" console_has big '^guest: eth0 mtu 1500 '
e2e_check big-port-down "port big is $(port_state big): vhost started after all" \
	test "$(port_state big)" = down
# QEMU stays connected but sends nothing after the refusal (no memory
# table, no rings): vhost is never started for this NIC.
e2e_check big-no-vhost-start "messages after the refusal: $(tail -2 "$E2E_DIR/big.messages" | tr '\n' ';')" \
	eval 'tail -1 "$E2E_DIR/big.messages" | grep -q "refused guest MTU 1500" &&
		test "$(vhost_field big disconnects)" = 0'
e2e_check big-guest-cannot-ping "$(grep '^guest: ping' "$E2E_DIR/big.console")" \
	console_has big '^guest: ping 198.18.7.2 failed'
e2e_check big-remote-cannot-ping "the remote pinged 198.18.7.42 through a refused NIC" \
	eval '! ip netns exec "$ns_rm" ping -n -q -c 2 -W 1 198.18.7.42 >/dev/null 2>&1'

# --- warn: host_mtu over the network MTU, mtu-policy warn
e2e_check warn-logged "sluice logged no warning for port warn" \
	grep -q "port warn: guest MTU 1500 is over the network MTU 1450" "$E2E_DIR/s.err"
e2e_check warn-shown "port show warn: guest_mtu $(vhost_field warn guest_mtu) $(vhost_field warn guest_mtu_status), want 1500 over network mtu" \
	test "$(vhost_field warn guest_mtu) $(vhost_field warn guest_mtu_status) $(vhost_field warn mtu_policy)" = "1500 over network mtu warn"
e2e_check warn-not-refused "guest_mtu_refused $(vhost_field warn guest_mtu_refused), want 0" \
	test "$(vhost_field warn guest_mtu_refused)" = 0
e2e_check warn-qemu-quiet "QEMU's stderr: $(cat "$E2E_DIR/warn.qemu.log")" \
	eval '! grep -q "not supported by the backend" "$E2E_DIR/warn.qemu.log"'
e2e_check warn-guest-mtu "the guest's eth0 is not at 1500" console_has warn '^guest: eth0 mtu 1500 '
e2e_check warn-guest-pings "$(grep '^guest: ping' "$E2E_DIR/warn.console")" \
	console_has warn '^guest: ping 198.18.7.2 ok'

# The guest driver started the NIC once: still one refusal, no retry.
e2e_check big-refused-once "guest_mtu_refused $(vhost_field big guest_mtu_refused) at the end, want 1" \
	test "$(vhost_field big guest_mtu_refused)" = 1
for g in fit big warn; do
	e2e_stop "$g" TERM
done
e2e_stop s TERM
e2e_check sluice-exit-0 "sluice exited $E2E_RC" test "$E2E_RC" = 0
e2e_check no-runtime-left "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"
[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
