#include "call.h"

#include <errno.h>
#include <string.h>

#include "client.h"
#include "daemon-errors.h"
#include "log.h"
#include "varlink-client.h"

static int report_connect_error(const struct client_ctx *ctx, int r) {
        switch (r) {
        case -ENOENT:
        case -ECONNREFUSED:
                log_error("cannot connect to nsctld at %s: %s (is the daemon running?)", ctx->socket_path,
                          strerror(-r));
                return NSCTL_EXIT_UNREACHABLE;
        case -EACCES:
        case -EPERM:
                log_error("cannot connect to nsctld at %s: %s", ctx->socket_path, strerror(-r));
                return NSCTL_EXIT_DENIED;
        default:
                log_error("cannot connect to nsctld at %s: %s", ctx->socket_path, strerror(-r));
                return NSCTL_EXIT_UNREACHABLE;
        }
}

static int report_call_error(const struct client_ctx *ctx, int r, const char *reason) {
        switch (r) {
        case -ECONNRESET:
                log_error("nsctld at %s closed the connection before replying", ctx->socket_path);
                return NSCTL_EXIT_UNREACHABLE;
        case -EMSGSIZE:
                log_error("reply from nsctld is larger than %zu MiB", VARLINK_CLIENT_MAX_REPLY >> 20);
                return NSCTL_EXIT_FAILURE;
        case -EBADMSG:
                log_error("malformed reply from nsctld: %s", reason ? reason : "not a Varlink reply");
                return NSCTL_EXIT_FAILURE;
        default:
                log_error("cannot talk to nsctld at %s: %s", ctx->socket_path, strerror(-r));
                return NSCTL_EXIT_FAILURE;
        }
}

int call_connect(const struct client_ctx *ctx, struct varlink_client **ret) {
        int r = varlink_client_connect(ctx->socket_path, ret);
        return r < 0 ? report_connect_error(ctx, r) : 0;
}

int call_report_failure(const struct client_ctx *ctx, int r, const char *reason) {
        return report_call_error(ctx, r, reason);
}

int call_nsctld(const struct client_ctx *ctx, const char *method, json_object *params, const char *subject,
                struct vl_reply *ret) {
        struct varlink_client *c = NULL;
        const char *reason = NULL;
        int r;

        memset(ret, 0, sizeof(*ret));
        r = varlink_client_connect(ctx->socket_path, &c);
        if (r < 0) {
                json_object_put(params);
                return report_connect_error(ctx, r);
        }
        r = varlink_client_call(c, method, params, ret, &reason);
        varlink_client_free(c);
        if (r < 0)
                return report_call_error(ctx, r, reason);
        if (ret->error) {
                r = daemon_error_report(ret, method, subject);
                vl_reply_done(ret);
                return r;
        }
        return 0;
}

int call_reply_member(const struct vl_reply *reply, const char *key, json_type type, json_object **ret) {
        if (!json_object_object_get_ex(reply->parameters, key, ret) || !json_object_is_type(*ret, type)) {
                log_error("malformed reply from nsctld: \"%s\" is missing or not %s", key,
                          type == json_type_array ? "an array" : "an object");
                *ret = NULL;
                return NSCTL_EXIT_FAILURE;
        }
        return 0;
}

int call_params_add(json_object *params, const char *key, json_object *value) {
        /* json-c keeps VALUE only when the add succeeds. */
        if (!value || json_object_object_add(params, key, value) < 0) {
                json_object_put(value);
                return -ENOMEM;
        }
        return 0;
}

json_object *call_name_params(const char *name) {
        json_object *params = json_object_new_object();

        if (!params || call_params_add(params, "name", json_object_new_string(name)) < 0) {
                json_object_put(params);
                return NULL;
        }
        return params;
}
