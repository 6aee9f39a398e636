#include "holder.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif

static void nothing(int sig) {
}

void holder_main(int ready_fd, int commit_fd, bool mount_proc) {
        char c = 'R';

        prctl(PR_SET_NAME, "nsctl-init");
        /* Not dumpable: nobody inside may ptrace it or open its /proc files
         * to reach what it holds. */
        prctl(PR_SET_DUMPABLE, 0);
        if (mount_proc) {
                /* Our own /proc, so that ps inside shows the set's processes.
                 * The mount namespace is a slave of the host's, so this does
                 * not propagate out. */
                umount2("/proc", MNT_DETACH);
                if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
                        c = 'P';
        }
        if (write(ready_fd, &c, 1) != 1 || c != 'R')
                _exit(1);
        /* Commit, or EOF when the child (and so the daemon's create) died. */
        if (read(commit_fd, &c, 1) != 1 || c != 'C')
                _exit(0);

        /* Hold nothing of the daemon's: 0-2 on /dev/null, nothing else. */
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null >= 0) {
                dup2(null, 0); /* cloexec: the holder's stdio, meant to stay */
                dup2(null, 1); /* cloexec: the holder's stdio, meant to stay */
                dup2(null, 2); /* cloexec: the holder's stdio, meant to stay */
        }
        close_range(3, ~0U, 0);
        setsid();

        /* PID 1 ignores signals it has no handler for; handlers make
         * SIGTERM stop it and SIGCHLD wake it to reap. */
        sigset_t set;
        sigfillset(&set);
        sigprocmask(SIG_BLOCK, &set, NULL);
        signal(SIGCHLD, nothing);
        signal(SIGTERM, nothing);
        signal(SIGINT, nothing);
        for (;;) {
                int sig = sigwaitinfo(&set, NULL);
                if (sig == SIGTERM || sig == SIGINT)
                        _exit(0);
                if (sig == SIGCHLD)
                        while (waitpid(-1, NULL, WNOHANG) > 0)
                                ;
        }
}
