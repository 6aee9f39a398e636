/* io.nsctl.Session: starting commands inside a set on behalf of users other
 * than root, and following them to their end without ever blocking the
 * event loop. */
#include "session.h"

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "authz.h"
#include "daemon.h"
#include "dispatch.h"
#include "log.h"
#include "names.h"
#include "pidfd-util.h"
#include "server.h"
#include "session-child.h"
#include "util.h"
#include "varlink-errors.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* Limits on what one call may ask for (the message size bounds the
 * bytes). */
#define SESSION_MAX_ARGS 4096
#define SESSION_MAX_ENV  4096

struct session {
        struct daemon *d;
        struct conn *conn;  /* NULL once the client has gone */
        uid_t uid;          /* who started it */
        char name[NSCTL_NAME_MAX + 1];
        pid_t child;        /* the process that joined the set (session-child.c) */
        int child_pidfd;
        struct event *child_ev;
        int status_fd;      /* from the child */
        struct event *status_ev;
        int ack_fd;         /* to the child */
        pid_t pid;          /* the command, once the child has said */
        int pidfd;
        struct session *next;
};

static void pidfd_kill(int fd, int sig) {
        if (fd >= 0)
                (void)pidfd_signal(fd, sig);
}

static void session_free(struct session *s) {
        for (struct session **p = &s->d->sessions; *p; p = &(*p)->next)
                if (*p == s) {
                        *p = s->next;
                        break;
                }
        if (s->child_ev)
                event_free(s->child_ev);
        if (s->status_ev)
                event_free(s->status_ev);
        closep(&s->child_pidfd);
        closep(&s->status_fd);
        closep(&s->ack_fd);
        closep(&s->pidfd);
        free(s);
}

static void send_reply(struct session *s, const char *key, int value, bool continues) {
        if (!s->conn)
                return;
        json_object *p = json_object_new_object();
        if (p)
                json_object_object_add(p, key, json_object_new_int(value));
        conn_send(s->conn, vl_reply_new(p, continues));
}

/* What the child says: the command's pid (acknowledged once we hold a
 * pidfd for it), and each time it stops. */
static void read_status(struct session *s) {
        char msg[1 + sizeof(int)];
        int value;

        while (s->status_fd >= 0) {
                ssize_t n = read(s->status_fd, msg, sizeof(msg));
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && errno == EAGAIN)
                        return;
                if (n != (ssize_t)sizeof(msg)) {
                        /* EOF: the child is gone, or about to be. */
                        event_del(s->status_ev);
                        close(s->status_fd);
                        s->status_fd = -1;
                        return;
                }
                memcpy(&value, msg + 1, sizeof(int));
                if (msg[0] == SESSION_MSG_PID && s->pidfd < 0) {
                        s->pid = value;
                        s->pidfd = pidfd_open_pid(value);
                        if (s->pidfd < 0)
                                log_warning_errno(s->pidfd, "Session %d in %s: cannot open a pidfd",
                                                  (int)value, s->name);
                        (void)!write(s->ack_fd, "A", 1);
                        send_reply(s, "pid", value, true);
                } else if (msg[0] == SESSION_MSG_STOPPED)
                        send_reply(s, "stopped", value, true);
        }
}

static void on_status(evutil_socket_t fd, short events, void *userdata) {
        read_status(userdata);
}

/* The child ended, with the command's status (or 1 if it could not start
 * it): the last reply. */
static void on_child_exit(evutil_socket_t fd, short events, void *userdata) {
        struct session *s = userdata;
        siginfo_t si = { 0 };
        int status;

        read_status(s);
        if (waitid(P_PIDFD, (id_t)s->child_pidfd, &si, WEXITED | WNOHANG) < 0 || si.si_pid == 0)
                return; /* not yet reapable: the event comes again */
        status = si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
        log_change("io.nsctl.Session.Start", s->name, s->uid, "Session %d in %s ended with status %d",
                   (int)(s->pid ? s->pid : s->child), s->name, status);
        struct conn *conn = s->conn;
        send_reply(s, "exitStatus", status, false);
        session_free(s);
        if (conn)
                conn_end_async(conn);
}

/* The client went away first: the command goes too, as a root session's
 * does when nsctl dies.  The session itself goes when the child does. */
static void on_cancel(void *userdata) {
        struct session *s = userdata;

        s->conn = NULL;
        log_info("Session %d in %s: the client has gone, ending the command", (int)(s->pid ? s->pid : s->child),
                 s->name);
        pidfd_kill(s->pidfd, SIGKILL);
        pidfd_kill(s->child_pidfd, SIGKILL);
}

static int invalid(struct request *req, const char *parameter, const char *reason) {
        json_object *p = json_object_new_object();
        json_object_object_add(p, "parameter", json_object_new_string(parameter));
        json_object_object_add(p, "reason", json_object_new_string(reason));
        return reply_error(req, NSCTL_ERROR_SESSION_INVALID, p);
}

/* The string array KEY as a NULL-terminated array of pointers into the
 * call (malloc'd; NULL in *RET when absent).  Returns 0, or -EINVAL after
 * replying. */
static int string_array(struct request *req, const char *key, size_t max, bool need_equals, char ***ret) {
        json_object *arr;

        *ret = NULL;
        if (!json_object_object_get_ex(req->call->parameters, key, &arr) || json_object_is_type(arr, json_type_null))
                return 0;
        size_t n = json_object_array_length(arr);
        if (n > max)
                return invalid(req, key, "too many entries"), -EINVAL;
        char **a = calloc(n + 1, sizeof(char *));
        if (!a)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                json_object *e = json_object_array_get_idx(arr, i);
                const char *v = json_object_is_type(e, json_type_string) ? json_object_get_string(e) : NULL;
                if (!v || strlen(v) != (size_t)json_object_get_string_len(e) ||
                    (need_equals && (!strchr(v, '=') || v[0] == '='))) {
                        free(a);
                        return invalid(req, key, need_equals ? "entries are NAME=VALUE strings" : "entries are strings"),
                               -EINVAL;
                }
                a[i] = (char *)v;
        }
        *ret = a;
        return 0;
}

/* The namespaces to join: "types", or all of the set's; never the user
 * namespace (the command runs with the caller's own ids, which a user
 * namespace would not change).  Returns the mask, or -EINVAL after
 * replying. */
static int get_types(struct request *req, const struct ns_set *set) {
        json_object *arr;
        unsigned types = 0;

        if (!json_object_object_get_ex(req->call->parameters, "types", &arr) || json_object_is_type(arr, json_type_null))
                return (int)(set->types & ~NS_TYPE_BIT(NS_TYPE_USER));
        for (size_t i = 0; i < json_object_array_length(arr); i++) {
                json_object *e = json_object_array_get_idx(arr, i);
                int t = json_object_is_type(e, json_type_string) ? ns_type_from_name(json_object_get_string(e)) : -1;
                if (t < 0)
                        return invalid(req, "types", "not a namespace type"), -EINVAL;
                if (!(set->types & NS_TYPE_BIT(t)))
                        return invalid(req, "types", "the set has no namespace of this type"), -EINVAL;
                if (t == NS_TYPE_USER)
                        return invalid(req, "types", "a session does not join the user namespace"), -EINVAL;
                types |= NS_TYPE_BIT(t);
        }
        if (!types)
                return invalid(req, "types", "empty"), -EINVAL;
        return (int)types;
}

/* Open the set's namespace files and check each is the namespace the
 * store keeps (a bind mount that went away leaves a plain file). */
static int open_namespaces(struct daemon *d, const struct ns_set *set, unsigned types, int fds[NS_TYPE_MAX]) {
        struct stat st;

        for (int t = 0; t < NS_TYPE_MAX; t++)
                fds[t] = -1;
        for (int t = 0; t < NS_TYPE_MAX; t++) {
                if (!(types & NS_TYPE_BIT(t)))
                        continue;
                fds[t] = nsstore_open_ns(&d->store, set->name, t);
                if (fds[t] < 0)
                        return fds[t];
                if (fstat(fds[t], &st) < 0 || (unsigned long long)st.st_ino != set->inode[t])
                        return -ESTALE;
        }
        return 0;
}

static void close_namespaces(int fds[NS_TYPE_MAX]) {
        for (int t = 0; t < NS_TYPE_MAX; t++)
                closep(&fds[t]);
}

/* io.nsctl.Session.Failed: "WHAT 'NAME': DETAIL". */
static int failed(struct request *req, const char *what, const char *name, const char *detail) {
        char reason[512];
        snprintf(reason, sizeof(reason), "%s '%s': %s", what, name, detail);
        return reply_error_str(req, NSCTL_ERROR_SESSION_FAILED, "reason", reason);
}

/* Everything a Start call asks for, checked. */
struct start_args {
        const char *name;
        char **argv, **fallback_argv, **envp;
        const char *program, *fallback, *directory;
        bool directory_required, terminal;
        int umask;
};

static void start_args_done(struct start_args *a) {
        free(a->argv);
        free(a->fallback_argv);
        free(a->envp);
}

/* Returns 0, or -EINVAL after replying, or -ENOMEM. */
static int get_start_args(struct request *req, struct start_args *a) {
        json_object *params = req->call->parameters, *v;
        int r;

        if ((r = string_array(req, "argv", SESSION_MAX_ARGS, false, &a->argv)) < 0 ||
            (r = string_array(req, "fallbackArgv", SESSION_MAX_ARGS, false, &a->fallback_argv)) < 0 ||
            (r = string_array(req, "environment", SESSION_MAX_ENV, true, &a->envp)) < 0)
                return r;
        if (!a->argv || !a->argv[0])
                return invalid(req, "argv", "empty"), -EINVAL;
        a->program = vl_params_string(params, "program");
        if (!a->program)
                a->program = a->argv[0];
        if (!a->program[0])
                return invalid(req, "program", "empty"), -EINVAL;
        a->fallback = vl_params_string(params, "fallbackProgram");
        if (!a->fallback != !a->fallback_argv || (a->fallback_argv && !a->fallback_argv[0]))
                return invalid(req, "fallbackArgv", "fallbackProgram and a non-empty fallbackArgv go together"), -EINVAL;
        a->directory = vl_params_string(params, "directory");
        if (json_object_object_get_ex(params, "directory", &v) && (!a->directory || a->directory[0] != '/'))
                return invalid(req, "directory", "not an absolute path"), -EINVAL;
        a->directory_required = json_object_object_get_ex(params, "directoryRequired", &v) && json_object_get_boolean(v);
        a->terminal = json_object_object_get_ex(params, "terminal", &v) && json_object_get_boolean(v);
        a->umask = -1;
        if (json_object_object_get_ex(params, "umask", &v)) {
                int64_t m = json_object_get_int64(v);
                if (m < 0 || m > 0777)
                        return invalid(req, "umask", "must be 0 to 0777"), -EINVAL;
                a->umask = (int)m;
        }
        return 0;
}

static int start(struct request *req) {
        struct daemon *d = req->daemon;
        const struct caller *c = req->peer;
        struct start_args a = { 0 };
        struct session *s = NULL;
        int ns[NS_TYPE_MAX], status[2] = { -1, -1 }, ack[2] = { -1, -1 };
        const char *reason;
        int r;

        for (int t = 0; t < NS_TYPE_MAX; t++)
                ns[t] = -1;
        a.name = vl_params_string(req->call->parameters, "name");
        if (!a.name || nsctl_name_check(a.name, strlen(a.name), &reason) < 0) {
                json_object *p = json_object_new_object();
                json_object_object_add(p, "name", json_object_new_string(a.name ? a.name : ""));
                json_object_object_add(p, "reason", json_object_new_string(a.name ? reason : "not a string"));
                return reply_error(req, NSCTL_ERROR_INVALID_NAME, p);
        }
        if (authz_is_root(c))
                return reply_error_str(req, NSCTL_ERROR_SERVICE_PERMISSION_DENIED, "reason",
                                       "sessions are for users other than root: root enters sets itself "
                                       "(nsctl exec, nsctl shell)");
        if (!req->call->more || req->call->oneway)
                return reply_error(req, VL_ERROR_EXPECTED_MORE, NULL);
        struct ns_set *set = nsstore_find(&d->store, a.name);
        if (!set)
                return reply_error_str(req, NSCTL_ERROR_NOT_FOUND, "name", a.name);
        nsstore_check(&d->store, set);
        if (set->broken)
                return failed(req, "broken namespace set", a.name, set->broken);
        int types = get_types(req, set);
        if (types < 0)
                return 0;
        r = get_start_args(req, &a);
        if (r < 0)
                goto out;
        r = open_namespaces(d, set, (unsigned)types, ns);
        if (r < 0) {
                r = failed(req, "cannot open the namespaces of", a.name, strerror(-r));
                goto out;
        }
        s = calloc(1, sizeof(*s));
        if (!s || pipe2(status, O_CLOEXEC | O_NONBLOCK) < 0 || pipe2(ack, O_CLOEXEC) < 0) {
                r = s ? negative_errno() : -ENOMEM;
                goto out;
        }
        *s = (struct session){ .d = d, .conn = req->conn, .uid = c->uid, .child_pidfd = -1, .status_fd = status[0],
                               .ack_fd = ack[1], .pidfd = -1 };
        status[0] = ack[1] = -1;
        snprintf(s->name, sizeof(s->name), "%s", a.name);

        static char *no_env[] = { NULL };
        struct session_spec spec = {
                .set_name = set->name,
                .netns_view = (types & NS_TYPE_BIT(NS_TYPE_NET)) && !(types & NS_TYPE_BIT(NS_TYPE_MNT)),
                .stdio = { req->fds->fd[0], req->fds->fd[1], req->fds->fd[2] },
                .terminal = a.terminal,
                .uid = c->uid,
                .gid = c->gid,
                .groups = c->groups,
                .n_groups = c->n_groups,
                .directory = a.directory,
                .directory_required = a.directory_required,
                .umask = a.umask,
                .program = a.program,
                .argv = a.argv,
                .fallback = a.fallback,
                .fallback_argv = a.fallback_argv,
                .envp = a.envp ? a.envp : no_env,
                .status_fd = status[1],
                .ack_fd = ack[0],
        };
        memcpy(spec.ns_fd, ns, sizeof(ns));

        s->child = fork();
        if (s->child < 0) {
                r = negative_errno();
                goto out;
        }
        if (s->child == 0)
                session_child(&spec);

        s->child_pidfd = pidfd_open_pid(s->child);
        if (s->child_pidfd < 0) {
                r = s->child_pidfd;
                kill(s->child, SIGKILL);
                while (waitpid(s->child, NULL, 0) < 0 && errno == EINTR)
                        ;
                goto out;
        }
        s->status_ev = event_new(d->base, s->status_fd, EV_READ | EV_PERSIST, on_status, s);
        s->child_ev = event_new(d->base, s->child_pidfd, EV_READ | EV_PERSIST, on_child_exit, s);
        if (!s->status_ev || !s->child_ev || event_add(s->status_ev, NULL) < 0 || event_add(s->child_ev, NULL) < 0) {
                /* Without the events nobody would reap it. */
                pidfd_kill(s->child_pidfd, SIGKILL);
                (void)waitid(P_PIDFD, (id_t)s->child_pidfd, &(siginfo_t){ 0 }, WEXITED);
                r = -ENOMEM;
                goto out;
        }
        s->next = d->sessions;
        d->sessions = s;
        log_change("io.nsctl.Session.Start", s->name, s->uid, "Started a session in %s as uid %u: %s", s->name,
                   (unsigned)s->uid, a.program);
        conn_begin_async(req->conn, on_cancel, s);
        s = NULL;
        r = 0; /* the replies come from on_status and on_child_exit */
out:
        if (s)
                session_free(s);
        close_namespaces(ns);
        closep(&status[0]);
        closep(&status[1]);
        closep(&ack[0]);
        closep(&ack[1]);
        start_args_done(&a);
        return r == -EINVAL ? 0 : r;
}

static struct session *find(struct daemon *d, pid_t pid) {
        for (struct session *s = d->sessions; s; s = s->next)
                if (s->pidfd >= 0 && s->pid == pid)
                        return s;
        return NULL;
}

bool session_owner(struct daemon *d, pid_t pid, uid_t *ret_uid) {
        struct session *s = find(d, pid);
        if (s)
                *ret_uid = s->uid;
        return s != NULL;
}

static int signal_session(struct request *req) {
        json_object *params = req->call->parameters, *v;
        int64_t pid, sig;

        json_object_object_get_ex(params, "pid", &v);
        pid = json_object_get_int64(v);
        json_object_object_get_ex(params, "signal", &v);
        sig = json_object_get_int64(v);
        if (sig < 1 || sig > 64)
                return invalid(req, "signal", "must be 1 to 64");
        struct session *s = pid > 0 && pid <= INT32_MAX ? find(req->daemon, (pid_t)pid) : NULL;
        if (!s || pidfd_signal(s->pidfd, (int)sig) < 0) {
                json_object *p = json_object_new_object();
                json_object_object_add(p, "pid", json_object_new_int64(pid));
                return reply_error(req, NSCTL_ERROR_SESSION_NOT_FOUND, p);
        }
        log_debug("Session %d in %s: signal %d from uid %u", (int)s->pid, s->name, (int)sig,
                  (unsigned)req->peer->uid);
        return reply(req, NULL);
}

void session_free_all(struct daemon *d) {
        while (d->sessions) {
                struct session *s = d->sessions;
                pidfd_kill(s->pidfd, SIGKILL);
                pidfd_kill(s->child_pidfd, SIGKILL);
                session_free(s);
        }
}

static const struct vl_field start_params[] = {
        { "name", json_type_string, true },
        { "argv", json_type_array, true },
        { "program", json_type_string, false },
        { "fallbackProgram", json_type_string, false },
        { "fallbackArgv", json_type_array, false },
        { "types", json_type_array, false },
        { "environment", json_type_array, false },
        { "directory", json_type_string, false },
        { "directoryRequired", json_type_boolean, false },
        { "umask", json_type_int, false },
        { "terminal", json_type_boolean, false },
        { 0 },
};
static const struct vl_field signal_params[] = {
        { "pid", json_type_int, true },
        { "signal", json_type_int, true },
        { 0 },
};

const struct method session_methods[] = {
        { "io.nsctl.Session.Start", start, true, start_params, false },
        { "io.nsctl.Session.Signal", signal_session, true, signal_params, false },
        { 0 },
};
