#include "varlink-client.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "varlink-frame.h"

struct varlink_client {
        int fd;
        char *buf;
        size_t len; /* bytes received and not yet consumed */
        size_t fed; /* of those, bytes already fed to the scanner */
        size_t cap;
        struct vl_scanner scanner;
};

#define READ_CHUNK ((size_t)16 << 10)

int varlink_client_connect(const char *path, struct varlink_client **ret) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct varlink_client *c;
        size_t n = strlen(path);

        *ret = NULL;
        if (n == 0)
                return -EINVAL;
        if (n >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        memcpy(sa.sun_path, path, n);

        c = calloc(1, sizeof(*c));
        if (!c)
                return -ENOMEM;
        c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (c->fd < 0) {
                int r = -errno;
                free(c);
                return r;
        }
        if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
                int r = -errno;
                varlink_client_free(c);
                return r;
        }
        vl_scanner_init(&c->scanner, VARLINK_CLIENT_MAX_REPLY);
        /* We frame with NUL, so the daemon answers with NUL; fixing the mode
         * now keeps a newline in a reply from being taken as its end. */
        c->scanner.mode = VL_FRAME_NUL;
        *ret = c;
        return 0;
}

void varlink_client_free(struct varlink_client *c) {
        if (!c)
                return;
        if (c->fd >= 0)
                close(c->fd);
        free(c->buf);
        free(c);
}

static int send_all(int fd, const char *buf, size_t len) {
        while (len > 0) {
                /* MSG_NOSIGNAL: a daemon that went away is an error to
                 * report, not a reason for SIGPIPE to kill us silently. */
                ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                buf += n;
                len -= (size_t)n;
        }
        return 0;
}

/* Wait for the daemon's bytes in poll(2), not in read(2).  A read(2) that
 * blocks on a UNIX stream socket is also woken when the daemon reads our
 * call (the kernel wakes the writer when its bytes are consumed, whatever
 * it waits for), only to find nothing and sleep again: one more wakeup and
 * context switch per call.  poll(2) is woken only for input. */
static int wait_readable(int fd) {
        struct pollfd p = { .fd = fd, .events = POLLIN };

        while (poll(&p, 1, -1) < 0)
                if (errno != EINTR)
                        return -errno;
        return 0;
}

/* Read until the buffer holds one whole message; returns its length
 * including the terminator. */
static ssize_t read_message(struct varlink_client *c) {
        for (;;) {
                if (c->fed < c->len) {
                        ssize_t m = vl_scanner_feed(&c->scanner, c->buf + c->fed, c->len - c->fed);
                        if (m != 0)
                                return m;
                        c->fed = c->len;
                }
                if (c->cap - c->len < READ_CHUNK) {
                        size_t cap = c->cap ? c->cap * 2 : READ_CHUNK * 2;
                        char *p = realloc(c->buf, cap);
                        if (!p)
                                return -ENOMEM;
                        c->buf = p;
                        c->cap = cap;
                }
                int r = wait_readable(c->fd);
                if (r < 0)
                        return r;
                ssize_t n = read(c->fd, c->buf + c->len, c->cap - c->len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return errno == EPIPE ? -ECONNRESET : -errno;
                }
                if (n == 0)
                        return -ECONNRESET;
                c->len += (size_t)n;
        }
}

int varlink_client_send(struct varlink_client *c, const char *method, json_object *params, bool more, const int *fds,
                        size_t n_fds) {
        json_object *call = vl_call_new(method, params, more, false);
        const char *text;
        size_t len;
        int r;

        if (!call)
                return -ENOMEM;
        text = vl_message_text(call, &len);
        if (!text) {
                json_object_put(call);
                return -ENOMEM;
        }
        /* json-c's text is NUL-terminated, and that NUL is the Varlink
         * terminator: send it with the message. */
        len++;
        if (n_fds > 0) {
                /* The descriptors go with the first bytes of the message,
                 * so they arrive with it. */
                union {
                        struct cmsghdr align;
                        char buf[CMSG_SPACE(sizeof(int) * VARLINK_CLIENT_MAX_FDS)];
                } control;
                struct iovec iov = { .iov_base = (void *)text, .iov_len = len };
                struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control,
                                     .msg_controllen = CMSG_SPACE(sizeof(int) * n_fds) };
                struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
                ssize_t n;

                if (n_fds > VARLINK_CLIENT_MAX_FDS) {
                        json_object_put(call);
                        return -EINVAL;
                }
                memset(&control, 0, sizeof(control));
                cm->cmsg_level = SOL_SOCKET;
                cm->cmsg_type = SCM_RIGHTS;
                cm->cmsg_len = CMSG_LEN(sizeof(int) * n_fds);
                memcpy(CMSG_DATA(cm), fds, sizeof(int) * n_fds);
                do
                        n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
                while (n < 0 && errno == EINTR);
                if (n < 0) {
                        r = -errno;
                        json_object_put(call);
                        return r == -EPIPE ? -ECONNRESET : r;
                }
                text += n;
                len -= (size_t)n;
        }
        r = send_all(c->fd, text, len);
        json_object_put(call);
        return r == -EPIPE ? -ECONNRESET : r;
}

int varlink_client_receive(struct varlink_client *c, struct vl_reply *ret, const char **ret_reason) {
        ssize_t m;
        int r;

        memset(ret, 0, sizeof(*ret));
        *ret_reason = NULL;
        m = read_message(c);
        if (m < 0)
                return (int)m;
        r = vl_reply_parse(c->buf, (size_t)m - 1, ret, ret_reason);
        /* Keep whatever followed the reply for the next call. */
        c->len -= (size_t)m;
        memmove(c->buf, c->buf + m, c->len);
        c->fed = 0;
        return r;
}

bool varlink_client_buffered(const struct varlink_client *c) {
        return c->len > 0;
}

int varlink_client_fd(const struct varlink_client *c) {
        return c->fd;
}

int varlink_client_call(struct varlink_client *c, const char *method, json_object *params, struct vl_reply *ret,
                        const char **ret_reason) {
        int r;

        memset(ret, 0, sizeof(*ret));
        *ret_reason = NULL;
        r = varlink_client_send(c, method, params, false, NULL, 0);
        if (r < 0)
                return r;
        return varlink_client_receive(c, ret, ret_reason);
}
