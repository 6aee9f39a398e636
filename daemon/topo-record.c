#include "topo-record.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "varlink-message.h"

/* A record of a 1000-namespace lab is about 1 MiB. */
#define RECORD_MAX (64 * 1024 * 1024)

void topo_record_done(struct topo_record *rec) {
        for (size_t i = 0; i < rec->n; i++) {
                free(rec->e[i].key);
                free(rec->e[i].spec);
                free(rec->e[i].undo);
        }
        free(rec->e);
        json_object_put(rec->document);
        rec->e = NULL;
        rec->n = rec->cap = 0;
        rec->document = NULL;
}

int topo_record_append(struct topo_record *rec, const char *key, const char *spec, const char *undo) {
        if (rec->n == rec->cap) {
                size_t cap = rec->cap ? rec->cap * 2 : 32;
                struct topo_entry *e = realloc(rec->e, cap * sizeof(*e));
                if (!e)
                        return -ENOMEM;
                rec->e = e;
                rec->cap = cap;
        }
        struct topo_entry *e = &rec->e[rec->n];
        e->key = strdup(key);
        e->spec = strdup(spec ? spec : "");
        e->undo = undo ? strdup(undo) : NULL;
        if (!e->key || !e->spec || (undo && !e->undo)) {
                free(e->key);
                free(e->spec);
                free(e->undo);
                return -ENOMEM;
        }
        rec->n++;
        return 0;
}

ssize_t topo_record_find(const struct topo_record *rec, const char *key) {
        for (size_t i = 0; i < rec->n; i++)
                if (strcmp(rec->e[i].key, key) == 0)
                        return (ssize_t)i;
        return -1;
}

static int read_all(int dirfd, const char *file, char **ret, size_t *ret_len) {
        _cleanup_close_ int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        struct stat st;
        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || st.st_size > RECORD_MAX)
                return -EBADMSG;
        char *buf = malloc((size_t)st.st_size + 1);
        if (!buf)
                return -ENOMEM;
        size_t got = 0;
        while (got < (size_t)st.st_size) {
                ssize_t k = read(fd, buf + got, (size_t)st.st_size - got);
                if (k <= 0) {
                        free(buf);
                        return k < 0 ? negative_errno() : -EBADMSG;
                }
                got += (size_t)k;
        }
        buf[got] = 0;
        *ret = buf;
        *ret_len = got;
        return 0;
}

static const char *get_str(json_object *o, const char *key) {
        json_object *v;
        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
                return NULL;
        return json_object_get_string(v);
}

int topo_record_read(int dirfd, const char *name, struct topo_record *ret) {
        char file[NSCTL_NAME_MAX + 16];
        _cleanup_free_ char *buf = NULL;
        size_t len;
        const char *reason;
        json_object *o = NULL, *v, *objs;

        *ret = (struct topo_record){ 0 };
        snprintf(ret->name, sizeof(ret->name), "%s", name);
        snprintf(file, sizeof(file), "%s.json", name);
        int r = read_all(dirfd, file, &buf, &len);
        if (r < 0)
                return r;
        if (vl_json_parse_object(buf, len, &o, &reason) < 0)
                return -EBADMSG;
        r = -EBADMSG;
        const char *n = get_str(o, "name");
        if (!n || strcmp(n, name) != 0)
                goto out;
        if (json_object_object_get_ex(o, "document", &v) && json_object_is_type(v, json_type_object))
                ret->document = json_object_get(v);
        if (!json_object_object_get_ex(o, "ownerUid", &v) || !json_object_is_type(v, json_type_int))
                goto out;
        ret->owner = (uid_t)json_object_get_int64(v);
        const char *host = get_str(o, "host");
        if (host && strlen(host) < sizeof(ret->host))
                memcpy(ret->host, host, strlen(host) + 1);
        if (!json_object_object_get_ex(o, "objects", &objs) || !json_object_is_type(objs, json_type_array))
                goto out;
        for (size_t i = 0; i < json_object_array_length(objs); i++) {
                json_object *e = json_object_array_get_idx(objs, i);
                const char *key = get_str(e, "key"), *spec = get_str(e, "spec"), *undo = get_str(e, "undo");
                if (!key || !spec)
                        goto out;
                if (topo_record_append(ret, key, spec, undo) < 0) {
                        r = -ENOMEM;
                        goto out;
                }
        }
        r = 0;
out:
        json_object_put(o);
        if (r < 0)
                topo_record_done(ret);
        return r;
}

static int write_atomic(int dirfd, const char *file, const char *text, size_t len) {
        char tmp[NSCTL_NAME_MAX + 24];
        snprintf(tmp, sizeof(tmp), "%s.tmp", file);
        _cleanup_close_ int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
        int r = 0;
        if (fd < 0)
                return negative_errno();
        size_t done = 0;
        while (done < len && r == 0) {
                ssize_t k = write(fd, text + done, len - done);
                if (k < 0)
                        r = negative_errno();
                else
                        done += (size_t)k;
        }
        if (r == 0 && renameat(dirfd, tmp, dirfd, file) < 0)
                r = negative_errno();
        if (r < 0)
                unlinkat(dirfd, tmp, 0);
        return r;
}

int topo_record_write(int dirfd, const struct topo_record *rec) {
        char file[NSCTL_NAME_MAX + 16];
        json_object *o = json_object_new_object(), *objs = json_object_new_array_ext((int)rec->n);
        if (!o || !objs) {
                json_object_put(o);
                json_object_put(objs);
                return -ENOMEM;
        }
        json_object_object_add(o, "name", json_object_new_string(rec->name));
        json_object_object_add(o, "ownerUid", json_object_new_int64(rec->owner));
        if (rec->host[0])
                json_object_object_add(o, "host", json_object_new_string(rec->host));
        if (rec->document)
                json_object_object_add(o, "document", json_object_get(rec->document));
        for (size_t i = 0; i < rec->n; i++) {
                json_object *e = json_object_new_object();
                json_object_object_add(e, "key", json_object_new_string(rec->e[i].key));
                json_object_object_add(e, "spec", json_object_new_string(rec->e[i].spec));
                if (rec->e[i].undo)
                        json_object_object_add(e, "undo", json_object_new_string(rec->e[i].undo));
                json_object_array_add(objs, e);
        }
        json_object_object_add(o, "objects", objs);
        size_t len;
        const char *text = vl_message_text(o, &len);
        snprintf(file, sizeof(file), "%s.json", rec->name);
        int r = text ? write_atomic(dirfd, file, text, len) : -ENOMEM;
        json_object_put(o);
        return r;
}

int topo_record_remove(int dirfd, const char *name) {
        char file[NSCTL_NAME_MAX + 16];
        snprintf(file, sizeof(file), "%s.json", name);
        if (unlinkat(dirfd, file, 0) < 0 && errno != ENOENT)
                return negative_errno();
        return 0;
}

int topo_journal_begin(int dirfd, const char *name, char op, int *ret_fd) {
        char file[NSCTL_NAME_MAX + 16], line[3] = { op, '\n', 0 };
        snprintf(file, sizeof(file), "%s.journal", name);
        int fd = openat(dirfd, file, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return negative_errno();
        if (write(fd, line, 2) != 2) {
                int r = negative_errno();
                close(fd);
                return r;
        }
        *ret_fd = fd;
        return 0;
}

/* One line, one write(2): a line is in the file whole or not at all as far
 * as a later reader of a killed daemon's journal is concerned (a torn last
 * line has no newline and is ignored). */
static int journal_line(int fd, char op, const char *key, const char *text) {
        _cleanup_free_ char *line = NULL;
        int len = asprintf(&line, "%c\t%s\t%s\n", op, key, text ? text : "");
        if (len < 0) {
                line = NULL;
                return -ENOMEM;
        }
        if (write(fd, line, (size_t)len) != len)
                return negative_errno();
        return 0;
}

int topo_journal_made(int fd, const char *key, const char *spec) {
        return journal_line(fd, '+', key, spec);
}
int topo_journal_undo(int fd, const char *key, const char *undo) {
        return journal_line(fd, 'u', key, undo);
}
int topo_journal_removed(int fd, const char *key) {
        return journal_line(fd, '-', key, NULL);
}

int topo_journal_end(int dirfd, const char *name, int fd) {
        char file[NSCTL_NAME_MAX + 16];
        if (fd >= 0)
                close(fd);
        snprintf(file, sizeof(file), "%s.journal", name);
        if (unlinkat(dirfd, file, 0) < 0 && errno != ENOENT)
                return negative_errno();
        return 0;
}

void topo_journal_lines_free(struct topo_journal_line *l, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(l[i].key);
                free(l[i].text);
        }
        free(l);
}

int topo_journal_read(int dirfd, const char *name, char *ret_op, struct topo_journal_line **ret, size_t *ret_n) {
        char file[NSCTL_NAME_MAX + 16];
        _cleanup_free_ char *buf = NULL;
        size_t len, n = 0;
        struct topo_journal_line *lines = NULL;

        snprintf(file, sizeof(file), "%s.journal", name);
        int r = read_all(dirfd, file, &buf, &len);
        if (r < 0)
                return r;
        /* A daemon killed between creating the journal and writing its
         * first line leaves it empty (or torn): nothing was done yet. */
        if (len < 2 || buf[1] != '\n')
                return -ENODATA;
        if (buf[0] != TOPO_JOURNAL_APPLY && buf[0] != TOPO_JOURNAL_DESTROY)
                return -EBADMSG;
        *ret_op = buf[0];
        for (char *s = buf + 2, *nl; (nl = strchr(s, '\n')); s = nl + 1) {
                *nl = 0;
                char *t1 = strchr(s, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
                if (!t2 || t1 != s + 1 || (s[0] != '+' && s[0] != 'u' && s[0] != '-'))
                        continue; /* not ours: skip it rather than act on it */
                *t1 = *t2 = 0;
                struct topo_journal_line *l = realloc(lines, (n + 1) * sizeof(*l));
                if (!l) {
                        topo_journal_lines_free(lines, n);
                        return -ENOMEM;
                }
                lines = l;
                lines[n] = (struct topo_journal_line){ .op = s[0], .key = strdup(t1 + 1), .text = strdup(t2 + 1) };
                n++;
                if (!lines[n - 1].key || !lines[n - 1].text) {
                        topo_journal_lines_free(lines, n);
                        return -ENOMEM;
                }
        }
        *ret = lines;
        *ret_n = n;
        return 0;
}

int topo_record_names(int dirfd, char ***ret, size_t *ret_n) {
        DIR *d = opendir_at(dirfd);
        if (!d)
                return negative_errno();
        char **names = NULL;
        size_t n = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                const char *dot = strrchr(de->d_name, '.');
                if (!dot || (strcmp(dot, ".json") != 0 && strcmp(dot, ".journal") != 0))
                        continue;
                size_t len = (size_t)(dot - de->d_name);
                if (len == 0 || len > NSCTL_NAME_MAX)
                        continue;
                bool dup = false;
                for (size_t i = 0; i < n && !dup; i++)
                        dup = strlen(names[i]) == len && strncmp(names[i], de->d_name, len) == 0;
                if (dup)
                        continue;
                char **nn = realloc(names, (n + 1) * sizeof(*nn));
                if (!nn || !(nn[n] = strndup(de->d_name, len))) {
                        names = nn ? nn : names;
                        for (size_t i = 0; i < n; i++)
                                free(names[i]);
                        free(names);
                        closedir(d);
                        return -ENOMEM;
                }
                names = nn;
                n++;
        }
        closedir(d);
        *ret = names;
        *ret_n = n;
        return 0;
}

void topo_record_remove_temporaries(int dirfd) {
        DIR *d = opendir_at(dirfd);
        if (!d)
                return;
        struct dirent *de;
        while ((de = readdir(d))) {
                size_t len = strlen(de->d_name);
                if (len > 4 && strcmp(de->d_name + len - 4, ".tmp") == 0)
                        (void)unlinkat(dirfd, de->d_name, 0);
        }
        closedir(d);
}
