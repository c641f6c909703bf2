#!/usr/bin/env bash
# The Prometheus endpoint ([metrics] listen): GET /metrics answers text that
# promtool accepts, with the port, drop, PMD, FDB and vhost families and
# counters that move with traffic; a real Prometheus server scrapes it and
# answers a query for sluice's rx packets; other paths are 404; a Unix
# socket endpoint works and its file goes at exit; an address already in use
# stops sluice at start with a message that says so.
# Usage: tests/e2e/test_metrics.sh BUILD_DIR   (as root, under /work/dpdk.lock)
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init metrics "${1:-build}" promtool prometheus /usr/bin/python3 jq

ns=$(e2e_ns sw)
e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
ip -n "$ns" link set lo up
get() { ip netns exec "$ns" /usr/bin/python3 tests/lib/http_get.py "$@"; }

# net_null0 receives as fast as it is polled: rx counters move, and with no
# other port on the network every frame is a counted drop.
config() { # PREFIX LISTEN
	e2e_config_head "$1"
	cat <<EOT

[metrics]
listen = $2

[network lan]
type = flat

[port p0]
type = phy
devargs = net_null0
network = lan

[port v0]
type = vhost
socket = $E2E_DIR/$1-v0.sock
mode = server
network = lan
EOT
}
pfx=sl$$m
config "$pfx" 127.0.0.1:9483 >"$E2E_DIR/a.ini"
e2e_sluice_start sluice "$E2E_DIR/a.ini" "$ns" || e2e_abort start "sluice did not start: $(tail -3 "$(e2e_sluice_err sluice)")"

status=$(get 127.0.0.1:9483 /metrics "$E2E_DIR/page1.txt")
e2e_check metrics-200 "GET /metrics: status '$status'" test "$status" = 200
ip netns exec "$ns" promtool check metrics <"$E2E_DIR/page1.txt" >"$E2E_DIR/promtool.out" 2>&1
e2e_check promtool "promtool check metrics: $(head -5 "$E2E_DIR/promtool.out")" test $? = 0
missing=
for family in sluice_port_rx_packets_total sluice_port_rx_bytes_total sluice_port_tx_packets_total \
	sluice_port_drops_total sluice_port_up sluice_vhost_connected sluice_pmd_busy_cycles_total \
	sluice_pmd_packets_total sluice_fdb_entries sluice_metrics_scrapes_total; do
	grep -q "^# TYPE $family " "$E2E_DIR/page1.txt" || missing="$missing $family"
done
e2e_check metrics-families "missing:$missing" test -z "$missing"
e2e_check metrics-labels "no sample for p0's queue 0, v0 disconnected or core 1" \
	eval "grep -q '^sluice_port_rx_packets_total{port=\"p0\",queue=\"0\"} [1-9]' '$E2E_DIR/page1.txt' &&
	      grep -q '^sluice_vhost_connected{port=\"v0\"} 0$' '$E2E_DIR/page1.txt' &&
	      grep -q '^sluice_pmd_busy_cycles_total{core=\"1\"} [1-9]' '$E2E_DIR/page1.txt' &&
	      grep -q '^sluice_fdb_entries{network=\"lan\"} [0-9]' '$E2E_DIR/page1.txt'"
rx_of() { sed -n 's/^sluice_port_rx_packets_total{port="p0",queue="0"} \([0-9]*\)$/\1/p' "$1"; }
get 127.0.0.1:9483 /metrics "$E2E_DIR/page2.txt" >/dev/null
e2e_check metrics-moves "rx did not grow: $(rx_of "$E2E_DIR/page1.txt") then $(rx_of "$E2E_DIR/page2.txt")" \
	test "$(rx_of "$E2E_DIR/page2.txt")" -gt "$(rx_of "$E2E_DIR/page1.txt")"
status=$(get 127.0.0.1:9483 /other "$E2E_DIR/404.txt")
e2e_check metrics-404 "GET /other: status '$status'" test "$status" = 404

# A real Prometheus scrapes it every second; its query API must answer.
cat >"$E2E_DIR/prometheus.yml" <<EOT
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: sluice
    static_configs:
      - targets: ['127.0.0.1:9483']
EOT
ip netns exec "$ns" prometheus --config.file="$E2E_DIR/prometheus.yml" \
	--storage.tsdb.path="$E2E_DIR/tsdb" --web.listen-address=127.0.0.1:9490 \
	>"$E2E_DIR/prometheus.log" 2>&1 &
e2e_track prometheus $! tool ""
query() {
	get 127.0.0.1:9490 '/api/v1/query?query=sluice_port_rx_packets_total%7Bport%3D%22p0%22%7D' \
		"$E2E_DIR/query.json" >/dev/null &&
		jq -e '.status == "success" and (.data.result | length) == 1 and
			(.data.result[0].value[1] | tonumber) > 0 and .data.result[0].metric.job == "sluice"' \
			"$E2E_DIR/query.json" >/dev/null
}
e2e_wait_for 60 "Prometheus has scraped sluice" query
e2e_check prometheus-query "no answer to the query: $(head -c 400 "$E2E_DIR/query.json" 2>/dev/null) $(tail -3 "$E2E_DIR/prometheus.log")" query
e2e_stop prometheus TERM
e2e_stop sluice TERM
e2e_check stop-clean "sluice exited $E2E_RC" test "$E2E_RC" = 0

# A Unix socket endpoint; the file goes when sluice stops.
config "${pfx}u" "$E2E_DIR/metrics.sock" >"$E2E_DIR/u.ini"
e2e_sluice_start sluice_u "$E2E_DIR/u.ini" "$ns" || e2e_abort start-unix "sluice did not start: $(tail -3 "$(e2e_sluice_err sluice_u)")"
status=$(get "$E2E_DIR/metrics.sock" /metrics "$E2E_DIR/unix.txt")
e2e_check metrics-unix "GET over $E2E_DIR/metrics.sock: status '$status'" \
	eval "[ '$status' = 200 ] && grep -q '^sluice_port_rx_packets_total' '$E2E_DIR/unix.txt'"
e2e_stop sluice_u TERM
e2e_check metrics-unix-removed "$E2E_DIR/metrics.sock left behind" test ! -e "$E2E_DIR/metrics.sock"

# Another process holds the address: sluice says so and stops, exit 1. (A
# fresh port: 9483 has the scrapes' TIME_WAIT connections.)
ip netns exec "$ns" /usr/bin/python3 -c '
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 9484)); s.listen(1); time.sleep(60)' &
e2e_track holder $! tool ""
e2e_wait_for 5 "the port held" eval "ip netns exec $ns ss -Hltn 'sport = :9484' | grep -q ."
config "${pfx}b" 127.0.0.1:9484 >"$E2E_DIR/b.ini"
ip netns exec "$ns" "$E2E_SLUICE" --config "$E2E_DIR/b.ini" >"$E2E_DIR/b.out" 2>"$E2E_DIR/b.err"
rc=$?
e2e_check metrics-in-use "exit $rc, stderr: $(cat "$E2E_DIR/b.err")" \
	eval "[ $rc = 1 ] && grep -q 'listen 127.0.0.1:9484: Address already in use (another process listens there' '$E2E_DIR/b.err'"
e2e_stop holder TERM
e2e_finish
