#include "tunnel_output.h"

#include <string.h>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "next_hop.h"
#include "tunnel_encap.h"
#include "tx.h"

void vtep_punt(struct pmd *pmd, uint16_t port, struct rte_mbuf *m, uint32_t next_hop,
	       enum drop_reason reason)
{
	struct vtep_punt p = {.m = m, .next_hop = next_hop};

	if (unlikely(rte_ring_enqueue_elem(pmd->punt_ring, &p, sizeof(p)) < 0)) {
		drop_count(pmd, port, reason, 1);
		rte_pktmbuf_free(m);
	}
}

/* Encapsulation writes in front of the frame: only a packet nobody else holds
 * (flooding shares mbufs by reference count) and with room in its headroom
 * is written in place; any other is copied first. */
static struct rte_mbuf *writable(struct pmd *pmd, uint16_t port, struct rte_mbuf *m, uint32_t hlen)
{
	struct rte_mbuf *c;

	if (likely(RTE_MBUF_DIRECT(m) && rte_mbuf_refcnt_read(m) == 1 &&
		   rte_pktmbuf_headroom(m) >= hlen))
		return m;
	c = rte_pktmbuf_copy(m, pmd->pool, 0, UINT32_MAX);
	rte_pktmbuf_free(m);
	if (unlikely(!c))
		drop_count(pmd, port, DROP_NO_MBUF, 1);
	return c;
}

void tunnel_output(struct pmd *pmd, const struct fwd_view *view, uint16_t network, uint32_t remote,
		   struct rte_mbuf *m)
{
	const struct vtep_view *v = &view->vtep;
	const struct tunnel_view *t = &view->tunnels[network];
	struct tunnel_encap_params p;
	uint32_t hlen = tunnel_encap_len((enum tunnel_kind)t->kind, 0);
	uint32_t inner_len, next_hop;
	bool resolved;
	uint8_t *hdr;

	if (unlikely(vtep_next_hop(v->addr, v->prefix_len, v->gateway, remote, &next_hop) < 0)) {
		drop_count(pmd, v->port, DROP_TUNNEL_NO_NEXT_HOP, 1);
		rte_pktmbuf_free(m);
		return;
	}
	m = writable(pmd, v->port, m, hlen);
	if (unlikely(!m))
		return;
	memset(&p, 0, sizeof(p));
	resolved = neigh_lookup(&pmd->dp->neigh, next_hop, p.dst_mac);
	p.kind = (enum tunnel_kind)t->kind;
	memcpy(p.src_mac, v->mac, 6);
	p.src_ip = v->addr;
	p.dst_ip = remote;
	p.ttl = v->ttl;
	p.df = v->df;
	p.ip_id = v->df ? 0 : pmd->ip_id++;
	p.vni = t->id;
	p.udp_dst_port = v->udp_port;
	inner_len = rte_pktmbuf_pkt_len(m);
	if (p.kind == TUNNEL_VXLAN)
		p.udp_src_port = tunnel_vxlan_source_port(rte_pktmbuf_mtod(m, const uint8_t *),
							  rte_pktmbuf_data_len(m));
	hdr = (uint8_t *)rte_pktmbuf_prepend(m, (uint16_t)hlen);
	if (unlikely(!hdr || tunnel_encap_write(&p, inner_len, hdr) < 0)) {
		drop_count(pmd, v->port, DROP_TUNNEL_TOO_BIG, 1);
		rte_pktmbuf_free(m);
		return;
	}
	/* Unresolved: the control thread asks ARP, fills in the MAC and sends
	 * it; the packet is complete but for those 6 bytes. */
	if (unlikely(!resolved)) {
		vtep_punt(pmd, v->port, m, next_hop, DROP_NEIGHBOUR_UNRESOLVED);
		return;
	}
	tx_enqueue(pmd, v->port, m);
}

void tunnel_flood(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		  struct rte_mbuf *m)
{
	const struct tunnel_view *t = &view->tunnels[network];

	for (uint16_t i = 0; i < t->n_flood; i++) {
		struct rte_mbuf *c = rte_pktmbuf_copy(m, pmd->pool, 0, UINT32_MAX);

		if (unlikely(!c)) {
			drop_count(pmd, view->vtep.port, DROP_NO_MBUF, 1);
			continue;
		}
		tunnel_output(pmd, view, network, t->flood[i], c);
	}
}
