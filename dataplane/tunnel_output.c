#include "tunnel_output.h"

#include <string.h>

#include <rte_mbuf.h>
#include <rte_prefetch.h>
#include <rte_ring.h>

#include "next_hop.h"
#include "replicate.h"
#include "tunnel_encap.h"
#include "tunnel_template.h"
#include "tx.h"

/* Replicas made per tx_replicate_n call of a flood: a stack array, however
 * long the flood list (max-flood-vteps). */
#define TUNNEL_FLOOD_CHUNK 32

static void punt(struct pmd *pmd, uint16_t port, struct vtep_punt *p, enum drop_reason reason)
{
	if (unlikely(rte_ring_enqueue_elem(pmd->punt_ring, p, sizeof(*p)) < 0)) {
		drop_count(pmd, port, reason, 1);
		rte_pktmbuf_free(p->m);
	}
}

void vtep_punt(struct pmd *pmd, uint16_t port, struct rte_mbuf *m, uint32_t next_hop,
	       enum drop_reason reason)
{
	struct vtep_punt p = {.m = m, .next_hop = next_hop};

	punt(pmd, port, &p, reason);
}

void vtep_punt_to_kernel(struct pmd *pmd, uint16_t port, struct rte_mbuf *m)
{
	struct vtep_punt p = {.m = m, .to_kernel = true};

	punt(pmd, port, &p, DROP_KERNEL_TAP_QUEUE_FULL);
}

/* The next hop of remote and its MAC, looked up once per run of packets to
 * one remote VTEP in a burst (pipeline_run() empties the run per burst, so
 * a neighbour the control thread resolves is seen by the next burst). */
static const struct encap_run *encap_run_for(struct pmd *pmd, const struct vtep_view *v,
					     uint32_t remote)
{
	struct encap_run *r = &pmd->encap_run;

	if (likely(r->remote == remote && remote != 0))
		return r;
	r->remote = remote;
	r->has_flow = false;
	r->routed = vtep_next_hop(v->addr, v->prefix_len, v->gateway, remote, &r->next_hop) == 0;
	r->resolved = r->routed && neigh_lookup(&pmd->dp->neigh, r->next_hop, r->mac);
	return r;
}

/* The VXLAN source port (RFC 7348 section 5: a hash of the inner flow),
 * once per run of one flow: a packet whose receive hash (RSS) equals the
 * previous one's takes its port. Without a receive hash, per packet. */
static uint16_t encap_source_port(struct encap_run *r, const struct rte_mbuf *m)
{
	bool rss = (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH) != 0;
	const uint8_t *inner;
	uint32_t len;

	if (rss && r->has_flow && r->flow_hash == m->hash.rss)
		return r->src_port;
	/* A replica's inner frame starts in its second segment. */
	inner = replicate_frame_start(m, &len);
	r->src_port = tunnel_vxlan_source_port(inner, len);
	r->flow_hash = m->hash.rss;
	r->has_flow = rss;
	return r->src_port;
}

/* Per packet: a writable mbuf, a copy of the network's prebuilt header
 * (tunnel_template.h) with the variable fields patched in. Everything the
 * network or the VTEP fixes was written when the view was built; the next
 * hop and its MAC come once per run (encap_run_for). */
void tunnel_output(struct pmd *pmd, const struct fwd_view *view, uint16_t network, uint32_t remote,
		   struct rte_mbuf *m)
{
	const struct vtep_view *v = &view->vtep;
	const struct tunnel_template *tmpl = &view->tunnels[network].tmpl;
	const struct encap_run *run = encap_run_for(pmd, v, remote);
	uint8_t dst_mac[6] = {0};
	uint16_t src_port = 0, ip_id = 0;
	uint32_t inner_len;
	uint8_t *hdr;

	if (unlikely(!run->routed)) {
		trace_packet(pmd, m, TRACE_DROP, v->port, DROP_TUNNEL_NO_NEXT_HOP, 0);
		drop_count(pmd, v->port, DROP_TUNNEL_NO_NEXT_HOP, 1);
		rte_pktmbuf_free(m);
		return;
	}
	/* The header is written in front of the frame: see tx_writable(). */
	m = tx_writable(pmd, v->port, m, tmpl->len, 0);
	if (unlikely(!m))
		return;
	if (run->resolved)
		memcpy(dst_mac, run->mac, 6);
	trace_packet(pmd, m, TRACE_ENCAP, v->port, remote, run->resolved);
	if (!v->df)
		ip_id = pmd->ip_id++;
	inner_len = rte_pktmbuf_pkt_len(m);
	if (tmpl->kind == TUNNEL_VXLAN)
		src_port = encap_source_port(&pmd->encap_run, m);
	hdr = (uint8_t *)rte_pktmbuf_prepend(m, tmpl->len);
	if (unlikely(!hdr || tunnel_template_write(tmpl, dst_mac, remote, ip_id, src_port,
						   inner_len, hdr) < 0)) {
		drop_count(pmd, v->port, DROP_TUNNEL_TOO_BIG, 1);
		rte_pktmbuf_free(m);
		return;
	}
	/* Unresolved: the control thread asks ARP, fills in the MAC and sends
	 * it; the packet is complete but for those 6 bytes. */
	if (unlikely(!run->resolved)) {
		vtep_punt(pmd, v->port, m, run->next_hop, DROP_NEIGHBOUR_UNRESOLVED);
		return;
	}
	tx_enqueue(pmd, v->port, m);
}

void tunnel_flood(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		  struct rte_mbuf *m)
{
	const struct tunnel_view *t = &view->tunnels[network];
	struct rte_mbuf *c[TUNNEL_FLOOD_CHUNK];

	/* Each outer header goes in front of a private header mbuf; the
	 * frame itself is shared by every VTEP. A chunk at a time: the list
	 * is as long as max-flood-vteps, the stack array is not. */
	for (uint16_t off = 0; off < t->n_flood; off += TUNNEL_FLOOD_CHUNK) {
		uint16_t n = RTE_MIN(t->n_flood - off, TUNNEL_FLOOD_CHUNK);

		tx_replicate_n(pmd, view->vtep.port, m, c, n);
		for (uint16_t i = 0; i < n; i++)
			if (likely(c[i]))
				encap_push(pmd, view, network, t->flood[off + i], c[i]);
	}
}

void encap_stage(struct pmd *pmd, const struct fwd_view *view)
{
	struct pipe_vectors *v = &pmd->vec;

	/* A burst's replicas outgrow the first-level cache before their turn
	 * comes: fetch each mbuf four items ahead, where its outer header goes
	 * two ahead. */
	for (uint16_t i = 0; i < v->n_encap; i++) {
		const struct pipe_item *it = &v->encap[i];

		if (i + 4 < v->n_encap)
			rte_prefetch0(v->encap[i + 4].m);
		if (i + 2 < v->n_encap)
			rte_prefetch0(rte_pktmbuf_mtod(v->encap[i + 2].m, char *) - RTE_CACHE_LINE_SIZE);
		tunnel_output(pmd, view, it->network, it->remote, it->m);
	}
	v->n_encap = 0;
}
