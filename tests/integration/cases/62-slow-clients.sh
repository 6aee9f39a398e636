# nsctld-args: --max-connections 10100 --max-output-buffer 1048576
# timeout: 180
#
# Slow and broken clients do not hold up the others.  At the same time:
# one client writes a call one byte a second; one pipelines 2000 List
# calls and reads none of the replies (the daemon must stop reading it once
# 1 MiB of replies, --max-output-buffer, waits, and not buffer more); 200
# leave in the middle of a message, one of them after 3 MB of it; and as
# many idle connections as the descriptor limit allows, up to 10000 (2000
# under a memory checker, where the point is the daemon's memory, not its
# scale), stay open and silent.  Meanwhile another client's List round trip, on its
# open connection and on a new one, must stay under 1 s.  Afterwards the
# slow call is answered, the non-reader gets all 2000 replies in order, and
# the daemon holds exactly the descriptors it held before.  Last, with the
# daemon's descriptor limit lowered under it (prlimit), clients beyond it
# wait (no busy loop in the daemon) and are served when others leave.

# Thirty sets, so that a List reply is about 10 KB.
args=()
for i in $(seq 1 30); do
        args+=(-m "{\"method\":\"io.nsctl.Namespace.Create\",\"parameters\":{\"name\":\"slow$i\",\"types\":[\"net\",\"uts\"]}}")
done
run vlraw "${args[@]}" --timeout 60
expect_eq "$STATUS" 0 "vlraw status (creating 30 sets)"
fds0=$(daemon_fd_baseline)

# This shell's own limit bounds the Python client's.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# Under a memory checker RSS says little (lib.sh, memory_tool).
"$PYTHON" - "$SOCK" "$DAEMON_PID" "$(memory_tool)" <<'PY' || fail "slow and broken clients (see above)"
import json, os, resource, socket, sys, threading, time

path, pid, memtool = sys.argv[1], int(sys.argv[2]), sys.argv[3]
checked = memtool != "none"
MAX_OUTPUT = 1048576  # --max-output-buffer above
# Seconds a List round trip may take: a client the daemon stopped serving
# would wait until the end of the case instead.  The closing of the idle
# connections comes before it in the queue; ASan makes the daemon about 3
# times slower (1.4 s seen with the suite loading both cores), valgrind 20.
# Over 5 s under ASan, with four cases at once on two cores, was a 128 KiB
# allocation per read, since fixed (0.2-0.3 s in that mix); the allowance
# stays for a loaded machine.
PROMPT = {"valgrind": 6.0, "asan": 6.0}.get(memtool, 1.0)
LIST = b'{"method":"io.nsctl.Namespace.List"}\0'
errors = []


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.stderr.flush()
    os._exit(1)  # threads may be blocked on the daemon


def note(msg):
    print("# " + msg)
    sys.stdout.flush()


def rss_kib():
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])


def cpu_seconds():
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / 100.0


def daemon_fd_limit():
    for line in open("/proc/%d/limits" % pid):
        if line.startswith("Max open files"):
            v = line.split()[3]
            return 1 << 30 if v == "unlimited" else int(v)


def connect(timeout=10):
    # A UNIX socket's connect fails with EAGAIN, rather than waiting, while
    # the listen backlog is full (a daemon slowed down by valgrind, 10000
    # clients connecting): try again until the timeout.
    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            s.connect(path)
            return s
        except BlockingIOError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def read_reply(s, buf=b""):
    while b"\0" not in buf:
        data = s.recv(1 << 16)
        if not data:
            raise EOFError("connection closed")
        buf += data
    msg, rest = buf.split(b"\0", 1)
    return json.loads(msg), rest


def list_ok(r):
    return "error" not in r and len(r["parameters"]["namespaces"]) == 30


# ---- the prompt client: List round trips all along, in phases ------------------

phase = "start"
samples = []  # (phase, seconds, new connection?)
stop = threading.Event()


def measure():
    probe = connect(3 * PROMPT)
    n = 0
    while not stop.is_set():
        for fresh in ((False, True) if n % 5 == 0 else (False,)):
            t0 = time.monotonic()
            try:
                s = connect(3 * PROMPT) if fresh else probe
                s.sendall(LIST)
                r, _ = read_reply(s)
                if fresh:
                    s.close()
                if not list_ok(r):
                    errors.append("prompt client: bad List reply %r" % json.dumps(r)[:200])
            except (OSError, EOFError, ValueError) as e:
                errors.append("prompt client (%s): %s" % (phase, e))
            samples.append((phase, time.monotonic() - t0, fresh))
        n += 1
        time.sleep(0.1)
    probe.close()


measurer = threading.Thread(target=measure, daemon=True)
measurer.start()

# ---- one byte a second ------------------------------------------------------------

SLOW_BYTES = 20  # then the rest at once: the whole call at 1 B/s would take 37 s
slow_result = []


def slow_writer():
    try:
        s = connect(60)
        for i in range(SLOW_BYTES):
            s.sendall(LIST[i:i + 1])
            time.sleep(1)
        s.sendall(LIST[SLOW_BYTES:])
        r, _ = read_reply(s)
        slow_result.append(r)
        s.close()
    except (OSError, EOFError, ValueError) as e:
        slow_result.append(e)


slow = threading.Thread(target=slow_writer, daemon=True)
slow.start()

# ---- leaving in the middle of a message ------------------------------------------

phase = "disconnects"
call = b'{"method":"io.nsctl.Namespace.Create","parameters":{"name":"never"}}\0'
for i in range(199):
    s = connect()
    s.sendall(call[:1 + i % (len(call) - 2)])
    s.close()
s = connect()
s.sendall(b'{"method":"io.nsctl.Namespace.List","parameters":{"x":"' + b"y" * (3 << 20))
s.close()

# ---- idle connections ------------------------------------------------------------------

phase = "idle"
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
IDLE = 2000 if checked else 10000
n_idle = min(IDLE, hard - 300, daemon_fd_limit() - 300)
if n_idle < IDLE:
    note("only %d idle connections: descriptor limits %d (this client), %d (the daemon)"
         % (n_idle, hard, daemon_fd_limit()))
t0 = time.monotonic()
idle = []
for i in range(n_idle):
    idle.append(connect(30))
# The daemon has accepted them all.
deadline = time.monotonic() + 30
while True:
    s = connect()
    s.sendall(b'{"method":"io.nsctl.Service.GetStatus"}\0')
    r, _ = read_reply(s)
    s.close()
    if r["parameters"]["connections"] >= n_idle or time.monotonic() > deadline:
        break
    time.sleep(0.2)
if r["parameters"]["connections"] < n_idle:
    fail("the daemon has %d connections, %d idle ones were opened" % (r["parameters"]["connections"], n_idle))
note("%d idle connections open and accepted in %.1f s (GetStatus: %d connections)"
     % (n_idle, time.monotonic() - t0, r["parameters"]["connections"]))

# ---- a client that never reads its replies -------------------------------------------

phase = "non-reader"
rss_before = rss_kib()
# Calls padded to 1 KiB, so that 2 MB of them is more than the socket
# buffers hold, while 2000 replies of 10 KB are quickly read at the end.
CALLS = 2000
PADDED = LIST[:-2] + b" " * (1024 - len(LIST)) + b"}\0"
nr = connect(300)


def non_reader_writer():
    try:
        nr.sendall(PADDED * CALLS)
    except OSError as e:
        errors.append("non-reader: sending: %s" % e)


nr_writer = threading.Thread(target=non_reader_writer, daemon=True)
nr_writer.start()
# Wait until the daemon has stopped reading it: the writer stays blocked.
time.sleep(2)
if not nr_writer.is_alive():
    fail("the daemon read all %d pipelined calls of a client that reads no replies (%d MB of replies buffered?)"
         % (CALLS, CALLS // 100))
rss_blocked = rss_kib()
note("non-reader: the daemon stopped reading it; RSS %d -> %d KiB" % (rss_before, rss_blocked))
if not checked and rss_blocked - rss_before > 2 * MAX_OUTPUT // 1024 + 2048:
    fail("the daemon's RSS grew by %d KiB for a client that reads nothing (limit %d KiB of replies)"
         % (rss_blocked - rss_before, MAX_OUTPUT // 1024))

# ---- the slow call is answered ---------------------------------------------------------

phase = "slow"
slow.join(SLOW_BYTES + 30)
if not slow_result or not isinstance(slow_result[0], dict) or not list_ok(slow_result[0]):
    fail("the call written one byte a second got %r" % (slow_result,))
note("the call written one byte a second (%d s) was answered" % SLOW_BYTES)

# ---- the non-reader reads after all: every reply, in order ---------------------------

phase = "non-reader reads"
t0 = time.monotonic()
buf = b""
for i in range(CALLS):
    try:
        r, buf = read_reply(nr, buf)
    except (OSError, EOFError, ValueError) as e:
        fail("non-reader: reply %d of %d: %s" % (i, CALLS, e))
    if not list_ok(r):
        fail("non-reader: reply %d is %r" % (i, json.dumps(r)[:200]))
nr_writer.join(60)
nr.close()
note("non-reader: all %d replies read in %.1f s" % (CALLS, time.monotonic() - t0))

phase = "closing"
for s in idle:
    s.close()
time.sleep(0.5)
stop.set()
measurer.join()

if errors:
    fail("; ".join(errors[:5]))
worst = max(samples, key=lambda x: x[1])
by_phase = {}
for p, t, fresh in samples:
    by_phase.setdefault(p, []).append(t)
note("List round trips: %d, the slowest %.3f s (%s%s); per phase: %s" % (
    len(samples), worst[1], worst[0], ", new connection" if worst[2] else "",
    ", ".join("%s max %.3f s" % (p, max(v)) for p, v in by_phase.items())))
if worst[1] >= PROMPT:
    fail("a List round trip took %.3f s (%s), more than %.1f s" % (worst[1], worst[0], PROMPT))
PY

wait_until 10 eval 'test "$(daemon_fd_count)" = "$fds0"' ||
        fail "the daemon holds $(daemon_fd_count) descriptors after the clients left, $fds0 before"
note "descriptors: $fds0 before and after"

# ---- out of descriptors ------------------------------------------------------------------

# 40 descriptors: the daemon's own and about 25 connections.  Clients
# beyond wait in the listen queue; the daemon must not spin on accept().
# (The soft limit only: raising a hard limit again needs CAP_SYS_RESOURCE.)
hard=$(awk '/^Max open files/ { print $5 }' "/proc/$DAEMON_PID/limits")
prlimit --pid "$DAEMON_PID" --nofile=40: || fail "prlimit cannot lower the daemon's descriptor limit"
"$PYTHON" - "$SOCK" "$DAEMON_PID" <<'PY' || fail "out of descriptors (see above)"
import socket, sys, time

path, pid = sys.argv[1], int(sys.argv[2])
LIST = b'{"method":"io.nsctl.Namespace.List"}\0'


def cpu_seconds():
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / 100.0


def served(s, timeout):
    s.settimeout(timeout)
    try:
        return s.recv(1 << 16) != b""
    except (socket.timeout, OSError):
        return False


conns = []
for i in range(60):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(LIST)
    conns.append(s)
c0 = cpu_seconds()
time.sleep(2)
spent = cpu_seconds() - c0
first = [served(s, 2) for s in conns[:20]]
if not all(first):
    print("FAIL: of the first 20 connections only %d were served" % sum(first), file=sys.stderr)
    sys.exit(1)
if spent > 0.5:
    print("FAIL: the daemon used %.2f s of CPU in 2 s while out of descriptors (spinning on accept?)" % spent,
          file=sys.stderr)
    sys.exit(1)
# Leaving frees descriptors: the waiting clients are served, 25 at a time.
for s in conns[:30]:
    s.close()
late = [served(s, 5) for s in conns[30:50]]
if not all(late):
    print("FAIL: after 30 clients left, only %d of the next 20 waiting were served" % sum(late), file=sys.stderr)
    sys.exit(1)
for s in conns[30:]:
    s.close()
print("# out of descriptors: %.2f s of CPU in 2 s; waiting clients served once others left" % spent)
PY
prlimit --pid "$DAEMON_PID" --nofile="$hard": || fail "prlimit cannot raise the daemon's descriptor limit again"
grep -q 'accept failed' "$LOG" || fail "the daemon did not log that accept failed"

wait_until 10 eval 'test "$(daemon_fd_count)" = "$fds0"' ||
        fail "the daemon holds $(daemon_fd_count) descriptors after the clients left, $fds0 before"
vlcall io.nsctl.Namespace.List
expect_reply_ok "len(p['namespaces']) == 30"
args=()
for i in $(seq 1 30); do
        args+=(-m "{\"method\":\"io.nsctl.Namespace.Delete\",\"parameters\":{\"name\":\"slow$i\"}}")
done
run vlraw "${args[@]}" --timeout 60
expect_eq "$STATUS" 0 "vlraw status (deleting 30 sets)"
expect_no_namespaces "at the end"
