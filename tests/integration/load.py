#!/usr/bin/env python3
"""load: many Varlink clients at once against nsctld, each on its own connection.

  load.py --socket PATH [--clients N] [--sets M] [--prefix P] [--timeout S]

Each of N clients (all connected before any starts) makes M namespace sets
one after the other: Create P<client>-<i>, List (its set must be there, as
created), Delete it.  Every reply is checked; the run stops at nothing,
counting errors instead.  Prints one summary line of JSON (calls, errors,
seconds, latency percentiles per method, the first few errors) and exits 1
if there was any error.
"""

import argparse
import asyncio
import json
import sys
import time

NS = "io.nsctl.Namespace."


class Client:
    def __init__(self, idx, args, stats):
        self.idx = idx
        self.args = args
        self.stats = stats

    async def connect(self):
        self.reader, self.writer = await asyncio.open_unix_connection(self.args.socket, limit=64 << 20)

    async def call(self, method, params=None):
        msg = {"method": NS + method}
        if params is not None:
            msg["parameters"] = params
        t0 = time.monotonic()
        self.writer.write(json.dumps(msg).encode() + b"\0")
        await self.writer.drain()
        raw = await asyncio.wait_for(self.reader.readuntil(b"\0"), self.args.timeout)
        self.stats.setdefault(method, []).append(time.monotonic() - t0)
        return json.loads(raw[:-1])

    def error(self, what):
        self.stats.setdefault("errors", []).append("client %d: %s" % (self.idx, what))

    async def run(self, start):
        await start.wait()
        for i in range(self.args.sets):
            name = "%s%d-%d" % (self.args.prefix, self.idx, i)
            try:
                r = await self.call("Create", {"name": name})
                if "error" in r or r["parameters"]["namespace"]["name"] != name:
                    self.error("Create %s: %s" % (name, json.dumps(r)[:200]))
                    continue
                r = await self.call("List")
                names = [n["name"] for n in r.get("parameters", {}).get("namespaces", [])]
                if "error" in r or name not in names:
                    self.error("List after Create %s: %s" % (name, json.dumps(r)[:200]))
                r = await self.call("Delete", {"name": name})
                if r != {"parameters": {}}:
                    self.error("Delete %s: %s" % (name, json.dumps(r)[:200]))
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, KeyError) as e:
                self.error("%s: %s: %s" % (name, type(e).__name__, e))
                return
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except OSError:
            pass


def percentile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0


async def main_async(args):
    stats = {}
    clients = [Client(i, args, stats) for i in range(args.clients)]
    # All connected first: N connections open at once.
    await asyncio.gather(*(c.connect() for c in clients))
    start = asyncio.Event()
    tasks = [asyncio.create_task(c.run(start)) for c in clients]
    t0 = time.monotonic()
    start.set()
    await asyncio.gather(*tasks)
    secs = time.monotonic() - t0
    errors = stats.pop("errors", [])
    summary = {
        "clients": args.clients,
        "setsPerClient": args.sets,
        "calls": sum(len(v) for v in stats.values()),
        "errors": len(errors),
        "seconds": round(secs, 2),
        "ms": {m: {"p50": round(percentile(v, 0.5) * 1000, 2), "p99": round(percentile(v, 0.99) * 1000, 2),
                   "max": round(max(v) * 1000, 2)} for m, v in sorted(stats.items())},
        "firstErrors": errors[:5],
    }
    print(json.dumps(summary))
    return 1 if errors else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--socket", required=True)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--sets", type=int, default=50)
    p.add_argument("--prefix", default="ld")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds allowed for one reply")
    args = p.parse_args()
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
