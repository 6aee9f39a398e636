#include "server.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "dispatch.h"
#include "log.h"
#include "util.h"
#include "varlink-errors.h"
#include "varlink-frame.h"
#include "varlink-message.h"

struct conn {
        struct server *srv;
        struct bufferevent *bev;
        struct vl_scanner scanner;
        struct caller peer;
        bool throttled; /* reading stopped until the client reads its replies */
        bool eof;       /* the client will send nothing more */
        bool closing;   /* process no more input; close once the output is flushed */
        struct conn *prev, *next;
};

struct server {
        struct event_base *base;
        struct daemon *daemon;
        struct server_limits limits;
        struct evconnlistener *listener;
        struct conn *conns;
        unsigned n_conns;
};

int server_new(struct event_base *base, struct daemon *d, const struct server_limits *limits, struct server **ret) {
        struct server *srv = calloc(1, sizeof(*srv));
        if (!srv)
                return -ENOMEM;
        srv->base = base;
        srv->daemon = d;
        srv->limits = *limits;
        *ret = srv;
        return 0;
}

static void conn_free(struct conn *c) {
        struct server *srv = c->srv;

        if (c->prev)
                c->prev->next = c->next;
        else
                srv->conns = c->next;
        if (c->next)
                c->next->prev = c->prev;
        srv->n_conns--;
        bufferevent_free(c->bev);
        free(c->peer.groups);
        free(c);
}

void server_free(struct server *srv) {
        if (!srv)
                return;
        while (srv->conns)
                conn_free(srv->conns);
        if (srv->listener)
                evconnlistener_free(srv->listener);
        free(srv);
}

unsigned server_connection_count(const struct server *srv) {
        return srv->n_conns;
}

const struct caller *conn_peer(const struct conn *c) {
        return &c->peer;
}

void conn_send(struct conn *c, json_object *msg) {
        struct evbuffer *out = bufferevent_get_output(c->bev);
        const char *text;
        size_t len;
        char term;

        if (!msg) {
                /* Out of memory building the reply: the client would wait
                 * forever for it, so close instead. */
                c->closing = true;
                return;
        }
        text = vl_message_text(msg, &len);
        term = vl_frame_terminator(c->scanner.mode);
        if (!text || evbuffer_add(out, text, len) < 0 || evbuffer_add(out, &term, 1) < 0)
                c->closing = true;
        json_object_put(msg);
}

static void send_error(struct conn *c, const char *error, const char *key, json_object *value) {
        json_object *params = json_object_new_object();
        if (params && key)
                json_object_object_add(params, key, value);
        else
                json_object_put(value);
        conn_send(c, vl_error_new(error, params));
}

static void handle_message(struct conn *c, const char *buf, size_t len) {
        struct vl_call call;
        const char *reason = NULL;
        int r;

        r = vl_call_parse(buf, len, &call, &reason);
        if (r < 0) {
                log_debug("Malformed message from pid %d: %s", (int)c->peer.pid, reason ? reason : strerror(-r));
                send_error(c, NSCTL_ERROR_MALFORMED_MESSAGE, "reason",
                           json_object_new_string(reason ? reason : strerror(-r)));
                return;
        }
        dispatch_call(c->srv->daemon, c, &call);
        vl_call_done(&call);
}

static bool output_full(struct conn *c) {
        return evbuffer_get_length(bufferevent_get_output(c->bev)) > c->srv->limits.max_output;
}

/* Take every complete message out of the input buffer, in order. */
static void process_input(struct conn *c) {
        struct evbuffer *in = bufferevent_get_input(c->bev);

        while (!c->closing) {
                if (output_full(c)) {
                        /* Backpressure: answer nothing more until the client
                         * has read what it was sent. */
                        c->throttled = true;
                        bufferevent_disable(c->bev, EV_READ);
                        return;
                }
                size_t have = evbuffer_get_length(in);
                if (c->scanner.scanned >= have)
                        break;

                struct evbuffer_ptr pos;
                struct evbuffer_iovec vec[16];
                evbuffer_ptr_set(in, &pos, c->scanner.scanned, EVBUFFER_PTR_SET);
                int n = evbuffer_peek(in, -1, &pos, vec, ELEMENTSOF(vec));
                if (n > (int)ELEMENTSOF(vec))
                        n = ELEMENTSOF(vec);

                ssize_t msg_len = 0;
                for (int i = 0; i < n && msg_len == 0; i++)
                        msg_len = vl_scanner_feed(&c->scanner, vec[i].iov_base, vec[i].iov_len);
                if (msg_len == -EMSGSIZE) {
                        log_debug("Message from pid %d exceeds %zu bytes, closing", (int)c->peer.pid,
                                  c->srv->limits.max_message);
                        send_error(c, NSCTL_ERROR_MESSAGE_TOO_LARGE, "maxBytes",
                                   json_object_new_int64((int64_t)c->srv->limits.max_message));
                        c->closing = true;
                        break;
                }
                if (msg_len == 0)
                        continue; /* peeked everything we had (or 16 chunks of it) */

                _cleanup_free_ char *msg = malloc(msg_len);
                if (!msg) {
                        c->closing = true;
                        break;
                }
                evbuffer_remove(in, msg, msg_len);
                handle_message(c, msg, msg_len - 1);
        }
        /* After EOF, what is left is at most half a message: dropped. */
        if (c->eof)
                c->closing = true;
        if (c->closing) {
                evbuffer_drain(in, evbuffer_get_length(in));
                bufferevent_disable(c->bev, EV_READ);
                if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
                        conn_free(c);
        }
}

static void on_read(struct bufferevent *bev, void *userdata) {
        process_input(userdata);
}

static void on_write(struct bufferevent *bev, void *userdata) {
        struct conn *c = userdata;

        /* Called when the output has drained to the low watermark. */
        if (c->closing) {
                if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
                        conn_free(c);
                return;
        }
        if (c->throttled && !output_full(c)) {
                c->throttled = false;
                if (!c->eof)
                        bufferevent_enable(bev, EV_READ);
                process_input(c);
        }
}

static void on_event(struct bufferevent *bev, short events, void *userdata) {
        struct conn *c = userdata;

        if (events & BEV_EVENT_EOF) {
                /* Calls already received are still answered (a client may
                 * shut down its sending side and wait, as socat does); the
                 * connection closes once their replies are flushed. */
                c->eof = true;
                bufferevent_disable(bev, EV_READ);
                if (!c->throttled)
                        process_input(c);
                return;
        }
        if (events & BEV_EVENT_ERROR)
                conn_free(c);
}

/* The peer's credentials as they were when it connected: uid, gid and pid
 * (SO_PEERCRED) and its supplementary groups (SO_PEERGROUPS). */
static int get_peer(int fd, struct caller *ret) {
        struct ucred cred;
        socklen_t len = sizeof(cred);
        size_t cap = 32;

        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
                return negative_errno();
        *ret = (struct caller){ .pid = cred.pid, .uid = cred.uid, .gid = cred.gid };
        for (;;) {
                gid_t *groups = malloc(cap * sizeof(gid_t));
                if (!groups)
                        return -ENOMEM;
                len = (socklen_t)(cap * sizeof(gid_t));
                if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) == 0) {
                        ret->groups = groups;
                        ret->n_groups = len / sizeof(gid_t);
                        return 0;
                }
                int r = negative_errno();
                free(groups);
                /* ERANGE: LEN now says how much is needed. */
                if (r != -ERANGE || len / sizeof(gid_t) <= cap || len / sizeof(gid_t) > 65536)
                        return r;
                cap = len / sizeof(gid_t);
        }
}

/* Refuse a connection over the limit with a named error, written directly:
 * the socket is fresh, so the short message fits its buffer. */
static void refuse(struct server *srv, int fd) {
        char buf[128];
        int n = snprintf(buf, sizeof(buf), "{\"error\":\"%s\",\"parameters\":{\"max\":%u}}",
                         NSCTL_ERROR_TOO_MANY_CONNECTIONS, srv->limits.max_connections);
        (void)!write(fd, buf, n + 1);
        close(fd);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int socklen, void *userdata) {
        struct server *srv = userdata;
        int r;

        if (srv->n_conns >= srv->limits.max_connections) {
                log_warning("Refusing connection: %u connections open", srv->n_conns);
                refuse(srv, fd);
                return;
        }
        struct conn *c = calloc(1, sizeof(*c));
        if (!c) {
                close(fd);
                return;
        }
        r = get_peer(fd, &c->peer);
        if (r < 0) {
                log_warning_errno(r, "Cannot get peer credentials");
                free(c);
                close(fd);
                return;
        }
        c->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
        if (!c->bev) {
                free(c->peer.groups);
                free(c);
                close(fd);
                return;
        }
        c->srv = srv;
        vl_scanner_init(&c->scanner, srv->limits.max_message);
        c->next = srv->conns;
        if (srv->conns)
                srv->conns->prev = c;
        srv->conns = c;
        srv->n_conns++;
        bufferevent_setcb(c->bev, on_read, on_write, on_event, c);
        bufferevent_setwatermark(c->bev, EV_WRITE, srv->limits.max_output / 2, 0);
        bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

static void on_accept_error(struct evconnlistener *l, void *userdata) {
        /* EMFILE and the like: log and keep serving the connections we have. */
        log_warning_errno(-EVUTIL_SOCKET_ERROR(), "accept failed");
}

int server_listen_fd(struct server *srv, int fd) {
        if (evutil_make_socket_nonblocking(fd) < 0 || evutil_make_socket_closeonexec(fd) < 0)
                return -EIO;
        srv->listener = evconnlistener_new(srv->base, on_accept, srv,
                                           LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC | LEV_OPT_REUSEABLE, -1, fd);
        if (!srv->listener)
                return negative_errno();
        evconnlistener_set_error_cb(srv->listener, on_accept_error);
        return 0;
}

int server_listen_path(struct server *srv, const char *path) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct stat st;

        if (strlen(path) >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, path);

        _cleanup_close_ int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return negative_errno();
        if (lstat(path, &st) == 0) {
                if (!S_ISSOCK(st.st_mode))
                        return -EEXIST;
                /* A socket file: stale if nobody answers on it. */
                _cleanup_close_ int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0)
                        return -EADDRINUSE;
                if (unlink(path) < 0)
                        return negative_errno();
        }
        mode_t old = umask(0111);
        int r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
        umask(old);
        if (r < 0)
                return negative_errno();
        r = server_listen_fd(srv, fd);
        if (r < 0)
                return r;
        TAKE_FD(fd);
        return 0;
}
