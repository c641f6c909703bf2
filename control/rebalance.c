#include "rebalance.h"

#include <stdlib.h>
#include <string.h>

#include <rte_lcore.h>
#include <rte_log.h>

#include "../dataplane/rxq_move.h"

struct rebalance_sample {
	uint64_t at;
	uint64_t cycles[SLUICE_PORTS_CEILING][SLUICE_MAX_QUEUES];
};

struct rebalance {
	struct rebalance_sample ring[REBALANCE_WINDOW_MAX + 1];
	uint32_t head; /* the next slot written */
	uint32_t n;    /* samples held */
	uint64_t last_sample, last_decision;
	struct rebalance_report last;
	struct rxq_load queues[RXQ_BALANCE_MAX];
};

struct rebalance *rebalance_create(uint64_t now)
{
	struct rebalance *rb = calloc(1, sizeof(*rb));

	if (rb)
		rb->last_decision = now;
	return rb;
}

void rebalance_destroy(struct rebalance *rb)
{
	free(rb);
}

const struct rebalance_report *rebalance_last(const struct rebalance *rb)
{
	return &rb->last;
}

static void sample(struct rebalance *rb, const struct datapath *dp, uint64_t now)
{
	struct rebalance_sample *s = &rb->ring[rb->head];

	s->at = now;
	for (uint16_t p = 0; p < SLUICE_MAX_PORTS; p++)
		for (uint16_t q = 0; q < SLUICE_MAX_QUEUES; q++)
			s->cycles[p][q] = datapath_rxq_cycles(dp, p, q);
	rb->head = (rb->head + 1) % (REBALANCE_WINDOW_MAX + 1);
	if (rb->n < REBALANCE_WINDOW_MAX + 1)
		rb->n++;
}

/* The sample `back` seconds (samples) before the newest. */
static const struct rebalance_sample *back(const struct rebalance *rb, uint32_t back)
{
	uint32_t size = REBALANCE_WINDOW_MAX + 1;

	return &rb->ring[(rb->head + 2 * size - 1 - back) % size];
}

/* The queues of the current plan with what they cost over the window. */
static uint32_t gather(struct rebalance *rb, const struct datapath *dp,
		       const struct rebalance_sample *old, const struct rebalance_sample *new)
{
	const struct rxq_plan *plan = &dp->view->plan;
	uint32_t n = 0;

	for (uint32_t w = 0; w < plan->n_pmds; w++)
		for (uint32_t i = 0; i < plan->n[w] && n < RXQ_BALANCE_MAX; i++) {
			const struct rxq_ref *r = &plan->rxq[w][i];
			struct rxq_load *q = &rb->queues[n++];

			q->port = r->port;
			q->queue = r->queue;
			q->pmd = (int8_t)w;
			q->node = (int8_t)dp->ports[r->port].numa_node;
			q->pinned = dp->desired.rxq_pin[r->port][r->queue] >= 0;
			q->cycles = new->cycles[r->port][r->queue] - old->cycles[r->port][r->queue];
		}
	return n;
}

static void to_plan(struct rxq_plan *plan, const struct rxq_load *q, uint32_t n, uint32_t n_pmds)
{
	memset(plan->n, 0, sizeof(plan->n));
	plan->n_pmds = n_pmds;
	for (uint32_t i = 0; i < n; i++) {
		struct rxq_ref *r = &plan->rxq[q[i].to][plan->n[q[i].to]++];

		r->port = q[i].port;
		r->queue = q[i].queue;
	}
}

static void log_decision(const struct rebalance *rb)
{
	const struct rebalance_report *r = &rb->last;
	char loads[512];
	size_t len = 0;

	loads[0] = 0;
	for (uint32_t w = 0; w < r->n_pmds && len < sizeof(loads); w++)
		len += (size_t)snprintf(loads + len, sizeof(loads) - len, "%s%u: %.1f%% -> %.1f%%",
					w ? ", " : "", w, r->d.load_before_pct[w],
					r->d.load_after_pct[w]);
	RTE_LOG(NOTICE, USER1,
		"rxq rebalance over %u s: busiest PMD %.1f%% -> %.1f%% (gain %.1f%%): %s %u "
		"queues; PMD loads %s\n",
		r->window, r->d.busiest_before_pct, r->d.busiest_after_pct, r->d.gain_pct,
		r->applied ? "moved" : "kept", r->applied ? r->d.moved : 0, loads);
}

static uint32_t decide(struct rebalance *rb, struct datapath *dp, uint64_t now)
{
	const struct dataplane_config *c = &dp->desired.cfg.dataplane;
	uint32_t window = rb->n - 1, n;
	const struct rebalance_sample *new = back(rb, 0), *old;
	struct rxq_balance_params p = {.n_pmds = dp->n_pmds,
				       .threshold_pct = c->rebalance_threshold};
	char err[256];

	if (window > c->rebalance_interval)
		window = c->rebalance_interval;
	old = back(rb, window);
	if (window == 0 || new->at <= old->at)
		return 0;
	for (uint32_t w = 0; w < dp->n_pmds; w++)
		p.pmd_node[w] = (int8_t)rte_lcore_to_socket_id(dp->pmds[w]->lcore);
	p.window_cycles = dp->tsc_hz * (new->at - old->at);
	n = gather(rb, dp, old, new);
	memset(&rb->last, 0, sizeof(rb->last));
	rxq_balance_decide(&p, rb->queues, n, &rb->last.d);
	rb->last.taken = true;
	rb->last.at = now;
	rb->last.window = (uint32_t)(new->at - old->at);
	rb->last.n_pmds = dp->n_pmds;
	if (rb->last.d.move) {
		/* Sized by max-ports; at most one decision per interval. */
		struct rxq_plan *plan = rxq_plan_create(dp->n_pmds);

		if (plan)
			to_plan(plan, rb->queues, n, dp->n_pmds);
		snprintf(err, sizeof(err), "out of memory for the plan");
		rb->last.applied = plan && datapath_rxq_apply(dp, plan, err, sizeof(err)) == 0;
		free(plan);
		if (!rb->last.applied)
			RTE_LOG(ERR, USER1, "rxq rebalance: %s\n", err);
	}
	log_decision(rb);
	return rb->last.applied ? rb->last.d.moved : 0;
}

uint32_t rebalance_tick(struct rebalance *rb, struct datapath *dp, uint64_t now)
{
	const struct dataplane_config *c = &dp->desired.cfg.dataplane;

	if (!rb || (rb->n && now == rb->last_sample))
		return 0;
	rb->last_sample = now;
	sample(rb, dp, now);
	if (c->rebalance != REBALANCE_AUTO || dp->n_pmds < 2 ||
	    !rxq_balance_due(now, rb->last_decision, c->rebalance_interval))
		return 0;
	rb->last_decision = now;
	return decide(rb, dp, now);
}
