/* The storage of a placement: per PMD a list of RXQ_PER_PMD_MAX queues, sized
 * by [dataplane] max-ports at run time and kept beside the plan (in the view's
 * block, or one calloc). */
#include "rxq_assign.h"

#include <stdlib.h>
#include <string.h>

size_t rxq_plan_bytes(uint32_t n_workers)
{
	return (size_t)n_workers * RXQ_PER_PMD_MAX * sizeof(struct rxq_ref);
}

void rxq_plan_attach(struct rxq_plan *plan, void *storage, uint32_t n_workers)
{
	struct rxq_ref *refs = storage;

	memset(plan, 0, sizeof(*plan));
	plan->n_workers = n_workers;
	for (uint32_t w = 0; w < n_workers && w < SLUICE_MAX_WORKERS; w++)
		plan->rxq[w] = refs + (size_t)w * RXQ_PER_PMD_MAX;
}

struct rxq_plan *rxq_plan_create(uint32_t n_workers)
{
	struct rxq_plan *plan = calloc(1, sizeof(*plan) + rxq_plan_bytes(n_workers));

	if (plan)
		rxq_plan_attach(plan, plan + 1, n_workers);
	return plan;
}

void rxq_plan_copy(struct rxq_plan *dst, const struct rxq_plan *src)
{
	dst->n_pmds = src->n_pmds;
	memcpy(dst->n, src->n, sizeof(dst->n));
	for (uint32_t w = 0; w < src->n_pmds && w < dst->n_workers; w++)
		memcpy(dst->rxq[w], src->rxq[w], src->n[w] * sizeof(struct rxq_ref));
}
