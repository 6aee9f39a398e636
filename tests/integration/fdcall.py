#!/usr/bin/env python3
"""fdcall: one Varlink call that comes with descriptors (SCM_RIGHTS), for
the session tests.  Prints each reply as one line of JSON on stdout, until
the last (no "continues") or the connection ends.

  fdcall.py --socket PATH --call METHOD [--params JSON] [--more]
            [--fds N] [--no-fds] [--split] [--fds-alone]
            [--close-after-pid] [--signal-after-pid SIG] [--timeout SEC]

--fds N            send N descriptors: this process's 0, 1 and 2 (then 2
                   again); default 3
--no-fds           send none
--split            send the message in two pieces, the descriptors with the
                   second
--fds-alone        send the descriptors with a first message of one space,
                   then the call (the space belongs to the call)
--drip N           send the first N bytes one at a time, each with one
                   descriptor (a control message each), then the rest
--close-after-pid  close the connection once the {pid} reply came
--signal-after-pid SIG  then send Signal(pid, SIG) on a second connection
                   (its reply goes to stderr)

Exit status: 0 if the last reply came, 3 if the connection ended first,
6 on timeout, 1 on usage errors.
"""

import argparse
import array
import json
import select
import socket
import sys
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def send_with_fds(sock, data, fds):
    if fds:
        sock.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
    else:
        sock.sendall(data)


def read_reply(sock, buf, deadline):
    while b"\0" not in buf:
        left = deadline - time.time()
        if left <= 0:
            return None, buf, "timeout"
        r, _, _ = select.select([sock], [], [], left)
        if not r:
            continue
        chunk = sock.recv(65536)
        if not chunk:
            return None, buf, "eof"
        buf += chunk
    msg, _, buf = buf.partition(b"\0")
    return json.loads(msg), buf, None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--socket", required=True)
    p.add_argument("--call", required=True)
    p.add_argument("--params", default="{}")
    p.add_argument("--more", action="store_true")
    p.add_argument("--fds", type=int, default=3)
    p.add_argument("--no-fds", action="store_true")
    p.add_argument("--split", action="store_true")
    p.add_argument("--fds-alone", action="store_true")
    p.add_argument("--drip", type=int, default=0)
    p.add_argument("--close-after-pid", action="store_true")
    p.add_argument("--signal-after-pid", type=int)
    p.add_argument("--timeout", type=float, default=20.0)
    args = p.parse_args()

    fds = [] if args.no_fds else [min(i, 2) for i in range(args.fds)]
    call = {"method": args.call, "parameters": json.loads(args.params)}
    if args.more:
        call["more"] = True
    data = json.dumps(call).encode() + b"\0"
    sock = connect(args.socket)
    if args.split:
        sock.sendall(data[:10])
        time.sleep(0.1)
        send_with_fds(sock, data[10:], fds)
    elif args.drip:
        try:
            for i in range(args.drip):
                send_with_fds(sock, data[i:i + 1], [1])
                time.sleep(0.01)
            sock.sendall(data[args.drip:])
        except OSError:
            pass  # the daemon closed the connection: its reply is still to read
    elif args.fds_alone:
        send_with_fds(sock, b" ", fds)
        time.sleep(0.1)
        sock.sendall(data)
    else:
        send_with_fds(sock, data, fds)

    deadline = time.time() + args.timeout
    buf = b""
    while True:
        reply, buf, why = read_reply(sock, buf, deadline)
        if reply is None:
            sys.stderr.write("fdcall: %s before the last reply\n" % why)
            return 6 if why == "timeout" else 3
        print(json.dumps(reply), flush=True)
        pid = reply.get("parameters", {}).get("pid")
        if pid is not None and args.signal_after_pid is not None:
            s2 = connect(args.socket)
            s2.sendall(json.dumps({"method": "io.nsctl.Session.Signal",
                                   "parameters": {"pid": pid, "signal": args.signal_after_pid}}).encode() + b"\0")
            r2, _, why2 = read_reply(s2, b"", deadline)
            sys.stderr.write("signal: %s\n" % (json.dumps(r2) if r2 is not None else why2))
            s2.close()
        if pid is not None and args.close_after_pid:
            sock.close()
            return 0
        if not reply.get("continues"):
            return 0


if __name__ == "__main__":
    sys.exit(main())
