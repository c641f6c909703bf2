#!/usr/bin/python3
"""A userspace L2-GRE endpoint (RFC 2784 / RFC 2890 with key, protocol
0x6558), for end-to-end tests on kernels without gretap (TESTING.md).

    gre_peer.py bridge --tap DEV --remote IP --key K
        Bridge the tap DEV (create it first: `ip tuntap add DEV mode tap`)
        to GRE towards the VTEP at IP: every frame read from the tap is sent
        as GRE with key K; every GRE packet from IP with key K and protocol
        0x6558 has its inner frame written to the tap. Runs until killed.
    gre_peer.py send --remote IP --key K --kind csum|key
        Send one bad GRE packet to IP: with the checksum bit set (C and K),
        or with the key K+1 (a key no network should have). Exits.

The outer IPv4 header is the kernel's: a raw IPPROTO_GRE socket sends the
GRE header and payload, and receives whole IPv4 packets of protocol 47, so
routing and ARP on the underlay stay the namespace's own. With no GRE module
loaded, the kernel hands protocol 47 to raw sockets and sends no ICMP
"protocol unreachable" for it. Run with /usr/bin/python3; standard library only.
"""
import argparse
import fcntl
import os
import select
import socket
import struct

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
GRE_K = 0x2000  # key present, version 0
GRE_C = 0x8000  # checksum present
ETH_P_TEB = 0x6558  # transparent Ethernet bridging


def gre_header(key, flags=GRE_K):
    """Flags/version, protocol, [checksum + reserved1,] key."""
    hdr = struct.pack("!HH", flags, ETH_P_TEB)
    if flags & GRE_C:
        hdr += struct.pack("!HH", 0, 0)  # (the checksum value does not matter)
    return hdr + struct.pack("!I", key)


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def decap(packet, remote, key):
    """The inner frame of an IPv4 GRE packet from `remote` with `key`, or None."""
    if len(packet) < 20:
        return None
    ihl = (packet[0] & 0x0F) * 4
    if packet[12:16] != remote or len(packet) < ihl + 8:
        return None
    flags, proto, got_key = struct.unpack_from("!HHI", packet, ihl)
    if flags != GRE_K or proto != ETH_P_TEB or got_key != key:
        return None
    return packet[ihl + 8:]


def bridge(args):
    tap = open_tap(args.tap)
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
    remote = socket.inet_aton(args.remote)
    header = gre_header(args.key)
    while True:
        ready, _, _ = select.select([tap, sock], [], [])
        if tap in ready:  # remote host -> VTEP
            frame = os.read(tap, 65536)
            try:
                sock.sendto(header + frame, (args.remote, 0))
            except OSError:
                pass  # e.g. too big for the underlay (EMSGSIZE): a lost frame
        if sock in ready:  # VTEP -> remote host
            inner = decap(sock.recv(65536), remote, args.key)
            if inner:
                os.write(tap, inner)


def send_bad(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
    # A broadcast ARP-sized inner frame: harmless if it were ever bridged.
    inner = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x99" + b"\x08\x06" + bytes(46)
    if args.kind == "csum":
        packet = gre_header(args.key, GRE_C | GRE_K) + inner
    else:
        packet = gre_header((args.key + 1) & 0xFFFFFFFF) + inner
    sock.sendto(packet, (args.remote, 0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bridge")
    b.add_argument("--tap", required=True)
    s = sub.add_parser("send")
    s.add_argument("--kind", choices=("csum", "key"), required=True)
    for p in (b, s):
        p.add_argument("--remote", required=True, help="the VTEP's IPv4 address")
        p.add_argument("--key", type=int, required=True)
    args = parser.parse_args()
    bridge(args) if args.cmd == "bridge" else send_bad(args)


if __name__ == "__main__":
    main()
