#include "tx.h"

#include <rte_mbuf.h>

#include "egress.h"

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
