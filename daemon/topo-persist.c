#include "topo-persist.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "names.h"
#include "nsstore.h"
#include "state-file.h"
#include "topo-engine.h"
#include "topo-hosts.h"
#include "topology.h"
#include "varlink-message.h"

/* As large as a document the daemon accepts in a call. */
#define TOPO_PERSIST_MAX (16u * 1024 * 1024)

static void file_name(char *buf, size_t len, const char *name) {
        snprintf(buf, len, "%s.json", name);
}

int topo_persist_save(struct runtime *rt, const char *name, json_object *doc, const char *host, uid_t uid,
                      gid_t gid) {
        char file[NSCTL_NAME_MAX + 8];
        json_object *o = json_object_new_object();
        if (!o)
                return -ENOMEM;
        json_object_object_add(o, "name", json_object_new_string(name));
        if (host)
                json_object_object_add(o, "host", json_object_new_string(host));
        json_object_object_add(o, "ownerUid", json_object_new_int64(uid));
        json_object_object_add(o, "ownerGid", json_object_new_int64(gid));
        json_object_object_add(o, "topology", json_object_get(doc));
        size_t len;
        const char *text = vl_message_text(o, &len);
        file_name(file, sizeof(file), name);
        int r = text ? state_file_write(rt->topologies_fd, file, text, len) : -ENOMEM;
        json_object_put(o);
        return r;
}

int topo_persist_remove(struct runtime *rt, const char *name) {
        char file[NSCTL_NAME_MAX + 8];
        file_name(file, sizeof(file), name);
        return state_file_remove(rt->topologies_fd, file);
}

bool topo_persist_has(struct runtime *rt, const char *name) {
        char file[NSCTL_NAME_MAX + 8];
        struct stat st;
        file_name(file, sizeof(file), name);
        return fstatat(rt->topologies_fd, file, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

/* Apply the topology persisted as FILE, named NAME. */
static void restore_one(struct nsstore *st, const char *file, const char *name) {
        json_object *root = NULL, *doc, *v;
        struct topology *t = NULL;
        struct topo_error err;
        struct topo_result res;
        struct topo_failure fail = { 0 };
        const char *host = NULL, *chosen = NULL;
        char reason[256] = "";
        unsigned uid, gid;

        int r = state_file_read_json(st->rt->topologies_fd, file, TOPO_PERSIST_MAX, &root);
        if (r < 0 || !json_object_object_get_ex(root, "topology", &doc) ||
            state_file_id(root, "ownerUid", &uid) < 0 || state_file_id(root, "ownerGid", &gid) < 0) {
                log_error("Persisted topology %s: %s/topologies/%s is not readable", name, st->rt->state_dir, file);
                goto out;
        }
        if (json_object_object_get_ex(root, "host", &v))
                host = json_object_get_string(v);
        r = topology_parse(doc, &t, &err);
        if (r < 0) {
                log_error("Persisted topology %s: invalid at %s: %s", name, err.element, err.reason);
                goto out;
        }
        if (strcmp(t->name, name) != 0) {
                log_error("Persisted topology %s: the document is named %s", name, t->name);
                goto out;
        }
        r = topo_choose_host(st, t, host, &chosen, reason, sizeof(reason));
        if (r < 0) {
                log_error("Persisted topology %s: host %s: %s", name, host ? host : "(none)", reason);
                goto out;
        }
        r = topo_apply(st, t, doc, chosen, uid, gid, &res, &fail);
        if (r < 0)
                log_error_errno(r, "Persisted topology %s: cannot apply it again (at %s: %s)", name,
                                fail.element[0] ? fail.element : "-", fail.reason[0] ? fail.reason : "-");
        else
                log_notice("Applied persisted topology %s again: %zu objects", name, res.created);
out:
        topology_free(t);
        json_object_put(root);
}

static void restore_if_missing(const char *file, const char *name, void *data) {
        struct nsstore *st = data;
        char record[NSCTL_NAME_MAX + 8];
        struct stat s;

        /* Recorded in the runtime directory: made already (a restart, not
         * a reboot). */
        file_name(record, sizeof(record), name);
        if (fstatat(st->rt->topo_fd, record, &s, AT_SYMLINK_NOFOLLOW) < 0)
                restore_one(st, file, name);
}

void topo_persist_restore(struct nsstore *st) {
        int r = state_dir_each(st->rt->topologies_fd, restore_if_missing, st);
        if (r < 0)
                log_warning_errno(r, "Cannot read %s/topologies: persisted topologies not applied", st->rt->state_dir);
}
