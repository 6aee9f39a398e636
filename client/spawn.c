#include "spawn.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "creds.h"
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
        struct sigaction intr, quit, tstp, chld;
};

static void restore_signals(const struct saved_signals *s) {
        sigaction(SIGINT, &s->intr, NULL);
        sigaction(SIGQUIT, &s->quit, NULL);
        sigaction(SIGTSTP, &s->tstp, NULL);
        sigaction(SIGCHLD, &s->chld, NULL);
        sigprocmask(SIG_SETMASK, &s->mask, NULL);
}

/* Go to S->cwd, checking with getcwd() that we are where we meant to be:
 * a directory outside the set's mount namespace would be "(unreachable)".
 * Falls back to "/" unless the directory was asked for. */
static int change_dir(const struct spawn *s) {
        const char *dir = s->cwd ? s->cwd : "/";
        char *now = NULL;
        int r = 0;

        if (chdir(dir) < 0)
                r = -errno;
        else if (!(now = getcwd(NULL, 0)) || now[0] != '/')
                r = now ? -ENOENT : -errno;
        free(now);
        if (r == 0)
                return 0;
        if (s->cwd_required) {
                log_error("cannot change directory to %s: %s", dir, strerror(-r));
                return r;
        }
        if (chdir("/") < 0) {
                r = -errno;
                log_error("cannot change directory to /: %s", strerror(-r));
                return r;
        }
        /* A shell believes $PWD if it names the working directory. */
        setenv("PWD", "/", 1);
        return 0;
}

static _Noreturn void child(const struct spawn *s, const struct saved_signals *saved) {
        /* 0 in a new pid namespace, where our parent is not visible: what
         * matters is that it stays the same. */
        pid_t parent = getppid();
        int e;

        if (creds_apply(s->creds, s->in_userns) < 0)
                _exit(NSCTL_EXIT_FAILURE);
        /* After the credential change, which clears it.  If nsctl dies
         * without passing a signal on, the command should not live on
         * unnoticed; check the parent did not die already. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)
                _exit(NSCTL_EXIT_FAILURE);
        if (change_dir(s) < 0)
                _exit(NSCTL_EXIT_FAILURE);
        close_inherited_fds();
        for (size_t i = 0; i < s->n_env; i++)
                if (putenv(s->env[i]) != 0) {
                        log_error("cannot set the environment: %s", strerror(errno));
                        _exit(NSCTL_EXIT_FAILURE);
                }
        /* The signal mask and ignored signals survive execve: give the
         * command what we were given. */
        restore_signals(saved);
        execvp(s->file, s->argv);
        e = errno;
        if (e == ENOENT && s->fallback) {
                execvp(s->fallback, s->fallback_argv);
                log_error("%s: %s (nor %s: %s)", s->file, strerror(e), s->fallback, strerror(errno));
                _exit(errno == ENOENT ? 127 : 126);
        }
        log_error("%s: %s", s->file, strerror(e));
        _exit(e == ENOENT ? 127 : 126);
}

/* Start the child with vfork(): it shares our memory until it execs, and
 * we wait until then.  fork() copied the page tables and then took a
 * copy-on-write fault for every page either side touched: about 1 ms of
 * the 9-10 ms of `nsctl exec NAME -- true` on the 2-core VM, where `ip
 * netns exec` forks nothing.  Sharing is safe here: we are single-threaded
 * and only wait meanwhile, and what the child changes (errno, the
 * environment, the heap) is what a parent that then only waits and exits
 * can live with.  glibc's vfork() keeps its return address out of the
 * stack the child goes on to use, and ASan knows it (a stack of the
 * child's own, with clone(), made ASan warn on its stderr).  The child
 * starts in the namespaces we joined: the PID namespace's
 * pid_ns_for_children, and the time namespace, which setns() changed for
 * us too. */
static pid_t start_child(const struct spawn *s, const struct saved_signals *saved) {
        pid_t pid = vfork();
        if (pid == 0)
                child(s, saved);
        return pid;
}

/* The child stopped (^Z, or SIGSTOP): stop ourselves, so the caller's shell
 * sees the job stop, and once continued make sure the child is too. */
static void follow_stop(pid_t pid) {
        raise(SIGSTOP);
        kill(pid, SIGCONT);
}

int spawn_wait(const struct spawn *s) {
        struct sigaction ignore = { .sa_handler = SIG_IGN }, dfl = { .sa_handler = SIG_DFL };
        struct saved_signals saved;
        sigset_t waited;
        pid_t pid;
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
         * group; the command decides what they mean, nsctl just waits.
         * ^Z too: we stop when the command does, not on our own. */
        sigaction(SIGINT, &ignore, &saved.intr);
        sigaction(SIGQUIT, &ignore, &saved.quit);
        sigaction(SIGTSTP, &ignore, &saved.tstp);

        fflush(NULL);
        pid = start_child(s, &saved);
        if (pid < 0) {
                r = errno;
                restore_signals(&saved);
                if (r == ENOMEM)
                        /* vfork() in a pid namespace whose init has died. */
                        log_error("cannot start a process in '%s': %s (is its holder gone?)", s->name,
                                  strerror(r));
                else
                        log_error("cannot start %s: %s", s->file, strerror(r));
                return NSCTL_EXIT_FAILURE;
        }

        for (;;) {
                siginfo_t si;
                int sig = sigwaitinfo(&waited, &si);

                if (sig < 0)
                        continue; /* EINTR: we were stopped and continued */
                if (sig == SIGTERM || sig == SIGHUP) {
                        kill(pid, sig);
                        continue;
                }
                /* SIGCHLD: the child exited or stopped; several may have
                 * been merged into one. */
                for (;;) {
                        do
                                r = waitpid(pid, &status, WNOHANG | WUNTRACED);
                        while (r < 0 && errno == EINTR);
                        if (r == pid && WIFSTOPPED(status)) {
                                follow_stop(pid);
                                continue;
                        }
                        break;
                }
                if (r == pid)
                        break;
                if (r < 0) {
                        log_error("cannot wait for %s: %s", s->file, strerror(errno));
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
