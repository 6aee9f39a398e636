#include "dispatch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "interfaces.h"
#include "log.h"
#include "names.h"
#include "ns-procs.h"
#include "server.h"
#include "varlink-errors.h"

static const struct method *const method_tables[] = {
        service_methods,
        namespace_methods,
        topology_methods,
        network_methods,
        session_methods,
};

static const struct method *find_method(const char *name) {
        for (size_t i = 0; i < sizeof(method_tables) / sizeof(method_tables[0]); i++)
                for (const struct method *m = method_tables[i]; m->name; m++)
                        if (strcmp(m->name, name) == 0)
                                return m;
        return NULL;
}

/* Whether the interface part of METHOD ("a.b.C" of "a.b.C.Method") is one
 * we serve. */
static bool interface_known(const char *method) {
        const char *dot = strrchr(method, '.');
        if (!dot)
                return false;
        size_t len = (size_t)(dot - method);
        for (const struct vl_interface *i = vl_interfaces; i->name; i++)
                if (strlen(i->name) == len && strncmp(i->name, method, len) == 0)
                        return true;
        return false;
}

static void send_message(struct request *req, json_object *msg) {
        req->replied = true;
        if (req->call->oneway) {
                json_object_put(msg);
                return;
        }
        conn_send(req->conn, msg);
}

json_object *system_error_params(int r) {
        json_object *p = json_object_new_object();
        if (p) {
                json_object_object_add(p, "errno", json_object_new_int(-r));
                json_object_object_add(p, "message", json_object_new_string(strerror(-r)));
        }
        return p;
}

int reply(struct request *req, json_object *params) {
        send_message(req, vl_reply_new(params, false));
        return 0;
}

const char *request_name(struct request *req) {
        json_object *v;
        const char *reason;

        json_object_object_get_ex(req->call->parameters, "name", &v);
        const char *name = json_object_get_string(v);
        if (nsctl_name_check(name, (size_t)json_object_get_string_len(v), &reason) < 0) {
                json_object *p = json_object_new_object();
                json_object_object_add(p, "name", json_object_new_string_len(name, json_object_get_string_len(v)));
                json_object_object_add(p, "reason", json_object_new_string(reason));
                reply_error(req, NSCTL_ERROR_INVALID_NAME, p);
                return NULL;
        }
        return name;
}

int reply_text(struct request *req, const char *const *parts, const size_t *lens, size_t n) {
        req->replied = true;
        if (!req->call->oneway)
                conn_send_text(req->conn, parts, lens, n);
        return 0;
}

int reply_error(struct request *req, const char *error, json_object *params) {
        send_message(req, vl_error_new(error, params));
        return 0;
}

int reply_error_str(struct request *req, const char *error, const char *key, const char *value) {
        json_object *p = json_object_new_object();
        if (p)
                json_object_object_add(p, key, json_object_new_string(value));
        return reply_error(req, error, p);
}

/* The methods whose calls come with descriptors (SCM_RIGHTS), and how
 * many: exactly that many.  Every other call takes none. */
static const struct {
        const char *method;
        unsigned n;
} fd_methods[] = {
        { "io.nsctl.Session.Start", 3 },
};

static unsigned fds_taken(const struct method *m) {
        for (size_t i = 0; i < sizeof(fd_methods) / sizeof(fd_methods[0]); i++)
                if (strcmp(fd_methods[i].method, m->name) == 0)
                        return fd_methods[i].n;
        return 0;
}

/* The descriptors that came with the call are exactly the ones M takes;
 * otherwise replies InvalidDescriptors (the server closes them all). */
static bool fds_expected(struct request *req, const struct method *m) {
        const struct conn_fds *f = req->fds;
        unsigned want = fds_taken(m);
        char reason[128];

        if (f->bad)
                snprintf(reason, sizeof(reason), "a truncated or unexpected control message");
        else if (f->n != want)
                snprintf(reason, sizeof(reason), "%s takes %u descriptors, %zu came", m->name, want, f->n);
        else
                return true;
        reply_error_str(req, NSCTL_ERROR_INVALID_DESCRIPTORS, "reason", reason);
        return false;
}

void dispatch_call(struct daemon *d, struct conn *conn, const struct vl_call *call, struct conn_fds *fds) {
        struct request req = { .daemon = d, .conn = conn, .peer = conn_peer(conn), .call = call, .fds = fds };
        const struct method *m = find_method(call->method);
        const char *bad;
        int r;

        if (!m) {
                if (interface_known(call->method)) {
                        reply_error_str(&req, VL_ERROR_METHOD_NOT_FOUND, "method", call->method);
                } else {
                        const char *dot = strrchr(call->method, '.');
                        char *iface = strndup(call->method, dot ? (size_t)(dot - call->method) : strlen(call->method));
                        reply_error_str(&req, VL_ERROR_INTERFACE_NOT_FOUND, "interface", iface ? iface : "");
                        free(iface);
                }
                return;
        }
        if (!fds_expected(&req, m))
                return;
        if (m->params && vl_params_check(call->parameters, m->params, &bad) < 0) {
                reply_error_str(&req, VL_ERROR_INVALID_PARAMETER, "parameter", bad);
                return;
        }
        /* Authorization, for every call, on the parameters just checked,
         * which the handler then acts on. */
        if (authz_check(&req, m) < 0)
                return;
        ns_procs_share_walks(m->shares_task_walk);
        r = m->handler(&req);
        if (r < 0 && !req.replied) {
                log_warning_errno(r, "%s failed", m->name);
                reply_error(&req, NSCTL_ERROR_SYSTEM, system_error_params(r));
        }
}

void dispatch_batch_end(void) {
        ns_procs_share_walks(false);
}
