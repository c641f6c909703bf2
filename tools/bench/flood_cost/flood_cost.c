/* The cost of each extra flood copy (issue 15): cycles of pmd_poll_once()
 * per received frame when a broadcast in a VXLAN network goes to 1 remote
 * VTEP and when it goes to N (16 by default; every VTEP a static neighbour,
 * so every output leaves at once), best of several rounds; the difference
 * over N - 1 is what one more VTEP costs. EAL on ring ports, one network per VTEP
 * count, measured alternately in one process. Bursts of 32 frames, fewer
 * when 32 x N outputs would not fit the VTEP port's 1,024-slot ring (both
 * networks get the same burst).
 *
 *   flock /work/dpdk.lock build/tools/flood_cost [polls-per-round [vteps]]
 *
 * More than 16 VTEPs needs [vtep] max-flood-vteps (dataplane/vtep_tables.h):
 * the list is filled as EVPN would fill it, a config line being too short
 * for a thousand addresses.
 *
 * The same source builds on a tree without dataplane/replicate.h (main
 * before issue 15, where every VTEP got a full copy): the baseline. Not a
 * test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "../../../control/config.h"
#include "../../../dataplane/lifecycle.h"
#include "../../../dataplane/vtep_arp.h"
#if __has_include("../../../dataplane/vtep_tables.h")
#include "../../../dataplane/flood_union.h"
#endif
#include "../ring_ports.h"
#if __has_include("../../../dataplane/vtep_tables.h")
#define SIZED_FLOOD 1 /* [vtep] max-flood-vteps, desired.evpn_flood */
#else
#define SIZED_FLOOD 0
#endif
#if __has_include("../../../dataplane/replicate.h")
#define BUILD "replicas"
#else
#define BUILD "copies (baseline)"
#endif

#define ROUNDS 15
#define STATIC_VTEPS 16 /* what a tree without max-flood-vteps floods to */
#define RING_SLOTS 1023 /* ring_ports.h's tx ring */
#define PORTS 3		/* a1 (1 VTEP), aN (N VTEPs), u (the VTEP) */

/* A broadcast IPv4/UDP frame of len bytes from a VM. */
static void make_frame(uint8_t *f, uint16_t len)
{
	static const uint8_t head[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0,
				       0,    0x0a, 0x08, 0x00, 0x45, 0,	   0,	 0, 0, 0,
				       0x40, 0,	   0x40, 17,   0,    0,	   10,	 0, 0, 1,
				       10,   0,	   0,	 255,  0x30, 0x39, 0,	 9};

	memset(f, 0, len);
	memcpy(f, head, sizeof(head));
	f[16] = (uint8_t)((len - 14) >> 8);
	f[17] = (uint8_t)(len - 14);
}

struct flood_feed {
	int in;
	const uint8_t *frame;
	uint16_t len;
	unsigned burst;
};

/* A burst of the broadcast frame on the VM port that floods. */
static void feed(void *arg)
{
	const struct flood_feed *f = arg;

	inject(f->in, f->frame, f->len, f->burst);
}

/* Cycles per received frame flooded from port in: the best round's. The
 * outputs are freed outside the measured poll, as a NIC would later. */
static double run(struct datapath *dp, int in, const uint8_t *frame, uint16_t len, unsigned polls,
		  unsigned burst)
{
	struct flood_feed f = {in, frame, len, burst};

	return bench_best(dp, ROUNDS, polls, burst, feed, &f, 2);
}

/* Remote VTEP i: 198.18.1.1 and up, 250 per /24. */
static uint32_t vtep_ip(unsigned i)
{
	return htonl(0xc6120000u | (1 + i / 250) << 8 | (1 + i % 250));
}

/* Network 1 floods to vteps remote VTEPs: a static list up to 16, beyond
 * that the EVPN list max-flood-vteps sizes. 0, or -1 with err. */
static int flood_list(struct datapath *dp, unsigned vteps, char *err, size_t errlen)
{
#if SIZED_FLOOD
	struct flood_vteps *l = &dp->desired.evpn_flood[1];
	struct network_config nc = dp->desired.cfg.networks[1];

	if (vteps <= STATIC_VTEPS)
		return 0;
	if (flood_vteps_reserve(l, vteps) < 0)
		return -1;
	for (l->n = 0; l->n < vteps; l->n++)
		l->addrs[l->n] = vtep_ip(l->n);
	return datapath_network_update(dp, 1, &nc, err, errlen);
#else
	(void)dp;
	snprintf(err, errlen, "more than %d VTEPs needs [vtep] max-flood-vteps", STATIC_VTEPS);
	return vteps <= STATIC_VTEPS ? 0 : -1;
#endif
}

int main(int argc, char **argv)
{
	unsigned polls = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 1000;
	unsigned vteps = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : STATIC_VTEPS;
	unsigned burst =
	    RTE_MAX(1u, RTE_MIN((unsigned)BURST_SIZE, RING_SLOTS / RTE_MAX(vteps, 1u)));
	char dev[PORTS][64], text[2048], flood[512] = "", sizes_text[128] = "", err[512];
	static const uint16_t sizes[] = {64, 1400};
	struct datapath *dp;
	uint8_t frame[1400];

	if (polls == 0 || vteps < 2 || vteps > RING_SLOTS) {
		fprintf(stderr, "usage: %s [polls-per-round (1000)] [vteps 2..%d (16)]\n", argv[0],
			RING_SLOTS);
		return 2;
	}
	if (bench_start(argv[0], "flood_cost", false, PORTS, dev) < 0)
		return 1;
	for (unsigned i = 0; i < vteps && i < STATIC_VTEPS; i++) {
		struct in_addr a = {.s_addr = vtep_ip(i)};

		snprintf(flood + strlen(flood), sizeof(flood) - strlen(flood), "%s%s",
			 i ? ", " : "", inet_ntoa(a));
	}
#if SIZED_FLOOD
	snprintf(sizes_text, sizeof(sizes_text), "max-flood-vteps = %u\nmax-neighbours = %u\n",
		 vteps, RTE_MAX(256u, vteps + 1));
#endif
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network one]\ntype = vxlan\nvni = 100\nflood = 198.18.1.1\n"
		 "[network all]\ntype = vxlan\nvni = 101\nflood = %s\n"
		 "[port a1]\ntype = phy\ndevargs = %s\nnetwork = one\n"
		 "[port aN]\ntype = phy\ndevargs = %s\nnetwork = all\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/15\nport = u\n%s",
		 flood, dev[0], dev[1], dev[2], sizes_text);
	if (!(dp = bench_datapath("flood.ini", text)))
		return 1;
	if (flood_list(dp, vteps, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (unsigned i = 0; i < vteps; i++) {
		uint8_t mac[6] = {0x02, 0, 0, 0x01, (uint8_t)(i >> 8), (uint8_t)i};

		if (vtep_neighbour_add(dp, vtep_ip(i), mac) < 0)
			return 1;
	}
	printf("%s: cycles per received frame, broadcast flooded to remote VTEPs, bursts of %u, "
	       "best of %d x %u polls\n",
	       BUILD, burst, ROUNDS, polls);
	printf("  inner bytes | 1 VTEP | %u VTEPs | per extra VTEP\n", vteps);
	for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		double one, all;

		make_frame(frame, sizes[s]);
		one = run(dp, 0, frame, sizes[s], polls, burst);
		all = run(dp, 1, frame, sizes[s], polls, burst);
		printf("  %11u | %6.1f | %8.1f | %6.1f\n", sizes[s], one, all,
		       (all - one) / (vteps - 1));
	}
	return bench_stop("flood_cost", dp);
}
