#!/usr/bin/env bash
# Runs every test tier and ends with one line: "N passed, N failed[, N skipped]".
#   unit       cmocka, no EAL           build/tests/unit/test_*
#   component  cmocka, EAL --no-huge    build/tests/component/test_*
#   e2e        the real binary          tests/e2e/*.sh (need root, namespaces)
#   asan-unit, asan-component, asan-e2e the same against the ASan+UBSan build
#              ($ASAN_BUILD, default BUILD_DIR-asan; e2e: the scripts in
#              $ASAN_E2E); any sanitizer report is a failure.
#   fuzz-replay every fuzz corpus once through its libFuzzer target (the clang
#              build, $FUZZ_BUILD, default BUILD_DIR-clang; ASan+UBSan on)
# Each cmocka program counts its test cases; each e2e script prints
# "PASS: name", "FAIL: name" or "SKIP: name: why" lines. Every skip is
# repeated with its reason in the summary. Logs: one directory per tier.
# Usage: tests/run_all.sh [BUILD_DIR] [TIER...]
set -u
cd "$(dirname "$0")/.." || exit 2
build=${1:-build}
shift || true
tiers=("$@")
[ ${#tiers[@]} -eq 0 ] && tiers=(unit component e2e)
asan_build=${ASAN_BUILD:-$build-asan}
fuzz_build=${FUZZ_BUILD:-$build-clang}
# The e2e scripts that drive the packet path and the control socket without
# QEMU or libvirt (a sanitized sluice under TCG guests would only be slow).
read -r -a asan_e2e <<<"${ASAN_E2E:-test_cli test_forwarding test_control test_vlan test_vxlan test_gre test_mtu test_capture test_limits}"

passed=0 failed=0 skipped=0
failures=() skips=()
log_dir=$(mktemp -d /tmp/sluice-tests.XXXXXX)

# The tier being run: its log directory, the build it runs against and the
# prefix of its result names ("asan:" for the sanitizer tiers).
tier_dir='' tier_build='' tier_prefix=''

# Sanitizer runtime options for the asan tiers: stop at the first report,
# exit 66, and write the report to a file in the tier's log directory (an
# e2e script deletes the stderr of the sluice it started). LeakSanitizer is
# on with no suppressions: DPDK 22.11's EAL (--no-huge, shared libraries)
# leaves nothing unreachable at exit, with or without rte_eal_cleanup().
sanitizer_env() {
	local log=$1
	export ASAN_OPTIONS="halt_on_error=1:exitcode=66:detect_leaks=1:log_path=$log"
	export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=66:log_path=$log"
}

# sanitizer_check NAME LOG...: a report in the program's output or in the
# sanitizer's own files (NAME.san.PID) is one failure (and returns 1). Only
# in the asan tiers.
sanitizer_check() {
	local name=$1 reports=()
	shift
	[ -n "$tier_prefix" ] || return 0
	mapfile -t reports < <(grep -l -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer' \
		"$@" "$tier_dir/$name.san".* 2>/dev/null)
	[ ${#reports[@]} -eq 0 ] && return 0
	echo "   FAIL: $tier_prefix$name: sanitizer report in: ${reports[*]}"
	grep -h -m1 -A12 -E 'ERROR: |runtime error:' "${reports[@]}" | head -40 | sed 's/^/   | /'
	failed=$((failed + 1))
	failures+=("$tier_prefix$name (sanitizer)")
	return 1
}

run_cmocka() {
	local bin=$1 name log p f s rc
	name=$(basename "$bin")
	log="$tier_dir/$name.log"
	echo "== $tier_prefix$name"
	CMOCKA_MESSAGE_OUTPUT=stdout timeout 600 "$bin" >"$log" 2>&1
	rc=$?
	grep -E '^\[ +(OK|FAILED|SKIPPED|ERROR) +\] [a-z_0-9]+$' "$log" | sed 's/^/   /'
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	skipped=$((skipped + ${s:-0}))
	# cmocka's skip() gives no reason: name the test and its log.
	while read -r t; do
		skips+=("$tier_prefix$name: $t: cmocka skip() (see $log)")
	done < <(awk '/^\[  SKIPPED \] [0-9]+ test/ { listed = 1; next }
		listed && /^\[  SKIPPED \] [a-z_0-9]+$/ { print $4 }' "$log")
	if [ -n "${f:-}" ] && [ "${f:-0}" -gt 0 ]; then
		failures+=("$tier_prefix$name")
	fi
	if ! sanitizer_check "$name" "$log"; then
		: # counted once, whatever the exit status
	elif [ $rc -ne 0 ] && [ -z "$f" ]; then
		# Crashed or timed out before cmocka could count: one failure.
		echo "   $name exited $rc without a summary; last lines:"
		tail -15 "$log" | sed 's/^/   | /'
		failed=$((failed + 1))
		failures+=("$tier_prefix$name (exit $rc)")
	elif [ -n "${f:-}" ] && [ "${f:-0}" -gt 0 ]; then
		grep -B2 -E 'FAILED|ERROR|Failure|error:' "$log" | head -30 | sed 's/^/   | /'
	fi
}

run_script() {
	local script=$1 name log rc p f s
	name=$(basename "$script" .sh)
	log="$tier_dir/$name.log"
	echo "== $tier_prefix$name"
	timeout 900 bash "$script" "$tier_build" >"$log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL|SKIP): ' "$log" | sed "s/^\([A-Z]*\): /   \1: $tier_prefix/"
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	s=$(grep -c '^SKIP: ' "$log")
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	while read -r line; do
		skips+=("$tier_prefix$name: ${line#SKIP: }")
	done < <(grep '^SKIP: ' "$log")
	if [ "$f" -gt 0 ]; then
		failures+=("$tier_prefix$name")
		echo "   last lines of $log:"
		tail -25 "$log" | sed 's/^/   | /'
	fi
	if ! sanitizer_check "$name" "$log"; then
		: # counted once, whatever the exit status
	elif [ "$f" -eq 0 ] && [ $rc -ne 0 ]; then
		echo "   $name exited $rc; last lines:"
		tail -25 "$log" | sed 's/^/   | /'
		failed=$((failed + 1))
		failures+=("$tier_prefix$name (exit $rc)")
	fi
	return 0
}

for tier in "${tiers[@]}"; do
	echo "=== tier: $tier"
	tier_dir=$log_dir/$tier
	mkdir -p "$tier_dir"
	tier_build=$build tier_prefix=
	case $tier in
	asan-*)
		tier_build=$asan_build tier_prefix=asan:
		# A tier against an unsanitized build would pass without looking.
		if ! grep -q -a __asan_init "$asan_build/sluice" 2>/dev/null ||
			! grep -q -a __ubsan_handle "$asan_build/sluice"; then
			echo "   FAIL: $tier: $asan_build/sluice is missing or not built with ASan+UBSan (make build-asan)"
			failed=$((failed + 1))
			failures+=("$tier (no sanitized $asan_build)")
			continue
		fi
		;;
	esac
	case $tier in
	unit | component | asan-unit | asan-component)
		for bin in "$tier_build"/tests/"${tier#asan-}"/test_*; do
			[ -n "$tier_prefix" ] && sanitizer_env "$tier_dir/$(basename "$bin").san"
			[ -x "$bin" ] && [ -f "$bin" ] && run_cmocka "$bin"
		done
		;;
	e2e)
		for script in tests/e2e/test_*.sh; do
			[ -f "$script" ] && run_script "$script"
		done
		;;
	fuzz-replay)
		# The targets are built with ASan+UBSan; replay.sh prints a line per
		# target, and a report stops that target (its FAIL line).
		tier_build=$fuzz_build
		run_script tests/fuzz/replay.sh
		;;
	asan-e2e)
		for name in "${asan_e2e[@]}"; do
			sanitizer_env "$tier_dir/$name.san"
			run_script "tests/e2e/$name.sh"
		done
		;;
	*)
		echo "unknown tier '$tier' (unit, component, e2e, asan-unit, asan-component, asan-e2e, fuzz-replay)" >&2
		exit 2
		;;
	esac
	unset ASAN_OPTIONS UBSAN_OPTIONS
done

echo
echo "logs: $log_dir/TIER/"
if [ ${#skips[@]} -gt 0 ]; then
	echo "skipped:"
	printf '  %s\n' "${skips[@]}"
fi
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
