/* Which PMD polls which receive queue: placement as data, computed from the
 * config alone so it is unit-tested without devices. */
#ifndef SLUICE_RXQ_ASSIGN_H
#define SLUICE_RXQ_ASSIGN_H

#include <stdint.h>

#include "../common/config_types.h"

#define RXQ_PER_PMD_MAX (SLUICE_MAX_PORTS * SLUICE_MAX_QUEUES)

struct rxq_ref {
	uint16_t port; /* index in the config's ports */
	uint16_t queue;
};

struct rxq_plan {
	uint32_t n_pmds;
	uint32_t n[SLUICE_MAX_WORKERS];
	struct rxq_ref rxq[SLUICE_MAX_WORKERS][RXQ_PER_PMD_MAX];
};

/* Queues named in rxq-affinity go to their core; the others are dealt round
 * robin over the worker cores in port order. vhost ports contribute
 * max-queues queues each (whether the guest enables them is a run-time fact). */
void rxq_assign(const struct sluice_config *cfg, struct rxq_plan *plan);
/* Worker index per (port, queue), or -1: where a queue is pinned, or where
 * it sits in the current plan. */
typedef int8_t rxq_worker_map[SLUICE_MAX_PORTS][SLUICE_MAX_QUEUES];

/* Placement that moves nothing needlessly: a pinned queue goes to its worker,
 * a queue already placed (prev) stays, a new one goes to the worker with the
 * fewest queues. Ports with an empty name are holes and skipped. */
void rxq_assign_stable(const struct sluice_config *cfg, const rxq_worker_map pin,
		       const rxq_worker_map prev, struct rxq_plan *plan);
/* Rebalance by measured load: pinned queues stay; the others, heaviest
 * first, go to the least loaded worker. */
void rxq_assign_balanced(const struct sluice_config *cfg, const rxq_worker_map pin,
			 const uint64_t cycles[SLUICE_MAX_PORTS][SLUICE_MAX_QUEUES],
			 struct rxq_plan *plan);
/* The current placement of a plan, as a map. */
void rxq_plan_to_map(const struct rxq_plan *plan, rxq_worker_map map);
/* Number of queues a port offers to PMDs: rx-queues (phy) or max-queues (vhost). */
uint32_t rxq_port_queues(const struct port_config *port);

/* The worker index (position in worker-cores) of core, or -1. */
int rxq_worker_index(const struct sluice_config *cfg, uint32_t core);

#endif
