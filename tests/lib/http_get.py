#!/usr/bin/env python3
"""GET a path over TCP or a Unix socket, for tests without curl.
Usage: http_get.py HOST:PORT|/unix/path PATH [OUT]
Prints the status code; writes the body to OUT (or stdout). Exit 0 on any
HTTP answer, 1 when nothing answered."""
import http.client
import socket
import sys


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=10)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(self.unix_path)


where, path = sys.argv[1], sys.argv[2]
try:
    if where.startswith("/"):
        conn = UnixConnection(where)
    else:
        host, port = where.rsplit(":", 1)
        conn = http.client.HTTPConnection(host.strip("[]"), int(port), timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
except OSError as e:
    print(f"http_get: {where}{path}: {e}", file=sys.stderr)
    sys.exit(1)
print(resp.status)
if len(sys.argv) > 3:
    with open(sys.argv[3], "wb") as f:
        f.write(body)
else:
    sys.stdout.buffer.write(body)
