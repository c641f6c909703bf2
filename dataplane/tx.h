/* Per-PMD transmit buffers: packets for each output port collect during a
 * burst and leave in one call per port at its end. */
#ifndef SLUICE_TX_H
#define SLUICE_TX_H

#include "datapath.h"

void tx_flush_port(struct pmd *pmd, uint16_t port_index);

static inline void tx_flush_all(struct pmd *pmd)
{
	for (uint16_t i = 0; i < pmd->n_dirty; i++)
		tx_flush_port(pmd, pmd->dirty[i]);
	pmd->n_dirty = 0;
}

static inline void tx_enqueue(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m)
{
	struct txbuf *buf = &pmd->tx[port_index];

	if (buf->n == 0)
		pmd->dirty[pmd->n_dirty++] = port_index;
	buf->pkts[buf->n++] = m;
	if (buf->n == BURST_SIZE)
		tx_flush_port(pmd, port_index); /* stays on the dirty list, now empty */
}

static inline void drop_count(struct pmd *pmd, uint16_t port_index, enum drop_reason reason,
			      uint64_t n)
{
	pmd->counters.ports[port_index].drops[reason] += n;
}

#endif
