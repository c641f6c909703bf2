/* Component tests of the pipeline's shape (dataplane/pipeline.c): the
 * per-packet metadata field, one bulk FDB lookup for a burst whose networks
 * interleave, dispatch's vectors and the stages that take them, and the
 * per-stage counters behind stats.stages. */
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
#include "../../dataplane/vlan_tag.h"
#include "../../dataplane/vtep_arp.h"
#include "harness.h"

#define MAC_U "02:00:00:00:00:99" /* remote VTEP .2's underlay MAC */

#define VID 10
#define MAC_L "02:00:00:00:03:01" /* behind vm3, network a */
#define MAC_R "02:00:00:00:03:02" /* behind remote VTEP .2, network a */
#define MAC_T "02:00:00:00:03:03" /* behind the trunk t, network v */
#define MAC_Y "02:00:00:00:03:04" /* behind y, network v */
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct ring_port vm0, vm1, vm3, x, y, t, u;
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
	    harness_ring_port(&vm1, "vm1", 1024) < 0 || harness_ring_port(&vm3, "vm3", 1024) < 0 ||
	    harness_ring_port(&x, "x", 1024) < 0 || harness_ring_port(&y, "y", 1024) < 0 ||
	    harness_ring_port(&t, "t", 1024) < 0 || harness_ring_port(&u, "u", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network a]\ntype = vxlan\nvni = 100\nflood = 198.18.0.2\n"
		 "[network b]\ntype = vxlan\nvni = 200\n"
		 "[network v]\ntype = vlan\nvid = %d\nport = t\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = a\n"
		 "[port vm1]\ntype = phy\ndevargs = %s\nnetwork = b\n"
		 "[port vm3]\ntype = phy\ndevargs = %s\nnetwork = a\n"
		 "[port x]\ntype = phy\ndevargs = %s\nnetwork = v\n"
		 "[port y]\ntype = phy\ndevargs = %s\nnetwork = v\n"
		 "[port t]\ntype = phy\ndevargs = %s\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\n",
		 VID, vm0.devargs, vm1.devargs, vm3.devargs, x.devargs, y.devargs, t.devargs,
		 u.devargs);
	dp = harness_datapath(text);
	if (!dp)
		return -1;
	{
		static const uint8_t mac_u[6] = {2, 0, 0, 0, 0, 0x99};

		if (vtep_neighbour_add(dp, ip_r2, mac_u) < 0)
			return -1;
	}
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
	harness_drain(&vm3); /* floods of the test before */
	stats_reset(dp);
	stats_stages(dp, &sc);
	for (int s = 0; s < STAGE_COUNT; s++) {
		assert_int_equal(sc.packets[s], 0);
		assert_int_equal(sc.cycles[s], 0);
	}
	harness_inject(&u, vxlan_frame(100, "02:00:00:00:01:09"));
	harness_inject(&u, vxlan_frame(100, "02:00:00:00:01:0a"));
	harness_poll(dp);
	/* From a remote VTEP: flooded to the network's local members only. */
	assert_int_equal(harness_drain(&vm0), 2);
	assert_int_equal(harness_drain(&vm3), 2);
	stats_stages(dp, &sc);
	for (int s = 0; s < STAGE_COUNT; s++) {
		bool ran = s != STAGE_MTU_GUARD && s != STAGE_ENCAP && s != STAGE_TAG;

		assert_int_equal(sc.packets[s], !ran ? 0 : s == STAGE_TX ? 4 : 2);
		assert_int_equal(sc.cycles[s] > 0, ran);
	}
	res = cmd_stats_stages(&ctl, NULL, &err);
	assert_non_null(res);
	stages = json_object_get(res, "stages");
	assert_int_equal(json_array_size(stages), STAGE_COUNT);
	json_array_foreach(stages, i, e)
	{
		assert_string_equal(json_string_value(json_object_get(e, "stage")), stage_names[i]);
		assert_int_equal(json_integer_value(json_object_get(e, "packets")), sc.packets[i]);
	}
	json_decref(res);
}

/* A frame with a sequence number in its payload (byte 20 of the frame),
 * of the local experimental EtherType: no SYN for the MTU guard to clamp. */
static struct rte_mbuf *seq_frame(const char *dst, const char *src, uint8_t seq)
{
	struct rte_mbuf *m = harness_frame(dst, src, 64);
	uint8_t *f = rte_pktmbuf_mtod(m, uint8_t *);

	f[12] = 0x88;
	f[13] = 0xb5;
	f[20] = seq;
	return m;
}

/* The sequence numbers of what port rp sent, in order; off: where the
 * frame starts in what left (past an outer header), vid: the tag every
 * frame must carry (-1: none). Returns how many. */
static int take_seqs(struct ring_port *rp, uint32_t off, int vid, uint8_t *seqs, int max)
{
	struct rte_mbuf *m;
	int n = 0;

	while ((m = harness_take(rp)) != NULL) {
		uint8_t buf[128];
		const uint8_t *f = rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), buf);
		uint32_t tag = vid >= 0 ? VLAN_TAG_LEN : 0;

		assert_non_null(f);
		assert_int_equal(vlan_tag_vid(f + off, rte_pktmbuf_pkt_len(m) - off), vid);
		assert_true(n < max);
		seqs[n++] = f[off + tag + 20];
		rte_pktmbuf_free(m);
	}
	return n;
}

static void inject_burst(struct ring_port *rp, const char *const *dst, int n)
{
	for (int i = 0; i < n; i++)
		harness_inject(rp, seq_frame(dst[i],
					     rp == &vm0 ? "02:00:00:00:03:10" : "02:00:00:00:03:11",
					     (uint8_t)i));
}

static void assert_stage_packets(const uint64_t *want)
{
	struct stage_counters sc;

	stats_stages(dp, &sc);
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (sc.packets[s] != want[s])
			print_error("stage %s\n", stage_names[s]);
		assert_int_equal(sc.packets[s], want[s]);
		assert_int_equal(sc.cycles[s] > 0, want[s] > 0);
	}
}

/* Dispatch sorts a burst into its vectors and each stage takes its own:
 * known local outputs straight to the port, a remote VTEP's through the MTU
 * guard and encap, floods through replicate (a local output and a replica
 * for the remote VTEP; a tagged output on the trunk), the trunk's through
 * tag. Each stage counts what entered it: what dispatch sorted adds up to
 * what was received, and every flow leaves each port in the order it came. */
static void test_stage_vectors(void **state)
{
	static const char *const burst_a[] = {MAC_R, MAC_L, BCAST, MAC_R,
					      MAC_L, BCAST, MAC_R, MAC_R};
	static const char *const burst_v[] = {MAC_T, MAC_Y, BCAST, MAC_T, MAC_Y, BCAST};
	const uint32_t outer = tunnel_encap_len(TUNNEL_VXLAN, 0);
	uint8_t seq[16];
	struct rte_mbuf *m;

	(void)state;
	/* Learn L on vm3, R behind VTEP .2, T behind the trunk, Y on y. */
	harness_inject(&vm3, harness_frame(BCAST, MAC_L, 64));
	harness_inject(&u, vxlan_frame(100, MAC_R));
	m = harness_frame(BCAST, MAC_T, 64);
	vlan_tag_push((uint8_t *)rte_pktmbuf_prepend(m, VLAN_TAG_LEN), VID);
	harness_inject(&t, m);
	harness_inject(&y, harness_frame(BCAST, MAC_Y, 64));
	harness_poll(dp);
	assert_int_equal(harness_fdb_port(dp, "a", MAC_L), datapath_find_port(dp, "vm3"));
	assert_int_equal(harness_fdb_port(dp, "a", MAC_R), datapath_find_port(dp, "u"));
	assert_int_equal(harness_fdb_port(dp, "v", MAC_T), datapath_find_port(dp, "t"));
	assert_int_equal(harness_fdb_port(dp, "v", MAC_Y), datapath_find_port(dp, "y"));
	harness_drain(&vm0);
	harness_drain(&vm3);
	harness_drain(&x);
	harness_drain(&y);
	harness_drain(&t);
	harness_drain(&u);

	/* Network a from vm0: 2 local + 4 tunnel + 2 flood = 8 received.
	 * Each flood: one local output (vm3) and one replica (VTEP .2). */
	stats_reset(dp);
	inject_burst(&vm0, burst_a, 8);
	harness_poll(dp);
	assert_stage_packets((const uint64_t[STAGE_COUNT]){[STAGE_RX] = 8,
							   [STAGE_CLASSIFY] = 8,
							   [STAGE_L2] = 8,
							   [STAGE_DISPATCH] = 8,
							   [STAGE_REPLICATE] = 2,
							   [STAGE_MTU_GUARD] = 4,
							   [STAGE_ENCAP] = 4 + 2,
							   [STAGE_TAG] = 0,
							   [STAGE_TX] = 4 + 6});
	/* vm3: L's flow, then the floods', each in order. */
	assert_int_equal(take_seqs(&vm3, 0, -1, seq, 16), 4);
	assert_memory_equal(seq, ((uint8_t[]){1, 4, 2, 5}), 4);
	/* u: the floods' replicas, then R's flow, each in order. */
	assert_int_equal(take_seqs(&u, outer, -1, seq, 16), 6);
	assert_memory_equal(seq, ((uint8_t[]){2, 5, 0, 3, 6, 7}), 6);

	/* Network v from x: 2 trunk + 2 local + 2 flood = 6 received; each
	 * flood goes to y and, tagged, to the trunk. */
	stats_reset(dp);
	inject_burst(&x, burst_v, 6);
	harness_poll(dp);
	assert_stage_packets((const uint64_t[STAGE_COUNT]){[STAGE_RX] = 6,
							   [STAGE_CLASSIFY] = 6,
							   [STAGE_L2] = 6,
							   [STAGE_DISPATCH] = 6,
							   [STAGE_REPLICATE] = 2,
							   [STAGE_TAG] = 2 + 2,
							   [STAGE_TX] = 4 + 4});
	assert_int_equal(take_seqs(&y, 0, -1, seq, 16), 4);
	assert_memory_equal(seq, ((uint8_t[]){1, 4, 2, 5}), 4);
	assert_int_equal(take_seqs(&t, 0, VID, seq, 16), 4);
	assert_memory_equal(seq, ((uint8_t[]){0, 3, 2, 5}), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pkt_meta),
	    cmocka_unit_test(test_burst_meta),
	    cmocka_unit_test(test_interleaved_networks_one_lookup),
	    cmocka_unit_test(test_stage_counters),
	    cmocka_unit_test(test_stage_vectors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
