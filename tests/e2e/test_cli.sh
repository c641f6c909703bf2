#!/usr/bin/env bash
# The real binary's front door, no DPDK device started: --help, --version,
# usage errors, configs that must be refused (exit 2, "FILE:LINE: key 'x'",
# nothing created), --check on a valid config, and a runtime error (exit 1,
# runtime dir removed).
# Usage: tests/e2e/test_cli.sh BUILD_DIR
# shellcheck disable=SC2016 # the eval strings expand when they run
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
E2E_NEED_ROOT=0 e2e_init cli "${1:-build}"
sluice=$E2E_SLUICE
n=0

# run ARGS...: run sluice, leaving $rc, $out (stdout file) and $err (stderr file).
run() {
	out=$E2E_DIR/out.txt
	err=$E2E_DIR/err.txt
	timeout 30 "$sluice" "$@" >"$out" 2>"$err" </dev/null
	rc=$?
}

# A config that is valid but for what a test changes; $1 is its file prefix.
valid_config() {
	cat <<EOF
[dataplane]
main-core = 0
worker-cores = 1
hugepages = none
file-prefix = $1

[control]
socket = $E2E_DIR/control.sock

[network lan]
type = flat

[port phy0]
type = phy
devargs = net_null0
network = lan

[port vm1]
type = vhost
socket = $E2E_DIR/vm1.sock
mode = server
network = lan
EOF
}

# refused NAME KEY PATTERN EDIT...: apply the sed edits to a valid config,
# expect exit 2, "sluice: FILE:LINE: key 'KEY': ...PATTERN" with LINE the line
# that holds KEY, and no DPDK runtime dir, vhost socket or control socket.
refused() {
	local name=$1 key=$2 pattern=$3 file prefix line why=
	shift 3
	n=$((n + 1))
	prefix=sl$$-cli-$n
	file=$E2E_DIR/$name.ini
	valid_config "$prefix" >"$file"
	for edit in "$@"; do
		sed -i "$edit" "$file"
	done
	line=$(grep -n "^$key *=" "$file" | tail -1 | cut -d: -f1)
	E2E_PREFIXES+=("$prefix")
	run --config "$file"
	if [ "$rc" != 2 ]; then
		why="exit $rc, want 2"
	elif ! grep -q "^sluice: $file:$line: key '$key': .*$pattern" "$err"; then
		why="stderr is '$(head -c 300 "$err")', want 'sluice: $file:$line: key '$key': ...$pattern'"
	elif [ -e "$(e2e_runtime_dir "$prefix")" ]; then
		why="$(e2e_runtime_dir "$prefix") was created"
	elif [ -e "$E2E_DIR/vm1.sock" ] || [ -e "$E2E_DIR/control.sock" ]; then
		why="a vhost or control socket was created"
	fi
	if [ -z "$why" ]; then
		e2e_pass "$name"
	else
		e2e_fail "$name" "$why"
	fi
}

run --help
e2e_check help "exit $rc or no usage on stdout" \
	eval '[ $rc = 0 ] && grep -q "^Usage: sluice --config FILE" "$out" && grep -q -- "--check" "$out"'

run --version
e2e_check version "exit $rc or stdout '$(head -c 100 "$out")'" \
	eval '[ $rc = 0 ] && grep -Eq "^sluice [0-9]+\.[0-9]+" "$out"'

run
e2e_check no-config "exit $rc or stderr '$(head -1 "$err")'" \
	eval '[ $rc = 2 ] && grep -q "^sluice: --config FILE is required" "$err" && grep -q "^Usage:" "$err"'

run --frobnicate
e2e_check unknown-option "exit $rc, want 2 and the usage on stderr" \
	eval '[ $rc = 2 ] && grep -q "^Usage:" "$err"'

run --config "$E2E_DIR/does-not-exist.ini"
e2e_check missing-config-file "exit $rc or stderr '$(head -1 "$err")'" \
	eval '[ $rc = 2 ] && grep -q "does-not-exist.ini: cannot open" "$err"'

refused unknown-key colour "unknown in \[port\]" '/^devargs = net_null0/a colour = blue'
refused unknown-network network "no network 'nosuch' is defined" \
	'/^\[port vm1\]/,$ s/^network = lan$/network = nosuch/'
refused socket-dir-missing socket "directory $E2E_DIR/nowhere does not exist" \
	"s|^socket = $E2E_DIR/vm1.sock|socket = $E2E_DIR/nowhere/vm1.sock|"
refused worker-core-offline worker-cores "CPU 99 is not online" \
	's/^worker-cores = 1$/worker-cores = 99/'
refused bad-number rx-queues "'many' is not a whole number" \
	'/^devargs = net_null0/a rx-queues = many'

# --check on a valid config: exit 0, the EAL arguments, nothing started.
prefix=sl$$-cli-check
E2E_PREFIXES+=("$prefix")
valid_config "$prefix" >"$E2E_DIR/valid.ini"
run --check --config "$E2E_DIR/valid.ini"
e2e_check check-valid "exit $rc or stdout '$(head -c 300 "$out")'" \
	eval '[ $rc = 0 ] && grep -q "valid: 2 ports, 1 networks" "$out" &&
		grep -q "^EAL: -l 0,1 --main-lcore 0 --file-prefix $prefix .*--no-huge" "$out"'
e2e_check check-touches-nothing "--check created a runtime dir or a socket" \
	eval '[ ! -e "$(e2e_runtime_dir "$prefix")" ] && [ ! -e "$E2E_DIR/vm1.sock" ] &&
		[ ! -e "$E2E_DIR/control.sock" ]'

# A config that is valid but cannot start: exit 1, clear message, no runtime
# dir left (EAL did start here, so this needs root for the default paths).
prefix=sl$$-cli-runtime
E2E_PREFIXES+=("$prefix")
valid_config "$prefix" | sed 's/^devargs = net_null0/devargs = net_nosuchdriver0/' >"$E2E_DIR/nodev.ini"
run --config "$E2E_DIR/nodev.ini"
e2e_check runtime-error "exit $rc or stderr without 'cannot probe device'" \
	eval '[ $rc = 1 ] && grep -q "^sluice: port .phy0.: cannot probe device .net_nosuchdriver0." "$err"'
e2e_check runtime-error-cleans-up "runtime dir of $prefix or a socket left behind" \
	eval 'e2e_check_no_runtime "$prefix" && [ ! -e "$E2E_DIR/vm1.sock" ] && [ ! -e "$E2E_DIR/control.sock" ]'

[ "$E2E_FAILED" -gt 0 ] && e2e_dump_logs
e2e_finish
