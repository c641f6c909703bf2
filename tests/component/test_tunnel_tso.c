/* A guest's TSO send into a VXLAN or GRE network, through the real datapath
 * on ring-backed ethdevs: the frame arrives carrying DPDK's TSO transmit
 * flags (as offload_rx_guest() leaves a virtio guest's packet) and must
 * leave the VTEP's port as segments that fit the network MTU, each one
 * wrapped in its own outer header. The inner segments are compared byte for
 * byte with scapy's (tests/golden/tso_golden.h): lengths, sequence numbers,
 * IPv4 ids, flags only on the right segment, every checksum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <rte_ethdev.h>

#include "../../dataplane/tunnel_decap.h"
#include "../../dataplane/tunnel_encap.h"
#include "../../dataplane/vtep_arp.h"
#include "../golden/tso_golden.h"
#include "harness.h"
#include "tso_expect.h"

#define MAC_V2 "02:00:00:00:00:22"  /* remote VTEP .2's underlay MAC */
#define VM2_MAC "52:54:00:00:00:02" /* the golden frames' destination, behind .2 */
#define OUTER_ID_START 0x4000

static struct ring_port vm0, vm1, u, fa, fb; /* fa, fb: a flat bridge */
static struct datapath *dp;
static uint32_t ip_local, ip_r2;

static const char *config_text(void)
{
	static char text[4096];

	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network ov]\ntype = vxlan\nvni = %d\nflood = 198.18.0.2\n"
		 "[network gr]\ntype = gre\nkey = %d\nflood = 198.18.0.2\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port vm1]\ntype = phy\ndevargs = %s\nnetwork = gr\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\ndf = no\n"
		 "[network br]\ntype = flat\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = br\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = br\n",
		 GOLDEN_TSO_VNI, GOLDEN_TSO_GRE_KEY, vm0.devargs, vm1.devargs, u.devargs,
		 fa.devargs, fb.devargs);
	return text;
}

static int setup(void **state)
{
	static const uint8_t nh[6] = {2, 0, 0, 0, 0, 0x22};

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &ip_local);
	inet_pton(AF_INET, "198.18.0.2", &ip_r2);
	if (harness_eal_init("test_tunnel_tso") < 0 || harness_ring_port(&vm0, "vm0", 1024) < 0 ||
	    harness_ring_port(&vm1, "vm1", 1024) < 0 || harness_ring_port(&u, "u", 1024) < 0 ||
	    harness_ring_port(&fa, "fa", 1024) < 0 || harness_ring_port(&fb, "fb", 1024) < 0)
		return -1;
	dp = harness_datapath(config_text());
	if (!dp)
		return -1;
	return vtep_neighbour_add(dp, ip_r2, nh);
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

static void send_case(const char *name, struct ring_port *in, bool ipv6, uint16_t l2_len)
{
	const struct golden_tso *g = tso_golden(name);

	harness_drain(&u);
	harness_inject(in, tso_golden_mbuf(g, ipv6, l2_len, g->mss));
	harness_poll(dp);
	tso_expect_segments(&u, g, ip_local, ip_r2);
}

/* Unknown destination: flooded to the network's VTEP list (tunnel_flood's
 * copy keeps the flags). */
static void test_vxlan_ipv4(void **state)
{
	(void)state;
	send_case("vxlan_ipv4", &vm0, false, 14);
}

static void test_vxlan_ipv6(void **state)
{
	(void)state;
	send_case("vxlan_ipv6", &vm0, true, 14);
}

static void test_vxlan_vlan_ipv4(void **state)
{
	(void)state;
	send_case("vxlan_vlan_ipv4", &vm0, false, 18);
}

static void test_gre_ipv4(void **state)
{
	(void)state;
	send_case("gre_ipv4", &vm1, false, 14);
}

static void test_gre_ipv6(void **state)
{
	(void)state;
	send_case("gre_ipv6", &vm1, true, 14);
}

/* VM2 learned behind .2 from a frame it sent through the tunnel. */
static void learn_vm2(enum tunnel_kind kind, uint32_t id)
{
	struct rte_mbuf *m = harness_frame("52:54:00:00:00:01", VM2_MAC, 60);
	struct tunnel_encap_params p = {.kind = kind, .ttl = 64, .df = true, .vni = id};
	uint32_t hlen = tunnel_encap_len(kind, 0);
	struct rte_ether_addr a;
	uint8_t *hdr;

	rte_ether_unformat_addr(MAC_V2, &a);
	memcpy(p.src_mac, a.addr_bytes, 6);
	memcpy(p.dst_mac, dp->view->vtep.mac, 6);
	p.src_ip = ip_r2;
	p.dst_ip = ip_local;
	p.udp_src_port = 50000;
	hdr = (uint8_t *)rte_pktmbuf_prepend(m, (uint16_t)hlen);
	assert_non_null(hdr);
	assert_int_equal(tunnel_encap_write(&p, 60, hdr), (int)hlen);
	harness_inject(&u, m);
	harness_poll(dp);
	harness_drain(&vm0);
	harness_drain(&vm1);
	assert_int_equal(harness_fdb_port(dp, kind == TUNNEL_VXLAN ? "ov" : "gr", VM2_MAC),
			 datapath_find_port(dp, "u"));
}

/* Known destination (tunnel_output without the flood's copy), both kinds. */
static void test_unicast_to_learned_remote(void **state)
{
	(void)state;
	learn_vm2(TUNNEL_VXLAN, GOLDEN_TSO_VNI);
	learn_vm2(TUNNEL_GRE, GOLDEN_TSO_GRE_KEY);
	send_case("vxlan_ipv6", &vm0, true, 14);
	send_case("gre_ipv4", &vm1, false, 14);
}

/* Flat: from fa to fb, a ring port that offloads nothing, so the switch
 * segments in software; the golden flat cases (IPv4, IPv6, VLAN tagged,
 * FIN, PSH and CWR each on the right segment). */
static void test_flat_segments(void **state)
{
	static const char *const cases[] = {"ipv4", "ipv4_fin_cwr", "ipv6", "vlan_ipv4",
					    "vlan_ipv6"};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct golden_tso *g = tso_golden(cases[i]);
		bool ipv6 = strstr(cases[i], "ipv6") != NULL;

		harness_inject(
		    &fa, tso_golden_mbuf(g, ipv6, strncmp(cases[i], "vlan", 4) ? 14 : 18, g->mss));
		harness_poll(dp);
		tso_expect_flat(&fb, g);
	}
}

/* A TSO claim with segment size 0: dropped before the tunnel, counted on
 * the port it came in on, nothing on the wire. */
static void test_bad_segment_size_dropped(void **state)
{
	const struct golden_tso *g = tso_golden("vxlan_ipv4");
	uint64_t before = harness_drops(dp, "vm0", DROP_OFFLOAD_BAD_SEGMENT_SIZE);

	(void)state;
	harness_drain(&u);
	harness_inject(&vm0, tso_golden_mbuf(g, false, 14, 0));
	harness_poll(dp);
	assert_int_equal(harness_drain(&u), 0);
	assert_int_equal(harness_drops(dp, "vm0", DROP_OFFLOAD_BAD_SEGMENT_SIZE), before + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vxlan_ipv4),
	    cmocka_unit_test(test_vxlan_ipv6),
	    cmocka_unit_test(test_vxlan_vlan_ipv4),
	    cmocka_unit_test(test_gre_ipv4),
	    cmocka_unit_test(test_gre_ipv6),
	    cmocka_unit_test(test_unicast_to_learned_remote),
	    cmocka_unit_test(test_flat_segments),
	    cmocka_unit_test(test_bad_segment_size_dropped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
