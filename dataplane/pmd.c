/* The PMD loop: poll each owned receive queue, run the burst to completion,
 * flush, report a quiescent state. Nothing here blocks, allocates or makes a
 * system call. */
#include <sys/prctl.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_vhost.h>

#include "bridge.h"
#include "capture.h"
#include "ctl_tx.h"
#include "trace.h"
#include "datapath.h"
#include "offload.h"
#include "pmd_sleep.h"
#include "tunnel_input.h"
#include "tx.h"

static uint16_t rx_phy(const struct port *port, uint16_t queue, struct rte_mbuf **pkts)
{
	if (unlikely(!port->started))
		return 0;
	return rte_eth_rx_burst(port->eth_port, queue, pkts, BURST_SIZE);
}

static uint16_t rx_vhost(struct pmd *pmd, const struct port *port, uint16_t queue,
			 struct rte_mbuf **pkts)
{
	uint16_t n;

	if (!__atomic_load_n(&port->ready, __ATOMIC_ACQUIRE) ||
	    !__atomic_load_n(&port->deq_enabled[queue], __ATOMIC_RELAXED))
		return 0;
	n = rte_vhost_dequeue_burst(port->vid, (uint16_t)(queue * 2 + 1), pmd->pool, pkts,
				    BURST_SIZE);

	return unlikely(port->guest_offloads) ? offload_rx_guest(pmd, port->index, pkts, n) : n;
}

static void count_rx(struct queue_counters *q, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t bytes = 0;

	for (uint16_t i = 0; i < n; i++)
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
	q->packets += n;
	q->bytes += bytes;
}

uint32_t pmd_poll_once(struct pmd *pmd)
{
	struct datapath *dp = pmd->dp;
	const struct fwd_view *view = __atomic_load_n(&dp->view, __ATOMIC_ACQUIRE);
	uint32_t n_rxq = view->plan.n[pmd->index];
	uint64_t t0 = rte_rdtsc();
	uint32_t received = 0;

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
	for (uint32_t i = 0; i < n_rxq; i++) {
		const struct rxq_ref *ref = &view->plan.rxq[pmd->index][i];
		struct port *port = &dp->ports[ref->port];
		struct port_counters *pc = &pmd->counters.ports[ref->port];
		struct rte_mbuf *pkts[BURST_SIZE];
		uint16_t n;
		uint64_t t1;

		if (port->type == PORT_TYPE_PHY)
			n = rx_phy(port, ref->queue, pkts);
		else
			n = rx_vhost(pmd, port, ref->queue, pkts);
		if (n) {
			received += n;
			count_rx(&pc->rx[ref->queue], pkts, n);
			capture_rx(dp, port, ref->queue, pkts, n);
			trace_rx(pmd, ref->port, ref->queue, pkts, n);
			pmd->counters.packets += n;
			if (view->vtep.enabled && ref->port == view->vtep.port)
				tunnel_input(pmd, view, ref->port, pkts, n);
			else
				bridge_input(pmd, view, ref->port, pkts, n);
			tx_flush_all(pmd);
		}
		t1 = rte_rdtsc();
		if (n) {
			pmd->counters.busy_cycles += t1 - t0;
			pc->rx_cycles[ref->queue] += t1 - t0;
		} else {
			pmd->counters.idle_cycles += t1 - t0;
		}
		t0 = t1;
	}
	/* Past this point the PMD holds no pointer into the view or the FDB. */
	rte_rcu_qsbr_quiescent(dp->qsv, pmd->index);
	return received;
}

/* pmd-sleep-max: an idle PMD naps, longer while it stays idle. */
static void idle_sleep(struct pmd *pmd, uint32_t received)
{
	uint32_t max = __atomic_load_n(&pmd->dp->desired.cfg.dataplane.pmd_sleep_max, __ATOMIC_RELAXED);

	pmd->sleep_us = pmd_sleep_next(pmd->sleep_us, max, received);
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
