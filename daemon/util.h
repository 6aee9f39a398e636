/* Small helpers shared by the daemon's modules: cleanup attributes in the
 * style of systemd, so that error paths free and close without a ladder of
 * labels. */
#pragma once

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static inline void freep(void *p) {
        free(*(void **)p);
}

static inline void closep(int *fd) {
        if (*fd >= 0) {
                int saved = errno;
                close(*fd);
                errno = saved;
        }
}

#define _cleanup_free_  __attribute__((cleanup(freep)))
#define _cleanup_close_ __attribute__((cleanup(closep)))

/* Hand a pointer or fd out of a cleanup scope. */
#define TAKE_PTR(p) ({ __typeof__(p) _p = (p); (p) = NULL; _p; })
#define TAKE_FD(fd) ({ int _fd = (fd); (fd) = -1; _fd; })

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

/* errno as a negative return value, never 0 even if errno was not set. */
static inline int negative_errno(void) {
        return errno > 0 ? -errno : -EIO;
}
