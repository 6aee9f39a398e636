/* Destroying a topology, and at start finishing what a killed daemon
 * left half done (its journal says what): both remove what the record
 * holds through topo-remove.c.  Also the list of recorded topologies. */
#include "topo-engine-private.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "topo-record.h"

/* ---- destroy and reconcile --------------------------------------------- */

/* Remove every object of REC.  With SAVE, the record is removed when all
 * went, and what could not be removed is kept in it otherwise. */
static int destroy_record(struct nsstore *st, struct topo_record *rec, int jfd, bool save, struct topo_result *res,
                          struct topo_failure *fail) {
        struct ctx c = { .st = st };
        bool *all = calloc(rec->n + 1, sizeof(bool)), *done = calloc(rec->n + 1, sizeof(bool));
        int r = -ENOMEM;
        size_t count = 0;
        if (all && done) {
                for (size_t i = 0; i < rec->n; i++)
                        all[i] = true;
                r = topo_remove_marked(&c, jfd, rec, all, done, fail, &count);
                if (!save) {
                        r = r < 0 ? -ECANCELED : 0;
                } else if (r < 0) {
                        struct topo_record rest;
                        json_object_put(rec->document);
                        rec->document = NULL;
                        if (topo_keep_unmarked(rec, done, &rest) == 0)
                                (void)topo_save_record(st, &rest);
                        topo_record_done(&rest);
                        r = -ECANCELED;
                } else
                        r = topo_record_remove(st->rt->topo_fd, rec->name);
        }
        if (res)
                res->removed = count;
        free(all);
        free(done);
        topo_ctx_done(&c);
        return r;
}

int topo_destroy(struct nsstore *st, const char *name, struct topo_result *res, struct topo_failure *fail) {
        struct topo_record rec;
        int jfd = -1;
        *res = (struct topo_result){ 0 };
        int r = topo_record_read(st->rt->topo_fd, name, &rec);
        if (r < 0)
                return r;
        r = topo_journal_begin(st->rt->topo_fd, name, TOPO_JOURNAL_DESTROY, &jfd);
        if (r >= 0) {
                r = destroy_record(st, &rec, jfd, true, res, fail);
                (void)topo_journal_end(st->rt->topo_fd, name, jfd);
        }
        topo_record_done(&rec);
        return r;
}

static void reconcile_one(struct nsstore *st, const char *name) {
        struct topo_record rec;
        struct topo_journal_line *lines = NULL;
        size_t n = 0;
        char op;
        struct topo_failure fail;
        int r = topo_record_read(st->rt->topo_fd, name, &rec);

        if (r == -ENOENT) {
                rec = (struct topo_record){ 0 };
                snprintf(rec.name, sizeof(rec.name), "%s", name);
        } else if (r < 0) {
                log_error_errno(r, "Topology %s: cannot read its record; leaving it alone", name);
                return;
        }
        r = topo_journal_read(st->rt->topo_fd, name, &op, &lines, &n);
        if (r == -ENOENT) {
                topo_record_done(&rec);
                return; /* nothing was under way */
        }
        if (r == -ENODATA) {
                log_notice("Topology %s: the previous daemon died as it began an apply or destroy; nothing to undo",
                           name);
                (void)topo_journal_end(st->rt->topo_fd, name, -1);
                topo_record_done(&rec);
                return;
        }
        if (r < 0) {
                log_error_errno(r, "Topology %s: cannot read its journal", name);
                topo_record_done(&rec);
                return;
        }
        /* Entries removed before the crash are gone; entries made (or
         * perhaps made) by the interrupted apply are what to undo. */
        bool *gone = calloc(rec.n + 1, sizeof(bool));
        struct topo_record undo = { 0 };
        snprintf(undo.name, sizeof(undo.name), "%s", name);
        for (size_t i = 0; gone && i < n; i++) {
                if (lines[i].op == '-') {
                        ssize_t j = topo_record_find(&rec, lines[i].key);
                        if (j >= 0)
                                gone[j] = true;
                } else if (lines[i].op == '+' && topo_record_find(&rec, lines[i].key) < 0) {
                        (void)topo_record_append(&undo, lines[i].key, lines[i].text, NULL);
                } else if (lines[i].op == 'u') {
                        ssize_t j = topo_record_find(&undo, lines[i].key);
                        if (j >= 0 && !undo.e[j].undo)
                                undo.e[j].undo = strdup(lines[i].text);
                }
        }
        /* Zeroed: without GONE (out of memory) it is freed unfilled. */
        struct topo_record rest = { 0 };
        if (gone && topo_keep_unmarked(&rec, gone, &rest) == 0) {
                if (op == TOPO_JOURNAL_DESTROY) {
                        log_notice("Topology %s: finishing a destroy the previous daemon did not finish", name);
                        r = destroy_record(st, &rest, -1, true, NULL, &fail);
                } else {
                        log_notice("Topology %s: rolling back an apply the previous daemon did not finish (%zu objects)",
                                   name, undo.n);
                        r = destroy_record(st, &undo, -1, false, NULL, &fail);
                        if (r >= 0 || r == -ECANCELED)
                                r = topo_save_record(st, &rest);
                }
                if (r < 0)
                        log_error_errno(r, "Topology %s: reconcile incomplete", name);
                else
                        (void)topo_journal_end(st->rt->topo_fd, name, -1);
        }
        topo_record_done(&rest);
        topo_record_done(&undo);
        free(gone);
        topo_journal_lines_free(lines, n);
        topo_record_done(&rec);
}

void topo_reconcile(struct nsstore *st) {
        char **names;
        size_t n;
        topo_record_remove_temporaries(st->rt->topo_fd);
        if (topo_record_names(st->rt->topo_fd, &names, &n) < 0)
                return;
        for (size_t i = 0; i < n; i++) {
                reconcile_one(st, names[i]);
                free(names[i]);
        }
        free(names);
}

static int cmp_name(const void *a, const void *b) {
        return strcmp(*(char *const *)a, *(char *const *)b);
}

int topo_list(struct nsstore *st, char ***ret, size_t *ret_n) {
        int r = topo_record_names(st->rt->topo_fd, ret, ret_n);
        if (r >= 0 && *ret_n > 1) /* none: *ret may be NULL, which qsort may not get */
                qsort(*ret, *ret_n, sizeof(char *), cmp_name);
        return r;
}
