#include "ns-types.h"

#include <errno.h>
#include <sched.h>
#include <string.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct {
        const char *name;
        int flag;
} types[NS_TYPE_MAX] = {
        [NS_TYPE_NET] = { "net", CLONE_NEWNET },
        [NS_TYPE_UTS] = { "uts", CLONE_NEWUTS },
        [NS_TYPE_IPC] = { "ipc", CLONE_NEWIPC },
        [NS_TYPE_MNT] = { "mnt", CLONE_NEWNS },
        [NS_TYPE_PID] = { "pid", CLONE_NEWPID },
        [NS_TYPE_USER] = { "user", CLONE_NEWUSER },
        [NS_TYPE_CGROUP] = { "cgroup", CLONE_NEWCGROUP },
        [NS_TYPE_TIME] = { "time", CLONE_NEWTIME },
};

const char *ns_type_name(enum ns_type t) {
        return (unsigned)t < NS_TYPE_MAX ? types[t].name : NULL;
}

int ns_type_from_name(const char *name) {
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (strcmp(types[t].name, name) == 0)
                        return t;
        return -EINVAL;
}

int ns_type_clone_flag(enum ns_type t) {
        return (unsigned)t < NS_TYPE_MAX ? types[t].flag : 0;
}
