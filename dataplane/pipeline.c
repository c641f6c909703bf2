/* The pipeline, top to bottom. A burst from one receive queue passes each
 * stage whole before the next begins; stages hand each other vectors of
 * mbufs, and each packet's network, in port and remote VTEP travel in its
 * pkt_meta (pkt_meta.h). No stage calls back into an earlier one.
 *
 *   rx        rx.c            receive, count, capture, trace
 *   classify  classify.c      decap (tunnel_input.c) / trunk (vlan.c) / flat
 *   l2        bridge.c        validate, one bulk FDB lookup, limits, learn
 *   dispatch  dispatch.c      sort into vectors (pipe_vec.h): a known local
 *                             port's tx buffer, trunk, tunnel, flood
 *   replicate flood.c         flood: local outputs, a replica per remote VTEP
 *   mtu guard mtu_guard.c     tunnel: clamp, fits / too big / fragment
 *   encap     tunnel_output.c encap: outer header, the VTEP port's tx buffer
 *   tag       tag.c           trunk: VLAN tag, the trunk port's tx buffer
 *   tx        tx.c, egress.c  every port's buffer through its egress ops
 *
 * A stage whose vector is empty is skipped, its clock not read.
 *
 * docs/architecture.md draws the same with what each file owns. */
#include "pipeline.h"

#include <rte_cycles.h>

#include "bridge.h"
#include "classify.h"
#include "dispatch.h"
#include "flood.h"
#include "mtu_guard.h"
#include "rx.h"
#include "stage.h"
#include "tag.h"
#include "tunnel_output.h"
#include "tx.h"

/* Closes stage: n packets went through it since *t; *t becomes now, the
 * start of the next stage. One rdtsc per stage per burst (about 24 cycles
 * on the VMs sluice is measured on); the burst's first and last are the
 * PMD loop's (pmd_poll_once). */
static inline void stage_end(struct stage_counters *s, enum pipeline_stage stage, uint64_t *t,
			     uint32_t n)
{
	uint64_t now = rte_rdtsc();

	s->cycles[stage] += now - *t;
	s->packets[stage] += n;
	*t = now;
}

/* A stage over one vector of n entries, skipped (no clock read) when empty. */
static inline void vector_stage(struct pmd *pmd, const struct fwd_view *view,
				enum pipeline_stage stage, uint16_t n,
				void (*run)(struct pmd *, const struct fwd_view *), uint64_t *t)
{
	if (n == 0)
		return;
	run(pmd, view);
	stage_end(&pmd->counters.stages, stage, t, n);
}

/* Packets waiting in the tx buffers: what the tx stage sends. */
static uint32_t tx_pending(const struct pmd *pmd)
{
	uint32_t n = 0;

	for (uint16_t i = 0; i < pmd->n_dirty; i++)
		n += pmd->tx[pmd->dirty[i]].n;
	return n;
}

uint16_t pipeline_run(struct pmd *pmd, const struct fwd_view *view, const struct rxq_ref *ref,
		      uint64_t *tsc)
{
	struct stage_counters *st = &pmd->counters.stages;
	struct rte_mbuf *pkts[BURST_SIZE];
	struct burst_meta bm;
	struct l2_burst l2;
	uint64_t t = *tsc;
	uint16_t n, k;

	n = rx_burst(pmd, ref, pkts);
	if (n == 0)
		return 0;
	pmd->encap_run.remote = 0; /* neighbours may have changed since the last burst */
	stage_end(st, STAGE_RX, &t, n);

	k = classify_burst(pmd, view, ref->port, pkts, n, &bm);
	stage_end(st, STAGE_CLASSIFY, &t, n);

	bridge_l2(pmd, view, ref->port, &bm, pkts, k, &l2);
	stage_end(st, STAGE_L2, &t, k);

	dispatch_burst(pmd, view, ref->port, &bm, &l2);
	stage_end(st, STAGE_DISPATCH, &t, l2.n);

	vector_stage(pmd, view, STAGE_REPLICATE, pmd->vec.n_flood, replicate_stage, &t);
	vector_stage(pmd, view, STAGE_MTU_GUARD, pmd->vec.n_tunnel, mtu_guard_stage, &t);
	vector_stage(pmd, view, STAGE_ENCAP, pmd->vec.n_encap, encap_stage, &t);
	vector_stage(pmd, view, STAGE_TAG, pmd->vec.n_trunk, tag_stage, &t);

	k = (uint16_t)tx_pending(pmd);
	tx_flush_all(pmd);
	stage_end(st, STAGE_TX, &t, k);
	*tsc = t;
	return n;
}
