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

# By MAC count (tools/bench/scale --plot): --x gives one Mpps panel over a
# log axis, each column once in the key, a NaN (a case this build refused)
# left out of its line.
datam=$E2E_DIR/scale.tsv
printf 'MACs\tsluice 64 B\tOVS-DPDK NORMAL 64 B\n2\t2.1\t1.5\n1000\t2.0\tNaN\n1000000\t1.9\t0.1\n' >"$datam"
tools/bench/plot --x MACs "$datam" "$E2E_DIR/scale.png" "test" >"$E2E_DIR/plotm.log" 2>&1
e2e_check plot-x-png "no 800x450 PNG: $(file "$E2E_DIR/scale.png") $(cat "$E2E_DIR/plotm.log")" \
	eval "file '$E2E_DIR/scale.png' | grep -q 'PNG image data, 800 x 450'"
e2e_check plot-x-quiet "gnuplot complained: $(head -3 "$E2E_DIR/plotm.log")" test ! -s "$E2E_DIR/plotm.log"
tools/bench/plot --x MACs "$datam" "$E2E_DIR/scale.svg" "test" >>"$E2E_DIR/plotm.log" 2>&1
for sw in "sluice 64 B" "OVS-DPDK NORMAL 64 B"; do
	n=$(grep -c "<title>$sw</title>" "$E2E_DIR/scale.svg")
	e2e_check "plot-x-key-${sw%% *}" "the key names '$sw' $n times, want 1" test "$n" = 1
done
e2e_check plot-x-label "the x axis is not labelled MACs" grep -q '>MACs<' "$E2E_DIR/scale.svg"
# --y and --logy: ratios (sluice / testpmd io) on a log axis, labelled as asked.
tools/bench/plot --x MACs --y "ratio to testpmd io" --logy "$datam" "$E2E_DIR/ratio.svg" "test" \
	>"$E2E_DIR/plotr.log" 2>&1
e2e_check plot-y-quiet "gnuplot complained: $(head -3 "$E2E_DIR/plotr.log")" test ! -s "$E2E_DIR/plotr.log"
e2e_check plot-y-label "the y axis is not labelled as asked" grep -q '>ratio to testpmd io<' "$E2E_DIR/ratio.svg"
e2e_check plot-y-log "no log y axis (no 0.1 tick)" grep -q '> 0.1<\|>0.1<' "$E2E_DIR/ratio.svg"

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
