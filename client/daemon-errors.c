#include "daemon-errors.h"

#include <inttypes.h>
#include <string.h>

#include "client.h"
#include "log.h"
#include "varlink-errors.h"

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

static void report_invalid_parameter(const struct error_args *a) {
        log_error("nsctld refused parameter '%s' of %s", param(a, "parameter", "?"), a->method);
}

static void report_permission_denied(const struct error_args *a) {
        /* Reading is open to everyone; a refusal means a change was asked. */
        if (strcmp(a->method, "io.nsctl.Namespace.Create") == 0 ||
            strcmp(a->method, "io.nsctl.Namespace.Delete") == 0)
                log_error("permission denied: only root may change namespaces");
        else
                log_error("permission denied: nsctld refused %s", a->method);
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

static const struct {
        const char *error;
        int status;
        void (*report)(const struct error_args *a);
} known_errors[] = {
        { NSCTL_ERROR_NOT_FOUND, NSCTL_EXIT_NOT_FOUND, report_not_found },
        { NSCTL_ERROR_ALREADY_EXISTS, NSCTL_EXIT_EXISTS, report_already_exists },
        { NSCTL_ERROR_INVALID_NAME, NSCTL_EXIT_USAGE, report_invalid_name },
        { VL_ERROR_INVALID_PARAMETER, NSCTL_EXIT_USAGE, report_invalid_parameter },
        { VL_ERROR_PERMISSION_DENIED, NSCTL_EXIT_DENIED, report_permission_denied },
        { NSCTL_ERROR_UNSUPPORTED_TYPE, NSCTL_EXIT_FAILURE, report_unsupported_type },
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
