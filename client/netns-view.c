#include "netns-view.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "log.h"

/* Where `ip netns exec` looks for per-namespace configuration files. */
#define NETNS_ETC_DIR "/etc/netns"

/* Mount a sysfs that shows this network namespace's devices over /sys, as
 * iproute2's netns_switch() does. */
static int remount_sys(const char *name) {
        unsigned long flags = 0;
        struct statvfs sv;

        if (umount2("/sys", MNT_DETACH) < 0) {
                /* Nothing was mounted there, or it could not go: mount over
                 * it.  A read-only sysfs cannot be covered by a writable one. */
                if (statvfs("/sys", &sv) == 0 && (sv.f_flag & ST_RDONLY))
                        flags = MS_RDONLY;
        }
        if (mount(name, "/sys", "sysfs", flags, NULL) < 0) {
                int r = -errno;
                log_error("cannot mount sysfs on /sys: %s", strerror(-r));
                return r;
        }
        return 0;
}

/* Bind each regular file in /etc/netns/NAME over /etc/FILE, like `ip netns
 * exec`, so e.g. a resolv.conf can be given per namespace.  A file that
 * cannot be bound is worth a warning, not a failure (iproute2 agrees). */
static void bind_etc_files(const char *name) {
        char dir_path[sizeof(NETNS_ETC_DIR) + 256];
        struct dirent *de;
        DIR *d;
        int dfd;

        snprintf(dir_path, sizeof(dir_path), "%s/%s", NETNS_ETC_DIR, name);
        dfd = open(dir_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (dfd < 0)
                return; /* no per-namespace files: the usual case */
        d = fdopendir(dfd);
        if (!d) {
                close(dfd);
                return;
        }
        while ((de = readdir(d))) {
                struct stat st;
                char *src = NULL, *dst = NULL;

                if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
                        continue;
                if (asprintf(&src, "%s/%s", dir_path, de->d_name) < 0)
                        src = NULL;
                if (asprintf(&dst, "/etc/%s", de->d_name) < 0)
                        dst = NULL;
                if (src && dst && mount(src, dst, "none", MS_BIND, NULL) < 0)
                        log_error("warning: cannot bind %s over %s: %s", src, dst, strerror(errno));
                free(src);
                free(dst);
        }
        closedir(d);
}

int netns_view_setup(const char *name) {
        int r;

        /* A mount namespace of our own, whose mounts do not propagate back,
         * for the /sys and /etc changes below. */
        if (unshare(CLONE_NEWNS) < 0) {
                r = -errno;
                log_error("cannot create a mount namespace: %s", strerror(-r));
                return r;
        }
        if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0) {
                r = -errno;
                log_error("cannot make / a slave mount: %s", strerror(-r));
                return r;
        }
        r = remount_sys(name);
        if (r < 0)
                return r;
        bind_etc_files(name);
        return 0;
}
