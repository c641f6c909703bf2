/* The datapath's pools and the small queries the rest of the dataplane asks
 * of it (datapath.h). Its lifecycle is in lifecycle.c. */
#include "datapath.h"

#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#define MBUF_CACHE 256

static uint32_t pool_size(const struct sluice_config *cfg)
{
	uint64_t n = 0;

	if (cfg->dataplane.mbufs)
		return cfg->dataplane.mbufs;

	for (uint32_t i = 0; i < cfg->n_ports; i++) {
		const struct port_config *p = &cfg->ports[i];

		if (p->type == PORT_TYPE_PHY)
			n += (uint64_t)p->rx_queues * p->rx_descriptors +
			     (uint64_t)p->tx_queues * p->tx_descriptors;
		else
			n += (uint64_t)p->max_queues * 2 * BURST_SIZE;
		/* Every PMD may hold a full tx buffer for every port. */
		n += (uint64_t)cfg->dataplane.worker_cores.n * BURST_SIZE;
	}
	n += (uint64_t)(cfg->dataplane.worker_cores.n + 1) * MBUF_CACHE * 2;
	n = n < 8192 ? 8192 : n;
	return (uint32_t)(n > (1u << 20) ? (1u << 20) : n);
}

/* Per-lcore caches strand mbufs away from the other lcores: a pool sized by
 * hand (small, to test running dry) gets a cache in proportion, which
 * rte_mempool also requires (1.5 times the cache at most the pool). */
static unsigned int pool_cache(const struct sluice_config *cfg)
{
	uint32_t n = pool_size(cfg);

	return n >= 16 * MBUF_CACHE ? MBUF_CACHE : n / 16;
}

/* [dataplane] mbuf-size (2048 unless raised: RTE_MBUF_DEFAULT_BUF_SIZE) plus
 * the headroom encapsulation writes into. */
static uint16_t mbuf_data_room(const struct sluice_config *cfg)
{
	uint32_t size = cfg->dataplane.mbuf_size ? cfg->dataplane.mbuf_size : 2048;

	return (uint16_t)(size + RTE_PKTMBUF_HEADROOM);
}

struct rte_mempool *datapath_pool(struct datapath *dp, int node, char *err, size_t errlen)
{
	char name[RTE_MEMPOOL_NAMESIZE];

	if (node < 0 || node >= RTE_MAX_NUMA_NODES)
		node = 0;
	if (dp->pools[node])
		return dp->pools[node];
	snprintf(name, sizeof(name), "mbufs_node%d", node);
	dp->pools[node] =
	    rte_pktmbuf_pool_create(name, pool_size(&dp->desired.cfg), pool_cache(&dp->desired.cfg),
				    0, mbuf_data_room(&dp->desired.cfg), node);
	if (!dp->pools[node] && node != 0) {
		/* --no-huge memory sits on node 0 only. */
		dp->pools[node] = rte_pktmbuf_pool_create(
		    name, pool_size(&dp->desired.cfg), pool_cache(&dp->desired.cfg), 0,
		    mbuf_data_room(&dp->desired.cfg), SOCKET_ID_ANY);
	}
	if (!dp->pools[node])
		snprintf(err, errlen,
			 "cannot create a pool of %u mbufs on NUMA node %d: %s; raise "
			 "[dataplane] socket-mem",
			 pool_size(&dp->desired.cfg), node, rte_strerror(rte_errno));
	return dp->pools[node];
}

int datapath_find_port(const struct datapath *dp, const char *name)
{
	for (uint16_t i = 0; i < dp->n_ports; i++)
		if (strcmp(dp->ports[i].name, name) == 0)
			return i;
	return -1;
}

uint32_t datapath_now(const struct datapath *dp)
{
	return (uint32_t)((rte_rdtsc() - dp->start_tsc) / dp->tsc_hz);
}

bool datapath_port_in_use(const struct datapath *dp, uint16_t index)
{
	return index < dp->n_ports && dp->desired.cfg.ports[index].name[0] != '\0';
}

int datapath_find_network(const struct datapath *dp, const char *name)
{
	return config_find_network(&dp->desired.cfg, name);
}
