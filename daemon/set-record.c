#include "set-record.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "varlink-message.h"

#define RECORD_MAX (256 * 1024)

/* FIRST: the set's first record, written straight to its name with
 * O_EXCL (no temp file and rename: a record cut short by a crash does not
 * parse, and reconcile removes the set as half made, which is right for a
 * set whose create had not committed). */
static int record_write(int dirfd, const struct ns_set *set, bool first) {
        json_object *o = json_object_new_object(), *types = json_object_new_array(),
                    *inodes = json_object_new_object();
        int r = 0;

        if (!o || !types || !inodes) {
                json_object_put(o);
                json_object_put(types);
                json_object_put(inodes);
                return -ENOMEM;
        }
        json_object_object_add(o, "name", json_object_new_string(set->name));
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (set->types & NS_TYPE_BIT(t)) {
                        json_object_array_add(types, json_object_new_string(ns_type_name(t)));
                        json_object_object_add(inodes, ns_type_name(t), json_object_new_int64((int64_t)set->inode[t]));
                }
        json_object_object_add(o, "types", types);
        json_object_object_add(o, "inodes", inodes);
        json_object_object_add(o, "createdSec", json_object_new_int64(set->created.tv_sec));
        json_object_object_add(o, "createdNsec", json_object_new_int64(set->created.tv_nsec));
        json_object_object_add(o, "holderPid", json_object_new_int64(set->holder));
        json_object_object_add(o, "ownerUid", json_object_new_int64(set->owner_uid));
        json_object_object_add(o, "ownerGid", json_object_new_int64(set->owner_gid));
        json_object_object_add(o, "options", ns_options_to_json(&set->opts));

        size_t len;
        const char *text = vl_message_text(o, &len);
        const char *name = first ? SET_RECORD_FILE : SET_RECORD_FILE ".tmp";
        _cleanup_close_ int fd = openat(dirfd, name,
                                        O_WRONLY | O_CREAT | (first ? O_EXCL : O_TRUNC) | O_CLOEXEC | O_NOFOLLOW,
                                        0644);
        if (fd < 0)
                r = negative_errno();
        else if (write(fd, text, len) != (ssize_t)len)
                r = errno ? negative_errno() : -EIO;
        else if (!first && renameat(dirfd, SET_RECORD_FILE ".tmp", dirfd, SET_RECORD_FILE) < 0)
                r = negative_errno();
        if (r < 0 && fd >= 0)
                unlinkat(dirfd, name, 0);
        json_object_put(o);
        return r;
}

int set_record_write(int dirfd, const struct ns_set *set) {
        return record_write(dirfd, set, false);
}

int set_record_create(int dirfd, const struct ns_set *set) {
        return record_write(dirfd, set, true);
}

static int get_int(json_object *o, const char *key, int64_t *ret) {
        json_object *v;
        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
                return -EBADMSG;
        *ret = json_object_get_int64(v);
        return 0;
}

int set_record_read(int dirfd, struct ns_set *set) {
        _cleanup_close_ int fd = openat(dirfd, SET_RECORD_FILE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        struct stat st;
        const char *reason, *field;
        json_object *o = NULL, *v;
        int64_t x;
        int r = -EBADMSG;

        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > RECORD_MAX)
                return -EBADMSG;
        _cleanup_free_ char *buf = malloc(st.st_size);
        if (!buf)
                return -ENOMEM;
        if (read(fd, buf, st.st_size) != st.st_size)
                return -EBADMSG;
        if (vl_json_parse_object(buf, st.st_size, &o, &reason) < 0)
                return -EBADMSG;

        if (!json_object_object_get_ex(o, "name", &v) || !json_object_is_type(v, json_type_string) ||
            strcmp(json_object_get_string(v), set->name) != 0)
                goto out;
        json_object *types, *inodes;
        if (!json_object_object_get_ex(o, "types", &types) || !json_object_is_type(types, json_type_array) ||
            !json_object_object_get_ex(o, "inodes", &inodes) || !json_object_is_type(inodes, json_type_object))
                goto out;
        set->types = 0;
        for (size_t i = 0; i < json_object_array_length(types); i++) {
                json_object *e = json_object_array_get_idx(types, i);
                int t = json_object_is_type(e, json_type_string) ? ns_type_from_name(json_object_get_string(e)) : -1;
                if (t < 0 || get_int(inodes, ns_type_name(t), &x) < 0)
                        goto out;
                set->types |= NS_TYPE_BIT(t);
                set->inode[t] = (unsigned long long)x;
        }
        if (get_int(o, "createdSec", &x) < 0)
                goto out;
        set->created.tv_sec = x;
        if (get_int(o, "createdNsec", &x) < 0)
                goto out;
        set->created.tv_nsec = x;
        if (get_int(o, "holderPid", &x) < 0 || x < 0 || x > INT32_MAX)
                goto out;
        set->holder = (pid_t)x;
        if (get_int(o, "ownerUid", &x) < 0 || x < 0 || x > UINT32_MAX)
                goto out;
        set->owner_uid = (uid_t)x;
        if (get_int(o, "ownerGid", &x) < 0 || x < 0 || x > UINT32_MAX)
                goto out;
        set->owner_gid = (gid_t)x;
        if (!json_object_object_get_ex(o, "options", &v) || !json_object_is_type(v, json_type_object) ||
            ns_options_from_json(v, &set->opts, &field) < 0)
                goto out;
        set->opts.types = set->types;
        r = 0;
out:
        json_object_put(o);
        return r;
}
