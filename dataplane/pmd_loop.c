/* The PMD loop: poll each owned receive queue, run the burst through the
 * pipeline (pipeline.c), report a quiescent state. Nothing here blocks, allocates or makes a
 * system call. */
#include <sys/prctl.h>

#include <rte_cycles.h>
#include <rte_lcore.h>

#include "ctl_tx.h"
#include "datapath.h"
#include "pipeline.h"
#include "pmd_loop.h"
#include "pmd_sleep.h"
#include "trace.h"

uint32_t pmd_poll_once(struct pmd *pmd)
{
	struct datapath *dp = pmd->dp;
	/* The generation before the view (rxq_live.h says why). */
	uint32_t gen = __atomic_load_n(&dp->rx_ready_gen, __ATOMIC_ACQUIRE);
	const struct fwd_view *view = __atomic_load_n(&dp->view, __ATOMIC_ACQUIRE);
	uint64_t t0 = rte_rdtsc();
	uint32_t received = 0;

	if (unlikely(gen != pmd->live.gen))
		rxq_live_build(&pmd->live, dp->ports, view, pmd->index, gen);

	pmd->view = view;
	pmd->sleep_max = view->pmd_sleep_max;
	/* One load per poll; each stage's hook then tests this field alone. */
	{
		const struct trace_ctl *t = __atomic_load_n(&dp->trace, __ATOMIC_ACQUIRE);

		pmd->tracing = t && __atomic_load_n(&t->armed, __ATOMIC_ACQUIRE);
	}

	/* The FDB clock in whole seconds: a division once a second, not per poll. */
	if (unlikely(t0 >= pmd->next_second_tsc)) {
		pmd->now = (uint32_t)((t0 - dp->start_tsc) / dp->tsc_hz);
		pmd->next_second_tsc = dp->start_tsc + (uint64_t)(pmd->now + 1) * dp->tsc_hz;
	}
	/* The control thread's transmits leave on PMD 0's queues (ctl_tx.h). */
	if (pmd->index == 0)
		ctl_tx_drain(pmd);
	for (uint32_t i = 0; i < pmd->live.n; i++) {
		const struct rxq_ref *ref = &pmd->live.ref[i];
		struct port_counters *pc = &pmd->counters.ports[ref->port];
		uint64_t t1 = t0;
		uint16_t n = pipeline_run(pmd, view, ref, &t1);

		received += n;
		if (n) { /* t1: where the pipeline's tx stage ended */
			pmd->counters.busy_cycles += t1 - t0;
			pc->rx_cycles[ref->queue] += t1 - t0;
		} else {
			t1 = rte_rdtsc();
			pmd->counters.idle_cycles += t1 - t0;
		}
		t0 = t1;
	}
	/* Past this point the PMD holds no pointer into the view or the FDB. */
	pmd->view = NULL;
	rte_rcu_qsbr_quiescent(dp->qsv, pmd->index);
	return received;
}

/* pmd-sleep-max: an idle PMD naps, longer while it stays idle. */
static void idle_sleep(struct pmd *pmd, uint32_t received)
{
	pmd->sleep_us = pmd_sleep_next(pmd->sleep_us, pmd->sleep_max, received);
	if (likely(!pmd->sleep_us))
		return;
	rte_delay_us_sleep(pmd->sleep_us);
	pmd->counters.sleeps++;
	pmd->counters.sleep_us += pmd->sleep_us;
}

int pmd_main(void *arg)
{
	struct pmd *pmd = arg;
	struct datapath *dp = pmd->dp;

	rte_rcu_qsbr_thread_register(dp->qsv, pmd->index);
	rte_rcu_qsbr_thread_online(dp->qsv, pmd->index);
	/* Sleeps of a few microseconds, not the default 50 of timer slack. */
	prctl(PR_SET_TIMERSLACK, 1000UL);
	while (!__atomic_load_n(&dp->stop, __ATOMIC_RELAXED))
		idle_sleep(pmd, pmd_poll_once(pmd));
	rte_rcu_qsbr_thread_offline(dp->qsv, pmd->index);
	rte_rcu_qsbr_thread_unregister(dp->qsv, pmd->index);
	return 0;
}
