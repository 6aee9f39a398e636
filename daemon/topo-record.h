/* What a topology has made, kept in RUNTIME_DIR/topo: NAME.json, the
 * committed record (the document last applied, the owner, and each object
 * made, in order), and NAME.journal, an append-only log written while an
 * apply or destroy runs: "+ KEY SPEC" before an object is made, "u KEY
 * UNDO" after (what removing it must put back), "- KEY" after it is
 * removed.  A journal left behind means the daemon died in the middle;
 * reconcile uses it to finish the job. */
#pragma once

#include <json-c/json.h>
#include <stddef.h>
#include <sys/types.h>

#include "names.h"

struct topo_entry {
        char *key, *spec, *undo; /* undo may be NULL */
};

struct topo_record {
        char name[NSCTL_NAME_MAX + 1];
        /* The host of the document's hosts list this daemon made its share
         * for; "" when the document has none. */
        char host[NSCTL_NAME_MAX + 1];
        json_object *document; /* owned; may be NULL while a first apply runs */
        uid_t owner;
        struct topo_entry *e;
        size_t n, cap;
};

void topo_record_done(struct topo_record *rec);
/* -ENOENT when there is none, -EBADMSG when it cannot be read. */
int topo_record_read(int dirfd, const char *name, struct topo_record *ret);
/* Atomically (temp file and rename). */
int topo_record_write(int dirfd, const struct topo_record *rec);
int topo_record_remove(int dirfd, const char *name);
/* Append an entry (copies the strings). */
int topo_record_append(struct topo_record *rec, const char *key, const char *spec, const char *undo);
/* The index of KEY, or -1. */
ssize_t topo_record_find(const struct topo_record *rec, const char *key);

/* Journal operations. */
enum { TOPO_JOURNAL_APPLY = 'A', TOPO_JOURNAL_DESTROY = 'D' };
int topo_journal_begin(int dirfd, const char *name, char op, int *ret_fd);
int topo_journal_made(int fd, const char *key, const char *spec);   /* "+": about to be made */
int topo_journal_undo(int fd, const char *key, const char *undo);   /* "u" */
int topo_journal_removed(int fd, const char *key);                  /* "-" */
int topo_journal_end(int dirfd, const char *name, int fd);          /* closes and removes it */

struct topo_journal_line {
        char op; /* '+', 'u' or '-' */
        char *key, *text;
};
/* -ENOENT if there is no journal; -ENODATA if it holds not even its first
 * line (the daemon died as it began: nothing was done). */
int topo_journal_read(int dirfd, const char *name, char *ret_op, struct topo_journal_line **ret, size_t *ret_n);
void topo_journal_lines_free(struct topo_journal_line *l, size_t n);

/* Remove NAME.json.tmp files a daemon killed while writing a record left
 * behind (the record itself is whole: it is replaced by rename). */
void topo_record_remove_temporaries(int dirfd);

/* The names of every topology with a record or a journal, malloc'd. */
int topo_record_names(int dirfd, char ***ret, size_t *ret_n);
