#!/usr/bin/env python3
"""vlraw: an independent Varlink client for the nsctl integration tests.

Sends raw bytes or JSON messages to a Varlink UNIX socket, optionally in
small pieces with delays, reads replies, prints each reply as one line of
JSON on stdout and checks that each is a well-formed Varlink reply.

Messages (-m, --raw and --raw-file in the order given, then --call; all on
one connection, or on each of --connections):
  -m, --json TEXT      a message's JSON text; the terminator is appended
  --call METHOD        a call built with json.dumps, parameters from --params
  --raw TEXT           bytes given with Python escapes (\\x00, \\xff, \\n), sent
                       as they are (no terminator added)
  --raw-file FILE      bytes of FILE, sent as they are

Exit statuses:
  0  all expected replies arrived (and --expect-close / --settle held)
  1  usage error, or could not connect
  2  a reply was not a well-formed Varlink reply
  3  the connection ended before the expected number of replies
  4  --expect-close: the connection stayed open
  5  --settle: more data arrived than expected
  6  timed out waiting for replies
"""

import argparse
import codecs
import errno
import json
import os
import select
import socket
import sys
import threading
import time

REPLY_KEYS = {"parameters", "error", "continues"}


def die(status, msg):
    sys.stderr.write("vlraw: %s\n" % msg)
    sys.exit(status)


def unescape(text):
    """Turn a string with Python escapes into bytes (\\xNN is one byte)."""
    return codecs.escape_decode(text.encode("utf-8"))[0]


def pad_message(data, size):
    """Pad a JSON object's text with spaces before its closing brace so that
    it is exactly SIZE bytes long."""
    if size is None:
        return data
    if len(data) > size:
        die(1, "message is %d bytes, longer than --pad-to %d" % (len(data), size))
    stripped = data.rstrip()
    if not stripped.endswith(b"}"):
        die(1, "--pad-to needs a JSON object")
    return stripped[:-1] + b" " * (size - len(stripped)) + b"}"


class Part(argparse.Action):
    """Keep -m, --raw and --raw-file in the order given on the command line."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, "parts", None) is None:
            namespace.parts = []
        namespace.parts.append((self.dest, values))


def build_payload(args):
    """The bytes to send, and the number of replies they ask for."""
    term = b"\n" if args.newline else b"\0"
    parts = []
    count = 0
    for kind, value in args.parts or []:
        if kind == "json":
            parts.append(pad_message(value.encode("utf-8", "surrogateescape"), args.pad_to) + term)
            count += 1
        elif kind == "raw":
            parts.append(unescape(value))
        elif kind == "raw_file":
            with open(value, "rb") as f:
                parts.append(f.read())
    if args.call:
        msg = {"method": args.call}
        if args.params is not None:
            try:
                msg["parameters"] = json.loads(args.params)
            except ValueError as e:
                die(1, "--params is not JSON: %s" % e)
        if args.more:
            msg["more"] = True
        if args.oneway:
            msg["oneway"] = True
        text = json.dumps(msg, indent=2 if args.pretty else None,
                          separators=None if args.pretty else (",", ":"))
        parts.append(pad_message(text.encode("utf-8"), args.pad_to) + term)
        if not args.oneway:
            count += 1
    return b"".join(parts), count


class Conn:
    def __init__(self, path, timeout):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = b""
        self.eof = False
        self.eof_reason = None
        self.send_error = None

    def send(self, data, chunk, delay):
        try:
            if not chunk:
                self.sock.sendall(data)
                return
            for i in range(0, len(data), chunk):
                self.sock.sendall(data[i:i + chunk])
                if delay and i + chunk < len(data):
                    time.sleep(delay)
        except OSError as e:
            # The daemon may close the connection while we are still
            # writing (MessageTooLarge); what it said before is still read.
            self.send_error = e

    def fill(self, deadline):
        """Read more bytes; False on EOF or timeout."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        r, _, _ = select.select([self.sock], [], [], remaining)
        if not r:
            return False
        try:
            data = self.sock.recv(1 << 16)
        except ConnectionResetError:
            data = b""
            self.eof_reason = "connection reset"
        except OSError as e:
            data = b""
            self.eof_reason = os.strerror(e.errno or errno.EIO)
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True


def check_reply(raw, newline):
    """Return (reply, None) or (None, why)."""
    if newline and b"\0" in raw:
        return None, "NUL byte inside a newline-terminated reply"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, "reply is not UTF-8: %s" % e
    try:
        obj = json.loads(text)
    except ValueError as e:
        return None, "reply is not JSON: %s" % e
    if not isinstance(obj, dict):
        return None, "reply is not a JSON object"
    unknown = set(obj) - REPLY_KEYS
    if unknown:
        return None, "reply has unknown keys %s" % sorted(unknown)
    if "error" in obj and not isinstance(obj["error"], str):
        return None, "\"error\" is not a string"
    if "error" in obj and "." not in obj["error"]:
        return None, "\"error\" is not a qualified error name"
    if "parameters" in obj and not isinstance(obj["parameters"], dict):
        return None, "\"parameters\" is not an object"
    if "error" not in obj and "parameters" not in obj:
        return None, "reply has neither \"parameters\" nor \"error\""
    if "continues" in obj and not isinstance(obj["continues"], bool):
        return None, "\"continues\" is not a boolean"
    return obj, None


def read_replies(conn, want, newline, timeout, out):
    """Read WANT complete replies (a streamed reply counts once, when the
    part without "continues" arrives).  Returns an exit status."""
    term = b"\n" if newline else b"\0"
    deadline = time.monotonic() + timeout
    got = 0
    while got < want:
        idx = conn.buf.find(term)
        if idx < 0:
            if conn.eof:
                return 3, "connection closed after %d of %d replies%s" % (
                    got, want, " (%s)" % conn.eof_reason if conn.eof_reason else "")
            if not conn.fill(deadline) and not conn.eof:
                return 6, "timed out after %d of %d replies" % (got, want)
            continue
        raw, conn.buf = conn.buf[:idx], conn.buf[idx + 1:]
        obj, why = check_reply(raw, newline)
        if why:
            return 2, "%s: %r" % (why, raw[:300])
        out.append(obj)
        if not obj.get("continues"):
            got += 1
    return 0, None


def wait_close(conn, timeout):
    deadline = time.monotonic() + timeout
    while not conn.eof:
        if not conn.fill(deadline) and not conn.eof:
            return False
    return True


def main(argv=None):
    """ARGV: the arguments (default sys.argv[1:]); casehelper.py calls this
    in its own process."""
    p = argparse.ArgumentParser(prog="vlraw", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--socket", default=os.environ.get("NSCTL_SOCKET", "/run/nsctl/io.nsctl"))
    p.add_argument("-m", "--json", action=Part, dest="json", metavar="TEXT")
    p.add_argument("--call", metavar="METHOD")
    p.add_argument("--params", metavar="JSON")
    p.add_argument("--more", action="store_true")
    p.add_argument("--oneway", action="store_true")
    p.add_argument("--pretty", action="store_true", help="indent the --call message (newlines inside it)")
    p.add_argument("--raw", action=Part, dest="raw", metavar="TEXT")
    p.add_argument("--raw-file", action=Part, dest="raw_file", metavar="FILE")
    p.add_argument("--pad-to", type=int, metavar="BYTES",
                   help="pad each -m/--call message with spaces to exactly BYTES (terminator excluded)")
    p.add_argument("--newline", action="store_true", help="newline-terminated messages and replies")
    p.add_argument("--chunk", type=int, default=0, metavar="K", help="write K bytes at a time")
    p.add_argument("--delay", type=float, default=0.0, metavar="SEC", help="pause between chunks")
    p.add_argument("--replies", type=int, metavar="N",
                   help="replies to wait for (default: one per non-oneway message)")
    p.add_argument("--expect-close", action="store_true",
                   help="after the replies, the daemon must close the connection")
    p.add_argument("--settle", type=float, default=0.0, metavar="SEC",
                   help="after the replies, wait SEC and fail if anything more arrives")
    p.add_argument("--half-close", action="store_true", help="shut down the writing side after sending")
    p.add_argument("--connections", type=int, default=1, metavar="N",
                   help="open N connections at once, send the payload on each, then read all")
    p.add_argument("--connect-only", action="store_true", help="only check that the socket accepts")
    p.add_argument("--timeout", type=float, default=10.0)
    p.set_defaults(parts=None)
    args = p.parse_args(argv)

    if args.connect_only:
        try:
            Conn(args.socket, args.timeout).sock.close()
        except OSError as e:
            die(1, "cannot connect to %s: %s" % (args.socket, e))
        return 0

    payload, count = build_payload(args)
    if args.replies is None and any(kind != "json" for kind, _ in args.parts or []):
        die(1, "with --raw or --raw-file, say how many replies to wait for with --replies")
    want = args.replies if args.replies is not None else count

    conns = []
    try:
        for _ in range(args.connections):
            conns.append(Conn(args.socket, args.timeout))
    except OSError as e:
        die(1, "cannot connect to %s (connection %d): %s" % (args.socket, len(conns) + 1, e))

    # Write in threads, so that replies are read while a large or slow
    # request is still being written.
    writers = []
    for c in conns:
        def run(c=c):
            c.send(payload, args.chunk, args.delay)
            if args.half_close and not c.send_error:
                try:
                    c.sock.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
        t = threading.Thread(target=run, daemon=True)
        t.start()
        writers.append(t)

    status = 0
    for i, c in enumerate(conns):
        replies = []
        st, why = read_replies(c, want, args.newline, args.timeout, replies)
        for obj in replies:
            sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()
        prefix = "connection %d: " % (i + 1) if len(conns) > 1 else ""
        if st:
            sys.stderr.write("vlraw: %s%s\n" % (prefix, why))
            status = status or st
            continue
        if args.expect_close:
            if c.buf:
                sys.stderr.write("vlraw: %sunexpected data before close: %r\n" % (prefix, c.buf[:300]))
                status = status or 5
            elif not wait_close(c, args.timeout):
                sys.stderr.write("vlraw: %sconnection still open %.0fs after the replies\n" % (prefix, args.timeout))
                status = status or 4
            elif c.buf:
                sys.stderr.write("vlraw: %sunexpected data before close: %r\n" % (prefix, c.buf[:300]))
                status = status or 5
        elif args.settle > 0:
            deadline = time.monotonic() + args.settle
            while not c.eof and c.fill(deadline):
                pass
            if c.buf:
                sys.stderr.write("vlraw: %sunexpected extra data: %r\n" % (prefix, c.buf[:300]))
                status = status or 5
    for t in writers:
        t.join(args.timeout)
    for c in conns:
        if c.send_error and not args.expect_close:
            sys.stderr.write("vlraw: sending failed: %s\n" % c.send_error)
            status = status or 3
        c.sock.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
