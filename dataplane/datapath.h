/* The running datapath and the small queries the dataplane asks of it. Its
 * lifecycle (create, launch, live changes, destroy) is in lifecycle.h; what
 * PMDs read is in view.h, a PMD in pmd.h, the desired state the control side
 * owns in desired.h. */
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

/* The pool for NUMA node, created on first use. */
struct rte_mempool *datapath_pool(struct datapath *dp, int node, char *err, size_t errlen);
int datapath_find_port(const struct datapath *dp, const char *name);
bool datapath_port_in_use(const struct datapath *dp, uint16_t index);
int datapath_find_network(const struct datapath *dp, const char *name);
/* Seconds since the datapath started (the FDB's clock). */
uint32_t datapath_now(const struct datapath *dp);

#endif
