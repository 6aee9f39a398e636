#include "persist.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "state-file.h"
#include "util.h"
#include "varlink-message.h"

#define PERSIST_MAX (256 * 1024)

static void file_name(char *buf, size_t len, const char *name, const char *suffix) {
        snprintf(buf, len, "%s.json%s", name, suffix);
}

int persist_save(struct runtime *rt, const struct ns_set *set) {
        char final[NSCTL_NAME_MAX + 16];
        json_object *o = json_object_new_object(), *types = json_object_new_array();

        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (set->types & NS_TYPE_BIT(t))
                        json_object_array_add(types, json_object_new_string(ns_type_name(t)));
        json_object_object_add(o, "name", json_object_new_string(set->name));
        json_object_object_add(o, "types", types);
        json_object_object_add(o, "options", ns_options_to_json(&set->opts));
        json_object_object_add(o, "ownerUid", json_object_new_int64(set->owner_uid));
        json_object_object_add(o, "ownerGid", json_object_new_int64(set->owner_gid));

        size_t len;
        const char *text = vl_message_text(o, &len);
        file_name(final, sizeof(final), set->name, "");
        int r = state_file_write(rt->sets_fd, final, text, len);
        json_object_put(o);
        return r;
}

int persist_remove(struct runtime *rt, const char *name) {
        char final[NSCTL_NAME_MAX + 16];

        file_name(final, sizeof(final), name, "");
        return state_file_remove(rt->sets_fd, final);
}

/* Read one persisted set into NAME's options and owner. */
static int load(struct runtime *rt, const char *file, const char *name, struct ns_options *o, uid_t *uid, gid_t *gid) {
        const char *reason, *field;
        json_object *root = NULL, *v;
        unsigned u, g;
        int r = state_file_read_json(rt->sets_fd, file, PERSIST_MAX, &root);
        if (r < 0)
                return r;
        r = -EBADMSG;
        if (!json_object_object_get_ex(root, "name", &v) || !json_object_is_type(v, json_type_string) ||
            strcmp(json_object_get_string(v), name) != 0)
                goto out;
        if (!json_object_object_get_ex(root, "types", &v) || !json_object_is_type(v, json_type_array))
                goto out;
        for (size_t i = 0; i < json_object_array_length(v); i++) {
                json_object *e = json_object_array_get_idx(v, i);
                int t = json_object_is_type(e, json_type_string) ? ns_type_from_name(json_object_get_string(e)) : -1;
                if (t < 0)
                        goto out;
                o->types |= NS_TYPE_BIT(t);
        }
        if (!json_object_object_get_ex(root, "options", &v) || !json_object_is_type(v, json_type_object) ||
            ns_options_from_json(v, o, &field) < 0 || ns_options_check(o, &field, &reason) < 0)
                goto out;
        if (state_file_id(root, "ownerUid", &u) < 0 || state_file_id(root, "ownerGid", &g) < 0)
                goto out;
        *uid = u;
        *gid = g;
        r = 0;
out:
        json_object_put(root);
        return r;
}

static void restore_set(const char *file, const char *name, void *data) {
        struct nsstore *st = data;

        if (nsstore_find(st, name))
                return;
        struct ns_options o = { 0 };
        struct ns_set *set;
        uid_t uid = 0;
        gid_t gid = 0;
        int r = load(st->rt, file, name, &o, &uid, &gid);
        if (r < 0) {
                log_error_errno(r, "Persisted set %s: cannot read %s/sets/%s", name, st->rt->state_dir, file);
                ns_options_done(&o);
                return;
        }
        r = nsstore_create(st, name, &o, uid, gid, NSSTORE_PERSIST, &set);
        ns_options_done(&o);
        if (r < 0) {
                log_error_errno(r, "Persisted set %s: cannot recreate it", name);
                return;
        }
        log_notice("Recreated persisted namespace set %s", name);
}

void persist_restore(struct nsstore *st) {
        int r = state_dir_each(st->rt->sets_fd, restore_set, st);
        if (r < 0)
                log_warning_errno(r, "Cannot read %s/sets: persisted sets not restored", st->rt->state_dir);
}
