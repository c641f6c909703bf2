#!/usr/bin/env bash
# The Debian packages (debian/, make deb): dpkg-buildpackage -b -us -uc
# builds them from a copy of this tree (tracked and new files, not build
# dirs); they hold the binaries, man pages, units, the conffile and the
# completion; their Depends name packages this host has; unpacked into a
# throwaway root (dpkg-deb -x) the binaries run, the example config passes
# --check, the units pass systemd-analyze verify and the completion loads;
# the units are installed disabled and a removal stops them; lintian finds
# no error and no warning. No DPDK process, no root needed.
# Usage: tests/e2e/test_deb.sh BUILD_DIR
#   SLUICE_DEB_DIR=DIR reuses the .debs of an earlier `make deb` (build-deb/)
#   instead of building (about 2 minutes on 2 cores).
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
E2E_NEED_ROOT=0 e2e_init deb "${1:-build}" dpkg-buildpackage dpkg-deb dpkg-parsechangelog \
	dpkg-architecture lintian systemd-analyze man git tar

version=$(dpkg-parsechangelog -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
if [ -n "${SLUICE_DEB_DIR:-}" ]; then
	debs=$(cd "$SLUICE_DEB_DIR" && pwd) || e2e_abort deb-dir "no directory $SLUICE_DEB_DIR"
else
	# dpkg-buildpackage writes into the tree and its parent: build a copy.
	src=$E2E_DIR/src/sluice
	mkdir -p "$src"
	git ls-files -z -co --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf - | tar -C "$src" -xf - ||
		e2e_abort copy-tree "cannot copy the tree (a git checkout?)"
	start=$(date +%s)
	(cd "$src" && dpkg-buildpackage -b -us -uc) >"$E2E_DIR/build.log" 2>&1 ||
		e2e_abort dpkg-buildpackage "failed: $(grep -m3 -E 'missing files:|: error:' "$E2E_DIR/build.log")"
	e2e_log "dpkg-buildpackage took $(($(date +%s) - start)) s"
	debs=$E2E_DIR/src
fi
sluice_deb=$debs/sluice_${version}_$arch.deb
virt_deb=$debs/sluice-virt_${version}_$arch.deb
for deb in "$sluice_deb" "$virt_deb"; do
	[ -f "$deb" ] || e2e_abort "built-$(basename "$deb")" "$deb was not built"
done

# What each package holds (units: /lib on bookworm, /usr/lib later).
contents() { dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's|^\./|/|'; }
expect_in() {
	local deb=$1 name missing='' path
	name=$(basename "$deb")
	shift
	contents "$deb" >"$E2E_DIR/$name.contents"
	for path in "$@"; do
		grep -qxE "$path" "$E2E_DIR/$name.contents" || missing="$missing $path"
	done
	e2e_check "contents-$name" "not in $name:$missing" test -z "$missing"
}
units='(/usr)?/lib/systemd/system'
expect_in "$sluice_deb" /usr/bin/sluice /usr/bin/sluicectl /usr/bin/sluice-hugepages \
	/usr/share/man/man8/sluice.8.gz /usr/share/man/man8/sluicectl.8.gz \
	/usr/share/man/man8/sluice-hugepages.8.gz /usr/share/man/man5/sluice.ini.5.gz \
	"$units/sluice.service" /etc/sluice/sluice.ini \
	/usr/share/bash-completion/completions/sluicectl /usr/share/doc/sluice/copyright
expect_in "$virt_deb" /usr/bin/sluice-virt /usr/share/man/man8/sluice-virt.8.gz \
	"$units/sluice-virt-watch.service" /usr/share/doc/sluice-virt/copyright
e2e_check virt-not-in-sluice "sluice-virt's files are in the sluice package too" \
	eval "! grep -qE 'sluice-virt' '$E2E_DIR/$(basename "$sluice_deb").contents'"

# The config is a conffile (an upgrade keeps the operator's edits); the
# units are installed disabled (the example needs editing first), and a
# removal stops a running switch.
dpkg-deb -e "$sluice_deb" "$E2E_DIR/control"
e2e_check conffile "conffiles: $(cat "$E2E_DIR/control/conffiles" 2>/dev/null)" \
	grep -qx /etc/sluice/sluice.ini "$E2E_DIR/control/conffiles"
e2e_check unit-not-enabled "postinst enables sluice.service on install" \
	eval "grep -q \"deb-systemd-helper debian-installed 'sluice.service'\" '$E2E_DIR/control/postinst' &&
		! grep -q 'was-enabled defaults to true' '$E2E_DIR/control/postinst'"
e2e_check unit-stopped-on-remove "prerm does not stop sluice.service" \
	grep -q "deb-systemd-invoke stop 'sluice.service'" "$E2E_DIR/control/prerm"

# Every Depends is a package of this host (a misspelt DPDK ABI suffix shows
# here), apart from the packages built together.
absent=
for deb in "$sluice_deb" "$virt_deb"; do
	for dep in $(dpkg-deb -f "$deb" Depends | tr ',|' '\n' | sed 's/(.*)//; s/:any//' | tr -d ' '); do
		case $dep in sluice | sluice-virt) continue ;; esac
		dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q 'install ok installed' ||
			absent="$absent $dep"
	done
done
e2e_check depends-installed "Depends not installed here:$absent" test -z "$absent"

# Unpacked, the binaries run against the host's libraries.
root=$E2E_DIR/root
for deb in "$sluice_deb" "$virt_deb"; do
	dpkg-deb -x "$deb" "$root" || e2e_abort "unpack-$(basename "$deb")" "dpkg-deb -x failed"
done
run() { # NAME WANT COMMAND...: exit 0 and WANT in what it prints.
	local name=$1 want=$2
	shift 2
	"$@" >"$E2E_DIR/$name.out" 2>&1
	local rc=$?
	e2e_check "$name" "$* exited $rc or did not print '$want': $(head -c 400 "$E2E_DIR/$name.out")" \
		eval "[ $rc = 0 ] && grep -q -- \"\$want\" '$E2E_DIR/$name.out'"
}
run sluice-help "--config FILE" "$root/usr/bin/sluice" --help
run sluicectl-help "Commands:" "$root/usr/bin/sluicectl" --help
run sluice-hugepages-help "Usage: sluice-hugepages" "$root/usr/bin/sluice-hugepages" --help
run sluice-virt-help "Usage: sluice-virt" "$root/usr/bin/sluice-virt" --help
# The example config is valid; only its runtime directory (systemd makes
# it) and its hugepages (the host's) are this host's business.
mkdir -p "$E2E_DIR/run"
sed -e "s|/run/sluice|$E2E_DIR/run|g" -e 's|^hugepages *=.*|hugepages = none|' \
	"$root/etc/sluice/sluice.ini" >"$E2E_DIR/example.ini"
run example-check "valid: 2 ports, 1 networks" "$root/usr/bin/sluice" --config "$E2E_DIR/example.ini" --check

for page in man8/sluice.8 man8/sluicectl.8 man8/sluice-hugepages.8 man8/sluice-virt.8 man5/sluice.ini.5; do
	run "man-$(basename "$page")" "^NAME" man --warnings -l "$root/usr/share/man/$page.gz"
done
run completion "complete -F _sluicectl sluicectl" \
	bash -c "source '$root/usr/share/bash-completion/completions/sluicectl' && complete -p sluicectl"

# The installed units run what the package installs, with the conffile,
# and verify (binaries and man pages looked up in the unpacked root).
unit_dir=$(dirname "$(find "$root" -name sluice.service | head -1)")
e2e_check unit-paths "sluice.service: $(grep '^ExecStart=' "$unit_dir/sluice.service")" \
	grep -qx 'ExecStart=/usr/bin/sluice --config /etc/sluice/sluice.ini' "$unit_dir/sluice.service"
mkdir -p "$E2E_DIR/units"
for unit in sluice.service sluice-virt-watch.service; do
	sed "s|=/usr/bin/|=$root/usr/bin/|" "$unit_dir/$unit" >"$E2E_DIR/units/$unit"
	MANPATH=$root/usr/share/man SYSTEMD_LOG_LEVEL=notice \
		systemd-analyze verify "$E2E_DIR/units/$unit" >"$E2E_DIR/$unit.verify" 2>&1
	rc=$?
	e2e_check "verify-$unit" "systemd-analyze verify exited $rc: $(head -c 600 "$E2E_DIR/$unit.verify")" \
		test $rc = 0 -a ! -s "$E2E_DIR/$unit.verify"
done

# lintian: no error and no warning (info and pedantic tags are listed).
lintian --fail-on error,warning "$sluice_deb" "$virt_deb" >"$E2E_DIR/lintian.out" 2>"$E2E_DIR/lintian.err"
rc=$?
e2e_check lintian "lintian exited $rc: $(grep -E '^[EW]: ' "$E2E_DIR/lintian.out" | head -5) $(grep -v 'root privileges' "$E2E_DIR/lintian.err" | head -c 300)" \
	test $rc = 0
e2e_log "lintian: $(grep -c '^E: ' "$E2E_DIR/lintian.out") errors, $(grep -c '^W: ' "$E2E_DIR/lintian.out") warnings"
e2e_finish
