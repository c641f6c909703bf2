/* The dispatch stage: each packet of a looked-up burst goes to its known
 * port, its remote VTEP (MTU guard, then encap), or is flooded (replicate). */
#include "dispatch.h"

#include <rte_prefetch.h>

#include "mtu_guard.h"
#include "pkt_meta.h"
#include "tx.h"
#include "vlan.h"

/* Flooding shares one mbuf among its local outputs through the reference
 * count: nothing on an L2 path writes the packet, so no copy is needed. Each
 * remote VTEP of a tunnel network gets a replica (replicate.h): a header of
 * its own for the encapsulation, the frame shared; what came from a tunnel
 * floods to local members only (split horizon: every VTEP floods to all the
 * others itself). */
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
			flood(pmd, view, pm->network, in_port, pm->remote, m);
	}
}
