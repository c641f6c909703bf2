#include "tx.h"

#include <string.h>

#include <rte_mbuf.h>

#include "egress.h"
#include "replicate.h"

void tx_flush_port(struct pmd *pmd, uint16_t port_index)
{
	struct txbuf *buf = &pmd->tx[port_index];
	struct port *port = &pmd->dp->ports[port_index];

	if (buf->n == 0)
		return;
	egress_ops_of(port->type)->flush(pmd, port, buf);
	buf->n = 0;
}

struct rte_mbuf *tx_copy(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m)
{
	struct rte_mbuf *c = rte_pktmbuf_copy(m, pmd->pool, 0, UINT32_MAX);

	rte_pktmbuf_free(m);
	if (unlikely(!c))
		drop_count(pmd, port_index, DROP_NO_MBUF, 1);
	return c;
}

/* A replica cannot go to a device that sends no chains, nor carry a
 * packet whose offloads the egress completes by writing its payload. */
static bool replica_allowed(const struct pmd *pmd, uint16_t port_index, const struct rte_mbuf *m)
{
	return likely(!pmd->dp->ports[port_index].tx_flat_only && !offload_pending(m));
}

struct rte_mbuf *tx_replicate(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m,
			      uint16_t rewrite)
{
	struct rte_mbuf *c;

	if (likely(replica_allowed(pmd, port_index, m) && rte_pktmbuf_data_len(m) >= rewrite))
		c = replicate_clone(pmd->pool, m, rewrite);
	else
		c = rte_pktmbuf_copy(m, pmd->pool, 0, UINT32_MAX);
	if (unlikely(!c))
		drop_count(pmd, port_index, DROP_NO_MBUF, 1);
	return c;
}

void tx_replicate_n(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m, struct rte_mbuf **out,
		    uint16_t n)
{
	if (unlikely(!replica_allowed(pmd, port_index, m))) {
		for (uint16_t i = 0; i < n; i++)
			out[i] = tx_replicate(pmd, port_index, m, 0);
		return;
	}
	if (likely(replicate_clones(pmd->pool, m, out, n) == n))
		return;
	memset(out, 0, n * sizeof(*out));
	drop_count(pmd, port_index, DROP_NO_MBUF, n);
}

struct rte_mbuf *tx_replica(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m,
			    uint16_t rewrite)
{
	struct rte_mbuf *c = tx_replicate(pmd, port_index, m, rewrite);

	rte_pktmbuf_free(m);
	return c;
}
