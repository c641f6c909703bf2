#!/usr/bin/env bash
# The guest MTU check (issue 5): a front end that announces its MTU
# (VHOST_USER_NET_SET_MTU, as QEMU does with host_mtu) is checked against the
# network MTU. tests/lib/vhost_front.py plays QEMU's part of the protocol
# (virtio_user never sends NET_SET_MTU: TESTING.md).
# - mtu-policy enforce (default): 1500 on a 1450 network is refused with a
#   failed reply (QEMU: "1500Bytes MTU not supported by the backend", the NIC
#   does not start), or the connection is closed when no reply was asked;
#   1450 is accepted and shown in port.show;
# - mtu-policy warn: 9000 is accepted, logged and shown as over the network MTU.
# Usage: tests/e2e/test_guest_mtu.sh BUILD_DIR
# shellcheck disable=SC2016 # eval strings expand when run
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init guest-mtu "${1:-build}" /usr/bin/python3
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$sluicectl" ] || e2e_abort setup "$sluicectl is not built (ninja -C $E2E_BUILD)"
front=$(pwd)/tests/lib/vhost_front.py
ns=$(e2e_ns sw)
e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
prefix=sl$$-sluice
config=$E2E_DIR/sluice.ini
sock=$E2E_DIR/$prefix.sock
ctl() { "$sluicectl" --socket "$sock" --json "$@"; }
{
	e2e_config_head "$prefix"
	cat <<EOF

[vtep]
address = 198.18.0.1/24
port = u

[network ov]
type = vxlan
vni = 100

[port u]
type = phy
devargs = net_null0

[port vm1]
type = vhost
socket = $E2E_DIR/vm1.sock
mode = server
network = ov

[port vm2]
type = vhost
socket = $E2E_DIR/vm2.sock
mode = server
network = ov
mtu-policy = warn
EOF
} >"$config"
e2e_sluice_start sluice "$config" "$ns" || e2e_abort start "sluice did not become ready"
e2e_pass start
e2e_check network-mtu "network ov does not have mtu 1450" \
	eval 'ctl network show ov | grep -q "\"mtu\":1450"'

# front NAME SOCKET ARGS...: run the fake front end, its one line in $E2E_DIR/NAME.
front() {
	local name=$1
	shift
	timeout 20 /usr/bin/python3 "$front" "$@" >"$E2E_DIR/$name" 2>&1
}
front enforce-1500 --socket "$E2E_DIR/vm1.sock" --mtu 1500
e2e_check enforce-refuses "1500 on vm1 not refused: $(cat "$E2E_DIR/enforce-1500")" \
	grep -qx "refused MTU 1500" "$E2E_DIR/enforce-1500"
e2e_check enforce-logged "no 'refused guest MTU 1500' in sluice's log" \
	grep -q "port vm1: refused guest MTU 1500: over the network MTU 1450" "$E2E_DIR/sluice.err"
e2e_check enforce-shown "port show vm1 does not say refused" \
	eval 'ctl port show vm1 | grep -q "\"guest_mtu\":1500,\"guest_mtu_status\":\"refused\""'
e2e_check enforce-counted "guest_mtu_refused is not 1" \
	eval 'ctl port show vm1 | grep -q "\"guest_mtu_refused\":1"'
front enforce-noreply --socket "$E2E_DIR/vm1.sock" --mtu 1500 --no-reply
e2e_check enforce-closes "1500 without reply not answered by closing: $(cat "$E2E_DIR/enforce-noreply")" \
	grep -qx "closed MTU 1500" "$E2E_DIR/enforce-noreply"
front enforce-1450 --socket "$E2E_DIR/vm1.sock" --mtu 1450 --hold 2 &
front_pid=$!
e2e_check enforce-shown-fits "port show vm1 does not say guest_mtu 1450 fits" \
	e2e_wait_for 10 "vm1 guest_mtu 1450" \
	eval 'ctl port show vm1 | grep -q "\"guest_mtu\":1450,\"guest_mtu_status\":\"fits\""'
wait "$front_pid"
e2e_check enforce-accepts "1450 on vm1 not accepted: $(cat "$E2E_DIR/enforce-1450")" \
	grep -qx "accepted MTU 1450" "$E2E_DIR/enforce-1450"
front warn-9000 --socket "$E2E_DIR/vm2.sock" --mtu 9000
e2e_check warn-accepts "9000 on vm2 (warn) not accepted: $(cat "$E2E_DIR/warn-9000")" \
	grep -qx "accepted MTU 9000" "$E2E_DIR/warn-9000"
e2e_check warn-logged "no warning for vm2's MTU 9000" \
	grep -q "port vm2: guest MTU 9000 is over the network MTU 1450" "$E2E_DIR/sluice.err"
e2e_check warn-shown "port show vm2 does not say over network mtu" \
	eval 'ctl port show vm2 | grep -q "\"guest_mtu\":9000,\"guest_mtu_status\":\"over network mtu\""'
e2e_check still-running "sluice exited" e2e_alive "$(e2e_pid sluice)"

[ "$E2E_FAILED" -gt 0 ] && ctl port show
e2e_stop sluice TERM
e2e_check clean-exit "exit status $E2E_RC" test "$E2E_RC" = 0
e2e_check no-runtime-left "sluice left files of prefix $prefix" e2e_check_no_runtime "$prefix"
[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
