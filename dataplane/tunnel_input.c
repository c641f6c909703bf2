#include "tunnel_input.h"

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "mtu_guard.h"
#include "pkt_meta.h"
#include "tap_filter.h"
#include "tunnel_decap.h"
#include "tunnel_output.h"
#include "tx.h"
#include "vlan.h"

/* ARP, untagged or behind one VLAN tag: arp_parse() on the control thread
 * judges the rest. */
static bool is_arp(const struct rte_mbuf *m)
{
	const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t len = rte_pktmbuf_data_len(m);
	uint16_t type;

	if (len < 14)
		return false;
	type = (uint16_t)(f[12] << 8 | f[13]);
	if (type == RTE_ETHER_TYPE_VLAN && len >= 18)
		type = (uint16_t)(f[16] << 8 | f[17]);
	return type == RTE_ETHER_TYPE_ARP;
}

/* The frame's VLAN id: 0 untagged or priority tagged. */
static uint16_t frame_vlan(const struct rte_mbuf *m)
{
	const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);

	if (rte_pktmbuf_data_len(m) < 18 || (uint16_t)(f[12] << 8 | f[13]) != RTE_ETHER_TYPE_VLAN)
		return 0;
	return (uint16_t)((f[14] << 8 | f[15]) & 0x0fff);
}

uint16_t tunnel_input_classify(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
			       struct rte_mbuf **pkts, uint16_t n)
{
	const struct vtep_view *v = &view->vtep;
	uint16_t kept = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = vlan_unstrip(pmd, in_port, pkts[i]);
		struct tunnel_decap_info info;
		enum tunnel_decap_result r;
		uint16_t network;

		if (i + 1 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		if (unlikely(!m))
			continue;
		/* [vtep] vlan: the underlay is that VLAN, tunnel packets and
		 * ARP alike; anything else on the port is not ours. Without it
		 * the tag is not checked, as before. */
		if (unlikely(v->vlan != 0 && frame_vlan(m) != v->vlan)) {
			drop_count(pmd, in_port, DROP_VTEP_WRONG_VLAN, 1);
			rte_pktmbuf_free(m);
			continue;
		}
		/* The outer headers must sit in the first segment; a frame
		 * scattered over several is judged by that segment alone. */
		r = tunnel_decap_parse(rte_pktmbuf_mtod(m, const uint8_t *),
				       rte_pktmbuf_data_len(m), v->addr, v->udp_port, &info);
		if (unlikely(r == TUNNEL_DECAP_NOT_TUNNEL)) {
			if (is_arp(m))
				vtep_punt(pmd, in_port, m, 0, DROP_ARP_QUEUE_FULL);
			else if (v->kernel_tap &&
				 tap_filter_to_kernel(rte_pktmbuf_mtod(m, const uint8_t *),
						      rte_pktmbuf_data_len(m), v->addr))
				vtep_punt_to_kernel(pmd, in_port, m);
			else {
				drop_count(pmd, in_port, DROP_NO_NETWORK, 1);
				rte_pktmbuf_free(m);
			}
			continue;
		}
		if (unlikely(r == TUNNEL_DECAP_DROP)) {
			drop_count(pmd, in_port, info.drop, 1);
			rte_pktmbuf_free(m);
			continue;
		}
		network = tunnel_map_find(view, (uint8_t)info.kind, info.vni);
		if (unlikely(network == TUNNEL_MAP_EMPTY)) {
			drop_count(pmd, in_port, DROP_TUNNEL_UNKNOWN_VNI, 1);
			rte_pktmbuf_free(m);
			continue;
		}
		rte_pktmbuf_adj(m, info.inner_offset);
		/* Ethernet padding after the outer IPv4 datagram is not inner frame. */
		if (rte_pktmbuf_pkt_len(m) > info.inner_len)
			rte_pktmbuf_trim(m, (uint16_t)(rte_pktmbuf_pkt_len(m) - info.inner_len));
		mtu_guard_input(pmd, view, network, in_port, m);
		/* Networks and remotes may interleave: l2 takes the whole
		 * burst, each packet with its own (pkt_meta.h). */
		pkt_meta_set_input(m, network, in_port, info.outer_src);
		pkts[kept++] = m;
	}
	return kept;
}
