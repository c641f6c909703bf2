/* Egress to a phy port: one rte_eth_tx_burst on the PMD's own tx queue. */
#include <rte_ethdev.h>

#include "capture.h"
#include "egress.h"
#include "tx.h"

static void flush_phy(struct pmd *pmd, struct port *port, struct txbuf *buf)
{
	struct queue_counters *q = &pmd->counters.ports[port->index].tx[pmd->tx_queue];
	uint64_t bytes;
	uint16_t sent;

	if (unlikely(!port->started)) {
		drop_count(pmd, port->index, DROP_PORT_DOWN, buf->n);
		rte_pktmbuf_free_bulk(buf->pkts, buf->n);
		return;
	}
	/* Copy and count before handing over: a sent mbuf belongs to the
	 * driver. A capture sees what is offered to the port. */
	capture_tx(pmd->dp, port, pmd->tx_queue, buf->pkts, buf->n);
	bytes = egress_sum_bytes(buf->pkts, buf->n);
	sent = rte_eth_tx_burst(port->eth_port, pmd->tx_queue, buf->pkts, buf->n);
	if (unlikely(sent < buf->n)) {
		bytes -= egress_sum_bytes(buf->pkts + sent, (uint16_t)(buf->n - sent));
		drop_count(pmd, port->index, DROP_TX_QUEUE_FULL, buf->n - sent);
		rte_pktmbuf_free_bulk(buf->pkts + sent, buf->n - sent);
	}
	q->packets += sent;
	q->bytes += bytes;
}

const struct egress_ops egress_phy = {
    .name = "phy",
    .flush = flush_phy,
};
