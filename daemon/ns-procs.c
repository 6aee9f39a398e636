#include "ns-procs.h"

#include <dirent.h>
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
#include "ns-procs-bpf.h"
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

/* The inode number of /proc/PID/ns/TYPE, from the link's text
 * "TYPE:[INODE]", or 0.  readlinkat(2) costs half of what fstatat(2) does
 * (that follows the link into nsfs), and a delete looks at every process
 * of the machine: 3 against 6 us a process here. */
static unsigned long long ns_inode(int procfd, pid_t pid, int t) {
        char path[64], link[64];

        snprintf(path, sizeof(path), "%d/ns/%s", (int)pid, ns_type_name(t));
        ssize_t n = readlinkat(procfd, path, link, sizeof(link) - 1);
        if (n <= 0)
                return 0;
        link[n] = 0;
        const char *open = strchr(link, '[');
        return open ? strtoull(open + 1, NULL, 10) : 0;
}

/* Whether INO, a namespace of type T, is one of M's. */
static bool match_has(const struct ns_match *m, int t, unsigned long long ino) {
        return ino && (m->types & NS_TYPE_BIT(t)) && bsearch(&ino, m->inode[t], m->n[t], sizeof(ino), cmp_inode);
}

static bool pid_matches(int procfd, pid_t pid, const struct ns_match *m) {
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if ((m->types & NS_TYPE_BIT(t)) && match_has(m, t, ns_inode(procfd, pid, t)))
                        return true;
        return false;
}

static bool task_matches(const struct ns_task_record *task, const struct ns_match *m) {
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (match_has(m, t, task->inum[t]))
                        return true;
        return false;
}

typedef int scan_fn(int procfd, pid_t pid, void *data);

/* scan() over /proc: the thread-group leaders' links, one readlink per
 * process and type looked for. */
static int scan_proc(const struct ns_match *m, scan_fn *fn, void *data) {
        struct dirent *de;
        int r = 0;

        int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (procfd < 0)
                return negative_errno();
        DIR *d = fdopendir(procfd);
        if (!d) {
                close(procfd);
                return -ENOMEM;
        }
        pid_t self = getpid();
        while (r >= 0 && (de = readdir(d))) {
                if (de->d_name[0] < '1' || de->d_name[0] > '9')
                        continue;
                pid_t pid = (pid_t)atoi(de->d_name);
                if (pid > 0 && pid != self && pid_matches(procfd, pid, m))
                        r = fn(procfd, pid, data);
        }
        closedir(d);
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

/* scan() over the BPF iterator's records, one per thread: a process is
 * inside when any of its threads is (a thread may have unshared a
 * namespace its leader has not; the /proc walk only sees leaders).  The
 * matching tgids are collected first and reported once each after the
 * walk, so that a walk failing halfway can still fall back to /proc. */
struct collected {
        const struct ns_match *m;
        pid_t self;
        pid_t *pids;
        size_t n, cap;
};

static int collect_task(const struct ns_task_record *task, void *data) {
        struct collected *c = data;

        if ((pid_t)task->tgid == c->self || !task_matches(task, c->m))
                return 0;
        pid_t *p = room_for_one(c->pids, c->n, &c->cap, sizeof(*p));
        if (!p)
                return -ENOMEM;
        c->pids = p;
        c->pids[c->n++] = (pid_t)task->tgid;
        return 0;
}

/* Call FN for every process (but the daemon) inside one of M's
 * namespaces: one pass over the tasks, whatever the number of sets.  The
 * BPF iterator when it is loaded, else (or should it fail) /proc. */
static int scan(const struct ns_match *m, scan_fn *fn, void *data) {
        struct collected c = { .m = m, .self = getpid() };

        int r = ns_procs_bpf_walk(m->types, collect_task, &c);
        if (r < 0) {
                free(c.pids);
                if (r != -ENOTCONN)
                        log_full_errno(LOG_DEBUG, r, "The BPF task iterator failed, walking /proc instead");
                return scan_proc(m, fn, data);
        }
        qsort(c.pids, c.n, sizeof(*c.pids), cmp_pid);
        /* The callbacks read the few processes found from /proc. */
        int procfd = c.n ? open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        if (c.n && procfd < 0)
                r = negative_errno();
        for (size_t i = 0; r >= 0 && i < c.n; i++)
                if (i == 0 || c.pids[i] != c.pids[i - 1])
                        r = fn(procfd, c.pids[i], data);
        if (procfd >= 0)
                close(procfd);
        free(c.pids);
        return r;
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
        r = scan(&m, add_found, &f);
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
        int r = m->types ? scan(m, signal_found, &s) : 0;
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
