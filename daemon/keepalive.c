#include "keepalive.h"

#include <systemd/sd-daemon.h>
#include <time.h>

static uint64_t interval_usec, last_usec;

static uint64_t now_usec(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void keepalive_init(uint64_t usec) {
        interval_usec = usec;
        last_usec = now_usec();
}

void keepalive_ping(void) {
        if (interval_usec == 0)
                return;
        uint64_t now = now_usec();
        if (now - last_usec < interval_usec / 4)
                return;
        last_usec = now;
        sd_notify(0, "WATCHDOG=1");
}
