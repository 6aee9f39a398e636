#include "session-child.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

/* Messages go to the caller's stderr (descriptor 2 by then), as the
 * client's own would. */
__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...) {
        char buf[512];
        va_list ap;

        va_start(ap, fmt);
        int n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        if ((size_t)n > sizeof(buf) - 2)
                n = sizeof(buf) - 2;
        buf[n++] = '\n';
        (void)!write(STDERR_FILENO, "nsctl: ", 7);
        (void)!write(STDERR_FILENO, buf, (size_t)n);
}

static _Noreturn void fail(const char *what, int err) {
        say("%s: %s", what, strerror(err));
        _exit(1);
}

static void send_msg(int fd, char type, int value) {
        char msg[1 + sizeof(int)] = { type };
        memcpy(msg + 1, &value, sizeof(int));
        (void)!write(fd, msg, sizeof(msg));
}

/* The command starts with default signal dispositions and nothing
 * blocked, whatever the daemon had (it ignores SIGPIPE). */
static void reset_signals(void) {
        sigset_t none;
        for (int sig = 1; sig < NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        signal(sig, SIG_DFL);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
}

/* The caller's descriptors as 0, 1 and 2.  They were received with
 * MSG_CMSG_CLOEXEC and are all above 2 (the daemon's own 0-2 are open), so
 * dup2 cannot clobber one with another; the copies lose O_CLOEXEC. */
static void take_stdio(const int stdio[3]) {
        for (int i = 0; i < 3; i++)
                if (dup2(stdio[i], i) < 0) /* cloexec: 0-2 are the command's stdio, meant to survive exec */
                        _exit(1);
}

/* Everything of the daemon's (its socket, the clients' connections, its
 * netlink sockets) goes: we live as long as the session.  Kept: 0-2, the
 * namespaces to join and the pipes to the daemon. */
static void close_daemon_fds(const struct session_spec *s) {
        int keep[NS_TYPE_MAX + 2];
        size_t n = 0;

        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (s->ns_fd[t] >= 0)
                        keep[n++] = s->ns_fd[t];
        keep[n++] = s->status_fd;
        keep[n++] = s->ack_fd;
        close_all_but(keep, n);
}

/* The non-user namespaces, in the order the client joins them (mnt last:
 * it changes our root and directory). */
static const enum ns_type join_order[] = {
        NS_TYPE_CGROUP, NS_TYPE_IPC, NS_TYPE_UTS, NS_TYPE_NET, NS_TYPE_PID, NS_TYPE_TIME, NS_TYPE_MNT,
};

static void join(const struct session_spec *s) {
        for (size_t i = 0; i < sizeof(join_order) / sizeof(join_order[0]); i++) {
                enum ns_type t = join_order[i];
                if (s->ns_fd[t] < 0)
                        continue;
                if (setns(s->ns_fd[t], ns_type_clone_flag(t)) < 0) {
                        say("cannot join the %s namespace of '%s': %s", ns_type_name(t), s->set_name,
                            strerror(errno));
                        _exit(1);
                }
                close(s->ns_fd[t]);
        }
}

/* What `ip netns exec` adds for a set without a mount namespace: a mount
 * namespace of the session's own in which /sys shows the set's devices
 * and the files of /etc/netns/NAME are bound over /etc. */
static void netns_view(const char *name) {
        char dir[300];
        struct statvfs sv;
        unsigned long flags = 0;

        if (unshare(CLONE_NEWNS) < 0)
                fail("cannot create a mount namespace", errno);
        if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0)
                fail("cannot make / a slave mount", errno);
        if (umount2("/sys", MNT_DETACH) < 0 && statvfs("/sys", &sv) == 0 && (sv.f_flag & ST_RDONLY))
                flags = MS_RDONLY;
        if (mount(name, "/sys", "sysfs", flags, NULL) < 0)
                fail("cannot mount sysfs on /sys", errno);
        snprintf(dir, sizeof(dir), "/etc/netns/%s", name);
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
        if (!d) {
                if (dfd >= 0)
                        close(dfd);
                return;
        }
        for (struct dirent *de; (de = readdir(d));) {
                char src[600], dst[300];
                struct stat st;
                if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
                        continue;
                snprintf(src, sizeof(src), "%s/%s", dir, de->d_name);
                snprintf(dst, sizeof(dst), "/etc/%s", de->d_name);
                if (mount(src, dst, "none", MS_BIND, NULL) < 0)
                        say("warning: cannot bind %s over %s: %s", src, dst, strerror(errno));
        }
        closedir(d);
}

/* No capability left in any set, and none to get back: the bounding and
 * ambient sets are emptied while we still may, the permitted and effective
 * ones by the change of uid (and once more explicitly). */
static void drop_capabilities(void) {
        for (unsigned long cap = 0; cap < 64; cap++)
                if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno == EINVAL)
                        break;
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
                fail("cannot clear the ambient capabilities", errno);
}

static void become_caller(const struct session_spec *s) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };
        uid_t ru, eu, su;
        gid_t rg, eg, sg;

        drop_capabilities();
        if (setgroups(s->n_groups, s->groups) < 0)
                fail("cannot set the supplementary groups", errno);
        if (setresgid(s->gid, s->gid, s->gid) < 0)
                fail("cannot change the group id", errno);
        if (setresuid(s->uid, s->uid, s->uid) < 0)
                fail("cannot change the user id", errno);
        if (syscall(SYS_capset, &h, data) < 0)
                fail("cannot drop the capabilities", errno);
        /* Never go on as anyone but the caller. */
        if (getresuid(&ru, &eu, &su) < 0 || ru != s->uid || eu != s->uid || su != s->uid ||
            getresgid(&rg, &eg, &sg) < 0 || rg != s->gid || eg != s->gid || sg != s->gid)
                fail("the credentials did not change", EPERM);
        if (syscall(SYS_capget, &h, data) < 0)
                fail("cannot read the capabilities", errno);
        for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
                if (data[i].effective || data[i].permitted || data[i].inheritable)
                        fail("capabilities are left", EPERM);
}

/* Go to the directory, checking with getcwd() that we are where we meant
 * to be (a directory outside the set's mount namespace reads
 * "(unreachable)"); "/" when it is not there, unless it was asked for. */
static void change_dir(const struct session_spec *s) {
        const char *dir = s->directory ? s->directory : "/";
        char *now = NULL;
        int r = 0;

        if (chdir(dir) < 0)
                r = errno;
        else if (!(now = getcwd(NULL, 0)) || now[0] != '/')
                r = now ? ENOENT : errno;
        free(now);
        if (r == 0)
                return;
        if (s->directory_required) {
                say("cannot change directory to %s: %s", dir, strerror(r));
                _exit(1);
        }
        if (chdir("/") < 0)
                fail("cannot change directory to /", errno);
        setenv("PWD", "/", 1);
}

static _Noreturn void command(const struct session_spec *s) {
        /* 0 in a new pid namespace, where our parent is not visible: what
         * matters is that it stays the same. */
        pid_t parent = getppid();

        close(s->status_fd);
        close(s->ack_fd);
        /* A process group of its own in our session, the terminal's
         * foreground one: not orphaned (we are its parent, in another group
         * of the same session), so ^Z stops it as it would in a shell. */
        if (setpgid(0, 0) < 0)
                fail("cannot make a process group", errno);
        if (s->terminal) {
                sigset_t ttou, old;
                sigemptyset(&ttou);
                sigaddset(&ttou, SIGTTOU);
                sigprocmask(SIG_BLOCK, &ttou, &old);
                if (tcsetpgrp(STDIN_FILENO, getpgrp()) < 0)
                        fail("cannot take the terminal's foreground", errno);
                sigprocmask(SIG_SETMASK, &old, NULL);
        }
        signal(SIGHUP, SIG_DFL);
        become_caller(s);
        /* After the credential change, which clears it. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)
                _exit(1);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                fail("cannot set no_new_privs", errno);
        if (s->umask >= 0)
                umask((mode_t)s->umask);
        environ = s->envp;
        change_dir(s);
        if (close_range(3, ~0U, 0) < 0)
                for (int fd = 3; fd < 65536; fd++)
                        close(fd);
        execvp(s->program, s->argv);
        int e = errno;
        if (e == ENOENT && s->fallback) {
                execvp(s->fallback, s->fallback_argv);
                say("%s: %s (nor %s: %s)", s->program, strerror(e), s->fallback, strerror(errno));
                _exit(errno == ENOENT ? 127 : 126);
        }
        say("%s: %s", s->program, strerror(e));
        _exit(e == ENOENT ? 127 : 126);
}

/* The command's process group, for on_hangup(). */
static volatile pid_t command_pgrp;

/* We lead the terminal's session, so a hangup (the client closed its pty
 * master) is ours: the command's group gets it, as a shell's jobs do. */
static void on_hangup(int sig) {
        if (command_pgrp > 0) {
                kill(-command_pgrp, SIGHUP);
                kill(-command_pgrp, SIGCONT);
        }
}

_Noreturn void session_child(const struct session_spec *s) {
        pid_t daemon = getppid(), pid;
        int status;
        char c;

        /* If the daemon goes, so does the session (and with it the
         * command, whose PDEATHSIG is us). */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != daemon)
                _exit(1);
        /* What `nsctl ps` shows for us. */
        (void)prctl(PR_SET_NAME, "nsctl-session", 0, 0, 0);
        reset_signals();
        take_stdio(s->stdio);
        close_daemon_fds(s);
        /* Before joining: nothing of ours inside may be ptraced or have its
         * memory read by the set's processes. */
        if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
                fail("cannot make the process non-dumpable", errno);
        join(s);
        if (s->netns_view)
                netns_view(s->set_name);
        /* A session of our own, out of the daemon's; on a terminal, with
         * it as the controlling terminal. */
        if (setsid() < 0)
                fail("cannot start a new session", errno);
        if (s->terminal && ioctl(STDIN_FILENO, TIOCSCTTY, 0) < 0)
                fail("cannot make the terminal the controlling terminal", errno);
        struct sigaction hup = { .sa_handler = on_hangup };
        sigaction(SIGHUP, &hup, NULL);

        pid = fork();
        if (pid < 0) {
                /* fork() in a pid namespace whose init has died. */
                if (errno == ENOMEM)
                        say("cannot start a process in '%s': %s (is its holder gone?)", s->set_name, strerror(errno));
                else
                        say("cannot start %s: %s", s->program, strerror(errno));
                _exit(1);
        }
        if (pid == 0)
                command(s);
        command_pgrp = pid;
        (void)setpgid(pid, pid); /* as the command does: whichever comes first */
        /* The terminal's signals are the command's, even if it hands the
         * foreground to our group. */
        for (const int *sig = (const int[]){ SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, 0 }; *sig; sig++)
                signal(*sig, SIG_IGN);

        /* The command stays our unreaped child until the daemon has a
         * pidfd for it, so its pid cannot be reused meanwhile. */
        send_msg(s->status_fd, SESSION_MSG_PID, pid);
        if (read(s->ack_fd, &c, 1) != 1) {
                kill(pid, SIGKILL);
                _exit(1);
        }
        for (;;) {
                pid_t r = waitpid(pid, &status, WUNTRACED);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0)
                        _exit(1);
                if (WIFSTOPPED(status)) {
                        send_msg(s->status_fd, SESSION_MSG_STOPPED, WSTOPSIG(status));
                        continue;
                }
                if (WIFEXITED(status))
                        _exit(WEXITSTATUS(status));
                if (WIFSIGNALED(status))
                        _exit(128 + WTERMSIG(status));
        }
}
