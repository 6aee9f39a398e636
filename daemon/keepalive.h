/* Watchdog pings from inside long operations.  The event loop pings
 * systemd's watchdog on a timer; an operation that keeps the loop busy for
 * long (applying a topology of thousands of objects) calls keepalive_ping()
 * as it goes, so it is not mistaken for a hang.  It pings at most once per
 * quarter of the watchdog interval, and only when the watchdog is on. */
#pragma once

#include <stdint.h>

/* USEC: the watchdog interval (0: off). */
void keepalive_init(uint64_t usec);
void keepalive_ping(void);
