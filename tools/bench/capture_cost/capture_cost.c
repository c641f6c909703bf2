/* What the capture and trace hooks cost the PMD, without the noise of a PVP
 * loop: cycles per packet of pmd_poll_once() forwarding bursts of 32 known
 * unicast frames between two ring ports, best of several rounds (the
 * minimum is the cost; the rest is the machine).
 *
 *   flock /work/dpdk.lock build/tools/capture_cost [polls-per-round]
 *
 * Modes: nothing armed (the hooks' branches only); a capture running on a
 * third port (flags of these ports still clear); a trace armed on the third
 * port (every hook also tests the mbuf's mark); a capture of both directions
 * on the sending port (copies made and written to /dev/null). Built against
 * a tree without the hooks (no dataplane/capture.h) it runs the first mode
 * only: the baseline. Not a test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "../../../control/config.h"
#include "../../../dataplane/lifecycle.h"
#include "../ring_ports.h"
#if __has_include("../../../dataplane/capture.h")
#include "../../../dataplane/capture.h"
#include "../../../dataplane/trace.h"
#define HAVE_HOOKS 1
#endif

#define ROUNDS 15

/* A burst of the frame a -> b on port a. */
static void feed(void *frame)
{
	inject(0, frame, 64, BURST_SIZE);
}

/* Cycles per packet: the best round's. */
static double run(struct datapath *dp, const uint8_t *frame, unsigned polls)
{
	return bench_best(dp, ROUNDS, polls, BURST_SIZE, feed, (void *)frame, 1);
}

int main(int argc, char **argv)
{
	unsigned polls = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 2000;
	char dev[3][64], text[1024], err[512];
	struct datapath *dp;
	uint8_t frame[64] = {0x02, 0, 0, 0, 0, 0x0b, 0x02, 0, 0, 0, 0, 0x0a, 0x08, 0x00};
	uint8_t back[64] = {0x02, 0, 0, 0, 0, 0x0a, 0x02, 0, 0, 0, 0, 0x0b, 0x08, 0x00};

	if (bench_start(argv[0], "capture_cost", false, 3, dev) < 0)
		return 1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n[network net]\ntype = flat\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port c]\ntype = phy\ndevargs = %s\nnetwork = net\n",
		 dev[0], dev[1], dev[2]);
	if (!(dp = bench_datapath("cost.ini", text)))
		return 1;
	/* Both MACs learned: every frame is a known unicast a -> b. */
	inject(1, back, 64, 1);
	pmd_poll_once(dp->pmds[0]);
	datapath_tick(dp);
	for (int i = 0; i < 3; i++)
		drain(i);
	printf("cycles per packet, a -> b known unicast, bursts of %d, best of %d x %u polls\n",
	       BURST_SIZE, ROUNDS, polls);
	printf("  nothing armed                %6.1f\n", run(dp, frame, polls));
#ifdef HAVE_HOOKS
	if (capture_start(dp, 2, CAPTURE_RX | CAPTURE_TX, 0, "/dev/null", err, sizeof(err)) < 0)
		return 1;
	printf("  capture on another port      %6.1f\n", run(dp, frame, polls));
	capture_stop(dp, 2, NULL);
	if (trace_start(dp, 2, 1, err, sizeof(err)) < 0)
		return 1;
	printf("  trace armed on another port  %6.1f\n", run(dp, frame, polls));
	trace_clear(dp);
	if (capture_start(dp, 0, CAPTURE_RX | CAPTURE_TX, 0, "/dev/null", err, sizeof(err)) < 0)
		return 1;
	printf("  capture on the receiving port%6.1f\n", run(dp, frame, polls));
	capture_stop(dp, 0, NULL);
#endif
	return bench_stop("capture_cost", dp);
}
