#!/usr/bin/env python3
"""jsoncheck: the integration cases' Python checks over a command's JSON
output (py_json in lib.sh).

  jsoncheck.py MODE PATH EXPR   one check; the exit status is the result
  jsoncheck.py --serve          checks read from stdin, one after another

MODE "check": the status is 0 if EXPR is True, 1 if not.  MODE "get": EXPR's
value is printed (a string as it is, anything else as JSON).  Status 2: the
output is not JSON; 3: EXPR raised.  In EXPR, r is the list of JSON
documents (the whole output, or one per line), j is r[0] and p is
j["parameters"].

--serve is how sandbox.sh runs it, as a coprocess for the whole case: a
case makes hundreds of checks, and starting Python takes about 40 ms on the
build VM.  A request is "MODE\\0PATH\\0EXPR\\0"; the answer is
"STATUS\\0STDOUT\\0STDERR\\0".  It ends at the end of its input.
"""

import json
import re
import sys

NAMES = {"re": re, "json": json, "len": len, "sorted": sorted, "all": all, "any": any,
         "isinstance": isinstance, "int": int, "str": str, "list": list, "dict": dict,
         "set": set, "bool": bool, "range": range}


def check(mode, path, expr):
    """Returns (status, stdout text, stderr text)."""
    try:
        text = open(path, encoding="utf-8", errors="surrogateescape").read()
    except OSError as e:
        return 2, "", "cannot read %s: %s" % (path, e)
    try:
        r = [json.loads(text)]
    except ValueError:
        try:
            r = [json.loads(l) for l in text.splitlines() if l.strip()]
        except ValueError as e:
            return 2, "", "output is not JSON: %s" % e
    if not r:
        return 2, "", "no JSON output"
    j = r[0]
    p = j.get("parameters") if isinstance(j, dict) else None
    try:
        v = eval(expr, dict(NAMES, r=r, j=j, p=p))
    except Exception as e:
        return 3, "", "evaluating %s: %s: %s" % (expr, type(e).__name__, e)
    if mode == "get":
        return 0, v if isinstance(v, str) else json.dumps(v), ""
    return (0 if v is True else 1), "", ""


def encode(text):
    # A shell variable cannot hold a NUL, and here it would end the field.
    return text.encode("utf-8", "surrogateescape").replace(b"\0", b"")


def serve():
    buf = b""
    fields = []
    while True:
        chunk = sys.stdin.buffer.read1(65536)
        if not chunk:
            return
        buf += chunk
        *done, buf = buf.split(b"\0")
        fields += [f.decode("utf-8", "surrogateescape") for f in done]
        while len(fields) >= 3:
            mode, path, expr = fields[:3]
            del fields[:3]
            status, out, err = check(mode, path, expr)
            sys.stdout.buffer.write(b"%d\0%s\0%s\0" % (status, encode(out), encode(err)))
            sys.stdout.buffer.flush()


def main():
    if sys.argv[1:] == ["--serve"]:
        serve()
        return 0
    if len(sys.argv) != 4:
        sys.stderr.write("usage: jsoncheck.py MODE PATH EXPR | --serve\n")
        return 2
    status, out, err = check(*sys.argv[1:4])
    if out or sys.argv[1] == "get" and status == 0:
        sys.stdout.buffer.write(encode(out) + b"\n")
    if err:
        sys.stderr.buffer.write(encode(err) + b"\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
