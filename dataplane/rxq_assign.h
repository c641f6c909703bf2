/* Which PMD polls which receive queue: placement as data, computed from the
 * config alone so it is unit-tested without devices. */
#ifndef SLUICE_RXQ_ASSIGN_H
#define SLUICE_RXQ_ASSIGN_H

#include <stdint.h>

#include "../control/config.h"

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
/* The worker index (position in worker-cores) of core, or -1. */
int rxq_worker_index(const struct sluice_config *cfg, uint32_t core);

#endif
