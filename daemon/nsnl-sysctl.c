/* net.* sysctls of a namespace, through /proc/sys opened inside it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nsnl-private.h"
#include "util.h"

static int sysctl_path(const char *key, char *buf, size_t size) {
        if (strncmp(key, "net.", 4) != 0 || strchr(key, '/') || strstr(key, "..") || key[strlen(key) - 1] == '.')
                return -EINVAL;
        int n = snprintf(buf, size, "/proc/sys/%s", key);
        if (n < 0 || (size_t)n >= size)
                return -ENAMETOOLONG;
        for (char *p = buf + strlen("/proc/sys/"); *p; p++)
                if (*p == '.')
                        *p = '/';
        return 0;
}

int nsnl_sysctl_set(struct nsnl *r, int host_netns_fd, const char *key, const char *value, char *old,
                    size_t old_size) {
        _cleanup_close_ int fd = -1;
        char path[PATH_MAX], buf[4096];
        int q;

        q = sysctl_path(key, path, sizeof(path));
        if (q < 0)
                return q;
        if (r->netns_fd >= 0 && host_netns_fd < 0)
                return -EINVAL;

        /* /proc/sys/net shows the namespace of whoever opens it, and the
         * open file stays bound to it: only the open needs the setns. */
        if (r->netns_fd >= 0 && setns(r->netns_fd, CLONE_NEWNET) < 0)
                return negative_errno();
        fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
        q = fd < 0 ? negative_errno() : 0;
        if (r->netns_fd >= 0 && setns(host_netns_fd, CLONE_NEWNET) < 0)
                return negative_errno();
        if (q < 0)
                return q;

        /* pread and pwrite at 0: sysctl files ignore writes at an offset. */
        ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
        if (n < 0)
                return negative_errno();
        buf[n] = '\0';
        if (n > 0 && buf[n - 1] == '\n')
                buf[--n] = '\0';
        if (old) {
                /* Checked before the write, so a value that could not be
                 * restored is never changed. */
                if ((size_t)n >= old_size)
                        return -ERANGE;
                memcpy(old, buf, (size_t)n + 1);
        }

        size_t len = strlen(value);
        ssize_t w = pwrite(fd, value, len, 0);
        if (w < 0)
                return negative_errno();
        return (size_t)w == len ? 0 : -EIO;
}
