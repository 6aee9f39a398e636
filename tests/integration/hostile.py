#!/usr/bin/env python3
"""hostile: a table of hostile inputs for nsctld, each with the error it must get.

  hostile.py --socket PATH --list          the case names, one a line
  hostile.py --socket PATH --case NAME...  run those cases
  hostile.py --socket PATH --all           run every case

Each case sends its bytes on a fresh connection and reads one reply per
expected error, which must name that error (and pass the case's check on
its parameters).  Then either the daemon must close the connection (when
the case says so), or the connection must still answer a List.  Around each
case the daemon's Namespace.List and Topology.List are taken and must be
equal: nothing was made or removed.  (The kernel's side, mounts,
interfaces, netns entries and nft rules, is compared by the shell case,
tests/integration/cases/60-hostile-table.sh, with snapshot/expect_snapshot.)

Exit status 0 if every case passed; 1 otherwise, with one line per failure.
"""

import argparse
import json
import socket
import sys
import threading
import time

MAX_MESSAGE = 4 * 1024 * 1024  # the daemon's default --max-message-size

NS = "io.nsctl.Namespace."
NET = "io.nsctl.Network."
TOPO = "io.nsctl.Topology."
MALFORMED = "io.nsctl.Service.MalformedMessage"
TOO_LARGE = "io.nsctl.Service.MessageTooLarge"
INVALID_PARAMETER = "org.varlink.service.InvalidParameter"
INVALID_NAME = NS + "InvalidName"
INVALID_OPTION = NS + "InvalidOption"
NET_INVALID = NET + "InvalidArgument"
INVALID_TOPOLOGY = TOPO + "InvalidTopology"


def call(method, params=None, **extra):
    msg = {"method": method}
    if params is not None:
        msg["parameters"] = params
    msg.update(extra)
    return json.dumps(msg, separators=(",", ":")).encode() + b"\0"


def raw(text):
    """A message written by hand (bytes or str), NUL-terminated."""
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogateescape")
    return text + b"\0"


def create(name, **params):
    return call(NS + "Create", dict(name=name, **params))


def apply(topology):
    return call(TOPO + "Apply", {"topology": topology})


def reason_has(*words):
    return lambda p: isinstance(p.get("reason"), str) and any(w in p["reason"] for w in words)


def param_is(name):
    return lambda p: p.get("parameter") == name


def option_is(name):
    return lambda p: p.get("option") == name


def element_is(prefix):
    return lambda p: isinstance(p.get("element"), str) and p["element"].startswith(prefix) and p.get("reason")


def bad_name(name):
    return lambda p: p.get("name") == name and isinstance(p.get("reason"), str) and p["reason"]


def deep(opener, closer, n):
    return raw('{"method":"io.nsctl.Namespace.List","parameters":{"x":' + opener * n + "1" * (opener == "[")
               + closer * n + "}}")


def deep_objects(n):
    return raw('{"method":"io.nsctl.Namespace.List","parameters":{"x":' + '{"a":' * n + "1" + "}" * n + "}}")


def huge(size):
    head = b'{"method":"io.nsctl.Namespace.List","parameters":{"x":"'
    tail = b'"}}\0'
    return head + b"a" * (size - len(head) - len(tail)) + tail


class Case:
    def __init__(self, name, send, expect, check=None, close=False, more=()):
        self.name = name
        self.send = send          # bytes, or a function returning them
        # The errors of the replies, in order; the first is checked with
        # CHECK, or is one of a dict {error: check}.
        if isinstance(expect, dict):
            self.any_of, expect = expect, "/".join(sorted(expect))
        else:
            self.any_of = {expect: check or (lambda p: True)}
        self.expect = [expect] + list(more)
        self.close = close


LONG = "n" * 65
IF16 = "abcdefghijklmnop"
UIDS341 = [{"inside": i, "outside": 100000 + i, "count": 1} for i in range(341)]

CASES = [
    # ---- bytes that are not UTF-8 ------------------------------------------------
    Case("utf8-ff-fe", raw(b'{"method":"io.nsctl.Namespace.Create","parameters":{"name":"\xff\xfe"}}'),
         MALFORMED, reason_has("UTF-8", "JSON")),
    Case("utf8-overlong-slash", raw(b'{"method":"io.nsctl.Namespace.Create","parameters":{"name":"a\xc0\xafb"}}'),
         MALFORMED, reason_has("UTF-8")),
    Case("utf8-surrogate", raw(b'{"method":"io.nsctl.Namespace.Create","parameters":{"name":"\xed\xa0\x80"}}'),
         MALFORMED, reason_has("UTF-8")),
    Case("utf8-above-10ffff", raw(b'{"method":"io.nsctl.Namespace.Show","parameters":{"name":"\xf4\x90\x80\x80"}}'),
         MALFORMED, reason_has("UTF-8")),
    Case("utf8-truncated", raw(b'{"method":"io.nsctl.Namespace.Create","parameters":{"name":"lab\xc3"}}'),
         MALFORMED, reason_has("UTF-8", "JSON")),
    Case("utf8-in-member-name", raw(b'{"method":"io.nsctl.Namespace.Create","parameters":{"\xe9":"lab1"}}'),
         MALFORMED, reason_has("UTF-8", "JSON")),
    Case("utf8-in-method", raw(b'{"method":"io.nsctl.Namespace.Cr\xe9ate"}'),
         MALFORMED, reason_has("UTF-8", "JSON")),
    # ---- structure ---------------------------------------------------------------------
    Case("nested-10000-arrays", deep("[", "]", 10000), MALFORMED, reason_has("deep", "nest")),
    Case("nested-10000-objects", deep_objects(10000), MALFORMED, reason_has("deep", "nest")),
    Case("message-100MB", lambda: huge(100 * 1024 * 1024), TOO_LARGE,
         lambda p: p == {"maxBytes": MAX_MESSAGE}, close=True),
    Case("not-an-object", raw("[]"), MALFORMED),
    Case("empty-message", b"\0", MALFORMED),
    Case("trailing-object", raw('{"method":"io.nsctl.Namespace.List"}{"method":"io.nsctl.Namespace.List"}'),
         MALFORMED),
    Case("upgrade", raw('{"method":"io.nsctl.Namespace.List","upgrade":true}'), MALFORMED),
    Case("more-and-oneway", raw('{"method":"io.nsctl.Namespace.List","more":true,"oneway":true}'), MALFORMED),
    Case("parameters-array", raw('{"method":"io.nsctl.Namespace.Create","parameters":["lab1"]}'), MALFORMED),
    # ---- NUL -------------------------------------------------------------------------------
    # A NUL byte ends a message: both halves are malformed, each answered.
    Case("nul-byte-in-string", raw(b'{"method":"io.nsctl.Namespace.Create","parameters":{"name":"a\0b"}}'),
         MALFORMED, more=[MALFORMED]),
    Case("nul-escaped-in-name", raw('{"method":"io.nsctl.Namespace.Create","parameters":{"name":"lab\\u0000x"}}'),
         INVALID_PARAMETER, param_is("name")),
    Case("nul-escaped-in-member-name",
         raw('{"method":"io.nsctl.Namespace.Create","parameters":{"name\\u0000x":"lab1"}}'),
         MALFORMED, reason_has("NUL")),
    Case("nul-escaped-in-method", raw('{"method":"io.nsctl.Namespace.Create\\u0000x","parameters":{"name":"a"}}'),
         MALFORMED),
    Case("nul-escaped-in-address",
         call(NET + "AddBridge", {"name": "br0", "addresses": ["198.18.0.1/24\u0000x"]}),
         INVALID_PARAMETER, param_is("addresses")),
    Case("nul-escaped-in-types", create("lab1", types=["net\u0000x"]), INVALID_PARAMETER, param_is("types")),
    # ---- duplicate members -----------------------------------------------------------
    Case("duplicate-parameter", raw('{"method":"io.nsctl.Namespace.Create","parameters":{"name":"ok1","name":"../x"}}'),
         MALFORMED, reason_has("duplicate")),
    Case("duplicate-method", raw('{"method":"io.nsctl.Namespace.List","method":"io.nsctl.Namespace.Create"}'),
         MALFORMED, reason_has("duplicate")),
    Case("duplicate-in-topology",
         raw('{"method":"io.nsctl.Topology.Apply","parameters":{"topology":{"name":"t","name":"u"}}}'),
         MALFORMED, reason_has("duplicate")),
    # ---- numbers out of range -------------------------------------------------------
    Case("offset-2^63", raw('{"method":"io.nsctl.Namespace.Create","parameters":{"name":"t1","types":["time"],'
                            '"monotonicOffset":9223372036854775808}}'),
         INVALID_OPTION, option_is("monotonicOffset")),
    # 2^64 is more than json-c's integers hold: it reads it as a double
    # (the wrong type); 2^63 .. 2^64-1 as an integer (out of range).
    Case("offset-2^64", raw('{"method":"io.nsctl.Namespace.Create","parameters":{"name":"t1","types":["time"],'
                            '"boottimeOffset":18446744073709551616}}'),
         {INVALID_PARAMETER: param_is("boottimeOffset"), INVALID_OPTION: option_is("boottimeOffset")}),
    Case("offset-minus-2^63", create("t1", types=["time"], boottimeOffset=-9223372036854775808),
         INVALID_OPTION, option_is("boottimeOffset")),
    Case("offset-1e400", raw('{"method":"io.nsctl.Namespace.Create","parameters":{"name":"t1","types":["time"],'
                             '"boottimeOffset":1e400}}'),
         INVALID_PARAMETER, param_is("boottimeOffset")),
    Case("offset-fraction", create("t1", types=["time"], monotonicOffset=1.5),
         INVALID_PARAMETER, param_is("monotonicOffset")),
    Case("uid-map-2^32", create("u1", types=["user"], uidMap=[{"inside": 0, "outside": 4294967296, "count": 1}]),
         INVALID_OPTION, option_is("uidMap")),
    Case("uid-map-negative", create("u1", types=["user"], uidMap=[{"inside": -1, "outside": 0, "count": 1}]),
         INVALID_OPTION, option_is("uidMap")),
    Case("uid-map-wraps", create("u1", types=["user"], uidMap=[{"inside": 4294967295, "outside": 0, "count": 2}]),
         INVALID_OPTION, option_is("uidMap")),
    Case("mtu-negative", call(NET + "AddBridge", {"name": "br0", "mtu": -1}), NET_INVALID, param_is("mtu")),
    Case("mtu-2^64", raw('{"method":"io.nsctl.Network.AddBridge","parameters":{"name":"br0",'
                         '"mtu":99999999999999999999}}'),
         {INVALID_PARAMETER: param_is("mtu"), NET_INVALID: param_is("mtu")}),
    Case("shaping-rate-overflow", call(NET + "SetShaping", {"namespace": "host", "ifname": "eth9",
                                                            "rate": "99999999999999999999gbit"}),
         NET_INVALID, param_is("rate")),
    Case("shaping-loss-200", call(NET + "SetShaping", {"namespace": "host", "ifname": "eth9", "loss": "200%"}),
         NET_INVALID, param_is("loss")),
    # ---- names ------------------------------------------------------------------------------
    Case("name-slash", create("a/b"), INVALID_NAME, bad_name("a/b")),
    Case("name-dotdot", create(".."), INVALID_NAME, bad_name("..")),
    Case("name-dotdot-path-delete", call(NS + "Delete", {"name": "../../etc", "force": True}),
         INVALID_NAME, bad_name("../../etc")),
    Case("name-space", create("a b"), INVALID_NAME, bad_name("a b")),
    Case("name-leading-dash", create("-rf"), INVALID_NAME, bad_name("-rf")),
    Case("name-65-bytes", create(LONG), INVALID_NAME, bad_name(LONG)),
    Case("name-newline-show", call(NS + "Show", {"name": "a\nb"}), INVALID_NAME, bad_name("a\nb")),
    Case("topology-show-slash", call(TOPO + "Show", {"name": "a/b"}), INVALID_NAME, bad_name("a/b")),
    Case("network-namespace-dotdot", call(NET + "AddBridge", {"name": "br0", "namespace": ".."}),
         NET_INVALID, param_is("namespace")),
    Case("bridge-name-16-bytes", call(NET + "AddBridge", {"name": IF16}), NET_INVALID, param_is("name")),
    Case("bridge-name-slash", call(NET + "AddBridge", {"name": "br/0"}), NET_INVALID, param_is("name")),
    Case("link-ifname-16-bytes", call(NET + "AddLink", {"a": "host", "b": "host", "aIfname": IF16}),
         NET_INVALID, param_is("aIfname")),
    # ---- addresses -----------------------------------------------------------------------
    Case("cidr-33", call(NET + "AddAddress", {"namespace": "host", "ifname": "lo", "address": "198.18.0.1/33"}),
         NET_INVALID, param_is("address")),
    Case("cidr-v6-129", call(NET + "AddAddress", {"namespace": "host", "ifname": "lo",
                                                  "address": "2001:db8::1/129"}),
         NET_INVALID, param_is("address")),
    Case("cidr-octet-256", call(NET + "AddAddress", {"namespace": "host", "ifname": "lo",
                                                     "address": "198.18.0.256/24"}),
         NET_INVALID, param_is("address")),
    Case("bridge-cidr-33", call(NET + "AddBridge", {"name": "br0", "addresses": ["198.18.0.1/33"]}),
         NET_INVALID, param_is("addresses")),
    Case("route-prefix-99", call(NET + "AddRoute", {"namespace": "host", "to": "198.18.0.0/99", "dev": "lo"}),
         NET_INVALID, param_is("to")),
    # ---- unknown things and wrong types ----------------------------------------------
    Case("unknown-top-level-field", raw('{"method":"io.nsctl.Namespace.List","bogus":1}'), MALFORMED),
    Case("unknown-parameter", create("lab1", bogus=1), INVALID_PARAMETER, param_is("bogus")),
    Case("unknown-parameter-network", call(NET + "AddBridge", {"name": "br0", "stp": True}),
         INVALID_PARAMETER, param_is("stp")),
    Case("unknown-method", call(NS + "Destroy", {"name": "lab1"}), "org.varlink.service.MethodNotFound",
         lambda p: p == {"method": NS + "Destroy"}),
    Case("unknown-interface", call("io.nsctl.Evil.Run"), "org.varlink.service.InterfaceNotFound",
         lambda p: p == {"interface": "io.nsctl.Evil"}),
    Case("interface-description-path", call("org.varlink.service.GetInterfaceDescription",
                                            {"interface": "../../etc/passwd"}),
         "org.varlink.service.InterfaceNotFound"),
    Case("wrong-type-name", call(NS + "Create", {"name": 5}), INVALID_PARAMETER, param_is("name")),
    Case("wrong-type-force", call(NS + "Delete", {"name": "lab1", "force": "yes"}), INVALID_PARAMETER,
         param_is("force")),
    Case("wrong-type-types-element", create("lab1", types=["net", 1]), INVALID_PARAMETER, param_is("types")),
    Case("wrong-type-topology", call(TOPO + "Apply", {"topology": [1]}), INVALID_PARAMETER, param_is("topology")),
    Case("wrong-type-persist", call(TOPO + "Apply", {"topology": {"name": "x"}, "persist": "yes"}), INVALID_PARAMETER,
         param_is("persist")),
    Case("wrong-type-addresses", call(NET + "AddBridge", {"name": "br0", "addresses": "198.18.0.1/24"}),
         INVALID_PARAMETER, param_is("addresses")),
    Case("unsupported-type", create("lab1", types=["net", "bogus"]), NS + "UnsupportedType",
         lambda p: p == {"type": "bogus"}),
    # ---- topologies ------------------------------------------------------------------------
    Case("topology-bridge-loop", apply({"name": "loop", "bridges": [{"name": "br1"}, {"name": "br2"}],
                                        "links": [{"a": "br1", "b": "br2"}, {"a": "br2", "b": "br1"}]}),
         INVALID_TOPOLOGY, element_is("links[1]")),
    Case("topology-three-bridge-loop", apply({"name": "loop3", "bridges": [{"name": "b1"}, {"name": "b2"},
                                                                           {"name": "b3"}],
                                              "links": [{"a": "b1", "b": "b2"}, {"a": "b2", "b": "b3"},
                                                        {"a": "b3", "b": "b1"}]}),
         INVALID_TOPOLOGY, element_is("links[2]")),
    Case("topology-missing-set", apply({"name": "x", "links": [{"a": "nope:eth0", "b": "host"}]}),
         INVALID_TOPOLOGY, element_is("links[0].a")),
    Case("topology-route-missing-set", apply({"name": "x", "routes": [{"namespace": "nope", "to": "default",
                                                                       "via": "198.18.0.1"}]}),
         INVALID_TOPOLOGY, element_is("routes[0]")),
    Case("topology-cidr-33", apply({"name": "x", "namespaces": [{"name": "p"}],
                                    "links": [{"a": {"namespace": "p", "addresses": ["198.18.0.1/33"]},
                                               "b": "host"}]}),
         INVALID_TOPOLOGY, element_is("links[0].a.addresses[0]")),
    Case("topology-ifname-16", apply({"name": "x", "namespaces": [{"name": "p"}],
                                      "links": [{"a": "p:" + IF16, "b": "host"}]}),
         INVALID_TOPOLOGY, element_is("links[0].a")),
    Case("topology-name-dotdot", apply({"name": "../x"}), INVALID_TOPOLOGY, element_is("name")),
    Case("topology-duplicate-set", apply({"name": "x", "namespaces": [{"name": "p"}, {"name": "p"}]}),
         INVALID_TOPOLOGY, element_is("namespaces[1]")),
    Case("topology-sysctl-escape", apply({"name": "x", "namespaces": [{"name": "p", "sysctls":
                                                                       {"net/../../kernel/x": "1"}}]}),
         INVALID_TOPOLOGY, element_is("namespaces[0].sysctls")),
    Case("topology-unknown-member", apply({"name": "x", "evil": True}), INVALID_TOPOLOGY, element_is("evil")),
    # ---- oversized arrays -------------------------------------------------------------
    Case("uid-map-341-entries", create("u1", types=["user"], uidMap=UIDS341), INVALID_OPTION, option_is("uidMap")),
    Case("bridge-addresses-300", call(NET + "AddBridge", {"name": "br0", "addresses":
                                                          ["198.18.%d.%d/32" % (i // 250, i % 250 + 1)
                                                           for i in range(300)]}),
         NET_INVALID, param_is("addresses")),
    Case("topology-20001-sets", lambda: apply({"name": "big", "namespaces": [{"name": "n%d" % i}
                                                                             for i in range(20001)]}),
         INVALID_TOPOLOGY, lambda p: bool(p.get("reason"))),
    Case("topology-300-addresses", apply({"name": "x", "bridges": [{"name": "br0", "addresses":
                                                                   ["198.18.%d.%d/32" % (i // 250, i % 250 + 1)
                                                                    for i in range(300)]}]}),
         INVALID_TOPOLOGY, element_is("bridges[0].addresses")),
    # ---- aimed at what exists: the case file makes the set "keep1" and the
    # topology "keep" first, and none of these may remove or change them.
    Case("keep-delete-duplicate", raw('{"method":"io.nsctl.Namespace.Delete","parameters":'
                                      '{"name":"nosuch","name":"keep1","force":true}}'),
         MALFORMED, reason_has("duplicate")),
    Case("keep-delete-nul", raw('{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"keep1\\u0000x"}}'),
         INVALID_PARAMETER, param_is("name")),
    Case("keep-delete-member-nul", raw('{"method":"io.nsctl.Namespace.Delete","parameters":'
                                       '{"name":"nosuch","name\\u0000":"keep1"}}'),
         MALFORMED),
    Case("keep-delete-force-number", call(NS + "Delete", {"name": "keep1", "force": 1}), INVALID_PARAMETER,
         param_is("force")),
    Case("keep-delete-overlong", raw(b'{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"keep1\xc0\x80"}}'),
         MALFORMED, reason_has("UTF-8")),
    Case("keep-delete-unknown-param", call(NS + "Delete", {"name": "keep1", "recursive": True}),
         INVALID_PARAMETER, param_is("recursive")),
    Case("keep-create-again", create("keep1"), NS + "AlreadyExists", lambda p: p == {"name": "keep1"}),
    Case("keep-topology-destroy-unknown-param", call(TOPO + "Destroy", {"name": "keep", "force": True}),
         INVALID_PARAMETER, param_is("force")),
    Case("keep-topology-apply-invalid", apply({"name": "keep", "namespaces": [{"name": "kt1"}],
                                               "links": [{"a": "kt1:eth0", "b": "nosuch"}]}),
         INVALID_TOPOLOGY, element_is("links[0].b")),
    Case("keep-topology-set-delete", call(NET + "DeleteBridge", {"name": "brk", "namespace": "../kt1"}),
         NET_INVALID, param_is("namespace")),
    # ---- things that are not there ---------------------------------------------------
    Case("delete-missing", call(NS + "Delete", {"name": "nosuch", "force": True}), NS + "NotFound",
         lambda p: p == {"name": "nosuch"}),
    Case("topology-destroy-missing", call(TOPO + "Destroy", {"name": "nosuch"}), TOPO + "NotFound",
         lambda p: p == {"name": "nosuch"}),
    Case("link-to-missing-set", call(NET + "AddLink", {"a": "nosuch", "b": "host"}), NET + "NotFound"),
]

def connect(path, timeout):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    return s


class Reader:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.eof = False

    def reply(self, deadline):
        """The next NUL-terminated reply as an object; None at EOF."""
        while b"\0" not in self.buf:
            if self.eof:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no reply within the time allowed")
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(1 << 16)
            except (ConnectionResetError, BrokenPipeError):
                data = b""
            if not data:
                self.eof = True
            self.buf += data
        text, self.buf = self.buf.split(b"\0", 1)
        return json.loads(text.decode("utf-8"))  # a reply must be UTF-8 JSON

    def closed(self, deadline):
        while not self.eof:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(1 << 16)
            except (ConnectionResetError, BrokenPipeError):
                data = b""
            if not data:
                self.eof = True
            elif data:
                raise AssertionError("data after the last reply: %r" % data[:200])
        return True


def state(path, timeout):
    """What the daemon says exists: its Namespace.List and Topology.List."""
    out = []
    for method in (NS + "List", TOPO + "List"):
        s = connect(path, timeout)
        try:
            s.sendall(call(method))
            r = Reader(s).reply(time.monotonic() + timeout)
        finally:
            s.close()
        if r is None or "error" in r:
            raise AssertionError("%s failed: %r" % (method, r))
        out.append(r["parameters"])
    return out


def run_case(c, path, timeout):
    """None if the case passed, else why not."""
    payload = c.send() if callable(c.send) else c.send
    s = connect(path, timeout)
    reader = Reader(s)
    send_error = []

    def write():
        try:
            s.sendall(payload)
        except OSError as e:  # closed by the daemon (MessageTooLarge)
            send_error.append(e)

    w = threading.Thread(target=write, daemon=True)
    w.start()
    deadline = time.monotonic() + timeout
    try:
        for i, want in enumerate(c.expect):
            r = reader.reply(deadline)
            if r is None:
                return "reply %d: the connection closed instead (%s expected)" % (i, want)
            err = r.get("error")
            params = r.get("parameters", {})
            if i > 0:
                if err != want:
                    return "reply %d: expected %s, got %s" % (i, want, json.dumps(r)[:400])
                continue
            if err not in c.any_of:
                return "reply %d: expected %s, got %s" % (i, want, json.dumps(r)[:400])
            if not c.any_of[err](params):
                return "reply %d: %s, but its parameters fail the case's check: %s" % (i, err, json.dumps(params)[:400])
        if c.close:
            if not reader.closed(time.monotonic() + timeout):
                return "the connection is still open after %s" % c.expect[-1]
        else:
            w.join(timeout)
            if send_error:
                return "sending failed: %s" % send_error[0]
            s.sendall(call(NS + "List"))
            r = reader.reply(time.monotonic() + timeout)
            if r is None or "error" in r:
                return "the connection no longer answers a List: %r" % (r,)
    except (OSError, ValueError, AssertionError, TimeoutError) as e:
        return "%s: %s" % (type(e).__name__, e)
    finally:
        s.close()
        w.join(timeout)
    return None


def main(argv=None):
    """ARGV: the arguments (default sys.argv[1:]); casehelper.py calls this
    in its own process."""
    p = argparse.ArgumentParser(prog="hostile", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--socket", required=True)
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--list", action="store_true")
    p.add_argument("--all", action="store_true")
    p.add_argument("--case", nargs="+", default=[])
    args = p.parse_args(argv)

    names = [c.name for c in CASES]
    assert len(set(names)) == len(names), "duplicate case names"
    if args.list:
        print("\n".join(names))
        return 0
    selected = CASES if args.all else []
    for n in args.case:
        found = [c for c in CASES if c.name == n]
        if not found:
            print("hostile: no case %s" % n, file=sys.stderr)
            return 2
        selected += found

    failed = 0
    for c in selected:
        before = state(args.socket, args.timeout)
        why = run_case(c, args.socket, args.timeout)
        after = state(args.socket, args.timeout)
        if why is None and after != before:
            why = "the daemon's state changed: %s -> %s" % (json.dumps(before)[:300], json.dumps(after)[:300])
        if why:
            failed += 1
            print("FAIL %s: %s" % (c.name, why))
        else:
            print("ok   %s" % c.name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
