#include "varlink-frame.h"

#include <errno.h>
#include <string.h>

void vl_scanner_init(struct vl_scanner *s, size_t max) {
        *s = (struct vl_scanner){ .mode = VL_FRAME_UNKNOWN, .max = max };
}

static void reset_message(struct vl_scanner *s) {
        s->scanned = 0;
        s->depth = 0;
        s->in_string = s->escaped = s->seen_object = false;
}

/* While the mode is unknown, track just enough JSON syntax to tell a newline
 * that ends the message from one that is only whitespace inside it. */
static bool ends_first_message(struct vl_scanner *s, char c) {
        if (s->in_string) {
                if (s->escaped)
                        s->escaped = false;
                else if (c == '\\')
                        s->escaped = true;
                else if (c == '"')
                        s->in_string = false;
                return false;
        }
        switch (c) {
        case '"':
                s->in_string = true;
                break;
        case '{':
        case '[':
                s->depth++;
                s->seen_object = true;
                break;
        case '}':
        case ']':
                if (s->depth > 0)
                        s->depth--;
                break;
        case '\n':
                return s->seen_object && s->depth == 0;
        }
        return false;
}

ssize_t vl_scanner_feed(struct vl_scanner *s, const char *buf, size_t len) {
        size_t i;

        if (s->mode == VL_FRAME_UNKNOWN) {
                for (i = 0; i < len; i++) {
                        if (buf[i] == '\0') {
                                s->mode = VL_FRAME_NUL;
                                break;
                        }
                        if (ends_first_message(s, buf[i])) {
                                s->mode = VL_FRAME_NEWLINE;
                                break;
                        }
                        if (s->scanned + i >= s->max)
                                return -EMSGSIZE;
                }
        } else {
                const char *end = memchr(buf, vl_frame_terminator(s->mode), len);
                i = end ? (size_t)(end - buf) : len;
        }

        if (i == len) {
                s->scanned += len;
                if (s->scanned > s->max)
                        return -EMSGSIZE;
                return 0;
        }
        size_t total = s->scanned + i;
        if (total > s->max)
                return -EMSGSIZE;
        reset_message(s);
        return (ssize_t)(total + 1);
}
