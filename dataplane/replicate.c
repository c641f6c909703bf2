#include "replicate.h"

#include <string.h>

#include <rte_ethdev.h>

/* The fields rte_pktmbuf_copy() carries over, so a replica leaves as a
 * copy would (the trace mark lives in a dynamic field). */
static void copy_metadata(struct rte_mbuf *h, const struct rte_mbuf *m)
{
	h->port = m->port;
	h->vlan_tci = m->vlan_tci;
	h->vlan_tci_outer = m->vlan_tci_outer;
	h->tx_offload = m->tx_offload;
	h->hash = m->hash;
	h->packet_type = m->packet_type;
	h->ol_flags = m->ol_flags & ~(RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL);
	rte_mbuf_dynfield_copy(h, m);
}

/* m's bytes after its first skip, referenced: an indirect mbuf over the
 * first segment (its own offset, m's untouched), the other segments
 * shared as they are. */
static struct rte_mbuf *reference_after(struct rte_mempool *pool, struct rte_mbuf *m, uint16_t skip)
{
	struct rte_mbuf *first;

	if (skip == 0) {
		rte_pktmbuf_refcnt_update(m, 1); /* every segment */
		return m;
	}
	first = rte_pktmbuf_alloc(pool);
	if (unlikely(!first))
		return NULL;
	rte_pktmbuf_attach(first, m); /* one more reference to m's first buffer */
	first->data_off = (uint16_t)(first->data_off + skip);
	first->data_len = (uint16_t)(first->data_len - skip);
	first->pkt_len = first->data_len;
	if (m->next) {
		rte_pktmbuf_refcnt_update(m->next, 1);
		first->next = m->next;
	}
	return first;
}

/* h, fresh from the pool, becomes the header of a replica of m whose
 * first private_len bytes it holds, chained to rest. */
static void header_init(struct rte_mbuf *h, const struct rte_mbuf *m, struct rte_mbuf *rest,
			uint16_t private_len)
{
	memcpy(rte_pktmbuf_mtod(h, uint8_t *), rte_pktmbuf_mtod(m, const uint8_t *), private_len);
	h->data_len = private_len;
	h->pkt_len = rte_pktmbuf_pkt_len(m);
	h->nb_segs = (uint16_t)(m->nb_segs + 1);
	h->next = rest;
	copy_metadata(h, m);
}

static bool header_fits(const struct rte_mbuf *h, uint16_t private_len)
{
	return rte_pktmbuf_headroom(h) >= REPLICATE_HEADROOM &&
	       rte_pktmbuf_tailroom(h) >= private_len;
}

struct rte_mbuf *replicate_clone(struct rte_mempool *pool, struct rte_mbuf *m, uint16_t private_len)
{
	struct rte_mbuf *h, *rest;

	if (unlikely(private_len > REPLICATE_PRIVATE_MAX || private_len > rte_pktmbuf_data_len(m) ||
		     m->nb_segs >= RTE_MBUF_MAX_NB_SEGS))
		return NULL;
	h = rte_pktmbuf_alloc(pool);
	if (unlikely(!h))
		return NULL;
	if (unlikely(!header_fits(h, private_len))) {
		rte_pktmbuf_free(h);
		return NULL;
	}
	rest = reference_after(pool, m, private_len);
	if (unlikely(!rest)) {
		rte_pktmbuf_free(h);
		return NULL;
	}
	header_init(h, m, rest, private_len);
	return h;
}

unsigned replicate_clones(struct rte_mempool *pool, struct rte_mbuf *m, struct rte_mbuf **out,
			  unsigned n)
{
	if (unlikely(n == 0 || n > REPLICATE_CLONES_MAX || m->nb_segs >= RTE_MBUF_MAX_NB_SEGS))
		return 0;
	if (unlikely(rte_pktmbuf_alloc_bulk(pool, out, n) < 0))
		return 0;
	if (unlikely(!header_fits(out[0], 0))) {
		rte_pktmbuf_free_bulk(out, n);
		return 0;
	}
	/* One update for all n: each would otherwise be a locked add once
	 * m is shared, waiting on the stores into the fresh headers before it. */
	rte_pktmbuf_refcnt_update(m, (int16_t)n); /* every segment */
	for (unsigned i = 0; i < n; i++)
		header_init(out[i], m, m, 0);
	return n;
}

bool replicate_device_takes_chains(const char *driver_name, uint64_t tx_offload_capa)
{
	if (tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS)
		return true;
	return driver_name &&
	       (strcmp(driver_name, "net_ring") == 0 || strcmp(driver_name, "net_null") == 0);
}
