#!/usr/bin/env bash
# Replays every fuzz corpus, the seeds and the regression inputs a fuzzing run
# saved there, through its libFuzzer target (sanitizers on): one
# "PASS: fuzz-replay-TARGET (N inputs)" or "FAIL: ..." line per target, as
# tests/run_all.sh counts them.
#   tests/fuzz/replay.sh [BUILD_DIR]     a clang build with the fuzzers (build-clang)
# fuzz_datapath and fuzz_control start an EAL (--no-huge): run this script as
# the component tier runs, under flock /work/dpdk.lock, one at a time.
set -u
cd "$(dirname "$0")/../.."
build=${1:-build-clang}
failed=0

# target corpus-directory
targets=(
	"fuzz_request tests/fuzz/corpus"
	"fuzz_decap tests/fuzz/decap_corpus"
	"fuzz_config tests/fuzz/config_corpus"
	"fuzz_domain tests/fuzz/domain_corpus"
	"fuzz_datapath tests/fuzz/datapath_corpus"
	"fuzz_control tests/fuzz/control_corpus"
)

for t in "${targets[@]}"; do
	read -r name dir <<<"$t"
	bin=$build/$name
	if [ ! -x "$bin" ]; then
		echo "FAIL: fuzz-replay-$name: $bin missing (a clang build: CC=clang meson setup $build)"
		failed=1
		continue
	fi
	inputs=("$dir"/*)
	log=$(mktemp /tmp/sluice-fuzz-replay.XXXXXX)
	# Files as arguments: each runs once, nothing is mutated or written.
	"$bin" -timeout=60 -rss_limit_mb=4096 "${inputs[@]}" >"$log" 2>&1 &
	pid=$!
	wait $pid
	rc=$?
	# A crashed EAL target leaves its runtime directory behind.
	rm -rf "/var/run/dpdk/${name}_$pid"
	ran=$(grep -c '^Executed ' "$log")
	if [ $rc -eq 0 ] && [ "$ran" -eq ${#inputs[@]} ]; then
		echo "PASS: fuzz-replay-$name ($ran inputs)"
	else
		echo "FAIL: fuzz-replay-$name: exit $rc after $ran of ${#inputs[@]} inputs; last lines:"
		grep -E '^Running: |ERROR|SUMMARY|check failed|runtime error' "$log" | tail -8 | sed 's/^/   | /'
		failed=1
	fi
	rm -f "$log"
done
exit $failed
