#include "spawn.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "log.h"

/* All fds above 2; close_range() needs Linux 5.9, so fall back to a loop. */
static void close_inherited_fds(void) {
        if (close_range(3, ~0U, 0) == 0)
                return;
        long max = sysconf(_SC_OPEN_MAX);
        for (long fd = 3; fd < (max > 0 ? max : 1024); fd++)
                close((int)fd);
}

struct saved_signals {
        sigset_t mask;
        struct sigaction intr, quit, chld;
};

static void restore_signals(const struct saved_signals *s) {
        sigaction(SIGINT, &s->intr, NULL);
        sigaction(SIGQUIT, &s->quit, NULL);
        sigaction(SIGCHLD, &s->chld, NULL);
        sigprocmask(SIG_SETMASK, &s->mask, NULL);
}

static _Noreturn void child(char **argv, const struct saved_signals *saved, pid_t parent) {
        /* The signal mask and ignored signals survive execve: give the
         * command what we were given. */
        restore_signals(saved);
        /* If nsctl dies without passing a signal on, the command should
         * not live on unnoticed; check the parent did not die already. */
        if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) < 0 || getppid() != parent)
                _exit(NSCTL_EXIT_FAILURE);
        close_inherited_fds();
        execvp(argv[0], argv);
        int e = errno;
        log_error("%s: %s", argv[0], strerror(e));
        _exit(e == ENOENT ? 127 : 126);
}

int spawn_wait(char **argv) {
        struct sigaction ignore = { .sa_handler = SIG_IGN }, dfl = { .sa_handler = SIG_DFL };
        struct saved_signals saved;
        sigset_t waited;
        pid_t pid, parent = getpid();
        int status, r;

        /* Signals are taken with sigwaitinfo() rather than handlers, so
         * none is lost between fork() and knowing the child's pid: they
         * stay pending until we wait for them.  SIGCHLD must not be
         * ignored, or the kernel would reap the child for us. */
        sigemptyset(&waited);
        sigaddset(&waited, SIGCHLD);
        sigaddset(&waited, SIGTERM);
        sigaddset(&waited, SIGHUP);
        sigprocmask(SIG_BLOCK, &waited, &saved.mask);
        sigaction(SIGCHLD, &dfl, &saved.chld);
        /* Like system(3): ^C and ^\ go to the whole foreground process
         * group; the command decides what they mean, nsctl just waits. */
        sigaction(SIGINT, &ignore, &saved.intr);
        sigaction(SIGQUIT, &ignore, &saved.quit);

        fflush(NULL);
        pid = fork();
        if (pid < 0) {
                r = errno;
                restore_signals(&saved);
                log_error("cannot start %s: %s", argv[0], strerror(r));
                return NSCTL_EXIT_FAILURE;
        }
        if (pid == 0)
                child(argv, &saved, parent);

        for (;;) {
                siginfo_t si;
                int sig = sigwaitinfo(&waited, &si);

                if (sig < 0)
                        continue; /* EINTR: a stop and continue */
                if (sig == SIGTERM || sig == SIGHUP) {
                        kill(pid, sig);
                        continue;
                }
                do
                        r = waitpid(pid, &status, WNOHANG);
                while (r < 0 && errno == EINTR);
                if (r == pid)
                        break;
                if (r < 0) {
                        log_error("cannot wait for %s: %s", argv[0], strerror(errno));
                        restore_signals(&saved);
                        return NSCTL_EXIT_FAILURE;
                }
        }
        restore_signals(&saved);

        if (WIFEXITED(status))
                return WEXITSTATUS(status);
        if (WIFSIGNALED(status))
                return 128 + WTERMSIG(status);
        return NSCTL_EXIT_FAILURE;
}
