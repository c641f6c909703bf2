# shellcheck shell=bash disable=SC2034 # E2E_RC, E2E_SLUICE... are read by the scripts
# Shared by tests/e2e/test_*.sh and tools/demo.sh: network namespaces,
# dpdk-testpmd "VMs", sluice, polling, counters, PASS/FAIL lines, cleanup.
#
#   source tests/lib/e2e.sh
#   e2e_init NAME BUILD_DIR [TOOL...]  # root (or SKIP), tools (or FAIL), $E2E_DIR, the EXIT trap
#   ns=$(e2e_ns phy); e2e_netns_add "$ns"
#   e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns_vm1" [queues=2] [client] [cpu=0] [mac=M]
#   e2e_sluice_start s CONFIG "$ns_phy"            # returns once "sluice: ready"
#   e2e_wait_for 15 "vm1 connected" e2e_vm_connected s vm1 && e2e_vm_ready vm1
#   e2e_addr "$ns_vm1" vm1 198.18.0.11/24; e2e_ping "$ns_vm1" 198.18.0.12
#   e2e_file_transfer NAME SRC_NS DST_NS ADDR PORT BYTES; e2e_iperf NAME SRC_NS DST_NS ADDR PORT
#   e2e_counters s >table; e2e_port_field table vm1 rx-packets; e2e_fdb_field table learned
#   e2e_stop s TERM; echo $E2E_RC; e2e_check_no_runtime PREFIX
#   e2e_pass NAME / e2e_fail NAME WHY / e2e_check NAME WHY CMD... / e2e_skip NAME WHY
#   e2e_finish                                     # exit 1 if any check failed
#
# Everything started through these functions is recorded and stopped by PID
# in the EXIT trap, which also deletes the namespaces, the DPDK runtime
# directories of the prefixes used and the temp directory, on success or not.
# Names (namespaces, file prefixes) are derived from $$ so runs never collide.
# Rules (TESTING.md): every poller pinned, every DPDK process its own
# --file-prefix, addresses from 198.18.0.0/15 only, wait on state, never on time.

E2E_NAME=${E2E_NAME:-e2e}
E2E_ID=$$
E2E_DIR=
E2E_BUILD=
E2E_FAILED=0
E2E_PASSED=0
E2E_RC= # exit status of the last process e2e_stop waited for
E2E_KEYS=()     # names of the processes we started, in start order
E2E_NETNS=()    # namespaces we created
E2E_PREFIXES=() # DPDK file prefixes we used
E2E_DIRS=()     # temp directories to delete
declare -A E2E_PID E2E_PREFIX E2E_KIND E2E_RESTARTS

# Lines an operator or the test runner reads; e2e_log stamps the seconds
# since e2e_init, so a slow step shows in the log.
E2E_T0=$(date +%s%N)
e2e_elapsed() {
	local ms=$((($(date +%s%N) - E2E_T0) / 1000000))
	printf '%d.%01d' $((ms / 1000)) $((ms % 1000 / 100))
}
e2e_log() { echo "[$E2E_NAME +$(e2e_elapsed)s] $*"; }
e2e_pass() {
	E2E_PASSED=$((E2E_PASSED + 1))
	echo "PASS: $1"
	echo "  (at +$(e2e_elapsed)s)"
}
e2e_fail() {
	E2E_FAILED=$((E2E_FAILED + 1))
	echo "FAIL: $1: ${2:-failed}"
	echo "  (at +$(e2e_elapsed)s)"
}
e2e_skip() { echo "SKIP: $1: $2"; }

# e2e_check NAME WHY-IF-FAILS COMMAND...: PASS when the command succeeds.
e2e_check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then
		e2e_pass "$name"
	else
		e2e_fail "$name" "$why"
		return 1
	fi
}

# A failure after which the rest of the script makes no sense.
e2e_abort() {
	e2e_fail "$1" "$2"
	e2e_dump_logs
	exit 1
}

e2e_finish() {
	e2e_log "$E2E_PASSED passed, $E2E_FAILED failed"
	[ "$E2E_FAILED" -eq 0 ] || exit 1
	exit 0
}

# e2e_init NAME BUILD_DIR [TOOL...]: root (unless E2E_NEED_ROOT=0: else SKIP
# and exit 0), tools (else FAIL and exit 1) and a temp dir.
e2e_init() {
	local tool
	E2E_NAME=$1
	E2E_BUILD=$2
	shift 2
	if [ "${E2E_NEED_ROOT:-1}" = 1 ] && [ "$(id -u)" -ne 0 ]; then
		e2e_skip "$E2E_NAME" "needs root (network namespaces, DPDK runtime dirs)"
		exit 0
	fi
	if [ ! -x "$E2E_BUILD/sluice" ]; then
		e2e_fail "$E2E_NAME" "$E2E_BUILD/sluice is not built (ninja -C $E2E_BUILD)"
		exit 1
	fi
	# scripts/install-deps.sh (make test) installs every tool a script
	# names: a missing one is a broken setup, not a fact of the host.
	for tool in ip "$@"; do
		if ! command -v "$tool" >/dev/null; then
			e2e_fail "$E2E_NAME" "$tool is not installed (scripts/install-deps.sh)"
			exit 1
		fi
	done
	E2E_SLUICE=$(cd "$E2E_BUILD" && pwd)/sluice
	E2E_DIR=$(mktemp -d "/tmp/sluice-$E2E_NAME.XXXXXX")
	E2E_DIRS+=("$E2E_DIR")
	trap e2e_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# e2e_guest_image DIR: build the test guest (tools/guest/build-guest.sh) into
# DIR, or end the script: a tool that make test installs is missing: FAIL;
# the kernel package cannot be fetched (no apt lists, no network): SKIP.
e2e_guest_image() {
	local log=$E2E_DIR/build-guest.log
	tools/guest/build-guest.sh "$1" >"$log" 2>&1 && return 0
	if grep -q -E 'is missing|install busybox-static' "$log"; then
		e2e_fail "$E2E_NAME" "cannot build the guest image: $(tail -1 "$log")"
		exit 1
	fi
	e2e_skip "$E2E_NAME" "cannot build the guest image: $(tail -1 "$log")"
	exit 0
}

# A namespace name unique to this run: "sl<pid><suffix>".
e2e_ns() { echo "sl${E2E_ID}$1"; }

e2e_netns_add() {
	ip netns add "$1" || return 1
	E2E_NETNS+=("$1")
	ip -n "$1" link set lo up
}

# e2e_in NS COMMAND...: run in a namespace.
e2e_in() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# e2e_wait_for TIMEOUT_S WHAT COMMAND...: poll every 0.1 s until the command
# succeeds; on timeout say what was awaited and return 1.
e2e_wait_for() {
	local timeout=$1 what=$2 start deadline
	shift 2
	start=$(date +%s%N)
	deadline=$((start + timeout * 1000000000))
	while ! "$@" >/dev/null 2>&1; do
		if [ "$(date +%s%N)" -ge "$deadline" ]; then
			e2e_log "timed out after ${timeout}s waiting for: $what"
			return 1
		fi
		sleep 0.1
	done
	# Slow but in time: worth a line when reading a log.
	[ $(($(date +%s%N) - start)) -lt 3000000000 ] ||
		e2e_log "waited $((($(date +%s%N) - start) / 1000000)) ms for: $what"
	return 0
}

e2e_alive() { kill -0 "$1" 2>/dev/null; }

# Record a started process: e2e_track KEY PID KIND PREFIX
e2e_track() {
	E2E_PID[$1]=$2
	E2E_KIND[$1]=$3
	E2E_PREFIX[$1]=$4
	E2E_KEYS+=("$1")
	[ -n "$4" ] && E2E_PREFIXES+=("$4")
	return 0
}

# e2e_vm_start NAME SOCKET NS [queues=N] [client] [cpu=C] [mac=MAC] [prefix=P]:
# returns at once; e2e_vm_ready waits until it forwards. mac= fixes the guest
# NIC's MAC (a restarted VM keeps its MAC, as a real one does); prefix= its
# DPDK file prefix (default sl<pid>-NAME-<start count>).
# A "VM": dpdk-testpmd in namespace NS with net_virtio_user on SOCKET (a
# vhost-user server, so a client-mode switch port reconnects to it; "client"
# makes it a vhost-user client for a server-mode port) and net_tap iface=NAME,
# the guest's kernel NIC, io forwarding between them. Both lcores on CPU C
# (default 0). Its log: $E2E_DIR/NAME.log.
# Keep link-state interrupts on (no --no-lsc-interrupt): a server-mode
# virtio_user notices the switch going away and takes its reconnection only
# from its LSC interrupt handler; without it a restarted sluice never gets
# the VM back.
e2e_vm_start() {
	local name=$1 socket=$2 ns=$3 queues=1 server=1 cpu=0 mac='' prefix='' arg pid log vdev tap
	shift 3
	for arg in "$@"; do
		case $arg in
		queues=*) queues=${arg#queues=} ;;
		client) server=0 ;;
		cpu=*) cpu=${arg#cpu=} ;;
		mac=*) mac=${arg#mac=} ;;
		prefix=*) prefix=${arg#prefix=} ;;
		*) echo "e2e_vm_start: unknown argument '$arg'" >&2 && return 2 ;;
		esac
	done
	[ -n "$prefix" ] || prefix=sl${E2E_ID}-$name-$((${E2E_RESTARTS[$name]:-0}))
	E2E_RESTARTS[$name]=$((${E2E_RESTARTS[$name]:-0} + 1))
	log=$E2E_DIR/$name.log
	vdev="net_virtio_user0,path=$socket,queues=$queues"
	[ "$server" = 1 ] && vdev+=",server=1"
	tap="net_tap0,iface=$name"
	[ -n "$mac" ] && tap+=",mac=$mac"
	echo "=== start $(date +%T.%N)" >>"$log"
	ip netns exec "$ns" dpdk-testpmd --lcores "0@$cpu,1@$cpu" --no-huge -m 256 --no-pci \
		--file-prefix "$prefix" --log-level='*:notice' \
		--vdev "$vdev" --vdev "$tap" -- \
		--total-num-mbufs=16384 --forward-mode=io --nb-cores=1 --rxq="$queues" \
		--txq="$queues" -a --stats-period 60 </dev/null >>"$log" 2>&1 &
	pid=$!
	e2e_track "$name" "$pid" vm "$prefix"
}

# e2e_vm_ready NAME [TIMEOUT_S]: the VM forwards (testpmd started its ports
# and forwarding). A server-mode virtio_user (the default) blocks in device
# init until the switch connects: a VM is ready only once sluice reached it.
e2e_vm_ready() {
	local name=$1 timeout=${2:-20}
	if ! e2e_wait_for "$timeout" "VM $name forwarding" e2e_vm_forwarding "$name"; then
		e2e_alive "${E2E_PID[$name]:-0}" || e2e_log "VM $name (testpmd) is not running; log $E2E_DIR/$name.log"
		return 1
	fi
}
e2e_vm_forwarding() {
	e2e_alive "${E2E_PID[$1]:-0}" &&
		awk '/^=== start/ { ok = 0 } /io packet forwarding - ports=2 / { ok = 1 } END { exit !ok }' "$E2E_DIR/$1.log"
}

# e2e_vm_stop NAME [SIGNAL]: stop a VM and wait for it; its runtime dir goes too.
e2e_vm_stop() {
	e2e_stop "$1" "${2:-TERM}"
}

# e2e_sluice_start NAME CONFIG NS: run sluice in namespace NS (its net_tap
# ports land there). stdout in $E2E_DIR/NAME.out, stderr in NAME.err.
# Returns once it printed "sluice: ready", 1 if it died or took over 20 s.
e2e_sluice_start() {
	local name=$1 config=$2 ns=$3 prefix pid
	prefix=$(sed -n 's/^[[:space:]]*file-prefix[[:space:]]*=[[:space:]]*\([^[:space:];]*\).*/\1/p' "$config")
	: >"$E2E_DIR/$name.out"
	: >"$E2E_DIR/$name.err"
	ip netns exec "$ns" "$E2E_SLUICE" --config "$config" \
		>"$E2E_DIR/$name.out" 2>"$E2E_DIR/$name.err" </dev/null &
	pid=$!
	e2e_track "$name" "$pid" sluice "${prefix:-sluice}"
	if ! e2e_wait_for 20 "sluice $name ready" e2e_sluice_ready "$name"; then
		e2e_alive "$pid" || e2e_log "sluice $name exited; stderr: $(tail -3 "$E2E_DIR/$name.err")"
		return 1
	fi
}
e2e_sluice_ready() {
	e2e_alive "${E2E_PID[$1]}" && grep -q '^sluice: ready:' "$E2E_DIR/$1.out"
}
e2e_sluice_out() { echo "$E2E_DIR/$1.out"; }
e2e_sluice_err() { echo "$E2E_DIR/$1.err"; }
e2e_pid() { echo "${E2E_PID[$1]}"; }
e2e_prefix() { echo "${E2E_PREFIX[$1]}"; }

# e2e_vm_connected SLUICE PORT [N]: sluice has logged the Nth "VM connected" of PORT.
e2e_vm_connected() {
	[ "$(grep -c "port $2: VM connected" "$E2E_DIR/$1.err")" -ge "${3:-1}" ]
}
e2e_vm_disconnected() {
	[ "$(grep -c "port $2: VM disconnected" "$E2E_DIR/$1.err")" -ge "${3:-1}" ]
}

# e2e_stop NAME [SIGNAL] [TIMEOUT_S]: signal a process we started and wait
# for it to end (SIGKILL after the timeout). Sets E2E_RC to its exit status.
# A testpmd VM's runtime dir is removed (testpmd leaves it behind); sluice's
# is left for e2e_check_no_runtime to judge.
e2e_stop() {
	local name=$1 sig=${2:-TERM} timeout=${3:-10} pid
	pid=${E2E_PID[$name]:-}
	E2E_RC=
	[ -n "$pid" ] || return 0
	kill -"$sig" "$pid" 2>/dev/null
	# stderr off while waiting: bash would report "Killed" for the job.
	if ! e2e_wait_for "$timeout" "$name (pid $pid) to exit on SIG$sig" e2e_dead "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
	fi
	{ wait "$pid"; } 2>/dev/null
	E2E_RC=$?
	unset "E2E_PID[$name]"
	if [ "${E2E_KIND[$name]}" = vm ]; then
		e2e_remove_runtime "${E2E_PREFIX[$name]}"
	fi
	return 0
}
e2e_dead() { ! kill -0 "$1" 2>/dev/null; }

# Where EAL keeps a prefix's runtime files (config, fbarrays, mp socket).
e2e_runtime_dir() {
	if [ "$(id -u)" -eq 0 ]; then
		echo "/var/run/dpdk/$1"
	else
		echo "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$1"
	fi
}

e2e_remove_runtime() {
	[ -n "$1" ] || return 0
	rm -rf "$(e2e_runtime_dir "$1")"
	rm -f "/dev/hugepages/$1"map_* 2>/dev/null
	return 0
}

# e2e_check_no_runtime PREFIX: nothing of a stopped DPDK process is left.
e2e_check_no_runtime() {
	local left
	if [ -e "$(e2e_runtime_dir "$1")" ]; then
		e2e_log "$(e2e_runtime_dir "$1") is left behind"
		return 1
	fi
	left=$(compgen -G "/dev/hugepages/$1*" || true)
	if [ -n "$left" ]; then
		e2e_log "hugepage files left behind: $left"
		return 1
	fi
}

# e2e_counters NAME: SIGUSR1 to sluice NAME, wait for the new table, print it.
e2e_counters() {
	local name=$1 out before
	out=$E2E_DIR/$name.out
	before=$(grep -c '^fdb: ' "$out")
	kill -USR1 "${E2E_PID[$name]}" || return 1
	e2e_wait_for 5 "counters from $name" e2e_count_above "$out" '^fdb: ' "$before" || return 1
	e2e_last_table "$out"
}
e2e_count_above() { [ "$(grep -c "$2" "$1")" -gt "$3" ]; }

# The last complete counter table in a sluice stdout log.
e2e_last_table() {
	awk '/^port +type +link/ { buf = "" } { buf = buf $0 "\n" } /^fdb: / { last = buf } END { printf "%s", last }' "$1"
}

# e2e_port_field TABLE_FILE PORT FIELD: one number from a counter table.
# FIELD: rx-packets rx-bytes tx-packets tx-bytes drops link, for vhost ports
#        connects disconnects rxq-enabled, or drop:REASON (0 if never counted).
e2e_port_field() {
	awk -v port="$2" -v field="$3" '
		/^[^ ]/ { cur = ($2 == "phy" || $2 == "vhost") ? $1 : "" }
		cur != port { next }
		/^[^ ]/ {
			if (field == "link") v = $3
			if (field == "rx-packets") v = $4
			if (field == "rx-bytes") v = $5
			if (field == "tx-packets") v = $6
			if (field == "tx-bytes") v = $7
			if (field == "drops") v = $8
		}
		/^  vhost / {
			for (i = 1; i <= NF; i++) {
				if ($i == "connects" && field == "connects") v = $(i + 1)
				if ($i == "disconnects" && field == "disconnects") v = $(i + 1)
			}
		}
		/^  vhost / && field == "rxq-enabled" { v = $NF }
		/^  drop / && field == "drop:" $2 { v = $3 }
		END { gsub(",", "", v); print (v == "" ? 0 : v) }
	' "$1"
}

# e2e_fdb_field TABLE_FILE entries|learned|moved|aged|refused, from the line
# "fdb: 3 entries, 3 learned, 0 moved, 0 aged, 0 refused (full)".
e2e_fdb_field() {
	awk -v f="$2" '/^fdb: / { for (i = 2; i < NF; i++) { w = $(i + 1); sub(",", "", w); if (w == f) v = $i } }
		END { print (v == "" ? 0 : v) }' "$1"
}

# e2e_addr NS DEV CIDR: address a device once it exists and bring it up.
e2e_addr() {
	e2e_wait_for 10 "$2 in $1" ip -n "$1" link show "$2" || return 1
	ip -n "$1" addr replace "$3" dev "$2" && ip -n "$1" link set "$2" up
}

# e2e_ping NS ADDR [COUNT]: COUNT replies wanted, waiting up to 10 s; the
# first packets may go to ARP and MAC learning, so allow retries.
e2e_ping() {
	local n=${3:-3}
	ip netns exec "$1" ping -n -q -c "$n" -i 0.2 -W 1 -w 10 "$2" >/dev/null 2>&1
}

# Show the logs a failure needs (last lines of each).
e2e_dump_logs() {
	local f
	for f in "$E2E_DIR"/*.log "$E2E_DIR"/*.out "$E2E_DIR"/*.err; do
		[ -s "$f" ] || continue
		echo "--- tail of $f"
		tail -15 "$f"
	done
}

# The EXIT trap: stop what we started (newest first), delete namespaces,
# runtime dirs of our prefixes and temp dirs. Keeps the script's exit status.
e2e_cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	e2e_cleanup_all "$rc"
	exit "$rc"
}

# e2e_cleanup_all [RC]: the work of the trap, for scripts with a trap of their own.
e2e_cleanup_all() {
	local rc=${1:-0} i key pid ns p
	# Processes already stopped were dropped from E2E_PID: a PID is never
	# signalled after we reaped it.
	for ((i = ${#E2E_KEYS[@]} - 1; i >= 0; i--)); do
		key=${E2E_KEYS[i]}
		pid=${E2E_PID[$key]:-}
		[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
	done
	for key in "${E2E_KEYS[@]}"; do
		pid=${E2E_PID[$key]:-}
		[ -n "$pid" ] || continue
		if ! e2e_wait_for 5 "pid $pid to exit" e2e_dead "$pid" 2>/dev/null; then
			kill -KILL "$pid" 2>/dev/null
		fi
		{ wait "$pid"; } 2>/dev/null
		unset "E2E_PID[$key]"
	done
	for ns in "${E2E_NETNS[@]}"; do
		# Anything else started inside (ping, nc, iperf3) goes with it.
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	for p in "${E2E_PREFIXES[@]}"; do
		e2e_remove_runtime "$p"
	done
	if [ "$rc" -ne 0 ] && [ -n "${E2E_KEEP_LOGS:-}" ]; then
		echo "logs kept in $E2E_DIR"
	else
		for p in "${E2E_DIRS[@]}"; do
			rm -rf "$p"
		done
	fi
	E2E_KEYS=() E2E_NETNS=() E2E_PREFIXES=() E2E_DIRS=()
}

# e2e_config_head PREFIX: the [dataplane] and [control] sections of a test
# config: control thread on CPU 0, one PMD on CPU 1, no hugepages.
e2e_config_head() {
	cat <<EOT
; generated by $E2E_NAME (pid $E2E_ID)
[dataplane]
main-core = 0
worker-cores = 1
hugepages = none
socket-mem = 256
file-prefix = $1

[control]
socket = $E2E_DIR/$1.sock
EOT
}

# e2e_kernel_vtep NS_SW NS_RM: a "remote host" for VXLAN tests: a veth from
# sluice's namespace (sl<pid>u, for sluice's net_af_packet) to NS_RM, where the
# remote has 198.19.0.2/24 on the underlay and the Linux kernel's vxlan device
# vx0 (VNI 100, MTU 1450, 198.18.7.2/24) towards sluice's VTEP at 198.19.0.1.
e2e_kernel_vtep() {
	local ns_sw=$1 ns_rm=$2
	ip link add "sl$$u" netns "$ns_sw" type veth peer name "sl$$r" netns "$ns_rm" &&
		ip -n "$ns_sw" link set "sl$$u" up &&
		ip -n "$ns_rm" link set "sl$$r" up &&
		ip -n "$ns_rm" addr add 198.19.0.2/24 dev "sl$$r" &&
		ip netns exec "$ns_rm" ethtool -K "sl$$r" tx off >/dev/null &&
		ip -n "$ns_rm" link add vx0 type vxlan id 100 local 198.19.0.2 remote 198.19.0.1 \
			dstport 4789 &&
		ip -n "$ns_rm" link set vx0 mtu 1450 &&
		ip -n "$ns_rm" addr add 198.18.7.2/24 dev vx0 &&
		ip -n "$ns_rm" link set vx0 up
}

# e2e_config_lan: the sections most tests share: a flat network "lan" with a
# tap phy port (phy0) and two client-mode vhost ports (vm1, vm2) whose
# sockets are in $E2E_DIR.
e2e_config_lan() {
	cat <<EOT

[network lan]
type = flat

[port phy0]
type = phy
devargs = net_tap0,iface=phy0
network = lan

[port vm1]
type = vhost
socket = $E2E_DIR/vm1.sock
mode = client
network = lan

[port vm2]
type = vhost
socket = $E2E_DIR/vm2.sock
mode = client
network = lan
EOT
}

# e2e_lan_start CONFIG SWITCH_NS NS_VM1 NS_VM2 [VM1_OPT [VM2_OPT]]: the two
# testpmd VMs of e2e_config_lan (vm1 and vm2 in their namespaces; VM1_OPT,
# VM2_OPT go to e2e_vm_start, e.g. mac=M), then sluice "sluice" on CONFIG in
# SWITCH_NS; returns once both VMs are connected and forward, aborts the
# test when a step fails. Addresses are the script's own.
e2e_lan_start() {
	local config=$1 ns_sw=$2 ns1=$3 ns2=$4 vm
	e2e_vm_start vm1 "$E2E_DIR/vm1.sock" "$ns1" ${5:+"$5"}
	e2e_vm_start vm2 "$E2E_DIR/vm2.sock" "$ns2" ${6:+"$6"}
	e2e_wait_for 10 "VM sockets" test -S "$E2E_DIR/vm1.sock" -a -S "$E2E_DIR/vm2.sock" ||
		e2e_abort setup "the testpmd VMs did not create their vhost-user sockets"
	e2e_sluice_start sluice "$config" "$ns_sw" || e2e_abort start "sluice did not become ready"
	for vm in vm1 vm2; do
		e2e_wait_for 15 "$vm connected" e2e_vm_connected sluice "$vm" && e2e_vm_ready "$vm" ||
			e2e_abort "connect-$vm" "sluice did not log 'port $vm: VM connected' or $vm does not forward"
	done
}

# e2e_file_transfer NAME SRC_NS DST_NS DST_ADDR PORT BYTES: send BYTES of
# random data over TCP with nc and compare checksums. PASS or FAIL NAME.
e2e_file_transfer() {
	local name=$1 src=$2 dst=$3 addr=$4 port=$5 bytes=$6 in out rpid
	in=$E2E_DIR/$name.sent
	out=$E2E_DIR/$name.received
	head -c "$bytes" /dev/urandom >"$in"
	ip netns exec "$dst" timeout 60 nc -l "$port" >"$out" 2>"$E2E_DIR/$name.nc-l.err" &
	rpid=$!
	e2e_track "$name-listener" "$rpid" tool ""
	if ! e2e_wait_for 10 "nc listening on $port in $dst" e2e_listening "$dst" "$port"; then
		e2e_fail "$name" "nc did not listen in $dst"
		return 1
	fi
	if ! ip netns exec "$src" timeout 60 nc -N "$addr" "$port" <"$in" 2>"$E2E_DIR/$name.nc.err"; then
		e2e_fail "$name" "nc to $addr:$port failed: $(head -c 200 "$E2E_DIR/$name.nc.err")"
		return 1
	fi
	if ! e2e_wait_for 30 "receiver of $name to finish" e2e_dead "$rpid"; then
		e2e_fail "$name" "receiver still running 30 s after the sender finished"
		return 1
	fi
	wait "$rpid" 2>/dev/null
	unset "E2E_PID[$name-listener]"
	if [ "$(sha256sum <"$in" | cut -d' ' -f1)" != "$(sha256sum <"$out" | cut -d' ' -f1)" ]; then
		e2e_fail "$name" "received $(stat -c %s "$out") bytes of $bytes, checksums differ"
		return 1
	fi
	e2e_pass "$name"
	rm -f "$in" "$out"
}
e2e_listening() { ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q .; }
e2e_absent() { ! ip -n "$1" link show "$2" >/dev/null 2>&1; }

# e2e_iperf NAME SRC_NS DST_NS DST_ADDR PORT: iperf3 for 2 s from SRC_NS to a
# one-shot server (-1) in DST_NS. PASS when it completes and the receiver
# counted a non-zero rate (no threshold: rates here mean little).
e2e_iperf() {
	local name=$1 src=$2 dst=$3 addr=$4 port=$5 spid out rate
	out=$E2E_DIR/$name.iperf
	ip netns exec "$dst" timeout 60 iperf3 -s -1 -p "$port" >"$E2E_DIR/$name.iperf-s" 2>&1 &
	spid=$!
	e2e_track "$name-server" "$spid" tool ""
	if ! e2e_wait_for 10 "iperf3 listening on $port in $dst" e2e_listening "$dst" "$port"; then
		e2e_fail "$name" "iperf3 did not listen in $dst"
		return 1
	fi
	if ! ip netns exec "$src" timeout 30 iperf3 -c "$addr" -p "$port" -t 2 -f k >"$out" 2>&1; then
		e2e_fail "$name" "iperf3 to $addr:$port failed: $(tail -2 "$out" | tr '\n' ' ')"
		return 1
	fi
	e2e_wait_for 10 "iperf3 server of $name to exit" e2e_dead "$spid"
	{ wait "$spid"; } 2>/dev/null
	unset "E2E_PID[$name-server]"
	# "[  5]   0.00-2.04  sec   123 KBytes  456 Kbits/sec                  receiver"
	rate=$(awk '/receiver$/ { for (i = 2; i <= NF; i++) if ($i == "Kbits/sec") print $(i - 1) }' "$out")
	if ! awk -v r="${rate:-0}" 'BEGIN { exit !(r + 0 > 0) }'; then
		e2e_fail "$name" "iperf3 reported no throughput: $(tail -3 "$out" | tr '\n' ' ')"
		return 1
	fi
	e2e_log "$name: $rate Kbits/sec"
	e2e_pass "$name"
}
