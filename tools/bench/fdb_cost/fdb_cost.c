/* What a big MAC table costs the PMD (issue 15's "1 million MACs within 15 %
 * of 2"), without the noise of a PVP loop on a shared host: cycles of
 * pmd_poll_once() per frame forwarding bursts of 32 known unicast frames
 * between two ring ports of one flat network, while the FDB holds N MACs
 * (N / 2 behind each port) and the frames cycle through all N / 2 pairs, so
 * every lookup (and the per-PMD cache in front of the FDB) sees N distinct
 * MACs. Best of several rounds: the minimum is the cost, the rest is the
 * machine (preemption counts in TSC cycles).
 *
 *   flock /work/dpdk.lock build/tools/fdb_cost [polls-per-round] [huge]
 *
 * "huge": EAL on hugepages (--in-memory; 2 MiB pages must be reserved and
 * mounted) instead of --no-huge, to tell TLB misses on 4 KiB pages from
 * cache misses in the table.
 *
 * The MACs are those of tools/bench/flowgen (02:10:KK.. and 02:11:KK..),
 * added to the FDB by the control side's own fdb_learn(), as learning would.
 * Not a test. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "../../../dataplane/lifecycle.h"
#include "../../../dataplane/fdb.h"
#include "../ring_ports.h"

#define ROUNDS 9

/* Pair k's MAC on side 0x10 (port a) or 0x11 (port b), as flowgen makes it. */
static void pair_mac(uint8_t side, uint32_t k, uint8_t *mac)
{
	mac[0] = 0x02;
	mac[1] = side;
	mac[2] = (uint8_t)(k >> 24);
	mac[3] = (uint8_t)(k >> 16);
	mac[4] = (uint8_t)(k >> 8);
	mac[5] = (uint8_t)k;
}

/* A burst of 64-byte frames a -> b, pairs next, next + 1, ... (mod pairs). */
static void inject_pairs(uint32_t *next, uint32_t pairs)
{
	struct rte_mbuf *m[BURST_SIZE];

	if (rte_pktmbuf_alloc_bulk(pool, m, BURST_SIZE) < 0)
		abort();
	for (unsigned i = 0; i < BURST_SIZE; i++) {
		uint8_t *f = (uint8_t *)rte_pktmbuf_append(m[i], 64);

		memset(f, 0, 64);
		pair_mac(0x11, *next, f);
		pair_mac(0x10, *next, f + 6);
		f[12] = 0x08;
		*next = *next + 1 == pairs ? 0 : *next + 1;
	}
	rte_ring_enqueue_bulk(rx[0], (void **)m, BURST_SIZE, NULL);
}

struct pairs_feed {
	uint32_t next, pairs;
};

static void feed(void *arg)
{
	struct pairs_feed *f = arg;

	inject_pairs(&f->next, f->pairs);
}

/* Cycles per frame, the best round's; the frames are made and freed outside
 * the measured poll. */
static double run(struct datapath *dp, uint32_t pairs, unsigned polls)
{
	struct pairs_feed f = {0, pairs};

	return bench_best(dp, ROUNDS, polls, BURST_SIZE, feed, &f, 1);
}

/* Adds pairs [from, to) to the FDB: side 0x10 behind port a, 0x11 behind b. */
static int fdb_fill(struct datapath *dp, uint16_t network, uint16_t a, uint16_t b, uint32_t from,
		    uint32_t to)
{
	for (uint32_t k = from; k < to; k++) {
		struct fdb_key key;
		uint8_t mac[6];

		pair_mac(0x10, k, mac);
		fdb_key_set(&key, mac, network);
		if (fdb_learn(&dp->fdb, &key, a, 0, FDB_ORIGIN_LEARNED, datapath_now(dp)) < 0)
			return -1;
		pair_mac(0x11, k, mac);
		fdb_key_set(&key, mac, network);
		if (fdb_learn(&dp->fdb, &key, b, 0, FDB_ORIGIN_LEARNED, datapath_now(dp)) < 0)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned polls = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 2000;
	bool huge = argc > 2 && strcmp(argv[2], "huge") == 0;
	static const uint32_t macs[] = {2, 1000, 100000, 1000000};
	char dev[2][64], text[1024];
	const struct fdb_entry *e = NULL;
	struct datapath *dp;
	struct fdb_key key;
	uint16_t network = 0, a, b;
	uint32_t filled = 0;
	uint8_t mac[6];

	if (bench_start(argv[0], "fdb_cost", huge, 2, dev) < 0)
		return 1;
	/* The FDB at most half full with a million pairs, as tools/bench/scale sizes it. */
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\nfdb-entries = 4194304\n"
		 "[network net]\ntype = flat\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = net\nmac-limit = 0\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = net\nmac-limit = 0\n",
		 dev[0], dev[1]);
	if (!(dp = bench_datapath("fdb_cost.ini", text)))
		return 1;
	/* Pair 0 learned by traffic: tells which network id and ports the
	 * datapath gave the config's names. */
	run(dp, 1, 1);
	inject(1, (const uint8_t[64]){0x02, 0x10, 0, 0, 0, 0, 0x02, 0x11, 0, 0, 0, 0, 0x08}, 64, 1);
	pmd_poll_once(dp->pmds[0]);
	datapath_tick(dp);
	drain(0);
	drain(1);
	pair_mac(0x11, 0, mac);
	for (network = 0; network < 8 && !e; network++) {
		fdb_key_set(&key, mac, network);
		e = fdb_find(&dp->fdb, &key);
	}
	if (!e) {
		fprintf(stderr, "fdb_cost: pair 0 was not learned\n");
		return 1;
	}
	network--;
	b = e->port;
	pair_mac(0x10, 0, mac);
	fdb_key_set(&key, mac, network);
	if (!(e = fdb_find(&dp->fdb, &key)))
		return 1;
	a = e->port;
	printf("cycles per frame, a -> b known unicast among N MACs, bursts of %d, best of %d x %u "
	       "polls, %s\n",
	       BURST_SIZE, ROUNDS, polls, huge ? "hugepages" : "--no-huge (4 KiB pages)");
	printf("  %8s | %6s | %s\n", "MACs", "cycles", "FDB entries");
	for (unsigned i = 0; i < sizeof(macs) / sizeof(macs[0]); i++) {
		if (fdb_fill(dp, network, a, b, filled, macs[i] / 2) < 0) {
			fprintf(stderr, "fdb_cost: the FDB refused a MAC at %u pairs\n", filled);
			return 1;
		}
		filled = macs[i] / 2;
		printf("  %8u | %6.1f | %u\n", macs[i], run(dp, macs[i] / 2, polls), dp->fdb.count);
		fflush(stdout);
	}
	return bench_stop("fdb_cost", dp);
}
