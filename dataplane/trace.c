#include "trace.h"

#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mbuf_dyn.h>

static int trace_register(struct trace_ctl *t, char *err, size_t errlen)
{
	static const struct rte_mbuf_dynfield field = {
	    .name = "sluice_trace_id",
	    .size = sizeof(uint32_t),
	    .align = __alignof__(uint32_t),
	};
	static const struct rte_mbuf_dynflag flag = {.name = "sluice_trace"};
	int bit;

	t->id_offset = rte_mbuf_dynfield_register(&field);
	bit = rte_mbuf_dynflag_register(&flag);
	if (t->id_offset < 0 || bit < 0) {
		snprintf(err, errlen, "cannot register the trace mbuf field: %s",
			 rte_strerror(rte_errno));
		return -1;
	}
	t->flag = 1ULL << bit;
	return 0;
}

static void buffers_reset(struct datapath *dp)
{
	for (uint32_t i = 0; i < dp->n_pmds; i++)
		if (dp->pmds[i]->trace) {
			dp->pmds[i]->trace->n = 0;
			dp->pmds[i]->trace->overflow = 0;
		}
}

void trace_clear(struct datapath *dp)
{
	if (!dp->trace)
		return;
	__atomic_store_n(&dp->trace->armed, 0, __ATOMIC_RELEASE);
	/* Past a grace period no PMD writes a record. */
	rte_rcu_qsbr_synchronize(dp->qsv, RTE_QSBR_THRID_INVALID);
	buffers_reset(dp);
	dp->trace->wanted = 0;
	__atomic_store_n(&dp->trace->next_id, 0, __ATOMIC_RELAXED);
}

int trace_start(struct datapath *dp, uint16_t port, uint32_t count, char *err, size_t errlen)
{
	if (!dp->trace) {
		struct trace_ctl *t = rte_zmalloc("trace", sizeof(*t), 0);

		if (!t) {
			snprintf(err, errlen, "out of memory for a trace");
			return -1;
		}
		if (trace_register(t, err, errlen) < 0) {
			rte_free(t);
			return -1;
		}
		__atomic_store_n(&dp->trace, t, __ATOMIC_RELEASE);
	}
	for (uint32_t i = 0; i < dp->n_pmds; i++) {
		struct pmd *pmd = dp->pmds[i];

		if (pmd->trace)
			continue;
		pmd->trace = rte_zmalloc_socket("trace_buf", sizeof(*pmd->trace), 0,
						(int)rte_lcore_to_socket_id(pmd->lcore));
		if (!pmd->trace) {
			snprintf(err, errlen, "out of memory for the trace buffers");
			return -1;
		}
	}
	trace_clear(dp);
	dp->trace->port = port;
	dp->trace->wanted = count;
	__atomic_store_n(&dp->trace->armed, 1, __ATOMIC_RELEASE);
	return 0;
}

void trace_tick(struct datapath *dp)
{
	struct trace_ctl *t = dp->trace;

	/* Every packet is marked: the records of the last ones are written
	 * within the poll that marked them, before its quiescent state. */
	if (t && t->armed && __atomic_load_n(&t->next_id, __ATOMIC_ACQUIRE) >= t->wanted) {
		__atomic_store_n(&t->armed, 0, __ATOMIC_RELEASE);
		rte_rcu_qsbr_synchronize(dp->qsv, RTE_QSBR_THRID_INVALID);
	}
}

void trace_destroy(struct datapath *dp)
{
	for (uint32_t i = 0; i < dp->n_pmds; i++) {
		rte_free(dp->pmds[i]->trace);
		dp->pmds[i]->trace = NULL;
	}
	rte_free(dp->trace);
	dp->trace = NULL;
}

static inline uint32_t *trace_id(const struct trace_ctl *t, const struct rte_mbuf *m)
{
	return RTE_MBUF_DYNFIELD(m, t->id_offset, uint32_t *);
}

static void record(struct pmd *pmd, uint32_t id, enum trace_stage stage, uint16_t port,
		   uint32_t value, uint32_t value2)
{
	struct trace_buf *b = pmd->trace;
	uint32_t n = b->n;

	if (unlikely(n == TRACE_RECORDS)) {
		b->overflow++;
		return;
	}
	b->rec[n] = (struct trace_record){
	    .packet = id,
	    .stage = (uint16_t)stage,
	    .port = port,
	    .value = value,
	    .value2 = value2,
	    .tsc = rte_rdtsc(),
	};
	__atomic_store_n(&b->n, n + 1, __ATOMIC_RELEASE);
}

void trace_add(struct pmd *pmd, const struct rte_mbuf *m, enum trace_stage stage, uint16_t port,
	       uint32_t value, uint32_t value2)
{
	const struct trace_ctl *t = pmd->dp->trace;

	if (!(m->ol_flags & t->flag))
		return;
	record(pmd, *trace_id(t, m), stage, port, value, value2);
}

/* Claims ids for up to n packets of the port being traced. */
void trace_rx_mark(struct pmd *pmd, uint16_t port, uint16_t queue, struct rte_mbuf **pkts,
		   uint16_t n)
{
	struct trace_ctl *t = pmd->dp->trace;
	uint32_t first, take;

	if (port != t->port)
		return;
	first = __atomic_load_n(&t->next_id, __ATOMIC_RELAXED);
	do {
		if (first >= t->wanted)
			return;
		take = t->wanted - first < n ? t->wanted - first : n;
	} while (!__atomic_compare_exchange_n(&t->next_id, &first, first + take, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	for (uint16_t i = 0; i < take; i++) {
		pkts[i]->ol_flags |= t->flag;
		*trace_id(t, pkts[i]) = first + i + 1;
		record(pmd, first + i + 1, TRACE_RX, port, queue, rte_pktmbuf_pkt_len(pkts[i]));
	}
}
