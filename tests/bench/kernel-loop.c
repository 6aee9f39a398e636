/* kernel-loop: the floor for benchmark 1.  Only the kernel work of keeping
 * N network namespaces: per namespace, an empty file, unshare(CLONE_NEWNET),
 * a bind mount of /proc/thread-self/ns/net onto the file, setns back; then
 * per namespace umount2 + unlink.  Prints the two totals in seconds.
 *
 *   kernel-loop N DIR      (DIR must be on a private mount)
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
        char path[4096];

        if (argc != 3) {
                fprintf(stderr, "usage: kernel-loop N DIR\n");
                return 2;
        }
        int n = atoi(argv[1]);
        int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (self < 0) {
                perror("open /proc/self/ns/net");
                return 1;
        }
        double t0 = now();
        for (int i = 0; i < n; i++) {
                snprintf(path, sizeof(path), "%s/k%d", argv[2], i);
                int fd = open(path, O_CREAT | O_EXCL | O_RDONLY | O_CLOEXEC, 0444);
                if (fd < 0) {
                        perror(path);
                        return 1;
                }
                close(fd);
                if (unshare(CLONE_NEWNET) < 0 ||
                    mount("/proc/thread-self/ns/net", path, NULL, MS_BIND, NULL) < 0 ||
                    setns(self, CLONE_NEWNET) < 0) {
                        perror("unshare/mount/setns");
                        return 1;
                }
        }
        double t1 = now();
        for (int i = 0; i < n; i++) {
                snprintf(path, sizeof(path), "%s/k%d", argv[2], i);
                if (umount2(path, 0) < 0 || unlink(path) < 0) {
                        perror(path);
                        return 1;
                }
        }
        double t2 = now();
        printf("%.6f %.6f\n", t1 - t0, t2 - t1);
        return 0;
}
