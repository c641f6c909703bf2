#!/usr/bin/python3
"""Sends one spoof (or one honest frame) from a namespace VM's kernel NIC, for
tests/e2e/test_port_security.sh. Usage: spoof.py IFACE KIND, where KIND is
ip, mac, arp, nd, dhcp, ra or honest. Addresses: VM1 198.18.0.11 /
2001:db8::11 with MAC 02:00:00:00:01:11; VM2 198.18.0.12 / 2001:db8::12."""
import sys

from scapy.all import (ARP, BOOTP, DHCP, ICMPv6ND_NA, ICMPv6ND_RA, ICMPv6NDOptDstLLAddr,
                       ICMPv6NDOptSrcLLAddr, IP, UDP, Ether, IPv6, Raw, conf, sendp)

VM1_MAC = "02:00:00:00:01:11"
VM1_LL = "fe80::ff:fe00:111"  # EUI-64 of VM1_MAC
BCAST = "ff:ff:ff:ff:ff:ff"


def frame(kind):
    if kind == "ip":  # a source that is not VM1's
        return Ether(src=VM1_MAC, dst=BCAST) / IP(src="198.18.0.66", dst="198.18.0.12") / \
            UDP(sport=4000, dport=9) / Raw(b"spoof-ip")
    if kind == "mac":  # VM1's address from another MAC
        return Ether(src="02:00:00:00:01:66", dst=BCAST) / IP(src="198.18.0.11", dst="198.18.0.12") / \
            UDP(sport=4000, dport=9) / Raw(b"spoof-mac")
    if kind == "arp":  # gratuitous ARP: VM2's address is at VM1's MAC
        return Ether(src=VM1_MAC, dst=BCAST) / ARP(op=2, hwsrc=VM1_MAC, psrc="198.18.0.12",
                                                   hwdst=BCAST, pdst="198.18.0.12")
    if kind == "nd":  # unsolicited advertisement of VM2's address
        return Ether(src=VM1_MAC, dst="33:33:00:00:00:01") / IPv6(src="2001:db8::11", dst="ff02::1") / \
            ICMPv6ND_NA(tgt="2001:db8::12", R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=VM1_MAC)
    if kind == "dhcp":  # a DHCP offer from VM1's own address
        return Ether(src=VM1_MAC, dst=BCAST) / IP(src="198.18.0.11", dst="255.255.255.255") / \
            UDP(sport=67, dport=68) / BOOTP(op=2, yiaddr="198.18.0.99", chaddr=b"\x02" * 6) / \
            DHCP(options=[("message-type", "offer"), ("router", "198.18.0.11"), "end"])
    if kind == "ra":  # VM1 offers itself as the default router
        return Ether(src=VM1_MAC, dst="33:33:00:00:00:01") / IPv6(src=VM1_LL, dst="ff02::1") / \
            ICMPv6ND_RA(routerlifetime=1800) / ICMPv6NDOptSrcLLAddr(lladdr=VM1_MAC)
    if kind == "honest":
        return Ether(src=VM1_MAC, dst=BCAST) / IP(src="198.18.0.11", dst="198.18.0.12") / \
            UDP(sport=4000, dport=9) / Raw(b"honest")
    raise SystemExit(f"unknown kind {kind}")


conf.verb = 0
sendp(frame(sys.argv[2]), iface=sys.argv[1])
