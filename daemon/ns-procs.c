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

#include "pidfd-util.h"
#include "util.h"

static bool pid_in_set(int procfd, pid_t pid, const struct ns_set *set) {
        char path[64];
        struct stat st;

        for (int t = 0; t < NS_TYPE_MAX; t++) {
                if (!(set->types & NS_TYPE_BIT(t)))
                        continue;
                snprintf(path, sizeof(path), "%d/ns/%s", (int)pid, ns_type_name(t));
                if (fstatat(procfd, path, &st, 0) == 0 && st.st_ino == set->inode[t])
                        return true;
        }
        return false;
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

int ns_procs_find(const struct ns_set *set, struct ns_proc **ret, size_t *ret_n) {
        struct ns_proc *procs = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;
        struct stat st;

        int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (procfd < 0)
                return negative_errno();
        DIR *d = fdopendir(procfd);
        if (!d) {
                close(procfd);
                return -ENOMEM;
        }
        while ((de = readdir(d))) {
                if (de->d_name[0] < '1' || de->d_name[0] > '9')
                        continue;
                pid_t pid = (pid_t)atoi(de->d_name);
                if (pid <= 0 || pid == getpid() || !pid_in_set(procfd, pid, set))
                        continue;
                if (fstatat(procfd, de->d_name, &st, 0) < 0)
                        continue; /* gone meanwhile */
                if (n == cap) {
                        cap = cap ? cap * 2 : 16;
                        struct ns_proc *p = realloc(procs, cap * sizeof(*p));
                        if (!p) {
                                ns_procs_free(procs, n);
                                closedir(d);
                                return -ENOMEM;
                        }
                        procs = p;
                }
                procs[n] = (struct ns_proc){ .pid = pid, .uid = st.st_uid, .holder = pid == set->holder,
                                             .command = read_command(procfd, pid) };
                n++;
        }
        closedir(d);
        *ret = procs;
        *ret_n = n;
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

/* Signal every non-holder process of the set; their pidfds are appended
 * to FDS so we can tell when they are gone. */
static int signal_all(const struct ns_set *set, int sig, struct pollfd **fds, size_t *nfds) {
        struct ns_proc *procs;
        size_t n;
        int r = ns_procs_find(set, &procs, &n);
        if (r < 0)
                return r;
        struct pollfd *p = realloc(*fds, (*nfds + n + 1) * sizeof(**fds));
        if (!p) {
                ns_procs_free(procs, n);
                return -ENOMEM;
        }
        *fds = p;
        for (size_t i = 0; i < n; i++) {
                if (procs[i].holder)
                        continue;
                int fd = pidfd_open_pid(procs[i].pid);
                if (fd < 0)
                        continue; /* already gone */
                (void)pidfd_signal(fd, sig);
                p[(*nfds)++] = (struct pollfd){ .fd = fd, .events = POLLIN };
        }
        ns_procs_free(procs, n);
        return 0;
}

/* Wait until every pidfd in FDS is readable (its process exited) or the
 * deadline passes.  Returns how many are still running. */
static size_t wait_exit(struct pollfd *fds, size_t nfds, long deadline) {
        for (;;) {
                size_t running = 0;
                for (size_t i = 0; i < nfds; i++) {
                        struct pollfd one = { .fd = fds[i].fd, .events = POLLIN };
                        if (poll(&one, 1, 0) == 0)
                                running++;
                }
                long left = deadline - now_ms();
                if (running == 0 || left <= 0)
                        return running;
                struct timespec ts = { 0, 10 * 1000000L };
                nanosleep(&ts, NULL);
        }
}

int ns_procs_terminate(const struct ns_set *set, int grace_ms) {
        struct pollfd *fds = NULL;
        size_t nfds = 0;
        int r;

        r = signal_all(set, SIGTERM, &fds, &nfds);
        if (r >= 0 && wait_exit(fds, nfds, now_ms() + grace_ms) > 0) {
                /* Also catches processes that entered after the SIGTERM. */
                r = signal_all(set, SIGKILL, &fds, &nfds);
                if (r >= 0 && wait_exit(fds, nfds, now_ms() + 2000) > 0)
                        r = -EBUSY;
        }
        for (size_t i = 0; i < nfds; i++)
                close(fds[i].fd);
        free(fds);
        return r;
}
