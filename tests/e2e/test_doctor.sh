#!/usr/bin/env bash
# sluicectl doctor and system show against a running sluice on this host:
# system.show names sluice's PID, cores, page size and config file; doctor
# reports what this host really lacks (hugepages = none here; PMD core 1
# isolated or not, as /sys says), names no other core, exits 1 on warnings;
# --facts and --root make it read recorded answers and a fake tree; bad
# options are usage errors. The fake-tree checks themselves: tests/unit/test_doctor.c.
# Usage: tests/e2e/test_doctor.sh BUILD_DIR   (as root, under /work/dpdk.lock)
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init doctor "${1:-build}" jq

ctl_bin=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
ns=$(e2e_ns sw)
e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
pfx=sl$$dr
config=$E2E_DIR/sluice.ini
{
	e2e_config_head "$pfx"
	cat <<EOT

[network lan]
type = flat

[port p0]
type = phy
devargs = net_null0
rx-descriptors = 512
network = lan
EOT
} >"$config"
e2e_sluice_start sluice "$config" "$ns" || e2e_abort start "sluice did not start"
qjq() { jq -e "$@" >/dev/null; }
ctl() { "$ctl_bin" -s "$E2E_DIR/$pfx.sock" "$@"; }

json=$(ctl --json system show)
e2e_check system-show "system.show: $json" qjq --argjson pid "$(e2e_pid sluice)" --arg c "$config" \
	'.result | .pid == $pid and .worker_cores == [1] and .main_core == 0 and
	 .hugepages == "none" and .config == $c and .file_prefix != ""' <<<"$json"

ctl --json doctor >"$E2E_DIR/doctor.json" 2>"$E2E_DIR/doctor.err"
rc=$?
e2e_check doctor-exit "doctor exited $rc (want 1: hugepages = none is a warning): $(cat "$E2E_DIR/doctor.err")" test "$rc" = 1
e2e_check doctor-hugepages "no hugepages warning: $(cat "$E2E_DIR/doctor.json")" \
	qjq '.findings | any(.check == "hugepages" and .severity == "warn")' "$E2E_DIR/doctor.json"
# This host's own isolation of core 1 decides whether isolcpus is a finding.
isolated=$(cat /sys/devices/system/cpu/isolated 2>/dev/null)
if grep -qE '(^|,)1(,|$|-)' <<<"$isolated"; then want=false; else want=true; fi
e2e_check doctor-isolcpus "isolcpus finding should be $want (isolated: '$isolated'): $(cat "$E2E_DIR/doctor.json")" \
	qjq --argjson w "$want" '(.findings | any(.check == "isolcpus" and (.what | startswith("PMD cores 1 ")))) == $w' \
	"$E2E_DIR/doctor.json"
e2e_check doctor-fix-lines "a finding without a fix: $(cat "$E2E_DIR/doctor.json")" \
	qjq '.checks >= 11 and all(.findings[]; (.fix | length) > 10 and (.what | length) > 10)' "$E2E_DIR/doctor.json"
ctl doctor >"$E2E_DIR/doctor.txt"
e2e_check doctor-table "the table does not end with the count: $(tail -2 "$E2E_DIR/doctor.txt")" \
	grep -qE '^doctor: [0-9]+ checks, [0-9]+ findings, [1-9][0-9]* warnings$' "$E2E_DIR/doctor.txt"

# Recorded answers and a fake root: sluice is not asked.
mkdir -p "$E2E_DIR/root/proc" "$E2E_DIR/root/sys/devices/system/cpu"
echo "1" >"$E2E_DIR/root/sys/devices/system/cpu/isolated"
echo "1" >"$E2E_DIR/root/sys/devices/system/cpu/nohz_full"
echo "hugepagesz=2M hugepages=512 rcu_nocbs=1" >"$E2E_DIR/root/proc/cmdline"
echo "none /dev/hugepages hugetlbfs rw 0 0" >"$E2E_DIR/root/proc/mounts"
echo '{"system": {"pid": 1, "worker_cores": [1], "hugepages": "2M", "huge_dir": "/dev/hugepages"}}' \
	>"$E2E_DIR/facts.json"
"$ctl_bin" -s /nonexistent.sock --root "$E2E_DIR/root" --facts "$E2E_DIR/facts.json" doctor >"$E2E_DIR/fake.txt" 2>&1
rc=$?
e2e_check doctor-facts-root "exit $rc: $(cat "$E2E_DIR/fake.txt")" \
	eval "[ $rc = 0 ] && grep -q '^doctor: [0-9]* checks, nothing to change$' '$E2E_DIR/fake.txt'"
"$ctl_bin" -s "$E2E_DIR/$pfx.sock" doctor extra >/dev/null 2>"$E2E_DIR/usage.err"
rc=$?
e2e_check doctor-usage "exit $rc: $(cat "$E2E_DIR/usage.err")" \
	eval "[ $rc = 2 ] && grep -q 'doctor takes no words' '$E2E_DIR/usage.err'"
"$ctl_bin" -s /nonexistent.sock doctor >/dev/null 2>"$E2E_DIR/unreach.err"
rc=$?
e2e_check doctor-unreachable "exit $rc: $(cat "$E2E_DIR/unreach.err")" test "$rc" = 3
e2e_stop sluice TERM
e2e_finish
