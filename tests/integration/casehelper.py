#!/usr/bin/env python3
"""casehelper: the integration cases' Python work, without a Python start
for each piece of it (about 40 ms on the build VM; a case makes hundreds of
checks and calls).

  casehelper.py check PATH EXPR   exit status 0 if EXPR is True, 1 if not
  casehelper.py get PATH EXPR     print EXPR's value (a string as it is,
                                  anything else as JSON)
  casehelper.py --serve           requests from stdin, one after another

EXPR is evaluated over the JSON in file PATH (a command's output): r is the
list of JSON documents (the whole text, or one per line), j is r[0], p is
j["parameters"].  Status 2: the output is not JSON; 3: EXPR raised.

--serve is how sandbox.sh runs it, as a coprocess for the whole case (see
py_json and run in lib.sh).  A request is a count N and N fields, each
ended by a NUL:
  check|get PATH EXPR              as above
  py TOOL DIR OUT ERR ARG...       TOOL.py ARG... (TOOL: vlraw, nsstate or
                                   hostile, next to this file) run in DIR, its
                                   stdout and stderr written to files OUT
                                   and ERR, or answered when those are ""
and the answer is "STATUS\\0STDOUT\\0STDERR\\0".  It ends at the end of its
input.
"""

import importlib
import io
import json
import os
import re
import sys
import traceback

NAMES = {"re": re, "json": json, "len": len, "sorted": sorted, "all": all, "any": any,
         "isinstance": isinstance, "int": int, "str": str, "list": list, "dict": dict,
         "set": set, "bool": bool, "range": range}


def evaluate(mode, path, expr):
    """Returns (status, value or "", message or "")."""
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


def check(mode, path, expr):
    """(status, stdout, stderr) as the command `casehelper.py MODE PATH EXPR`
    writes them: each text a line, a value even when empty."""
    status, value, message = evaluate(mode, path, expr)
    out = value + "\n" if value or mode == "get" and status == 0 else ""
    return status, out, message + "\n" if message else ""


TOOLS = ("vlraw", "nsstate", "hostile")


def output(path):
    if path:
        return open(path, "w", encoding="utf-8", errors="surrogateescape")
    return io.StringIO()


def run_tool(tool, cwd, out_path, err_path, args):
    """TOOL.py ARGS as a command would run it: (status, stdout, stderr),
    the texts empty when they went to a file."""
    module = importlib.import_module(tool)
    with output(out_path) as out, output(err_path) as err:
        saved = sys.stdout, sys.stderr, os.getcwd()
        sys.stdout, sys.stderr = out, err
        try:
            os.chdir(cwd)
            status = module.main(args)
        except SystemExit as e:
            status = e.code
        except Exception:
            # As Python itself would end the command: the traceback, status 1.
            traceback.print_exc()
            status = 1
        finally:
            sys.stdout, sys.stderr = saved[:2]
            os.chdir(saved[2])
        texts = tuple("" if path else f.getvalue() for path, f in ((out_path, out), (err_path, err)))
    if status is None:
        status = 0
    elif not isinstance(status, int):
        status = 1
    return (status,) + texts


def answer(fields):
    if fields[0] in ("check", "get") and len(fields) == 3:
        return check(*fields)
    if fields[0] == "py" and len(fields) >= 5 and fields[1] in TOOLS:
        return run_tool(fields[1], fields[2], fields[3], fields[4], fields[5:])
    return 2, "", "casehelper: bad request %r\n" % fields[:1]


def encode(text):
    # A shell variable cannot hold a NUL, and here it would end the field.
    return text.encode("utf-8", "surrogateescape").replace(b"\0", b"")


def serve():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    stdin = io.open(sys.stdin.fileno(), "rb", buffering=0, closefd=False)
    buf = b""
    fields = []
    while True:
        chunk = stdin.read(65536)
        if not chunk:
            return
        buf += chunk
        *done, buf = buf.split(b"\0")
        fields += [f.decode("utf-8", "surrogateescape") for f in done]
        while fields and len(fields) > int(fields[0]):
            n = int(fields[0])
            request, fields = fields[1:n + 1], fields[n + 1:]
            status, out, err = answer(request)
            sys.stdout.buffer.write(b"%d\0%s\0%s\0" % (status, encode(out), encode(err)))
            sys.stdout.buffer.flush()


def main():
    if sys.argv[1:] == ["--serve"]:
        serve()
        return 0
    if len(sys.argv) != 4 or sys.argv[1] not in ("check", "get"):
        sys.stderr.write("usage: casehelper.py check|get PATH EXPR | --serve\n")
        return 2
    status, out, err = check(*sys.argv[1:4])
    sys.stdout.buffer.write(encode(out))
    sys.stderr.buffer.write(encode(err))
    return status


if __name__ == "__main__":
    sys.exit(main())
