#!/usr/bin/env bash
# Hugepages for real: sluice-hugepages status, reserve and mount on this
# machine's 2 MiB pages (and 1 GiB pages where the kernel offers them), each
# twice to show it is idempotent; sluice running on those pages with a
# vhost-user VM attached and a ping through it, the hugetlbfs it was told to
# use (--huge-dir) holding its files while it runs and none after it stops;
# every preflight refusal from the real binary, word for word, with exit
# status 2 and nothing touched.
# Every nr_hugepages it changes is restored at exit, after sluice and the VMs
# have stopped; it unmounts only what it mounted (under /tmp, never /dev).
# Usage: tests/e2e/test_hugepages.sh BUILD_DIR
# shellcheck disable=SC2015,SC2016,SC2317 # "A && B || fail" fails when either fails; eval strings expand when run; the trap is called indirectly
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init hugepages "${1:-build}" dpdk-testpmd ping umount

tool=$(cd "$E2E_BUILD" && pwd)/tools/hugepages/sluice-hugepages
[ -x "$tool" ] || e2e_abort setup "$tool is not built (ninja -C $E2E_BUILD)"

sys=/sys/kernel/mm/hugepages
nodes=/sys/devices/system/node
SAVED_FILES=()       # nr_hugepages files changed, in the order first changed
declare -A SAVED_NR  # their values before
OUR_MOUNTS=()        # mount points this script mounted

# --- restoring what we changed ---------------------------------------------

# The EXIT trap: processes first (they hold the pages), then our mounts,
# then the pools, newest change first.
hp_cleanup() {
	local rc=$? i f d
	trap - EXIT INT TERM
	e2e_cleanup_all "$rc"
	for ((i = ${#OUR_MOUNTS[@]} - 1; i >= 0; i--)); do
		d=${OUR_MOUNTS[i]}
		rm -f "$d"/sl"$$"-* 2>/dev/null
		umount "$d" && rmdir "$d" || echo "could not unmount $d" >&2
	done
	for ((i = ${#SAVED_FILES[@]} - 1; i >= 0; i--)); do
		f=${SAVED_FILES[i]}
		echo "${SAVED_NR[$f]}" >"$f" || echo "could not restore $f to ${SAVED_NR[$f]}" >&2
	done
	exit "$rc"
}
trap hp_cleanup EXIT

save_nr() {
	[ -n "${SAVED_NR[$1]+set}" ] && return 0
	SAVED_NR[$1]=$(cat "$1")
	SAVED_FILES+=("$1")
}

# --- facts -------------------------------------------------------------------

# Per node on a NUMA kernel (node 0, where CPUs 0 and 1 of the test configs
# are), system-wide otherwise.
if [ -d "$nodes/node0/hugepages" ]; then
	numa=1
	node_args=(--node 0)
	node_opt=" --node 0" # as the messages write it
	pool_dir() { echo "$nodes/node0/hugepages/hugepages-$1kB"; }
else
	numa=0
	node_args=()
	node_opt=
	pool_dir() { echo "$sys/hugepages-$1kB"; }
fi
nr_of() { cat "$(pool_dir "$1")/nr_hugepages"; }
free_of() { cat "$(pool_dir "$1")/free_hugepages"; }
are() { [ "$1" = 1 ] && echo is || echo are; }
# Every pool the kernel shows, for "nothing was touched".
pools_snapshot() { cat "$sys"/*/nr_hugepages "$nodes"/node*/hugepages/*/nr_hugepages 2>/dev/null | tr '\n' ' '; }
cpu_on_node0() { [ "$numa" = 0 ] || [ -e "/sys/devices/system/cpu/cpu$1/node0" ]; }
# The NUMA nodes, "0" or "0,1".
node_list() {
	local d
	for d in "$nodes"/node[0-9]*; do [ -d "$d" ] && echo "${d##*node}"; done | sort -n | paste -sd, -
}
n_nodes() { local l; l=$(node_list); [ -n "$l" ] && echo $((${l##*,} + 1)) || echo 1; }
# Files a DPDK prefix left in a hugetlbfs directory.
prefix_files() { compgen -G "$1/$2map_*" || true; }

# --- status ------------------------------------------------------------------

out=$("$tool" status 2>&1)
rc=$?
# shellcheck disable=SC2001 # indent every line
sed 's/^/    /' <<<"$out"
e2e_check status "exit $rc or no table header and node 0 2M row" \
	eval '[ $rc = 0 ] && grep -q "^node  size     total     free  mount$" <<<"$out" && grep -q "^0     2M " <<<"$out"'
e2e_check help-everywhere "a --help exited non-zero or printed no Usage line" \
	eval '"$tool" --help | grep -q "^Usage: sluice-hugepages COMMAND" &&
		"$tool" status --help | grep -q "^Usage: sluice-hugepages status" &&
		"$tool" reserve --help | grep -q "^Usage: sluice-hugepages reserve" &&
		"$tool" mount --help | grep -q "^Usage: sluice-hugepages mount" &&
		"$tool" --help | grep -q "^  3  not permitted: run it as root$"'
"$tool" reserve --size 2M >/dev/null 2>&1
e2e_check usage-exit-2 "reserve without --count did not exit 2" test $? = 2

# --- reserve 2M, twice --------------------------------------------------------

[ -d "$sys/hugepages-2048kB" ] || e2e_abort reserve-2m "this kernel offers no 2 MiB pages"
save_nr "$(pool_dir 2048)/nr_hugepages"
nr2=$(nr_of 2048)
want2=$((nr2 + 256)) # sluice below takes 128 (socket-mem 256) and grows a little
out=$("$tool" reserve --size 2M --count "$want2" "${node_args[@]}" 2>&1)
rc=$?
where=${node_opt:+ on node 0}
if [ $rc = 0 ] && [ "$out" = "2M pages$where: the pool now holds $want2 (it held $nr2)" ]; then
	e2e_pass reserve-2m
elif [ $rc = 1 ] && grep -q "asked for $want2 and got .*: memory is too fragmented.*hugepagesz=2M hugepages=" <<<"$out"; then
	e2e_skip reserve-2m "the kernel could not find $want2 2 MiB pages: $out"
	e2e_finish
else
	e2e_abort reserve-2m "exit $rc: $out"
fi
out=$("$tool" reserve --size 2M --count "$want2" "${node_args[@]}" 2>&1)
rc=$?
e2e_check reserve-2m-again "exit $rc, or not 'nothing changed': $out" \
	test $rc = 0 -a "$out" = "2M pages$where: the pool holds $want2 already (asked for at least $want2); nothing changed" -a "$(nr_of 2048)" = "$want2"

# --- mount 2M, twice ----------------------------------------------------------

# The hugetlbfs of a size sluice-hugepages mounted or reused, from its message.
mounted_dir() { sed -n 's/^mounted [0-9A-Z]* pages at \(.*\) (mount -t .*/\1/p; s/^[0-9A-Z]* pages are mounted at \(.*\) already.*/\1/p' <<<"$1"; }

hp2=/tmp/sl$$-huge2M
out=$("$tool" mount --size 2M --dir "$hp2" 2>&1)
rc=$?
dir2=$(mounted_dir "$out")
case $out in
"mounted 2M pages at $hp2 (mount -t hugetlbfs -o pagesize=2M none $hp2)") OUR_MOUNTS+=("$hp2") ;;
esac
e2e_check mount-2m "exit $rc: $out" eval '[ $rc = 0 ] && [ -n "$dir2" ] && grep -q " $dir2 hugetlbfs " /proc/mounts'
mounts_before=$(grep -c ' hugetlbfs ' /proc/mounts)
out=$("$tool" mount --size 2M 2>&1)
rc=$?
e2e_check mount-2m-again "exit $rc, or not reused: $out" \
	test "$rc" = 0 -a "$(mounted_dir "$out")" = "$dir2" -a "$(grep -c ' hugetlbfs ' /proc/mounts)" = "$mounts_before"

# --- sluice on hugepages, a VM, a ping ------------------------------------------

# hp_config SIZE SOCKET_MEM PREFIX: a config on SIZE pages, one PMD on CPU 1,
# a tap "phy" and a vhost-user VM on one network.
hp_config() {
	cat <<EOT
; generated by $E2E_NAME (pid $E2E_ID)
[dataplane]
main-core = 0
worker-cores = 1
hugepages = $1
socket-mem = $2
file-prefix = $3

[control]
socket = $E2E_DIR/$3.sock

[network lan]
type = flat

[port phy0]
type = phy
devargs = net_tap0,iface=phy$1
network = lan

[port vm]
type = vhost
socket = $E2E_DIR/$3-vm.sock
mode = client
network = lan
EOT
}

# run_on SIZE SOCKET_MEM DIR: sluice on SIZE pages from DIR with a VM; ping;
# stop; nothing left.
run_on() {
	local size=$1 mem=$2 dir=$3 prefix=sl$$-$1 cfg ns_phy ns_vm out files rc
	cfg=$E2E_DIR/$prefix.ini
	ns_phy=$(e2e_ns "p$size")
	ns_vm=$(e2e_ns "v$size")
	hp_config "$size" "$mem" "$prefix" >"$cfg"
	e2e_netns_add "$ns_phy" && e2e_netns_add "$ns_vm" || {
		e2e_fail "run-$size" "cannot create namespaces"
		return 1
	}
	out=$("$tool" status --config "$cfg" 2>&1)
	rc=$?
	e2e_check "status-config-$size" "exit $rc, or status --config did not say it fits: $(tail -1 <<<"$out")" \
		eval '[ $rc = 0 ] && grep -q "^fits: hugepages = $size: using $size pages from $dir;" <<<"$out"'
	out=$("$E2E_SLUICE" --config "$cfg" --check 2>&1)
	e2e_check "check-huge-dir-$size" "--check shows no '-m $mem --huge-dir $dir': $out" \
		eval 'grep -qF -- "-m $mem --huge-dir $dir --no-pci" <<<"$out" && grep -q "^hugepages = $size: using $size pages from $dir;" <<<"$out"'

	# The VM's testpmd runs --no-huge: virtio_user shares its memory by fd
	# (TESTING.md), whatever sluice's page size.
	e2e_vm_start "vm$size" "$E2E_DIR/$prefix-vm.sock" "$ns_vm"
	e2e_wait_for 10 "VM socket" test -S "$E2E_DIR/$prefix-vm.sock" || {
		e2e_fail "run-$size" "the testpmd VM did not create its vhost-user socket"
		return 1
	}
	e2e_sluice_start "s$size" "$cfg" "$ns_phy" || {
		e2e_fail "start-$size" "sluice did not become ready: $(tail -3 "$(e2e_sluice_err "s$size")")"
		return 1
	}
	e2e_check "start-$size-says-size" "no 'sluice: hugepages = $size: using $size pages from $dir' line" \
		grep -q "^sluice: hugepages = $size: using $size pages from $dir;" "$(e2e_sluice_out "s$size")"
	files=$(prefix_files "$dir" "$prefix")
	e2e_check "pages-from-$size-mount" "no ${prefix}map_* files in $dir while sluice runs" test -n "$files"
	e2e_wait_for 15 "VM connected" e2e_vm_connected "s$size" vm && e2e_vm_ready "vm$size" || {
		e2e_fail "connect-$size" "sluice did not log 'port vm: VM connected' or the VM did not forward"
		return 1
	}
	e2e_pass "connect-$size"
	e2e_addr "$ns_phy" "phy$size" 198.18.1.1/24 && e2e_addr "$ns_vm" "vm$size" 198.18.1.11/24 || {
		e2e_fail "ping-$size" "cannot address the interfaces"
		return 1
	}
	e2e_check "ping-$size" "no replies from the VM 198.18.1.11" e2e_ping "$ns_phy" 198.18.1.11
	e2e_stop "s$size" TERM
	e2e_check "stop-$size" "exit status $E2E_RC after SIGTERM" test "$E2E_RC" = 0
	e2e_check "no-files-left-$size" "left behind: $(prefix_files "$dir" "$prefix") $(e2e_runtime_dir "$prefix")" \
		eval '[ -z "$(prefix_files "$dir" "$prefix")" ] && e2e_check_no_runtime "$prefix"'
	e2e_vm_stop "vm$size"
	ip netns del "$ns_phy"
	ip netns del "$ns_vm"
}

if cpu_on_node0 0 && cpu_on_node0 1; then
	run_on 2M 256 "$dir2"
else
	e2e_skip run-2M "CPUs 0 and 1 are not both on NUMA node 0, where the pages were reserved"
fi

# --- preflight refusals: exit 2, the message, nothing touched --------------------

# refuse NAME WANT: with the config $E2E_DIR/NAME.ini, sluice (a real start,
# not --check) must exit 2 with exactly "sluice: CONFIG: WANT", change no
# pool, leave no runtime directory and no hugepage file.
refuse() {
	local name=$1 want=$2 cfg=$E2E_DIR/$1.ini prefix before after rc err left
	prefix=sl$$-$name
	E2E_PREFIXES+=("$prefix")
	before=$(pools_snapshot)
	timeout 30 "$E2E_SLUICE" --config "$cfg" >"$E2E_DIR/$name.out" 2>"$E2E_DIR/$name.err" </dev/null
	rc=$?
	after=$(pools_snapshot)
	err=$(cat "$E2E_DIR/$name.err")
	left=$(compgen -G "/dev/hugepages*/${prefix}map_*"; prefix_files "$dir2" "$prefix")
	if [ $rc != 2 ]; then
		e2e_fail "$name" "exit status $rc, not 2; stderr: $err"
	elif [ "$err" != "sluice: $cfg: $want" ]; then
		e2e_fail "$name" "stderr '$err', wanted 'sluice: $cfg: $want'"
	elif [ "$before" != "$after" ]; then
		e2e_fail "$name" "nr_hugepages changed: '$before' became '$after'"
	elif [ -e "$(e2e_runtime_dir "$prefix")" ] || [ -n "$left" ]; then
		e2e_fail "$name" "left behind: $(e2e_runtime_dir "$prefix") $left"
	else
		e2e_pass "$name"
	fi
}
# refusal_config NAME SIZE SOCKET_MEM: writes $E2E_DIR/NAME.ini.
refusal_config() { hp_config "$2" "$3" "sl$$-$1" >"$E2E_DIR/$1.ini"; }

# socket-mem bigger than the free 2M pages of node 0.
free2=$(free_of 2048)
nr2=$(nr_of 2048)
need=$((free2 + 64))
mem=$((need * 2))
if ! cpu_on_node0 0 || ! cpu_on_node0 1; then
	e2e_skip refuse-2m-too-few "CPUs 0 and 1 are not both on NUMA node 0"
elif [ "$mem" -gt 1048576 ]; then
	e2e_skip refuse-2m-too-few "node 0 has more free 2M pages than socket-mem can ask for"
else
	refusal_config refuse-2m-too-few 2M "$mem"
	refuse refuse-2m-too-few "hugepages = 2M: NUMA node 0 needs $need free 2M pages (socket-mem $mem MiB), $free2 $(are "$free2") free; reserve them: sluice-hugepages reserve --size 2M --count $((nr2 - free2 + need))$node_opt"
fi

# socket-mem per node naming a node this machine lacks.
n=$(n_nodes)
list=$(printf '64,%.0s' $(seq 0 "$n"))
list=${list%,}
nl=$(node_list)
[ -n "$nl" ] || nl=0
refusal_config refuse-missing-node 2M "$list"
refuse refuse-missing-node "socket-mem = $list: this machine has no NUMA node $n (it has node$([ "$n" -gt 1 ] && echo s) $nl); give a total instead: socket-mem = $((64 * (n + 1)))"

# socket-mem per node leaving a node with an lcore empty: needs two nodes.
if [ "$(n_nodes)" -lt 2 ]; then
	e2e_skip refuse-empty-node "one NUMA node here: a per-node socket-mem cannot leave a used node empty"
elif cpu_on_node0 0 && cpu_on_node0 1; then
	refusal_config refuse-empty-node 2M "0,256"
	refuse refuse-empty-node "socket-mem = 0,256: NUMA node 0 gets no memory, but main core 0, worker core 1 are there; give it some, e.g. socket-mem = 256,256"
else
	e2e_skip refuse-empty-node "CPUs 0 and 1 are not both on NUMA node 0"
fi

# auto, and nothing fits: the fix offered is 2M's.
if cpu_on_node0 0 && cpu_on_node0 1; then
	free2=$(free_of 2048)
	nr2=$(nr_of 2048)
	if [ -d "$sys/hugepages-1048576kB" ]; then
		why1="NUMA node 0 has $(free_of 1048576) free of the 1024 it needs"
	else
		why1="this kernel offers no 1G pages"
	fi
	refusal_config refuse-auto-nothing-fits auto 1048576
	refuse refuse-auto-nothing-fits "hugepages = auto: no page size fits (1G: $why1); for 2M pages: NUMA node 0 needs 524288 free 2M pages (socket-mem 1048576 MiB), $free2 $(are "$free2") free; reserve them: sluice-hugepages reserve --size 2M --count $((nr2 - free2 + 524288))$node_opt"
else
	e2e_skip refuse-auto-nothing-fits "CPUs 0 and 1 are not both on NUMA node 0"
fi

# --- 1 GiB pages, where the kernel offers them ----------------------------------

if [ ! -d "$sys/hugepages-1048576kB" ]; then
	refusal_config refuse-no-1g 1G 1024
	refuse refuse-no-1g "hugepages = 1G: this kernel offers no 1G pages (no /sys/kernel/mm/hugepages/hugepages-1048576kB); use hugepages = 2M"
	out=$("$tool" reserve --size 1G --count 1 2>&1)
	e2e_check reserve-no-1g "exit $? or another message: $out" \
		test "$out" = "sluice-hugepages: the kernel offers no 1G pages (no /sys/kernel/mm/hugepages/hugepages-1048576kB): this CPU (flag pdpe1gb) or its hypervisor has no 1 GiB pages; use 2M pages"
	e2e_skip run-1G "this kernel offers no 1 GiB pages (no $sys/hugepages-1048576kB)"
	e2e_finish
fi
e2e_skip refuse-no-1g "this kernel offers 1 GiB pages"

save_nr "$(pool_dir 1048576)/nr_hugepages"
nr1=$(nr_of 1048576)
free1=$(free_of 1048576)
want1=$((nr1 - free1 + 1)) # one free page: socket-mem 1024
[ "$want1" -gt "$nr1" ] || want1=$nr1
out=$("$tool" reserve --size 1G --count "$want1" "${node_args[@]}" 2>&1)
rc=$?
if [ $rc = 1 ] && grep -q "asked for $want1 and got .*: memory is too fragmented .*'default_hugepagesz=1G hugepagesz=1G hugepages=" <<<"$out"; then
	e2e_pass reserve-1g-shortfall-says-boot-line
	e2e_skip run-1G "the kernel could not find a free 1 GiB block now: $out"
	e2e_finish
fi
if [ "$want1" = "$nr1" ]; then
	e2e_check reserve-1g "exit $rc: $out" test $rc = 0 -a "$out" = "1G pages$where: the pool holds $nr1 already (asked for at least $nr1); nothing changed"
else
	e2e_check reserve-1g "exit $rc: $out" test $rc = 0 -a "$out" = "1G pages$where: the pool now holds $want1 (it held $nr1)"
fi
out=$("$tool" reserve --size 1G --count "$want1" "${node_args[@]}" 2>&1)
e2e_check reserve-1g-again "exit $?: $out" \
	test "$out" = "1G pages$where: the pool holds $want1 already (asked for at least $want1); nothing changed"

# Pages, but no mount of their size yet: sluice says which command mounts one.
# The mount column of node 0's 1G row: "-" when none.
if [ "$("$tool" status | awk '$1 == "0" && $2 == "1G" { print $5 }')" != - ]; then
	e2e_skip refuse-1g-no-mount "a 1 GiB hugetlbfs is mounted already"
elif cpu_on_node0 0 && cpu_on_node0 1; then
	refusal_config refuse-1g-no-mount 1G 1024
	refuse refuse-1g-no-mount "hugepages = 1G: no hugetlbfs is mounted with 1G pages, so DPDK cannot use them; mount one: sluice-hugepages mount --size 1G"
else
	e2e_skip refuse-1g-no-mount "CPUs 0 and 1 are not both on NUMA node 0"
fi

hp1=/tmp/sl$$-huge1G
out=$("$tool" mount --size 1G --dir "$hp1" 2>&1)
rc=$?
dir1=$(mounted_dir "$out")
case $out in
"mounted 1G pages at $hp1 (mount -t hugetlbfs -o pagesize=1G none $hp1)") OUR_MOUNTS+=("$hp1") ;;
esac
e2e_check mount-1g "exit $rc: $out" eval '[ $rc = 0 ] && [ -n "$dir1" ] && grep -q " $dir1 hugetlbfs " /proc/mounts'
out=$("$tool" mount --size 1G --dir "$dir1" 2>&1)
e2e_check mount-1g-again "exit $?: $out" test "$out" = "1G pages are mounted at $dir1 already; nothing changed"

if cpu_on_node0 0 && cpu_on_node0 1; then
	run_on 1G 1024 "$dir1"
	# auto takes 1G now that it fits.
	hp_config auto 1024 "sl$$-auto" >"$E2E_DIR/auto.ini"
	out=$("$E2E_SLUICE" --config "$E2E_DIR/auto.ini" --check 2>&1)
	e2e_check auto-picks-1g "--check did not say 'hugepages = auto: using 1G pages from $dir1': $out" \
		grep -q "^hugepages = auto: using 1G pages from $dir1;" <<<"$out"
else
	e2e_skip run-1G "CPUs 0 and 1 are not both on NUMA node 0"
fi

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
