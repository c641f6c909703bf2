#!/usr/bin/env python3
"""A stand-in for systemd's notify socket: binds a datagram Unix socket at
PATH and appends every message it receives to OUT (one per line, newlines in
a message turned into spaces) until it gets STOPPING=1 or TIMEOUT seconds
pass. Usage: notify_listen.py PATH OUT [TIMEOUT]"""
import os
import socket
import sys
import time

path, out = sys.argv[1], sys.argv[2]
deadline = time.monotonic() + float(sys.argv[3] if len(sys.argv) > 3 else 60)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
if os.path.exists(path):
    os.unlink(path)
sock.bind(path)
os.chmod(path, 0o666)
with open(out, "a", encoding="utf-8") as f:
    while time.monotonic() < deadline:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            msg = sock.recv(4096).decode("utf-8", "replace")
        except socket.timeout:
            break
        f.write(msg.replace("\n", " ") + "\n")
        f.flush()
        if "STOPPING=1" in msg.split("\n"):
            break
os.unlink(path)
