#!/usr/bin/env python3
"""Pings ADDR every INTERVAL seconds until STOP_FILE exists, then waits up to
GRACE seconds for the replies still in flight and prints one line:

    sent N received M lost SEQ,SEQ,...

Why not ping(8) in a loop: iputils ping, once it has sent its count, waits
only max(2 x the largest RTT, interval) for the last reply, so on a loaded
machine the last echo of a run reads as lost although its reply arrives a
moment later. Tests that assert "no ping lost" need every reply waited for.

Run inside the sender's network namespace (ip netns exec NS pinger.py ...).
"""
import argparse
import os
import select
import socket
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def echo_request(ident, seq):
    payload = b"sluice-pinger" + bytes(19)
    hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    csum = checksum(hdr + payload)
    return struct.pack("!BBHHH", 8, 0, csum, ident, seq) + payload


def replies(sock, ident, got):
    """Reads every echo reply waiting on sock; records our sequence numbers."""
    while True:
        try:
            pkt = sock.recv(2048)
        except BlockingIOError:
            return
        ihl = (pkt[0] & 0x0F) * 4
        if len(pkt) < ihl + 8:
            continue
        kind, _, _, rid, seq = struct.unpack("!BBHHH", pkt[ihl:ihl + 8])
        if kind == 0 and rid == ident:
            got.add(seq)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("addr", help="IPv4 address to ping")
    ap.add_argument("--interval", type=float, default=0.01, help="seconds between echoes")
    ap.add_argument("--stop-file", required=True, help="stop sending once this file exists")
    ap.add_argument("--grace", type=float, default=3.0,
                    help="seconds to wait for the last replies after stopping")
    ap.add_argument("--ready-file", help="created once the first reply arrived")
    args = ap.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    sock.setblocking(False)
    ident = os.getpid() & 0xFFFF
    got, sent = set(), 0
    next_send = time.monotonic()
    while not os.path.exists(args.stop_file):
        now = time.monotonic()
        if now >= next_send:
            sock.sendto(echo_request(ident, sent & 0xFFFF), (args.addr, 0))
            sent += 1
            next_send += args.interval
        select.select([sock], [], [], max(0.0, next_send - time.monotonic()))
        replies(sock, ident, got)
        if args.ready_file and got and not os.path.exists(args.ready_file):
            open(args.ready_file, "w").close()
    deadline = time.monotonic() + args.grace
    while len(got) < min(sent, 65536) and time.monotonic() < deadline:
        select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        replies(sock, ident, got)
    lost = [s for s in range(min(sent, 65536)) if s not in got]
    print("sent %d received %d lost %s" % (sent, sent - len(lost), ",".join(map(str, lost[:50])) or "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
