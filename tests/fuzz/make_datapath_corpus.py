#!/usr/bin/python3
"""Writes the seeds of fuzz_datapath (tests/fuzz/datapath_corpus/).

    /usr/bin/python3 tests/fuzz/make_datapath_corpus.py

An input is records of [port | 0x80 to poll first][len hi][len lo][segments
- 1 | 0x80 padded] then the frame, or when padded a count byte and that many
bytes the target pads with zeros to len (see fuzz_datapath.c). Ports as in
fuzz_datapath.c: a b (flat bridge), t (trunk of vids 100, 200), va vb (their
untagged members), vm0 (vxlan vni 100, mtu 576, 16 flood VTEPs), vm1 (gre
key 7), u (the underlay: VTEP 198.18.0.1, 02:00:00:00:01:01). The tunnel
frames from u reuse the decap seeds (tests/fuzz/decap_corpus/).
"""
import os

from scapy.all import ARP, GRE, ICMP, IP, TCP, UDP, Dot1Q, Ether, IPv6, Raw, conf
from scapy.layers.vxlan import VXLAN

conf.verb = 0
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'datapath_corpus')
DECAP = os.path.join(HERE, 'decap_corpus')
PORTS = ['a', 'b', 't', 'va', 'vb', 'vm0', 'vm1', 'u']
VTEP_MAC, VTEP_IP = '02:00:00:00:01:01', '198.18.0.1'
REMOTE_MAC, REMOTE_IP = '02:00:00:00:01:02', '198.18.0.2'
A, B, C = '52:54:00:00:00:0a', '52:54:00:00:00:0b', '52:54:00:00:00:0c'
BCAST = 'ff:ff:ff:ff:ff:ff'


def rec(port, frame, poll=True, segments=1, pad_to=None, offload=0):
    """A record; pad_to: only frame (at most 255 bytes) is carried, the
    target pads it with zeros to pad_to bytes. offload: the 4 offload bits
    of fuzz_datapath.c (TSO_TCP4, TSO_TCP6 below)."""
    frame = bytes(frame)
    head = bytes([PORTS.index(port) | offload << 3 | (0x80 if poll else 0)])
    if pad_to:
        return (head + bytes([pad_to >> 8, pad_to & 0xff, 0x80 | (segments - 1), len(frame)]) +
                frame)
    return head + bytes([len(frame) >> 8, len(frame) & 0xff, segments - 1]) + frame


# offload_flags() in fuzz_datapath.c: bits 0-1 the L4 checksum (1: TCP),
# 2 TSO, 3 IPv6; the segment size is the frame length / 4.
TSO_TCP4, TSO_TCP6 = 0x5, 0xd


def tcp_frame(dst, src, size, ipv6=False, vlan=None):
    """One large TCP segment as a guest hands it over with TSO."""
    e = Ether(dst=dst, src=src)
    if vlan:
        e = e / Dot1Q(vlan=vlan)
    l3 = (IPv6(src='2001:db8::1', dst='2001:db8::2') if ipv6 else
          IP(src='198.18.1.1', dst='198.18.1.2', flags='DF'))
    hdr = e / l3 / TCP(sport=40000, dport=5201, flags='A')
    return hdr / Raw(b'\x5a' * (size - len(hdr)))


def ip_frame(dst, src, size, df=False, proto=17):
    return (Ether(dst=dst, src=src) / IP(src='10.0.0.1', dst='10.0.0.2', flags='DF' if df else 0,
                                         proto=proto) / Raw(b'\x5a' * (size - 34)))


def vxlan_from(remote_ip, remote_mac, inner, vni=100):
    return (Ether(dst=VTEP_MAC, src=remote_mac) / IP(src=remote_ip, dst=VTEP_IP) /
            UDP(sport=50000, dport=4789) / VXLAN(flags=0x08, vni=vni) / inner)


def gre_from(remote_ip, inner, key=7):
    return (Ether(dst=VTEP_MAC, src=REMOTE_MAC) / IP(src=remote_ip, dst=VTEP_IP) /
            GRE(key_present=1, key=key, proto=0x6558) / inner)


def arp_request(src_mac, src_ip, dst_ip, vlan=None):
    e = Ether(dst=BCAST, src=src_mac)
    if vlan:
        e = e / Dot1Q(vlan=vlan)
    return e / ARP(op=1, hwsrc=src_mac, psrc=src_ip, pdst=dst_ip)


SEEDS = {
    # flat bridge: flood, learn, then known unicast both ways
    'bridge': [rec('a', ip_frame(B, A, 60)), rec('b', ip_frame(A, B, 60)),
               rec('a', ip_frame(B, A, 1500), poll=False), rec('a', ip_frame(BCAST, A, 64))],
    # a burst of frames without polls between
    'bridge-burst': [rec('a', ip_frame(C, A, 60), poll=False)] * 40,
    # vlan trunk: tagged in, untagged out; a member's frame leaves tagged; unknown vid
    'vlan': [rec('t', Ether(dst=BCAST, src=C) / Dot1Q(vlan=100) / IP() / Raw(b'x' * 40)),
             rec('va', ip_frame(C, A, 60)),
             rec('vb', ip_frame(BCAST, B, 60)),
             rec('t', Ether(dst=A, src=C) / Dot1Q(vlan=300) / IP() / Raw(b'x' * 40)),
             rec('t', Ether(dst=A, src=C) / Dot1Q(vlan=0) / IP() / Raw(b'x' * 40))],
    # a VM's unknown unicast floods to 16 VTEPs; over the network MTU without
    # DF it is fragmented first, with DF it is answered
    'flood': [rec('vm0', ip_frame(C, A, 200))],
    'flood-fragment': [rec('vm0', ip_frame(C, A, 3000))],
    'flood-fragment-jumbo': [rec('vm0', bytes(ip_frame(C, A, 9000))[:64], pad_to=9000)],
    # one burst of jumbo unknown unicast: 17 fragments x 16 VTEPs each, so
    # the underlay's tx buffer fills and flushes many times in one burst
    # (issue 11 finding 1, the PMD's dirty list)
    'flood-fragment-burst': [rec('vm0', bytes(ip_frame(C, A, 9000))[:64], poll=False,
                                 pad_to=9000)] * 16,
    'too-big-df': [rec('vm0', ip_frame(C, A, 2000, df=True))],
    'syn-clamp': [rec('vm0', Ether(dst=C, src=A) / IP(src='10.0.0.1', dst='10.0.0.2') /
                      TCP(flags='S', options=[('MSS', 1460)]))],
    # a remote's MAC learned from VXLAN, then unicast to it
    'vxlan-learn': [rec('u', vxlan_from(REMOTE_IP, REMOTE_MAC, ip_frame(A, C, 60))),
                    rec('vm0', ip_frame(C, A, 60)),
                    rec('vm0', ip_frame(C, A, 3000))],
    # a remote on the link without a neighbour entry: the packet waits for ARP
    'vxlan-unresolved': [rec('u', vxlan_from('198.18.0.77', REMOTE_MAC, ip_frame(A, C, 60))),
                         rec('vm0', ip_frame(C, A, 60)),
                         rec('u', Ether(dst=VTEP_MAC, src='02:00:00:00:01:77') /
                             ARP(op=2, hwsrc='02:00:00:00:01:77', psrc='198.18.0.77',
                                 hwdst=VTEP_MAC, pdst=VTEP_IP))],
    'gre': [rec('u', gre_from(REMOTE_IP, ip_frame(BCAST, C, 60))),
            rec('vm1', ip_frame(C, A, 60)), rec('vm1', ip_frame(BCAST, A, 1600))],
    'arp-vtep': [rec('u', arp_request(REMOTE_MAC, REMOTE_IP, VTEP_IP))],
    # the same ARP request arriving as a two-segment chain
    'arp-vtep-chained': [rec('u', arp_request(REMOTE_MAC, REMOTE_IP, VTEP_IP), segments=2)],
    'chained-flood': [rec('vm0', ip_frame(C, A, 3000), segments=3)],
    # issue 12: guest TSO sends into the tunnels: VXLAN (16 VTEPs, mtu 576),
    # GRE, IPv6 and a guest's VLAN tag inside, a chain; then lies (not TCP,
    # an IP length the frame does not have)
    'tunnel-tso-vxlan': [rec('vm0', tcp_frame(C, A, 9000), offload=TSO_TCP4)],
    'tunnel-tso-vxlan-ipv6': [rec('vm0', tcp_frame(C, A, 6000, ipv6=True), offload=TSO_TCP6)],
    'tunnel-tso-vxlan-vlan': [rec('vm0', tcp_frame(C, A, 6000, vlan=7), offload=TSO_TCP4)],
    'tunnel-tso-gre': [rec('vm1', tcp_frame(C, A, 6000), offload=TSO_TCP4, segments=3),
                       rec('vm1', tcp_frame(C, A, 6000, ipv6=True), offload=TSO_TCP6)],
    'tunnel-tso-lies': [rec('vm0', ip_frame(C, A, 3000), offload=TSO_TCP4),
                        rec('vm0', bytes(tcp_frame(C, A, 3000))[:2000], offload=TSO_TCP4),
                        rec('vm1', tcp_frame(C, A, 3000), offload=TSO_TCP6)],
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, records in SEEDS.items():
        with open(os.path.join(OUT, name + '.bin'), 'wb') as f:
            f.write(b''.join(records))
    # every decap seed, as the underlay receives it
    for name in sorted(os.listdir(DECAP)):
        with open(os.path.join(DECAP, name), 'rb') as f:
            frame = f.read()
        with open(os.path.join(OUT, 'u-' + name), 'wb') as f:
            f.write(rec('u', frame))


if __name__ == '__main__':
    main()
