#include "varlink-message.h"

#include <errno.h>
#include <string.h>

/* Well-formed UTF-8 as RFC 3629 and Unicode (table 3-7) define it: no
 * overlong forms, no surrogates, nothing above U+10FFFF.  json-c's own
 * check looks only at the lengths of sequences, and what it lets through
 * would be echoed back in replies (an InvalidName's name) as text that is
 * not UTF-8. */
static bool utf8_valid(const unsigned char *s, size_t len) {
        size_t i = 0;

        while (i < len) {
                unsigned char c = s[i], lo = 0x80, hi = 0xBF;
                size_t n;

                if (c < 0x80) {
                        i++;
                        continue;
                }
                if (c >= 0xC2 && c <= 0xDF)
                        n = 1;
                else if (c == 0xE0)
                        n = 2, lo = 0xA0;
                else if (c == 0xED)
                        n = 2, hi = 0x9F;
                else if (c >= 0xE1 && c <= 0xEF)
                        n = 2;
                else if (c == 0xF0)
                        n = 3, lo = 0x90;
                else if (c == 0xF4)
                        n = 3, hi = 0x8F;
                else if (c >= 0xF1 && c <= 0xF3)
                        n = 3;
                else
                        return false;
                if (len - i - 1 < n || s[i + 1] < lo || s[i + 1] > hi)
                        return false;
                for (size_t k = 2; k <= n; k++)
                        if ((s[i + k] & 0xC0) != 0x80)
                                return false;
                i += n + 1;
        }
        return true;
}

/* Members in the parsed tree, counting those of nested objects. */
static size_t count_members(json_object *o) {
        size_t n = 0;

        if (json_object_is_type(o, json_type_object)) {
                json_object_object_foreach(o, key, val) {
                        (void)key;
                        n += 1 + count_members(val);
                }
        } else if (json_object_is_type(o, json_type_array)) {
                for (size_t i = 0; i < json_object_array_length(o); i++)
                        n += count_members(json_object_array_get_idx(o, i));
        }
        return n;
}

/* json-c keeps the last of two members of the same name, and cuts a name
 * at an escaped NUL ("name\u0000x" is "name"), so one message could mean
 * two things to two readers.  In text it has parsed, a ':' outside strings
 * is a member; a parsed tree with fewer members had duplicates.  Returns a
 * reason, or NULL if the text has neither. */
static const char *ambiguous_members(const char *buf, size_t len, json_object *root) {
        size_t colons = 0;
        bool in_string = false, has_nul = false;

        for (size_t i = 0; i < len; i++) {
                char c = buf[i];
                if (in_string) {
                        if (c == '\\') {
                                if (len - i > 5 && memcmp(buf + i + 1, "u0000", 5) == 0)
                                        has_nul = true;
                                i++;
                        } else if (c == '"') {
                                in_string = false;
                                if (has_nul) {
                                        size_t j = i + 1;
                                        while (j < len && (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '\r' ||
                                                           buf[j] == '\n'))
                                                j++;
                                        if (j < len && buf[j] == ':')
                                                return "NUL in a member name";
                                }
                        }
                } else if (c == '"') {
                        in_string = true;
                        has_nul = false;
                } else if (c == ':')
                        colons++;
        }
        return colons != count_members(root) ? "duplicate member name" : NULL;
}

int vl_json_parse_object(const char *buf, size_t len, json_object **ret, const char **ret_reason) {
        json_tokener *tok;
        json_object *obj;
        size_t used;

        *ret = NULL;
        if (len > (size_t)INT32_MAX) {
                *ret_reason = "message too large";
                return -EBADMSG;
        }
        if (!utf8_valid((const unsigned char *)buf, len)) {
                *ret_reason = "invalid UTF-8";
                return -EBADMSG;
        }
        tok = json_tokener_new_ex(VL_JSON_MAX_DEPTH);
        if (!tok)
                return -ENOMEM;
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
        obj = json_tokener_parse_ex(tok, buf, (int)len);
        enum json_tokener_error jerr = json_tokener_get_error(tok);
        used = json_tokener_get_parse_end(tok);
        json_tokener_free(tok);

        if (jerr == json_tokener_continue) {
                *ret_reason = "incomplete JSON";
                return -EBADMSG;
        }
        if (jerr != json_tokener_success || !obj) {
                *ret_reason = jerr == json_tokener_error_depth ? "JSON nested too deeply" : "invalid JSON";
                json_object_put(obj);
                return -EBADMSG;
        }
        for (; used < len; used++)
                if (buf[used] != ' ' && buf[used] != '\t' && buf[used] != '\r' && buf[used] != '\n') {
                        *ret_reason = "trailing data after the JSON object";
                        json_object_put(obj);
                        return -EBADMSG;
                }
        if (!json_object_is_type(obj, json_type_object)) {
                *ret_reason = "message is not a JSON object";
                json_object_put(obj);
                return -EBADMSG;
        }
        const char *why = ambiguous_members(buf, len, obj);
        if (why) {
                *ret_reason = why;
                json_object_put(obj);
                return -EBADMSG;
        }
        *ret = obj;
        return 0;
}

/* A boolean member that may be absent; anything but a boolean is an error. */
static int get_flag(json_object *root, const char *key, bool *ret) {
        json_object *v;

        *ret = false;
        if (!json_object_object_get_ex(root, key, &v) || json_object_is_type(v, json_type_null))
                return 0;
        if (!json_object_is_type(v, json_type_boolean))
                return -EBADMSG;
        *ret = json_object_get_boolean(v);
        return 0;
}

/* parameters: absent and null mean an empty object. */
static int get_parameters(json_object *root, json_object **ret) {
        json_object *v;

        if (!json_object_object_get_ex(root, "parameters", &v) || json_object_is_type(v, json_type_null)) {
                v = json_object_new_object();
                if (!v)
                        return -ENOMEM;
                json_object_object_add(root, "parameters", v);
        }
        if (!json_object_is_type(v, json_type_object))
                return -EBADMSG;
        *ret = v;
        return 0;
}

/* Only the keys Varlink defines may appear at the top level of a message. */
static bool only_known_keys(json_object *root, const char *const *keys) {
        json_object_object_foreach(root, key, val) {
                (void)val;
                bool known = false;
                for (size_t i = 0; keys[i]; i++)
                        if (strcmp(key, keys[i]) == 0)
                                known = true;
                if (!known)
                        return false;
        }
        return true;
}

int vl_call_parse(const char *buf, size_t len, struct vl_call *ret, const char **ret_reason) {
        static const char *const keys[] = { "method", "parameters", "more", "oneway", "upgrade", NULL };
        json_object *root, *m;
        bool upgrade;
        int r;

        memset(ret, 0, sizeof(*ret));
        r = vl_json_parse_object(buf, len, &root, ret_reason);
        if (r < 0)
                return r;

        if (!json_object_object_get_ex(root, "method", &m) || !json_object_is_type(m, json_type_string) ||
            json_object_get_string_len(m) == 0 ||
            strlen(json_object_get_string(m)) != (size_t)json_object_get_string_len(m)) {
                *ret_reason = "\"method\" missing or not a string";
                goto fail;
        }
        if (!only_known_keys(root, keys)) {
                *ret_reason = "unknown field in call";
                goto fail;
        }
        if (get_flag(root, "more", &ret->more) < 0 || get_flag(root, "oneway", &ret->oneway) < 0 ||
            get_flag(root, "upgrade", &upgrade) < 0) {
                *ret_reason = "\"more\", \"oneway\" and \"upgrade\" must be booleans";
                goto fail;
        }
        if (upgrade) {
                *ret_reason = "protocol upgrades are not supported";
                goto fail;
        }
        if (ret->more && ret->oneway) {
                *ret_reason = "\"more\" and \"oneway\" exclude each other";
                goto fail;
        }
        r = get_parameters(root, &ret->parameters);
        if (r < 0) {
                if (r != -EBADMSG) {
                        json_object_put(root);
                        memset(ret, 0, sizeof(*ret));
                        return r;
                }
                *ret_reason = "\"parameters\" must be an object";
                goto fail;
        }
        ret->root = root;
        ret->method = json_object_get_string(m);
        return 0;
fail:
        json_object_put(root);
        memset(ret, 0, sizeof(*ret));
        return -EBADMSG;
}

void vl_call_done(struct vl_call *call) {
        json_object_put(call->root);
        memset(call, 0, sizeof(*call));
}

int vl_reply_parse(const char *buf, size_t len, struct vl_reply *ret, const char **ret_reason) {
        json_object *root, *e;
        int r;

        memset(ret, 0, sizeof(*ret));
        r = vl_json_parse_object(buf, len, &root, ret_reason);
        if (r < 0)
                return r;
        if (json_object_object_get_ex(root, "error", &e)) {
                if (!json_object_is_type(e, json_type_string)) {
                        *ret_reason = "\"error\" is not a string";
                        goto fail;
                }
                ret->error = json_object_get_string(e);
        }
        if (get_flag(root, "continues", &ret->continues) < 0) {
                *ret_reason = "\"continues\" is not a boolean";
                goto fail;
        }
        r = get_parameters(root, &ret->parameters);
        if (r < 0) {
                *ret_reason = "\"parameters\" is not an object";
                goto fail;
        }
        ret->root = root;
        return 0;
fail:
        json_object_put(root);
        memset(ret, 0, sizeof(*ret));
        return -EBADMSG;
}

void vl_reply_done(struct vl_reply *reply) {
        json_object_put(reply->root);
        memset(reply, 0, sizeof(*reply));
}

json_object *vl_call_new(const char *method, json_object *params, bool more, bool oneway) {
        json_object *o = json_object_new_object();
        if (!o) {
                json_object_put(params);
                return NULL;
        }
        json_object_object_add(o, "method", json_object_new_string(method));
        json_object_object_add(o, "parameters", params ? params : json_object_new_object());
        if (more)
                json_object_object_add(o, "more", json_object_new_boolean(1));
        if (oneway)
                json_object_object_add(o, "oneway", json_object_new_boolean(1));
        return o;
}

json_object *vl_reply_new(json_object *params, bool continues) {
        json_object *o = json_object_new_object();
        if (!o) {
                json_object_put(params);
                return NULL;
        }
        json_object_object_add(o, "parameters", params ? params : json_object_new_object());
        if (continues)
                json_object_object_add(o, "continues", json_object_new_boolean(1));
        return o;
}

json_object *vl_error_new(const char *error, json_object *params) {
        json_object *o = json_object_new_object();
        if (!o) {
                json_object_put(params);
                return NULL;
        }
        json_object_object_add(o, "error", json_object_new_string(error));
        json_object_object_add(o, "parameters", params ? params : json_object_new_object());
        return o;
}

const char *vl_message_text(json_object *obj, size_t *ret_len) {
        return json_object_to_json_string_length(obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
                                                 ret_len);
}

/* A string that C string functions would read shorter than it is. */
static bool has_nul(json_object *v) {
        return json_object_is_type(v, json_type_string) &&
               strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v);
}

int vl_params_check(json_object *params, const struct vl_field *fields, const char **ret_bad) {
        json_object *v;

        /* Unknown parameters are refused: a misspelt option must not be
         * silently ignored. */
        json_object_object_foreach(params, key, val) {
                (void)val;
                const struct vl_field *f;
                for (f = fields; f->name; f++)
                        if (strcmp(f->name, key) == 0)
                                break;
                if (!f->name) {
                        *ret_bad = key;
                        return -EINVAL;
                }
        }
        for (const struct vl_field *f = fields; f->name; f++) {
                if (!json_object_object_get_ex(params, f->name, &v) || json_object_is_type(v, json_type_null)) {
                        if (f->required) {
                                *ret_bad = f->name;
                                return -EINVAL;
                        }
                        continue;
                }
                if (!json_object_is_type(v, f->type)) {
                        *ret_bad = f->name;
                        return -EINVAL;
                }
                if (f->type == json_type_string && has_nul(v)) {
                        *ret_bad = f->name;
                        return -EINVAL;
                }
                /* The strings in an array ("types", "addresses") too. */
                if (f->type == json_type_array)
                        for (size_t i = 0; i < json_object_array_length(v); i++)
                                if (has_nul(json_object_array_get_idx(v, i))) {
                                        *ret_bad = f->name;
                                        return -EINVAL;
                                }
        }
        return 0;
}

const char *vl_params_string(json_object *params, const char *name) {
        json_object *v;

        if (!json_object_object_get_ex(params, name, &v) || !json_object_is_type(v, json_type_string))
                return NULL;
        if (strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v))
                return NULL;
        return json_object_get_string(v);
}
