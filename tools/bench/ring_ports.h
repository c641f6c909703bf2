/* Shared by the in-process PMD benchmarks (capture_cost, flood_cost): ring
 * ports the program feeds and drains itself around pmd_poll_once(). One
 * program per process includes it. */
#ifndef SLUICE_BENCH_RING_PORTS_H
#define SLUICE_BENCH_RING_PORTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eth_ring.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "../../dataplane/datapath.h"

#define BENCH_MAX_PORTS 4

static struct rte_ring *rx[BENCH_MAX_PORTS], *tx[BENCH_MAX_PORTS];
static struct rte_mempool *pool; /* what inject() allocates from */

/* Ring port i, named in devargs for a config. 0, or -1. */
static int ring_port(int i, char *devargs, size_t len)
{
	char name[32];

	snprintf(name, sizeof(name), "bench_rx%d", i);
	rx[i] = rte_ring_create(name, 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "bench_tx%d", i);
	tx[i] = rte_ring_create(name, 1024, 0, RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "bench%d", i);
	snprintf(devargs, len, "net_ring_%s", name);
	/* Two tx queues on one ring: a VTEP's port also sends from the
	 * control thread. */
	return rx[i] && tx[i] &&
		       rte_eth_from_rings(name, &rx[i], 1, (struct rte_ring *[]){tx[i], tx[i]}, 2,
					  0) >= 0
		   ? 0
		   : -1;
}

/* n copies of frame for port to receive. */
static void inject(int port, const uint8_t *frame, uint16_t len, unsigned n)
{
	struct rte_mbuf *m[BURST_SIZE];

	if (rte_pktmbuf_alloc_bulk(pool, m, n) < 0)
		abort();
	for (unsigned i = 0; i < n; i++)
		memcpy(rte_pktmbuf_append(m[i], len), frame, len);
	rte_ring_enqueue_bulk(rx[port], (void **)m, n, NULL);
}

/* Frees what port sent. */
static void drain(int port)
{
	void *m[64];
	unsigned n;

	while ((n = rte_ring_dequeue_burst(tx[port], m, 64, NULL)))
		rte_pktmbuf_free_bulk((struct rte_mbuf **)m, n);
}

#endif
