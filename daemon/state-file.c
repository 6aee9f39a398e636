#include "state-file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "names.h"
#include "util.h"
#include "varlink-message.h"

int state_file_write(int dirfd, const char *file, const char *text, size_t len) {
        char tmp[PATH_MAX];
        int r = 0;

        if (snprintf(tmp, sizeof(tmp), "%s.tmp", file) >= (int)sizeof(tmp))
                return -ENAMETOOLONG;
        _cleanup_close_ int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
        errno = 0;
        if (fd < 0)
                r = negative_errno();
        else if (write(fd, text, len) != (ssize_t)len || fsync(fd) < 0)
                r = errno ? negative_errno() : -EIO;
        else if (renameat(dirfd, tmp, dirfd, file) < 0)
                r = negative_errno();
        else if (fsync(dirfd) < 0)
                r = negative_errno();
        if (r < 0)
                unlinkat(dirfd, tmp, 0);
        return r;
}

int state_file_remove(int dirfd, const char *file) {
        if (unlinkat(dirfd, file, 0) < 0)
                return errno == ENOENT ? 0 : negative_errno();
        return fsync(dirfd) < 0 ? negative_errno() : 0;
}

int state_file_read_json(int dirfd, const char *file, size_t max, json_object **ret) {
        _cleanup_close_ int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        const char *reason;
        struct stat st;

        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || (size_t)st.st_size > max)
                return -EBADMSG;
        _cleanup_free_ char *buf = malloc(st.st_size);
        if (!buf)
                return -ENOMEM;
        if (read(fd, buf, st.st_size) != st.st_size || vl_json_parse_object(buf, st.st_size, ret, &reason) < 0)
                return -EBADMSG;
        return 0;
}

int state_dir_each(int dirfd, void (*fn)(const char *file, const char *name, void *data), void *data) {
        DIR *d = opendir_at(dirfd);
        if (!d)
                return negative_errno();
        struct dirent *de;
        while ((de = readdir(d))) {
                const char *reason;
                char name[NSCTL_NAME_MAX + 1];
                size_t len = strlen(de->d_name);

                if (len <= 5 || strcmp(de->d_name + len - 5, ".json") != 0 || len - 5 > NSCTL_NAME_MAX)
                        continue;
                memcpy(name, de->d_name, len - 5);
                name[len - 5] = '\0';
                if (nsctl_name_check(name, len - 5, &reason) == 0)
                        fn(de->d_name, name, data);
        }
        closedir(d);
        return 0;
}

int state_file_id(json_object *o, const char *key, unsigned *ret) {
        json_object *v;
        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
                return -EBADMSG;
        int64_t x = json_object_get_int64(v);
        if (x < 0 || x > UINT32_MAX)
                return -EBADMSG;
        *ret = (unsigned)x;
        return 0;
}
