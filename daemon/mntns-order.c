#include "mntns-order.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util.h"

/* <linux/nsfs.h> of older distributions lacks it (added in Linux 6.8). */
#ifndef NS_GET_MNTNS_ID
#define NS_GET_MNTNS_ID _IOR(0xb7, 0x5, uint64_t)
#endif

int mntns_current_id(uint64_t *id) {
        _cleanup_close_ int fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        if (ioctl(fd, NS_GET_MNTNS_ID, id) < 0)
                return negative_errno();
        return 0;
}

/* Since Linux 6.18 namespace ids come from per-CPU batches, so a mount
 * namespace made now on one CPU can get a smaller id than one made earlier
 * on another.  The kernel refuses (ELOOP) to bind-mount a mount namespace
 * whose id is not larger than the binder's, a check meant to stop
 * namespace loops.  Ids made on the CPU that made the daemon's namespace
 * only grow, so trying each CPU we may run on finds one whose new ids are
 * large enough; the affinity is put back afterwards. */
int mntns_make_younger_than(uint64_t daemon_id) {
        uint64_t id;
        int r = mntns_current_id(&id);
        if (r == -ENOTTY || r == -EINVAL)
                return 0; /* before 6.8 the ids were one global sequence */
        if (r < 0)
                return r;
        if (id > daemon_id)
                return 0;

        cpu_set_t saved, one;
        if (sched_getaffinity(0, sizeof(saved), &saved) < 0)
                return negative_errno();
        r = -ELOOP;
        for (int cpu = 0; cpu < CPU_SETSIZE && r == -ELOOP; cpu++) {
                if (!CPU_ISSET(cpu, &saved))
                        continue;
                CPU_ZERO(&one);
                CPU_SET(cpu, &one);
                if (sched_setaffinity(0, sizeof(one), &one) < 0)
                        continue;
                /* A few tries per CPU: ids are handed out per CPU in order,
                 * so one more on the right CPU is enough. */
                for (int i = 0; i < 2 && r == -ELOOP; i++) {
                        if (unshare(CLONE_NEWNS) < 0) {
                                r = negative_errno();
                                break;
                        }
                        if (mntns_current_id(&id) < 0)
                                continue;
                        if (id > daemon_id)
                                r = 0;
                }
        }
        (void)sched_setaffinity(0, sizeof(saved), &saved);
        return r;
}
