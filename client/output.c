#include "output.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shown for a field the reply lacks or gives with the wrong type. */
#define MISSING "-"

void output_json(json_object *obj) {
        puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
}

static const char *get_string(json_object *obj, const char *key) {
        json_object *v;

        if (!json_object_is_type(obj, json_type_object) || !json_object_object_get_ex(obj, key, &v) ||
            !json_object_is_type(v, json_type_string))
                return NULL;
        return json_object_get_string(v);
}

static json_object *get_array(json_object *obj, const char *key) {
        json_object *v;

        if (!json_object_is_type(obj, json_type_object) || !json_object_object_get_ex(obj, key, &v) ||
            !json_object_is_type(v, json_type_array))
                return NULL;
        return v;
}

/* A copy of S (or of MISSING) safe to print: control characters become '?'. */
static char *printable(const char *s) {
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
        json_object *nss = get_array(set, "namespaces");
        char *buf = NULL;
        size_t size = 0;
        FILE *f;

        if (!nss || json_object_array_length(nss) == 0)
                return printable(NULL);
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
        char *p = printable(buf);
        free(buf);
        return p;
}

enum { COL_NAME, COL_TYPES, COL_STATE, COL_CREATED, N_COLUMNS };

static const char *const headers[N_COLUMNS] = { "NAME", "TYPES", "STATE", "CREATED" };

static void print_row(char *const *cells, const size_t *widths) {
        for (size_t c = 0; c < N_COLUMNS; c++) {
                /* The last column is not padded: no trailing blanks. */
                if (c + 1 < N_COLUMNS)
                        printf("%-*s  ", (int)widths[c], cells[c]);
                else
                        printf("%s\n", cells[c]);
        }
}

int output_namespace_table(json_object *sets) {
        size_t n = json_object_array_length(sets);
        size_t widths[N_COLUMNS];
        char **cells;
        int r = 0;

        /* All cells first: the column widths depend on every row. */
        cells = calloc(n * N_COLUMNS + 1, sizeof(char *));
        if (!cells)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                json_object *set = json_object_array_get_idx(sets, i);
                char **row = cells + i * N_COLUMNS;

                row[COL_NAME] = printable(get_string(set, "name"));
                row[COL_TYPES] = join_types(set);
                row[COL_STATE] = printable(get_string(set, "state"));
                row[COL_CREATED] = printable(get_string(set, "created"));
                for (size_t c = 0; c < N_COLUMNS; c++)
                        if (!row[c]) {
                                r = -ENOMEM;
                                goto finish;
                        }
        }

        for (size_t c = 0; c < N_COLUMNS; c++) {
                widths[c] = strlen(headers[c]);
                for (size_t i = 0; i < n; i++)
                        if (strlen(cells[i * N_COLUMNS + c]) > widths[c])
                                widths[c] = strlen(cells[i * N_COLUMNS + c]);
        }
        print_row((char *const *)headers, widths);
        for (size_t i = 0; i < n; i++)
                print_row(cells + i * N_COLUMNS, widths);
finish:
        for (size_t i = 0; i < n * N_COLUMNS; i++)
                free(cells[i]);
        free(cells);
        return r;
}

static int print_field(const char *key, const char *value) {
        char *p = printable(value);

        if (!p)
                return -ENOMEM;
        printf("%-12s%s\n", key, p);
        free(p);
        return 0;
}

/* "Namespace:  net     4026532301  /run/nsctl/ns/lab1/net" */
static int print_namespace(json_object *ns) {
        char *type = printable(get_string(ns, "type"));
        char *path = printable(get_string(ns, "path"));
        char inode[24] = MISSING;
        json_object *v;
        int r = 0;

        if (json_object_is_type(ns, json_type_object) && json_object_object_get_ex(ns, "inode", &v) &&
            json_object_is_type(v, json_type_int))
                snprintf(inode, sizeof(inode), "%" PRId64, json_object_get_int64(v));
        if (type && path)
                /* 6: the longest type name, "cgroup"; 10: a typical inode. */
                printf("%-12s%-6s  %-10s  %s\n", "Namespace:", type, inode, path);
        else
                r = -ENOMEM;
        free(type);
        free(path);
        return r;
}

int output_namespace_details(json_object *set) {
        json_object *nss = get_array(set, "namespaces");
        const char *netns = get_string(set, "netnsPath");
        int r;

        if ((r = print_field("Name:", get_string(set, "name"))) < 0 ||
            (r = print_field("State:", get_string(set, "state"))) < 0 ||
            (r = print_field("Created:", get_string(set, "created"))) < 0)
                return r;
        for (size_t i = 0; nss && i < json_object_array_length(nss); i++)
                if ((r = print_namespace(json_object_array_get_idx(nss, i))) < 0)
                        return r;
        /* Only sets with a network namespace have one. */
        if (netns && (r = print_field("Netns path:", netns)) < 0)
                return r;
        return 0;
}
