/* [dataplane] max-networks = 4096 (issue 15 item 4): 4,096 vlan networks
 * configured at start (4,094 on trunk t1, the last two on trunk t2) forward
 * on the last one, both ways, tagged on the trunk and untagged on its access
 * port; a frame of another network never reaches it; network.add past the
 * limit is refused naming the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/commands.h"
#include "../../dataplane/vlan_tag.h"
#include "harness.h"

#define N_NETWORKS 4096
#define MAC_ACC "02:00:00:00:00:0a"
#define MAC_T2 "02:00:00:00:00:0b"
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct ring_port t1, t2, acc;
static struct datapath *dp;
static struct control ctl;

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	size_t len = 512 + (size_t)N_NETWORKS * 80, at;
	char *text = malloc(len);
	int rc;

	(void)state;
	if (!text || harness_eal_init("test_network_scale") < 0 ||
	    harness_ring_port(&t1, "t1", 1024) < 0 || harness_ring_port(&t2, "t2", 1024) < 0 ||
	    harness_ring_port(&acc, "acc", 1024) < 0)
		return -1;
	at = (size_t)snprintf(text, len,
			      "[dataplane]\nworker-cores = 1\nmax-networks = %d\n"
			      "[port t1]\ntype = phy\ndevargs = %s\n"
			      "[port t2]\ntype = phy\ndevargs = %s\n"
			      "[port acc]\ntype = phy\ndevargs = %s\nnetwork = n%d\n",
			      N_NETWORKS, t1.devargs, t2.devargs, acc.devargs, N_NETWORKS - 1);
	/* VLAN ids are 1..4094 on one trunk: the last two networks go on t2. */
	for (int n = 0; n < N_NETWORKS; n++)
		at += (size_t)snprintf(text + at, len - at,
				       "[network n%d]\ntype = vlan\nvid = %d\nport = %s\n", n,
				       n < 4094 ? n + 1 : n - 4093, n < 4094 ? "t1" : "t2");
	rc = harness_config(text, &cfg);
	free(text);
	if (rc < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, (char[512]){0}, 512);
	ctl.dp = dp;
	return dp ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

static struct rte_mbuf *tagged(const char *dst, const char *src, uint16_t vid)
{
	struct rte_mbuf *m = harness_frame(dst, src, 80);
	uint8_t *f = (uint8_t *)rte_pktmbuf_prepend(m, VLAN_TAG_LEN);

	assert_non_null(f);
	vlan_tag_push(f, vid);
	return m;
}

/* One frame on rp, tagged vid (0: untagged). */
static void expect_frame(struct ring_port *rp, uint16_t vid)
{
	struct rte_mbuf *m = harness_take(rp);
	uint8_t buf[256];
	const uint8_t *f;

	assert_non_null(m);
	f = rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), buf);
	assert_non_null(f);
	assert_int_equal(vlan_tag_vid(f, rte_pktmbuf_pkt_len(m)), vid ? vid : -1);
	rte_pktmbuf_free(m);
}

static void test_last_of_4096_networks_forwards(void **state)
{
	(void)state;
	assert_int_equal(dp->desired.cfg.n_networks, N_NETWORKS);
	/* From the access port: out of t2 tagged 2 (network n4095), nowhere else. */
	harness_inject(&acc, harness_frame(BCAST, MAC_ACC, 80));
	harness_poll(dp);
	expect_frame(&t2, 2);
	assert_int_equal(harness_drain(&t1) + harness_drain(&t2), 0);
	/* Back on t2 with vid 2: untagged to acc. */
	harness_inject(&t2, tagged(MAC_ACC, MAC_T2, 2));
	harness_poll(dp);
	expect_frame(&acc, 0);
	assert_int_equal(harness_fdb_port(dp, "n4095", MAC_T2), datapath_find_port(dp, "t2"));
	/* vid 1 on t2 is n4094, which has no access port: acc sees nothing. */
	harness_inject(&t2, tagged(BCAST, MAC_T2, 1));
	harness_poll(dp);
	assert_int_equal(harness_drain(&acc), 0);
}

static void test_network_past_the_limit_refused(void **state)
{
	const char *req = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.add\",\"params\":"
			  "{\"name\":\"one-more\",\"type\":\"flat\"}}";
	char *reply;

	(void)state;
	reply = command_dispatch(&ctl, req, strlen(req));
	assert_non_null(reply);
	printf("   %s", reply);
	assert_non_null(strstr(reply, "\"error\""));
	assert_non_null(strstr(reply, "max-networks = 4096"));
	free(reply);
	assert_int_equal(datapath_find_network(dp, "one-more"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_last_of_4096_networks_forwards),
	    cmocka_unit_test(test_network_past_the_limit_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
