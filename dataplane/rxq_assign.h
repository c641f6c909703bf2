/* Which PMD polls which receive queue: placement as data, computed from the
 * config alone so it is unit-tested without devices. */
#ifndef SLUICE_RXQ_ASSIGN_H
#define SLUICE_RXQ_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "../common/config_types.h"

/* Room for queues per PMD: every queue of every port (run time). */
#define RXQ_PER_PMD_MAX ((uint32_t)SLUICE_MAX_PORTS * SLUICE_MAX_QUEUES)
/* Every (port, queue) there can be: the control side's fixed tables. */
#define RXQ_QUEUES_CEILING (SLUICE_PORTS_CEILING * SLUICE_MAX_QUEUES)

struct rxq_ref {
	uint16_t port; /* index in the config's ports */
	uint16_t queue;
};

struct rxq_plan {
	uint32_t n_pmds;
	uint32_t n[SLUICE_MAX_WORKERS];
	/* RXQ_PER_PMD_MAX refs each, for n_workers (rxq_plan_attach) */
	uint32_t n_workers;
	struct rxq_ref *rxq[SLUICE_MAX_WORKERS];
};

/* Bytes of the queue lists of a plan for n_workers PMDs. */
size_t rxq_plan_bytes(uint32_t n_workers);
/* Points plan's lists into storage (rxq_plan_bytes long) and empties it. */
void rxq_plan_attach(struct rxq_plan *plan, void *storage, uint32_t n_workers);
/* A plan and its lists in one calloc (free() it); NULL: no memory. */
struct rxq_plan *rxq_plan_create(uint32_t n_workers);
/* dst's lists get src's contents (dst attached for as many workers). */
void rxq_plan_copy(struct rxq_plan *dst, const struct rxq_plan *src);

/* Queues named in rxq-affinity go to their core; the others are dealt round
 * robin over the worker cores in port order. vhost ports contribute
 * max-queues queues each (whether the guest enables them is a run-time fact). */
void rxq_assign(const struct sluice_config *cfg, struct rxq_plan *plan);
/* Worker index per (port, queue), or -1: where a queue is pinned, or where
 * it sits in the current plan. */
typedef int8_t rxq_worker_map[SLUICE_PORTS_CEILING][SLUICE_MAX_QUEUES];

/* Placement that moves nothing needlessly: a pinned queue goes to its worker,
 * a queue already placed (prev) stays, a new one goes to the worker with the
 * fewest queues. Ports with an empty name are holes and skipped. */
void rxq_assign_stable(const struct sluice_config *cfg, const rxq_worker_map pin,
		       const rxq_worker_map prev, struct rxq_plan *plan);
/* Rebalance by measured load: pinned queues stay; the others, heaviest
 * first, go to the least loaded worker. */
void rxq_assign_balanced(const struct sluice_config *cfg, const rxq_worker_map pin,
			 const uint64_t cycles[SLUICE_PORTS_CEILING][SLUICE_MAX_QUEUES],
			 struct rxq_plan *plan);
/* The current placement of a plan, as a map. */
void rxq_plan_to_map(const struct rxq_plan *plan, rxq_worker_map map);
/* Number of queues a port offers to PMDs: rx-queues (phy) or max-queues (vhost). */
uint32_t rxq_port_queues(const struct port_config *port);

/* The worker index (position in worker-cores) of core, or -1. */
int rxq_worker_index(const struct sluice_config *cfg, uint32_t core);

#endif
