#include "output.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

/* Shown for a field the reply lacks or gives with the wrong type. */
#define MISSING "-"

/* Width of the keys of show, "Monotonic offset:" and a blank. */
#define KEY_WIDTH 18

void output_json(json_object *obj) {
        puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
}

static json_object *get_member(json_object *obj, const char *key, json_type type) {
        json_object *v;

        if (!json_object_is_type(obj, json_type_object) || !json_object_object_get_ex(obj, key, &v) ||
            !json_object_is_type(v, type))
                return NULL;
        return v;
}

static const char *get_string(json_object *obj, const char *key) {
        json_object *v = get_member(obj, key, json_type_string);
        return v ? json_object_get_string(v) : NULL;
}

/* The integer KEY of OBJ in *RET; false if it is missing or not an int. */
static bool get_int(json_object *obj, const char *key, int64_t *ret) {
        json_object *v = get_member(obj, key, json_type_int);

        if (!v)
                return false;
        *ret = json_object_get_int64(v);
        return true;
}

char *output_printable(const char *s) {
        char *p = strdup(s ? s : MISSING);

        if (!p)
                return NULL;
        for (unsigned char *c = (unsigned char *)p; *c; c++)
                if (*c < 0x20 || *c == 0x7f)
                        *c = '?';
        return p;
}

/* "net,uts,...": the types of a set's namespaces, in the reply's order. */
static char *join_types(json_object *set) {
        json_object *nss = get_member(set, "namespaces", json_type_array);
        char *buf = NULL;
        size_t size = 0;
        FILE *f;

        if (!nss || json_object_array_length(nss) == 0)
                return strdup(MISSING);
        f = open_memstream(&buf, &size);
        if (!f)
                return NULL;
        for (size_t i = 0; i < json_object_array_length(nss); i++) {
                const char *type = get_string(json_object_array_get_idx(nss, i), "type");
                fprintf(f, "%s%s", i > 0 ? "," : "", type ? type : "?");
        }
        if (fclose(f) != 0) {
                free(buf);
                return NULL;
        }
        return buf;
}

int output_namespace_table(json_object *sets) {
        static const char *const headers[] = { "NAME", "TYPES", "STATE", "CREATED", "OWNER" };
        struct table t;
        int r = 0;

        table_init(&t, 5, headers);
        for (size_t i = 0; i < json_object_array_length(sets); i++) {
                json_object *set = json_object_array_get_idx(sets, i);
                char *types = join_types(set), uid[24] = MISSING;
                const char *owner = get_string(set, "ownerName");
                int64_t v;

                if (!types) {
                        r = -ENOMEM;
                        break;
                }
                if (!owner && get_int(set, "ownerUid", &v))
                        snprintf(uid, sizeof(uid), "%" PRId64, v);
                /* Another user's set comes with its name and owner only. */
                r = table_add_row(&t, (const char *const[]){ get_string(set, "name"), types, get_string(set, "state"),
                                                             get_string(set, "created"), owner ? owner : uid });
                free(types);
                if (r < 0)
                        break;
        }
        if (r == 0)
                table_print(&t);
        table_done(&t);
        return r;
}

static int print_field(const char *key, const char *value) {
        char *p = output_printable(value);

        if (!p)
                return -ENOMEM;
        printf("%-*s%s\n", KEY_WIDTH, key, p);
        free(p);
        return 0;
}

/* "Namespace:        net     4026532301  /run/nsctl/ns/lab1/net" */
static int print_namespace(json_object *ns) {
        char *type = output_printable(get_string(ns, "type"));
        char *path = output_printable(get_string(ns, "path"));
        char inode[24] = MISSING;
        int64_t v;
        int r = 0;

        if (get_int(ns, "inode", &v))
                snprintf(inode, sizeof(inode), "%" PRId64, v);
        if (type && path)
                /* 6: the longest type name, "cgroup"; 10: a typical inode. */
                printf("%-*s%-6s  %-10s  %s\n", KEY_WIDTH, "Namespace:", type, inode, path);
        else
                r = -ENOMEM;
        free(type);
        free(path);
        return r;
}

/* "0:100000:65536, 65536:200000:1": an IdMap array on one line. */
static int print_id_map(const char *key, json_object *map) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        int r;

        if (!f)
                return -ENOMEM;
        for (size_t i = 0; i < json_object_array_length(map); i++) {
                json_object *e = json_object_array_get_idx(map, i);
                int64_t in = -1, out = -1, count = -1;

                get_int(e, "inside", &in);
                get_int(e, "outside", &out);
                get_int(e, "count", &count);
                fprintf(f, "%s%" PRId64 ":%" PRId64 ":%" PRId64, i > 0 ? ", " : "", in, out, count);
        }
        if (fclose(f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        r = print_field(key, buf);
        free(buf);
        return r;
}

static int print_offset(const char *key, json_object *options, const char *member) {
        char buf[32];
        int64_t v;

        if (!get_int(options, member, &v))
                return 0;
        snprintf(buf, sizeof(buf), "%" PRId64 " s", v);
        return print_field(key, buf);
}

/* The creation options that were given; absent ones are not shown. */
static int print_options(json_object *options) {
        json_object *v;
        int r;

        if (!options)
                return 0;
        if ((v = get_member(options, "hostname", json_type_string)) &&
            (r = print_field("Hostname:", json_object_get_string(v))) < 0)
                return r;
        if ((v = get_member(options, "mapRootUser", json_type_boolean)) && json_object_get_boolean(v) &&
            (r = print_field("Map root user:", "yes")) < 0)
                return r;
        if ((v = get_member(options, "uidMap", json_type_array)) && (r = print_id_map("UID map:", v)) < 0)
                return r;
        if ((v = get_member(options, "gidMap", json_type_array)) && (r = print_id_map("GID map:", v)) < 0)
                return r;
        if ((r = print_offset("Monotonic offset:", options, "monotonicOffset")) < 0 ||
            (r = print_offset("Boottime offset:", options, "boottimeOffset")) < 0)
                return r;
        return 0;
}

int output_namespace_details(json_object *set) {
        json_object *nss = get_member(set, "namespaces", json_type_array), *v;
        const char *netns = get_string(set, "netnsPath"), *broken = get_string(set, "brokenReason");
        char pid[24];
        int64_t holder, owner_uid;
        int r;

        if ((r = print_field("Name:", get_string(set, "name"))) < 0 ||
            (r = print_field("State:", get_string(set, "state"))) < 0)
                return r;
        if (broken && (r = print_field("Broken:", broken)) < 0)
                return r;
        if ((r = print_field("Created:", get_string(set, "created"))) < 0)
                return r;
        if (get_int(set, "ownerUid", &owner_uid)) {
                const char *owner = get_string(set, "ownerName");
                char uid[24];
                snprintf(uid, sizeof(uid), "%" PRId64, owner_uid);
                if ((r = print_field("Owner:", owner ? owner : uid)) < 0)
                        return r;
        }
        if ((v = get_member(set, "persistent", json_type_boolean)) &&
            (r = print_field("Persistent:", json_object_get_boolean(v) ? "yes" : "no")) < 0)
                return r;
        /* Only sets with a pid namespace have a holder. */
        if (get_int(set, "holderPid", &holder)) {
                snprintf(pid, sizeof(pid), "%" PRId64, holder);
                if ((r = print_field("Holder PID:", pid)) < 0)
                        return r;
        }
        if ((r = print_options(get_member(set, "options", json_type_object))) < 0)
                return r;
        for (size_t i = 0; nss && i < json_object_array_length(nss); i++)
                if ((r = print_namespace(json_object_array_get_idx(nss, i))) < 0)
                        return r;
        /* Only sets with a network namespace have one. */
        if (netns && (r = print_field("Netns path:", netns)) < 0)
                return r;
        return 0;
}
