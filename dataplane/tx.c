#include "tx.h"

#include <string.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_vhost.h>

#include "capture.h"
#include "gro_rx.h"
#include "replicate.h"

static uint64_t sum_bytes(struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t bytes = 0;

	for (uint16_t i = 0; i < n; i++)
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
	return bytes;
}

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
	bytes = sum_bytes(buf->pkts, buf->n);
	sent = rte_eth_tx_burst(port->eth_port, pmd->tx_queue, buf->pkts, buf->n);
	if (unlikely(sent < buf->n)) {
		bytes -= sum_bytes(buf->pkts + sent, (uint16_t)(buf->n - sent));
		drop_count(pmd, port->index, DROP_TX_QUEUE_FULL, buf->n - sent);
		rte_pktmbuf_free_bulk(buf->pkts + sent, buf->n - sent);
	}
	q->packets += sent;
	q->bytes += bytes;
}

static void flush_vhost(struct pmd *pmd, struct port *port, struct txbuf *buf)
{
	const struct fwd_view *view = __atomic_load_n(&pmd->dp->view, __ATOMIC_ACQUIRE);
	uint16_t n_enq = __atomic_load_n(&port->n_enq, __ATOMIC_ACQUIRE);
	uint32_t retries_max = pmd->dp->desired.cfg.dataplane.vhost_tx_retries, retries = 0;
	uint16_t queue, sent, more;

	if (unlikely(!__atomic_load_n(&port->ready, __ATOMIC_ACQUIRE) || n_enq == 0)) {
		drop_count(pmd, port->index, DROP_VHOST_NOT_READY, buf->n);
		rte_pktmbuf_free_bulk(buf->pkts, buf->n);
		return;
	}
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
	pmd->counters.ports[port->index].tx[queue].bytes += sum_bytes(buf->pkts, sent);
	if (unlikely(sent < buf->n))
		drop_count(pmd, port->index, DROP_VHOST_QUEUE_FULL, buf->n - sent);
	/* The guest has its copy; all of ours go back to the pool. */
	rte_pktmbuf_free_bulk(buf->pkts, buf->n);
}

void tx_flush_port(struct pmd *pmd, uint16_t port_index)
{
	struct txbuf *buf = &pmd->tx[port_index];
	struct port *port = &pmd->dp->ports[port_index];

	if (buf->n == 0)
		return;
	if (port->type == PORT_TYPE_PHY)
		flush_phy(pmd, port, buf);
	else
		flush_vhost(pmd, port, buf);
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
