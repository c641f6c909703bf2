#!/usr/bin/env bash
# sluice-virt against a real libvirtd (qemu:///system; started here when it
# is not running) and TCG guests built by tools/guest/:
#  - attach: a running guest without a NIC gets one on a new sluice port on
#    the VXLAN network (no --mtu: the port reports no MTU, so attach takes
#    the network's, 1450, from network.show and gives it to QEMU as
#    host_mtu; the guest's eth0 says 1450, sluice's port.show says
#    guest_mtu 1450 "fits", checked against that network MTU; 2 queue
#    pairs); the remote pings the guest across VXLAN; the socket directory
#    is made 2770 with QEMU's group;
#  - detach: the NIC leaves the guest and the port leaves sluice;
#  - check on the running domain: the findings its XML deserves, no other;
#  - watch: a domain whose XML has a vhostuser interface (and a
#    <sluice:port network=...> in its metadata) gets its port on a VXLAN
#    network when it starts (QEMU waits for it) and loses it when it stops;
#    the guest pings a Linux VXLAN peer (the kernel's vxlan device in a
#    "remote" namespace); sluice restarts under it, watch adds the port
#    again and the remote pings the guest; libvirtd restarts under it,
#    watch reconnects (saying so once) and still removes the port when the
#    domain stops; a domain whose QEMU dies while libvirtd is down loses its
#    port once watch has reconnected;
#  - check against the live sluice: the watched domain's XML without its
#    host_mtu override is flagged (guest MTU 1500, port vmw has the
#    network's 1450, from network.show).
# Usage: tests/e2e/test_libvirt.sh BUILD_DIR   (as root, under /work/dpdk.lock)
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/lib/e2e.sh
e2e_init libvirt "${1:-build}" qemu-system-x86_64 virsh libvirtd virtlogd ping jq

virt=$(cd "$E2E_BUILD" && pwd)/tools/virt/sluice-virt
sluicectl=$(cd "$E2E_BUILD" && pwd)/tools/sluicectl/sluicectl
[ -x "$virt" ] || e2e_abort setup "$virt is not built (libvirt-dev missing?)"
id libvirt-qemu >/dev/null 2>&1 || e2e_abort setup "no libvirt-qemu user (libvirt-daemon-system, scripts/install-deps.sh)"
guest_dir=$(cd "$E2E_BUILD" && pwd)/guest
e2e_guest_image "$guest_dir"

# QEMU runs as libvirt-qemu: it must reach the console files and sockets here.
chmod 755 "$E2E_DIR"
V() { virsh -q -c qemu:///system "$@"; }

# libvirtd and virtlogd, unless they run already; stopped at the end if ours.
ours_libvirtd=
start_libvirtd() {
	if ! pgrep -x libvirtd >/dev/null; then
		pgrep -x virtlogd >/dev/null || virtlogd -d || return 1
		libvirtd -d || return 1
		ours_libvirtd=1
	fi
	e2e_wait_for 20 "libvirtd answering" V version
}
# Only for a libvirtd this test started (the restarts under watch).
stop_libvirtd() {
	kill "$(cat /run/libvirtd.pid)"
	e2e_wait_for 15 "libvirtd gone" eval '! pgrep -x libvirtd'
}
start_libvirtd || e2e_abort libvirtd "cannot start libvirtd"

ns_phy=$(e2e_ns phy)
ns_rm=$(e2e_ns rm)
for ns in "$ns_phy" "$ns_rm"; do
	e2e_netns_add "$ns" || e2e_abort setup "cannot create namespace $ns"
done
# The VXLAN side: an underlay veth from sluice's namespace to a "remote"
# host at 198.19.0.2 whose kernel vxlan device (VNI 100) is at 198.18.7.2.
e2e_kernel_vtep "$ns_phy" "$ns_rm" || e2e_abort setup "cannot set up the remote VTEP (kernel vxlan)"
ctl=$E2E_DIR/ctl.sock
sockdir=$E2E_DIR/vhost
dom_a=sl$$-attach
dom_w=sl$$-watch
domains=()

cleanup() {
	local rc=$? d
	for d in "${domains[@]}"; do
		V destroy "$d" >/dev/null 2>&1
		V undefine "$d" >/dev/null 2>&1
	done
	if [ -n "$ours_libvirtd" ]; then
		# The daemons we started, by the PIDs they wrote.
		for pidfile in /run/libvirtd.pid /run/virtlogd.pid; do
			[ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
		done
	fi
	e2e_cleanup_all "$rc"
	exit "$rc"
}
trap cleanup EXIT

{
	e2e_config_head "sl$$-sluice"
	cat <<EOT

[network lan]
type = flat

[vtep]
address = 198.19.0.1/24
port = u

[network ov]
type = vxlan
vni = 100
flood = 198.19.0.2

[port u]
type = phy
; the PMD's queue pair and the control thread's (ARP)
devargs = net_af_packet0,iface=sl$$u,qpairs=2
rx-queues = 2

[port phy0]
type = phy
devargs = net_tap0,iface=phy0
network = lan
EOT
} | sed "s|^socket = .*|socket = $ctl|" >"$E2E_DIR/sluice.ini"
e2e_sluice_start s "$E2E_DIR/sluice.ini" "$ns_phy" || e2e_abort sluice-start "sluice did not start"
e2e_addr "$ns_phy" phy0 198.18.0.1/24
ip netns exec "$ns_phy" ethtool -K phy0 tx off >/dev/null 2>&1

# domain_xml NAME IP PEER [DEVICES] [METADATA] [OVERRIDE]: a TCG guest with
# shared memfd RAM booting tools/guest/ (it pings PEER), console in
# $E2E_DIR/NAME.console.
domain_xml() {
	cat <<EOT
<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <memoryBacking><source type='memfd'/><access mode='shared'/></memoryBacking>
  <metadata>${5:-}</metadata>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$guest_dir/vmlinux</kernel>
    <initrd>$guest_dir/initramfs.cpio.gz</initrd>
    <cmdline>console=ttyS0 quiet panic=-1 sluice.ip=$2/24 sluice.peer=$3</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <serial type='file'><source path='$E2E_DIR/$1.console'/><target port='0'/></serial>
    <memballoon model='none'/>
    ${4:-}
  </devices>
  ${6:-}
</domain>
EOT
}
console_has() { grep -q "$2" "$E2E_DIR/$1.console" 2>/dev/null; }
port_exists() { "$sluicectl" -s "$ctl" port show "$1" >/dev/null 2>&1; }

# --- attach / detach on a running guest without a NIC, onto the VXLAN
# network without --mtu: the MTU is the network's (network.show), 1450.
net_mtu=$("$sluicectl" -s "$ctl" --json network show ov | jq -r '.result.networks[0].mtu')
e2e_check network-mtu "network ov has MTU $net_mtu, want 1450 (auto over 1500)" test "$net_mtu" = 1450
domain_xml "$dom_a" 198.18.7.31 198.18.7.2 >"$E2E_DIR/$dom_a.xml"
domains+=("$dom_a")
V create "$E2E_DIR/$dom_a.xml" >/dev/null || e2e_abort attach-boot "virsh create failed"
e2e_wait_for 60 "$dom_a ready" console_has "$dom_a" '^guest: ready' ||
	e2e_abort attach-boot "the guest did not boot: $(tail -3 "$E2E_DIR/$dom_a.console")"
if "$virt" -s "$ctl" -d "$sockdir" attach "$dom_a" --network ov --port vma \
	--queues 2 --mac 52:54:00:12:00:31 --ips 198.18.7.31 >"$E2E_DIR/attach.out" 2>&1; then
	e2e_pass attach
	e2e_log "$(cat "$E2E_DIR/attach.out")"
else
	e2e_abort attach "sluice-virt attach failed: $(cat "$E2E_DIR/attach.out")"
fi
# A vhost port reports no MTU of its own: the 1450 came from network.show
# (if sluice ever reports one, this test no longer covers the fallback).
port_mtu=$("$sluicectl" -s "$ctl" --json port show vma | jq -r '.result.ports[0].mtu')
e2e_check attach-mtu-from-network "attach said '$(cat "$E2E_DIR/attach.out")', port.show mtu $port_mtu; want MTU 1450 with no port MTU" \
	eval 'test "$port_mtu" = null && grep -q "port vma (network ov, MTU 1450)" "$E2E_DIR/attach.out"'
e2e_check attach-port-connected "sluice logged no 'port vma: VM connected'" \
	e2e_wait_for 20 "vma connected" e2e_vm_connected s vma
qemu_group=$(id -gn libvirt-qemu)
e2e_check attach-sockdir-mode "$sockdir is not 2770 group $qemu_group: $(stat -c '%a %G' "$sockdir")" \
	test "$(stat -c '%a %G' "$sockdir")" = "2770 $qemu_group"
e2e_check attach-guest-mtu "the guest's new eth0 is not at MTU 1450: $(grep eth0 "$E2E_DIR/$dom_a.console")" \
	e2e_wait_for 20 "eth0 in the guest" console_has "$dom_a" '^guest: eth0 mtu 1450 '
guest_mtu=$("$sluicectl" -s "$ctl" --json port show vma |
	jq -r '.result.ports[0].vhost | "\(.guest_mtu) \(.guest_mtu_status)"')
e2e_check attach-sluice-sees-mtu "port.show says guest_mtu $guest_mtu, want 1450 fits" \
	test "$guest_mtu" = "1450 fits"
e2e_check attach-ping "the remote cannot ping the attached guest across VXLAN" e2e_ping "$ns_rm" 198.18.7.31
# The port has the NIC's MAC and --ips: port security is on (the ping above
# went through it).
security=$("$sluicectl" -s "$ctl" --json port show vma |
	jq -r '.result.ports[0] | "\(.mac | ascii_downcase) \(.security.enabled) \(.security.ips | join(","))"')
e2e_check attach-port-security "port.show vma says '$security', want '52:54:00:12:00:31 true 198.18.7.31'" \
	test "$security" = "52:54:00:12:00:31 true 198.18.7.31"
max_queues=$("$sluicectl" -s "$ctl" --json port show vma | jq -r '.result.ports[0].vhost.max_queues')
e2e_check attach-queues "port.show says max_queues $max_queues, want 2" test "$max_queues" = 2

# check on the running domain: memfd without hugepages and an unpinned
# guest are what this test domain has; the NIC QEMU got outside libvirt's
# XML is not judged.
"$virt" -s "$ctl" --json check "$dom_a" >"$E2E_DIR/check-live.json" 2>"$E2E_DIR/check-live.err"
rc=$?
rules=$(jq -r '[.findings[].rule] | join(" ")' "$E2E_DIR/check-live.json")
e2e_check check-live "check $dom_a: exit $rc, rules '$rules'; want exit 1, 'hugepages'" \
	test "$rc" = 1 -a "$rules" = hugepages

if "$virt" -s "$ctl" detach "$dom_a" >"$E2E_DIR/detach.out" 2>&1; then
	e2e_pass detach
else
	e2e_fail detach "sluice-virt detach failed: $(cat "$E2E_DIR/detach.out")"
fi
e2e_check detach-port-gone "port vma is still in sluice" eval '! port_exists vma'
e2e_check detach-nic-gone "QEMU still has device sl-vma" \
	eval "! virsh -q -c qemu:///system qemu-monitor-command $dom_a '{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/machine/peripheral\"}}' | grep -q sl-vma"
V destroy "$dom_a" >/dev/null 2>&1

# --- check on defined domains: the bad fixture (every rule broken once)
# as libvirt stores it lists each expected finding and nothing else; the
# good one none. Facts from a file: the NUMA rules need a two-node host.
fixtures=tests/unit/fixtures/virt
# The fixtures are KVM domains, as production defines them; a host without
# /dev/kvm cannot even define one (libvirt refuses type='kvm'), so there
# they become TCG domains. No rule of check looks at the domain type.
domain_type=kvm
[ -c /dev/kvm ] || domain_type=qemu
check_defined() {
	local fixture=$1 name=$2 want_rc=$3 want=$4 rc rules
	sed -e "s|<name>[^<]*</name>|<name>$name</name>|" \
		-e "s|<domain type='kvm'|<domain type='$domain_type'|" \
		"$fixtures/$fixture" >"$E2E_DIR/$name.xml"
	domains+=("$name")
	if ! V define "$E2E_DIR/$name.xml" >"$E2E_DIR/$name.define" 2>&1; then
		e2e_fail "check-$fixture" "virsh define: $(cat "$E2E_DIR/$name.define")"
		return
	fi
	"$virt" -s "$ctl" --json check "$name" --facts "$fixtures/facts.json" >"$E2E_DIR/$name.json"
	rc=$?
	rules=$(jq -r '[.findings[].rule] | join(" ")' "$E2E_DIR/$name.json")
	e2e_check "check-$fixture" "exit $rc, rules '$rules'; want exit $want_rc, '$want'" \
		test "$rc" = "$want_rc" -a "$rules" = "$want"
	V undefine "$name" >/dev/null 2>&1
}
check_defined bad.xml "sl$$-bad" 1 \
	"nic-model offloads hugepages shared-memory reconnect vhost-port mtu numa-cpus numa-memory disk-io"
check_defined good.xml "sl$$-good" 0 ""

# --- sluicectl doctor runs sluice-virt check --all: a defined domain with
# an emulated NIC and private memory is among its findings, named.
doc="sl$$-docbad"
sed -e "s|<name>[^<]*</name>|<name>$doc</name>|" -e "s|<domain type='kvm'|<domain type='$domain_type'|" \
	"$fixtures/bad.xml" >"$E2E_DIR/$doc.xml"
domains+=("$doc")
if V define "$E2E_DIR/$doc.xml" >/dev/null 2>&1; then
	"$sluicectl" -s "$ctl" --json doctor >"$E2E_DIR/doctor.json" 2>"$E2E_DIR/doctor.err"
	rc=$?
	found=$(jq -r --arg d "domain $doc," '[.findings[] | select(.what | startswith($d)) | .check] | join(" ")' \
		"$E2E_DIR/doctor.json" 2>/dev/null)
	e2e_check doctor-guests "doctor exit $rc, findings on $doc: '$found'; $(head -c 300 "$E2E_DIR/doctor.err")" \
		eval '[ "$rc" = 1 ] && [[ " $found " == *" guest-nic-model "* ]] && [[ " $found " == *" guest-shared-memory "* ]]'
	V undefine "$doc" >/dev/null 2>&1
else
	e2e_fail doctor-guests "virsh define $doc failed"
fi

# --- watch: the port appears as the domain starts, goes as it stops
"$virt" -s "$ctl" -d "$sockdir" watch --network lan >"$E2E_DIR/watch.out" 2>&1 &
e2e_track watch $! tool ""
e2e_wait_for 10 "watch following" grep -q '^watch: following' "$E2E_DIR/watch.out" ||
	e2e_abort watch "sluice-virt watch did not start: $(cat "$E2E_DIR/watch.out")"
iface="<interface type='vhostuser'><mac address='52:54:00:12:00:32'/>
      <source type='unix' path='$sockdir/vmw.sock' mode='server'/>
      <model type='virtio'/><alias name='ua-vmw'/></interface>"
# On the VXLAN network "ov" (the metadata says so; watch's default is lan).
meta="<sluice:port xmlns:sluice='urn:sluice:libvirt:1' socket='$sockdir/vmw.sock' network='ov' name='vmw' ips='198.18.7.32'/>"
# TCG: QEMU 7.2 crashes when vhost-user meets MSI-X; the override gives
# the NIC no vectors (and shows the MTU mechanism for a defined domain).
mtu_prop="<qemu:property name='host_mtu' type='unsigned' value='1450'/>"
override="<qemu:override><qemu:device alias='ua-vmw'><qemu:frontend>
      <qemu:property name='vectors' type='unsigned' value='0'/>
      $mtu_prop
    </qemu:frontend></qemu:device></qemu:override>"
domain_xml "$dom_w" 198.18.7.32 198.18.7.2 "$iface" "$meta" "$override" >"$E2E_DIR/$dom_w.xml"
domains+=("$dom_w")
V define "$E2E_DIR/$dom_w.xml" >/dev/null || e2e_abort watch-define "virsh define failed"
if timeout 60 virsh -q -c qemu:///system start "$dom_w" >"$E2E_DIR/start.out" 2>&1; then
	e2e_pass watch-domain-starts
else
	e2e_fail watch-domain-starts "virsh start: $(cat "$E2E_DIR/start.out")"
fi
e2e_check watch-port-added "watch did not add port vmw: $(cat "$E2E_DIR/watch.out")" \
	eval 'port_exists vmw && grep -q "port vmw added" "$E2E_DIR/watch.out"'
e2e_check watch-guest-pings-over-vxlan "the guest's console: $(grep '^guest: ping' "$E2E_DIR/$dom_w.console" 2>/dev/null)" \
	e2e_wait_for 90 "guest ping result" console_has "$dom_w" '^guest: ping 198.18.7.2 ok'
e2e_check watch-guest-mtu "the guest's eth0 is not at MTU 1450" console_has "$dom_w" '^guest: eth0 mtu 1450 '
security=$("$sluicectl" -s "$ctl" --json port show vmw |
	jq -r '.result.ports[0] | "\(.mac | ascii_downcase) \(.security.enabled) \(.security.ips | join(","))"')
e2e_check watch-port-security "port.show vmw says '$security', want the XML's <mac> and ips: '52:54:00:12:00:32 true 198.18.7.32'" \
	test "$security" = "52:54:00:12:00:32 true 198.18.7.32"

# What check learns from the running sluice: vmw's queues are polled by the
# PMD on CPU 1 (node 0). The running domain has a vhostuser NIC, memfd RAM
# and floating vCPUs: hugepages and both NUMA rules, nothing else.
"$virt" -s "$ctl" facts >"$E2E_DIR/facts.json" 2>&1
e2e_check facts-live "sluice-virt facts: $(tr -d '\n ' <"$E2E_DIR/facts.json" | head -c 300)" \
	jq -e '.ports[] | select(.name == "vmw") | .pmd_nodes == [0] and .mode == "client"' "$E2E_DIR/facts.json"
"$virt" -s "$ctl" --json check "$dom_w" >"$E2E_DIR/check-watch.json" 2>"$E2E_DIR/check-watch.err"
rc=$?
rules=$(jq -r '[.findings[].rule] | join(" ")' "$E2E_DIR/check-watch.json")
e2e_check check-live-numa "check $dom_w: exit $rc, rules '$rules'; want 1, 'hugepages numa-cpus numa-memory'" \
	test "$rc" = 1 -a "$rules" = "hugepages numa-cpus numa-memory"
# The same domain without its host_mtu override (the guest would keep
# 1500), checked against the live sluice: port vmw reports no MTU of its
# own, check takes its network's from network.show and flags the mismatch.
domain_xml "$dom_w" 198.18.7.32 198.18.7.2 "$iface" "$meta" \
	"${override/"$mtu_prop"/}" >"$E2E_DIR/no-mtu.xml"
"$virt" -s "$ctl" --json check --xml "$E2E_DIR/no-mtu.xml" >"$E2E_DIR/check-mtu.json" 2>"$E2E_DIR/check-mtu.err"
rc=$?
problem=$(jq -r '.findings[] | select(.rule == "mtu") | .problem' "$E2E_DIR/check-mtu.json")
e2e_check check-live-mtu "check without host_mtu: exit $rc, mtu finding '$problem'" \
	test "$rc" = 1 -a "$problem" = "guest MTU 1500, sluice port vmw (network ov) has MTU 1450: large packets are dropped"

# sluice restarts under the running domain: the new sluice has no vmw (it
# came over the socket), watch adds it again and sluice reconnects.
e2e_stop s TERM
sed "s|^file-prefix = .*|file-prefix = sl$$-sluice2|" "$E2E_DIR/sluice.ini" >"$E2E_DIR/sluice2.ini"
e2e_sluice_start s2 "$E2E_DIR/sluice2.ini" "$ns_phy" || e2e_abort sluice-restart "sluice did not start again"
e2e_addr "$ns_phy" phy0 198.18.0.1/24
ip netns exec "$ns_phy" ethtool -K phy0 tx off >/dev/null 2>&1
e2e_check watch-restart-port-again "watch did not add vmw to the new sluice: $(tail -2 "$E2E_DIR/watch.out")" \
	e2e_wait_for 15 "vmw in the new sluice" port_exists vmw
e2e_check watch-restart-reconnects "the new sluice logged no 'port vmw: VM connected'" \
	e2e_wait_for 20 "vmw connected" e2e_vm_connected s2 vmw
e2e_check watch-restart-traffic "the remote cannot ping the guest across VXLAN after the restart" \
	e2e_ping "$ns_rm" 198.18.7.32 3
down=$(grep -c 'sluice is not answering' "$E2E_DIR/watch.out")
e2e_check watch-sluice-down-once "watch said 'sluice is not answering' $down times while sluice restarted, want at most 1" \
	test "$down" -le 1

# libvirtd restarts under watch (an upgrade, an operator): watch notices the
# closed connection, says so once, reconnects with back-off and resyncs; the
# domain (still running: libvirtd leaves QEMU alone) keeps its port, and its
# stop below still removes the port. Only a libvirtd this test started.
if [ -n "$ours_libvirtd" ]; then
	stop_libvirtd || e2e_abort libvirtd-restart "libvirtd did not stop"
	start_libvirtd || e2e_abort libvirtd-restart "libvirtd did not start again"
	e2e_check watch-libvirtd-reconnects "watch did not reconnect: $(tail -3 "$E2E_DIR/watch.out")" \
		e2e_wait_for 15 "watch reconnected" grep -q '^watch: libvirt connection back' "$E2E_DIR/watch.out"
	lost=$(grep -c 'libvirt connection lost' "$E2E_DIR/watch.out")
	e2e_check watch-libvirtd-lost-once "watch said 'connection lost' $lost times, want 1" test "$lost" = 1
	e2e_check watch-libvirtd-port-kept "port vmw is gone after the libvirtd restart" port_exists vmw
else
	e2e_skip watch-libvirtd-restart "libvirtd was running before the test: not restarting it"
fi
V destroy "$dom_w" >/dev/null
e2e_check watch-port-removed "watch did not remove port vmw: $(tail -2 "$E2E_DIR/watch.out")" \
	e2e_wait_for 10 "port vmw removed" eval '! port_exists vmw'
# A domain that stops while libvirtd is away (its QEMU dies meanwhile):
# libvirtd finds it shut off as it comes back, before or after watch is
# connected again (so the STOPPED event may never reach watch); watch's
# resync after reconnecting, or that event, removes the port.
# QEMU runs daemonized: dead may mean a zombie until init reaps it.
pid_gone() { [ ! -e "/proc/$1" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"; }
if [ -n "$ours_libvirtd" ]; then
	timeout 60 virsh -q -c qemu:///system start "$dom_w" >"$E2E_DIR/start2.out" 2>&1 ||
		e2e_abort watch-start-again "virsh start: $(cat "$E2E_DIR/start2.out")"
	e2e_check watch-port-added-again "watch did not add port vmw: $(tail -2 "$E2E_DIR/watch.out")" \
		e2e_wait_for 10 "port vmw" port_exists vmw
	qemu_pid=$(cat "/run/libvirt/qemu/$dom_w.pid")
	stop_libvirtd || e2e_abort libvirtd-restart "libvirtd did not stop"
	kill "$qemu_pid"
	e2e_wait_for 10 "QEMU gone" pid_gone "$qemu_pid" || e2e_abort watch-qemu-kill "QEMU $qemu_pid did not exit"
	start_libvirtd || e2e_abort libvirtd-restart "libvirtd did not start again"
	e2e_check watch-resync-removes "watch did not remove port vmw of the domain that stopped while libvirtd was away: $(tail -3 "$E2E_DIR/watch.out")" \
		e2e_wait_for 15 "port vmw removed" eval '! port_exists vmw'
	lost=$(grep -c 'libvirt connection lost' "$E2E_DIR/watch.out")
	e2e_check watch-libvirtd-lost-twice "watch said 'connection lost' $lost times after two restarts, want 2" test "$lost" = 2
fi
e2e_log "watch said: $(tr '\n' ';' <"$E2E_DIR/watch.out")"
e2e_stop watch TERM
e2e_check watch-exits-0 "watch exited $E2E_RC on SIGTERM" test "$E2E_RC" = 0
e2e_finish
