/* The running datapath's lifecycle: created, launched, changed live and
 * destroyed by the control thread only. What PMDs read is in view.h, a PMD
 * in pmd.h, the desired state the control side owns in desired.h. */
#ifndef SLUICE_DATAPATH_H
#define SLUICE_DATAPATH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>

#include "counters.h"
#include "desired.h"
#include "fdb.h"
#include "neighbour.h"
#include "pmd.h"
#include "port.h"
#include "view.h"

struct capture_session;
struct trace_ctl;

/* What stats.reset subtracts from the ever-growing per-core counters. */
struct core_totals {
	uint64_t busy_cycles, idle_cycles, packets;
	struct stage_counters stages;
};

struct datapath {
	/* Held by the control thread while it fills or clears a port slot,
	 * and by DPDK's telemetry thread while it reads ports (never by PMDs). */
	pthread_mutex_t ports_lock;
	/* What the control side asked for (desired.h). */
	struct desired_state desired;
	/* Arrays of SLUICE_MAX_PORTS and SLUICE_MAX_NETWORKS, allocated by
	 * datapath_tables_create ([dataplane] max-ports, max-networks). */
	struct port_counters *port_base;
	/* What the control thread itself sends (the VTEP's ARP, packets
	 * released once their next hop resolved, vtep_arp.c) and drops on
	 * the way: summed with the PMDs' by stats_port(). */
	struct port_counters *ctl_counters;
	struct core_totals core_base[SLUICE_MAX_WORKERS];
	struct port *ports;
	uint16_t n_ports;
	struct fwd_view *view;
	/* Moves on every view publish and vhost readiness change (rxq_live.h). */
	uint32_t rx_ready_gen;
	struct pmd *pmds[SLUICE_MAX_WORKERS];
	uint32_t n_pmds;
	struct fdb fdb;
	struct neigh_table neigh;     /* the VTEP's next hops */
	struct vtep_ctl *vtep_ctl;    /* control-thread state of the VTEP (vtep_arp.c) */
	struct rte_ring *ctl_tx_ring; /* control thread -> PMD 0 transmits (ctl_tx.h) */
	/* A port's running or finished capture (capture.c), or NULL. */
	struct capture_session **captures;
	struct trace_ctl *trace; /* NULL until the first trace.start */
	struct rte_rcu_qsbr *qsv;
	struct rte_mempool *pools[RTE_MAX_NUMA_NODES];
	uint32_t *aging;
	uint64_t tsc_hz;
	uint64_t start_tsc;
	int stop;
	bool launched;
};

/* After rte_eal_init: pools, FDB, ports started, vhost sockets registered.
 * On error nothing is left behind. */
struct datapath *datapath_create(const struct sluice_config *cfg, const struct config_host *host,
				 char *err, size_t errlen);

/* Live changes, control thread only. Each applies whole or fails with err and
 * changes nothing; traffic on other ports never stops. The configs must have
 * passed config_check_port / config_check_network. */
int datapath_port_add(struct datapath *dp, const struct port_config *pc, char *err, size_t errlen);
int datapath_port_del(struct datapath *dp, uint16_t index);
int datapath_network_add(struct datapath *dp, const struct network_config *nc, char *err,
			 size_t errlen);
int datapath_network_del(struct datapath *dp, uint16_t index, char *err, size_t errlen);
/* The keys of port index that can change live (port_update.c): pc differs
 * from the running config only in those (mac, port security, ...). */
int datapath_port_update(struct datapath *dp, uint16_t index, const struct port_config *pc,
			 char *err, size_t errlen);
/* A network's keys that keep its identity (mac-aging, flood, mtu, mss-clamp):
 * nc has the name, type and VNI, key or VLAN of network index. */
int datapath_network_update(struct datapath *dp, uint16_t index, const struct network_config *nc,
			    char *err, size_t errlen);
/* Pin queue of port to worker (index in worker-cores) and move it there now. */
int datapath_rxq_pin(struct datapath *dp, uint16_t port, uint16_t queue, uint32_t worker, char *err,
		     size_t errlen);
/* Spread unpinned queues by the cycles they used; returns queues moved. */
int datapath_rxq_rebalance(struct datapath *dp, uint32_t *moved, char *err, size_t errlen);
bool datapath_port_in_use(const struct datapath *dp, uint16_t index);
int datapath_find_network(const struct datapath *dp, const char *name);
/* Start one PMD per worker core. */
int datapath_launch(struct datapath *dp);
/* Control thread housekeeping: learn requests, a slice of MAC aging (fdb_aging.h).
 * Returns how much it did (0: idle). */
uint32_t datapath_tick(struct datapath *dp);
/* Seconds since the datapath started (the FDB's clock). */
uint32_t datapath_now(const struct datapath *dp);
/* Stop PMDs, unregister vhost sockets, stop and close ports, free all. */
void datapath_destroy(struct datapath *dp);

/* Publishes a view built from the desired state as it is now, after a
 * change of a [dataplane] value the view carries (pmd-sleep-max): 0, or -1
 * with err filled. Control thread. */
int datapath_view_refresh(struct datapath *dp, char *err, size_t errlen);
/* The pool for NUMA node, created on first use. */
struct rte_mempool *datapath_pool(struct datapath *dp, int node, char *err, size_t errlen);
int datapath_find_port(const struct datapath *dp, const char *name);

#endif
