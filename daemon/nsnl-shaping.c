/* Link shaping: one root qdisc per link, netem for delay, jitter and loss
 * (with a rate if one is given), tbf for a rate alone. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "nsnl-private.h"
#include "util.h"

/* Kernel ticks for qdisc times are 64 ns (PSCHED_SHIFT 6) on every kernel
 * since 2.6.31. */
static uint32_t ns_to_ticks(uint64_t ns) {
        uint64_t t = ns >> 6;
        return t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

static uint32_t clamp_u32(uint64_t v) {
        return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static int qdisc_msg(int type, int flags, int ifindex, const char *kind, struct nl_msg **ret) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        struct tcmsg tcm = {
                .tcm_family = AF_UNSPEC,
                .tcm_ifindex = ifindex,
                .tcm_parent = TC_H_ROOT,
        };

        msg = nlmsg_alloc_simple(type, flags);
        if (!msg)
                return -ENOMEM;
        if (nlmsg_append(msg, &tcm, sizeof(tcm), NLMSG_ALIGNTO) < 0)
                return -EMSGSIZE;
        if (kind && nla_put_string(msg, TCA_KIND, kind) < 0)
                return -EMSGSIZE;
        *ret = TAKE_PTR(msg);
        return 0;
}

/* netem by hand: libnl 3.7's netem has no rate, and netem's TCA_OPTIONS is
 * a struct followed by attributes, which is easy to write directly. */
static int put_netem(struct nl_msg *msg, const struct nsnl_shaping *s) {
        uint64_t rate = s->rate_bps / 8;
        struct tc_netem_qopt qopt = {
                .latency = ns_to_ticks((uint64_t)s->delay_us * 1000),
                .jitter = ns_to_ticks((uint64_t)s->jitter_us * 1000),
                .limit = 1000, /* packets; tc's default */
                /* Probability as a fraction of UINT32_MAX. */
                .loss = (uint32_t)(((uint64_t)s->loss_ppm * UINT32_MAX + 500000) / 1000000),
        };
        /* Sent even when zero: changing a netem in place keeps whatever
         * an attribute left out had been set to before. */
        struct tc_netem_corr corr = { 0 };
        struct tc_netem_rate nrate = { .rate = clamp_u32(rate) };

        struct nlattr *opts = nla_nest_start(msg, TCA_OPTIONS);
        if (!opts || nlmsg_append(msg, &qopt, sizeof(qopt), NLMSG_ALIGNTO) < 0 ||
            nla_put(msg, TCA_NETEM_CORR, sizeof(corr), &corr) < 0 ||
            nla_put(msg, TCA_NETEM_RATE, sizeof(nrate), &nrate) < 0 ||
            (rate > UINT32_MAX && nla_put_u64(msg, TCA_NETEM_RATE64, rate) < 0) ||
            nla_put_s64(msg, TCA_NETEM_LATENCY64, (int64_t)s->delay_us * 1000) < 0 ||
            nla_put_s64(msg, TCA_NETEM_JITTER64, (int64_t)s->jitter_us * 1000) < 0)
                return -EMSGSIZE;
        nla_nest_end(msg, opts);
        return 0;
}

/* tbf with a 50 ms queue, as `tc ... tbf rate R burst B latency 50ms`. */
static int put_tbf(struct nl_msg *msg, const struct nsnl_shaping *s, unsigned mtu) {
        uint64_t rate = s->rate_bps / 8;
        if (rate == 0)
                return -EINVAL;
        /* A burst of at least one full frame, and about 4 ms worth at
         * high rates so that timer granularity does not cap throughput. */
        uint64_t burst = rate / 250;
        if (burst < (uint64_t)mtu + 64)
                burst = (uint64_t)mtu + 64;
        if (burst < 1600)
                burst = 1600;
        burst = clamp_u32(burst);
        uint64_t limit = clamp_u32(rate / 20 + burst);

        struct tc_tbf_qopt qopt = {
                .rate = {
                        .rate = clamp_u32(rate),
                        /* Ethernet: the kernel then needs no rate table. */
                        .linklayer = TC_LINKLAYER_ETHERNET,
                },
                .limit = (uint32_t)limit,
                .buffer = ns_to_ticks(burst * 1000000000ull / rate),
        };

        struct nlattr *opts = nla_nest_start(msg, TCA_OPTIONS);
        if (!opts || nla_put(msg, TCA_TBF_PARMS, sizeof(qopt), &qopt) < 0 ||
            nla_put_u32(msg, TCA_TBF_BURST, (uint32_t)burst) < 0 ||
            (rate > UINT32_MAX && nla_put_u64(msg, TCA_TBF_RATE64, rate) < 0))
                return -EMSGSIZE;
        nla_nest_end(msg, opts);
        return 0;
}

int nsnl_shaping_set(struct nsnl *r, const char *ifname, const struct nsnl_shaping *s) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        unsigned mtu;
        int ifindex, q;

        if (s->jitter_us > 0 && s->delay_us == 0)
                return -EINVAL;
        if (s->loss_ppm > 1000000)
                return -EINVAL;
        bool netem = s->delay_us > 0 || s->loss_ppm > 0;
        if (!netem && s->rate_bps == 0)
                return nsnl_shaping_clear(r, ifname);

        q = nsnl_link_index(r, ifname, &ifindex, &mtu);
        if (q < 0)
                return q;
        /* NLM_F_REPLACE: swaps out whatever root qdisc is there, of any
         * kind, in one step. */
        q = qdisc_msg(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, ifindex, netem ? "netem" : "tbf", &msg);
        if (q < 0)
                return q;
        q = netem ? put_netem(msg, s) : put_tbf(msg, s, mtu);
        if (q < 0)
                return q;
        q = nsnl_transact(r, TAKE_PTR(msg));
        /* ENOENT here is "unknown qdisc kind": a kernel built without
         * sch_netem or sch_tbf. */
        return q == -ENOENT ? -EOPNOTSUPP : q;
}

int nsnl_shaping_clear(struct nsnl *r, const char *ifname) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        int ifindex;

        int q = nsnl_link_index(r, ifname, &ifindex, NULL);
        if (q == -ENODEV)
                return 0;
        if (q < 0)
                return q;
        q = qdisc_msg(RTM_DELQDISC, 0, ifindex, NULL, &msg);
        if (q < 0)
                return q;
        q = nsnl_transact(r, TAKE_PTR(msg));
        /* The default root qdisc has handle 0 and cannot be deleted: the
         * kernel says ENOENT (older kernels EINVAL).  Either way nothing
         * of ours is there. */
        if (q == -ENOENT || q == -EINVAL || q == -ENODEV)
                return 0;
        return q;
}
