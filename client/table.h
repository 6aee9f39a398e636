/* Column tables for the terminal (list, ps): a header line, then rows, each
 * column as wide as its widest cell.  Cells are copied and made printable
 * (control characters become '?'), so a reply cannot drive the terminal. */
#pragma once

#include <stddef.h>

#define TABLE_MAX_COLUMNS 8

struct table {
        size_t n_columns;
        const char *const *headers;
        char **cells; /* n_rows * n_columns, row by row */
        size_t n_rows, n_alloc;
};

/* HEADERS (N_COLUMNS strings, at most TABLE_MAX_COLUMNS) must outlive the
 * table. */
void table_init(struct table *t, size_t n_columns, const char *const *headers);

/* Add a row of N_COLUMNS cells; a NULL cell is shown as "-".  Returns 0 or
 * -ENOMEM (the row is then not added). */
int table_add_row(struct table *t, const char *const *cells);

/* Print it on stdout.  The last column is not padded: no trailing blanks. */
void table_print(const struct table *t);

void table_done(struct table *t);
