#!/usr/bin/env bash
# Guest offloads with real guests (issue 12): two QEMU guests (TCG here,
# tools/guest/ image) on vhost ports vm1, vm2 and a net_tap phy port, run
# twice: with `offloads = on` (the default) and with `offloads = off` on
# both vhost ports, fresh sluice and fresh guests each time. Each run:
#  - an 8 MiB file VM -> VM both ways and VM <-> phy namespace both ways
#    arrives intact (sha256 of what was sent and of what arrived);
#  - the guest's `ethtool -k eth0` says tx-checksumming and
#    tcp-segmentation-offload on (off in the second run);
#  - `port show --json` lists the negotiated features (csum, host_tso4,
#    guest_tso4 ...), none of the offloads in the second run.
# The guests take commands over TCP (their /init's sluice.ctl=1: busybox
# `nc -ll -p 23 -e sh`) from the phy namespace.
# Usage: tests/e2e/test_offloads_qemu.sh BUILD_DIR   (root, under /work/dpdk.lock)
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
source tests/lib/qemu_guest.sh
e2e_init offloads_qemu "${1:-build}" qemu-system-x86_64 nc jq busybox ethtool

guest_dir=$(cd "$E2E_BUILD" && pwd)/guest
e2e_guest_image "$guest_dir"
ns_phy=$(e2e_ns phy)
e2e_netns_add "$ns_phy" || e2e_abort setup "cannot create namespace $ns_phy"
sluicectl=$E2E_BUILD/tools/sluicectl/sluicectl
bytes=$((8 * 1024 * 1024))
declare -A ip=([vm1]=198.18.0.21 [vm2]=198.18.0.22)

cleanup() {
	local rc=$?
	e2e_stop vm1 TERM
	e2e_stop vm2 TERM
	e2e_cleanup_all "$rc"
	exit "$rc"
}
trap cleanup EXIT

# write_config RUN MODE: phy0 and the client-mode vhost ports vm1, vm2 at
# `offloads = MODE` (no key for on).
write_config() {
	local ini=$E2E_DIR/sluice-$1.ini vm
	{
		e2e_config_head "sl$$-$1"
		printf '\n[network lan]\ntype = flat\n\n[port phy0]\ntype = phy\n'
		printf 'devargs = net_tap0,iface=phy0\nnetwork = lan\n'
		for vm in vm1 vm2; do
			printf '\n[port %s]\ntype = vhost\nsocket = %s\nmode = client\n' "$vm" "$E2E_DIR/$vm.sock"
			printf 'network = lan\n'
			# on is the default: the first run relies on it.
			[ "$2" = on ] || printf 'offloads = %s\n' "$2"
		done
	} >"$ini"
	echo "$ini"
}

# guest_sh VM CMD: run CMD in the guest's shell, print its output.
guest_sh() { qemu_guest_sh "$ns_phy" "${ip[$1]}" "$2"; }
guest_sh_ok() { guest_sh "$1" "echo ok" 2>/dev/null | grep -q '^ok$'; }

# guest_rx PORT: the guest command that receives one connection on PORT
# into /tmp/in and prints its sha256. busybox nc half-closes when its stdin
# ends and a busybox nc sender quits at that EOF, cutting the file short:
# the receiver's stdin is a fifo held open until the transfer is over.
guest_rx() {
	echo "rm -f /tmp/f; mkfifo /tmp/f; nc -l -p $1 </tmp/f >/tmp/in & exec 3>/tmp/f;
		wait \$!; exec 3>&-; sha256sum /tmp/in"
}

# sha_of FILE: its sha256 alone.
sha_of() { sha256sum <"$1" | cut -d' ' -f1; }

# xfer_vm_vm NAME SRC DST: 8 MiB of the guest SRC's /dev/urandom to DST.
xfer_vm_vm() {
	local name=$1 src=$2 dst=$3 rx=$E2E_DIR/$1.rx tx=$E2E_DIR/$1.tx rpid
	guest_sh "$dst" "$(guest_rx 5001)" >"$rx" 2>&1 &
	rpid=$!
	e2e_wait_for 20 "$dst listening on 5001" \
		eval "guest_sh $dst 'netstat -ltn' | grep -q ':5001 '" || true
	guest_sh "$src" "head -c $bytes /dev/urandom >/tmp/out; sha256sum /tmp/out;
		nc ${ip[$dst]} 5001 </tmp/out; echo sent \$?" >"$tx" 2>&1
	wait "$rpid"
	e2e_check "$name" "sent: $(tr '\n' ' ' <"$tx"); received: $(tr '\n' ' ' <"$rx")" \
		eval "grep -q '^sent 0' '$tx' && [ -n \"\$(cut -c1-64 '$rx')\" ] &&
			[ \"\$(head -1 '$tx' | cut -c1-64)\" = \"\$(head -1 '$rx' | cut -c1-64)\" ]"
}

# xfer_vm_phy NAME VM: 8 MiB of the guest's /dev/urandom to the phy side.
xfer_vm_phy() {
	local name=$1 vm=$2 rx=$E2E_DIR/$1.rx tx=$E2E_DIR/$1.tx rpid
	ip netns exec "$ns_phy" timeout 120 nc -l 198.18.0.1 5002 >"$rx" 2>/dev/null &
	rpid=$!
	e2e_wait_for 10 "nc listening in $ns_phy" e2e_listening "$ns_phy" 5002 || true
	guest_sh "$vm" "head -c $bytes /dev/urandom >/tmp/out; sha256sum /tmp/out;
		nc 198.18.0.1 5002 </tmp/out; echo sent \$?" >"$tx" 2>&1
	wait "$rpid"
	e2e_check "$name" "sent: $(tr '\n' ' ' <"$tx"); received $(stat -c %s "$rx") bytes" \
		eval "grep -q '^sent 0' '$tx' && [ \"\$(head -1 '$tx' | cut -c1-64)\" = \"\$(sha_of '$rx')\" ]"
}

# xfer_phy_vm NAME VM: 8 MiB from the phy namespace to the guest.
xfer_phy_vm() {
	local name=$1 vm=$2 rx=$E2E_DIR/$1.rx src=$E2E_DIR/$1.src rpid
	head -c "$bytes" /dev/urandom >"$src"
	guest_sh "$vm" "$(guest_rx 5003)" >"$rx" 2>&1 &
	rpid=$!
	e2e_wait_for 20 "$vm listening on 5003" \
		eval "guest_sh $vm 'netstat -ltn' | grep -q ':5003 '" || true
	ip netns exec "$ns_phy" timeout 120 nc -N "${ip[$vm]}" 5003 <"$src" >/dev/null 2>&1
	wait "$rpid"
	e2e_check "$name" "received: $(tr '\n' ' ' <"$rx")" \
		eval "[ \"\$(cut -c1-64 '$rx')\" = \"\$(sha_of '$src')\" ]"
}

# has_every_offload TEXT: TEXT names every offload sluice offers a guest.
has_every_offload() {
	local f
	for f in csum guest_csum host_tso4 host_tso6 guest_tso4 guest_tso6; do
		grep -qw "$f" <<<"$1" || return 1
	done
}

# features_check RUN VM MODE: ethtool -k in the guest and port.show agree
# with MODE (on: the offloads are there; off: none of them).
features_check() {
	local run=$1 vm=$2 mode=$3 k neg
	k=$(guest_sh "$vm" "ethtool -k eth0")
	e2e_log "$vm ethtool -k: $(echo "$k" | grep -E '^(tx-checksumming|tcp-segmentation-offload|generic-receive-offload):' | tr '\n' ' ')"
	e2e_check "$run-$vm-ethtool-tx-csum-$mode" "ethtool -k eth0: $(echo "$k" | grep '^tx-checksumming')" \
		eval "echo \"\$k\" | grep -q '^tx-checksumming: $mode'"
	e2e_check "$run-$vm-ethtool-tso-$mode" "ethtool -k eth0: $(echo "$k" | grep '^tcp-segmentation-offload')" \
		eval "echo \"\$k\" | grep -q '^tcp-segmentation-offload: $mode'"
	neg=$("$sluicectl" -s "$E2E_DIR/sl$$-$run.sock" --json port show "$vm" |
		jq -r '.result.ports[0].vhost | "\(.offloads) \(.offloads_negotiated)"')
	e2e_log "$vm port show: offloads $neg"
	if [ "$mode" = on ]; then
		e2e_check "$run-$vm-port-show-negotiated" "port show: $neg" has_every_offload "$neg"
	else
		e2e_check "$run-$vm-port-show-negotiated" "port show: $neg" \
			eval "[ \"\${neg%% *}\" = off ] && ! echo '$neg' | grep -qE 'csum|tso'"
	fi
}

# run_with MODE: sluice and both guests with `offloads = MODE`, every check.
run_with() {
	local mode=$1 run=off$1 vm
	e2e_sluice_start "$run" "$(write_config "$run" "$mode")" "$ns_phy" ||
		e2e_abort "$run-sluice-start" "sluice did not start"
	e2e_addr "$ns_phy" phy0 198.18.0.1/24
	ip netns exec "$ns_phy" ethtool -K phy0 tx off >/dev/null 2>&1
	for vm in vm1 vm2; do
		qemu_guest_start "$guest_dir" "$vm" "memory-backend-memfd,id=mem,size=256M,share=on" \
			"$E2E_DIR/$vm.sock,server=on,wait=off" "${ip[$vm]}" \
			",mac=52:54:00:12:00:${ip[$vm]##*.}" tcg
	done
	for vm in vm1 vm2; do
		e2e_check "$run-$vm-connects" "no 'port $vm: VM connected'" \
			e2e_wait_for 60 "$vm connected" e2e_vm_connected "$run" "$vm"
		e2e_check "$run-$vm-boots" "no 'guest: ready' on $vm's console" \
			e2e_wait_for 120 "$vm ready" qemu_console_has "$vm" '^guest: ready'
		e2e_check "$run-$vm-shell" "no answer on ${ip[$vm]}:23" \
			e2e_wait_for 30 "$vm's shell" guest_sh_ok "$vm"
		features_check "$run" "$vm" "$mode"
	done
	xfer_vm_vm "$run-vm1-to-vm2" vm1 vm2
	xfer_vm_vm "$run-vm2-to-vm1" vm2 vm1
	xfer_vm_phy "$run-vm1-to-phy" vm1
	xfer_phy_vm "$run-phy-to-vm1" vm1
	xfer_vm_phy "$run-vm2-to-phy" vm2
	xfer_phy_vm "$run-phy-to-vm2" vm2
	e2e_stop vm1 TERM
	e2e_stop vm2 TERM
	e2e_stop "$run" TERM
	e2e_check "$run-sluice-exit-0" "sluice exited $E2E_RC" test "$E2E_RC" = 0
}

QEMU_GUEST_APPEND="sluice.ctl=1"
run_with on
run_with off
e2e_finish
