/* Reading values from the command line strictly: a number with junk after
 * it, a sign where none is allowed, or one out of range is an error, never
 * a silent zero or a wrapped value. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* A decimal number 0..MAX, digits only (no sign, no blanks, no "0x").
 * Returns 0, -EINVAL (not a number) or -ERANGE (above MAX). */
int parse_uint(const char *s, uint64_t max, uint64_t *ret);

/* A decimal int64 with an optional sign.  Returns 0, -EINVAL or -ERANGE. */
int parse_int64(const char *s, int64_t *ret);

struct id_range {
        uint32_t inside, outside, count;
};

/* "INSIDE:OUTSIDE:COUNT", each a uint32, COUNT at least 1.  Returns 0, or
 * -EINVAL with *RET_REASON saying what is wrong. */
int parse_id_range(const char *s, struct id_range *ret, const char **ret_reason);

/* "net,uts,...": the NS_TYPE_BIT()s of the comma-separated type names.
 * Returns 0, or -EINVAL with *RET_BAD pointing at the bad item (which is
 * not NUL-terminated; *RET_BAD_LEN is its length). */
int parse_type_list(const char *s, unsigned *ret, const char **ret_bad, int *ret_bad_len);

/* Whether S is "NAME=VALUE" with NAME a shell variable name
 * ([A-Za-z_][A-Za-z0-9_]*): anything else could not be read back by the
 * command or would be dropped by a shell. */
bool parse_env_assignment(const char *s);
