/* The PMD's side of vlan networks: frames of several networks share one phy
 * port (the trunk), each network's tagged with its VLAN id. */
#ifndef SLUICE_VLAN_H
#define SLUICE_VLAN_H

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "datapath.h"
#include "tx.h"

/* Classify for a trunk: tagged frames are untagged and go to the vlan
 * network of their VLAN id (unknown ids are dropped as vlan-unknown-vid);
 * untagged frames to the port's own network, if it has one. Each kept frame
 * carries its network in pkt_meta; pkts is compacted to them, in order:
 * returns how many. */
uint16_t vlan_classify(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
		       struct rte_mbuf **pkts, uint16_t n);

/* m leaves on out as a frame of network: through the trunk vector to the
 * tag stage (tag.h) when out is the network's trunk, else straight into
 * out's tx buffer. */
static inline void vlan_port_output(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
				    uint16_t out, struct rte_mbuf *m)
{
	const struct network_view *nv = &view->networks[network];

	if (unlikely(nv->vid != 0 && out == nv->trunk))
		pipe_item_set(&pmd->vec.trunk[pmd->vec.n_trunk++], m, network, out, 0);
	else
		tx_enqueue(pmd, out, m);
}

/* A driver that stripped the received tag into the mbuf (VLAN strip
 * offload, or net_af_packet, whose kernel always does) gets it put back in
 * the frame, so tags are read and written in one place, the bytes. Returns
 * m, or NULL (dropped, counted) when it cannot. */
static inline struct rte_mbuf *vlan_unstrip(struct pmd *pmd, uint16_t port, struct rte_mbuf *m)
{
	if (likely(!(m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED)))
		return m;
	if (unlikely(rte_vlan_insert(&m) < 0)) {
		drop_count(pmd, port, DROP_NO_MBUF, 1);
		rte_pktmbuf_free(m);
		return NULL;
	}
	return m;
}

/* vlan_unstrip() over a burst, compacted in place: how many are left. */
static inline uint16_t vlan_unstrip_burst(struct pmd *pmd, uint16_t port, struct rte_mbuf **pkts,
					  uint16_t n)
{
	uint16_t k = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = vlan_unstrip(pmd, port, pkts[i]);

		if (likely(m != NULL))
			pkts[k++] = m;
	}
	return k;
}

/* Whether port out belongs to network in this view: its own network, or the
 * trunk of a vlan network. */
static inline bool vlan_port_in_network(const struct fwd_view *view, uint16_t out, uint16_t network)
{
	return view->port_network[out] == network ||
	       (view->networks[network].vid != 0 && view->networks[network].trunk == out);
}

#endif
