#include "ctl_tx.h"

#include <stdio.h>

#include <rte_ring.h>

#include "tx.h"

int ctl_tx_create(struct datapath *dp, char *err, size_t errlen)
{
	static unsigned serial; /* ring names are global: one per datapath */
	char name[RTE_RING_NAMESIZE];

	if (dp->ctl_tx_ring)
		return 0;
	snprintf(name, sizeof(name), "ctl_tx_%u", serial++);
	dp->ctl_tx_ring = rte_ring_create_elem(name, sizeof(struct ctl_tx_item), CTL_TX_RING_SIZE,
					       (int)rte_socket_id(), RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (!dp->ctl_tx_ring) {
		snprintf(err, errlen, "cannot create the control thread's transmit ring");
		return -1;
	}
	return 0;
}

void ctl_tx_destroy(struct datapath *dp)
{
	struct ctl_tx_item item;

	if (!dp->ctl_tx_ring)
		return;
	while (rte_ring_dequeue_elem(dp->ctl_tx_ring, &item, sizeof(item)) == 0)
		rte_pktmbuf_free(item.m);
	rte_ring_free(dp->ctl_tx_ring);
	dp->ctl_tx_ring = NULL;
}

bool ctl_tx_send(struct datapath *dp, uint16_t port, struct rte_mbuf *m)
{
	struct ctl_tx_item item = {.m = m, .port = port};

	if (dp->ctl_tx_ring && rte_ring_enqueue_elem(dp->ctl_tx_ring, &item, sizeof(item)) == 0)
		return true;
	dp->ctl_counters[port].drops[DROP_TX_QUEUE_FULL]++;
	rte_pktmbuf_free(m);
	return false;
}

uint32_t ctl_tx_drain(struct pmd *pmd)
{
	struct rte_ring *ring = pmd->dp->ctl_tx_ring;
	struct ctl_tx_item items[BURST_SIZE];
	uint32_t n;

	if (!ring)
		return 0;
	n = rte_ring_dequeue_burst_elem(ring, items, sizeof(items[0]), BURST_SIZE, NULL);
	for (uint32_t i = 0; i < n; i++)
		tx_buffer(pmd, items[i].port, items[i].m);
	if (n)
		tx_flush_all(pmd);
	return n;
}
