#!/usr/bin/python3
"""Sends Ethernet frames out of IFACE as fast as one Python loop can, for
SECONDS: a VM flooding its network. Prints how many frames the kernel took.

  l2_flood.py IFACE SECONDS [DST_MAC]   (default ff:ff:ff:ff:ff:ff)

Only the standard library: the frames are raw bytes on an AF_PACKET socket
(a broadcast IPv4 UDP-looking payload; nothing parses it)."""
import socket
import sys
import time


def main():
    iface, seconds = sys.argv[1], float(sys.argv[2])
    dst = bytes.fromhex((sys.argv[3] if len(sys.argv) > 3 else "ff:ff:ff:ff:ff:ff").replace(":", ""))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    src = s.getsockname()[4][:6]
    frame = dst + src + b"\x08\x00" + bytes(46)
    sent = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for _ in range(256):
            try:
                s.send(frame)
                sent += 1
            except OSError:  # the tap's queue is full: the VM is at full speed
                pass
    print(sent)


if __name__ == "__main__":
    main()
