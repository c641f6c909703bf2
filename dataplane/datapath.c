#include "datapath.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "port_phy.h"
#include "port_vhost.h"
#include "tx.h"

#define MBUF_CACHE 256
#define LEARN_RING_SIZE 4096

static uint32_t pool_size(const struct sluice_config *cfg)
{
	uint64_t n = 0;

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

struct rte_mempool *datapath_pool(struct datapath *dp, int node, char *err, size_t errlen)
{
	char name[RTE_MEMPOOL_NAMESIZE];

	if (node < 0 || node >= RTE_MAX_NUMA_NODES)
		node = 0;
	if (dp->pools[node])
		return dp->pools[node];
	snprintf(name, sizeof(name), "mbufs_node%d", node);
	dp->pools[node] = rte_pktmbuf_pool_create(name, pool_size(&dp->cfg), MBUF_CACHE, 0,
						  RTE_MBUF_DEFAULT_BUF_SIZE, node);
	if (!dp->pools[node] && node != 0) {
		/* --no-huge memory sits on node 0 only. */
		dp->pools[node] = rte_pktmbuf_pool_create(name, pool_size(&dp->cfg), MBUF_CACHE, 0,
							  RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	}
	if (!dp->pools[node])
		snprintf(err, errlen,
			 "cannot create a pool of %u mbufs on NUMA node %d: %s; raise "
			 "[dataplane] socket-mem",
			 pool_size(&dp->cfg), node, rte_strerror(rte_errno));
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

static struct fwd_view *view_build(const struct datapath *dp)
{
	struct fwd_view *view = rte_zmalloc("fwd_view", sizeof(*view), RTE_CACHE_LINE_SIZE);

	if (!view)
		return NULL;
	view->n_ports = dp->n_ports;
	for (uint16_t i = 0; i < dp->n_ports; i++) {
		uint16_t net = dp->ports[i].network;

		view->port_network[i] = net;
		if (net != PORT_NO_NETWORK) {
			struct network_view *nv = &view->networks[net];

			nv->members[nv->n_members++] = i;
		}
	}
	rxq_assign(&dp->cfg, &view->plan);
	return view;
}

static int create_pmds(struct datapath *dp, char *err, size_t errlen)
{
	const struct core_list *workers = &dp->cfg.dataplane.worker_cores;
	size_t qsv_size = rte_rcu_qsbr_get_memsize(workers->n);

	dp->qsv = rte_zmalloc("rcu_qsbr", qsv_size, RTE_CACHE_LINE_SIZE);
	if (!dp->qsv || rte_rcu_qsbr_init(dp->qsv, workers->n) < 0) {
		snprintf(err, errlen, "cannot set up RCU for %u PMDs", workers->n);
		return -1;
	}
	for (uint32_t i = 0; i < workers->n; i++) {
		uint32_t lcore = workers->cores[i];
		int node = (int)rte_lcore_to_socket_id(lcore);
		struct pmd *pmd =
		    rte_zmalloc_socket("pmd", sizeof(*pmd), RTE_CACHE_LINE_SIZE, node);
		char name[RTE_RING_NAMESIZE];

		if (!pmd) {
			snprintf(err, errlen, "cannot allocate PMD state for core %u", lcore);
			return -1;
		}
		dp->pmds[dp->n_pmds++] = pmd;
		pmd->index = i;
		pmd->lcore = lcore;
		pmd->tx_queue = (uint16_t)i;
		pmd->dp = dp;
		pmd->pool = datapath_pool(dp, node, err, errlen);
		if (!pmd->pool)
			return -1;
		snprintf(name, sizeof(name), "learn_%u", i);
		pmd->learn_ring =
		    rte_ring_create_elem(name, sizeof(struct fdb_learn_request), LEARN_RING_SIZE,
					 node, RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (!pmd->learn_ring) {
			snprintf(err, errlen, "cannot create the learn ring of core %u", lcore);
			return -1;
		}
	}
	return 0;
}

static int open_ports(struct datapath *dp, char *err, size_t errlen)
{
	for (uint32_t i = 0; i < dp->cfg.n_ports; i++) {
		const struct port_config *pc = &dp->cfg.ports[i];
		struct port *port = &dp->ports[i];
		int net = pc->network[0] ? config_find_network(&dp->cfg, pc->network) : -1;

		memset(port, 0, sizeof(*port));
		port->index = (uint16_t)i;
		snprintf(port->name, sizeof(port->name), "%s", pc->name);
		port->type = pc->type;
		port->network = net < 0 ? PORT_NO_NETWORK : (uint16_t)net;
		port->has_mac = pc->mac.set;
		memcpy(port->mac.addr_bytes, pc->mac.bytes, 6);
		port->vid = -1;
		dp->n_ports = (uint16_t)(i + 1);
		if (pc->type == PORT_TYPE_PHY) {
			if (port_phy_open(dp, port, pc, err, errlen) < 0) {
				dp->n_ports = (uint16_t)i; /* nothing of this port is left */
				return -1;
			}
		} else {
			snprintf(port->socket, sizeof(port->socket), "%s", pc->socket);
			port->mode = pc->mode;
			port->max_queues = (uint16_t)pc->max_queues;
			if (port_vhost_open(dp, port, err, errlen) < 0) {
				dp->n_ports = (uint16_t)i;
				return -1;
			}
		}
	}
	return 0;
}

struct datapath *datapath_create(const struct sluice_config *cfg, char *err, size_t errlen)
{
	struct datapath *dp = rte_zmalloc("datapath", sizeof(*dp), RTE_CACHE_LINE_SIZE);

	if (!dp) {
		snprintf(err, errlen, "cannot allocate the datapath: raise [dataplane] socket-mem");
		return NULL;
	}
	dp->cfg = *cfg;
	dp->tsc_hz = rte_get_tsc_hz();
	dp->start_tsc = rte_rdtsc();
	for (uint32_t i = 0; i < cfg->n_networks; i++)
		dp->aging[i] = cfg->networks[i].mac_aging;
	if (create_pmds(dp, err, errlen) < 0)
		goto fail;
	if (fdb_create(&dp->fdb, "fdb", cfg->dataplane.fdb_entries, (int)rte_socket_id(), dp->qsv) <
	    0) {
		snprintf(err, errlen, "cannot create the FDB of %u entries: raise socket-mem",
			 cfg->dataplane.fdb_entries);
		goto fail;
	}
	if (open_ports(dp, err, errlen) < 0)
		goto fail;
	dp->view = view_build(dp);
	if (!dp->view) {
		snprintf(err, errlen, "cannot allocate the forwarding view");
		goto fail;
	}
	return dp;
fail:
	datapath_destroy(dp);
	return NULL;
}

int datapath_launch(struct datapath *dp)
{
	for (uint32_t i = 0; i < dp->n_pmds; i++) {
		int rc = rte_eal_remote_launch(pmd_main, dp->pmds[i], dp->pmds[i]->lcore);

		if (rc < 0)
			return rc;
	}
	dp->launched = true;
	return 0;
}

void datapath_tick(struct datapath *dp)
{
	uint32_t now = datapath_now(dp);

	for (uint32_t i = 0; i < dp->n_pmds; i++)
		fdb_drain_requests(&dp->fdb, dp->pmds[i]->learn_ring, now);
	if (now != dp->last_age_run) {
		dp->last_age_run = now;
		fdb_age(&dp->fdb, now, dp->aging);
	}
}

void datapath_destroy(struct datapath *dp)
{
	if (!dp)
		return;
	if (dp->launched) {
		__atomic_store_n(&dp->stop, 1, __ATOMIC_RELAXED);
		rte_eal_mp_wait_lcore();
		dp->launched = false;
	}
	for (uint16_t i = 0; i < dp->n_ports; i++) {
		if (dp->ports[i].type == PORT_TYPE_VHOST)
			port_vhost_close(dp, &dp->ports[i]);
		else
			port_phy_close(&dp->ports[i]);
	}
	for (uint32_t i = 0; i < dp->n_pmds; i++) {
		struct pmd *pmd = dp->pmds[i];

		/* Packets still buffered belong to us: free them. */
		for (uint16_t p = 0; p < SLUICE_MAX_PORTS; p++)
			rte_pktmbuf_free_bulk(pmd->tx[p].pkts, pmd->tx[p].n);
		rte_ring_free(pmd->learn_ring);
		rte_free(pmd);
	}
	if (dp->fdb.hash)
		fdb_destroy(&dp->fdb);
	rte_free(dp->view);
	for (int i = 0; i < RTE_MAX_NUMA_NODES; i++)
		rte_mempool_free(dp->pools[i]);
	rte_free(dp->qsv);
	rte_free(dp);
}
