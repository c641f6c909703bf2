/* The per-burst limits of a port, on the PMD (see port_limits.h). */
#include "port_limits.h"

#include <string.h>

#include <rte_cycles.h>
#include <rte_mbuf.h>

#include "datapath.h"
#include "fdb_policy.h"
#include "tx.h"

struct fdb_entry limits_not_learned = {.is_static = 1};

static const enum drop_reason storm_drop[STORM_CLASS_COUNT] = {
    [STORM_BROADCAST] = DROP_STORM_BROADCAST,
    [STORM_MULTICAST] = DROP_STORM_MULTICAST,
    [STORM_UNKNOWN] = DROP_STORM_UNKNOWN,
};

/* The burst being filtered: packet i is kept by moving it to slot n. */
struct limits_burst {
	struct rte_mbuf **pkts;
	struct fdb_key *keys;
	struct fdb_entry **dst, **src;
	uint32_t n;
};

static void keep(struct limits_burst *b, uint32_t i)
{
	uint32_t k = b->n++;

	if (k == i)
		return;
	b->pkts[k] = b->pkts[i];
	b->keys[2 * k] = b->keys[2 * i];
	b->keys[2 * k + 1] = b->keys[2 * i + 1];
	b->dst[k] = b->dst[i];
	b->src[k] = b->src[i];
}

static void drop(struct pmd *pmd, uint16_t in_port, struct rte_mbuf *m, enum drop_reason why)
{
	trace_packet(pmd, m, TRACE_DROP, in_port, why, 0);
	drop_count(pmd, in_port, why, 1);
	rte_pktmbuf_free(m);
}

static void state_reset(struct port_limits_state *st, const struct port_limits_view *lv)
{
	memset(st, 0, sizeof(*st)); /* rate_limit: last 0 starts full */
	if (lv->police)
		rte_meter_srtcm_config(&st->meter, (struct rte_meter_srtcm_profile *)&lv->meter);
	st->gen = lv->gen;
}

/* Red packets (over ingress-rate and its burst) are dropped. */
static void police(struct pmd *pmd, const struct port_limits_view *lv, struct port_limits_state *st,
		   uint16_t in_port, uint64_t tsc, struct limits_burst *b, uint32_t n)
{
	struct rte_meter_srtcm_profile *prof = (struct rte_meter_srtcm_profile *)&lv->meter;

	b->n = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct rte_mbuf *m = b->pkts[i];

		if (rte_meter_srtcm_color_blind_check(&st->meter, prof, tsc,
						      rte_pktmbuf_pkt_len(m)) == RTE_COLOR_RED)
			drop(pmd, in_port, m, DROP_POLICED);
		else
			keep(b, i);
	}
}

/* One bucket check per kind of traffic per burst: the first packets of each
 * kind pass while tokens last, the rest are dropped. */
static void storm(struct pmd *pmd, const struct port_limits_view *lv, struct port_limits_state *st,
		  uint16_t in_port, uint64_t tsc, struct limits_burst *b, uint32_t n)
{
	uint8_t cls[BURST_SIZE];
	uint32_t count[STORM_CLASS_COUNT + 1] = {0};
	uint32_t allow[STORM_CLASS_COUNT + 1];
	uint64_t hz = pmd->dp->tsc_hz;

	for (uint32_t i = 0; i < n; i++) {
		cls[i] = (uint8_t)storm_classify(b->keys[2 * i].mac, b->dst[i] != NULL);
		count[cls[i]]++;
	}
	for (int c = 0; c < STORM_CLASS_COUNT; c++)
		allow[c] = lv->storm_rate[c] == 0 || count[c] == 0
			       ? count[c]
			       : rate_limit_take_n(&st->storm[c], tsc, hz, lv->storm_rate[c],
						   lv->storm_burst[c], count[c]);
	allow[STORM_NONE] = count[STORM_NONE];
	b->n = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (allow[cls[i]] == 0) {
			drop(pmd, in_port, b->pkts[i], storm_drop[cls[i]]);
			continue;
		}
		allow[cls[i]]--;
		keep(b, i);
	}
}

/* New or moving sources while the port or network is at its mac-limit:
 * dropped, or forwarded unlearned (flood action). */
static void mac_limit(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		      uint16_t in_port, uint32_t in_remote, struct limits_burst *b, uint32_t n)
{
	const struct fdb_limits *fl = &pmd->dp->fdb.limits;
	bool port_full = fdb_limit_port_full(fl, in_port);
	bool net_full = fdb_limit_network_full(fl, network);
	bool flood = (!port_full || view->limits.ports[in_port].mac_flood) &&
		     (!net_full || view->limits.net_flood[network]);

	b->n = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct fdb_entry *s = b->src[i];
		enum fdb_learn_action a =
		    fdb_learn_decide(s != NULL, s ? s->port : 0, s ? s->remote : 0,
				     s ? s->is_static : 0, 0, in_port, in_remote, 0);
		bool new_mac = a == FDB_LEARN_NEW;

		/* A move stays in its network: only the port's limit applies. */
		if ((new_mac && (port_full || net_full)) || (a == FDB_MOVE && port_full)) {
			if (!(new_mac ? flood : view->limits.ports[in_port].mac_flood)) {
				drop(pmd, in_port, b->pkts[i], DROP_MAC_LIMIT);
				continue;
			}
			b->src[i] = &limits_not_learned;
		}
		keep(b, i);
	}
}

uint32_t limits_burst(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		      uint16_t in_port, uint32_t in_remote, struct rte_mbuf **pkts,
		      struct fdb_key *keys, struct fdb_entry **dst, struct fdb_entry **src,
		      uint32_t n)
{
	const struct port_limits_view *lv = &view->limits.ports[in_port];
	const struct fdb_limits *fl = &pmd->dp->fdb.limits;
	struct limits_burst b = {pkts, keys, dst, src, n};
	struct port_limits_state *st;
	uint64_t tsc;

	if (lv->active) {
		st = &pmd->limits.ports[in_port];
		if (unlikely(st->gen != lv->gen))
			state_reset(st, lv);
		tsc = rte_rdtsc();
		if (lv->police)
			police(pmd, lv, st, in_port, tsc, &b, b.n);
		storm(pmd, lv, st, in_port, tsc, &b, b.n);
	}
	if (unlikely(fdb_limit_port_full(fl, in_port) || fdb_limit_network_full(fl, network)))
		mac_limit(pmd, view, network, in_port, in_remote, &b, b.n);
	return b.n;
}
