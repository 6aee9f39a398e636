/* A session that nsctld runs for a user other than root (io.nsctl.Session):
 * the user may not join the set's namespaces, so the daemon starts the
 * command there as the user, with descriptors we pass: our own stdin,
 * stdout and stderr, or, on a terminal, the slave of a pty whose master we
 * relay to and from our terminal (in raw mode, so ^C, ^Z and the rest reach
 * the command through the pty's line discipline).  Signals sent to us are
 * passed on; when the command stops, we stop too; we exit with its
 * status. */
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "call.h"
#include "client.h"
#include "daemon-errors.h"
#include "log.h"
#include "ns-types.h"
#include "varlink-client.h"

extern char **environ;

struct remote {
        const struct client_ctx *ctx;
        struct varlink_client *vc;
        bool pty;
        int master;               /* -1 without a pty, or once hung up */
        struct termios saved;     /* our terminal, to restore */
        bool raw;
        long pid;                 /* the command, once nsctld says; 0 before */
        int pending_signal;       /* to pass on once the pid is known */
        char in[4096];            /* from our terminal, not yet written to the master */
        size_t in_len;
        bool stdin_done;
};

/* ---- the parameters of Start ------------------------------------------ */

static int add(json_object *o, const char *key, json_object *v) {
        return call_params_add(o, key, v);
}

static json_object *string_array(char *const *strings) {
        json_object *a = json_object_new_array();

        for (size_t i = 0; a && strings && strings[i]; i++)
                if (json_object_array_add(a, json_object_new_string(strings[i])) < 0) {
                        json_object_put(a);
                        return NULL;
                }
        return a;
}

/* Our environment with the session's --env (and shell) settings over it. */
static json_object *environment(const struct session *s) {
        json_object *a = json_object_new_array();

        for (char **e = environ; a && e && *e; e++) {
                size_t klen = strcspn(*e, "=");
                bool replaced = false;
                for (size_t i = 0; i < s->n_env && !replaced; i++)
                        replaced = strncmp(s->env[i], *e, klen + 1) == 0;
                if (!replaced && strchr(*e, '=') && **e != '=' &&
                    json_object_array_add(a, json_object_new_string(*e)) < 0)
                        goto fail;
        }
        for (size_t i = 0; a && i < s->n_env; i++)
                if (json_object_array_add(a, json_object_new_string(s->env[i])) < 0)
                        goto fail;
        return a;
fail:
        json_object_put(a);
        return NULL;
}

static json_object *type_names(unsigned types) {
        json_object *a = json_object_new_array();

        for (int t = 0; a && t < NS_TYPE_MAX; t++)
                if ((types & NS_TYPE_BIT(t)) && json_object_array_add(a, json_object_new_string(ns_type_name(t))) < 0) {
                        json_object_put(a);
                        return NULL;
                }
        return a;
}

static json_object *start_params(const struct session *s, const char *dir, bool terminal) {
        json_object *p = json_object_new_object();
        mode_t mask = umask(0);

        umask(mask);
        if (!p || add(p, "name", json_object_new_string(s->name)) < 0 || add(p, "argv", string_array(s->argv)) < 0 ||
            add(p, "program", json_object_new_string(s->file)) < 0 || add(p, "environment", environment(s)) < 0 ||
            add(p, "umask", json_object_new_int((int)mask)) < 0 || add(p, "terminal", json_object_new_boolean(terminal)) < 0)
                goto fail;
        if (s->fallback && (add(p, "fallbackProgram", json_object_new_string(s->fallback)) < 0 ||
                            add(p, "fallbackArgv", string_array(s->fallback_argv)) < 0))
                goto fail;
        if (s->types && add(p, "types", type_names(s->types)) < 0)
                goto fail;
        if (dir && (add(p, "directory", json_object_new_string(dir)) < 0 ||
                    add(p, "directoryRequired", json_object_new_boolean(s->cwd != NULL)) < 0))
                goto fail;
        return p;
fail:
        json_object_put(p);
        return NULL;
}

/* ---- the terminal --------------------------------------------------------- */

static void set_raw(struct remote *r, bool on) {
        if (!r->pty || on == r->raw)
                return;
        if (on) {
                struct termios raw = r->saved;
                cfmakeraw(&raw);
                if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0)
                        r->raw = true;
        } else if (tcsetattr(STDIN_FILENO, TCSADRAIN, &r->saved) == 0)
                r->raw = false;
}

static void copy_window_size(struct remote *r) {
        struct winsize ws;

        if (r->master >= 0 && ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
                (void)ioctl(r->master, TIOCSWINSZ, &ws);
}

/* A pty whose slave looks like our terminal.  Returns the slave, or -1
 * after reporting. */
static int open_pty(struct remote *r) {
        int slave;

        if (tcgetattr(STDIN_FILENO, &r->saved) < 0) {
                log_error("cannot read the terminal's settings: %s", strerror(errno));
                return -1;
        }
        r->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (r->master < 0 || grantpt(r->master) < 0 || unlockpt(r->master) < 0) {
                log_error("cannot open a pseudo-terminal: %s", strerror(errno));
                return -1;
        }
        const char *name = ptsname(r->master);
        slave = name ? open(name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
        if (slave < 0) {
                log_error("cannot open a pseudo-terminal: %s", strerror(errno));
                return -1;
        }
        (void)tcsetattr(slave, TCSANOW, &r->saved);
        copy_window_size(r);
        (void)fcntl(r->master, F_SETFL, O_NONBLOCK);
        return slave;
}

/* Write all of BUF to FD (our stdout, blocking). */
static void write_all(int fd, const char *buf, size_t len) {
        while (len > 0) {
                ssize_t n = write(fd, buf, len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return;
                buf += n;
                len -= (size_t)n;
        }
}

/* What the command wrote on the pty, to our stdout.  Returns false once the
 * pty is hung up (every process of the session has closed it). */
static bool relay_output(struct remote *r) {
        char buf[8192];

        for (;;) {
                ssize_t n = read(r->master, buf, sizeof(buf));
                if (n > 0) {
                        write_all(STDOUT_FILENO, buf, (size_t)n);
                        continue;
                }
                if (n < 0 && errno == EINTR)
                        continue;
                return n < 0 && errno == EAGAIN;
        }
}

/* Hang up the pty: the command's session gets SIGHUP, as from a modem. */
static void hang_up(struct remote *r) {
        if (r->master >= 0) {
                close(r->master);
                r->master = -1;
        }
        r->stdin_done = true;
}

/* ---- signals ---------------------------------------------------------------- */

/* Pass SIG on to the command with io.nsctl.Session.Signal, on a connection
 * of its own (the session's waits for the command's end). */
static void pass_on(struct remote *r, int sig) {
        struct varlink_client *c;
        struct vl_reply reply;
        const char *reason;
        json_object *p;

        if (r->pid <= 0) {
                r->pending_signal = sig;
                return;
        }
        p = json_object_new_object();
        if (!p || add(p, "pid", json_object_new_int64(r->pid)) < 0 || add(p, "signal", json_object_new_int(sig)) < 0 ||
            varlink_client_connect(r->ctx->socket_path, &c) < 0) {
                json_object_put(p);
                return;
        }
        /* The command may have ended meanwhile: no matter. */
        if (varlink_client_call(c, "io.nsctl.Session.Signal", p, &reply, &reason) == 0)
                vl_reply_done(&reply);
        varlink_client_free(c);
}

/* The command stopped: stop too, so that our shell sees the job stop, and
 * once continued continue it. */
static void follow_stop(struct remote *r) {
        set_raw(r, false);
        raise(SIGSTOP);
        set_raw(r, true);
        copy_window_size(r);
        pass_on(r, SIGCONT);
}

static void on_signal(struct remote *r, int sig) {
        switch (sig) {
        case SIGWINCH:
                copy_window_size(r);
                break;
        case SIGCONT:
                break; /* see follow_stop() */
        case SIGHUP:
                /* Our terminal went away: so does the command's. */
                if (r->pty) {
                        hang_up(r);
                        break;
                }
                pass_on(r, sig);
                break;
        default:
                /* SIGINT, SIGQUIT, SIGTERM, SIGTSTP: the command's. */
                pass_on(r, sig);
                break;
        }
}

/* ---- the session ------------------------------------------------------------- */

/* One reply of Start.  Returns -1 to go on, else the exit status. */
static int on_reply(struct remote *r, const struct session *s) {
        struct vl_reply reply;
        const char *reason;
        json_object *v;
        int status = -1;

        int k = varlink_client_receive(r->vc, &reply, &reason);
        if (k < 0)
                return call_report_failure(r->ctx, k, reason);
        if (reply.error) {
                status = daemon_error_report(&reply, "io.nsctl.Session.Start", s->name);
        } else if (json_object_object_get_ex(reply.parameters, "exitStatus", &v)) {
                status = json_object_get_int(v);
        } else if (json_object_object_get_ex(reply.parameters, "pid", &v)) {
                r->pid = json_object_get_int64(v);
                if (r->pending_signal)
                        pass_on(r, r->pending_signal);
                r->pending_signal = 0;
        } else if (json_object_object_get_ex(reply.parameters, "stopped", &v)) {
                follow_stop(r);
        }
        if (status < 0 && !reply.continues) {
                log_error("malformed reply from nsctld: the session ended without an exit status");
                status = NSCTL_EXIT_FAILURE;
        }
        vl_reply_done(&reply);
        return status;
}

static int loop(struct remote *r, const struct session *s, int sigfd) {
        for (;;) {
                struct pollfd p[4] = {
                        { .fd = sigfd, .events = POLLIN },
                        { .fd = varlink_client_fd(r->vc), .events = POLLIN },
                        { .fd = r->pty && !r->stdin_done && r->in_len == 0 ? STDIN_FILENO : -1, .events = POLLIN },
                        { .fd = r->master, .events = POLLIN | (r->in_len ? POLLOUT : 0) },
                };
                if (varlink_client_buffered(r->vc)) {
                        int status = on_reply(r, s);
                        if (status >= 0)
                                return status;
                        continue;
                }
                if (poll(p, 4, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        log_error("poll: %s", strerror(errno));
                        return NSCTL_EXIT_FAILURE;
                }
                if (p[0].revents & POLLIN) {
                        struct signalfd_siginfo si;
                        if (read(sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
                                on_signal(r, (int)si.ssi_signo);
                }
                if (p[3].revents & (POLLIN | POLLHUP | POLLERR)) {
                        if (!relay_output(r)) {
                                /* Hung up: nothing of the session has the
                                 * terminal open any more. */
                                close(r->master);
                                r->master = -1;
                                r->stdin_done = true;
                                r->in_len = 0;
                        }
                }
                if (r->master >= 0 && r->in_len > 0 && (p[3].revents & POLLOUT)) {
                        ssize_t n = write(r->master, r->in, r->in_len);
                        if (n > 0) {
                                memmove(r->in, r->in + n, r->in_len - (size_t)n);
                                r->in_len -= (size_t)n;
                        }
                }
                if (p[2].revents & (POLLIN | POLLHUP | POLLERR)) {
                        ssize_t n = read(STDIN_FILENO, r->in, sizeof(r->in));
                        if (n > 0)
                                r->in_len = (size_t)n;
                        else if (n == 0 || errno != EINTR)
                                hang_up(r); /* our terminal is gone */
                }
                if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
                        int status = on_reply(r, s);
                        if (status >= 0)
                                return status;
                }
        }
}

int session_run_remote(const struct client_ctx *ctx, struct session *s, const char *dir) {
        struct remote r = { .ctx = ctx, .master = -1 };
        sigset_t mask, saved;
        int fds[3] = { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO }, slave = -1, sigfd = -1, status;
        json_object *params;

        if (s->user) {
                log_error("-u %s: only root may run a command as another user", s->user);
                return NSCTL_EXIT_DENIED;
        }
        /* A pty when we are on a terminal, as ssh does; otherwise the
         * command gets our own descriptors. */
        r.pty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
        params = start_params(s, dir, r.pty);
        if (!params) {
                log_error("out of memory");
                return NSCTL_EXIT_FAILURE;
        }
        if (r.pty) {
                slave = open_pty(&r);
                if (slave < 0) {
                        json_object_put(params);
                        status = NSCTL_EXIT_FAILURE;
                        goto out;
                }
                fds[0] = fds[1] = fds[2] = slave;
        }
        status = call_connect(ctx, &r.vc);
        if (status != 0) {
                json_object_put(params);
                goto out;
        }
        int k = varlink_client_send(r.vc, "io.nsctl.Session.Start", params, true, fds, 3);
        if (k < 0) {
                status = call_report_failure(ctx, k, NULL);
                goto out;
        }
        if (slave >= 0) {
                close(slave);
                slave = -1;
        }

        /* Signals are read from a signalfd: none is lost, and none
         * interrupts us half way through a relay. */
        sigemptyset(&mask);
        for (const int *sig = (const int[]){ SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT, 0 }; *sig;
             sig++)
                sigaddset(&mask, *sig);
        sigprocmask(SIG_BLOCK, &mask, &saved);
        sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
        if (sigfd < 0) {
                log_error("signalfd: %s", strerror(errno));
                status = NSCTL_EXIT_FAILURE;
                sigprocmask(SIG_SETMASK, &saved, NULL);
                goto out;
        }
        set_raw(&r, true);
        status = loop(&r, s, sigfd);
        /* What the command wrote last is still on the pty. */
        if (r.master >= 0)
                relay_output(&r);
        set_raw(&r, false);
        close(sigfd);
        sigprocmask(SIG_SETMASK, &saved, NULL);
out:
        if (slave >= 0)
                close(slave);
        if (r.master >= 0)
                close(r.master);
        varlink_client_free(r.vc);
        return status;
}
