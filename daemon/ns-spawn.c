#include "ns-spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "holder.h"
#include "mntns-order.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* How long the daemon waits for a child step before giving up on it. */
#define SPAWN_TIMEOUT_MS 10000

/* Read exactly LEN bytes, waiting at most SPAWN_TIMEOUT_MS in all. */
static int read_bounded(int fd, void *buf, size_t len) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        size_t got = 0;

        while (got < len) {
                int n = poll(&p, 1, SPAWN_TIMEOUT_MS);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return negative_errno();
                if (n == 0)
                        return -ETIMEDOUT;
                ssize_t k = read(fd, (char *)buf + got, len - got);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return negative_errno();
                if (k == 0)
                        return -EPIPE; /* the child died; it said why on its status */
                got += (size_t)k;
        }
        return 0;
}

static int write_file(const char *path, const char *text) {
        _cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        size_t len = strlen(text);
        if (write(fd, text, len) != (ssize_t)len)
                return negative_errno();
        return 0;
}

/* The child reports a failure as one byte 'E' plus the errno, so the
 * daemon can give the real reason. */
__attribute__((noreturn)) static void child_fail(int to_parent, int err) {
        char msg[1 + sizeof(int)] = { 'E' };
        memcpy(msg + 1, &err, sizeof(int));
        (void)!write(to_parent, msg, sizeof(msg));
        _exit(1);
}

__attribute__((noreturn)) static void child_main(const struct ns_options *o, int from_parent, int to_parent) {
        unsigned types = o->types;
        int flags = 0;
        char c;

        int keep[2] = { from_parent < to_parent ? from_parent : to_parent,
                        from_parent < to_parent ? to_parent : from_parent };
        close_all_but(keep, 2);
        prctl(PR_SET_DUMPABLE, 0);
        uint64_t daemon_mntns = 0;
        bool check_mntns_id = (types & NS_TYPE_BIT(NS_TYPE_MNT)) && mntns_current_id(&daemon_mntns) == 0;

        if (types & NS_TYPE_BIT(NS_TYPE_USER)) {
                if (unshare(CLONE_NEWUSER) < 0)
                        child_fail(to_parent, errno);
                c = 'U';
                if (write(to_parent, &c, 1) != 1 || read(from_parent, &c, 1) != 1 || c != 'M')
                        _exit(1);
                /* Become root inside if root is mapped; if it is not, the
                 * calls fail and we go on with what we have. */
                (void)!setresgid(0, 0, 0);
                (void)!setresuid(0, 0, 0);
        }
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (t != NS_TYPE_USER && (types & NS_TYPE_BIT(t)))
                        flags |= ns_type_clone_flag(t);
        if (unshare(flags) < 0)
                child_fail(to_parent, errno);
        if (check_mntns_id) {
                int r = mntns_make_younger_than(daemon_mntns);
                if (r < 0)
                        child_fail(to_parent, -r);
        }
        if (types & NS_TYPE_BIT(NS_TYPE_MNT)) {
                /* Mounts made inside must not propagate to the host; the
                 * host's new mounts (e.g. in /run/netns) may come in. */
                if (mount("none", "/", "none", MS_REC | MS_SLAVE, NULL) < 0)
                        child_fail(to_parent, errno);
                /* With its own net namespace too, the set gets its own
                 * sysfs, so /sys/class/net shows its interfaces (as `ip
                 * netns exec` arranges for net-only sets). */
                if (types & NS_TYPE_BIT(NS_TYPE_NET)) {
                        (void)umount2("/sys", MNT_DETACH);
                        if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
                                child_fail(to_parent, errno);
                }
        }
        if (o->hostname[0] && sethostname(o->hostname, strlen(o->hostname)) < 0)
                child_fail(to_parent, errno);
        if (types & NS_TYPE_BIT(NS_TYPE_TIME)) {
                /* Offsets can only be set before the first process enters:
                 * now, since nothing is in it yet (time_for_children). */
                char buf[96];
                snprintf(buf, sizeof(buf), "monotonic %lld 0\nboottime %lld 0\n", (long long)o->monotonic_offset,
                         (long long)o->boottime_offset);
                int r = write_file("/proc/self/timens_offsets", buf);
                if (r < 0)
                        child_fail(to_parent, -r);
        }

        pid_t holder = 0;
        int holder_commit = -1;
        if (types & NS_TYPE_BIT(NS_TYPE_PID)) {
                int ready[2], commit[2];
                if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(commit, O_CLOEXEC) < 0)
                        child_fail(to_parent, errno);
                holder = fork();
                if (holder < 0)
                        child_fail(to_parent, errno);
                if (holder == 0) {
                        close(from_parent);
                        close(to_parent);
                        close(ready[0]);
                        close(commit[1]);
                        holder_main(ready[1], commit[0], types & NS_TYPE_BIT(NS_TYPE_MNT));
                }
                close(ready[1]);
                close(commit[0]);
                holder_commit = commit[1];
                if (read(ready[0], &c, 1) != 1 || c != 'R')
                        child_fail(to_parent, EPROTO);
                close(ready[0]);
        }

        char msg[1 + sizeof(pid_t)] = { 'R' };
        memcpy(msg + 1, &holder, sizeof(pid_t));
        if (write(to_parent, msg, sizeof(msg)) != (ssize_t)sizeof(msg))
                _exit(1);
        /* Wait for the commit; EOF (the daemon died or aborted) ends us,
         * and with us the holder, whose commit pipe then closes. */
        if (read(from_parent, &c, 1) != 1 || c != 'C')
                _exit(1);
        if (holder_commit >= 0 && write(holder_commit, &c, 1) != 1)
                _exit(1);
        _exit(0);
}

/* After a failure: read the child's 'E' + errno if it sent one. */
static int child_error(struct ns_spawn *s, char first) {
        int err;
        if (first == 'E' && read_bounded(s->from_child, &err, sizeof(err)) == 0 && err > 0)
                return -err;
        return -EPROTO;
}

void ns_spawn_abort(struct ns_spawn *s) {
        if (s->child > 0) {
                kill(s->child, SIGKILL);
                while (waitpid(s->child, NULL, 0) < 0 && errno == EINTR)
                        ;
        }
        closep(&s->to_child);
        closep(&s->from_child);
        s->child = s->holder = 0;
}

int ns_spawn_start(const struct ns_options *o, uid_t uid, gid_t gid, struct ns_spawn *ret) {
        int down[2], up[2], r;
        char c;

        *ret = (struct ns_spawn){ .to_child = -1, .from_child = -1 };
        if (pipe2(down, O_CLOEXEC) < 0)
                return negative_errno();
        if (pipe2(up, O_CLOEXEC) < 0) {
                r = negative_errno();
                close(down[0]);
                close(down[1]);
                return r;
        }
        pid_t pid = fork();
        if (pid < 0) {
                r = negative_errno();
                close(down[0]);
                close(down[1]);
                close(up[0]);
                close(up[1]);
                return r;
        }
        if (pid == 0) {
                /* If the daemon dies before the commit, so do we. */
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                close(down[1]);
                close(up[0]);
                child_main(o, down[0], up[1]);
        }
        close(down[0]);
        close(up[1]);
        ret->child = pid;
        ret->to_child = down[1];
        ret->from_child = up[0];

        if (o->types & NS_TYPE_BIT(NS_TYPE_USER)) {
                r = read_bounded(ret->from_child, &c, 1);
                if (r < 0 || c != 'U') {
                        r = r < 0 ? r : child_error(ret, c);
                        goto fail;
                }
                _cleanup_free_ char *uid_map = ns_options_uid_map_text(o, uid);
                _cleanup_free_ char *gid_map = ns_options_gid_map_text(o, gid);
                char path[64];
                if (uid_map) {
                        snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
                        r = write_file(path, uid_map);
                        if (r < 0)
                                goto fail;
                }
                if (gid_map) {
                        snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
                        r = write_file(path, gid_map);
                        if (r < 0)
                                goto fail;
                }
                c = 'M';
                if (write(ret->to_child, &c, 1) != 1) {
                        r = negative_errno();
                        goto fail;
                }
        }

        char msg[1 + sizeof(pid_t)];
        r = read_bounded(ret->from_child, msg, 1);
        if (r == 0 && msg[0] != 'R')
                r = child_error(ret, msg[0]);
        if (r == 0)
                r = read_bounded(ret->from_child, msg + 1, sizeof(pid_t));
        if (r < 0)
                goto fail;
        memcpy(&ret->holder, msg + 1, sizeof(pid_t));
        return 0;
fail:
        ns_spawn_abort(ret);
        return r;
}

void ns_spawn_source(const struct ns_spawn *s, enum ns_type t, char *buf, size_t len) {
        /* The holder is inside every namespace of the set, PID and time
         * included; without one, the child is in all but time, which it
         * made for its children. */
        if (s->holder > 0)
                snprintf(buf, len, "/proc/%d/ns/%s", (int)s->holder, ns_type_name(t));
        else if (t == NS_TYPE_TIME)
                snprintf(buf, len, "/proc/%d/ns/time_for_children", (int)s->child);
        else
                snprintf(buf, len, "/proc/%d/ns/%s", (int)s->child, ns_type_name(t));
}

int ns_spawn_commit(struct ns_spawn *s) {
        char c = 'C';
        int status, r = 0;

        if (write(s->to_child, &c, 1) != 1)
                r = negative_errno();
        while (waitpid(s->child, &status, 0) < 0 && errno == EINTR)
                ;
        if (r == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
                r = -EPROTO;
        closep(&s->to_child);
        closep(&s->from_child);
        s->child = 0;
        return r;
}
