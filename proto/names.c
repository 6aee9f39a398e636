#include "names.h"

#include <errno.h>
#include <stdbool.h>

static bool is_alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int check(const char *name, size_t len, size_t max, const char **ret_reason) {
        if (!name || len == 0) {
                *ret_reason = "name is empty";
                return -EINVAL;
        }
        if (len > max) {
                *ret_reason = max == NSCTL_IFNAME_MAX ? "name is longer than 15 bytes" : "name is longer than 64 bytes";
                return -EINVAL;
        }
        /* The first character may not be '.', '-' or '_': this excludes ".",
         * "..", hidden files and names that look like options. */
        if (!is_alnum(name[0])) {
                *ret_reason = "name must start with a letter or digit";
                return -EINVAL;
        }
        for (size_t i = 1; i < len; i++) {
                char c = name[i];
                if (!is_alnum(c) && c != '_' && c != '.' && c != '-') {
                        *ret_reason = "name may contain only letters, digits, '_', '.' and '-'";
                        return -EINVAL;
                }
        }
        return 0;
}

int nsctl_name_check(const char *name, size_t len, const char **ret_reason) {
        return check(name, len, NSCTL_NAME_MAX, ret_reason);
}

int nsctl_ifname_check(const char *name, size_t len, const char **ret_reason) {
        return check(name, len, NSCTL_IFNAME_MAX, ret_reason);
}
