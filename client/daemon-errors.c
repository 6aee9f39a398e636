#include "daemon-errors.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "log.h"
#include "varlink-errors.h"

/* Until proto/varlink-errors.h names them; the wire names are fixed by
 * io.nsctl.Namespace.varlink either way. */
#ifndef NSCTL_ERROR_INVALID_OPTION
#define NSCTL_ERROR_INVALID_OPTION "io.nsctl.Namespace.InvalidOption"
#endif
#ifndef NSCTL_ERROR_BUSY
#define NSCTL_ERROR_BUSY "io.nsctl.Namespace.Busy"
#endif

/* At most this many pids are named in a Busy message; it stays one line. */
#define BUSY_PIDS_SHOWN 10

struct error_args {
        json_object *params;
        const char *method;
        const char *subject;
};

/* A string parameter of the error, or FALLBACK: a daemon that leaves one
 * out must still give a readable message. */
static const char *param(const struct error_args *a, const char *key, const char *fallback) {
        const char *s = vl_params_string(a->params, key);
        return s ? s : fallback;
}

/* An integer parameter of the error, or -1. */
static int64_t param_int(const struct error_args *a, const char *key) {
        json_object *v;

        if (!json_object_object_get_ex(a->params, key, &v) || !json_object_is_type(v, json_type_int))
                return -1;
        return json_object_get_int64(v);
}

static const char *param_name(const struct error_args *a) {
        return param(a, "name", a->subject ? a->subject : "?");
}

static void report_not_found(const struct error_args *a) {
        log_error("namespace '%s' not found", param_name(a));
}

static void report_already_exists(const struct error_args *a) {
        log_error("namespace '%s' already exists", param_name(a));
}

static void report_invalid_name(const struct error_args *a) {
        log_error("invalid name '%s': %s", param_name(a), param(a, "reason", "refused by nsctld"));
}

static void report_unsupported_type(const struct error_args *a) {
        log_error("unsupported namespace type '%s'", param(a, "type", "?"));
}

/* The command-line spelling of a Create option the daemon refused. */
static const char *option_flag(const char *option) {
        static const struct {
                const char *wire, *flag;
        } flags[] = {
                { "types", "--type" },
                { "hostname", "--hostname" },
                { "mapRootUser", "--map-root-user" },
                { "uidMap", "--uid-map" },
                { "gidMap", "--gid-map" },
                { "monotonicOffset", "--monotonic-offset" },
                { "boottimeOffset", "--boottime-offset" },
                { "persist", "--persist" },
        };

        for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
                if (strcmp(option, flags[i].wire) == 0)
                        return flags[i].flag;
        return option;
}

static void report_invalid_option(const struct error_args *a) {
        log_error("invalid %s: %s", option_flag(param(a, "option", "option")),
                  param(a, "reason", "refused by nsctld"));
}

/* "processes 123, 456 are inside", naming at most BUSY_PIDS_SHOWN. */
static void report_busy(const struct error_args *a) {
        json_object *pids = NULL;
        char list[BUSY_PIDS_SHOWN * 24 + 32] = "";
        size_t n = 0, len = 0;

        if (json_object_object_get_ex(a->params, "pids", &pids) && json_object_is_type(pids, json_type_array))
                n = json_object_array_length(pids);
        for (size_t i = 0; i < n && i < BUSY_PIDS_SHOWN; i++) {
                json_object *v = json_object_array_get_idx(pids, i);
                len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%" PRId64, i > 0 ? ", " : "",
                                        json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -1);
        }
        if (n > BUSY_PIDS_SHOWN)
                snprintf(list + len, sizeof(list) - len, " and %zu more", n - BUSY_PIDS_SHOWN);
        if (n == 0)
                log_error("namespace set '%s' is busy: processes are inside (use --force)", param_name(a));
        else
                log_error("namespace set '%s' is busy: process%s %s %s inside (use --force)", param_name(a),
                          n == 1 ? "" : "es", list, n == 1 ? "is" : "are");
}

static void report_invalid_parameter(const struct error_args *a) {
        log_error("nsctld refused parameter '%s' of %s", param(a, "parameter", "?"), a->method);
}

static void report_permission_denied(const struct error_args *a) {
        log_error("permission denied: nsctld refused %s", a->method);
}

/* nsctld's io.nsctl.*.PermissionDenied: the reason names the rule. */
static void report_denied_reason(const struct error_args *a) {
        log_error("permission denied: %s", param(a, "reason", "refused by nsctld"));
}

static void report_method_not_found(const struct error_args *a) {
        log_error("nsctld does not know method '%s' (is it older than this nsctl?)", param(a, "method", a->method));
}

static void report_system_error(const struct error_args *a) {
        log_error("nsctld failed: %s", param(a, "message", "system error"));
}

static void report_malformed_message(const struct error_args *a) {
        log_error("nsctld rejected the request as malformed: %s", param(a, "reason", "no reason given"));
}

static void report_message_too_large(const struct error_args *a) {
        int64_t max = param_int(a, "maxBytes");

        if (max >= 0)
                log_error("request too large for nsctld (at most %" PRId64 " bytes)", max);
        else
                log_error("request too large for nsctld");
}

static void report_too_many_connections(const struct error_args *a) {
        int64_t max = param_int(a, "max");

        if (max >= 0)
                log_error("nsctld is serving too many connections (at most %" PRId64 "); try again later", max);
        else
                log_error("nsctld is serving too many connections; try again later");
}

static void report_invalid_topology(const struct error_args *a) {
        log_error("invalid topology: %s: %s", param(a, "element", "?"), param(a, "reason", "refused by nsctld"));
}

static void report_apply_failed(const struct error_args *a) {
        log_error("apply failed at %s: %s; everything this apply made was removed", param(a, "element", "?"),
                  param(a, "reason", "?"));
}

static void report_destroy_failed(const struct error_args *a) {
        log_error("destroy incomplete: cannot remove %s: %s", param(a, "element", "?"), param(a, "reason", "?"));
}

static void report_topology_not_found(const struct error_args *a) {
        log_error("topology '%s' not found", param_name(a));
}

static void report_invalid_host(const struct error_args *a) {
        if (vl_params_string(a->params, "host"))
                log_error("host '%s': %s", param(a, "host", "?"), param(a, "reason", "refused by nsctld"));
        else
                log_error("%s (--host HOST)", param(a, "reason", "cannot tell which host this is"));
}

static void report_topology_denied(const struct error_args *a) {
        const char *reason = param(a, "reason", NULL);

        if (reason)
                log_error("permission denied: %s", reason);
        else
                log_error("permission denied: topology '%s' belongs to another user", param_name(a));
}

static void report_net_invalid(const struct error_args *a) {
        log_error("invalid %s: %s", param(a, "parameter", "argument"), param(a, "reason", "refused by nsctld"));
}

static void report_net_not_found(const struct error_args *a) {
        log_error("%s '%s' not found", param(a, "what", "object"), param(a, "name", "?"));
}

static void report_net_failed(const struct error_args *a) {
        log_error("failed: %s", param(a, "reason", "refused by the kernel"));
}

/* io.nsctl.Session errors, for exec and shell run by users other than
 * root. */
static void report_session_invalid(const struct error_args *a) {
        static const struct {
                const char *wire, *flag;
        } flags[] = { { "types", "--type" }, { "directory", "--cwd" }, { "environment", "--env" } };
        const char *p = param(a, "parameter", "argument");

        for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
                if (strcmp(p, flags[i].wire) == 0)
                        p = flags[i].flag;
        log_error("invalid %s: %s", p, param(a, "reason", "refused by nsctld"));
}

static void report_session_failed(const struct error_args *a) {
        log_error("cannot start the command: %s", param(a, "reason", "refused by nsctld"));
}

static void report_session_not_found(const struct error_args *a) {
        log_error("no such session");
}

static void report_invalid_descriptors(const struct error_args *a) {
        log_error("nsctld refused the descriptors: %s", param(a, "reason", "?"));
}

static const struct {
        const char *error;
        int status;
        void (*report)(const struct error_args *a);
} known_errors[] = {
        { NSCTL_ERROR_NOT_FOUND, NSCTL_EXIT_NOT_FOUND, report_not_found },
        { NSCTL_ERROR_ALREADY_EXISTS, NSCTL_EXIT_EXISTS, report_already_exists },
        { NSCTL_ERROR_INVALID_NAME, NSCTL_EXIT_USAGE, report_invalid_name },
        { NSCTL_ERROR_INVALID_OPTION, NSCTL_EXIT_USAGE, report_invalid_option },
        { NSCTL_ERROR_BUSY, NSCTL_EXIT_BUSY, report_busy },
        { NSCTL_ERROR_NET_INVALID, NSCTL_EXIT_USAGE, report_net_invalid },
        { NSCTL_ERROR_NET_NOT_FOUND, NSCTL_EXIT_NOT_FOUND, report_net_not_found },
        { NSCTL_ERROR_NET_FAILED, NSCTL_EXIT_FAILURE, report_net_failed },
        { NSCTL_ERROR_INVALID_TOPOLOGY, NSCTL_EXIT_USAGE, report_invalid_topology },
        { NSCTL_ERROR_APPLY_FAILED, NSCTL_EXIT_FAILURE, report_apply_failed },
        { NSCTL_ERROR_DESTROY_FAILED, NSCTL_EXIT_FAILURE, report_destroy_failed },
        { NSCTL_ERROR_TOPOLOGY_NOT_FOUND, NSCTL_EXIT_NOT_FOUND, report_topology_not_found },
        { NSCTL_ERROR_TOPOLOGY_DENIED, NSCTL_EXIT_DENIED, report_topology_denied },
        { NSCTL_ERROR_INVALID_HOST, NSCTL_EXIT_USAGE, report_invalid_host },
        { VL_ERROR_INVALID_PARAMETER, NSCTL_EXIT_USAGE, report_invalid_parameter },
        { VL_ERROR_PERMISSION_DENIED, NSCTL_EXIT_DENIED, report_permission_denied },
        { NSCTL_ERROR_NS_PERMISSION_DENIED, NSCTL_EXIT_DENIED, report_denied_reason },
        { NSCTL_ERROR_SERVICE_PERMISSION_DENIED, NSCTL_EXIT_DENIED, report_denied_reason },
        { NSCTL_ERROR_SESSION_INVALID, NSCTL_EXIT_USAGE, report_session_invalid },
        { NSCTL_ERROR_SESSION_FAILED, NSCTL_EXIT_FAILURE, report_session_failed },
        { NSCTL_ERROR_SESSION_NOT_FOUND, NSCTL_EXIT_NOT_FOUND, report_session_not_found },
        { NSCTL_ERROR_INVALID_DESCRIPTORS, NSCTL_EXIT_FAILURE, report_invalid_descriptors },
        { NSCTL_ERROR_UNSUPPORTED_TYPE, NSCTL_EXIT_USAGE, report_unsupported_type },
        { VL_ERROR_METHOD_NOT_FOUND, NSCTL_EXIT_FAILURE, report_method_not_found },
        { NSCTL_ERROR_SYSTEM, NSCTL_EXIT_FAILURE, report_system_error },
        { NSCTL_ERROR_MALFORMED_MESSAGE, NSCTL_EXIT_FAILURE, report_malformed_message },
        { NSCTL_ERROR_MESSAGE_TOO_LARGE, NSCTL_EXIT_FAILURE, report_message_too_large },
        { NSCTL_ERROR_TOO_MANY_CONNECTIONS, NSCTL_EXIT_FAILURE, report_too_many_connections },
};

int daemon_error_report(const struct vl_reply *reply, const char *method, const char *subject) {
        const struct error_args a = { .params = reply->parameters, .method = method, .subject = subject };

        for (size_t i = 0; i < sizeof(known_errors) / sizeof(known_errors[0]); i++)
                if (strcmp(reply->error, known_errors[i].error) == 0) {
                        known_errors[i].report(&a);
                        return known_errors[i].status;
                }

        /* An error this nsctl does not know: show all of it. */
        log_error("nsctld replied with error %s: %s", reply->error,
                  json_object_to_json_string_ext(reply->parameters,
                                                 JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        return NSCTL_EXIT_FAILURE;
}
