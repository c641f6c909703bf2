#include "rx.h"

#include <rte_ethdev.h>
#include <rte_vhost.h>

#include "capture.h"
#include "datapath.h"
#include "offload.h"
#include "trace.h"

static uint16_t rx_phy(const struct port *port, uint16_t queue, struct rte_mbuf **pkts)
{
	if (unlikely(!port->started))
		return 0;
	return rte_eth_rx_burst(port->eth_port, queue, pkts, BURST_SIZE);
}

static uint16_t rx_vhost(struct pmd *pmd, const struct port *port, uint16_t queue,
			 struct rte_mbuf **pkts)
{
	uint16_t n;

	if (!__atomic_load_n(&port->ready, __ATOMIC_ACQUIRE) ||
	    !__atomic_load_n(&port->deq_enabled[queue], __ATOMIC_RELAXED))
		return 0;
	n = rte_vhost_dequeue_burst(port->vid, (uint16_t)(queue * 2 + 1), pmd->pool, pkts,
				    BURST_SIZE);

	return unlikely(port->guest_offloads) ? offload_rx_guest(pmd, port->index, pkts, n) : n;
}

static void count_rx(struct queue_counters *q, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t bytes = 0;

	for (uint16_t i = 0; i < n; i++)
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
	q->packets += n;
	q->bytes += bytes;
}

uint16_t rx_burst(struct pmd *pmd, const struct rxq_ref *ref, struct rte_mbuf **pkts)
{
	struct datapath *dp = pmd->dp;
	struct port *port = &dp->ports[ref->port];
	uint16_t n;

	if (port->type == PORT_TYPE_PHY)
		n = rx_phy(port, ref->queue, pkts);
	else
		n = rx_vhost(pmd, port, ref->queue, pkts);
	if (n == 0)
		return 0;
	/* The first packet's header is what classify reads first. */
	rte_prefetch0(rte_pktmbuf_mtod(pkts[0], void *));
	count_rx(&pmd->counters.ports[ref->port].rx[ref->queue], pkts, n);
	capture_rx(dp, port, ref->queue, pkts, n);
	trace_rx(pmd, ref->port, ref->queue, pkts, n);
	pmd->counters.packets += n;
	return n;
}
