#!/usr/bin/python3
"""A minimal vhost-user front end (the QEMU side of the protocol), just
enough to announce a guest MTU the way QEMU does with host_mtu:

    vhost_front.py --socket PATH --mtu N [--no-reply] [--hold S]

connects to the back end's socket (a sluice vhost port in mode = server),
negotiates VIRTIO_NET_F_MTU and the protocol features NET_MTU and REPLY_ACK,
and sends VHOST_USER_NET_SET_MTU, asking for a reply (as QEMU does whenever
REPLY_ACK is negotiated) unless --no-reply. Prints one line:

    accepted MTU N          the back end acked (reply 0)
    refused MTU N           the back end answered non-zero (QEMU then says
                            "N Bytes MTU not supported by the backend")
    closed MTU N            the back end closed the connection (no reply asked)

and exits 0 for all three (the caller judges), 2 on a protocol error. With
--hold it keeps the connection open S seconds first (for a status check).
No memory table, no rings: the back end never reaches "device ready", which
the MTU check does not need. Standard library only.
"""
import argparse
import socket
import struct
import sys
import time

VERSION = 0x1
REPLY = 0x4
NEED_REPLY = 0x8
GET_FEATURES = 1
SET_FEATURES = 2
SET_OWNER = 3
GET_PROTOCOL_FEATURES = 15
SET_PROTOCOL_FEATURES = 16
NET_SET_MTU = 20
F_PROTOCOL_FEATURES = 1 << 30
VIRTIO_NET_F_MTU = 1 << 3
PROTOCOL_F_REPLY_ACK = 1 << 3
PROTOCOL_F_NET_MTU = 1 << 4


def send(sock, request, payload=b'', flags=VERSION):
    sock.sendall(struct.pack('<III', request, flags, len(payload)) + payload)


def recv_exact(sock, n):
    data = b''
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def recv_u64(sock, request):
    head = recv_exact(sock, 12)
    if head is None:
        return None
    req, flags, size = struct.unpack('<III', head)
    body = recv_exact(sock, size)
    if req != request or not flags & REPLY or size != 8 or body is None:
        raise RuntimeError('unexpected reply to %d: request %d flags %#x size %d' %
                           (request, req, flags, size))
    return struct.unpack('<Q', body)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--socket', required=True)
    ap.add_argument('--mtu', type=int, required=True)
    ap.add_argument('--no-reply', action='store_true')
    ap.add_argument('--hold', type=float, default=0)
    args = ap.parse_args()

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(args.socket)
    send(sock, GET_FEATURES)
    features = recv_u64(sock, GET_FEATURES)
    for bit, name in ((F_PROTOCOL_FEATURES, 'PROTOCOL_FEATURES'), (VIRTIO_NET_F_MTU, 'MTU')):
        if not features & bit:
            print('back end lacks %s' % name)
            return 2
    send(sock, SET_OWNER)
    send(sock, GET_PROTOCOL_FEATURES)
    protocol = recv_u64(sock, GET_PROTOCOL_FEATURES)
    wanted = PROTOCOL_F_NET_MTU | (0 if args.no_reply else PROTOCOL_F_REPLY_ACK)
    if protocol & wanted != wanted:
        print('back end lacks protocol features %#x' % (wanted & ~protocol))
        return 2
    send(sock, SET_PROTOCOL_FEATURES, struct.pack('<Q', wanted))
    send(sock, SET_FEATURES, struct.pack('<Q', F_PROTOCOL_FEATURES | VIRTIO_NET_F_MTU))
    time.sleep(args.hold)
    flags = VERSION | (0 if args.no_reply else NEED_REPLY)
    send(sock, NET_SET_MTU, struct.pack('<Q', args.mtu), flags)
    if args.no_reply:
        # Nothing comes back; a refusal closes the connection. Ask for
        # something to tell the two apart.
        try:
            send(sock, GET_FEATURES)
            answer = recv_u64(sock, GET_FEATURES)
        except (ConnectionResetError, BrokenPipeError):
            answer = None
        print('%s MTU %d' % ('closed' if answer is None else 'accepted', args.mtu))
    else:
        result = recv_u64(sock, NET_SET_MTU)
        if result is None:
            print('closed MTU %d' % args.mtu)
        else:
            print('%s MTU %d' % ('accepted' if result == 0 else 'refused', args.mtu))
    sys.stdout.flush()
    time.sleep(args.hold)
    sock.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
