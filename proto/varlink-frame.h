/* Varlink framing: find where one message ends in a byte stream.
 *
 * A message is one JSON object followed by a NUL byte.  For shell use, a
 * connection whose first message is ended by a newline instead is answered
 * in kind; the mode is fixed by the first message of a connection.  The
 * scanner is incremental, so a message that arrives in many pieces is looked
 * at once in total, not once per piece. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum vl_frame_mode {
        VL_FRAME_UNKNOWN = 0, /* no message seen yet */
        VL_FRAME_NUL,         /* messages end with '\0' (the Varlink default) */
        VL_FRAME_NEWLINE,     /* messages end with '\n' */
};

struct vl_scanner {
        enum vl_frame_mode mode;
        size_t max;     /* largest message accepted, terminator excluded */
        size_t scanned; /* bytes of the current message looked at so far */
        /* JSON lexical state, only needed while the mode is unknown: a
         * newline ends the first message only outside strings, after the
         * top-level object has closed. */
        unsigned depth;
        bool in_string, escaped, seen_object;
};

void vl_scanner_init(struct vl_scanner *s, size_t max);

/* Feed the next LEN bytes of the stream (those after the ones already fed
 * for the current message).  Returns:
 *   > 0       the message is complete: its length including the terminator,
 *             counted from the start of the current message; the scanner is
 *             reset for the next message;
 *   0         no terminator yet, feed more;
 *   -EMSGSIZE the message is longer than max. */
ssize_t vl_scanner_feed(struct vl_scanner *s, const char *buf, size_t len);

/* The terminator byte for replies on a connection in this mode. */
static inline char vl_frame_terminator(enum vl_frame_mode mode) {
        return mode == VL_FRAME_NEWLINE ? '\n' : '\0';
}
