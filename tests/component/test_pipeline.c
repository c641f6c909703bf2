/* Component tests of the pipeline's shape (dataplane/pipeline.c): the
 * per-packet metadata field, one bulk FDB lookup for a burst whose networks
 * interleave, and the per-stage counters behind stats.stages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <jansson.h>

#include "../../control/commands.h"
#include "../../dataplane/pkt_meta.h"
#include "../../dataplane/stats.h"
#include "../../dataplane/tunnel_encap.h"
#include "harness.h"

#define MAC_U "02:00:00:00:00:99" /* remote VTEP .2's underlay MAC */

static struct ring_port vm0, vm1, u;
static struct datapath *dp;
static struct control ctl;
static uint32_t ip_local, ip_r2;

static int setup(void **state)
{
	char text[2048];

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &ip_local);
	inet_pton(AF_INET, "198.18.0.2", &ip_r2);
	if (harness_eal_init("test_pipeline") < 0 || harness_ring_port(&vm0, "vm0", 1024) < 0 ||
	    harness_ring_port(&vm1, "vm1", 1024) < 0 || harness_ring_port(&u, "u", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network a]\ntype = vxlan\nvni = 100\n"
		 "[network b]\ntype = vxlan\nvni = 200\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = a\n"
		 "[port vm1]\ntype = phy\ndevargs = %s\nnetwork = b\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\n",
		 vm0.devargs, vm1.devargs, u.devargs);
	dp = harness_datapath(text);
	if (!dp)
		return -1;
	ctl.dp = dp;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

/* A VXLAN packet from remote VTEP .2 around a broadcast from inner_src. */
static struct rte_mbuf *vxlan_frame(uint32_t vni, const char *inner_src)
{
	struct rte_mbuf *m = harness_frame("ff:ff:ff:ff:ff:ff", inner_src, 64);
	struct tunnel_encap_params p = {.kind = TUNNEL_VXLAN, .ttl = 64, .df = true, .vni = vni};
	uint32_t hlen = tunnel_encap_len(TUNNEL_VXLAN, 0);
	struct rte_ether_addr a;
	uint8_t *hdr;

	rte_ether_unformat_addr(MAC_U, &a);
	memcpy(p.src_mac, a.addr_bytes, 6);
	memcpy(p.dst_mac, dp->view->vtep.mac, 6);
	p.src_ip = ip_r2;
	p.dst_ip = ip_local;
	p.udp_src_port = 50000;
	p.udp_dst_port = 4789;
	hdr = (uint8_t *)rte_pktmbuf_prepend(m, (uint16_t)hlen);
	assert_non_null(hdr);
	assert_int_equal(tunnel_encap_write(&p, 64, hdr), (int)hlen);
	return m;
}

/* The field is registered once; what classify writes, l2 reads back. */
static void test_pkt_meta(void **state)
{
	int offset = pkt_meta_offset;
	struct rte_mbuf *m = harness_frame("02:00:00:00:00:01", "02:00:00:00:00:02", 64);

	(void)state;
	assert_true(offset >= 0);
	assert_int_equal(pkt_meta_register(), 0);
	assert_int_equal(pkt_meta_offset, offset);
	pkt_meta_set_input(m, 7, 3, ip_r2);
	assert_int_equal(pkt_meta(m)->network, 7);
	assert_int_equal(pkt_meta(m)->in_port, 3);
	assert_int_equal(pkt_meta(m)->remote, ip_r2);
	assert_int_equal(pkt_meta(m)->out_port, UINT16_MAX);
	rte_pktmbuf_free(m);
}

/* A uniform burst's packets read the burst's metadata, not their own field
 * (which classify left unset); any other burst's read their own. */
static void test_burst_meta(void **state)
{
	struct rte_mbuf *m = harness_frame("02:00:00:00:00:01", "02:00:00:00:00:02", 64);
	struct burst_meta bm = {
	    .uniform = true,
	    .one = {.remote = 0, .network = 2, .in_port = 1, .out_port = UINT16_MAX}};

	(void)state;
	pkt_meta_set_input(m, 7, 3, ip_r2);
	assert_ptr_equal(burst_pkt_meta(&bm, m), &bm.one);
	assert_int_equal(burst_pkt_meta(&bm, m)->network, 2);
	assert_int_equal(burst_pkt_meta(&bm, m)->remote, 0);
	bm.uniform = false;
	assert_ptr_equal(burst_pkt_meta(&bm, m), pkt_meta(m));
	assert_int_equal(burst_pkt_meta(&bm, m)->network, 7);
	assert_int_equal(burst_pkt_meta(&bm, m)->remote, ip_r2);
	rte_pktmbuf_free(m);
}

/* VNIs 100, 200, 100, 200 in one burst: each packet reaches its own
 * network, every source is learned in its network, and the FDB is asked
 * once, not once per run of one network. */
static void test_interleaved_networks_one_lookup(void **state)
{
	static const char *const src[] = {"02:00:00:00:01:01", "02:00:00:00:02:01",
					  "02:00:00:00:01:02", "02:00:00:00:02:02"};
	uint64_t before = dp->pmds[0]->counters.fdb_bulk_lookups;

	(void)state;
	for (int i = 0; i < 4; i++)
		harness_inject(&u, vxlan_frame(i % 2 ? 200 : 100, src[i]));
	harness_poll(dp);
	assert_int_equal(dp->pmds[0]->counters.fdb_bulk_lookups - before, 1);
	assert_int_equal(harness_drain(&vm0), 2);
	assert_int_equal(harness_drain(&vm1), 2);
	assert_int_equal(harness_fdb_port(dp, "a", src[0]), datapath_find_port(dp, "u"));
	assert_int_equal(harness_fdb_port(dp, "b", src[1]), datapath_find_port(dp, "u"));
	assert_int_equal(harness_fdb_port(dp, "a", src[2]), datapath_find_port(dp, "u"));
	assert_int_equal(harness_fdb_port(dp, "b", src[3]), datapath_find_port(dp, "u"));
	assert_int_equal(harness_fdb_port(dp, "b", src[0]), -1);
}

/* Every stage counts the packets that entered it and the cycles it took;
 * stats.reset starts them from zero; stats.stages reports them by name. */
static void test_stage_counters(void **state)
{
	struct stage_counters sc;
	struct rpc_error err = {0};
	json_t *res, *stages, *e;
	size_t i;

	(void)state;
	stats_reset(dp);
	stats_stages(dp, &sc);
	for (int s = 0; s < STAGE_COUNT; s++) {
		assert_int_equal(sc.packets[s], 0);
		assert_int_equal(sc.cycles[s], 0);
	}
	harness_inject(&u, vxlan_frame(100, "02:00:00:00:01:09"));
	harness_inject(&u, vxlan_frame(100, "02:00:00:00:01:0a"));
	harness_poll(dp);
	assert_int_equal(harness_drain(&vm0), 2);
	stats_stages(dp, &sc);
	for (int s = 0; s < STAGE_COUNT; s++) {
		assert_int_equal(sc.packets[s], 2);
		assert_true(sc.cycles[s] > 0);
	}
	res = cmd_stats_stages(&ctl, NULL, &err);
	assert_non_null(res);
	stages = json_object_get(res, "stages");
	assert_int_equal(json_array_size(stages), STAGE_COUNT);
	json_array_foreach(stages, i, e)
	{
		assert_string_equal(json_string_value(json_object_get(e, "stage")), stage_names[i]);
		assert_int_equal(json_integer_value(json_object_get(e, "packets")), 2);
	}
	json_decref(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pkt_meta),
	    cmocka_unit_test(test_burst_meta),
	    cmocka_unit_test(test_interleaved_networks_one_lookup),
	    cmocka_unit_test(test_stage_counters),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
