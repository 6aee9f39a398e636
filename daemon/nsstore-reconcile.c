/* Reconcile at start: the sets a previous daemon left under the ns dir are
 * adopted when their record, their kept namespaces and their holder all
 * agree, and removed, every trace, when they do not. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "mount-util.h"
#include "ns-procs.h"
#include "nsstore-private.h"
#include "pidfd-util.h"
#include "set-record.h"
#include "util.h"

/* The holder recorded for SET, if it is still the same process: its PID
 * namespace must be the one the set keeps (a PID may have been reused). */
static int open_recorded_holder(const struct ns_set *set) {
        char path[64];
        struct stat st;

        if (set->holder <= 0)
                return -ESRCH;
        int pidfd = pidfd_open_pid(set->holder);
        if (pidfd < 0)
                return pidfd;
        snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)set->holder);
        if (stat(path, &st) < 0 || st.st_ino != set->inode[NS_TYPE_PID] || pidfd_exited(pidfd)) {
                close(pidfd);
                return -ESRCH;
        }
        return pidfd;
}

/* Reconcile one directory NAME under the ns dir: adopt it if its record is
 * valid, every recorded namespace is still kept (for net, in the netns dir
 * too) and its holder lives; otherwise remove everything of it. */
static void reconcile_one(struct nsstore *st, const char *name) {
        const char *reason, *why = NULL;
        unsigned long long ino;
        int r;

        if (nsctl_name_check(name, strlen(name), &reason) < 0) {
                log_warning("Reconcile: ignoring %s/%s: not a namespace set name (%s)", st->rt->ns_dir, name, reason);
                return;
        }
        _cleanup_close_ int dfd = openat(st->rt->ns_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0) {
                log_warning_errno(negative_errno(), "Reconcile: ignoring %s/%s", st->rt->ns_dir, name);
                return;
        }
        struct ns_set *set = nsstore_set_new(name);
        if (!set)
                return;

        r = set_record_read(dfd, set);
        if (r < 0)
                why = r == -ENOENT ? "no record (a create was interrupted)" : "its record is unreadable";
        if (set->types & NS_TYPE_BIT(NS_TYPE_PID))
                set->holder_pidfd = open_recorded_holder(set);
        for (int t = 0; t < NS_TYPE_MAX && !why; t++) {
                bool present = faccessat(dfd, ns_type_name(t), F_OK, AT_SYMLINK_NOFOLLOW) == 0;
                if (!(set->types & NS_TYPE_BIT(t))) {
                        if (present)
                                why = "a namespace file not in its record";
                } else if (t != NS_TYPE_NET && (!is_nsfs_at(dfd, ns_type_name(t), &ino) || ino != set->inode[t])) {
                        why = "a namespace is no longer kept";
                }
        }
        /* /run/netns/NAME is ours only next to our net link (create makes
         * the link first): then it is the namespace we mounted, or the
         * empty mount point of a create cut short.  A record names the
         * inode it must keep; without one (a crashed create) whatever is
         * mounted there is what that create mounted.  A daemon before the
         * link kept a second bind mount in the set's directory: the same
         * namespace there is as good as the link. */
        bool netns_ours = false, netns_kept = false;
        unsigned long long mount_ino;
        if (nsstore_is_net_link(st, dfd, name, &mount_ino)) {
                unsigned long long want = mount_ino ? mount_ino : set->inode[NS_TYPE_NET];
                if (is_nsfs_at(st->rt->netns_fd, name, &ino)) {
                        netns_ours = want == 0 || ino == want;
                        netns_kept = ino == want && want == set->inode[NS_TYPE_NET];
                } else {
                        netns_ours = faccessat(st->rt->netns_fd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
                }
        }
        if (!why && (set->types & NS_TYPE_BIT(NS_TYPE_NET)) && !netns_kept)
                why = "its /run/netns entry is gone";
        if (!why && (set->types & NS_TYPE_BIT(NS_TYPE_PID)) && set->holder_pidfd < 0)
                why = "its holder process is gone";

        if (why) {
                /* A kept PID namespace whose holder we could not identify
                 * from the record: end whatever lives in it, found by the
                 * namespace's inode, so no orphaned init stays behind. */
                unsigned long long pid_ino;
                if (set->holder_pidfd < 0 && is_nsfs_at(dfd, "pid", &pid_ino)) {
                        struct ns_set orphan = { .types = NS_TYPE_BIT(NS_TYPE_PID), .holder_pidfd = -1 };
                        orphan.inode[NS_TYPE_PID] = pid_ino;
                        r = ns_procs_terminate(&orphan, 0);
                        if (r < 0)
                                log_warning_errno(r, "Reconcile: cannot end the processes of %s", name);
                }
                r = nsstore_remove_traces(st, name, NS_TYPES_ALL, netns_ours, set->holder_pidfd);
                if (r < 0)
                        log_error_errno(r, "Reconcile: cannot remove namespace set %s (%s)", name, why);
                else
                        log_notice("Reconcile: removed namespace set %s: %s", name, why);
                nsstore_set_free(set);
                return;
        }
        char persisted[NSCTL_NAME_MAX + 8];
        snprintf(persisted, sizeof(persisted), "%s.json", name);
        set->persistent = faccessat(st->rt->sets_fd, persisted, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
        r = nsstore_insert(st, set);
        if (r < 0) {
                log_error_errno(r, "Reconcile: cannot adopt namespace set %s", name);
                nsstore_set_free(set);
                return;
        }
        log_info("Reconcile: adopted namespace set %s", name);
}

int nsstore_reconcile(struct nsstore *st) {
        DIR *d = opendir_at(st->rt->ns_fd);
        if (!d)
                return negative_errno();
        struct dirent *de;
        while ((errno = 0, de = readdir(d))) {
                if (de->d_name[0] == '.' && (de->d_name[1] == '\0' || (de->d_name[1] == '.' && de->d_name[2] == '\0')))
                        continue;
                if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
                        continue;
                reconcile_one(st, de->d_name);
        }
        int r = errno ? -errno : 0;
        closedir(d);
        return r;
}
