/* A PMD's transmit buffers under a burst that sends one port far more than
 * BURST_SIZE packets: every packet is sent or counted, none is lost in a
 * buffer, nothing outside the dirty list is overwritten (issue 11, finding
 * 1). The realistic trigger: large non-DF IPv4 unknown unicast into a VXLAN
 * network with a small MTU and a long flood list, where fragmentation times
 * head-end replication hands the VTEP's port thousands of packets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <rte_ethdev.h>
#include <rte_ip.h>

#include "../../dataplane/tx.h"
#include "harness.h"

#define MAC_L "02:00:00:00:00:01"	/* a VM behind vm0 */
#define MAC_UNKNOWN "02:00:00:00:00:99" /* nobody's: flooded */
#define N_FLOOD 16			/* max-flood-vteps (default) remote VTEPs */
#define U_TX_RING 256			/* most of the burst overflows it */

static struct ring_port vm0, u;
static struct datapath *dp;
static uint16_t vm0_index, u_index;

static const char *config_text(void)
{
	static char text[8192];
	char flood[1024] = "", neighbours[2048] = "";
	size_t f = 0, n = 0;

	for (int i = 0; i < N_FLOOD; i++) {
		f += (size_t)snprintf(flood + f, sizeof(flood) - f, "%s198.18.0.%d", i ? ", " : "",
				      i + 2);
		n += (size_t)snprintf(neighbours + n, sizeof(neighbours) - n,
				      "%s198.18.0.%d 02:00:00:00:01:%02x", i ? ", " : "", i + 2,
				      i + 2);
	}
	/* vm0 is port 0, u port 1: an overrun of the dirty list lands on
	 * port 0's buffer first. */
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network ov]\ntype = vxlan\nvni = 100\nmtu = 68\nflood = %s\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\nneighbours = %s\n",
		 flood, vm0.devargs, u.devargs, neighbours);
	return text;
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char err[512];

	(void)state;
	if (harness_eal_init("test_tx_burst") < 0 || harness_ring_port(&vm0, "vm0", 1024) < 0 ||
	    harness_ring_port(&u, "u", U_TX_RING) < 0 || harness_config(config_text(), &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	vm0_index = (uint16_t)datapath_find_port(dp, "vm0");
	u_index = (uint16_t)datapath_find_port(dp, "u");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

/* What u sent plus what it dropped for a full tx queue. */
static uint64_t u_sent_or_full(void)
{
	return harness_tx_packets(dp, "u") + harness_drops(dp, "u", DROP_TX_QUEUE_FULL);
}

/* Nothing waits in any buffer and the dirty list is empty: what a PMD must
 * look like between bursts. */
static void assert_buffers_empty(const struct pmd *pmd)
{
	assert_int_equal(pmd->n_dirty, 0);
	for (uint16_t i = 0; i < SLUICE_MAX_PORTS; i++)
		assert_int_equal(pmd->tx[i].n, 0);
}

/* The datapath's own pool is whole again: every mbuf came back. */
static void assert_pools_full(void)
{
	struct rte_mempool *pool = dp->pmds[0]->pool;

	assert_int_equal(rte_mempool_avail_count(pool), pool->size);
	assert_int_equal(rte_mempool_avail_count(harness_pool()), harness_pool()->size);
}

/* tx_enqueue() straight from the test: 5000 packets to one port within one
 * burst, 157 flushes of a full buffer on the way. */
static void test_many_enqueues_to_one_port(void **state)
{
	struct pmd *pmd = dp->pmds[0];
	uint64_t before = u_sent_or_full();
	const unsigned n = 5000;

	(void)state;
	for (unsigned i = 0; i < n; i++) {
		struct rte_mbuf *m = harness_frame(MAC_UNKNOWN, MAC_L, 60);

		assert_non_null(m);
		tx_enqueue(pmd, u_index, m);
		/* Listed once, whatever the number of flushes. */
		assert_true(pmd->n_dirty <= SLUICE_MAX_PORTS);
	}
	tx_flush_all(pmd);
	assert_int_equal(u_sent_or_full() - before, n);
	assert_buffers_empty(pmd);
	harness_drain(&u);
	assert_pools_full();
}

/* An IPv4 frame of len bytes without DF, to dst. */
static struct rte_mbuf *ipv4_frame(const char *dst, const char *src, uint16_t len)
{
	struct rte_mbuf *m = harness_frame(dst, src, len);
	struct rte_ipv4_hdr *ip;

	assert_non_null(m);
	ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, RTE_ETHER_HDR_LEN);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = htons((uint16_t)(len - RTE_ETHER_HDR_LEN));
	ip->packet_id = htons(1);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	inet_pton(AF_INET, "198.18.1.1", &ip->src_addr);
	inet_pton(AF_INET, "198.18.1.2", &ip->dst_addr);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	return m;
}

/* The guest's view: 9 frames of 1514 bytes, each cut into 31 fragments of
 * 48 bytes of payload (MTU 68) and each fragment sent to 16 VTEPs: 4464
 * packets for u in one burst. Then the wire sends vm0 a frame, which must
 * leave at once (a buffer overwritten by the dirty list would hold it). */
static void test_fragmented_flood_to_many_vteps(void **state)
{
	const unsigned frames = 9, frags = (1500 - 20 + 47) / 48;
	uint64_t before = u_sent_or_full(), vm0_tx = harness_tx_packets(dp, "vm0");
	struct rte_mbuf *m;

	(void)state;
	for (unsigned i = 0; i < frames; i++)
		harness_inject(&vm0, ipv4_frame(MAC_UNKNOWN, MAC_L, 1514));
	harness_poll(dp);
	assert_int_equal(u_sent_or_full() - before, frames * frags * N_FLOOD);
	assert_buffers_empty(dp->pmds[0]);
	harness_drain(&u);

	/* A frame from the VTEP side for vm0, sent by the PMD's next burst: a
	 * plain frame on u belongs to no network, so go through the PMD's
	 * buffer for vm0 directly. */
	m = harness_frame(MAC_L, MAC_UNKNOWN, 60);
	tx_enqueue(dp->pmds[0], vm0_index, m);
	tx_flush_all(dp->pmds[0]);
	assert_int_equal(harness_tx_packets(dp, "vm0") - vm0_tx, 1);
	assert_int_equal(harness_drain(&vm0), 1);
	assert_pools_full();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_many_enqueues_to_one_port),
	    cmocka_unit_test(test_fragmented_flood_to_many_vteps),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
