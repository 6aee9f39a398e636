/* Fuzz target: a message as the daemon decodes it (proto/varlink-message.c,
 * vl_call_parse), then the parameter check of every method the daemon
 * serves (the tables of daemon/method-*.c, through vl_params_check), and
 * for parameters that pass, the pure checks the handlers make next: names,
 * interface names, addresses, shaping values, sysctl keys, Create's
 * options, a topology document.  Also vl_reply_parse, which the client
 * uses on the daemon's replies.
 *
 * Invariants: a refused message has a reason; an accepted one is
 * well-formed UTF-8, has a method and an object of parameters, and its text
 * as the daemon would write it (vl_message_text) is UTF-8 and parses again
 * to the same thing; a refused parameter is named; the strings of an
 * accepted array parameter have no NUL; a name that passes cannot be a
 * path; an address that parses prints and parses back to itself. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dispatch.h"
#include "fuzz.h"
#include "ip-prefix.h"
#include "names.h"
#include "ns-options.h"
#include "topology.h"
#include "varlink-message.h"

static const struct method *const tables[] = {
        service_methods,
        namespace_methods,
        topology_methods,
        network_methods,
};

/* Well-formed UTF-8, decoded the long way: an independent check of what
 * the parser accepts and the daemon writes back. */
static bool utf8_ok(const uint8_t *s, size_t n) {
        for (size_t i = 0; i < n;) {
                uint32_t c = s[i], min;
                size_t len;
                if (c < 0x80) {
                        i++;
                        continue;
                } else if ((c & 0xE0) == 0xC0) {
                        len = 2, c &= 0x1F, min = 0x80;
                } else if ((c & 0xF0) == 0xE0) {
                        len = 3, c &= 0x0F, min = 0x800;
                } else if ((c & 0xF8) == 0xF0) {
                        len = 4, c &= 0x07, min = 0x10000;
                } else
                        return false;
                if (n - i < len)
                        return false;
                for (size_t k = 1; k < len; k++) {
                        if ((s[i + k] & 0xC0) != 0x80)
                                return false;
                        c = c << 6 | (s[i + k] & 0x3F);
                }
                if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                        return false;
                i += len;
        }
        return true;
}

static void check_string(const char *s, size_t len) {
        const char *reason = NULL;
        struct ip_prefix p, q;
        uint64_t rate;
        uint32_t u;

        if (nsctl_name_check(s, len, &reason) == 0) {
                FUZZ_CHECK(len >= 1 && len <= NSCTL_NAME_MAX && strlen(s) == len);
                FUZZ_CHECK(!memchr(s, '/', len) && s[0] != '.' && s[0] != '-');
        } else
                FUZZ_CHECK(reason && *reason);
        reason = NULL;
        if (nsctl_ifname_check(s, len, &reason) == 0)
                FUZZ_CHECK(len <= NSCTL_IFNAME_MAX && strlen(s) == len);
        else
                FUZZ_CHECK(reason && *reason);

        /* The handlers pass C strings (a string with a NUL never gets here:
         * vl_params_check refuses it). */
        if (strlen(s) != len)
                return;
        char buf[IP_PREFIX_STRLEN];
        reason = NULL;
        if (ip_prefix_parse(s, &p, &reason) == 0) {
                FUZZ_CHECK(p.family == AF_INET || p.family == AF_INET6);
                FUZZ_CHECK(p.len <= (p.family == AF_INET ? 32 : 128));
                ip_prefix_format(&p, buf, sizeof(buf));
                FUZZ_CHECK(memchr(buf, '\0', sizeof(buf)));
                FUZZ_CHECK(ip_prefix_parse(buf, &q, &reason) == 0);
                FUZZ_CHECK(ip_prefix_equal(&p, &q));
                ip_prefix_mask(&p, &q);
                FUZZ_CHECK(!ip_prefix_host_bits_set(&q));
        } else
                FUZZ_CHECK(reason && *reason);
        if (ip_addr_parse(s, &p, &reason) == 0) {
                ip_addr_format(&p, buf, sizeof(buf));
                FUZZ_CHECK(ip_addr_parse(buf, &q, &reason) == 0 && ip_addr_equal(&p, &q));
        }
        (void)topology_parse_rate(s, &rate);
        (void)topology_parse_time(s, &u);
        (void)topology_parse_loss(s, &u);
        reason = NULL;
        if (topology_sysctl_check(s, &reason) == 0)
                FUZZ_CHECK(strncmp(s, "net.", 4) == 0 && !strstr(s, "..") && !strchr(s, '/'));
}

/* The parameters of one method passed its table: what its handler checks
 * next, without the kernel. */
static void check_passed(const struct method *m, json_object *params) {
        json_object_object_foreach(params, key, val) {
                (void)key;
                if (json_object_is_type(val, json_type_string))
                        check_string(json_object_get_string(val), (size_t)json_object_get_string_len(val));
                if (json_object_is_type(val, json_type_array))
                        for (size_t i = 0; i < json_object_array_length(val); i++) {
                                json_object *e = json_object_array_get_idx(val, i);
                                if (!json_object_is_type(e, json_type_string))
                                        continue;
                                /* Handlers read these as C strings. */
                                FUZZ_CHECK(strlen(json_object_get_string(e)) ==
                                           (size_t)json_object_get_string_len(e));
                                if (i < 64)
                                        check_string(json_object_get_string(e),
                                                     (size_t)json_object_get_string_len(e));
                        }
        }
        if (strcmp(m->name, "io.nsctl.Namespace.Create") == 0) {
                struct ns_options o = { 0 };
                const char *field = NULL, *reason = NULL;
                if (ns_options_from_json(params, &o, &field) < 0)
                        FUZZ_CHECK(field);
                else if (ns_options_check(&o, &field, &reason) < 0)
                        FUZZ_CHECK(field && reason);
                else {
                        free(ns_options_uid_map_text(&o, 1000));
                        free(ns_options_gid_map_text(&o, 1000));
                        /* As recorded in set.json and read back at start. */
                        json_object *j = ns_options_to_json(&o);
                        struct ns_options back = { 0 };
                        FUZZ_CHECK(j && ns_options_from_json(j, &back, &field) == 0);
                        FUZZ_CHECK(strcmp(back.hostname, o.hostname) == 0 && back.n_uid_map == o.n_uid_map &&
                                   back.n_gid_map == o.n_gid_map &&
                                   back.monotonic_offset == o.monotonic_offset &&
                                   back.boottime_offset == o.boottime_offset);
                        ns_options_done(&back);
                        json_object_put(j);
                }
                ns_options_done(&o);
        }
        if (strcmp(m->name, "io.nsctl.Topology.Apply") == 0) {
                json_object *doc;
                struct topology *t = NULL;
                struct topo_error err;
                FUZZ_CHECK(json_object_object_get_ex(params, "topology", &doc));
                if (topology_parse(doc, &t, &err) == 0)
                        topology_free(t);
                else
                        FUZZ_CHECK(memchr(err.reason, '\0', sizeof(err.reason)) && err.reason[0]);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        struct vl_call call;
        struct vl_reply reply;
        const char *reason = NULL;
        int r;

        if (size > 1 << 20)
                return 0;
        r = vl_reply_parse((const char *)data, size, &reply, &reason);
        if (r == 0)
                vl_reply_done(&reply);

        reason = NULL;
        r = vl_call_parse((const char *)data, size, &call, &reason);
        if (r < 0) {
                FUZZ_CHECK(r == -EBADMSG || r == -ENOMEM);
                FUZZ_CHECK(r != -EBADMSG || (reason && *reason));
                FUZZ_CHECK(!call.root);
                return 0;
        }
        FUZZ_CHECK(utf8_ok(data, size));
        FUZZ_CHECK(call.method && *call.method);
        FUZZ_CHECK(json_object_is_type(call.parameters, json_type_object));
        FUZZ_CHECK(!(call.more && call.oneway));

        /* What the daemon writes is what it read: the text of the parsed
         * message parses again, strictly, to an equal object. */
        size_t len;
        const char *text = vl_message_text(call.root, &len);
        json_object *again = NULL;
        FUZZ_CHECK(text && utf8_ok((const uint8_t *)text, len));
        FUZZ_CHECK(vl_json_parse_object(text, len, &again, &reason) == 0);
        FUZZ_CHECK(json_object_equal(call.root, again));
        json_object_put(again);

        for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
                for (const struct method *m = tables[i]; m->name; m++) {
                        const char *bad = NULL;
                        if (!m->params)
                                continue;
                        if (vl_params_check(call.parameters, m->params, &bad) < 0) {
                                FUZZ_CHECK(bad);
                                continue;
                        }
                        check_passed(m, call.parameters);
                }
        vl_call_done(&call);
        return 0;
}
