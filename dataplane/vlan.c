#include "vlan.h"

#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "pkt_meta.h"
#include "vlan_tag.h"

static uint16_t vlan_network(const struct fwd_view *view, uint16_t port, int vid)
{
	for (uint16_t i = 0; i < view->n_vlans; i++)
		if (view->vlans[i].port == port && view->vlans[i].vid == vid)
			return view->vlans[i].network;
	return PORT_NO_NETWORK;
}

uint16_t vlan_classify(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
		       struct rte_mbuf **pkts, uint16_t n)
{
	/* The last id looked up: a burst is mostly one VLAN's frames, and
	 * vlan_network() scans every vlan network of every trunk. */
	int last_vid = -1;
	uint16_t last_network = PORT_NO_NETWORK, kept = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = vlan_unstrip(pmd, in_port, pkts[i]);
		uint8_t *f;
		int vid;
		uint16_t network;

		if (i + 1 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		if (unlikely(!m))
			continue;
		f = rte_pktmbuf_mtod(m, uint8_t *);
		vid = vlan_tag_vid(f, rte_pktmbuf_data_len(m));
		/* Priority tagged (id 0): 802.1Q says untagged, as Linux reads it. */
		if (unlikely(vid == 0)) {
			vlan_tag_pop(f);
			rte_pktmbuf_adj(m, VLAN_TAG_LEN);
			vid = -1;
		}

		if (vid < 0) {
			network = view->port_network[in_port];
			if (unlikely(network == PORT_NO_NETWORK)) {
				trace_packet(pmd, m, TRACE_DROP, in_port, DROP_NO_NETWORK, 0);
				drop_count(pmd, in_port, DROP_NO_NETWORK, 1);
				rte_pktmbuf_free(m);
				continue;
			}
		} else {
			if (vid != last_vid) {
				last_network = vlan_network(view, in_port, vid);
				last_vid = vid;
			}
			network = last_network;
			trace_packet(pmd, m, TRACE_VLAN, in_port, (uint32_t)vid, 0);
			if (unlikely(network == PORT_NO_NETWORK)) {
				trace_packet(pmd, m, TRACE_DROP, in_port, DROP_VLAN_UNKNOWN_VID, 0);
				drop_count(pmd, in_port, DROP_VLAN_UNKNOWN_VID, 1);
				rte_pktmbuf_free(m);
				continue;
			}
			/* A received mbuf is the PMD's alone: untag in place. */
			vlan_tag_pop(f);
			rte_pktmbuf_adj(m, VLAN_TAG_LEN);
		}
		/* Networks may interleave: l2 takes the whole burst. */
		pkt_meta_set_input(m, network, in_port, 0);
		pkts[kept++] = m;
	}
	return kept;
}
