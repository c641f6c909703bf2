/* Shared by the in-process PMD benchmarks (capture_cost, flood_cost,
 * fdb_cost): EAL, ring ports the program feeds and drains itself around
 * pmd_poll_once(), the datapath. One program per process includes it. */
#ifndef SLUICE_BENCH_RING_PORTS_H
#define SLUICE_BENCH_RING_PORTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eth_ring.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include <stdbool.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>

#include "../../control/config.h"
#include "../../dataplane/lifecycle.h"
#include "../../dataplane/pmd_loop.h"

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

/* Cycles of pmd_poll_once() per frame, the best of rounds x polls (the
 * minimum is the cost; preemption only raises a round). Before each poll
 * feed(arg) puts a burst of `burst` frames on a port; after it what port out sent is freed and
 * the control side ticks, both outside the measure, as a NIC would later. */
static double bench_best(struct datapath *dp, int rounds, unsigned polls, unsigned burst,
			 void (*feed)(void *), void *arg, int out)
{
	double best = 1e30;

	for (int r = 0; r < rounds; r++) {
		uint64_t cycles = 0;

		for (unsigned p = 0; p < polls; p++) {
			uint64_t t0;

			feed(arg);
			t0 = rte_rdtsc_precise();
			pmd_poll_once(dp->pmds[0]);
			cycles += rte_rdtsc_precise() - t0;
			drain(out);
			datapath_tick(dp);
		}
		if ((double)cycles / (polls * burst) < best)
			best = (double)cycles / (polls * burst);
	}
	return best;
}

/* EAL on lcore 0 with a file prefix NAME_PID of its own, --no-huge (or
 * hugepages: --in-memory, 2 MiB pages reserved and mounted), then the pool
 * inject() allocates from and n ring ports named in devargs[i]. 0, or -1. */
static int bench_start(const char *argv0, const char *name, bool huge, int n, char devargs[][64])
{
	char prefix[64];
	char *eal[] = {(char *)argv0, "-l",
		       "0",	      huge ? "--in-memory" : "--no-huge",
		       "-m",	      "1024",
		       "--no-pci",    "--no-shconf",
		       prefix,	      "--log-level=*:warning",
		       NULL};

	snprintf(prefix, sizeof(prefix), "--file-prefix=%s_%d", name, (int)getpid());
	if (rte_eal_init(10, eal) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create("bench_pool", 8192, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	for (int i = 0; i < n; i++)
		if (!pool || ring_port(i, devargs[i], 64) < 0)
			return -1;
	return 0;
}

/* A datapath from config text, every CPU online; NULL after saying why. */
static struct datapath *bench_datapath(const char *name, const char *text)
{
	static struct sluice_config cfg;
	struct config_host host = {0};
	struct datapath *dp = NULL;
	char err[512];

	for (int i = 0; i < 64; i++)
		host.cpu_online[i] = true;
	if (config_load_string(name, text, &host, &cfg, err, sizeof(err)) < 0 ||
	    !(dp = datapath_create(&cfg, NULL, err, sizeof(err))))
		fprintf(stderr, "%s\n", err);
	return dp;
}

/* Ends what bench_start began; 0, or 1 when its run directory stays. */
static int bench_stop(const char *name, struct datapath *dp)
{
	char cmd[128];

	datapath_destroy(dp);
	rte_eal_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf /var/run/dpdk/%s_%d", name, (int)getpid());
	return system(cmd) == 0 ? 0 : 1;
}

#endif
