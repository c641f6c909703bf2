/* Component tests of the L2 bridge on ring-backed ethdevs: learning,
 * flooding, moves, aging and every drop reason the bridge can produce. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_random.h>

#include "../../dataplane/fdb.h"
#include "harness.h"

#define MAC_A "02:00:00:00:00:0a"
#define MAC_B "02:00:00:00:00:0b"
#define MAC_C "02:00:00:00:00:0c"
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct ring_port p0, p1, p2, p3, lonely, tiny;
static struct datapath *dp;

static const char *config_text(void)
{
	static char text[4096];

	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network blue]\ntype = flat\n"
		 "[network solo]\ntype = flat\n"
		 "[network small]\ntype = flat\n"
		 "[port p0]\ntype = phy\ndevargs = %s\nnetwork = blue\n"
		 "[port p1]\ntype = phy\ndevargs = %s\nnetwork = blue\n"
		 "[port p2]\ntype = phy\ndevargs = %s\nnetwork = blue\n"
		 "[port underlay]\ntype = phy\ndevargs = %s\n"
		 "[port lonely]\ntype = phy\ndevargs = %s\nnetwork = solo\n"
		 "[port tiny]\ntype = phy\ndevargs = %s\nnetwork = small\n"
		 "[port vm]\ntype = vhost\nsocket = /tmp/sluice-bridge-%d.sock\nmode = server\n"
		 "network = small\n",
		 p0.devargs, p1.devargs, p2.devargs, p3.devargs, lonely.devargs, tiny.devargs,
		 (int)getpid());
	return text;
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char err[512];

	(void)state;
	if (harness_eal_init("test_bridge") < 0 || harness_ring_port(&p0, "p0", 1024) < 0 ||
	    harness_ring_port(&p1, "p1", 1024) < 0 || harness_ring_port(&p2, "p2", 1024) < 0 ||
	    harness_ring_port(&p3, "p3", 1024) < 0 ||
	    harness_ring_port(&lonely, "lonely", 1024) < 0 ||
	    harness_ring_port(&tiny, "tiny", 32) < 0 || harness_config(config_text(), &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

static void drain_all(void)
{
	harness_drain(&p0);
	harness_drain(&p1);
	harness_drain(&p2);
	harness_drain(&tiny);
}

static void test_unknown_unicast_floods_to_all_but_ingress(void **state)
{
	(void)state;
	harness_inject(&p0, harness_frame(MAC_B, MAC_A, 60));
	harness_poll(dp);
	assert_int_equal(harness_drain(&p0), 0);
	assert_int_equal(harness_drain(&p1), 1);
	assert_int_equal(harness_drain(&p2), 1);
	/* The source was learned on p0 (index 0). */
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_A), 0);
}

/* A driver that strips the tag (net_af_packet, VLAN strip offload) leaves it
 * in the mbuf: a flat network still forwards the frame with its tag. */
static void test_stripped_tag_is_put_back(void **state)
{
	struct rte_mbuf *m = harness_frame(BCAST, MAC_C, 60);
	const uint8_t *f;

	(void)state;
	m->ol_flags |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
	m->vlan_tci = 42;
	harness_inject(&p0, m);
	harness_poll(dp);
	m = harness_take(&p1);
	assert_non_null(m);
	f = rte_pktmbuf_mtod(m, const uint8_t *);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 64);
	assert_int_equal(f[12] << 8 | f[13], RTE_ETHER_TYPE_VLAN);
	assert_int_equal((f[14] << 8 | f[15]) & 0x0fff, 42);
	rte_pktmbuf_free(m);
	assert_int_equal(harness_drain(&p1), 0);
	assert_int_equal(harness_drain(&p2), 1);
}

static void test_learned_destination_goes_to_one_port(void **state)
{
	(void)state;
	drain_all();
	/* B answers from p1: A is known, so only p0 gets it. */
	harness_inject(&p1, harness_frame(MAC_A, MAC_B, 60));
	harness_poll(dp);
	assert_int_equal(harness_drain(&p0), 1);
	assert_int_equal(harness_drain(&p2), 0);
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_B), 1);
	/* Now A to B is unicast to p1. */
	harness_inject(&p0, harness_frame(MAC_B, MAC_A, 60));
	harness_poll(dp);
	assert_int_equal(harness_drain(&p1), 1);
	assert_int_equal(harness_drain(&p2), 0);
}

static void test_broadcast_and_multicast_flood(void **state)
{
	(void)state;
	drain_all();
	harness_inject(&p0, harness_frame(BCAST, MAC_A, 60));
	harness_inject(&p0, harness_frame("01:00:5e:00:00:01", MAC_A, 60));
	harness_poll(dp);
	assert_int_equal(harness_drain(&p0), 0);
	assert_int_equal(harness_drain(&p1), 2);
	assert_int_equal(harness_drain(&p2), 2);
}

static void test_flooded_mbuf_is_shared_not_copied(void **state)
{
	struct rte_mbuf *a, *b;

	(void)state;
	drain_all();
	harness_inject(&p0, harness_frame(BCAST, MAC_A, 100));
	harness_poll(dp);
	a = harness_take(&p1);
	b = harness_take(&p2);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_equal(a, b);
	assert_int_equal(rte_mbuf_refcnt_read(a), 2);
	rte_pktmbuf_free(a);
	rte_pktmbuf_free(b);
}

static void test_mac_move(void **state)
{
	(void)state;
	drain_all();
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_A), 0);
	/* A shows up behind p2 (a VM migrated): the entry follows it. */
	harness_inject(&p2, harness_frame(BCAST, MAC_A, 60));
	harness_poll(dp);
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_A), 2);
	drain_all();
	harness_inject(&p1, harness_frame(MAC_A, MAC_B, 60));
	harness_poll(dp);
	assert_int_equal(harness_drain(&p2), 1);
	assert_int_equal(harness_drain(&p0), 0);
}

static void test_burst_of_many_sources_learns_all(void **state)
{
	char mac[32];

	(void)state;
	drain_all();
	for (int i = 0; i < 32; i++) {
		snprintf(mac, sizeof(mac), "02:00:00:00:10:%02x", i);
		harness_inject(&p1, harness_frame(BCAST, mac, 60));
	}
	harness_poll(dp);
	assert_int_equal(harness_drain(&p0), 32);
	assert_int_equal(harness_drain(&p2), 32);
	for (int i = 0; i < 32; i++) {
		snprintf(mac, sizeof(mac), "02:00:00:00:10:%02x", i);
		assert_int_equal(harness_fdb_port(dp, "blue", mac), 1);
	}
}

static void test_aging_removes_idle_entries(void **state)
{
	uint32_t now = datapath_now(dp);
	uint32_t count = dp->fdb.count;
	uint32_t removed;

	(void)state;
	assert_true(count > 0);
	/* Nothing is older than the 300 s default yet. */
	assert_int_equal(fdb_age(&dp->fdb, now, dp->aging), 0);
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_B), 1);
	/* 300 s later every learned entry is gone. */
	removed = fdb_age(&dp->fdb, now + 301, dp->aging);
	assert_int_equal(removed, count);
	assert_int_equal(dp->fdb.count, 0);
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_B), -1);
	/* And the table learns again afterwards, reusing freed slots. */
	harness_inject(&p1, harness_frame(BCAST, MAC_B, 60));
	harness_poll(dp);
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_B), 1);
	drain_all();
}

static void test_traffic_refreshes_age(void **state)
{
	struct rte_ether_addr addr;
	struct fdb_key key;
	const struct fdb_entry *e;

	(void)state;
	rte_ether_unformat_addr(MAC_B, &addr);
	fdb_key_set(&key, addr.addr_bytes, 0);
	e = fdb_find(&dp->fdb, &key);
	assert_non_null(e);
	((struct fdb_entry *)e)->last_seen = 0; /* pretend it is old */
	harness_inject(&p1, harness_frame(BCAST, MAC_B, 60));
	harness_poll(dp);
	assert_int_equal(e->last_seen, dp->pmds[0]->now);
	drain_all();
}

static void test_static_entry_does_not_move(void **state)
{
	struct rte_ether_addr addr;
	struct fdb_key key;

	(void)state;
	rte_ether_unformat_addr(MAC_C, &addr);
	fdb_key_set(&key, addr.addr_bytes, 0);
	assert_int_equal(fdb_learn(&dp->fdb, &key, 0, 0, true, datapath_now(dp)), 0);
	harness_inject(&p2, harness_frame(BCAST, MAC_C, 60));
	harness_poll(dp);
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_C), 0);
	/* And it never ages. */
	fdb_age(&dp->fdb, datapath_now(dp) + 100000, dp->aging);
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_C), 0);
	assert_int_equal(fdb_delete(&dp->fdb, &key), 0);
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_C), -1);
	drain_all();
}

static void test_drop_runt(void **state)
{
	uint64_t before = harness_drops(dp, "p0", DROP_RUNT);

	(void)state;
	harness_inject(&p0, harness_frame(MAC_B, MAC_A, 13));
	harness_inject(&p0, harness_frame(MAC_B, MAC_A, 0));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "p0", DROP_RUNT) - before, 2);
	assert_int_equal(harness_drain(&p1) + harness_drain(&p2), 0);
}

static void test_drop_bad_source_mac(void **state)
{
	uint64_t before = harness_drops(dp, "p0", DROP_BAD_SOURCE_MAC);

	(void)state;
	harness_inject(&p0, harness_frame(MAC_B, BCAST, 60));
	harness_inject(&p0, harness_frame(MAC_B, "01:00:5e:00:00:01", 60));
	harness_inject(&p0, harness_frame(MAC_B, "00:00:00:00:00:00", 60));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "p0", DROP_BAD_SOURCE_MAC) - before, 3);
	assert_int_equal(harness_drain(&p1) + harness_drain(&p2), 0);
}

static void test_drop_no_network(void **state)
{
	(void)state;
	harness_inject(&p3, harness_frame(MAC_B, MAC_A, 60));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "underlay", DROP_NO_NETWORK), 1);
}

static void test_drop_same_port(void **state)
{
	uint64_t before = harness_drops(dp, "p1", DROP_SAME_PORT);

	(void)state;
	drain_all();
	/* B lives on p1; a frame to B arriving on p1 has nowhere to go. */
	harness_inject(&p1, harness_frame(BCAST, MAC_B, 60));
	harness_poll(dp);
	drain_all();
	assert_int_equal(harness_fdb_port(dp, "blue", MAC_B), 1);
	harness_inject(&p1, harness_frame(MAC_B, "02:00:00:00:00:0d", 60));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "p1", DROP_SAME_PORT) - before, 1);
	assert_int_equal(harness_drain(&p0) + harness_drain(&p2), 0);
}

static void test_drop_no_destination(void **state)
{
	(void)state;
	harness_inject(&lonely, harness_frame(BCAST, MAC_A, 60));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "lonely", DROP_NO_DESTINATION), 1);
}

static void test_drop_vhost_not_ready(void **state)
{
	(void)state;
	/* Network "small" holds tiny and vm (no VM connected): what tiny
	 * receives floods to vm only, which cannot take it. */
	for (int i = 0; i < 5; i++)
		harness_inject(&tiny, harness_frame(BCAST, MAC_A, 60));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "vm", DROP_VHOST_NOT_READY), 5);
}

static void test_drop_tx_queue_full(void **state)
{
	uint64_t before = harness_drops(dp, "p2", DROP_TX_QUEUE_FULL);
	uint64_t sent_before = harness_tx_packets(dp, "p2");
	struct rte_mbuf *filler[1023];
	unsigned n;

	(void)state;
	drain_all();
	/* Fill p2's tx ring (1024 slots, 1023 usable) so the next burst cannot fit. */
	for (n = 0; n < 1023; n++)
		filler[n] = harness_frame(MAC_A, MAC_B, 60);
	assert_int_equal(rte_ring_enqueue_bulk(p2.tx, (void **)filler, 1020, NULL), 1020);
	for (n = 0; n < 32; n++)
		harness_inject(&p0, harness_frame(BCAST, MAC_A, 60));
	harness_poll(dp);
	assert_int_equal(harness_tx_packets(dp, "p2") - sent_before, 3);
	assert_int_equal(harness_drops(dp, "p2", DROP_TX_QUEUE_FULL) - before, 29);
	/* p1 was not affected. */
	assert_int_equal(harness_drain(&p1), 32);
	assert_int_equal(harness_drain(&p2), 1023);
	rte_pktmbuf_free_bulk(filler + 1020, 3);
}

static void test_garbage_frames_never_crash_and_are_accounted(void **state)
{
	uint64_t rx_before = harness_rx_packets(dp, "p0");
	uint64_t out = 0;

	(void)state;
	drain_all();
	for (int round = 0; round < 50; round++) {
		for (int i = 0; i < 32; i++) {
			uint16_t len = (uint16_t)(rte_rand() % 200);
			struct rte_mbuf *m = harness_frame(MAC_A, MAC_A, len);
			uint8_t *d = rte_pktmbuf_mtod(m, uint8_t *);

			for (uint16_t b = 0; b < len; b++)
				d[b] = (uint8_t)rte_rand();
			harness_inject(&p0, m);
		}
		harness_poll(dp);
		out += harness_drain(&p1) + harness_drain(&p2);
	}
	assert_int_equal(harness_rx_packets(dp, "p0") - rx_before, 50 * 32);
	assert_true(out > 0);
	drain_all();
}

static void test_no_mbuf_leak(void **state)
{
	(void)state;
	drain_all();
	for (int i = 0; i < 64; i++)
		harness_inject(&p0, harness_frame(i % 2 ? BCAST : MAC_B, MAC_A, 60));
	harness_inject(&p0, harness_frame(MAC_B, MAC_A, 5));
	while (rte_ring_count(p0.rx) > 0)
		harness_poll(dp);
	drain_all();
	/* Every mbuf of the test pool is back: flooding, drops and unicast
	 * paths all released what they took. */
	assert_int_equal(rte_mempool_avail_count(harness_pool()), harness_pool()->size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unknown_unicast_floods_to_all_but_ingress),
	    cmocka_unit_test(test_stripped_tag_is_put_back),
	    cmocka_unit_test(test_learned_destination_goes_to_one_port),
	    cmocka_unit_test(test_broadcast_and_multicast_flood),
	    cmocka_unit_test(test_flooded_mbuf_is_shared_not_copied),
	    cmocka_unit_test(test_mac_move),
	    cmocka_unit_test(test_burst_of_many_sources_learns_all),
	    cmocka_unit_test(test_aging_removes_idle_entries),
	    cmocka_unit_test(test_traffic_refreshes_age),
	    cmocka_unit_test(test_static_entry_does_not_move),
	    cmocka_unit_test(test_drop_runt),
	    cmocka_unit_test(test_drop_bad_source_mac),
	    cmocka_unit_test(test_drop_no_network),
	    cmocka_unit_test(test_drop_same_port),
	    cmocka_unit_test(test_drop_no_destination),
	    cmocka_unit_test(test_drop_vhost_not_ready),
	    cmocka_unit_test(test_drop_tx_queue_full),
	    cmocka_unit_test(test_garbage_frames_never_crash_and_are_accounted),
	    cmocka_unit_test(test_no_mbuf_leak),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
