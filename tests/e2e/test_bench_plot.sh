#!/usr/bin/env bash
# tools/bench/plot, which make bench uses to draw docs/pvp.png: a PNG of the
# size asked from a results table, and clear refusals of a missing, empty or
# header-only table. No DPDK process.
# Usage: tests/e2e/test_bench_plot.sh BUILD_DIR
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
E2E_NEED_ROOT=0 e2e_init bench-plot "${1:-build}" gnuplot file

data=$E2E_DIR/pvp.tsv
printf 'bytes\ttestpmd io\tsluice\n64\t6.081\t7.203\n512\t4.100\t4.400\n1518\t2.710\t6.080\n' >"$data"
tools/bench/plot "$data" "$E2E_DIR/pvp.png" "test" >"$E2E_DIR/plot.log" 2>&1
e2e_check plot-png "no 1000x450 PNG: $(file "$E2E_DIR/pvp.png") $(cat "$E2E_DIR/plot.log")" \
	eval "file '$E2E_DIR/pvp.png' | grep -q 'PNG image data, 1000 x 450'"
e2e_check plot-quiet "gnuplot complained: $(head -3 "$E2E_DIR/plot.log")" test ! -s "$E2E_DIR/plot.log"

# Three switches (tools/bench/pvp with OVS-DPDK installed): three lines in
# each panel. The key names each plotted column, so the SVG of the same
# table has a plot titled by each of the three switches in each panel.
data3=$E2E_DIR/pvp3.tsv
printf 'bytes\ttestpmd io\tsluice\tOVS-DPDK flows\n64\t6.081\t7.203\t3.500\n512\t4.100\t4.400\t2.900\n1518\t2.710\t6.080\t2.100\n' >"$data3"
tools/bench/plot "$data3" "$E2E_DIR/pvp3.png" "test" >"$E2E_DIR/plot3.log" 2>&1
e2e_check plot-3-png "no PNG for three switches: $(file "$E2E_DIR/pvp3.png") $(cat "$E2E_DIR/plot3.log")" \
	eval "file '$E2E_DIR/pvp3.png' | grep -q 'PNG image data, 1000 x 450'"
e2e_check plot-3-quiet "gnuplot complained: $(head -3 "$E2E_DIR/plot3.log")" test ! -s "$E2E_DIR/plot3.log"
tools/bench/plot "$data3" "$E2E_DIR/pvp3.svg" "test" >"$E2E_DIR/plot3svg.log" 2>&1
for sw in "testpmd io" sluice "OVS-DPDK flows"; do
	n=$(grep -c "<title>$sw</title>" "$E2E_DIR/pvp3.svg")
	e2e_check "plot-3-key-${sw%% *}" "the key names '$sw' $n times, want 2" test "$n" = 2
done

refused() { # NAME DATA WANT: plot fails and says WANT
	local name=$1 in=$2 want=$3 msg
	msg=$(tools/bench/plot "$in" "$E2E_DIR/$name.png" 2>&1) && { e2e_fail "$name" "plot accepted $in"; return; }
	e2e_check "$name" "message '$msg' lacks '$want'" eval "grep -q '$want' <<<\"\$msg\""
}
: >"$E2E_DIR/empty.tsv"
printf 'bytes\ttestpmd io\tsluice\n' >"$E2E_DIR/header.tsv"
printf 'bytes\n64\n' >"$E2E_DIR/noswitch.tsv"
refused plot-missing "$E2E_DIR/none.tsv" "empty or missing"
refused plot-empty "$E2E_DIR/empty.tsv" "empty or missing"
refused plot-header-only "$E2E_DIR/header.tsv" "no result line"
refused plot-no-switch "$E2E_DIR/noswitch.tsv" "names no switch"
e2e_finish
