/* The datapath's lifecycle (lifecycle.h): created, launched, changed live and
 * destroyed by the control thread only. */
#include "lifecycle.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "capture.h"
#include "datapath.h"
#include "datapath_tables.h"
#include "fdb_aging.h"
#include "mtu_view.h"
#include "pkt_meta.h"
#include "pmd_loop.h"
#include "port_limits.h"
#include "port_phy.h"
#include "port_vhost.h"
#include "rxq_live.h"
#include "stats.h"
#include "trace.h"
#include "tunnel_output.h"
#include "tx.h"
#include "view_publish.h"
#include "vtep_arp.h"

#define LEARN_RING_SIZE 4096
/* ARP and packets waiting for a next hop, per PMD: bounds what either costs. */
#define PUNT_RING_SIZE 1024

static int create_pmds(struct datapath *dp, char *err, size_t errlen)
{
	const struct core_list *workers = &dp->desired.cfg.dataplane.worker_cores;
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
		if (pmd_tables_create(pmd, node) < 0) {
			snprintf(err, errlen, "cannot allocate PMD tables for core %u", lcore);
			return -1;
		}
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
		snprintf(name, sizeof(name), "punt_%u", i);
		pmd->punt_ring =
		    rte_ring_create_elem(name, sizeof(struct vtep_punt), PUNT_RING_SIZE, node,
					 RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (!pmd->learn_ring || !pmd->punt_ring) {
			snprintf(err, errlen, "cannot create the rings of core %u", lcore);
			return -1;
		}
	}
	return 0;
}

/* Opens the port described by dp->desired.cfg.ports[i] into dp->ports[i]. */
static int open_port(struct datapath *dp, uint16_t i, char *err, size_t errlen)
{
	const struct port_config *pc = &dp->desired.cfg.ports[i];
	struct port *port = &dp->ports[i];
	int net = pc->network[0] ? config_find_network(&dp->desired.cfg, pc->network) : -1;

	memset(port, 0, sizeof(*port));
	port->index = i;
	memcpy(port->name, pc->name, sizeof(port->name));
	port->type = pc->type;
	port->network = net < 0 ? PORT_NO_NETWORK : (uint16_t)net;
	port->has_mac = pc->mac.set;
	memcpy(port->mac.addr_bytes, pc->mac.bytes, 6);
	port->vid = -1;
	for (uint32_t q = 0; q < SLUICE_MAX_QUEUES; q++)
		dp->desired.rxq_pin[i][q] = -1;
	for (uint32_t a = 0; a < pc->rxq_affinity.n; a++)
		dp->desired.rxq_pin[i][pc->rxq_affinity.map[a].queue] =
		    (int8_t)rxq_worker_index(&dp->desired.cfg, pc->rxq_affinity.map[a].core);
	/* The slot may have held another port: its counters start at zero. No
	 * PMD touches them, the slot is in no published view. */
	for (uint32_t c = 0; c < dp->n_pmds; c++)
		memset(&dp->pmds[c]->counters.ports[i], 0, sizeof(struct port_counters));
	memset(&dp->port_base[i], 0, sizeof(dp->port_base[i]));
	memset(&dp->ctl_counters[i], 0, sizeof(dp->ctl_counters[i]));
	if (pc->type == PORT_TYPE_PHY)
		return port_phy_open(dp, port, pc, err, errlen);
	memcpy(port->socket, pc->socket, sizeof(port->socket));
	port->mode = pc->mode;
	port->max_queues = (uint16_t)pc->max_queues;
	port->mtu_policy = (enum mtu_policy)pc->mtu_policy;
	/* Before the socket opens: a front end may announce its MTU at once. */
	port->network_mtu = net < 0 ? 0 : mtu_view_network_mtu(dp, (uint16_t)net);
	port->socket_mode = pc->socket_mode;
	memcpy(port->socket_group, pc->socket_group, sizeof(port->socket_group));
	return port_vhost_open(dp, port, pc, err, errlen);
}

static void close_port(struct datapath *dp, uint16_t i)
{
	if (dp->ports[i].type == PORT_TYPE_VHOST)
		port_vhost_close(dp, &dp->ports[i]);
	else
		port_phy_close(&dp->ports[i]);
}

static int open_ports(struct datapath *dp, char *err, size_t errlen)
{
	for (uint16_t i = 0; i < dp->desired.cfg.n_ports; i++) {
		dp->n_ports = (uint16_t)(i + 1);
		if (open_port(dp, i, err, errlen) < 0) {
			dp->n_ports = i; /* nothing of this port is left */
			return -1;
		}
	}
	return 0;
}

static int port_add(struct datapath *dp, const struct port_config *pc, char *err, size_t errlen)
{
	struct fwd_view *view;
	uint16_t i, old_n = dp->n_ports;

	for (i = 0; i < SLUICE_MAX_PORTS && datapath_port_in_use(dp, i); i++)
		;
	if (i == SLUICE_MAX_PORTS) {
		snprintf(err, errlen, "sluice has its maximum of %d ports ([dataplane] max-ports)",
			 SLUICE_MAX_PORTS);
		return -1;
	}
	dp->desired.cfg.ports[i] = *pc;
	if (i >= dp->desired.cfg.n_ports)
		dp->desired.cfg.n_ports = i + 1u;
	if (i >= dp->n_ports)
		dp->n_ports = (uint16_t)(i + 1);
	if (open_port(dp, i, err, errlen) < 0) {
		memset(&dp->desired.cfg.ports[i], 0, sizeof(dp->desired.cfg.ports[i]));
		memset(&dp->ports[i], 0, sizeof(dp->ports[i]));
		dp->n_ports = old_n;
		return -1;
	}
	view = view_build(dp, NULL);
	if (!view)
		snprintf(err, errlen, "out of memory for the forwarding view");
	if (!view || view_publish(dp, view, err, errlen) < 0) {
		/* No published view names slot i: close it under the PMDs. */
		close_port(dp, i);
		memset(&dp->desired.cfg.ports[i], 0, sizeof(dp->desired.cfg.ports[i]));
		memset(&dp->ports[i], 0, sizeof(dp->ports[i]));
		dp->ports[i].network = PORT_NO_NETWORK;
		dp->n_ports = old_n;
		return -1;
	}
	return i;
}

static int port_del(struct datapath *dp, uint16_t i)
{
	struct fwd_view *view;
	char name[SLUICE_NAME_MAX], err[128];

	if (!datapath_port_in_use(dp, i))
		return -ENOENT;
	snprintf(name, sizeof(name), "%s", dp->desired.cfg.ports[i].name);
	/* Out of the view first: once published no PMD polls the port, floods
	 * to it or forwards to it (bridge checks the FDB's port against the
	 * view), and it can be closed under them. */
	dp->desired.cfg.ports[i].name[0] = '\0';
	view = view_build(dp, NULL);
	if (!view || view_publish(dp, view, err, sizeof(err)) < 0) {
		snprintf(dp->desired.cfg.ports[i].name, sizeof(dp->desired.cfg.ports[i].name), "%s",
			 name);
		return -ENOMEM;
	}
	capture_stop(dp, i, NULL);
	close_port(dp, i);
	/* Learn requests queued before the port left may name it: apply them,
	 * then forget everything learned on it. */
	datapath_tick(dp);
	fdb_flush_port(&dp->fdb, i);
	memset(&dp->desired.cfg.ports[i], 0, sizeof(dp->desired.cfg.ports[i]));
	dp->desired.cfg.ports[i].type = -1;
	memset(&dp->ports[i], 0, sizeof(dp->ports[i]));
	dp->ports[i].network = PORT_NO_NETWORK;
	return 0;
}

/* ports_lock keeps the telemetry thread from reading a port's name or
 * counters while the control thread fills or clears its slot. */
int datapath_port_add(struct datapath *dp, const struct port_config *pc, char *err, size_t errlen)
{
	int r;

	pthread_mutex_lock(&dp->ports_lock);
	r = port_add(dp, pc, err, errlen);
	pthread_mutex_unlock(&dp->ports_lock);
	return r;
}

int datapath_port_del(struct datapath *dp, uint16_t i)
{
	int r;

	pthread_mutex_lock(&dp->ports_lock);
	r = port_del(dp, i);
	pthread_mutex_unlock(&dp->ports_lock);
	return r;
}

int datapath_network_add(struct datapath *dp, const struct network_config *nc, char *err,
			 size_t errlen)
{
	uint32_t i;

	for (i = 0; i < SLUICE_MAX_NETWORKS && dp->desired.cfg.networks[i].name[0]; i++)
		;
	if (i == SLUICE_MAX_NETWORKS) {
		snprintf(err, errlen,
			 "sluice has its maximum of %d networks ([dataplane] max-networks)",
			 SLUICE_MAX_NETWORKS);
		return -1;
	}
	/* A flat network without ports changes nothing PMDs see: no new view.
	 * A tunnel network receives from remote VTEPs at once, a vlan network
	 * from its trunk. */
	dp->desired.cfg.networks[i] = *nc;
	dp->aging[i] = nc->mac_aging;
	if (i >= dp->desired.cfg.n_networks)
		dp->desired.cfg.n_networks = i + 1;
	if (network_is_tunnel(nc) || nc->type == NETWORK_TYPE_VLAN) {
		struct fwd_view *view = view_build(dp, NULL);

		if (!view)
			snprintf(err, errlen, "out of memory for the forwarding view");
		if (!view || view_publish(dp, view, err, errlen) < 0) {
			memset(&dp->desired.cfg.networks[i], 0,
			       sizeof(dp->desired.cfg.networks[i]));
			dp->desired.cfg.networks[i].type = -1;
			return -1;
		}
	}
	return (int)i;
}

int datapath_network_update(struct datapath *dp, uint16_t index, const struct network_config *nc,
			    char *err, size_t errlen)
{
	struct network_config saved = dp->desired.cfg.networks[index];
	uint32_t aging = dp->aging[index];
	struct fwd_view *view;

	/* Flood list, MTU and clamp live in the view; mac-aging is read by
	 * the control thread's aging pass. */
	dp->desired.cfg.networks[index] = *nc;
	dp->aging[index] = nc->mac_aging;
	view = view_build(dp, NULL);
	if (!view)
		snprintf(err, errlen, "out of memory for the forwarding view");
	if (!view || view_publish(dp, view, err, errlen) < 0) {
		dp->desired.cfg.networks[index] = saved;
		dp->aging[index] = aging;
		return -1;
	}
	return 0;
}

int datapath_network_del(struct datapath *dp, uint16_t index, char *err, size_t errlen)
{
	struct network_config *nc = &dp->desired.cfg.networks[index];

	for (uint16_t p = 0; p < dp->n_ports; p++) {
		if (datapath_port_in_use(dp, p) && dp->ports[p].network == index) {
			snprintf(err, errlen, "network '%s' still has port '%s': delete it first",
				 nc->name, dp->ports[p].name);
			return -1;
		}
	}
	if (network_is_tunnel(nc) || nc->type == NETWORK_TYPE_VLAN) {
		/* Out of the view first, so no PMD learns into it any more. */
		struct network_config saved = *nc;
		struct fwd_view *view;

		nc->name[0] = '\0';
		view = view_build(dp, NULL);
		if (!view)
			snprintf(err, errlen, "out of memory for the forwarding view");
		if (!view || view_publish(dp, view, err, errlen) < 0) {
			*nc = saved;
			return -1;
		}
		datapath_tick(dp);
	}
	fdb_flush_network(&dp->fdb, index);
	memset(nc, 0, sizeof(*nc));
	nc->type = -1;
	return 0;
}

int datapath_rxq_pin(struct datapath *dp, uint16_t port, uint16_t queue, uint32_t worker, char *err,
		     size_t errlen)
{
	struct fwd_view *view;
	int8_t was = dp->desired.rxq_pin[port][queue];

	if (!datapath_port_in_use(dp, port) ||
	    queue >= rxq_port_queues(&dp->desired.cfg.ports[port]) || worker >= dp->n_pmds) {
		snprintf(err, errlen, "no such queue or core");
		return -1;
	}
	dp->desired.rxq_pin[port][queue] = (int8_t)worker;
	view = view_build(dp, NULL);
	if (!view)
		snprintf(err, errlen, "out of memory for the forwarding view");
	if (!view || view_publish(dp, view, err, errlen) < 0) {
		dp->desired.rxq_pin[port][queue] = was;
		return -1;
	}
	return 0;
}
struct datapath *datapath_create(const struct sluice_config *cfg, const struct config_host *host,
				 char *err, size_t errlen)
{
	struct datapath *dp = rte_zmalloc("datapath", sizeof(*dp), RTE_CACHE_LINE_SIZE);

	if (!dp) {
		snprintf(err, errlen, "cannot allocate the datapath: raise [dataplane] socket-mem");
		return NULL;
	}
	pthread_mutex_init(&dp->ports_lock, NULL);
	/* Before any mbuf exists: the pipeline's per-packet metadata. */
	if (pkt_meta_register() < 0) {
		snprintf(err, errlen, "cannot register the mbuf metadata field: %s",
			 rte_strerror(rte_errno));
		rte_free(dp);
		return NULL;
	}
	dp->desired.cfg = *cfg;
	if (host)
		dp->desired.host = *host;
	else
		config_host_read(&dp->desired.host);
	memset(dp->desired.rxq_pin, -1, sizeof(dp->desired.rxq_pin));
	dp->tsc_hz = rte_get_tsc_hz();
	dp->start_tsc = rte_rdtsc();
	if (datapath_tables_create(dp, cfg, err, errlen) < 0 || create_pmds(dp, err, errlen) < 0)
		goto fail;
	if (fdb_create(&dp->fdb, "fdb", cfg->dataplane.fdb_entries, (int)rte_socket_id(), dp->qsv) <
	    0) {
		snprintf(err, errlen, "cannot create the FDB of %u entries: raise socket-mem",
			 cfg->dataplane.fdb_entries);
		goto fail;
	}
	if (open_ports(dp, err, errlen) < 0)
		goto fail;
	if (vtep_arp_create(dp, err, errlen) < 0)
		goto fail;
	dp->view = limits_publish(dp, view_build(dp, NULL));
	if (!dp->view) {
		snprintf(err, errlen, "cannot allocate the forwarding view");
		goto fail;
	}
	rxq_ready_changed(&dp->rx_ready_gen); /* the PMDs build their poll lists from it */
	view_warn_cross_numa(dp, dp->view);
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

uint32_t datapath_tick(struct datapath *dp)
{
	uint32_t now = datapath_now(dp);
	uint32_t work = 0;

	for (uint32_t i = 0; i < dp->n_pmds; i++)
		work += fdb_drain_requests(&dp->fdb, dp->pmds[i]->learn_ring, now);
	work += vtep_arp_tick(dp);
	work += capture_tick(dp);
	trace_tick(dp);
	work += fdb_aging_tick(dp);
	return work;
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
	if (dp->ports)
		capture_stop_all(dp);
	trace_destroy(dp);
	for (uint16_t i = 0; i < dp->n_ports; i++)
		if (datapath_port_in_use(dp, i))
			close_port(dp, i);
	for (uint32_t i = 0; i < dp->n_pmds; i++)
		pmd_free(dp->pmds[i]);
	if (dp->fdb.hash)
		fdb_destroy(&dp->fdb);
	vtep_arp_destroy(dp);
	rte_free(dp->view);
	for (int i = 0; i < RTE_MAX_NUMA_NODES; i++)
		rte_mempool_free(dp->pools[i]);
	rte_free(dp->qsv);
	datapath_tables_free(dp);
	rte_free(dp);
}
