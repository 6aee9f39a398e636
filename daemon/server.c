#include "server.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "dispatch.h"
#include "log.h"
#include "util.h"
#include "varlink-errors.h"
#include "varlink-frame.h"
#include "varlink-message.h"

/* Descriptors that came with the bytes of the stream up to OFFSET: they
 * belong to the message that contains that byte. */
struct fd_batch {
        uint64_t offset;
        int fd[CONN_MAX_FDS];
        size_t n;
        bool bad; /* a truncated control message, or more than a connection may hold */
        struct fd_batch *next;
};

struct conn {
        struct server *srv;
        struct bufferevent *bev; /* writing */
        struct event *rev;       /* reading, with recvmsg() so descriptors come too */
        struct evbuffer *in;
        uint64_t in_offset;      /* stream offset of the first byte in IN */
        struct fd_batch *batches; /* in stream order */
        size_t n_fds;            /* held in BATCHES */
        size_t n_batches;
        struct vl_scanner scanner;
        struct caller peer;
        bool reading;   /* REV is added */
        bool throttled; /* reading stopped until the client reads its replies */
        bool eof;       /* the client will send nothing more */
        bool closing;   /* process no more input; close once the output is flushed */
        /* A call answered later (conn_begin_async): no further call is
         * taken until it ends; CANCEL is called if the client goes first. */
        bool busy;
        void (*cancel)(void *data);
        void *cancel_data;
        struct conn *prev, *next;
};

struct server {
        struct event_base *base;
        struct daemon *daemon;
        struct server_limits limits;
        struct evconnlistener *listener;
        struct event *resume_accept; /* re-enables the listener after EMFILE */
        bool accept_failing;         /* logged; not again until an accept works */
        struct conn *conns;
        unsigned n_conns;
        /* Every read lands here first and only what came is copied to the
         * connection's input.  Reserving the chunk in the connection's own
         * evbuffer instead allocated 128 KiB per read (an mmap under ASan,
         * with a TLB shootdown at its munmap) even for the 0 bytes of a
         * client leaving, and kept it while a message was incomplete. */
        char read_buf[64 << 10];
};

/* How long accepting pauses when the daemon is out of descriptors. */
#define ACCEPT_PAUSE_MS 100

static void on_resume_accept(evutil_socket_t fd, short events, void *userdata) {
        struct server *srv = userdata;
        if (srv->listener)
                evconnlistener_enable(srv->listener);
}

int server_new(struct event_base *base, struct daemon *d, const struct server_limits *limits, struct server **ret) {
        struct server *srv = calloc(1, sizeof(*srv));
        if (!srv)
                return -ENOMEM;
        srv->base = base;
        srv->daemon = d;
        srv->limits = *limits;
        srv->resume_accept = evtimer_new(base, on_resume_accept, srv);
        if (!srv->resume_accept) {
                free(srv);
                return -ENOMEM;
        }
        *ret = srv;
        return 0;
}

static void close_fds(int *fds, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (fds[i] >= 0) {
                        close(fds[i]);
                        fds[i] = -1;
                }
}

void conn_fds_close(struct conn_fds *f) {
        close_fds(f->fd, f->n);
        f->n = 0;
}

static void set_reading(struct conn *c, bool on) {
        if (on == c->reading)
                return;
        if (on)
                event_add(c->rev, NULL);
        else
                event_del(c->rev);
        c->reading = on;
}

/* The client is gone (or will send nothing more) while a call is still
 * under way: the call's owner lets go of the connection. */
static void cancel_async(struct conn *c) {
        if (!c->busy)
                return;
        c->busy = false;
        if (c->cancel)
                c->cancel(c->cancel_data);
}

static void conn_free(struct conn *c) {
        struct server *srv = c->srv;

        cancel_async(c);
        if (c->prev)
                c->prev->next = c->next;
        else
                srv->conns = c->next;
        if (c->next)
                c->next->prev = c->prev;
        srv->n_conns--;
        while (c->batches) {
                struct fd_batch *b = c->batches;
                c->batches = b->next;
                close_fds(b->fd, b->n);
                free(b);
        }
        if (c->rev)
                event_free(c->rev);
        if (c->in)
                evbuffer_free(c->in);
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
        event_free(srv->resume_accept);
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
        if (!text) {
                c->closing = true;
                json_object_put(msg);
                return;
        }
        /* Nothing queued: send now, without a round through the event
         * loop (which would cost two epoll_ctl and an epoll_wait per
         * reply); only what the socket does not take is queued. */
        size_t sent = 0;
        if (evbuffer_get_length(out) == 0) {
                struct iovec iov[2] = { { (void *)text, len }, { &term, 1 } };
                struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
                ssize_t k = sendmsg(bufferevent_getfd(c->bev), &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
                if (k > 0)
                        sent = (size_t)k;
        }
        if (sent < len + 1) {
                if ((sent < len && evbuffer_add(out, text + sent, len - sent) < 0) || evbuffer_add(out, &term, 1) < 0)
                        c->closing = true;
        }
        json_object_put(msg);
}

void conn_send_text(struct conn *c, const char *const *parts, const size_t *lens, size_t n) {
        struct evbuffer *out = bufferevent_get_output(c->bev);
        char term = vl_frame_terminator(c->scanner.mode);
        for (size_t i = 0; i < n; i++)
                if (evbuffer_add(out, parts[i], lens[i]) < 0) {
                        c->closing = true;
                        return;
                }
        if (evbuffer_add(out, &term, 1) < 0)
                c->closing = true;
}

static void send_error(struct conn *c, const char *error, const char *key, json_object *value) {
        json_object *params = json_object_new_object();
        if (params && key)
                json_object_object_add(params, key, value);
        else
                json_object_put(value);
        conn_send(c, vl_error_new(error, params));
}

static void handle_message(struct conn *c, const char *buf, size_t len, struct conn_fds *fds) {
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
        dispatch_call(c->srv->daemon, c, &call, fds);
        vl_call_done(&call);
}

static bool output_full(struct conn *c) {
        return evbuffer_get_length(bufferevent_get_output(c->bev)) > c->srv->limits.max_output;
}

/* The descriptors of the message that ends before stream offset END:
 * every batch that came with one of its bytes. */
static void take_fds(struct conn *c, uint64_t end, struct conn_fds *ret) {
        *ret = (struct conn_fds){ 0 };
        while (c->batches && c->batches->offset < end) {
                struct fd_batch *b = c->batches;
                c->batches = b->next;
                ret->bad |= b->bad;
                for (size_t i = 0; i < b->n; i++)
                        if (ret->n < CONN_MAX_FDS)
                                ret->fd[ret->n++] = b->fd[i];
                        else {
                                close(b->fd[i]);
                                ret->bad = true;
                        }
                c->n_fds -= b->n;
                c->n_batches--;
                free(b);
        }
}

/* Take every complete message out of the input buffer, in order. */
static void process_input(struct conn *c) {
        struct evbuffer *in = c->in;

        while (!c->closing && !c->busy) {
                if (output_full(c)) {
                        /* Backpressure: answer nothing more until the client
                         * has read what it was sent. */
                        c->throttled = true;
                        set_reading(c, false);
                        dispatch_batch_end();
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
                struct conn_fds fds;
                evbuffer_remove(in, msg, msg_len);
                take_fds(c, c->in_offset + (uint64_t)msg_len, &fds);
                c->in_offset += (uint64_t)msg_len;
                handle_message(c, msg, msg_len - 1, &fds);
                /* Whatever the call did not take is closed: a descriptor
                 * the client sent is never kept by mistake. */
                conn_fds_close(&fds);
        }
        dispatch_batch_end();
        /* After EOF, what is left is at most half a message: dropped. */
        if (c->eof && !c->busy)
                c->closing = true;
        if (c->closing) {
                evbuffer_drain(in, evbuffer_get_length(in));
                set_reading(c, false);
                if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
                        conn_free(c);
        }
}

/* Keep the descriptors of one recvmsg(): N bytes came with them.  A
 * truncated control message (more descriptors than fit, or than we can
 * take), one of another kind, or more than a connection may hold marks the
 * message bad: it is refused, and every descriptor closed. */
static void keep_fds(struct conn *c, struct msghdr *mh, size_t n) {
        struct fd_batch *b = NULL;
        bool bad = mh->msg_flags & MSG_CTRUNC;

        for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
                if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) {
                        bad = true;
                        continue;
                }
                size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                int *fds = (int *)CMSG_DATA(cm);
                if (!b)
                        b = calloc(1, sizeof(*b));
                for (size_t i = 0; i < k; i++) {
                        int fd;
                        memcpy(&fd, &fds[i], sizeof(fd));
                        if (b && b->n < CONN_MAX_FDS && c->n_fds < CONN_MAX_FDS) {
                                b->fd[b->n++] = fd;
                                c->n_fds++;
                        } else {
                                close(fd);
                                bad = true;
                        }
                }
        }
        if (!bad && !b)
                return;
        if (c->n_batches >= CONN_MAX_FDS || (!b && !(b = calloc(1, sizeof(*b))))) {
                /* Control messages without end, or out of memory: the
                 * messages cannot be told apart any more, so the
                 * connection goes. */
                if (b) {
                        close_fds(b->fd, b->n);
                        c->n_fds -= b->n;
                        free(b);
                }
                send_error(c, NSCTL_ERROR_INVALID_DESCRIPTORS, "reason",
                           json_object_new_string("too many control messages"));
                c->closing = true;
                return;
        }
        if (bad)
                log_debug("Bad control message from pid %d%s", (int)c->peer.pid,
                          mh->msg_flags & MSG_CTRUNC ? " (truncated)" : "");
        b->bad = bad;
        b->offset = c->in_offset + evbuffer_get_length(c->in) + n - 1;
        struct fd_batch **tail = &c->batches;
        while (*tail)
                tail = &(*tail)->next;
        *tail = b;
        c->n_batches++;
}

static void on_readable(evutil_socket_t fd, short events, void *userdata) {
        struct conn *c = userdata;
        union {
                struct cmsghdr align;
                char buf[CMSG_SPACE(sizeof(int) * CONN_MAX_FDS)];
        } control;
        ssize_t n;

        struct iovec iov = { .iov_base = c->srv->read_buf, .iov_len = sizeof(c->srv->read_buf) };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control,
                             .msg_controllen = sizeof(control) };
        /* MSG_CMSG_CLOEXEC: no descriptor a client sends leaks into a
         * process the daemon starts. */
        n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
        if (n < 0) {
                if (errno == EAGAIN || errno == EINTR)
                        return;
                conn_free(c);
                return;
        }
        if (mh.msg_controllen > 0 || (mh.msg_flags & MSG_CTRUNC))
                keep_fds(c, &mh, (size_t)n);
        if (n == 0) {
                /* Calls already received are still answered (a client may
                 * shut down its sending side and wait, as socat does); the
                 * connection closes once their replies are flushed.  A call
                 * still under way is cancelled. */
                c->eof = true;
                set_reading(c, false);
                cancel_async(c);
                if (!c->throttled)
                        process_input(c);
                return;
        }
        if (evbuffer_add(c->in, c->srv->read_buf, (size_t)n) < 0) {
                conn_free(c);
                return;
        }
        /* While a call is under way nothing is taken from the input; stop
         * reading once a whole message more is waiting. */
        if (c->busy && evbuffer_get_length(c->in) > c->srv->limits.max_message)
                set_reading(c, false);
        process_input(c);
}

void conn_begin_async(struct conn *c, void (*cancel)(void *data), void *data) {
        c->busy = true;
        c->cancel = cancel;
        c->cancel_data = data;
}

void conn_end_async(struct conn *c) {
        c->busy = false;
        c->cancel = NULL;
        c->cancel_data = NULL;
        if (!c->eof && !c->throttled && !c->closing)
                set_reading(c, true);
        process_input(c); /* may free C */
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
                        set_reading(c, true);
                process_input(c);
        }
}

static void on_event(struct bufferevent *bev, short events, void *userdata) {
        struct conn *c = userdata;

        if (events & (BEV_EVENT_ERROR | BEV_EVENT_EOF))
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

        if (srv->accept_failing) {
                log_info("accept works again (%u connections open)", srv->n_conns);
                srv->accept_failing = false;
        }

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
        c->next = srv->conns;
        if (srv->conns)
                srv->conns->prev = c;
        srv->conns = c;
        srv->n_conns++;
        c->in = evbuffer_new();
        c->rev = event_new(srv->base, fd, EV_READ | EV_PERSIST, on_readable, c);
        if (!c->in || !c->rev) {
                conn_free(c);
                return;
        }
        vl_scanner_init(&c->scanner, srv->limits.max_message);
        bufferevent_setcb(c->bev, NULL, on_write, on_event, c);
        bufferevent_setwatermark(c->bev, EV_WRITE, srv->limits.max_output / 2, 0);
        bufferevent_enable(c->bev, EV_WRITE);
        set_reading(c, true);
}

static void on_accept_error(struct evconnlistener *l, void *userdata) {
        struct server *srv = userdata;
        int err = EVUTIL_SOCKET_ERROR();
        struct timeval pause = { .tv_sec = 0, .tv_usec = ACCEPT_PAUSE_MS * 1000 };

        /* EMFILE and the like: the connection stays queued and the socket
         * readable, so accepting again at once would spin.  Keep serving
         * the connections we have and try again shortly (a closing one
         * frees a descriptor). */
        if (!srv->accept_failing)
                log_warning_errno(-err, "accept failed (%u connections open); retrying every %d ms", srv->n_conns,
                                  ACCEPT_PAUSE_MS);
        srv->accept_failing = true;
        evconnlistener_disable(l);
        evtimer_add(srv->resume_accept, &pause);
}

/* BACKLOG 0: FD is listening already (libevent then leaves it alone). */
static int listen_on(struct server *srv, int fd, int backlog) {
        if (evutil_make_socket_nonblocking(fd) < 0 || evutil_make_socket_closeonexec(fd) < 0)
                return -EIO;
        srv->listener = evconnlistener_new(srv->base, on_accept, srv,
                                           LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC | LEV_OPT_REUSEABLE, backlog,
                                           fd);
        if (!srv->listener)
                return negative_errno();
        evconnlistener_set_error_cb(srv->listener, on_accept_error);
        return 0;
}

/* systemd made the socket and set its backlog (Backlog=, SOMAXCONN by
 * default): listen() again would only lower it. */
int server_listen_fd(struct server *srv, int fd) {
        return listen_on(srv, fd, 0);
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
        /* Not libevent's default of 128: a burst of clients connecting at
         * once (more than 128 before the loop gets to accept them) would
         * see EAGAIN from a non-blocking connect(). */
        r = listen_on(srv, fd, SOMAXCONN);
        if (r < 0)
                return r;
        TAKE_FD(fd);
        return 0;
}
