/* The cost of each extra flood copy (issue 15): cycles of pmd_poll_once()
 * per received frame when a broadcast in a VXLAN network goes to 1 remote
 * VTEP and when it goes to 16 (every VTEP a static neighbour, so every
 * output leaves at once), best of several rounds; (16 - 1) / 15 is what one
 * more VTEP costs. EAL on ring ports, bursts of 32, one network per VTEP
 * count, measured alternately in one process.
 *
 *   flock /work/dpdk.lock build/tools/flood_cost [polls-per-round]
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
#include "../../../dataplane/datapath.h"
#include "../../../dataplane/vtep_arp.h"
#include "../ring_ports.h"
#if __has_include("../../../dataplane/replicate.h")
#define BUILD "replicas"
#else
#define BUILD "copies (baseline)"
#endif

#define ROUNDS 15
#define MAX_VTEPS 16
#define PORTS 3 /* a1 (1 VTEP), a16 (16 VTEPs), u (the VTEP) */

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
};

/* A burst of the broadcast frame on the VM port that floods. */
static void feed(void *arg)
{
	const struct flood_feed *f = arg;

	inject(f->in, f->frame, f->len, BURST_SIZE);
}

/* Cycles per received frame flooded from port in: the best round's. The
 * outputs are freed outside the measured poll, as a NIC would later. */
static double run(struct datapath *dp, int in, const uint8_t *frame, uint16_t len, unsigned polls)
{
	struct flood_feed f = {in, frame, len};

	return bench_best(dp, ROUNDS, polls, feed, &f, 2);
}

int main(int argc, char **argv)
{
	unsigned polls = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 1000;
	char dev[PORTS][64], text[2048], flood[512] = "";
	static const uint16_t sizes[] = {64, 1400};
	struct datapath *dp;
	uint8_t frame[1400];

	if (bench_start(argv[0], "flood_cost", false, PORTS, dev) < 0)
		return 1;
	for (int i = 0; i < MAX_VTEPS; i++)
		snprintf(flood + strlen(flood), sizeof(flood) - strlen(flood), "%s198.18.0.%d",
			 i ? ", " : "", 2 + i);
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network one]\ntype = vxlan\nvni = 100\nflood = 198.18.0.2\n"
		 "[network all]\ntype = vxlan\nvni = 101\nflood = %s\n"
		 "[port a1]\ntype = phy\ndevargs = %s\nnetwork = one\n"
		 "[port a16]\ntype = phy\ndevargs = %s\nnetwork = all\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\n",
		 flood, dev[0], dev[1], dev[2]);
	if (!(dp = bench_datapath("flood.ini", text)))
		return 1;
	for (int i = 0; i < MAX_VTEPS; i++) {
		uint8_t mac[6] = {0x02, 0, 0, 0, 0x01, (uint8_t)i};
		char addr[16];
		uint32_t ip;

		snprintf(addr, sizeof(addr), "198.18.0.%d", 2 + i);
		inet_pton(AF_INET, addr, &ip);
		if (vtep_neighbour_add(dp, ip, mac) < 0)
			return 1;
	}
	printf("%s: cycles per received frame, broadcast flooded to remote VTEPs, bursts of %d, "
	       "best of %d x %u polls\n",
	       BUILD, BURST_SIZE, ROUNDS, polls);
	printf("  inner bytes | 1 VTEP | 16 VTEPs | per extra VTEP\n");
	for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		double one, all;

		make_frame(frame, sizes[s]);
		one = run(dp, 0, frame, sizes[s], polls);
		all = run(dp, 1, frame, sizes[s], polls);
		printf("  %11u | %6.1f | %8.1f | %6.1f\n", sizes[s], one, all,
		       (all - one) / (MAX_VTEPS - 1));
	}
	return bench_stop("flood_cost", dp);
}
