/* Fuzz target: the incremental framing scanner (proto/varlink-frame.c).
 *
 * Input: two bytes choose the message size limit, one byte seeds how the
 * rest (the byte stream a client sends) is cut into pieces.  The stream is
 * scanned as the server does it (daemon/server.c, process_input): pieces
 * arrive one by one, each complete message is taken off the front and the
 * bytes after it are scanned again as the start of the next one.  The same
 * stream is scanned once more arriving all at once; both must find the same
 * messages in the same mode, the same oversized message, and every message
 * must end with its mode's terminator, within the limit. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "fuzz.h"
#include "varlink-frame.h"

#define MAX_EVENTS 4096

struct event {
        size_t start;
        ssize_t len; /* -EMSGSIZE: the message starting at START is too large */
        enum vl_frame_mode mode;
};

struct run {
        struct event ev[MAX_EVENTS];
        size_t n;
};

static uint32_t next_rand(uint32_t *x) {
        *x ^= *x << 13;
        *x ^= *x >> 17;
        *x ^= *x << 5;
        return *x;
}

static void record(struct run *run, size_t start, ssize_t len, enum vl_frame_mode mode) {
        FUZZ_CHECK(run->n < MAX_EVENTS);
        run->ev[run->n++] = (struct event){ .start = start, .len = len, .mode = mode };
}

/* Scan STREAM arriving in pieces (SEED 0: all at once).  The server hands
 * the scanner what it has as the evbuffer's chunks, which end where the
 * pieces arrived; so does this. */
static void scan(const uint8_t *stream, size_t n, size_t max, uint32_t seed, struct run *run) {
        static size_t bounds[1 << 17];
        struct vl_scanner s;
        size_t nb = 0, have = 0, start = 0;
        uint32_t x = seed | 1;

        vl_scanner_init(&s, max);
        run->n = 0;
        while (have < n) {
                size_t chunk = seed ? 1 + next_rand(&x) % 23 : n;
                if (chunk > n - have)
                        chunk = n - have;
                have += chunk;
                FUZZ_CHECK(nb < sizeof(bounds) / sizeof(bounds[0]));
                bounds[nb++] = have;

                for (;;) {
                        size_t from = start + s.scanned;
                        ssize_t r = 0;
                        if (from >= have)
                                break;
                        /* The pieces from FROM to HAVE, until a message ends. */
                        for (size_t b = 0; b < nb && r == 0; b++) {
                                if (bounds[b] <= from)
                                        continue;
                                size_t piece_start = from;
                                r = vl_scanner_feed(&s, (const char *)stream + piece_start, bounds[b] - piece_start);
                                from = bounds[b];
                        }
                        if (r == -EMSGSIZE) {
                                record(run, start, r, s.mode);
                                return;
                        }
                        FUZZ_CHECK(r >= 0);
                        if (r == 0) {
                                /* Everything there was looked at, once. */
                                FUZZ_CHECK(start + s.scanned == have);
                                break;
                        }
                        FUZZ_CHECK(start + (size_t)r <= have);
                        record(run, start, r, s.mode);
                        FUZZ_CHECK(s.scanned == 0);
                        start += (size_t)r;
                }
        }
}

static void check_run(const uint8_t *stream, size_t n, size_t max, const struct run *run) {
        enum vl_frame_mode mode = VL_FRAME_UNKNOWN;
        size_t expect_start = 0;

        for (size_t i = 0; i < run->n; i++) {
                const struct event *e = &run->ev[i];
                FUZZ_CHECK(e->start == expect_start);
                if (e->len == -EMSGSIZE) {
                        FUZZ_CHECK(i == run->n - 1);
                        FUZZ_CHECK(n - e->start > max);
                        if (mode != VL_FRAME_UNKNOWN)
                                /* No terminator within the limit. */
                                FUZZ_CHECK(!memchr(stream + e->start, vl_frame_terminator(mode), max + 1));
                        else
                                FUZZ_CHECK(!memchr(stream + e->start, '\0', max + 1));
                        break;
                }
                FUZZ_CHECK(e->len >= 1);
                FUZZ_CHECK((size_t)e->len - 1 <= max);
                FUZZ_CHECK(e->mode == VL_FRAME_NUL || e->mode == VL_FRAME_NEWLINE);
                /* The mode is set by the first message, then fixed. */
                if (mode != VL_FRAME_UNKNOWN)
                        FUZZ_CHECK(e->mode == mode);
                char term = vl_frame_terminator(e->mode);
                FUZZ_CHECK((char)stream[e->start + e->len - 1] == term);
                /* No terminator before its end; and a NUL anywhere in the
                 * first message ends it. */
                if (mode != VL_FRAME_UNKNOWN)
                        FUZZ_CHECK(!memchr(stream + e->start, term, e->len - 1));
                else
                        FUZZ_CHECK(!memchr(stream + e->start, '\0', e->len - 1));
                mode = e->mode;
                expect_start = e->start + e->len;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        static struct run whole, pieces;

        if (size < 3 || size > 100000)
                return 0;
        size_t max = 1 + ((size_t)data[0] | (size_t)data[1] << 8) % 2048;
        uint32_t seed = data[2] + 1;
        const uint8_t *stream = data + 3;
        size_t n = size - 3;

        scan(stream, n, max, 0, &whole);
        scan(stream, n, max, seed, &pieces);
        check_run(stream, n, max, &whole);
        check_run(stream, n, max, &pieces);
        FUZZ_CHECK(whole.n == pieces.n);
        for (size_t i = 0; i < whole.n; i++) {
                FUZZ_CHECK(whole.ev[i].start == pieces.ev[i].start);
                FUZZ_CHECK(whole.ev[i].len == pieces.ev[i].len);
                FUZZ_CHECK(whole.ev[i].mode == pieces.ev[i].mode);
        }
        return 0;
}
