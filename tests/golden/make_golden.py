#!/usr/bin/python3
"""Builds the overlay golden data with scapy and writes it as C arrays.

    /usr/bin/python3 tests/golden/make_golden.py

writes tests/golden/tunnel_golden.h (checked in, so the unit tests need no
scapy) and the fuzz seeds in tests/fuzz/decap_corpus/. Every expected byte
comes from scapy, never from sluice: encap output is compared with scapy's
Ether()/IP()/UDP()/VXLAN() and Ether()/IP()/GRE() of the same parameters,
decap inputs are scapy-built frames, ARP frames are scapy's ARP().
"""
import os
import sys

from scapy.all import (ARP, GRE, ICMP, IP, TCP, UDP, Dot1Q, Ether, IPOption_Router_Alert,
                       IPv6, Padding, Raw, conf)
from scapy.layers.vxlan import VXLAN
import scapy

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HEADER = os.path.join(HERE, 'tunnel_golden.h')
CORPUS = os.path.join(ROOT, 'tests', 'fuzz', 'decap_corpus')

LOCAL_IP = '198.18.0.1'
REMOTE_IP = '198.18.0.2'
LOCAL_MAC = '02:00:00:00:01:01'
REMOTE_MAC = '02:00:00:00:01:02'
BROADCAST = 'ff:ff:ff:ff:ff:ff'
VM1_MAC = '52:54:00:00:00:01'
VM2_MAC = '52:54:00:00:00:02'

conf.verb = 0

# The inner frame every encap and decap case carries: one ICMP echo between VMs.
INNER = bytes(Ether(src=VM1_MAC, dst=VM2_MAC) / IP(src='10.0.0.1', dst='10.0.0.2', id=7) /
              ICMP(id=1, seq=1) / b'sluice ping')
INNER_LARGE = bytes(Ether(src=VM1_MAC, dst=VM2_MAC) / IP(src='10.0.0.1', dst='10.0.0.2', id=8) /
                    ICMP(id=1, seq=2) / (b'x' * (1450 - 14 - 20 - 8)))


# --- C output helpers -------------------------------------------------------

def c_bytes(data):
    lines = []
    for i in range(0, len(data), 12):
        lines.append('\t' + ' '.join('0x%02x,' % b for b in data[i:i + 12]))
    return '\n'.join(lines) if lines else '\t0'


def c_mac(mac):
    return '{' + ', '.join('0x' + x for x in mac.split(':')) + '}'


def c_ip(ip):
    return '{' + ', '.join(ip.split('.')) + '}'


def c_ident(name):
    return name.replace('-', '_')


class Header:
    def __init__(self):
        self.arrays = []
        self.tables = []

    def array(self, prefix, name, data):
        ident = 'golden_%s_%s' % (prefix, c_ident(name))
        self.arrays.append('GOLDEN uint8_t %s[%d] = {\n%s\n};\n' % (ident, max(len(data), 1),
                                                                    c_bytes(data)))
        return ident

    def table(self, struct, ident, rows):
        body = ''.join('\t{%s},\n' % ', '.join(r) for r in rows)
        self.tables.append('GOLDEN struct %s %s[] = {\n%s};\n#define %s_COUNT %d\n' %
                           (struct, ident, body, ident.upper(), len(rows)))


# --- outer frames -----------------------------------------------------------

def outer(vlan=None, prio=0, **ip):
    fields = dict(src=REMOTE_IP, dst=LOCAL_IP, flags='DF', ttl=64, id=0)
    fields.update(ip)
    frame = Ether(src=REMOTE_MAC, dst=LOCAL_MAC)
    if vlan is not None:
        frame = frame / Dot1Q(vlan=vlan, prio=prio)
    return frame / IP(**fields)


def vxlan(vni=100, dport=4789, udp=None, inner=INNER, **ip):
    u = dict(sport=50000, dport=dport, chksum=0)
    u.update(udp or {})
    return outer(**ip) / UDP(**u) / VXLAN(flags=0x08, vni=vni) / inner


def vxlan_raw(header, inner=INNER, **ip):
    """A VXLAN header given as raw bytes, for the flags scapy would rewrite."""
    return outer(**ip) / UDP(sport=50000, dport=4789, chksum=0) / Raw(header) / inner


def gre(key=0xdeadbeef, inner=INNER, gre_fields=None, **ip):
    g = dict(key_present=1, key=key, proto=0x6558)
    g.update(gre_fields or {})
    return outer(**ip) / GRE(**g) / inner


# --- encap: our header + INNER must equal scapy's whole frame -----------------

def encap_cases(h):
    cases = [
        # name, gre, vlan, ttl, df, ip_id, id (vni/key), dport, sport, inner
        ('vxlan-df', False, 0, 64, True, 0, 100, 4789, 50000, INNER),
        ('vxlan-df-vlan', False, 42, 64, True, 0, 100, 4789, 50000, INNER),
        ('vxlan-no-df', False, 0, 3, False, 0x1234, 0xabcdef, 4789, 65535, INNER),
        ('vxlan-port-8472-vlan-4094', False, 4094, 1, True, 0, 0xffffff, 8472, 49152, INNER),
        ('vxlan-large', False, 0, 64, True, 0, 1, 4789, 61234, INNER_LARGE),
        ('gre-df', True, 0, 64, True, 0, 0xdeadbeef, 0, 0, INNER),
        ('gre-no-df-vlan', True, 100, 255, False, 0xbeef, 0, 0, 0, INNER),
        ('gre-large', True, 0, 64, True, 0, 0xffffffff, 0, 0, INNER_LARGE),
    ]
    rows = []
    for name, is_gre, vlan, ttl, df, ip_id, ident, dport, sport, inner in cases:
        frame = Ether(src=LOCAL_MAC, dst=REMOTE_MAC)
        if vlan:
            frame = frame / Dot1Q(vlan=vlan)
        ip = IP(src=LOCAL_IP, dst=REMOTE_IP, ttl=ttl, flags='DF' if df else 0,
                id=0 if df else ip_id, tos=0)
        if is_gre:
            frame = frame / ip / GRE(key_present=1, key=ident, proto=0x6558) / inner
        else:
            frame = (frame / ip / UDP(sport=sport, dport=dport, chksum=0) /
                     VXLAN(flags=0x08, vni=ident) / inner)
        expected = bytes(frame)
        assert expected.endswith(inner)
        inner_ident = h.array('encap_inner', name, inner)
        exp_ident = h.array('encap_expected', name, expected)
        rows.append(['"%s"' % name, 'true' if is_gre else 'false', c_mac(LOCAL_MAC),
                     c_mac(REMOTE_MAC), str(vlan), c_ip(LOCAL_IP), c_ip(REMOTE_IP), str(ttl),
                     'true' if df else 'false', '0x%x' % ip_id, '0x%x' % ident, str(dport),
                     str(sport), inner_ident, str(len(inner)), exp_ident, str(len(expected))])
    h.table('golden_encap', 'golden_encaps', rows)


# --- decap: scapy frames and what parsing them must say ------------------------

def decap_cases():
    """(name, frame bytes, vxlan_port, expect, gre, id, vlan, ttl, inner_offset, inner_len)
    expect: "ok", "not-tunnel" or a drop reason's name from dataplane/drops.c."""
    n = len(INNER)
    v = bytes(vxlan())
    ok = [
        ('vxlan', v, 4789, 'ok', False, 100, 0, 64, 50, n),
        ('vxlan-vlan', bytes(vxlan(vlan=42)), 4789, 'ok', False, 100, 42, 64, 54, n),
        ('vxlan-priority-tag', bytes(vxlan(vlan=0, prio=5)), 4789, 'ok', False, 100, 0, 64, 54, n),
        ('vxlan-vni-max', bytes(vxlan(vni=0xffffff, ttl=1)), 4789, 'ok', False, 0xffffff, 0, 1,
         50, n),
        ('vxlan-vni-zero', bytes(vxlan(vni=0)), 4789, 'ok', False, 0, 0, 64, 50, n),
        ('vxlan-no-df', bytes(vxlan(flags=0, id=99)), 4789, 'ok', False, 100, 0, 64, 50, n),
        ('vxlan-udp-checksum', bytes(vxlan(udp={'chksum': None})), 4789, 'ok', False, 100, 0,
         64, 50, n),
        ('vxlan-ethernet-padding', bytes(vxlan(inner=Ether(src=VM1_MAC, dst=VM2_MAC, type=0x88b5)) /
                                         Padding(b'\0' * 10)), 4789, 'ok', False, 100, 0, 64,
         50, 14),
        ('vxlan-udp-shorter-than-ip', bytes(vxlan(udp={'len': 8 + 8 + 14})), 4789, 'ok', False,
         100, 0, 64, 50, 14),
        ('vxlan-port-8472', bytes(vxlan(dport=8472)), 8472, 'ok', False, 100, 0, 64, 50, n),
        ('vxlan-large', bytes(vxlan(inner=INNER_LARGE)), 4789, 'ok', False, 100, 0, 64, 50,
         len(INNER_LARGE)),
        ('gre', bytes(gre()), 4789, 'ok', True, 0xdeadbeef, 0, 64, 42, n),
        ('gre-vlan', bytes(gre(vlan=4094, key=7)), 4789, 'ok', True, 7, 4094, 64, 46, n),
        ('gre-key-zero', bytes(gre(key=0)), 4789, 'ok', True, 0, 0, 64, 42, n),
        # RFC 2784: bits 6-12 are reserved and ignored on receipt.
        ('gre-reserved-bits-ignored', bytes(gre(gre_fields={'recursion_control': 3,
                                                            'flags': 0x1f})), 4789, 'ok',
         True, 0xdeadbeef, 0, 64, 42, n),
    ]
    not_tunnel = [
        ('udp-other-port', bytes(vxlan(dport=4790)), 4789),
        ('vxlan-4789-on-8472', v, 8472),
        ('not-to-us', bytes(vxlan(dst='198.18.0.9')), 4789),
        ('not-to-us-bad-version', bytes(vxlan(dst='198.18.0.9', version=6)), 4789),
        ('not-to-us-fragment', bytes(vxlan(dst='198.18.0.9', flags='MF')), 4789),
        ('arp', bytes(Ether(src=REMOTE_MAC, dst=BROADCAST) /
                      ARP(hwsrc=REMOTE_MAC, psrc=REMOTE_IP, pdst=LOCAL_IP)), 4789),
        ('ipv6', bytes(Ether(src=REMOTE_MAC, dst=LOCAL_MAC) / IPv6() / UDP(dport=4789)), 4789),
        ('icmp-to-us', bytes(outer() / ICMP()), 4789),
        ('icmp-to-us-with-options', bytes(outer(options=[IPOption_Router_Alert()]) / ICMP()),
         4789),
        ('tcp-to-us', bytes(outer() / TCP(dport=4789)), 4789),
        ('vlan-4095', bytes(vxlan(vlan=4095)), 4789),
        ('qinq', bytes(Ether(src=REMOTE_MAC, dst=LOCAL_MAC, type=0x88a8) / Dot1Q(vlan=5) /
                       IP(src=REMOTE_IP, dst=LOCAL_IP) / UDP(dport=4789)), 4789),
    ]
    eth_hdr = bytes(Ether(src=REMOTE_MAC, dst=LOCAL_MAC, type=0x0800))
    drop = [
        ('ether-truncated', v[:10], 'tunnel-truncated'),
        ('vlan-truncated', bytes(Ether(src=REMOTE_MAC, dst=LOCAL_MAC, type=0x8100)) + b'\x00\x2a',
         'tunnel-truncated'),
        ('ipv4-header-truncated', v[:14 + 19], 'tunnel-truncated'),
        ('ipv4-total-length-beyond-frame', bytes(vxlan(len=400)), 'tunnel-truncated'),
        ('udp-truncated', bytes(outer(proto=17) / Raw(b'\xc3\x50\x12\xb5')), 'tunnel-truncated'),
        ('udp-truncated-padded', bytes(outer(proto=17) / Raw(b'\xc3\x50\x12\xb5') /
                                       Padding(b'\x00\x18\x00\x00' + b'\0' * 14)),
         'tunnel-truncated'),
        ('udp-length-beyond-ip', bytes(vxlan(udp={'len': 200})), 'tunnel-truncated'),
        ('udp-length-under-header', bytes(vxlan(udp={'len': 4})), 'tunnel-truncated'),
        ('vxlan-truncated', bytes(outer() / UDP(sport=50000, dport=4789, chksum=0) /
                                  Raw(b'\x08\x00\x00\x00')), 'tunnel-truncated'),
        ('vxlan-inner-truncated', bytes(vxlan(inner=INNER[:13])), 'tunnel-truncated'),
        ('vxlan-inner-empty', bytes(vxlan(inner=b'')), 'tunnel-truncated'),
        ('gre-truncated', bytes(outer(proto=47) / Raw(b'\x20\x00')), 'tunnel-truncated'),
        ('gre-key-truncated', bytes(outer(proto=47) / Raw(b'\x20\x00\x65\x58\x00\x00')),
         'tunnel-truncated'),
        ('gre-inner-truncated', bytes(gre(inner=INNER[:6])), 'tunnel-truncated'),
        ('ipv4-version-6', bytes(vxlan(version=6)), 'tunnel-bad-ipv4'),
        ('ipv4-ihl-4', bytes(vxlan(ihl=4)), 'tunnel-bad-ipv4'),
        ('ipv4-bad-checksum', bytes(vxlan(chksum=0x1234)), 'tunnel-bad-ipv4'),
        ('ipv4-total-length-under-header', bytes(vxlan(len=19)), 'tunnel-bad-ipv4'),
        ('ipv4-options', bytes(vxlan(options=[IPOption_Router_Alert()])), 'tunnel-ip-options'),
        ('gre-ipv4-options', bytes(gre(options=[IPOption_Router_Alert()])), 'tunnel-ip-options'),
        ('fragment-first', bytes(vxlan(flags='MF')), 'tunnel-fragment'),
        ('fragment-later', bytes(vxlan(flags=0, frag=185)), 'tunnel-fragment'),
        ('fragment-last', bytes(outer(flags=0, frag=1, proto=17) / Raw(INNER)),
         'tunnel-fragment'),
        ('gre-fragment', bytes(gre(flags='MF')), 'tunnel-fragment'),
        ('ttl-zero', bytes(vxlan(ttl=0)), 'tunnel-ttl-expired'),
        ('gre-ttl-zero', bytes(gre(ttl=0)), 'tunnel-ttl-expired'),
        ('from-self', bytes(vxlan(src=LOCAL_IP)), 'tunnel-from-self'),
        ('gre-from-self', bytes(gre(src=LOCAL_IP)), 'tunnel-from-self'),
        ('source-zero', bytes(vxlan(src='0.0.0.0')), 'tunnel-bad-source'),
        ('source-loopback', bytes(vxlan(src='127.0.0.1')), 'tunnel-bad-source'),
        ('source-multicast', bytes(vxlan(src='224.0.0.5')), 'tunnel-bad-source'),
        ('source-broadcast', bytes(vxlan(src='255.255.255.255')), 'tunnel-bad-source'),
        ('vxlan-i-clear', bytes(vxlan_raw(b'\x00\x00\x00\x00\x00\x00\x64\x00')),
         'vxlan-bad-flags'),
        ('vxlan-reserved-flag', bytes(vxlan_raw(b'\x0c\x00\x00\x03\x00\x00\x64\x00')),
         'vxlan-bad-flags'),
        ('vxlan-gbp-flag', bytes(vxlan_raw(b'\x88\x00\x00\x00\x00\x00\x64\x00')),
         'vxlan-bad-flags'),
        ('vxlan-reserved1', bytes(vxlan_raw(b'\x08\x00\x01\x00\x00\x00\x64\x00')),
         'vxlan-bad-flags'),
        ('vxlan-reserved2', bytes(vxlan_raw(b'\x08\x00\x00\x00\x00\x00\x64\x01')),
         'vxlan-bad-flags'),
        ('gre-checksum', bytes(gre(gre_fields={'chksum_present': 1})), 'gre-bad-flags'),
        ('gre-routing', bytes(gre(gre_fields={'routing_present': 1})), 'gre-bad-flags'),
        ('gre-sequence', bytes(gre(gre_fields={'seqnum_present': 1, 'sequence_number': 1})),
         'gre-bad-flags'),
        ('gre-strict-route', bytes(gre(gre_fields={'strict_route_source': 1})), 'gre-bad-flags'),
        ('gre-recursion', bytes(gre(gre_fields={'recursion_control': 4})), 'gre-bad-flags'),
        ('gre-version-1', bytes(gre(gre_fields={'version': 1})), 'gre-bad-flags'),
        ('gre-no-key', bytes(outer() / GRE(proto=0x6558) / INNER), 'gre-no-key'),
        ('gre-ipv4-payload', bytes(gre(gre_fields={'proto': 0x0800})), 'gre-bad-protocol'),
    ]
    rows = list(ok)
    rows += [(nm, f, port, 'not-tunnel', False, 0, 0, 0, 0, 0) for nm, f, port in not_tunnel]
    rows += [(nm, f, 4789, why, False, 0, 0, 0, 0, 0) for nm, f, why in drop]
    # The cases must not lean on Ethernet header bytes we did not mean.
    assert eth_hdr == v[:14]
    return rows


def emit_decap(h, rows):
    out = []
    for name, frame, port, expect, is_gre, ident, vlan, ttl, off, inner_len in rows:
        ident_c = h.array('decap', name, frame)
        out.append(['"%s"' % name, ident_c, str(len(frame)), str(port), '"%s"' % expect,
                    'true' if is_gre else 'false', '0x%x' % ident, str(vlan), str(ttl),
                    c_ip(REMOTE_IP), str(off), str(inner_len)])
    h.table('golden_decap', 'golden_decaps', out)


# --- ARP ---------------------------------------------------------------------

def arp_request_from_remote(vlan=None, psrc=REMOTE_IP, **arp):
    frame = Ether(src=REMOTE_MAC, dst=BROADCAST)
    if vlan is not None:
        frame = frame / Dot1Q(vlan=vlan)
    fields = dict(op=1, hwsrc=REMOTE_MAC, psrc=psrc, hwdst='00:00:00:00:00:00', pdst=LOCAL_IP)
    fields.update(arp)
    return frame / ARP(**fields)


def patch(frame, offset, data):
    raw = bytes(frame)
    return raw[:offset] + data + raw[offset + len(data):]


def arp_cases(h):
    parse = [
        # name, frame, expect, op, vlan, sender_mac, sender_ip, target_mac, target_ip
        ('request', arp_request_from_remote(), 'ok', 1, 0, REMOTE_MAC, REMOTE_IP,
         '00:00:00:00:00:00', LOCAL_IP),
        ('request-vlan', arp_request_from_remote(vlan=42), 'ok', 1, 42, REMOTE_MAC, REMOTE_IP,
         '00:00:00:00:00:00', LOCAL_IP),
        ('request-padded', arp_request_from_remote() / Padding(b'\0' * 18), 'ok', 1, 0,
         REMOTE_MAC, REMOTE_IP, '00:00:00:00:00:00', LOCAL_IP),
        ('probe', arp_request_from_remote(psrc='0.0.0.0'), 'ok', 1, 0, REMOTE_MAC, '0.0.0.0',
         '00:00:00:00:00:00', LOCAL_IP),
        ('gratuitous', arp_request_from_remote(pdst=REMOTE_IP), 'ok', 1, 0, REMOTE_MAC,
         REMOTE_IP, '00:00:00:00:00:00', REMOTE_IP),
        ('reply', Ether(src=REMOTE_MAC, dst=LOCAL_MAC) /
         ARP(op=2, hwsrc=REMOTE_MAC, psrc=REMOTE_IP, hwdst=LOCAL_MAC, pdst=LOCAL_IP), 'ok', 2,
         0, REMOTE_MAC, REMOTE_IP, LOCAL_MAC, LOCAL_IP),
        ('truncated', bytes(arp_request_from_remote())[:41], 'arp-malformed'),
        ('vlan-truncated', bytes(arp_request_from_remote(vlan=42))[:45], 'arp-malformed'),
        # scapy reshapes the address fields to the lengths and types: patch
        # the header bytes of a good request instead (ARP starts at 14).
        ('hw-type-6', patch(arp_request_from_remote(), 14, b'\x00\x06'), 'arp-malformed'),
        ('proto-ipv6', patch(arp_request_from_remote(), 16, b'\x86\xdd'), 'arp-malformed'),
        ('hw-len-8', patch(arp_request_from_remote(), 18, b'\x08'), 'arp-malformed'),
        ('proto-len-16', patch(arp_request_from_remote(), 19, b'\x10'), 'arp-malformed'),
        ('op-rarp', arp_request_from_remote(op=3), 'arp-malformed'),
        ('op-zero', arp_request_from_remote(op=0), 'arp-malformed'),
        ('sender-multicast', arp_request_from_remote(hwsrc='01:00:5e:00:00:01'),
         'arp-malformed'),
        ('sender-zero', arp_request_from_remote(hwsrc='00:00:00:00:00:00'), 'arp-malformed'),
        ('not-arp', bytes(vxlan()), 'not-arp'),
        ('vlan-4095', arp_request_from_remote(vlan=4095), 'not-arp'),
        ('runt', bytes(arp_request_from_remote())[:12], 'not-arp'),
    ]
    rows = []
    for case in parse:
        name, frame, expect = case[0], bytes(case[1]), case[2]
        op, vlan, smac, sip, tmac, tip = case[3:] if len(case) > 3 else (
            0, 0, '00:00:00:00:00:00', '0.0.0.0', '00:00:00:00:00:00', '0.0.0.0')
        ident = h.array('arp', name, frame)
        rows.append(['"%s"' % name, ident, str(len(frame)), '"%s"' % expect, str(op), str(vlan),
                     c_mac(smac), c_ip(sip), c_mac(tmac), c_ip(tip)])
    h.table('golden_arp_parse', 'golden_arp_parses', rows)

    # Requests we build: broadcast or unicast, with or without VLAN.
    requests = [('broadcast', 0, None, REMOTE_IP), ('broadcast-vlan', 42, None, REMOTE_IP),
                ('unicast-refresh', 0, REMOTE_MAC, REMOTE_IP),
                ('gateway-vlan-4094', 4094, None, '198.18.0.254')]
    rows = []
    for name, vlan, dst, target in requests:
        frame = Ether(src=LOCAL_MAC, dst=dst or BROADCAST)
        if vlan:
            frame = frame / Dot1Q(vlan=vlan)
        frame = frame / ARP(op=1, hwsrc=LOCAL_MAC, psrc=LOCAL_IP, hwdst='00:00:00:00:00:00',
                            pdst=target)
        expected = bytes(frame)
        ident = h.array('arp_request', name, expected)
        rows.append(['"%s"' % name, str(vlan), c_mac(dst or BROADCAST), 'true' if dst else 'false',
                     c_ip(target), ident, str(len(expected))])
    h.table('golden_arp_request', 'golden_arp_requests', rows)

    # Replies we build to scapy requests.
    replies = [('reply', None, REMOTE_IP), ('reply-vlan', 42, REMOTE_IP),
               ('reply-to-probe', None, '0.0.0.0')]
    rows = []
    for name, vlan, psrc in replies:
        request = bytes(arp_request_from_remote(vlan=vlan, psrc=psrc))
        frame = Ether(src=LOCAL_MAC, dst=REMOTE_MAC)
        if vlan is not None:
            frame = frame / Dot1Q(vlan=vlan)
        frame = frame / ARP(op=2, hwsrc=LOCAL_MAC, psrc=LOCAL_IP, hwdst=REMOTE_MAC, pdst=psrc)
        expected = bytes(frame)
        req_ident = h.array('arp_reply_request', name, request)
        exp_ident = h.array('arp_reply_expected', name, expected)
        rows.append(['"%s"' % name, req_ident, str(len(request)), exp_ident, str(len(expected))])
    h.table('golden_arp_reply', 'golden_arp_replies', rows)
    return parse


# --- the VXLAN source port: the same flow, different packets -----------------

def flow_cases(h):
    e = Ether(src=VM1_MAC, dst=VM2_MAC)
    v4 = dict(src='10.0.0.1', dst='10.0.0.2')
    v6 = dict(src='fd00::1', dst='fd00::2')
    same = [
        ('tcp4', e / IP(id=1, **v4) / TCP(sport=40000, dport=80, flags='S'),
         e / IP(id=2, ttl=3, **v4) / TCP(sport=40000, dport=80, flags='A', seq=9) / b'data'),
        ('udp4', e / IP(**v4) / UDP(sport=5353, dport=53) / b'a',
         e / IP(tos=0x10, **v4) / UDP(sport=5353, dport=53) / (b'b' * 200)),
        ('icmp4', e / IP(**v4) / ICMP(seq=1), e / IP(**v4) / ICMP(seq=2) / b'payload'),
        ('tcp6', e / IPv6(**v6) / TCP(sport=40000, dport=443),
         e / IPv6(hlim=1, **v6) / TCP(sport=40000, dport=443, flags='PA') / b'x'),
        ('vlan-tcp4', e / Dot1Q(vlan=7) / IP(**v4) / TCP(sport=1, dport=2),
         e / Dot1Q(vlan=7, prio=3) / IP(**v4) / TCP(sport=1, dport=2) / b'more'),
        # Every fragment of one packet takes the same path: fragments hash without ports.
        ('fragments4', e / IP(id=5, flags='MF', proto=17, **v4) / UDP(sport=7, dport=8) /
         (b'f' * 64), e / IP(id=5, frag=9, proto=17, **v4) / (b'g' * 40)),
        ('arp', e / ARP(psrc='10.0.0.1', pdst='10.0.0.2'),
         e / ARP(psrc='10.0.0.9', pdst='10.0.0.8', op=2)),
    ]
    rows = []
    for name, a, b in same:
        ia = h.array('flow_a', name, bytes(a))
        ib = h.array('flow_b', name, bytes(b))
        rows.append(['"%s"' % name, ia, str(len(bytes(a))), ib, str(len(bytes(b)))])
    h.table('golden_flow_pair', 'golden_flow_pairs', rows)

    # 64 TCP flows that differ only in their source port, for the spread.
    rows = []
    for i in range(64):
        frame = bytes(e / IP(**v4) / TCP(sport=32768 + i, dport=80))
        rows.append(['"tcp-%d"' % i, h.array('flow_spread', str(i), frame), str(len(frame))])
    h.table('golden_flow', 'golden_flows', rows)


PREAMBLE = '''/* Generated by tests/golden/make_golden.py with scapy %s; do not edit.
 * Every expected byte here comes from scapy, never from sluice. */
#ifndef SLUICE_TUNNEL_GOLDEN_H
#define SLUICE_TUNNEL_GOLDEN_H

#include <stdbool.h>
#include <stdint.h>

#define GOLDEN static const __attribute__((unused))

GOLDEN uint8_t golden_local_ip[4] = %s;
GOLDEN uint8_t golden_remote_ip[4] = %s;
GOLDEN uint8_t golden_local_mac[6] = %s;
GOLDEN uint8_t golden_remote_mac[6] = %s;

/* Our header followed by inner must equal expected. */
struct golden_encap {
	const char *name;
	bool gre;
	uint8_t src_mac[6], dst_mac[6];
	uint16_t vlan;
	uint8_t src_ip[4], dst_ip[4];
	uint8_t ttl;
	bool df;
	uint16_t ip_id;
	uint32_t id; /* VNI or key */
	uint16_t udp_dst_port, udp_src_port;
	const uint8_t *inner;
	uint32_t inner_len;
	const uint8_t *expected;
	uint32_t expected_len;
};

/* tunnel_decap_parse(frame, len, golden_local_ip, vxlan_port) must say expect:
 * "ok", "not-tunnel" or a drop reason's name; the rest is checked on "ok". */
struct golden_decap {
	const char *name;
	const uint8_t *frame;
	uint32_t len;
	uint16_t vxlan_port;
	const char *expect;
	bool gre;
	uint32_t id;
	uint16_t vlan;
	uint8_t ttl;
	uint8_t src_ip[4];
	uint16_t inner_offset, inner_len;
};

/* arp_parse(frame, len) must say expect: "ok", "not-arp" or a drop reason. */
struct golden_arp_parse {
	const char *name;
	const uint8_t *frame;
	uint32_t len;
	const char *expect;
	uint16_t op, vlan;
	uint8_t sender_mac[6], sender_ip[4], target_mac[6], target_ip[4];
};

/* arp_request_write(golden_local_mac, golden_local_ip, target_ip, unicast ?
 * dst_mac : NULL, vlan) must equal expected. */
struct golden_arp_request {
	const char *name;
	uint16_t vlan;
	uint8_t dst_mac[6];
	bool unicast;
	uint8_t target_ip[4];
	const uint8_t *expected;
	uint32_t expected_len;
};

/* arp_reply_write() to the parsed request must equal expected. */
struct golden_arp_reply {
	const char *name;
	const uint8_t *request;
	uint32_t request_len;
	const uint8_t *expected;
	uint32_t expected_len;
};

/* Two packets of one flow: the same VXLAN source port. */
struct golden_flow_pair {
	const char *name;
	const uint8_t *a;
	uint32_t a_len;
	const uint8_t *b;
	uint32_t b_len;
};

struct golden_flow {
	const char *name;
	const uint8_t *frame;
	uint32_t len;
};

'''


def main():
    h = Header()
    encap_cases(h)
    decap = decap_cases()
    emit_decap(h, decap)
    arp = arp_cases(h)
    flow_cases(h)
    with open(HEADER, 'w') as f:
        f.write(PREAMBLE % (scapy.VERSION, c_ip(LOCAL_IP), c_ip(REMOTE_IP), c_mac(LOCAL_MAC),
                            c_mac(REMOTE_MAC)))
        f.write('\n'.join(h.arrays))
        f.write('\n')
        f.write('\n'.join(h.tables))
        f.write('\n#endif\n')

    # Fuzz seeds: a few of each kind, good and bad.
    seeds = {name: frame for name, frame, *_ in decap}
    arp_frames = {case[0]: bytes(case[1]) for case in arp}
    # Only our seeds are rewritten: crash inputs a fuzzing run found stay.
    os.makedirs(CORPUS, exist_ok=True)
    picks = ['vxlan', 'vxlan-vlan', 'vxlan-ethernet-padding', 'gre', 'gre-vlan',
             'ipv4-options', 'fragment-first', 'vxlan-reserved-flag', 'gre-checksum',
             'gre-no-key', 'udp-truncated-padded', 'not-to-us', 'ipv6', 'qinq']
    for name in picks:
        with open(os.path.join(CORPUS, name + '.bin'), 'wb') as f:
            f.write(seeds[name])
    for name in ['request', 'request-vlan', 'reply', 'probe']:
        with open(os.path.join(CORPUS, 'arp-' + name + '.bin'), 'wb') as f:
            f.write(arp_frames[name])
    print('wrote %s (%d decap, %d arp cases) and %d seeds in %s' %
          (os.path.relpath(HEADER, ROOT), len(decap), len(arp), len(os.listdir(CORPUS)),
           os.path.relpath(CORPUS, ROOT)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
