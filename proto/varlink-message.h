/* Varlink messages: decoding calls and replies from one framed message, and
 * building them.  Everything is json-c; nothing here knows about sockets. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

/* Deeper nesting than this is refused before it costs memory or stack. */
#define VL_JSON_MAX_DEPTH 64

struct vl_call {
        json_object *root;        /* owned; the fields below point into it */
        const char *method;
        json_object *parameters;  /* always an object (empty if absent) */
        bool more;
        bool oneway;
};

/* Parse one message (terminator excluded).  On failure returns -EBADMSG and
 * sets *ret_reason to a short static description; *ret is left empty. */
int vl_call_parse(const char *buf, size_t len, struct vl_call *ret, const char **ret_reason);
void vl_call_done(struct vl_call *call);

struct vl_reply {
        json_object *root;        /* owned */
        const char *error;        /* NULL for a successful reply */
        json_object *parameters;  /* always an object */
        bool continues;
};

int vl_reply_parse(const char *buf, size_t len, struct vl_reply *ret, const char **ret_reason);
void vl_reply_done(struct vl_reply *reply);

/* Parse JSON text that must be exactly one object (trailing whitespace
 * allowed), strictly, with UTF-8 validated and nesting bounded. */
int vl_json_parse_object(const char *buf, size_t len, json_object **ret, const char **ret_reason);

/* Builders.  Each takes ownership of PARAMS (which may be NULL). */
json_object *vl_call_new(const char *method, json_object *params, bool more, bool oneway);
json_object *vl_reply_new(json_object *params, bool continues);
json_object *vl_error_new(const char *error, json_object *params);

/* The wire text of OBJ (without terminator); valid while OBJ lives. */
const char *vl_message_text(json_object *obj, size_t *ret_len);

/* Parameter checking against a table, so every method validates the same
 * way: required fields present, types right, no unknown fields. */
struct vl_field {
        const char *name;
        json_type type;
        bool required;
};

/* Returns 0, or -EINVAL with *ret_bad naming the offending parameter. */
int vl_params_check(json_object *params, const struct vl_field *fields, const char **ret_bad);

/* Convenience getters for checked parameters; a string with an embedded
 * NUL is refused (returns NULL), so C string handling cannot be fooled. */
const char *vl_params_string(json_object *params, const char *name);
