#include "ns-procs.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "task-walk.h"
#include "pidfd-util.h"
#include "util.h"

static int cmp_inode(const void *a, const void *b) {
        unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
        return x < y ? -1 : x > y;
}

static int cmp_pid(const void *a, const void *b) {
        pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
        return x < y ? -1 : x > y;
}

int ns_match_init(struct ns_match *m, const struct ns_set *const *sets, size_t n) {
        *m = (struct ns_match){ 0 };
        for (size_t i = 0; i < n; i++)
                m->types |= sets[i]->types;
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if ((m->types & NS_TYPE_BIT(t)) && !(m->inode[t] = malloc(n * sizeof(*m->inode[t]))))
                        goto oom;
        if (!(m->holder = malloc((n + 1) * sizeof(*m->holder))))
                goto oom;
        for (size_t i = 0; i < n; i++) {
                for (int t = 0; t < NS_TYPE_MAX; t++)
                        if (sets[i]->types & NS_TYPE_BIT(t))
                                m->inode[t][m->n[t]++] = sets[i]->inode[t];
                if (sets[i]->holder > 0)
                        m->holder[m->nholder++] = sets[i]->holder;
        }
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (m->n[t] > 1)
                        qsort(m->inode[t], m->n[t], sizeof(*m->inode[t]), cmp_inode);
        qsort(m->holder, m->nholder, sizeof(*m->holder), cmp_pid);
        return 0;
oom:
        ns_match_done(m);
        return -ENOMEM;
}

void ns_match_done(struct ns_match *m) {
        for (int t = 0; t < NS_TYPE_MAX; t++)
                free(m->inode[t]);
        free(m->holder);
        *m = (struct ns_match){ 0 };
}

static bool is_holder(const struct ns_match *m, pid_t pid) {
        return m->nholder > 0 && bsearch(&pid, m->holder, m->nholder, sizeof(pid), cmp_pid);
}

/* Whether INO, a namespace of type T, is one of M's. */
static bool match_has(const struct ns_match *m, int t, unsigned long long ino) {
        return ino && (m->types & NS_TYPE_BIT(t)) && bsearch(&ino, m->inode[t], m->n[t], sizeof(ino), cmp_inode);
}

static bool task_matches(const struct ns_task_record *task, const struct ns_match *m) {
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (match_has(m, t, task->inum[t]))
                        return true;
        return false;
}

/* The walk that busy checks share while sharing is on (see
 * ns_procs_share_walks). */
static struct task_walk shared;
static bool sharing, shared_taken;

void ns_procs_share_walks(bool on) {
        sharing = on;
        if (!on && shared_taken) {
                task_walk_free(&shared);
                shared_taken = false;
        }
}

typedef int scan_fn(int procfd, pid_t pid, void *data);

/* Call FN once for every process (but the daemon) inside one of M's
 * namespaces: one walk over the tasks, whatever the number of sets.  A
 * process is inside when any of its threads is (a thread may have unshared
 * a namespace its leader has not).  With MAY_SHARE, while sharing is on,
 * the walk is the one an earlier call made, if it read M's types. */
static int scan(const struct ns_match *m, bool may_share, scan_fn *fn, void *data) {
        struct task_walk own = { 0 }, *w = &own;
        pid_t *pids = NULL;
        size_t n = 0;
        int r = 0;

        if (may_share && sharing) {
                w = &shared;
                if (!shared_taken || (m->types & ~shared.types)) {
                        r = task_walk_take(w, m->types | (shared_taken ? shared.types : 0));
                        shared_taken = r >= 0;
                }
        } else {
                r = task_walk_take(w, m->types);
        }
        if (r >= 0 && w->n && !(pids = malloc(w->n * sizeof(*pids))))
                r = -ENOMEM;
        for (size_t i = 0; r >= 0 && i < w->n; i++)
                if (task_matches(&w->task[i], m))
                        pids[n++] = (pid_t)w->task[i].tgid;
        task_walk_free(&own);
        if (n > 1)
                qsort(pids, n, sizeof(*pids), cmp_pid);
        /* The callbacks read the few processes found from /proc. */
        int procfd = n ? open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        if (n && procfd < 0)
                r = negative_errno();
        for (size_t i = 0; r >= 0 && i < n; i++)
                if (i == 0 || pids[i] != pids[i - 1])
                        r = fn(procfd, pids[i], data);
        if (procfd >= 0)
                close(procfd);
        free(pids);
        return r;
}

/* ARR (N used of *CAP elements of SIZE) with room for one more: moved
 * perhaps, or NULL when out of memory (ARR is then as it was). */
static void *room_for_one(void *arr, size_t n, size_t *cap, size_t size) {
        if (n < *cap)
                return arr;
        size_t c = *cap ? *cap * 2 : 16;
        void *p = realloc(arr, c * size);
        if (p)
                *cap = c;
        return p;
}

static char *read_command(int procfd, pid_t pid) {
        char path[64], buf[512];
        ssize_t n = 0;

        snprintf(path, sizeof(path), "%d/cmdline", (int)pid);
        _cleanup_close_ int fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0)
                n = read(fd, buf, sizeof(buf) - 1);
        if (n > 0) {
                for (ssize_t i = 0; i < n; i++)
                        if (buf[i] == '\0')
                                buf[i] = ' ';
                while (n > 0 && buf[n - 1] == ' ')
                        n--;
                buf[n] = '\0';
                return strdup(buf);
        }
        /* No cmdline (a zombie, or a kernel thread): [comm] as ps shows. */
        snprintf(path, sizeof(path), "%d/comm", (int)pid);
        closep(&fd);
        fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
        n = fd >= 0 ? read(fd, buf + 1, sizeof(buf) - 3) : -1;
        if (n <= 0)
                return strdup("?");
        if (buf[n] == '\n')
                n--;
        buf[0] = '[';
        buf[n + 1] = ']';
        buf[n + 2] = '\0';
        return strdup(buf);
}

struct found {
        const struct ns_match *m;
        struct ns_proc *procs;
        size_t n, cap;
};

static int add_found(int procfd, pid_t pid, void *data) {
        struct found *f = data;
        char name[16];
        struct stat st;

        snprintf(name, sizeof(name), "%d", (int)pid);
        if (fstatat(procfd, name, &st, 0) < 0)
                return 0; /* gone meanwhile */
        struct ns_proc *p = room_for_one(f->procs, f->n, &f->cap, sizeof(*p));
        if (!p)
                return -ENOMEM;
        f->procs = p;
        f->procs[f->n++] = (struct ns_proc){ .pid = pid, .uid = st.st_uid, .holder = is_holder(f->m, pid),
                                             .command = read_command(procfd, pid) };
        return 0;
}

int ns_procs_find(const struct ns_set *set, struct ns_proc **ret, size_t *ret_n) {
        struct ns_match m;
        int r = ns_match_init(&m, &set, 1);
        if (r < 0)
                return r;
        struct found f = { .m = &m };
        r = scan(&m, true, add_found, &f);
        ns_match_done(&m);
        if (r < 0) {
                ns_procs_free(f.procs, f.n);
                return r;
        }
        *ret = f.procs;
        *ret_n = f.n;
        return 0;
}

void ns_procs_free(struct ns_proc *procs, size_t n) {
        for (size_t i = 0; i < n; i++)
                free(procs[i].command);
        free(procs);
}

static long now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

struct signalled {
        const struct ns_match *m;
        int sig;
        struct pollfd *fds;
        size_t n, cap;
};

/* Signal one process found inside (holders excepted: they end with their
 * set); its pidfd is kept, so we can tell when it is gone. */
static int signal_found(int procfd, pid_t pid, void *data) {
        struct signalled *s = data;
        (void)procfd;

        if (is_holder(s->m, pid))
                return 0;
        struct pollfd *p = room_for_one(s->fds, s->n, &s->cap, sizeof(*p));
        if (!p)
                return -ENOMEM;
        s->fds = p;
        int fd = pidfd_open_pid(pid);
        if (fd < 0)
                return 0; /* already gone */
        (void)pidfd_signal(fd, s->sig);
        s->fds[s->n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
        return 0;
}

/* Wait until every pidfd in FDS is readable (its process exited) or the
 * deadline passes.  Returns how many are still running. */
static size_t wait_exit(struct pollfd *fds, size_t nfds, long deadline) {
        for (;;) {
                size_t running = ns_procs_running(fds, nfds);
                long left = deadline - now_ms();
                if (running == 0 || left <= 0)
                        return running;
                struct timespec ts = { 0, 10 * 1000000L };
                nanosleep(&ts, NULL);
        }
}

int ns_procs_signal(const struct ns_match *m, int sig, struct pollfd **fds, size_t *n) {
        struct signalled s = { .m = m, .sig = sig, .fds = *fds, .n = *n, .cap = *n };
        int r = m->types ? scan(m, false, signal_found, &s) : 0;
        *fds = s.fds;
        *n = s.n;
        return r;
}

size_t ns_procs_running(const struct pollfd *fds, size_t n) {
        size_t running = 0;
        for (size_t i = 0; i < n; i++) {
                struct pollfd one = { .fd = fds[i].fd, .events = POLLIN };
                if (poll(&one, 1, 0) == 0)
                        running++;
        }
        return running;
}

void ns_procs_close(struct pollfd *fds, size_t n) {
        for (size_t i = 0; i < n; i++)
                close(fds[i].fd);
        free(fds);
}

int ns_procs_terminate_match(const struct ns_match *m, int grace_ms) {
        struct pollfd *fds = NULL;
        size_t n = 0;
        int r = ns_procs_signal(m, SIGTERM, &fds, &n);
        if (r >= 0 && wait_exit(fds, n, now_ms() + grace_ms) > 0) {
                /* Also catches processes that entered after the SIGTERM. */
                r = ns_procs_signal(m, SIGKILL, &fds, &n);
                if (r >= 0 && wait_exit(fds, n, now_ms() + 2000) > 0)
                        r = -EBUSY;
        }
        ns_procs_close(fds, n);
        return r;
}

int ns_procs_terminate(const struct ns_set *set, int grace_ms) {
        struct ns_match m;
        int r = ns_match_init(&m, &set, 1);
        if (r < 0)
                return r;
        r = ns_procs_terminate_match(&m, grace_ms);
        ns_match_done(&m);
        return r;
}
