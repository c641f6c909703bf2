#include "bridge.h"

#include <rte_hash.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>
#include <rte_ring.h>

#include "packet.h"
#include "mtu_guard.h"
#include "port_security_input.h"
#include "tx.h"
#include "vlan.h"

static void learn_request(struct pmd *pmd, const struct fdb_key *key, uint16_t port,
			  uint32_t remote)
{
	struct fdb_learn_request req = {.key = *key, .port = port, .remote = remote};

	if (rte_ring_enqueue_elem(pmd->learn_ring, &req, sizeof(req)) < 0)
		pmd->counters.learn_queue_full++;
}

/* Flooding shares one mbuf among its local outputs through the reference
 * count: nothing on an L2 path writes the packet, so no copy is needed. Each
 * remote VTEP of a tunnel network gets a replica (replicate.h): a header of
 * its own for the encapsulation, the frame shared; what came from a tunnel floods to local
 * members only (split horizon: every VTEP floods to all the others itself). */
static void flood(struct pmd *pmd, const struct fwd_view *view, uint16_t network, uint16_t in_port,
		  uint32_t in_remote, struct rte_mbuf *m)
{
	const struct network_view *net = &view->networks[network];
	const struct tunnel_view *tun = &view->tunnels[network];
	uint16_t outputs = net->n_members - (in_remote == 0); /* in_port is a member */

	trace_packet(pmd, m, TRACE_FLOOD, in_port, outputs,
		     in_remote == 0 && tun->enabled ? tun->n_flood : 0);
	if (in_remote == 0 && tun->enabled)
		mtu_guard_flood(pmd, view, network, in_port, m);
	if (outputs == 0) {
		if (!tun->enabled || tun->n_flood == 0 || in_remote != 0) {
			trace_packet(pmd, m, TRACE_DROP, in_port, DROP_NO_DESTINATION, 0);
			drop_count(pmd, in_port, DROP_NO_DESTINATION, 1);
		}
		rte_pktmbuf_free(m);
		return;
	}
	if (outputs > 1)
		rte_pktmbuf_refcnt_update(m, (int16_t)(outputs - 1)); /* every segment */
	for (uint16_t i = 0; i < net->n_members; i++)
		if (in_remote != 0 || net->members[i] != in_port)
			vlan_port_output(pmd, view, network, net->members[i], m);
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
	for (uint32_t k = 0; k < n_miss; k++) {
		uint32_t idx;

		if (!((hits >> k) & 1))
			continue;
		idx = (uint32_t)(uintptr_t)data[k];
		*miss_out[k] = &fdb->entries[idx];
		fdb_cache_insert(&pmd->fdb_cache, fdb_key_word(miss_keys[k]), idx);
	}
}

void bridge_input(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
		  struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t network = view->port_network[in_port];

	if (unlikely(view->port_is_trunk[in_port])) {
		vlan_input(pmd, view, in_port, pkts, n);
		return;
	}
	if (unlikely(network == PORT_NO_NETWORK)) {
		for (uint16_t i = 0; i < n; i++)
			trace_packet(pmd, pkts[i], TRACE_DROP, in_port, DROP_NO_NETWORK, 0);
		drop_count(pmd, in_port, DROP_NO_NETWORK, n);
		rte_pktmbuf_free_bulk(pkts, n);
		return;
	}
	/* A flat network carries its hosts' own VLAN tags untouched, also
	 * through a driver that strips them (net_af_packet always does). */
	n = port_security_input(pmd, view, in_port, pkts, n);
	n = vlan_unstrip_burst(pmd, in_port, pkts, n);
	if (likely(n))
		bridge_forward(pmd, view, network, in_port, 0, pkts, n);
}

/* A known destination: its port, or its remote VTEP. */
static void forward_known(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
			  uint16_t in_port, uint32_t in_remote, const struct fdb_entry *d,
			  struct rte_mbuf *m)
{
	uint16_t out = __atomic_load_n(&d->port, __ATOMIC_ACQUIRE);
	uint32_t remote = __atomic_load_n(&d->remote, __ATOMIC_RELAXED);

	trace_packet(pmd, m, TRACE_FDB_HIT, out, remote, 0);
	if (remote != 0) {
		if (unlikely(in_remote != 0)) {
			trace_packet(pmd, m, TRACE_DROP, in_port, DROP_TUNNEL_SPLIT_HORIZON, 0);
			drop_count(pmd, in_port, DROP_TUNNEL_SPLIT_HORIZON, 1);
			rte_pktmbuf_free(m);
			return;
		}
		if (unlikely(!view->tunnels[network].enabled)) {
			flood(pmd, view, network, in_port, in_remote, m);
			return;
		}
		mtu_guard_output(pmd, view, network, in_port, remote, m);
		return;
	}
	/* An entry may outlive its port by a moment (deleted, not yet
	 * flushed): only ports of this view and network qualify. */
	if (unlikely(out >= SLUICE_MAX_PORTS || !vlan_port_in_network(view, out, network))) {
		flood(pmd, view, network, in_port, in_remote, m);
		return;
	}
	if (unlikely(out == in_port)) {
		trace_packet(pmd, m, TRACE_DROP, in_port, DROP_SAME_PORT, 0);
		drop_count(pmd, in_port, DROP_SAME_PORT, 1);
		rte_pktmbuf_free(m);
		return;
	}
	vlan_port_output(pmd, view, network, out, m);
}

void bridge_forward(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		    uint16_t in_port, uint32_t in_remote, struct rte_mbuf **pkts, uint16_t n)
{
	const struct port *port = &pmd->dp->ports[in_port];
	struct fdb_key keys[2 * BURST_SIZE];
	struct rte_mbuf *valid[BURST_SIZE];
	struct fdb_entry *dst[BURST_SIZE], *src[BURST_SIZE];
	uint32_t nv = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct rte_ether_hdr *eth;

		if (i + 1 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		trace_packet(pmd, m, TRACE_NETWORK, in_port, network, in_remote);
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
		fdb_key_set(&keys[2 * nv], eth->dst_addr.addr_bytes, network);
		fdb_key_set(&keys[2 * nv + 1], eth->src_addr.addr_bytes, network);
		valid[nv++] = m;
	}
	if (nv == 0)
		return;

	lookup_burst(pmd, keys, nv, dst, src);
	nv = limits_burst(pmd, view, network, in_port, in_remote, valid, keys, dst, src, nv);

	for (uint32_t i = 0; i < nv; i++) {
		struct rte_mbuf *m = valid[i];
		struct fdb_entry *s = src[i];
		enum fdb_learn_action action;

		action = fdb_learn_decide(s != NULL, s ? s->port : 0, s ? s->remote : 0,
					  s ? s->is_static : 0, s ? s->last_seen : 0, in_port,
					  in_remote, pmd->now);
		if (action == FDB_REFRESH)
			s->last_seen = pmd->now;
		else if (unlikely(action == FDB_LEARN_NEW || action == FDB_MOVE))
			/* One request per source per burst is enough. */
			if (i == 0 || memcmp(keys[2 * i + 1].mac, keys[2 * i - 1].mac, 6) != 0)
				learn_request(pmd, &keys[2 * i + 1], in_port, in_remote);

		if (dst[i])
			forward_known(pmd, view, network, in_port, in_remote, dst[i], m);
		else
			flood(pmd, view, network, in_port, in_remote, m);
	}
}
