#!/usr/bin/env python3
"""nsstate: check that the daemon's view of its namespace sets and the
system agree.

    nsstate.py (LIST-REPLY-FILE | --socket PATH) [--runtime-dir DIR] [--netns-dir DIR]
               [--foreign NAME]... [--names-out FILE]

LIST-REPLY-FILE holds the reply to io.nsctl.Namespace.List; with --socket,
the List call is made here.  --names-out writes the listed names there, one
a line.  Checked:
  - every listed set is ok;
  - RUNTIME_DIR/ns holds exactly one directory per listed set, and it holds
    set.json and exactly one file per type of the set, each an nsfs bind
    mount of the listed inode (no 0-byte files, nothing else), but for net:
    a symlink to NETNS_DIR/NAME, where the only mount of it is;
  - NETNS_DIR holds exactly the sets that have net, each an nsfs mount of
    the set's net namespace, and the --foreign names (made by someone
    else, e.g. `ip netns add`), which are left out of the mount check;
  - the nsfs mounts in /proc/self/mountinfo are exactly those, each once;
  - the running nsctl-init processes are exactly the listed holders, each in
    its set's PID namespace; sets without pid have no holderPid.
Prints the disagreements and exits 1 if there are any.
"""

import argparse
import json
import os
import socket
import sys


def call_list(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    s.sendall(b'{"method":"io.nsctl.Namespace.List"}\0')
    data = b""
    while not data.endswith(b"\0"):
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("the daemon closed the connection before replying to List")
        data += chunk
    s.close()
    reply = json.loads(data[:-1].decode("utf-8"))
    if "error" in reply:
        raise RuntimeError("List failed: %s" % json.dumps(reply))
    return reply["parameters"]["namespaces"]


def main(argv=None):
    """ARGV: the arguments (default sys.argv[1:]); casehelper.py calls this
    in its own process."""
    ap = argparse.ArgumentParser(prog="nsstate")
    ap.add_argument("reply", nargs="?")
    ap.add_argument("--socket")
    ap.add_argument("--names-out")
    ap.add_argument("--runtime-dir", default="/run/nsctl")
    ap.add_argument("--netns-dir", default="/run/netns")
    ap.add_argument("--foreign", action="append", default=[])
    args = ap.parse_args(argv)

    if args.socket:
        sets = call_list(args.socket)
    else:
        with open(args.reply, encoding="utf-8") as f:
            sets = json.loads(f.read().split("\0")[0])["parameters"]["namespaces"]
    if args.names_out:
        with open(args.names_out, "w") as f:
            f.write("".join(s["name"] + "\n" for s in sets))
    ns_dir = os.path.join(args.runtime_dir, "ns")
    netns_dir = args.netns_dir
    by_name = {s["name"]: s for s in sets}
    problems = []
    bad = problems.append

    fstype = {}
    nsfs_mounts = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, right = line.split(" - ", 1)
            point = left.split()[4].encode().decode("unicode_escape")
            fs = right.split()[0]
            fstype[point] = fs
            if fs == "nsfs" and point not in [os.path.join(args.netns_dir, f) for f in args.foreign]:
                nsfs_mounts.append(point)

    expected_mounts = []
    for s in sets:
        name = s["name"]
        types = sorted(n["type"] for n in s["namespaces"])
        if s.get("state") != "ok":
            bad("set %s is %s: %s" % (name, s.get("state"), s.get("brokenReason")))
        d = os.path.join(ns_dir, name)
        try:
            files = sorted(os.listdir(d))
        except OSError as e:
            bad("set %s: cannot list %s: %s" % (name, d, e))
            files = None
        if files is not None and files != sorted(types + ["set.json"]):
            bad("set %s: %s holds %s, expected %s" % (name, d, files, sorted(types + ["set.json"])))
        for n in s["namespaces"]:
            path = os.path.join(d, n["type"])
            if n.get("path") != path:
                bad("set %s: the path of %s is %s, expected %s" % (name, n["type"], n.get("path"), path))
            if n["type"] == "net":
                want = os.path.join(netns_dir, name)
                link = os.readlink(path) if os.path.islink(path) else None
                if link != want:
                    bad("set %s: %s is not a symlink to %s (%s)" % (name, path, want, link))
                continue
            expected_mounts.append(path)
            try:
                st = os.stat(path)
            except OSError as e:
                bad("set %s: %s: %s" % (name, path, e))
                continue
            if fstype.get(path) != "nsfs":
                bad("set %s: %s is not an nsfs mount (a %d-byte file)" % (name, path, st.st_size))
            elif st.st_ino != n["inode"]:
                bad("set %s: %s keeps inode %d, List says %d" % (name, path, st.st_ino, n["inode"]))
        if "net" in types:
            path = os.path.join(netns_dir, name)
            expected_mounts.append(path)
            if s.get("netnsPath") != path:
                bad("set %s: netnsPath is %s, expected %s" % (name, s.get("netnsPath"), path))
            net = [n for n in s["namespaces"] if n["type"] == "net"][0]
            if fstype.get(path) != "nsfs":
                bad("set %s: %s is not an nsfs mount" % (name, path))
            else:
                try:
                    if os.stat(path).st_ino != net["inode"]:
                        bad("set %s: %s is not its net namespace" % (name, path))
                except OSError as e:
                    bad("set %s: %s: %s" % (name, path, e))

    if os.path.isdir(ns_dir):
        for entry in sorted(os.listdir(ns_dir)):
            if entry not in by_name:
                p = os.path.join(ns_dir, entry)
                what = sorted(os.listdir(p)) if os.path.isdir(p) else "a file"
                bad("%s is in the runtime directory but not listed (it holds %s)" % (p, what))
    if os.path.isdir(netns_dir):
        for entry in sorted(os.listdir(netns_dir)):
            if entry in args.foreign:
                continue
            s = by_name.get(entry)
            if not s or "net" not in [n["type"] for n in s["namespaces"]]:
                bad("%s/%s exists, but no listed set with net has that name" % (netns_dir, entry))

    if sorted(nsfs_mounts) != sorted(expected_mounts):
        extra = sorted(set(nsfs_mounts) - set(expected_mounts))
        missing = sorted(set(expected_mounts) - set(nsfs_mounts))
        dup = sorted(p for p in set(nsfs_mounts) if nsfs_mounts.count(p) > 1)
        bad("nsfs mounts differ from the listed sets': not of a listed set %s, missing %s, mounted more than once %s"
            % (extra, missing, dup))

    running = set()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/comm" % pid) as f:
                comm = f.read().strip()
            with open("/proc/%s/stat" % pid) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if comm == "nsctl-init" and state not in ("Z", "X", "x"):
            running.add(int(pid))
    want = {}
    for s in sets:
        types = [n["type"] for n in s["namespaces"]]
        if "pid" in types:
            if not isinstance(s.get("holderPid"), int):
                bad("set %s has a pid namespace but no holderPid" % s["name"])
                continue
            want[s["holderPid"]] = s
        elif "holderPid" in s:
            bad("set %s has no pid namespace but a holderPid %s" % (s["name"], s["holderPid"]))
    for pid in sorted(running - set(want)):
        bad("nsctl-init process %d is the holder of no listed set" % pid)
    for pid in sorted(set(want) - running):
        bad("holder %d of set %s is not running" % (pid, want[pid]["name"]))
    for pid in sorted(set(want) & running):
        s = want[pid]
        ino = [n["inode"] for n in s["namespaces"] if n["type"] == "pid"][0]
        try:
            if os.stat("/proc/%d/ns/pid" % pid).st_ino != ino:
                bad("holder %d of set %s is not in the set's pid namespace" % (pid, s["name"]))
        except OSError as e:
            bad("holder %d of set %s: %s" % (pid, s["name"], e))

    if problems:
        print("\n".join("  " + p for p in problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
