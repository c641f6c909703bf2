#include "flood.h"

#include <rte_prefetch.h>

#include "mtu_guard.h"
#include "tunnel_output.h"
#include "tx.h"
#include "vlan.h"

/* Local outputs share one mbuf through the reference count: nothing on an
 * L2 path writes the packet, so no copy is needed (a trunk output becomes a
 * replica in the tag stage). Each remote VTEP gets a replica; what came
 * from a tunnel floods to local members only (split horizon: every VTEP
 * floods to all the others itself). A frame that does not pass the MTU
 * guard as it is (a SYN to clamp, an offload to complete, too big) goes to
 * the guard once, on the tunnel vector, holding a reference of its own. */
static void flood(struct pmd *pmd, const struct fwd_view *view, uint16_t network, uint16_t in_port,
		  uint32_t in_remote, struct rte_mbuf *m)
{
	const struct network_view *net = &view->networks[network];
	const struct tunnel_view *tun = &view->tunnels[network];
	uint16_t outputs = net->n_members - (in_remote == 0); /* in_port is a member */
	bool to_vteps = in_remote == 0 && tun->enabled && tun->n_flood > 0;
	uint16_t refs = outputs;

	trace_packet(pmd, m, TRACE_FLOOD, in_port, outputs,
		     in_remote == 0 && tun->enabled ? tun->n_flood : 0);
	if (to_vteps) {
		if (likely(mtu_guard_flood_passes(pmd, tun, in_port, m))) {
			tunnel_flood(pmd, view, network, m);
		} else {
			pipe_item_set(&pmd->vec.tunnel[pmd->vec.n_tunnel++], m, network, in_port,
				      0);
			refs++;
		}
	}
	if (refs == 0) {
		if (!to_vteps) {
			trace_packet(pmd, m, TRACE_DROP, in_port, DROP_NO_DESTINATION, 0);
			drop_count(pmd, in_port, DROP_NO_DESTINATION, 1);
		}
		rte_pktmbuf_free(m);
		return;
	}
	if (refs > 1)
		rte_pktmbuf_refcnt_update(m, (int16_t)(refs - 1)); /* every segment */
	if (outputs == 0)
		return;
	for (uint16_t i = 0; i < net->n_members; i++)
		if (in_remote != 0 || net->members[i] != in_port)
			vlan_port_output(pmd, view, network, net->members[i], m);
}

void replicate_stage(struct pmd *pmd, const struct fwd_view *view)
{
	struct pipe_vectors *v = &pmd->vec;

	for (uint16_t i = 0; i < v->n_flood; i++) {
		const struct pipe_item *it = &v->flood[i];

		if (i + 1 < v->n_flood)
			rte_prefetch0(v->flood[i + 1].m);
		flood(pmd, view, it->network, it->port, it->remote, it->m);
	}
	v->n_flood = 0;
}
