/* libFuzzer target over the mbuf datapath: the input is a sequence of frames,
 * each with the port it arrives on, pushed through the real PMD burst
 * functions (pmd_poll_once) on in-process net_ring ports, as the component
 * tests drive them. One datapath covers a flat bridge, two VLAN networks on a
 * trunk, a VXLAN network flooding to 16 remote VTEPs with an MTU (576) that
 * makes the guard cut a jumbo frame in 17, and a GRE network; its VTEP answers ARP.
 *
 * After every input, beyond "no crash": every mbuf is back in the pool
 * (rte_mempool_avail_count, less those legitimately parked waiting for a
 * next hop), each port received exactly what was injected on it and its tx
 * counter matches what left on its ring, and no drop counter went down.
 *
 * Input: records of [port | 0x80 poll first][len hi][len lo][segments | 0x80
 * padded] then the frame's len bytes, or when padded a count byte N and N
 * bytes the target pads with zeros to len (a small input makes a jumbo
 * frame). Polling before a frame or not makes bursts of one or of several.
 * Bits 0x78 of the first byte ask for guest offloads (issue 12): TSO, an L4
 * checksum, IPv4 or IPv6, header lengths and a segment size that may
 * disagree with the bytes; nothing may leave a ring port (which offloads
 * nothing) with an offload still asked of it. The EAL starts once per
 * process
 * (--no-huge); run one at a time under flock /work/dpdk.lock. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "../../dataplane/lifecycle.h"
#include "../../dataplane/offload.h"
#include "../../dataplane/stats.h"
#include "../../dataplane/tunnel_output.h"
#include "../../dataplane/vtep_arp.h"
#include "../component/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_datapath: check failed: %s\n", #cond);               \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define MAX_FRAMES 64  /* per input: keeps each run cheap */
#define MAX_FRAME 9018 /* a jumbo frame with a VLAN tag */
#define MAX_SEGMENTS 4 /* a frame may arrive as a chain, as scatter rx gives */
#define N_PORTS 8

/* u is the VTEP's underlay, with the address the decap seeds
 * (tests/golden/make_golden.py) are sent to; the VTEP does not filter on its
 * MAC, so the seeds' destination MAC need not be the ring port's. */
static const char *const port_names[N_PORTS] = {"a", "b", "t", "va", "vb", "vm0", "vm1", "u"};

static struct ring_port rings[N_PORTS];
static int port_index[N_PORTS]; /* datapath port index of rings[i] */
static struct datapath *dp;
static struct rte_mempool *pool;

static const char config_fmt[] =
    "[dataplane]\nmain-core = 0\nworker-cores = 1\nmbuf-size = 9216\n"
    /* The smallest table: flushing it per input stays cheap. */
    "fdb-entries = 1024\n"
    "[network br]\ntype = flat\n"
    "[network v100]\ntype = vlan\nvid = 100\nport = t\n"
    "[network v200]\ntype = vlan\nvid = 200\nport = t\n"
    /* 16 remote VTEPs: one on the link, the rest behind the gateway. */
    "[network ov]\ntype = vxlan\nvni = 100\nmtu = 576\nflood = 198.18.0.2, 198.19.0.1, "
    "198.19.0.2, 198.19.0.3, 198.19.0.4, 198.19.0.5, 198.19.0.6, 198.19.0.7, 198.19.0.8, "
    "198.19.0.9, 198.19.0.10, 198.19.0.11, 198.19.0.12, 198.19.0.13, 198.19.0.14, 198.19.0.15\n"
    "[network gr]\ntype = gre\nkey = 7\n"
    "[port a]\ntype = phy\ndevargs = %s\nnetwork = br\n%s"
    "[port b]\ntype = phy\ndevargs = %s\nnetwork = br\n%s"
    "[port t]\ntype = phy\ndevargs = %s\n%s"
    "[port va]\ntype = phy\ndevargs = %s\nnetwork = v100\n%s"
    "[port vb]\ntype = phy\ndevargs = %s\nnetwork = v200\n%s"
    "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n%s"
    "[port vm1]\ntype = phy\ndevargs = %s\nnetwork = gr\n%s"
    "[port u]\ntype = phy\ndevargs = %s\n%s"
    "[vtep]\naddress = 198.18.0.1/24\nport = u\ngateway = 198.18.0.254\n"
    "neighbours = 198.18.0.254 02:00:00:00:01:fe, 198.18.0.2 02:00:00:00:01:02\n";

/* Few descriptors: the pool (sized from them) stays small with jumbo mbufs. */
static const char port_opts[] = "rx-descriptors = 64\ntx-descriptors = 64\n";

static void fuzz_cleanup(void)
{
	if (dp)
		datapath_destroy(dp);
	dp = NULL;
	harness_eal_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char text[4096];
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char err[512];
	const char *d[N_PORTS];

	(void)argc;
	(void)argv;
	if (harness_eal_init("fuzz_datapath") < 0) {
		fprintf(stderr, "fuzz_datapath: EAL init failed\n");
		exit(1);
	}
	for (int i = 0; i < N_PORTS; i++) {
		if (harness_ring_port(&rings[i], port_names[i], 1024) < 0) {
			fprintf(stderr, "fuzz_datapath: ring port %s failed\n", port_names[i]);
			exit(1);
		}
		d[i] = rings[i].devargs;
	}
	snprintf(text, sizeof(text), config_fmt, d[0], port_opts, d[1], port_opts, d[2], port_opts,
		 d[3], port_opts, d[4], port_opts, d[5], port_opts, d[6], port_opts, d[7],
		 port_opts);
	if (harness_config(text, &cfg) < 0)
		exit(1);
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "fuzz_datapath: datapath_create: %s\n", err);
		exit(1);
	}
	for (int i = 0; i < N_PORTS; i++)
		port_index[i] = datapath_find_port(dp, port_names[i]);
	pool = dp->pools[0];
	atexit(fuzz_cleanup);
	return 0;
}

/* Mbufs the datapath may rightly hold between inputs: packets waiting for a
 * next hop's MAC, punted packets the control thread has not taken yet. */
/* The direct mbufs behind held indirect segments: a fragment made by
 * rte_ipv4_fragment_packet points into the original packet, which stays out
 * of the pool until its last fragment is freed. Each counted once. */
#define MAX_ATTACHED 4096
static struct rte_mbuf *attached[MAX_ATTACHED];
static unsigned n_attached;

static unsigned packet_mbufs(struct rte_mbuf *m)
{
	unsigned n = 0;

	for (; m; m = m->next) {
		n++;
		if (RTE_MBUF_CLONED(m)) {
			struct rte_mbuf *direct = rte_mbuf_from_indirect(m);
			unsigned i;

			for (i = 0; i < n_attached && attached[i] != direct; i++)
				;
			if (i == n_attached && n_attached < MAX_ATTACHED) {
				attached[n_attached++] = direct;
				n++;
			}
		}
	}
	return n;
}

/* Mbufs the datapath holds between bursts, as the pool counts them (every
 * segment, and the originals fragments point into): packets waiting for a
 * next hop's MAC, punted to the control thread, or buffered for transmit. */
static unsigned held(void)
{
	unsigned n = 0;

	n_attached = 0;
	for (uint32_t i = 0; i < dp->neigh.n_slots; i++)
		for (uint16_t w = 0; w < dp->neigh.slot[i].n_waiting; w++)
			n += packet_mbufs(dp->vtep_ctl->waiting[i][w]);
	for (uint32_t i = 0; i < dp->n_pmds; i++) {
		struct rte_ring *r = dp->pmds[i]->punt_ring;
		unsigned count = rte_ring_count(r);
		struct vtep_punt punt;

		/* A ring cannot be read in place: cycle it once (one thread). */
		for (unsigned k = 0; k < count; k++)
			if (rte_ring_dequeue_elem(r, &punt, sizeof(punt)) == 0) {
				n += packet_mbufs(punt.m);
				rte_ring_enqueue_elem(r, &punt, sizeof(punt));
			}
		for (int p = 0; p < SLUICE_MAX_PORTS; p++)
			for (uint16_t k = 0; k < dp->pmds[i]->tx[p].n; k++)
				n += packet_mbufs(dp->pmds[i]->tx[p].pkts[k]);
	}
	return n;
}

struct snapshot {
	uint64_t rx[N_PORTS], tx[N_PORTS];
	uint64_t drops[N_PORTS][DROP_REASON_COUNT];
};

static void snapshot_take(struct snapshot *s)
{
	for (int i = 0; i < N_PORTS; i++) {
		struct port_counters pc;
		struct queue_counters rx, tx;
		uint64_t drops;

		stats_port(dp, (uint16_t)port_index[i], &pc);
		stats_port_totals(&pc, &rx, &tx, &drops);
		s->rx[i] = rx.packets;
		s->tx[i] = tx.packets;
		memcpy(s->drops[i], pc.drops, sizeof(pc.drops));
	}
}

/* A frame of len bytes in nseg segments: the first min(len, avail) from the
 * input, zeros after. NULL when the pool is dry (the datapath may be holding
 * mbufs: not this target's concern). */
static struct rte_mbuf *frame_build(const uint8_t *bytes, size_t avail, uint16_t len, unsigned nseg)
{
	struct rte_mbuf *head = NULL;
	uint16_t done = 0;

	for (unsigned s = 0; s < nseg; s++) {
		uint16_t part = s == nseg - 1 ? (uint16_t)(len - done) : (uint16_t)(len / nseg);
		struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
		uint8_t *p;

		if (!m || !(p = (uint8_t *)rte_pktmbuf_append(m, part))) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(head);
			return NULL;
		}
		for (uint16_t i = 0; i < part; i++)
			p[i] = (size_t)(done + i) < avail ? bytes[done + i] : 0;
		done = (uint16_t)(done + part);
		if (!head)
			head = m;
		else if (rte_pktmbuf_chain(head, m) < 0) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(head);
			return NULL;
		}
	}
	return head;
}

/* Offload flags as a guest's packet would carry them, from 4 input bits
 * and the frame length: what offload_check_tx must judge against the bytes. */
static void offload_flags(struct rte_mbuf *m, unsigned o, uint16_t len)
{
	static const uint64_t l4[4] = {0, RTE_MBUF_F_TX_TCP_CKSUM, RTE_MBUF_F_TX_UDP_CKSUM,
				       RTE_MBUF_F_TX_SCTP_CKSUM};

	if (o == 0)
		return;
	m->ol_flags = l4[o & 3] | ((o & 4) ? RTE_MBUF_F_TX_TCP_SEG : 0) |
		      ((o & 8) ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM);
	m->l2_len = 14;
	m->l3_len = (o & 8) ? 40 : 20;
	m->l4_len = 20;
	m->tso_segsz = (uint16_t)(len >> ((o & 3) + 1)); /* 0, over the payload, or fitting */
}

/* Frees what port i sent and returns how much: nothing leaves a ring port
 * with segmentation or a checksum still asked of it. */
static uint64_t drain(int i)
{
	struct rte_mbuf *m;
	uint64_t n = 0;

	while (rte_ring_dequeue(rings[i].tx, (void **)&m) == 0) {
		FUZZ_CHECK(!offload_pending(m));
		rte_pktmbuf_free(m);
		n++;
	}
	return n;
}

/* Polls until every rx ring is empty and the control thread is idle, taking
 * what each port sent as it goes. */
static void run_until_quiet(uint64_t sent[N_PORTS])
{
	for (int round = 0; round < 64; round++) {
		bool busy = false;

		harness_poll(dp);
		while (datapath_tick(dp))
			;
		for (int i = 0; i < N_PORTS; i++) {
			sent[i] += drain(i);
			busy |= rte_ring_count(rings[i].rx) > 0;
		}
		if (!busy)
			return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t injected[N_PORTS] = {0}, sent[N_PORTS] = {0};
	struct snapshot before, after;
	unsigned start, frames = 0;
	size_t off = 0;

	/* Each input starts from an empty MAC table, so a crash replays alone. */
	for (uint32_t n = 0; n < dp->desired.cfg.n_networks; n++)
		fdb_flush_network(&dp->fdb, (uint16_t)n);
	run_until_quiet(sent);
	memset(sent, 0, sizeof(sent));
	start = rte_mempool_avail_count(pool) + held();
	snapshot_take(&before);

	while (size - off >= 4 && frames < MAX_FRAMES) {
		unsigned port = data[off] % N_PORTS;
		unsigned offload = (data[off] >> 3) & 0x0f;
		bool poll_first = data[off] & 0x80;
		uint16_t len = (uint16_t)((data[off + 1] << 8 | data[off + 2]) % (MAX_FRAME + 1));
		bool padded = data[off + 3] & 0x80;
		unsigned nseg = 1 + (data[off + 3] & 0x7f) % MAX_SEGMENTS;
		size_t avail;
		struct rte_mbuf *m;

		if (nseg > len)
			nseg = len ? len : 1;
		off += 4;
		/* Padded: one count byte says how much of the frame the input
		 * carries, zeros make up the rest: a small input makes jumbos. */
		avail = size - off;
		if (padded) {
			if (off == size)
				break;
			avail = (size_t)data[off++];
			avail = avail < size - off ? avail : size - off;
		}
		avail = avail < len ? avail : len;
		if (poll_first) {
			harness_poll(dp);
			for (int i = 0; i < N_PORTS; i++)
				sent[i] += drain(i);
		}
		m = frame_build(data + off, avail, len, nseg);
		off += avail;
		frames++;
		if (!m)
			continue;
		offload_flags(m, offload, len);
		if (rte_ring_enqueue(rings[port].rx, m) < 0) {
			rte_pktmbuf_free(m);
			continue;
		}
		injected[port]++;
	}
	run_until_quiet(sent);

	snapshot_take(&after);
	for (int i = 0; i < N_PORTS; i++) {
		FUZZ_CHECK(after.rx[i] - before.rx[i] == injected[i]);
		FUZZ_CHECK(after.tx[i] - before.tx[i] == sent[i]);
		for (int r = 0; r < DROP_REASON_COUNT; r++)
			FUZZ_CHECK(after.drops[i][r] >= before.drops[i][r]);
	}
	FUZZ_CHECK(rte_mempool_avail_count(pool) + held() == start);
	return 0;
}
