/* Component tests of vlan networks on ring-backed ethdevs: a trunk port t
 * carries networks v100 (vid 100) and v200 (vid 200); port a is an untagged
 * member of v100, port b of v200. Frames leave the trunk tagged and arrive
 * from it untagged, a flood shared with other ports is tagged on a copy, the
 * networks stay apart, unknown ids are dropped and counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ether.h>

#include "../../dataplane/vlan_tag.h"
#include "harness.h"

#define MAC_A "02:00:00:00:00:0a"  /* behind port a */
#define MAC_B "02:00:00:00:00:0b"  /* behind port b */
#define MAC_T "02:00:00:00:00:01"  /* behind the trunk, on vid 100 */
#define MAC_A2 "02:00:00:00:00:a2" /* a second host behind port a */
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct ring_port a, a2, b, t;
static struct datapath *dp;

static int setup(void **state)
{
	static char text[2048];
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char err[512];

	(void)state;
	if (harness_eal_init("test_vlan") < 0 || harness_ring_port(&a, "a", 1024) < 0 ||
	    harness_ring_port(&a2, "a2", 1024) < 0 || harness_ring_port(&b, "b", 1024) < 0 ||
	    harness_ring_port(&t, "t", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network v100]\ntype = vlan\nvid = 100\nport = t\n"
		 "[network v200]\ntype = vlan\nvid = 200\nport = t\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = v100\n"
		 "[port a2]\ntype = phy\ndevargs = %s\nnetwork = v100\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = v200\n"
		 "[port t]\ntype = phy\ndevargs = %s\n",
		 a.devargs, a2.devargs, b.devargs, t.devargs);
	if (harness_config(text, &cfg) < 0)
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
	harness_drain(&a);
	harness_drain(&a2);
	harness_drain(&b);
	harness_drain(&t);
}

/* A frame as the trunk's peer sends it: tagged with vid. */
static struct rte_mbuf *tagged(const char *dst, const char *src, uint16_t len, uint16_t vid)
{
	struct rte_mbuf *m = harness_frame(dst, src, len);
	uint8_t *f = (uint8_t *)rte_pktmbuf_prepend(m, VLAN_TAG_LEN);

	assert_non_null(f);
	vlan_tag_push(f, vid);
	return m;
}

/* Takes one frame from rp: tagged with vid (0: untagged), from src, len
 * bytes untagged. */
static void expect_frame(struct ring_port *rp, const char *src, uint16_t len, uint16_t vid)
{
	struct rte_mbuf *m = harness_take(rp);
	struct rte_ether_addr s;
	uint8_t buf[2048];
	const uint8_t *f;

	assert_non_null(m);
	/* The whole frame as the wire has it: a flood's tagged output is a
	 * replica, its tag in a header segment of its own (replicate.h). */
	f = rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), buf);
	assert_non_null(f);
	rte_ether_unformat_addr(src, &s);
	assert_memory_equal(f + 6, s.addr_bytes, 6);
	if (vid) {
		assert_int_equal(vlan_tag_vid(f, rte_pktmbuf_pkt_len(m)), vid);
		assert_int_equal(rte_pktmbuf_pkt_len(m), len + VLAN_TAG_LEN);
	} else {
		assert_int_equal(vlan_tag_vid(f, rte_pktmbuf_pkt_len(m)), -1);
		assert_int_equal(rte_pktmbuf_pkt_len(m), len);
	}
	rte_pktmbuf_free(m);
}

static void test_flood_from_access_port_is_tagged(void **state)
{
	(void)state;
	drain_all();
	/* a's broadcast floods to a2 untagged and to the trunk tagged 100 (a
	 * copy: the mbuf is shared by the flood); b never sees it. */
	harness_inject(&a, harness_frame(BCAST, MAC_A, 80));
	harness_poll(dp);
	expect_frame(&a2, MAC_A, 80, 0);
	expect_frame(&t, MAC_A, 80, 100);
	assert_int_equal(harness_drain(&b), 0);
	assert_int_equal(harness_drain(&t), 0);
}

static void test_tagged_from_trunk_is_untagged(void **state)
{
	(void)state;
	drain_all();
	/* The trunk's host on vid 100 answers a: untagged to a only, and it is
	 * learned on the trunk in v100. */
	harness_inject(&t, tagged(MAC_A, MAC_T, 80, 100));
	harness_poll(dp);
	expect_frame(&a, MAC_T, 80, 0);
	assert_int_equal(harness_drain(&a2) + harness_drain(&b), 0);
	assert_int_equal(harness_fdb_port(dp, "v100", MAC_T), datapath_find_port(dp, "t"));
	assert_int_equal(harness_fdb_port(dp, "v200", MAC_T), -1);
	/* Now known: a unicast from a to it leaves the trunk tagged, in place. */
	harness_inject(&a, harness_frame(MAC_T, MAC_A, 1514));
	harness_poll(dp);
	expect_frame(&t, MAC_A, 1514, 100);
	assert_int_equal(harness_drain(&a2) + harness_drain(&b), 0);
}

static void test_networks_stay_apart(void **state)
{
	(void)state;
	drain_all();
	/* Broadcast on vid 200 reaches b alone, untagged. */
	harness_inject(&t, tagged(BCAST, MAC_T, 64, 200));
	harness_poll(dp);
	expect_frame(&b, MAC_T, 64, 0);
	assert_int_equal(harness_drain(&a) + harness_drain(&a2) + harness_drain(&t), 0);
	/* b's broadcast leaves the trunk tagged 200, never 100. */
	harness_inject(&b, harness_frame(BCAST, MAC_B, 64));
	harness_poll(dp);
	expect_frame(&t, MAC_B, 64, 200);
	assert_int_equal(harness_drain(&a) + harness_drain(&a2), 0);
}

static void test_unknown_vid_and_untagged_dropped(void **state)
{
	uint64_t unknown = harness_drops(dp, "t", DROP_VLAN_UNKNOWN_VID);
	uint64_t no_net = harness_drops(dp, "t", DROP_NO_NETWORK);

	(void)state;
	drain_all();
	harness_inject(&t, tagged(BCAST, MAC_T, 64, 300));
	/* The trunk has no network of its own: untagged frames have nowhere
	 * to go, and priority-tagged ones (id 0) count as untagged. */
	harness_inject(&t, tagged(BCAST, MAC_T, 64, 0));
	harness_inject(&t, harness_frame(BCAST, MAC_T, 64));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "t", DROP_VLAN_UNKNOWN_VID) - unknown, 1);
	assert_int_equal(harness_drops(dp, "t", DROP_NO_NETWORK) - no_net, 2);
	assert_int_equal(harness_drain(&a) + harness_drain(&a2) + harness_drain(&b), 0);
}

static void test_mixed_burst(void **state)
{
	(void)state;
	drain_all();
	/* One burst alternating networks: each frame to its own network. */
	for (int i = 0; i < 8; i++)
		harness_inject(&t, tagged(BCAST, MAC_T, 64, i % 2 ? 200 : 100));
	harness_poll(dp);
	assert_int_equal(harness_drain(&b), 4);
	assert_int_equal(harness_drain(&a), 4);
	assert_int_equal(harness_drain(&a2), 4);
	assert_int_equal(harness_drain(&t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flood_from_access_port_is_tagged),
	    cmocka_unit_test(test_tagged_from_trunk_is_untagged),
	    cmocka_unit_test(test_networks_stay_apart),
	    cmocka_unit_test(test_unknown_vid_and_untagged_dropped),
	    cmocka_unit_test(test_mixed_burst),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
