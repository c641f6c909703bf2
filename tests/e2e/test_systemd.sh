#!/usr/bin/env bash
# Running sluice as a service: meson install puts sluice.service,
# sluice-virt-watch.service and /etc/sluice/sluice.ini where they belong;
# systemd-analyze verify passes on both units (their binaries and man pages
# as installed); sluice tells a notify socket READY=1 with its own PID once
# ports and control socket are up (the control socket answers by then), and
# STOPPING=1 on SIGTERM. No systemd needs to run: a small listener stands in
# for its notify socket.
# Usage: tests/e2e/test_systemd.sh BUILD_DIR   (as root, under /work/dpdk.lock)
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init systemd "${1:-build}" systemd-analyze meson /usr/bin/python3 jq

build=$(cd "$E2E_BUILD" && pwd)
dest=$E2E_DIR/root
prefix=$(meson introspect "$build" --buildoptions | jq -r '.[] | select(.name == "prefix") | .value')
meson install -C "$build" --no-rebuild --destdir "$dest" >"$E2E_DIR/install.log" 2>&1 ||
	e2e_abort meson-install "$(tail -3 "$E2E_DIR/install.log")"
units=$dest$prefix/lib/systemd/system
for f in "$units/sluice.service" "$units/sluice-virt-watch.service" \
	"$dest$prefix/etc/sluice/sluice.ini" "$dest$prefix/bin/sluice"; do
	e2e_check "installed-$(basename "$f")" "$f is not installed" test -f "$f"
done
e2e_check unit-paths "sluice.service does not run $prefix/bin/sluice with $prefix/etc/sluice/sluice.ini" \
	grep -q "^ExecStart=$prefix/bin/sluice --config $prefix/etc/sluice/sluice.ini\$" "$units/sluice.service"
e2e_check unit-reload "sluice.service has no ExecReload sending SIGHUP" \
	grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$units/sluice.service"

# systemd-analyze checks that ExecStart's binary exists and man: pages
# render: point both at the throwaway root.
mkdir -p "$E2E_DIR/units"
for unit in sluice.service sluice-virt-watch.service; do
	sed "s|$prefix/bin/|$dest$prefix/bin/|g" "$units/$unit" >"$E2E_DIR/units/$unit"
	MANPATH=$dest$prefix/share/man SYSTEMD_LOG_LEVEL=notice \
		systemd-analyze verify "$E2E_DIR/units/$unit" >"$E2E_DIR/$unit.verify" 2>&1
	e2e_check "verify-$unit" "systemd-analyze verify: $(head -c 600 "$E2E_DIR/$unit.verify")" \
		test $? = 0 -a ! -s "$E2E_DIR/$unit.verify"
done
# The unit must be one systemd-analyze can fault: a typo is reported.
sed 's/^Type=notify/Type=notfy/' "$E2E_DIR/units/sluice.service" >"$E2E_DIR/units/bad.service"
MANPATH=$dest$prefix/share/man systemd-analyze verify "$E2E_DIR/units/bad.service" >"$E2E_DIR/bad.verify" 2>&1
e2e_check verify-catches-typo "systemd-analyze passed Type=notfy" grep -q "notfy" "$E2E_DIR/bad.verify"

# sd_notify: READY=1 once sluice serves, STOPPING=1 on SIGTERM.
ns=$(e2e_ns sw)
e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
pfx=sl$$sd
config=$E2E_DIR/sluice.ini
{
	e2e_config_head "$pfx"
	cat <<EOT

[network lan]
type = flat

[port p0]
type = phy
devargs = net_null0
network = lan
EOT
} >"$config"
notify=$E2E_DIR/notify.sock
/usr/bin/python3 tests/lib/notify_listen.py "$notify" "$E2E_DIR/notify.log" 60 &
e2e_track listener $! tool ""
e2e_wait_for 5 "notify socket" test -S "$notify" || e2e_abort setup "the notify listener did not bind"
NOTIFY_SOCKET=$notify e2e_sluice_start sluice "$config" "$ns" || e2e_abort start "sluice did not start"
pid=$(e2e_pid sluice)
e2e_wait_for 10 "READY=1" grep -q 'READY=1' "$E2E_DIR/notify.log"
e2e_check notify-ready "no READY=1 with MAINPID=$pid: $(cat "$E2E_DIR/notify.log")" \
	grep -q "READY=1 .*MAINPID=$pid\b" "$E2E_DIR/notify.log"
e2e_check notify-status "no STATUS with the port count" grep -q "STATUS=1 ports, 1 networks" "$E2E_DIR/notify.log"
e2e_check ready-serves "the control socket does not answer after READY=1" \
	eval "\"$build/tools/sluicectl/sluicectl\" -s \"$E2E_DIR/$pfx.sock\" version >/dev/null"
e2e_stop sluice TERM
e2e_check notify-stopping "no STOPPING=1 after SIGTERM: $(cat "$E2E_DIR/notify.log")" \
	grep -q '^STOPPING=1$' "$E2E_DIR/notify.log"
e2e_check stop-clean "sluice exited $E2E_RC" test "$E2E_RC" = 0
e2e_finish
