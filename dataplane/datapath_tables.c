/* Arrays of SLUICE_MAX_PORTS or SLUICE_MAX_NETWORKS carved from one block:
 * the fields keep their names (dp->ports[p], pmd->tx[p]) and read as the
 * fixed arrays did; only their length is now configuration. */
#include "datapath_tables.h"

#include <stdio.h>

#include <rte_common.h>
#include <rte_malloc.h>

#include "datapath.h"
#include "mem_usage.h"
#include "pmd.h"
#include "vtep_arp.h"

/* Hands out consecutive cache-line-aligned pieces of one block. */
struct carve {
	char *base;
	size_t at;
};

static void *piece(struct carve *c, size_t bytes)
{
	void *p = c->base ? c->base + c->at : NULL;

	c->at = RTE_ALIGN_CEIL(c->at + bytes, RTE_CACHE_LINE_SIZE);
	return p;
}

/* Run once to size the block (base NULL), once to point into it. */
static void carve_datapath(struct datapath *dp, struct carve *c)
{
	size_t ports = SLUICE_MAX_PORTS, nets = SLUICE_MAX_NETWORKS;

	dp->ports = piece(c, ports * sizeof(*dp->ports));
	dp->captures = piece(c, ports * sizeof(*dp->captures));
	dp->port_base = piece(c, ports * sizeof(*dp->port_base));
	dp->ctl_counters = piece(c, ports * sizeof(*dp->ctl_counters));
	dp->aging = piece(c, nets * sizeof(*dp->aging));
	dp->desired.evpn_flood = piece(c, nets * sizeof(*dp->desired.evpn_flood));
}

int datapath_tables_create(struct datapath *dp, const struct sluice_config *cfg, char *err,
			   size_t errlen)
{
	struct carve c = {0};

	sluice_limits_set(cfg->dataplane.max_ports, cfg->dataplane.max_networks);
	/* The running config says what the tables hold (live adds check it). */
	dp->desired.cfg.dataplane.max_ports = SLUICE_MAX_PORTS;
	dp->desired.cfg.dataplane.max_networks = SLUICE_MAX_NETWORKS;
	carve_datapath(dp, &c);
	c.base = rte_zmalloc("datapath_tables", c.at, RTE_CACHE_LINE_SIZE);
	if (!c.base) {
		snprintf(err, errlen,
			 "cannot allocate tables for %u ports and %u networks: lower [dataplane] "
			 "max-ports or max-networks, or raise socket-mem",
			 SLUICE_MAX_PORTS, SLUICE_MAX_NETWORKS);
		return -1;
	}
	c.at = 0;
	carve_datapath(dp, &c);
	for (uint32_t i = 0; i < cfg->n_networks && i < SLUICE_MAX_NETWORKS; i++)
		dp->aging[i] = cfg->networks[i].mac_aging;
	return 0;
}

void datapath_tables_free(struct datapath *dp)
{
	rte_free(dp->ports); /* the block's first piece */
	dp->ports = NULL;
}

size_t datapath_tables_bytes(const struct datapath *dp)
{
	return mem_block_bytes(dp->ports);
}

static void carve_pmd(struct pmd *pmd, struct carve *c)
{
	size_t ports = SLUICE_MAX_PORTS;

	pmd->tx = piece(c, ports * sizeof(*pmd->tx));
	pmd->dirty = piece(c, ports * sizeof(*pmd->dirty));
	pmd->icmp_limit = piece(c, ports * sizeof(*pmd->icmp_limit));
	pmd->limits.ports = piece(c, ports * sizeof(*pmd->limits.ports));
	pmd->counters.ports = piece(c, ports * sizeof(*pmd->counters.ports));
	pmd->live.ref = piece(c, RXQ_PER_PMD_MAX * sizeof(*pmd->live.ref));
}

int pmd_tables_create(struct pmd *pmd, int node)
{
	struct carve c = {0};

	carve_pmd(pmd, &c);
	c.base = rte_zmalloc_socket("pmd_tables", c.at, RTE_CACHE_LINE_SIZE, node);
	if (!c.base)
		return -1;
	c.at = 0;
	carve_pmd(pmd, &c);
	return 0;
}

void pmd_free(struct pmd *pmd)
{
	/* Packets still buffered belong to us: free them. */
	for (uint16_t p = 0; pmd->tx && p < SLUICE_MAX_PORTS; p++)
		rte_pktmbuf_free_bulk(pmd->tx[p].pkts, pmd->tx[p].n);
	rte_ring_free(pmd->learn_ring);
	vtep_arp_drain_free(pmd->punt_ring);
	rte_ring_free(pmd->punt_ring);
	rte_free(pmd->tx); /* the tables' block */
	rte_free(pmd);
}

size_t pmd_tables_bytes(const struct pmd *pmd)
{
	return mem_block_bytes(pmd->tx);
}
