#include "table.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

void table_init(struct table *t, size_t n_columns, const char *const *headers) {
        assert(n_columns > 0 && n_columns <= TABLE_MAX_COLUMNS);
        *t = (struct table){ .n_columns = n_columns, .headers = headers };
}

int table_add_row(struct table *t, const char *const *cells) {
        if (t->n_rows == t->n_alloc) {
                size_t n = t->n_alloc ? t->n_alloc * 2 : 16;
                char **p = reallocarray(t->cells, n * t->n_columns, sizeof(char *));
                if (!p)
                        return -ENOMEM;
                t->cells = p;
                t->n_alloc = n;
        }
        char **row = t->cells + t->n_rows * t->n_columns;
        for (size_t c = 0; c < t->n_columns; c++) {
                row[c] = output_printable(cells[c]);
                if (!row[c]) {
                        while (c > 0)
                                free(row[--c]);
                        return -ENOMEM;
                }
        }
        t->n_rows++;
        return 0;
}

static void print_row(const struct table *t, const char *const *cells, const size_t *widths) {
        for (size_t c = 0; c < t->n_columns; c++) {
                if (c + 1 < t->n_columns)
                        printf("%-*s  ", (int)widths[c], cells[c]);
                else
                        printf("%s\n", cells[c]);
        }
}

void table_print(const struct table *t) {
        size_t widths[TABLE_MAX_COLUMNS];

        for (size_t c = 0; c < t->n_columns; c++) {
                widths[c] = strlen(t->headers[c]);
                for (size_t i = 0; i < t->n_rows; i++) {
                        size_t n = strlen(t->cells[i * t->n_columns + c]);
                        if (n > widths[c])
                                widths[c] = n;
                }
        }
        print_row(t, t->headers, widths);
        for (size_t i = 0; i < t->n_rows; i++)
                print_row(t, (const char *const *)t->cells + i * t->n_columns, widths);
}

void table_done(struct table *t) {
        for (size_t i = 0; i < t->n_rows * t->n_columns; i++)
                free(t->cells[i]);
        free(t->cells);
        t->cells = NULL;
        t->n_rows = t->n_alloc = 0;
}
