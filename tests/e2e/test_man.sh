#!/usr/bin/env bash
# The man pages (docs/man, scdoc): each renders with man -l, warning-free,
# with NAME, SYNOPSIS and SEE ALSO; sluice.ini(5) lists every key of the
# schema in its section, and so does docs/config.md; sluicectl(8) names
# every command of 'sluicectl help' and sluice-virt(8) every rule of check;
# meson install puts the pages in man5 and man8. No DPDK process.
# Usage: tests/e2e/test_man.sh BUILD_DIR
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
E2E_NEED_ROOT=0 e2e_init man "${1:-build}" scdoc man groff

man_dir=$E2E_BUILD/docs/man
schema_man=$E2E_BUILD/tools/mangen/schema_man
sluicectl=$E2E_BUILD/tools/sluicectl/sluicectl
virt=$E2E_BUILD/tools/virt/sluice-virt
pages=(sluice.ini.5 sluice.8 sluicectl.8 sluice-hugepages.8 sluice-virt.8)

render() { MANWIDTH=200 man --warnings -l "$man_dir/$1" 2>"$E2E_DIR/$1.warn" | col -b; }

for page in "${pages[@]}"; do
	if [ ! -s "$man_dir/$page" ]; then
		e2e_fail "render-$page" "$man_dir/$page was not built (scdoc missing at meson setup?)"
		continue
	fi
	render "$page" >"$E2E_DIR/$page.txt"
	missing=
	for section in NAME SYNOPSIS 'SEE ALSO'; do
		grep -q "^$section\$" "$E2E_DIR/$page.txt" || missing="$missing '$section'"
	done
	e2e_check "render-$page" "sections missing:${missing:-} warnings: $(head -3 "$E2E_DIR/$page.warn")" \
		test -z "$missing" -a ! -s "$E2E_DIR/$page.warn"
done

# Every key, under its own section's heading in sluice.ini(5).
ini=$E2E_DIR/sluice.ini.5.txt
"$schema_man" --names >"$E2E_DIR/keys" || e2e_abort schema-keys "$schema_man --names failed"
e2e_check schema-keys "schema_man lists $(wc -l <"$E2E_DIR/keys") keys" test "$(wc -l <"$E2E_DIR/keys")" -ge 40
absent=
while read -r section key; do
	# The lines from this section's heading to the next one.
	awk -v h="[$section" 'index($1, h) == 1 { on = 1; next } /^   \[/ { on = 0 } on' "$ini" |
		grep -q "^ *$key = " || absent="$absent [$section] $key"
done <"$E2E_DIR/keys"
e2e_check ini-every-key "not in sluice.ini(5):$absent" test -z "$absent"
absent=
while read -r section key; do
	grep -q "| \`$key\` |" docs/config.md || absent="$absent [$section] $key"
done <"$E2E_DIR/keys"
e2e_check config-md-every-key "not in docs/config.md:$absent" test -z "$absent"

# Every command sluicectl knows, in sluicectl(8).
absent=
while read -r cmd; do
	grep -q "^ *$cmd\b" "$E2E_DIR/sluicectl.8.txt" || absent="$absent '$cmd'"
done < <("$sluicectl" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z ]*[a-z]\)\( [A-Z[].*\|  .*\)$/\1/p' | sed 's/  .*//')
e2e_check sluicectl-every-command "not in sluicectl(8):$absent" test -z "$absent"
e2e_check sluicectl-commands-read "read no command from sluicectl --help" \
	test "$("$sluicectl" --help | sed -n '/^Commands:/,/^$/p' | grep -c '^  [a-z]')" -ge 20

# Every rule of sluice-virt check, in sluice-virt(8).
if [ -x "$virt" ]; then
	absent=
	for rule in $("$virt" --help | sed -n '/^Rules of/,$p' | awk 'NR > 1 { print $1 }'); do
		grep -q "^ *$rule\$" "$E2E_DIR/sluice-virt.8.txt" || absent="$absent $rule"
	done
	e2e_check virt-every-rule "not in sluice-virt(8):$absent" test -z "$absent"
else
	e2e_fail virt-every-rule "$virt is not built (libvirt-dev, libxml2-dev: scripts/install-deps.sh)"
fi

# meson install: the pages land in the standard places.
dest=$E2E_DIR/root
meson install -C "$E2E_BUILD" --no-rebuild --destdir "$dest" >"$E2E_DIR/install.log" 2>&1 ||
	e2e_fail meson-install "$(tail -3 "$E2E_DIR/install.log")"
absent=
for page in "${pages[@]}"; do
	[ -f "$(find "$dest" -path "*/share/man/man${page##*.}/$page" | head -1)" ] || absent="$absent $page"
done
e2e_check install-man "not installed:$absent" test -z "$absent"
e2e_finish
