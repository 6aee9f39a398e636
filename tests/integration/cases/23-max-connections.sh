# nsctld-args: --max-connections 4
#
# Connections over --max-connections get TooManyConnections {max} and are
# closed; the ones already open are not disturbed, and a freed place can be
# taken again.

"$PYTHON" - "$SOCK" <<'PY' || fail "connection limit (see above)"
import json, socket, sys, time

path = sys.argv[1]

def connect():
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(5)
    s.connect(path)
    return s

def read_reply(s):
    buf = b""
    while not buf.endswith(b"\0"):
        data = s.recv(65536)
        if not data:
            return None, buf
        buf += data
    return json.loads(buf[:-1]), b""

def call(s, method="io.nsctl.Namespace.List"):
    s.sendall(json.dumps({"method": method}).encode() + b"\0")
    return read_reply(s)[0]

def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)

held = [connect() for _ in range(4)]
for i, s in enumerate(held):
    r = call(s)
    if r is None or "error" in r:
        fail("connection %d of 4 (within the limit) was not served: %r" % (i + 1, r))

extra = connect()
try:
    extra.sendall(b'{"method":"io.nsctl.Namespace.List"}\0')
except OSError:
    pass
try:
    r, rest = read_reply(extra)
except (ConnectionResetError, socket.timeout) as e:
    fail("connection 5 of 4: no TooManyConnections reply (%s)" % e)
if r is None:
    fail("connection 5 of 4 was closed without a TooManyConnections reply")
if r != {"error": "io.nsctl.Service.TooManyConnections", "parameters": {"max": 4}}:
    fail("connection 5 of 4: expected TooManyConnections {max: 4}, got %r" % r)
try:
    more = extra.recv(100)
except ConnectionResetError:
    more = b""
except socket.timeout:
    fail("connection 5 of 4 was not closed after TooManyConnections")
if more:
    fail("connection 5 of 4: more data after TooManyConnections: %r" % more)
extra.close()

# The held connections still work.
for i, s in enumerate(held):
    r = call(s)
    if r is None or "error" in r:
        fail("held connection %d stopped working after the refused one: %r" % (i + 1, r))

# Free a place: a new connection is served.
held.pop().close()
time.sleep(0.3)
s = connect()
r = call(s)
if r is None or "error" in r:
    fail("a new connection after one was closed was not served: %r" % r)
held.append(s)
for s in held:
    s.close()
PY

# And afterwards the client works as usual.
expect_status 0 nsctl list
