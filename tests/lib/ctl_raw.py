"""Raw clients of sluice's control socket, for tests that must send what
sluicectl never would. Standard library only.

  ctl_raw.py lines SOCKET        one connection: each stdin line is sent as
                                 is, each reply line printed ("TIMEOUT" or
                                 "EOF" if none comes)
  ctl_raw.py long SOCKET MODE    a request line over 64 KiB: MODE "stream"
                                 sends 70000 bytes and no newline, "whole"
                                 sends the whole line with its newline and a
                                 valid request after it in one send. Prints the
                                 replies, then "EOF" if sluice closed the
                                 connection, "OPEN" if not.
  ctl_raw.py half SOCKET         half a request (a port.del), then vanish
  ctl_raw.py many SOCKET N       N clients connect at once, each asks for the
                                 version; prints {"ok","busy","bad","hung"}
  ctl_raw.py full SOCKET MAX     MAX idle clients fill sluice up; one more
                                 must hear "too many control clients"; then 50
                                 connect and vanish before sluice can answer
                                 them; prints {"busy_reply"}
  ctl_raw.py idle SOCKET MAX WAIT
                                 MAX idle clients fill sluice up and stay
                                 silent WAIT seconds; one more asks for the
                                 version; prints {"answered","oldest_closed"}
  ctl_raw.py slow SOCKET         a client that sends requests and never reads
                                 a reply; prints {"cut_off","sent"} (cut off:
                                 sluice hung up on it within 10 s)
"""
import json
import socket
import sys
import time

TIMEOUT = 5.0


def connect(path, timeout=TIMEOUT):
    """Connect, retrying while the listen backlog is full (EAGAIN: a socket
    with a timeout connects without blocking), as sluicectl does."""
    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            s.connect(path)
            return s
        except BlockingIOError:
            s.close()
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def read_line(f):
    try:
        line = f.readline()
    except (socket.timeout, TimeoutError):
        return "TIMEOUT"
    except ConnectionResetError:
        return "EOF"
    if not line:
        return "EOF"
    return line.decode("utf-8", "replace").rstrip("\n")


def cmd_lines(path):
    s = connect(path)
    f = s.makefile("rb")
    for line in sys.stdin.buffer:
        line = line.rstrip(b"\n")
        if not line:
            continue
        s.sendall(line + b"\n")
        print(read_line(f), flush=True)
    s.close()


def after_replies(s):
    """Replies until sluice closes (EOF) or stays silent for 3 s (OPEN)."""
    s.settimeout(3.0)
    buf = b""
    state = "OPEN"
    try:
        while True:
            d = s.recv(65536)
            if not d:
                state = "EOF"
                break
            buf += d
    except (socket.timeout, TimeoutError):
        state = "OPEN"
    except ConnectionResetError:
        state = "EOF"
    for line in buf.decode("utf-8", "replace").splitlines():
        print(line)
    print(state)


def cmd_long(path, mode):
    s = connect(path)
    head = b'{"jsonrpc":"2.0","id":1,"method":"version","params":{"x":"'
    try:
        if mode == "stream":
            s.sendall(head + b"a" * 70000)
        else:
            s.sendall(head + b"a" * 70000 + b'"}}\n' +
                      b'{"jsonrpc":"2.0","id":2,"method":"version"}\n')
    except (BrokenPipeError, ConnectionResetError):
        pass
    after_replies(s)


def cmd_half(path):
    s = connect(path)
    s.sendall(b'{"jsonrpc":"2.0","id":1,"method":"port.del","params":{"name":"vm1"')
    s.close()


def cmd_many(path, n):
    socks = []
    counts = {"ok": 0, "busy": 0, "bad": 0, "hung": 0}
    for i in range(n):
        try:
            socks.append(connect(path, 10.0))
        except OSError as e:
            # A full listen backlog; counts as neither answer.
            print("connect %d: %s" % (i, e), file=sys.stderr)
            counts["bad"] += 1
            socks.append(None)
    for i, s in enumerate(socks):
        if s is None:
            continue
        try:
            s.sendall(b'{"jsonrpc":"2.0","id":%d,"method":"version"}\n' % i)
        except OSError:
            pass  # refused clients may be closed already: their reply waits
    for i, s in enumerate(socks):
        if s is None:
            continue
        line = read_line(s.makefile("rb"))
        if line == "TIMEOUT":
            counts["hung"] += 1
            continue
        try:
            r = json.loads(line)
        except ValueError:
            counts["bad"] += 1
            print("client %d: %r" % (i, line), file=sys.stderr)
            continue
        if r.get("id") == i and "result" in r:
            counts["ok"] += 1
        elif (r.get("error") or {}).get("message") == "too many control clients":
            counts["busy"] += 1
        else:
            counts["bad"] += 1
            print("client %d: %r" % (i, line), file=sys.stderr)
    for s in socks:
        if s is not None:
            s.close()
    print(json.dumps(counts))


def cmd_full(path, limit):
    hold = [connect(path) for _ in range(limit)]
    # Each answers once sluice has accepted it: then all slots are taken.
    for i, s in enumerate(hold):
        s.sendall(b'{"jsonrpc":"2.0","id":%d,"method":"version"}\n' % i)
        read_line(s.makefile("rb"))
    extra = connect(path)
    line = read_line(extra.makefile("rb"))
    extra.close()
    try:
        busy = json.loads(line)["error"]["message"] == "too many control clients"
    except (ValueError, KeyError, TypeError):
        busy = False
    for _ in range(50):
        s = connect(path)
        s.close()
    time.sleep(0.2)
    for s in hold:
        s.close()
    print(json.dumps({"busy_reply": busy}))


def cmd_idle(path, limit, wait):
    hold = [connect(path) for _ in range(limit)]
    time.sleep(wait)
    s = connect(path)
    s.sendall(b'{"jsonrpc":"2.0","id":7,"method":"version"}\n')
    line = read_line(s.makefile("rb"))
    answered = False
    try:
        answered = "result" in json.loads(line)
    except ValueError:
        pass
    # The first to connect is the idlest: sluice closed it to make room.
    hold[0].settimeout(2.0)
    oldest_closed = read_line(hold[0].makefile("rb")) == "EOF"
    for h in hold + [s]:
        h.close()
    print(json.dumps({"answered": answered, "oldest_closed": oldest_closed}))


def cmd_slow(path):
    s = connect(path)
    s.setblocking(False)
    chunk = b'{"jsonrpc":"2.0","id":1,"method":"stats.drops"}\n' * 100
    sent = 0
    cut_off = False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            sent += s.send(chunk)
        except BlockingIOError:
            time.sleep(0.01)
        except (BrokenPipeError, ConnectionResetError):
            cut_off = True
            break
    s.close()
    print(json.dumps({"cut_off": cut_off, "sent": sent}))


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "lines":
        cmd_lines(path)
    elif mode == "long":
        cmd_long(path, sys.argv[3])
    elif mode == "half":
        cmd_half(path)
    elif mode == "many":
        cmd_many(path, int(sys.argv[3]))
    elif mode == "full":
        cmd_full(path, int(sys.argv[3]))
    elif mode == "idle":
        cmd_idle(path, int(sys.argv[3]), float(sys.argv[4]))
    elif mode == "slow":
        cmd_slow(path)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
