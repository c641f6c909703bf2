#!/usr/bin/env bash
# Runs every test tier and ends with one line: "N passed, N failed[, N skipped]".
#   unit       cmocka, no EAL           build/tests/unit/test_*
#   component  cmocka, EAL --no-huge    build/tests/component/test_*
#   e2e        the real binary          tests/e2e/*.sh (need root, namespaces)
# Each cmocka program counts its test cases; each e2e script prints
# "PASS: name", "FAIL: name" or "SKIP: name: why" lines.
# Usage: tests/run_all.sh [BUILD_DIR] [TIER...]
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
tiers=("$@")
[ ${#tiers[@]} -eq 0 ] && tiers=(unit component e2e)

passed=0 failed=0 skipped=0
failures=()
log_dir=$(mktemp -d /tmp/sluice-tests.XXXXXX)

run_cmocka() {
	local bin=$1 name log p f s rc
	name=$(basename "$bin")
	log="$log_dir/$name.log"
	echo "== $name"
	CMOCKA_MESSAGE_OUTPUT=stdout timeout 300 "$bin" >"$log" 2>&1
	rc=$?
	grep -E '^\[ +(OK|FAILED|SKIPPED|ERROR) +\] [a-z_0-9]+$' "$log" | sed 's/^/   /'
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	skipped=$((skipped + ${s:-0}))
	if [ -n "${f:-}" ] && [ "${f:-0}" -gt 0 ]; then
		failures+=("$name")
	fi
	if [ $rc -ne 0 ] && [ -z "$f" ]; then
		# Crashed or timed out before cmocka could count: one failure.
		echo "   $name exited $rc without a summary; last lines:"
		tail -15 "$log" | sed 's/^/   | /'
		failed=$((failed + 1))
		failures+=("$name (exit $rc)")
	elif [ -n "${f:-}" ] && [ "${f:-0}" -gt 0 ]; then
		grep -B2 -E 'FAILED|ERROR|Failure|error:' "$log" | head -30 | sed 's/^/   | /'
	fi
}

run_script() {
	local script=$1 name log rc p f s
	name=$(basename "$script" .sh)
	log="$log_dir/$name.log"
	echo "== $name"
	timeout 600 bash "$script" "$build" >"$log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL|SKIP): ' "$log" | sed 's/^/   /'
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	s=$(grep -c '^SKIP: ' "$log")
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$f" -gt 0 ]; then
		failures+=("$name")
		echo "   last lines of $log:"
		tail -25 "$log" | sed 's/^/   | /'
	elif [ $rc -ne 0 ]; then
		echo "   $name exited $rc; last lines:"
		tail -25 "$log" | sed 's/^/   | /'
		failed=$((failed + 1))
		failures+=("$name (exit $rc)")
	fi
}

for tier in "${tiers[@]}"; do
	echo "=== tier: $tier"
	case $tier in
	unit | component)
		for bin in "$build"/tests/"$tier"/test_*; do
			[ -x "$bin" ] && [ -f "$bin" ] && run_cmocka "$bin"
		done
		;;
	e2e)
		for script in tests/e2e/test_*.sh; do
			[ -f "$script" ] && run_script "$script"
		done
		;;
	*)
		echo "unknown tier '$tier' (unit, component, e2e)" >&2
		exit 2
		;;
	esac
done

echo
echo "logs: $log_dir"
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
