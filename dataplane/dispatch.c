/* The dispatch stage: each packet of a looked-up burst is sorted by where it
 * goes (pipe_vec.h): a known local port (straight into its tx buffer, or
 * the trunk vector when it must be tagged), a remote VTEP (the tunnel
 * vector), or every member of its network (the flood vector). Nothing is
 * written, replicated or encapsulated here: later stages do that a vector
 * at a time. */
#include "dispatch.h"

#include <rte_prefetch.h>

#include "pkt_meta.h"
#include "tx.h"
#include "vlan.h"

static inline void push(uint16_t *n, struct pipe_item *vec, struct rte_mbuf *m, uint16_t network,
			uint16_t port, uint32_t remote)
{
	pipe_item_set(&vec[(*n)++], m, network, port, remote);
}

static inline void flood(struct pmd *pmd, uint16_t network, uint16_t in_port, uint32_t in_remote,
			 struct rte_mbuf *m)
{
	push(&pmd->vec.n_flood, pmd->vec.flood, m, network, in_port, in_remote);
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
			flood(pmd, network, in_port, in_remote, m);
			return;
		}
		push(&pmd->vec.n_tunnel, pmd->vec.tunnel, m, network, in_port, remote);
		return;
	}
	/* An entry may outlive its port by a moment (deleted, not yet
	 * flushed): only ports of this view and network qualify. */
	if (unlikely(out >= SLUICE_MAX_PORTS || !vlan_port_in_network(view, out, network))) {
		flood(pmd, network, in_port, in_remote, m);
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

void dispatch_burst(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
		    const struct burst_meta *bm, const struct l2_burst *b)
{
	for (uint32_t i = 0; i < b->n; i++) {
		struct rte_mbuf *m = b->pkts[i];
		const struct pkt_meta *pm = burst_pkt_meta(bm, m);

		if (i + 1 < b->n)
			rte_prefetch0(b->dst[i + 1]);
		if (b->dst[i])
			forward_known(pmd, view, pm->network, in_port, pm->remote, b->dst[i], m);
		else
			flood(pmd, pm->network, in_port, pm->remote, m);
	}
}
