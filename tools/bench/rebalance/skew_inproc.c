/* Rebalancing benchmark in one process, for hosts with two CPUs: two PMDs
 * from a skewed start, automatic rebalancing on or off.
 *
 *   lcores 0@0,1@0,2@1: the control thread and PMD 0 share CPU 0 (the
 *   control thread sleeps between its once-a-second samples), PMD 1 has CPU 1.
 *   PMD 0 polls src0 and src1 (net_null sources), PMD 1 polls sink
 *   (net_null, no-rx=1): round robin over three ports, the skew.
 *
 * Prints the packets per second both PMDs received together over `seconds`
 * after the first rebalance interval. Not a test; run under flock
 * /work/dpdk.lock:  skew_inproc auto|off [interval] [seconds] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_lcore.h>

#include "../../../control/rebalance.h"
#include "../../../tests/component/harness.h"

static uint64_t packets(const struct datapath *dp)
{
	uint64_t sum = 0;

	for (uint32_t w = 0; w < dp->n_pmds; w++)
		sum += __atomic_load_n(&dp->pmds[w]->counters.packets, __ATOMIC_RELAXED);
	return sum;
}

/* The control loop for `seconds`: the rebalancer's timer, learning. */
static void control(struct datapath *dp, struct rebalance *rb, unsigned seconds)
{
	uint64_t end = rte_get_tsc_cycles() + seconds * rte_get_tsc_hz();

	while (rte_get_tsc_cycles() < end) {
		datapath_tick(dp);
		rebalance_tick(rb, dp, datapath_now(dp));
		usleep(10000);
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "auto";
	unsigned interval = argc > 2 ? (unsigned)atoi(argv[2]) : 5;
	unsigned seconds = argc > 3 ? (unsigned)atoi(argv[3]) : 10;
	char text[1024];
	struct datapath *dp;
	struct rebalance *rb;
	const struct rebalance_report *r;
	uint64_t p1;

	if (harness_eal_init_lcores("skew_inproc", "0@0,1@0,2@1") < 0)
		return 1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1,2\nrebalance = %s\nrebalance-interval = %u\n"
		 "[network n]\ntype = flat\n"
		 "[port src0]\ntype = phy\ndevargs = net_null0,size=64\nnetwork = n\n"
		 "[port sink]\ntype = phy\ndevargs = net_null1,no-rx=1\nnetwork = n\n"
		 "[port src1]\ntype = phy\ndevargs = net_null2,size=64\nnetwork = n\n",
		 mode, interval);
	dp = harness_datapath(text);
	rb = dp ? rebalance_create(datapath_now(dp)) : NULL;
	if (!rb || datapath_launch(dp) < 0)
		return 1;
	printf("start: PMD 0 polls %u queues, PMD 1 %u\n", dp->view->plan.n[0],
	       dp->view->plan.n[1]);
	control(dp, rb, interval + 1);
	r = rebalance_last(rb);
	if (r->taken)
		printf("first decision: busiest PMD %.1f%% -> %.1f%%, gain %.1f%%, moved %u\n",
		       r->d.busiest_before_pct, r->d.busiest_after_pct, r->d.gain_pct,
		       r->applied ? r->d.moved : 0);
	p1 = packets(dp);
	control(dp, rb, seconds);
	printf("rebalance %s: %.2f Mpps over %u s after the first %u s interval; PMD 0 polls "
	       "%u queues, PMD 1 %u\n",
	       mode, (double)(packets(dp) - p1) / seconds / 1e6, seconds, interval,
	       dp->view->plan.n[0], dp->view->plan.n[1]);
	rebalance_destroy(rb);
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}
