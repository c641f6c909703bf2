#!/usr/bin/python3
"""Builds the TCP segmentation golden data with scapy and writes it as C arrays.

    /usr/bin/python3 tests/golden/make_tso_golden.py

writes tests/golden/tso_golden.h (checked in, so the unit tests need no
scapy). Each case is one large TCP segment as a guest hands it over with TSO
(IP length of the whole send, TCP checksum over the pseudo-header only, as
virtio's partial checksum leaves it) and the segments scapy says the wire
must carry: headers, lengths, sequence numbers, IPv4 identifications, FIN
and PSH on the last segment only, CWR on the first only, and every checksum
recomputed by scapy, never by sluice. Tunnel cases wrap each segment in the
outer VXLAN or GRE header (outer identification counting up per segment).
"""
import os

from scapy.all import GRE, IP, TCP, UDP, Dot1Q, Ether, IPv6, Raw, conf
from scapy.layers.vxlan import VXLAN

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, 'tso_golden.h')

conf.verb = 0

VM1_MAC = '52:54:00:00:00:01'
VM2_MAC = '52:54:00:00:00:02'
LOCAL_MAC = '02:00:00:00:01:01'
REMOTE_MAC = '02:00:00:00:01:02'
LOCAL_IP = '198.18.0.1'
REMOTE_IP = '198.18.0.2'
OUTER_ID = 0x4000
VNI = 5001
GRE_KEY = 77
UDP_SRC_PORT = 50000
TS = [('NOP', None), ('NOP', None), ('Timestamp', (1234, 5678))]

PAYLOAD = bytes((i * 7 + 3) & 0xff for i in range(4000))


def l3(v6, ident):
    if v6:
        return IPv6(src='2001:db8::1', dst='2001:db8::2', hlim=64)
    return IP(src='198.18.1.1', dst='198.18.1.2', id=ident, flags='DF', ttl=64)


def l2(vlan):
    eth = Ether(src=VM1_MAC, dst=VM2_MAC)
    return eth / Dot1Q(vlan=vlan) if vlan else eth


def guest_frame(v6, vlan, flags, payload):
    """The large segment as the guest hands it over: lengths of the whole
    send, a TCP checksum field holding the pseudo-header sum only."""
    pkt = l2(vlan) / l3(v6, 0x1234) / TCP(sport=40000, dport=5201, seq=1000000, ack=42,
                                          flags=flags, window=512, options=TS) / Raw(payload)
    raw = bytearray(bytes(pkt))
    tcp_off = len(raw) - len(payload) - 32
    raw[tcp_off + 16:tcp_off + 18] = b'\x12\x34'  # whatever the guest left there
    return bytes(raw)


def wire_segments(v6, vlan, flags, payload, mss):
    out = []
    chunks = [payload[i:i + mss] for i in range(0, len(payload), mss)]
    for i, chunk in enumerate(chunks):
        f = TCP(flags=flags).flags
        if i < len(chunks) - 1:
            f &= ~0x09  # FIN, PSH: last segment only
        if i > 0:
            f &= ~0x80  # CWR: first segment only
        pkt = l2(vlan) / l3(v6, 0x1234 + i) / TCP(sport=40000, dport=5201,
                                                  seq=1000000 + i * mss, ack=42, flags=f,
                                                  window=512, options=TS) / Raw(chunk)
        out.append(bytes(pkt))  # scapy computes lengths and checksums
    return out


def encap(kind, inner, i):
    outer = Ether(src=LOCAL_MAC, dst=REMOTE_MAC) / IP(src=LOCAL_IP, dst=REMOTE_IP, ttl=64,
                                                      id=OUTER_ID + i, flags=0)
    if kind == 'vxlan':
        return bytes(outer / UDP(sport=UDP_SRC_PORT, dport=4789, chksum=0) /
                     VXLAN(vni=VNI, flags=0x08) / Raw(inner))
    return bytes(outer / GRE(key_present=1, key=GRE_KEY, proto=0x6558) / Raw(inner))


CASES = [
    # name, tunnel, ipv6, vlan, flags, payload length, mss
    ('ipv4', 'flat', False, 0, 'PA', 4000, 1448),
    ('ipv4_fin_cwr', 'flat', False, 0, 'FPAC', 3000, 1000),
    ('ipv6', 'flat', True, 0, 'PA', 4000, 1428),
    ('vlan_ipv4', 'flat', False, 100, 'PA', 4000, 1448),
    ('vlan_ipv6', 'flat', True, 100, 'FPA', 4000, 1428),
    ('vxlan_ipv4', 'vxlan', False, 0, 'PA', 4000, 1398),
    ('vxlan_ipv6', 'vxlan', True, 0, 'PA', 4000, 1378),
    # a guest's own tag inside the tunnel costs the inner IP packet 4 bytes
    ('vxlan_vlan_ipv4', 'vxlan', False, 100, 'FPA', 4000, 1394),
    ('gre_ipv4', 'gre', False, 0, 'PA', 4000, 1406),
    ('gre_ipv6', 'gre', True, 0, 'FPA', 4000, 1386),
]


def c_bytes(data):
    return '\n'.join('\t' + ' '.join('0x%02x,' % b for b in data[i:i + 12])
                     for i in range(0, len(data), 12))


def main():
    arrays, rows = [], []
    for name, tunnel, v6, vlan, flags, n, mss in CASES:
        payload = PAYLOAD[:n]
        frame = guest_frame(v6, vlan, flags, payload)
        segs = wire_segments(v6, vlan, flags, payload, mss)
        if tunnel != 'flat':
            segs = [encap(tunnel, s, i) for i, s in enumerate(segs)]
        arrays.append('GOLDEN uint8_t golden_tso_%s_in[%d] = {\n%s\n};\n' %
                      (name, len(frame), c_bytes(frame)))
        arrays.append('GOLDEN uint8_t golden_tso_%s_out[%d] = {\n%s\n};\n' %
                      (name, sum(map(len, segs)), c_bytes(b''.join(segs))))
        arrays.append('GOLDEN uint32_t golden_tso_%s_lens[] = {%s};\n' %
                      (name, ', '.join(str(len(s)) for s in segs)))
        rows.append('\t{"%s", TUNNEL_GOLDEN_%s, golden_tso_%s_in, %d, %d, golden_tso_%s_out, '
                    'golden_tso_%s_lens, %d},\n' % (name, tunnel.upper(), name, len(frame), mss,
                                                    name, name, len(segs)))
    with open(HEADER, 'w') as f:
        f.write('/* Generated by tests/golden/make_tso_golden.py from scapy: do not edit. */\n')
        f.write('#ifndef SLUICE_TSO_GOLDEN_H\n#define SLUICE_TSO_GOLDEN_H\n\n')
        f.write('#include <stdint.h>\n\n#define GOLDEN static const\n\n')
        f.write('enum tso_golden_tunnel { TUNNEL_GOLDEN_FLAT, TUNNEL_GOLDEN_VXLAN, '
                'TUNNEL_GOLDEN_GRE };\n\n')
        f.write('/* The outer header of the tunnel cases. */\n')
        f.write('#define GOLDEN_TSO_LOCAL_MAC {%s}\n' %
                ', '.join('0x' + x for x in LOCAL_MAC.split(':')))
        f.write('#define GOLDEN_TSO_REMOTE_MAC {%s}\n' %
                ', '.join('0x' + x for x in REMOTE_MAC.split(':')))
        f.write('#define GOLDEN_TSO_LOCAL_IP "%s"\n#define GOLDEN_TSO_REMOTE_IP "%s"\n' %
                (LOCAL_IP, REMOTE_IP))
        f.write('#define GOLDEN_TSO_OUTER_ID 0x%x\n#define GOLDEN_TSO_VNI %d\n' % (OUTER_ID, VNI))
        f.write('#define GOLDEN_TSO_GRE_KEY %d\n#define GOLDEN_TSO_UDP_SRC_PORT %d\n\n' %
                (GRE_KEY, UDP_SRC_PORT))
        f.write(''.join(arrays))
        f.write('\nstruct golden_tso {\n\tconst char *name;\n\tenum tso_golden_tunnel tunnel;\n'
                '\tconst uint8_t *in;\n\tuint32_t in_len;\n\tuint16_t mss;\n'
                '\tconst uint8_t *out; /* the segments, back to back */\n'
                '\tconst uint32_t *lens;\n\tuint32_t n_segments;\n};\n\n')
        f.write('GOLDEN struct golden_tso golden_tsos[] = {\n%s};\n' % ''.join(rows))
        f.write('#define GOLDEN_TSOS_COUNT %d\n\n#endif\n' % len(rows))


if __name__ == '__main__':
    main()
