/* Per-PMD transmit buffers: packets for each output port collect during a
 * burst and leave in one call per port at its end. */
#ifndef SLUICE_TX_H
#define SLUICE_TX_H

#include <rte_debug.h>
#include <rte_mbuf.h>

#include "datapath.h"
#include "offload.h"
#include "trace.h"

void tx_flush_port(struct pmd *pmd, uint16_t port_index);

/* Every port on the dirty list leaves, and the list starts over. */
static inline void tx_flush_all(struct pmd *pmd)
{
	for (uint16_t i = 0; i < pmd->n_dirty; i++) {
		tx_flush_port(pmd, pmd->dirty[i]);
		pmd->tx[pmd->dirty[i]].listed = false;
	}
	pmd->n_dirty = 0;
}

/* A port goes on the dirty list once per burst, on its first packet, and
 * stays there through any flush of a full buffer: fragmentation times
 * head-end replication may send one port thousands of packets in a burst,
 * and the list (one entry per port) must not grow with them. m asks the
 * port for nothing it cannot do (offload_tx_output saw to that). */
static inline void tx_buffer(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m)
{
	struct txbuf *buf = &pmd->tx[port_index];

	trace_packet(pmd, m, TRACE_OUTPUT, port_index, 0, 0);
	if (!buf->listed) {
		/* At most one entry per port: the list cannot overrun. */
		RTE_VERIFY(pmd->n_dirty < SLUICE_MAX_PORTS);
		buf->listed = true;
		pmd->dirty[pmd->n_dirty++] = port_index;
	}
	buf->pkts[buf->n++] = m;
	if (buf->n == BURST_SIZE)
		tx_flush_port(pmd, port_index); /* stays listed, now empty */
}

/* m leaves on port_index at the end of the burst; a guest's TSO packet or
 * partial checksum first meets what the port can take (offload.h). */
static inline void tx_enqueue(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m)
{
	if (unlikely(offload_pending(m)))
		offload_tx_output(pmd, port_index, m);
	else
		tx_buffer(pmd, port_index, m);
}

/* The copy behind tx_writable(): frees m; NULL (counted) without an mbuf. */
struct rte_mbuf *tx_copy(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m);

/* An output of m of its own for port_index (replicate.h): a header mbuf
 * chained to m's bytes, of which the first rewrite are private; a full
 * copy where a replica cannot go (a device that sends no chains, a packet
 * whose offloads the egress completes by writing its payload). m stays the
 * caller's. NULL when there is no mbuf (counted as no-mbuf on port_index). */
struct rte_mbuf *tx_replicate(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m,
			      uint16_t rewrite);

/* n outputs of m for port_index as tx_replicate(pmd, port_index, m, 0)
 * gives one, made at once: out[i] NULL for each there was no mbuf for
 * (counted). */
void tx_replicate_n(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m, struct rte_mbuf **out,
		    uint16_t n);

/* The replica behind tx_writable(): frees m. */
struct rte_mbuf *tx_replica(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m,
			    uint16_t rewrite);

/* m, ready to have headroom bytes written in front of it (a tag, an outer
 * header) and its first rewrite bytes rewritten before it leaves on
 * port_index: m itself when nobody else holds it (flooding shares mbufs by
 * reference count) and it has the room, else a replica of its own (the
 * payload still shared), m freed. NULL when there is no mbuf for it
 * (counted as no-mbuf on port_index). */
static inline struct rte_mbuf *tx_writable(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m,
					   uint32_t headroom, uint16_t rewrite)
{
	if (likely(RTE_MBUF_DIRECT(m) && rte_mbuf_refcnt_read(m) == 1 &&
		   rte_pktmbuf_headroom(m) >= headroom))
		return m;
	return tx_replica(pmd, port_index, m, rewrite);
}

static inline void drop_count(struct pmd *pmd, uint16_t port_index, enum drop_reason reason,
			      uint64_t n)
{
	pmd->counters.ports[port_index].drops[reason] += n;
}

#endif
