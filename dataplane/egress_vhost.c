/* Egress to a vhost port: rte_vhost enqueues (copies into the guest's
 * ring), retried while the guest drains it; our mbufs go back at once. */
#include <rte_vhost.h>

#include "capture.h"
#include "egress.h"
#include "gro_rx.h"
#include "tx.h"

static void flush_vhost(struct pmd *pmd, struct port *port, struct txbuf *buf)
{
	const struct fwd_view *view = pmd->view; /* the poll's (pmd_poll_once) */
	uint16_t n_enq = __atomic_load_n(&port->n_enq, __ATOMIC_ACQUIRE);
	uint32_t retries_max, retries = 0;
	uint16_t queue, sent, more;

	if (unlikely(!__atomic_load_n(&port->ready, __ATOMIC_ACQUIRE) || n_enq == 0)) {
		drop_count(pmd, port->index, DROP_VHOST_NOT_READY, buf->n);
		rte_pktmbuf_free_bulk(buf->pkts, buf->n);
		return;
	}
	retries_max = view->vhost_tx_retries;
	/* The view gives each PMD its own guest queue while there are enough
	 * (vhost_txq.h); beyond that PMDs share one, and rte_vhost (22.11)
	 * takes the virtqueue's access_lock inside every enqueue. */
	queue = port->enq_queue[view->vhost_txq[port->index][pmd->index] % n_enq];
	buf->n =
	    gro_rx_burst(buf->pkts, buf->n, __atomic_load_n(&port->tx_offload, __ATOMIC_RELAXED));
	capture_tx(pmd->dp, port, queue, buf->pkts, buf->n);
	sent =
	    (uint16_t)rte_vhost_enqueue_burst(port->vid, (uint16_t)(queue * 2), buf->pkts, buf->n);
	/* A guest that is draining its ring gets the rest a few more times,
	 * as OVS does (vhost-tx-retries); one that takes nothing does not. */
	for (more = sent; unlikely(sent < buf->n) && more && retries < retries_max; retries++) {
		more = (uint16_t)rte_vhost_enqueue_burst(port->vid, (uint16_t)(queue * 2),
							 buf->pkts + sent, buf->n - sent);
		sent += more;
	}
	pmd->counters.ports[port->index].vhost_tx_retries += retries;
	pmd->counters.ports[port->index].tx[queue].packets += sent;
	pmd->counters.ports[port->index].tx[queue].bytes += egress_sum_bytes(buf->pkts, sent);
	if (unlikely(sent < buf->n))
		drop_count(pmd, port->index, DROP_VHOST_QUEUE_FULL, buf->n - sent);
	/* The guest has its copy; all of ours go back to the pool. */
	rte_pktmbuf_free_bulk(buf->pkts, buf->n);
}

const struct egress_ops egress_vhost = {
    .name = "vhost",
    .flush = flush_vhost,
};
