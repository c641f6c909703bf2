#!/usr/bin/python3
"""Builds the MTU golden data (MSS clamping, ICMP and ICMPv6 too-big) with
scapy and writes it as C arrays:

    /usr/bin/python3 tests/golden/make_mtu_golden.py

writes tests/golden/mtu_golden.h (checked in, so the unit tests need no
scapy) and fuzz seeds tests/fuzz/decap_corpus/mtu-*.bin. Every expected byte comes from scapy, never from sluice: a clamped
SYN is scapy's SYN built with the lower MSS (checksum recomputed from
scratch by scapy, so it checks the incremental update), an answer is
scapy's Ether()/IP()/ICMP(type=3, code=4) or IPv6()/ICMPv6PacketTooBig() of
the quoted bytes.
"""
import os

from scapy.all import (ICMP, IP, TCP, Dot1Q, Ether, IPv6, ICMPv6PacketTooBig, Raw, conf)

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, 'mtu_golden.h')
VM_MAC = '52:54:00:00:00:01'
PEER_MAC = '52:54:00:00:00:02'
conf.verb = 0

LINUX_OPTS = [('MSS', 1460), ('SAckOK', b''), ('Timestamp', (12345, 0)), ('NOP', None),
              ('WScale', 7)]
# MSS after one NOP: its value straddles two 16-bit checksum words.
ODD_OPTS = [('NOP', None), ('MSS', 1460), ('WScale', 7), ('NOP', None), ('NOP', None),
            ('SAckOK', b'')]
# MSS last, after window scale and SACK permitted.
LAST_OPTS = [('WScale', 9), ('SAckOK', b''), ('NOP', None), ('MSS', 8960)]


def with_mss(opts, mss):
    return [('MSS', mss) if o[0] == 'MSS' else o for o in opts]


def syn4(opts, flags='S', payload=b'', tag=False):
    l2 = Ether(src=VM_MAC, dst=PEER_MAC)
    if tag:
        l2 = l2 / Dot1Q(vlan=100)
    return bytes(l2 / IP(src='10.0.0.1', dst='10.0.0.2', flags='DF', id=1) /
                 TCP(sport=40000, dport=5201, flags=flags, seq=1000, ack=0 if flags == 'S' else 77,
                     options=opts) / Raw(payload))


def syn6(opts, flags='S'):
    return bytes(Ether(src=VM_MAC, dst=PEER_MAC) / IPv6(src='fd00::1', dst='fd00::2') /
                 TCP(sport=40000, dport=5201, flags=flags, seq=1000, options=opts))


def array(name, data):
    lines = ['static const uint8_t %s[%d] = {' % (name, len(data))]
    for i in range(0, len(data), 12):
        lines.append('\t' + ', '.join('0x%02x' % b for b in data[i:i + 12]) + ',')
    lines.append('};')
    return '\n'.join(lines)


def main():
    out = []
    # (name, input, expected after clamping to MTU 1450, or None: unchanged)
    cases = [
        ('syn4_linux', syn4(LINUX_OPTS), syn4(with_mss(LINUX_OPTS, 1410))),
        ('synack4_odd', syn4(ODD_OPTS, 'SA'), syn4(with_mss(ODD_OPTS, 1410), 'SA')),
        ('syn4_mss_last', syn4(LAST_OPTS), syn4(with_mss(LAST_OPTS, 1410))),
        ('syn4_odd_payload', syn4(LINUX_OPTS, payload=b'abc'),
         syn4(with_mss(LINUX_OPTS, 1410), payload=b'abc')),
        ('syn4_tagged', syn4(LINUX_OPTS, tag=True), syn4(with_mss(LINUX_OPTS, 1410), tag=True)),
        ('syn6_linux', syn6(with_mss(LINUX_OPTS, 1440)), syn6(with_mss(LINUX_OPTS, 1390))),
        ('synack6_odd', syn6(ODD_OPTS, 'SA'), syn6(with_mss(ODD_OPTS, 1390), 'SA')),
    ]
    for name, before, after in cases:
        out.append(array(name, before))
        out.append(array(name + '_clamped', after))
    out.append(array('syn4_small_mss', syn4(with_mss(LINUX_OPTS, 1200))))
    out.append(array('syn4_no_mss', syn4([('WScale', 7), ('SAckOK', b'')])))
    out.append(array('ack4_with_mss', syn4(LINUX_OPTS, flags='A')))

    # Too big: a 1500-byte IPv4 packet with DF into a 1450 network.
    big4 = Ether(src=VM_MAC, dst=PEER_MAC) / IP(src='10.0.0.1', dst='10.0.0.2', flags='DF',
                                                 id=9) / ICMP(type=8, id=1, seq=1) / (b'p' * 1472)
    big4 = bytes(big4)
    ip4 = big4[14:]
    answer4 = bytes(Ether(src=PEER_MAC, dst=VM_MAC) /
                    IP(src='10.0.0.2', dst='10.0.0.1', tos=0xc0, ttl=64, id=0, flags=0) /
                    ICMP(type=3, code=4, nexthopmtu=1450) / Raw(ip4[:548]))
    out.append(array('big4', big4))
    out.append(array('big4_answer', answer4))
    big4t = bytes(Ether(src=VM_MAC, dst=PEER_MAC) / Dot1Q(vlan=100) /
                  IP(src='10.0.0.1', dst='10.0.0.2', flags='DF', id=9) /
                  ICMP(type=8, id=1, seq=1) / (b'p' * 1472))
    answer4t = bytes(Ether(src=PEER_MAC, dst=VM_MAC) / Dot1Q(vlan=100) /
                     IP(src='10.0.0.2', dst='10.0.0.1', tos=0xc0, ttl=64, id=0, flags=0) /
                     ICMP(type=3, code=4, nexthopmtu=1446) / Raw(big4t[18:][:548]))
    out.append(array('big4_tagged', big4t))
    out.append(array('big4_tagged_answer', answer4t))
    big6 = bytes(Ether(src=VM_MAC, dst=PEER_MAC) / IPv6(src='fd00::1', dst='fd00::2') /
                 TCP(sport=40000, dport=5201, flags='A') / (b'q' * 1440))
    answer6 = bytes(Ether(src=PEER_MAC, dst=VM_MAC) /
                    IPv6(src='fd00::2', dst='fd00::1', hlim=64) /
                    ICMPv6PacketTooBig(mtu=1450) / Raw(big6[14:][:1232]))
    out.append(array('big6', big6))
    out.append(array('big6_answer', answer6))
    # A packet shorter than 548 bytes is quoted whole (240 bytes into MTU 200).
    mid4 = bytes(Ether(src=VM_MAC, dst=PEER_MAC) / IP(src='10.0.0.1', dst='10.0.0.2', flags='DF') /
                 TCP(sport=1, dport=2, flags='A') / (b'r' * 200))
    out.append(array('mid4', mid4))
    out.append(array('mid4_answer', bytes(Ether(src=PEER_MAC, dst=VM_MAC) /
                                          IP(src='10.0.0.2', dst='10.0.0.1', tos=0xc0, ttl=64,
                                             id=0, flags=0) /
                                          ICMP(type=3, code=4, nexthopmtu=200) /
                                          Raw(mid4[14:]))))

    # Fuzz seeds (tests/fuzz/fuzz_decap.c runs the MTU guard over every input).
    corpus = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'tests', 'fuzz', 'decap_corpus')
    for name, data in (('mtu-syn4.bin', cases[0][1]), ('mtu-synack4-odd.bin', cases[1][1]),
                       ('mtu-syn6.bin', cases[5][1]), ('mtu-big4.bin', big4),
                       ('mtu-big6.bin', big6)):
        with open(os.path.join(corpus, name), 'wb') as f:
            f.write(data)

    with open(HEADER, 'w') as f:
        f.write('/* Generated by tests/golden/make_mtu_golden.py from scapy; do not edit. */\n')
        f.write('#ifndef SLUICE_MTU_GOLDEN_H\n#define SLUICE_MTU_GOLDEN_H\n\n#include <stdint.h>\n\n')
        f.write('/* clang-format off */\n')
        f.write('\n\n'.join(out))
        f.write('\n/* clang-format on */\n\n#endif\n')


if __name__ == '__main__':
    main()
