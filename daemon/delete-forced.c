#include "delete-forced.h"

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "daemon.h"
#include "dispatch.h"
#include "log.h"
#include "ns-procs.h"
#include "nsstore.h"
#include "server.h"
#include "varlink-errors.h"

/* How often the pidfds are looked at while waiting. */
#define TICK_US 10000

struct delete_forced {
        struct daemon *d;
        struct conn *conn; /* NULL once the client has gone: the delete goes on */
        bool oneway;
        uid_t uid;
        char name[NSCTL_NAME_MAX + 1];
        struct pollfd *fds; /* of the processes sent SIGTERM */
        size_t nfds;
        struct timespec deadline; /* CLOCK_MONOTONIC */
        struct event *tick;
        struct delete_forced *next;
};

static void forced_free(struct delete_forced *f) {
        for (struct delete_forced **p = &f->d->forced_deletes; *p; p = &(*p)->next)
                if (*p == f) {
                        *p = f->next;
                        break;
                }
        if (f->tick)
                event_free(f->tick);
        ns_procs_close(f->fds, f->nfds);
        free(f);
}

/* The delete proper (SIGKILL for whoever is still inside), and its reply
 * as a message: NULL for a oneway call. */
static json_object *finish(struct daemon *d, const char *set_name, uid_t uid, bool oneway) {
        char name[NSCTL_NAME_MAX + 1];
        snprintf(name, sizeof(name), "%s", set_name); /* the set goes with the delete */
        /* Visible again should the delete fail (it puts back what it can). */
        struct ns_set *set = nsstore_find_any(&d->store, name);
        if (set)
                set->deleting = false;
        int r = nsstore_delete(&d->store, name, NSSTORE_FORCE | NSSTORE_NO_GRACE, NULL, NULL);
        if (r == 0)
                log_change("io.nsctl.Namespace.Delete", name, uid, "Deleted namespace set %s (forced)", name);
        else if (r == -ENOENT)
                r = 0; /* deleted meanwhile, by another call: gone all the same */
        else
                log_warning_errno(r, "Forced delete of %s failed", name);
        if (oneway)
                return NULL;
        if (r == 0)
                return vl_reply_new(NULL, false);
        return vl_error_new(NSCTL_ERROR_SYSTEM, system_error_params(r));
}

static bool past(const struct timespec *t) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

static void on_tick(evutil_socket_t fd, short what, void *userdata) {
        struct delete_forced *f = userdata;
        (void)fd;
        (void)what;

        if (ns_procs_running(f->fds, f->nfds) > 0 && !past(&f->deadline))
                return;
        json_object *msg = finish(f->d, f->name, f->uid, f->oneway);
        struct conn *conn = f->conn;
        forced_free(f);
        if (conn) {
                if (msg)
                        conn_send(conn, msg);
                conn_end_async(conn);
        } else {
                json_object_put(msg);
        }
}

static void on_cancel(void *userdata) {
        struct delete_forced *f = userdata;
        f->conn = NULL;
}

/* The delete and its reply, without waiting. */
static int finish_now(struct request *req, const struct ns_set *set) {
        json_object *msg = finish(req->daemon, set->name, req->peer->uid, req->call->oneway);
        req->replied = true;
        if (msg)
                conn_send(req->conn, msg);
        return 0;
}

int delete_forced_start(struct request *req, struct ns_set *set) {
        struct daemon *d = req->daemon;
        const struct ns_set *one = set;
        struct pollfd *fds = NULL;
        size_t nfds = 0;
        struct ns_match m;

        int r = ns_match_init(&m, &one, 1);
        if (r < 0)
                return r;
        r = ns_procs_signal(&m, SIGTERM, &fds, &nfds);
        ns_match_done(&m);
        if (r < 0 || nfds == 0) {
                ns_procs_close(fds, nfds);
                /* Nothing inside: no reason to wait. */
                return r < 0 ? r : finish_now(req, set);
        }

        struct delete_forced *f = calloc(1, sizeof(*f));
        if (!f) {
                ns_procs_close(fds, nfds);
                return -ENOMEM;
        }
        *f = (struct delete_forced){ .d = d, .conn = req->conn, .oneway = req->call->oneway, .uid = req->peer->uid,
                                     .fds = fds, .nfds = nfds, .next = d->forced_deletes };
        snprintf(f->name, sizeof(f->name), "%s", set->name);
        d->forced_deletes = f;
        clock_gettime(CLOCK_MONOTONIC, &f->deadline);
        f->deadline.tv_sec += NSSTORE_FORCE_GRACE_MS / 1000;
        f->deadline.tv_nsec += (NSSTORE_FORCE_GRACE_MS % 1000) * 1000000L;
        if (f->deadline.tv_nsec >= 1000000000L) {
                f->deadline.tv_sec++;
                f->deadline.tv_nsec -= 1000000000L;
        }
        f->tick = event_new(d->base, -1, EV_PERSIST, on_tick, f);
        if (!f->tick || event_add(f->tick, &(struct timeval){ 0, TICK_US }) < 0) {
                /* Out of memory: no waiting then; the delete SIGKILLs
                 * whoever has not gone on the SIGTERM. */
                forced_free(f);
                return finish_now(req, set);
        }
        set->deleting = true;
        log_info("Forced delete of %s: %zu process(es) sent SIGTERM, SIGKILL in %d ms for those left", f->name,
                 nfds, NSSTORE_FORCE_GRACE_MS);
        req->replied = true;
        conn_begin_async(req->conn, on_cancel, f);
        return 0;
}

void delete_forced_free_all(struct daemon *d) {
        while (d->forced_deletes)
                forced_free(d->forced_deletes);
}
