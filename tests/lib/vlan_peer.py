#!/usr/bin/python3
"""A userspace 802.1Q trunk, for end-to-end tests on kernels without VLAN
devices (this one has no 8021q and no bridge VLAN filtering: TESTING.md).

    vlan_peer.py --trunk DEV VID=TAP [VID=TAP ...]
        Every frame read from tap TAP (create it first: `ip tuntap add TAP
        mode tap`) leaves DEV tagged with VID (priority 0); every frame on
        DEV tagged VID is written to TAP untagged. Other frames on DEV
        (untagged, other ids) are ignored. Runs until killed.

The kernel moves a received tag out of the frame into packet metadata
(skb_vlan_untag, whatever the device): it comes back through PACKET_AUXDATA.
Run with /usr/bin/python3; standard library only.
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
ETH_P_ALL = 0x0003
ETH_P_8021Q = 0x8100
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 0x10
AUXDATA = struct.Struct("IIIHHHH")  # status, len, snaplen, mac, net, vlan_tci, vlan_tpid


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def tag(frame, vid):
    return frame[:12] + struct.pack("!HH", ETH_P_8021Q, vid & 0x0FFF) + frame[12:]


def received_vid(frame, ancdata):
    """(vid, untagged frame) of a frame read from the trunk; vid None if untagged."""
    for level, kind, data in ancdata:
        if level == SOL_PACKET and kind == PACKET_AUXDATA and len(data) >= AUXDATA.size:
            status, _, _, _, _, tci, _ = AUXDATA.unpack_from(data)
            if status & TP_STATUS_VLAN_VALID:
                return tci & 0x0FFF, frame
    if len(frame) >= 18 and struct.unpack_from("!H", frame, 12)[0] == ETH_P_8021Q:
        return struct.unpack_from("!H", frame, 14)[0] & 0x0FFF, frame[:12] + frame[16:]
    return None, frame


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trunk", required=True)
    parser.add_argument("taps", nargs="+", metavar="VID=TAP")
    args = parser.parse_args()
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    sock.bind((args.trunk, 0))
    tap_of_vid, vid_of_fd = {}, {}
    for item in args.taps:
        vid, name = item.split("=", 1)
        fd = open_tap(name)
        tap_of_vid[int(vid)] = fd
        vid_of_fd[fd] = int(vid)
    while True:
        ready, _, _ = select.select([sock] + list(vid_of_fd), [], [])
        for fd in ready:
            if fd is sock:
                frame, ancdata, _, addr = sock.recvmsg(65536, socket.CMSG_SPACE(AUXDATA.size))
                if addr[2] == socket.PACKET_OUTGOING:
                    continue  # our own transmissions, seen again
                vid, frame = received_vid(frame, ancdata)
                if vid in tap_of_vid:
                    os.write(tap_of_vid[vid], frame)
            else:
                frame = os.read(fd, 65536)
                try:
                    sock.send(tag(frame, vid_of_fd[fd]))
                except OSError:
                    pass  # e.g. too big for the trunk: a lost frame


if __name__ == "__main__":
    main()
