#include "rxq_balance.h"

#include <stdlib.h>
#include <string.h>

static int heavier_first(const void *a, const void *b)
{
	const struct rxq_load *x = *(const struct rxq_load *const *)a;
	const struct rxq_load *y = *(const struct rxq_load *const *)b;

	if (x->cycles != y->cycles)
		return x->cycles < y->cycles ? 1 : -1;
	/* Equal loads keep the input order: the same input, the same plan. */
	return x < y ? -1 : x > y;
}

static bool on_node(const struct rxq_balance_params *p, uint32_t w, int8_t node)
{
	return node < 0 || p->pmd_node[w] == node;
}

/* The least loaded PMD q may go to: on its node when its node has one. */
static uint32_t pick(const struct rxq_balance_params *p, const uint64_t *load,
		     const struct rxq_load *q)
{
	bool local = false;
	int best = -1;

	for (uint32_t w = 0; w < p->n_pmds; w++)
		local |= on_node(p, w, q->node);
	for (uint32_t w = 0; w < p->n_pmds; w++) {
		if (local && !on_node(p, w, q->node))
			continue;
		if (best < 0 || load[w] < load[best] ||
		    (load[w] == load[best] && (int8_t)w == q->pmd))
			best = (int)w;
	}
	return (uint32_t)best;
}

static double percent(uint64_t cycles, uint64_t window)
{
	return window ? 100.0 * (double)cycles / (double)window : 0.0;
}

static uint64_t busiest(const uint64_t *load, uint32_t n_pmds)
{
	uint64_t max = 0;

	for (uint32_t w = 0; w < n_pmds; w++)
		if (load[w] > max)
			max = load[w];
	return max;
}

static bool placed(const struct rxq_balance_params *p, const struct rxq_load *q)
{
	return q->pmd >= 0 && (uint32_t)q->pmd < p->n_pmds;
}

void rxq_balance_decide(const struct rxq_balance_params *p, struct rxq_load *q, uint32_t n,
			struct rxq_balance_decision *d)
{
	static struct rxq_load *order[RXQ_BALANCE_MAX];
	uint64_t before[SLUICE_MAX_WORKERS] = {0}, after[SLUICE_MAX_WORKERS] = {0};
	uint64_t max_before, max_after;
	uint32_t n_free = 0, moved = 0;

	memset(d, 0, sizeof(*d));
	if (n > RXQ_BALANCE_MAX)
		n = RXQ_BALANCE_MAX;
	for (uint32_t i = 0; i < n; i++) {
		q[i].to = q[i].pmd;
		if (placed(p, &q[i]))
			before[q[i].pmd] += q[i].cycles;
		if (q[i].pinned && placed(p, &q[i]))
			after[q[i].pmd] += q[i].cycles;
		else
			order[n_free++] = &q[i];
	}
	qsort(order, n_free, sizeof(order[0]), heavier_first);
	for (uint32_t i = 0; i < n_free && p->n_pmds; i++) {
		uint32_t w = pick(p, after, order[i]);

		order[i]->to = (int8_t)w;
		after[w] += order[i]->cycles;
	}
	for (uint32_t i = 0; i < n; i++)
		moved += q[i].to != q[i].pmd;
	max_before = busiest(before, p->n_pmds);
	max_after = busiest(after, p->n_pmds);
	for (uint32_t w = 0; w < p->n_pmds; w++) {
		d->load_before_pct[w] = percent(before[w], p->window_cycles);
		d->load_after_pct[w] = percent(after[w], p->window_cycles);
	}
	d->busiest_before_pct = percent(max_before, p->window_cycles);
	d->busiest_after_pct = percent(max_after, p->window_cycles);
	if (max_before > max_after)
		d->gain_pct = percent(max_before - max_after, max_before);
	d->move = moved > 0 && d->gain_pct > (double)p->threshold_pct;
	if (!d->move) {
		for (uint32_t i = 0; i < n; i++)
			q[i].to = q[i].pmd;
		return;
	}
	d->moved = moved;
}

bool rxq_balance_due(uint64_t now_s, uint64_t last_s, uint32_t interval_s)
{
	return now_s >= last_s + interval_s;
}
