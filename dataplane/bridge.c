#include "bridge.h"

#include <string.h>

#include <rte_hash.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>
#include <rte_ring.h>

#include "packet.h"
#include "pkt_meta.h"
#include "port_limits.h"
#include "tx.h"

static void learn_request(struct pmd *pmd, const struct fdb_key *key, uint16_t port,
			  uint32_t remote)
{
	struct fdb_learn_request req = {.key = *key, .port = port, .remote = remote};

	if (rte_ring_enqueue_elem(pmd->learn_ring, &req, sizeof(req)) < 0)
		pmd->counters.learn_queue_full++;
}

/* Finds the FDB entries of every destination and source of a burst: the
 * PMD's cache first, one bulk hash lookup for what it misses. dst[i] is NULL
 * for a multicast destination or an unknown one, src[i] for an unknown source. */
static void lookup_burst(struct pmd *pmd, const struct fdb_key *keys, uint32_t nv,
			 struct fdb_entry **dst, struct fdb_entry **src)
{
	struct fdb *fdb = &pmd->dp->fdb;
	const void *miss_keys[2 * BURST_SIZE];
	struct fdb_entry **miss_out[2 * BURST_SIZE];
	void *data[2 * BURST_SIZE];
	uint64_t hits = 0;
	uint32_t n_miss = 0;

	for (uint32_t i = 0; i < nv; i++) {
		const struct fdb_key *d = &keys[2 * i], *s = &keys[2 * i + 1];

		dst[i] = NULL;
		if (!mac_is_multicast(d->mac)) {
			dst[i] = fdb_cache_lookup(&pmd->fdb_cache, fdb, fdb_key_word(d));
			if (!dst[i]) {
				miss_keys[n_miss] = d;
				miss_out[n_miss++] = &dst[i];
			}
		}
		src[i] = fdb_cache_lookup(&pmd->fdb_cache, fdb, fdb_key_word(s));
		if (!src[i]) {
			miss_keys[n_miss] = s;
			miss_out[n_miss++] = &src[i];
		}
	}
	if (n_miss == 0)
		return;
	/* Up to two keys per packet in one call: rte_hash refuses more than
	 * RTE_HASH_LOOKUP_BULK_MAX keys (-EINVAL, every key then reads as a
	 * miss) and the hit mask has 64 bits. A larger burst must split this. */
	_Static_assert(2 * BURST_SIZE <= RTE_HASH_LOOKUP_BULK_MAX && 2 * BURST_SIZE <= 64,
		       "a burst's FDB keys must fit one rte_hash_lookup_bulk_data call");
	rte_hash_lookup_bulk_data(fdb->hash, miss_keys, n_miss, &hits, data);
	pmd->counters.fdb_bulk_lookups++;
	for (uint32_t k = 0; k < n_miss; k++) {
		uint32_t idx;

		if (!((hits >> k) & 1))
			continue;
		idx = (uint32_t)(uintptr_t)data[k];
		*miss_out[k] = &fdb->entries[idx];
		fdb_cache_insert(&pmd->fdb_cache, fdb_key_word(miss_keys[k]), idx);
	}
}

/* Limits (port_limits.c) judge a run of one network from one source at a
 * time: the burst's runs in order, compacted into one burst again. */
static uint32_t limits_runs(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
			    const struct burst_meta *bm, struct rte_mbuf **valid,
			    struct fdb_key *keys, struct fdb_entry **dst, struct fdb_entry **src,
			    uint32_t nv)
{
	uint32_t out = 0;

	if (likely(bm->uniform)) /* one run */
		return limits_burst(pmd, view, bm->one.network, in_port, bm->one.remote, valid,
				    keys, dst, src, nv);

	for (uint32_t a = 0, b; a < nv; a = b) {
		const struct pkt_meta *first = pkt_meta(valid[a]);
		uint32_t k;

		for (b = a + 1; b < nv; b++) {
			const struct pkt_meta *pm = pkt_meta(valid[b]);

			if (pm->network != first->network || pm->remote != first->remote)
				break;
		}
		k = limits_burst(pmd, view, first->network, in_port, first->remote, valid + a,
				 keys + 2 * a, dst + a, src + a, b - a);
		if (out != a) {
			memmove(valid + out, valid + a, k * sizeof(*valid));
			memmove(keys + 2 * out, keys + 2 * a, 2 * k * sizeof(*keys));
			memmove(dst + out, dst + a, k * sizeof(*dst));
			memmove(src + out, src + a, k * sizeof(*src));
		}
		out += k;
	}
	return out;
}

void bridge_l2(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
	       const struct burst_meta *bm, struct rte_mbuf **pkts, uint16_t n,
	       struct l2_burst *out)
{
	const struct port *port = &pmd->dp->ports[in_port];
	struct fdb_key keys[2 * BURST_SIZE];
	struct rte_mbuf **valid = out->pkts;
	struct fdb_entry **dst = out->dst, *src[BURST_SIZE];
	uint32_t nv = 0;

	out->n = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct pkt_meta *pm = burst_pkt_meta(bm, m);
		const struct rte_ether_hdr *eth;

		if (i + 1 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		trace_packet(pmd, m, TRACE_NETWORK, in_port, pm->network, pm->remote);
		if (unlikely(packet_is_runt(rte_pktmbuf_data_len(m)))) {
			trace_packet(pmd, m, TRACE_DROP, in_port, DROP_RUNT, 0);
			drop_count(pmd, in_port, DROP_RUNT, 1);
			rte_pktmbuf_free(m);
			continue;
		}
		eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
		if (unlikely(!mac_is_valid_source(eth->src_addr.addr_bytes))) {
			trace_packet(pmd, m, TRACE_DROP, in_port, DROP_BAD_SOURCE_MAC, 0);
			drop_count(pmd, in_port, DROP_BAD_SOURCE_MAC, 1);
			rte_pktmbuf_free(m);
			continue;
		}
		if (unlikely(port->has_mac &&
			     !rte_is_same_ether_addr(&eth->src_addr, &port->mac))) {
			trace_packet(pmd, m, TRACE_DROP, in_port, DROP_SPOOFED_SOURCE, 0);
			drop_count(pmd, in_port, DROP_SPOOFED_SOURCE, 1);
			rte_pktmbuf_free(m);
			continue;
		}
		fdb_key_set(&keys[2 * nv], eth->dst_addr.addr_bytes, pm->network);
		fdb_key_set(&keys[2 * nv + 1], eth->src_addr.addr_bytes, pm->network);
		valid[nv++] = m;
	}
	if (nv == 0)
		return;

	/* Keys carry their network: one lookup for the whole burst, however
	 * its networks and remotes interleave. */
	lookup_burst(pmd, keys, nv, dst, src);
	nv = limits_runs(pmd, view, in_port, bm, valid, keys, dst, src, nv);

	out->n = nv;
	for (uint32_t i = 0; i < nv; i++) {
		const struct pkt_meta *pm = burst_pkt_meta(bm, valid[i]);
		struct fdb_entry *s = src[i];
		enum fdb_learn_action action;

		action = fdb_learn_decide(s != NULL, s ? s->port : 0, s ? s->remote : 0,
					  s ? s->is_static : 0, s ? s->last_seen : 0, in_port,
					  pm->remote, pmd->now);
		if (action == FDB_REFRESH)
			s->last_seen = pmd->now;
		else if (unlikely(action == FDB_LEARN_NEW || action == FDB_MOVE))
			/* One request per source per burst is enough. */
			if (i == 0 ||
			    memcmp(&keys[2 * i + 1], &keys[2 * i - 1], sizeof(struct fdb_key)) != 0)
				learn_request(pmd, &keys[2 * i + 1], in_port, pm->remote);
	}
}
