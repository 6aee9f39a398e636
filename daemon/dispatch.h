/* From a parsed call to a handler: the method table, the permission check
 * (authz.c, called from here for every call), and the reply helpers the
 * handlers use. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>

#include "caller.h"
#include "server.h"
#include "varlink-message.h"

struct daemon;
struct conn;

struct request {
        struct daemon *daemon;
        struct conn *conn;
        const struct caller *peer;
        const struct vl_call *call;
        struct conn_fds *fds;     /* the descriptors sent with the call */
        bool replied;
};

struct method {
        const char *name;
        /* Returns 0 after replying, or a negative errno, which the
         * dispatcher turns into io.nsctl.Service.SystemError. */
        int (*handler)(struct request *req);
        /* Changes something.  authz.c has the rule for each method; one it
         * does not know is root's alone if it changes something. */
        bool privileged;
        const struct vl_field *params;
        /* Calls of this method in a row, read together from one
         * connection, share one walk over the tasks (ns_procs_share_walks);
         * any other call ends the sharing. */
        bool shares_task_walk;
};

/* Method tables, each terminated by an entry with a NULL name. */
extern const struct method service_methods[];
extern const struct method namespace_methods[];
extern const struct method topology_methods[];
extern const struct method network_methods[];
extern const struct method session_methods[];

void dispatch_call(struct daemon *d, struct conn *conn, const struct vl_call *call, struct conn_fds *fds);
/* The calls read together from a connection have been dispatched: what
 * they shared (a walk over the tasks) is not good for later ones. */
void dispatch_batch_end(void);

/* The "name" parameter of a set or topology, checked; replies
 * io.nsctl.Namespace.InvalidName and returns NULL if it is not acceptable. */
const char *request_name(struct request *req);

/* Reply helpers; each takes ownership of PARAMS (which may be NULL) and
 * returns 0 so handlers can `return reply(...)`. */
int reply(struct request *req, json_object *params);
int reply_error(struct request *req, const char *error, json_object *params);
/* A reply whose parameters are already serialized, in N pieces. */
int reply_text(struct request *req, const char *const *parts, const size_t *lens, size_t n);
/* The parameters of io.nsctl.Service.SystemError for the negative errno R
 * (what a handler's failure is answered with). */
json_object *system_error_params(int r);
/* An error with one string parameter, the common case. */
int reply_error_str(struct request *req, const char *error, const char *key, const char *value);
