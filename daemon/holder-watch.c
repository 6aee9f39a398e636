#include "holder-watch.h"

#include <event2/event.h>
#include <stdlib.h>

struct watch {
        struct event *ev;
        struct nsstore *st;
        struct ns_set *set;
};

static void on_holder_exit(evutil_socket_t fd, short events, void *userdata) {
        struct watch *w = userdata;
        nsstore_holder_exited(w->st, w->set); /* calls holder_removed, which frees w */
}

static void added(struct nsstore *st, struct ns_set *set) {
        struct watch *w = calloc(1, sizeof(*w));
        if (!w)
                return;
        w->st = st;
        w->set = set;
        w->ev = event_new(st->hooks.userdata, set->holder_pidfd, EV_READ, on_holder_exit, w);
        if (!w->ev || event_add(w->ev, NULL) < 0) {
                if (w->ev)
                        event_free(w->ev);
                free(w);
                return;
        }
        set->watch = w;
}

static void removed(struct nsstore *st, struct ns_set *set) {
        struct watch *w = set->watch;
        if (!w)
                return;
        event_free(w->ev);
        free(w);
}

const struct nsstore_hooks holder_watch_hooks = {
        .holder_added = added,
        .holder_removed = removed,
};
