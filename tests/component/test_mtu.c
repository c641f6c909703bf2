/* Component tests of the MTU guard (issue 5) on ring-backed ethdevs: a VTEP
 * port of MTU 1500 (net_ring's default), a vxlan network of MTU 1450 (auto)
 * and a gre network with mss-clamp = no. Real mbufs through the real PMD
 * loop: the ICMP answer leaves by the sender's port, IPv4 without DF becomes
 * fragments (also from a chained mbuf), SYNs are clamped both ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <rte_ethdev.h>

#include "../../dataplane/checksum.h"
#include "../../dataplane/tunnel_decap.h"
#include "../../dataplane/tunnel_encap.h"
#include "../../dataplane/vtep_arp.h"
#include "../../dataplane/wire.h"
#include "../golden/mtu_golden.h"
#include "harness.h"
#include "../../dataplane/stats.h"

#define MAC_L "52:54:00:00:00:01" /* the VM behind vm0 (the golden SYN's source) */
#define MAC_R "52:54:00:00:00:02" /* behind remote VTEP .2 (the golden SYN's destination) */
#define MAC_V2 "02:00:00:00:00:22"

static struct ring_port vm0, vm1, u;
static struct datapath *dp;
static uint32_t ip_local, ip_r2;
static uint8_t mac_u[6];

static int setup(void **state)
{
	static const uint8_t nh[6] = {2, 0, 0, 0, 0, 0x22};
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[2048], err[512];

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &ip_local);
	inet_pton(AF_INET, "198.18.0.2", &ip_r2);
	if (harness_eal_init("test_mtu") < 0 || harness_ring_port(&vm0, "vm0", 1024) < 0 ||
	    harness_ring_port(&vm1, "vm1", 1024) < 0 || harness_ring_port(&u, "u", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network ov]\ntype = vxlan\nvni = 100\nflood = 198.18.0.2\n"
		 "[network gr]\ntype = gre\nkey = 7\nmss-clamp = no\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port vm1]\ntype = phy\ndevargs = %s\nnetwork = gr\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\n",
		 vm0.devargs, vm1.devargs, u.devargs);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	memcpy(mac_u, dp->view->vtep.mac, 6);
	return vtep_neighbour_add(dp, ip_r2, nh);
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

static uint64_t mtu_event(const char *port, enum mtu_event e)
{
	struct port_counters pc;

	stats_port(dp, (uint16_t)datapath_find_port(dp, port), &pc);
	return pc.mtu[e];
}

/* A tunnel packet from .2 around `inner` (len bytes). */
static struct rte_mbuf *tunnel_frame(enum tunnel_kind kind, uint32_t id, const uint8_t *inner,
				     uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());
	struct tunnel_encap_params p = {.kind = kind, .ttl = 64, .df = true, .vni = id};
	uint32_t hlen = tunnel_encap_len(kind, 0);
	struct rte_ether_addr a;
	uint8_t *hdr;

	assert_non_null(m);
	memcpy(rte_pktmbuf_append(m, len), inner, len);
	rte_ether_unformat_addr(MAC_V2, &a);
	memcpy(p.src_mac, a.addr_bytes, 6);
	memcpy(p.dst_mac, mac_u, 6);
	p.src_ip = ip_r2;
	p.dst_ip = ip_local;
	p.udp_src_port = 50000;
	hdr = (uint8_t *)rte_pktmbuf_prepend(m, (uint16_t)hlen);
	assert_int_equal(tunnel_encap_write(&p, len, hdr), (int)hlen);
	return m;
}

/* MAC_R learned behind .2 in both networks: a broadcast from it. */
static void learn_remote(void)
{
	uint8_t f[60];
	struct rte_ether_addr a;

	memset(f, 0, sizeof(f));
	memset(f, 0xff, 6);
	rte_ether_unformat_addr(MAC_R, &a);
	memcpy(f + 6, a.addr_bytes, 6);
	f[12] = 0x08, f[13] = 0x06;
	harness_inject(&u, tunnel_frame(TUNNEL_VXLAN, 100, f, sizeof(f)));
	harness_inject(&u, tunnel_frame(TUNNEL_GRE, 7, f, sizeof(f)));
	harness_poll(dp);
	harness_poll(dp);
	harness_drain(&vm0);
	harness_drain(&vm1);
	assert_int_equal(harness_fdb_port(dp, "ov", MAC_R), datapath_find_port(dp, "u"));
}

/* An mbuf holding len bytes of data (up to one mbuf's room). */
static struct rte_mbuf *segment(const uint8_t *data, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());

	assert_non_null(m);
	assert_non_null(rte_pktmbuf_append(m, len));
	memcpy(rte_pktmbuf_mtod(m, uint8_t *), data, len);
	return m;
}

/* An IPv4 UDP frame MAC_L -> MAC_R of ip_len bytes of IP, DF or not; in
 * two segments when split is not 0 (its first segment's length). */
static struct rte_mbuf *ipv4_frame(uint16_t ip_len, bool df, uint16_t split)
{
	static uint8_t f[4096];
	uint8_t *ip = f + 14;
	struct rte_ether_addr a;
	struct rte_mbuf *m;
	uint16_t c, len = (uint16_t)(14 + ip_len);

	assert_true(len <= sizeof(f));
	rte_ether_unformat_addr(MAC_R, &a);
	memcpy(f, a.addr_bytes, 6);
	rte_ether_unformat_addr(MAC_L, &a);
	memcpy(f + 6, a.addr_bytes, 6);
	f[12] = 0x08, f[13] = 0x00;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(ip_len >> 8), ip[3] = (uint8_t)ip_len;
	ip[4] = 0x12, ip[5] = 0x34;
	ip[6] = df ? 0x40 : 0;
	ip[8] = 64, ip[9] = 17;
	ip[12] = 10, ip[15] = 1, ip[16] = 10, ip[19] = 2;
	for (uint16_t i = 20; i < ip_len; i++)
		ip[i] = (uint8_t)i;
	c = checksum_ipv4_header(ip, 20);
	ip[10] = (uint8_t)(c >> 8), ip[11] = (uint8_t)c;
	if (split == 0)
		return segment(f, len);
	m = segment(f, split);
	assert_int_equal(rte_pktmbuf_chain(m, segment(f + split, (uint16_t)(len - split))), 0);
	return m;
}

static void test_df_too_big_answered_on_sender_port(void **state)
{
	struct rte_mbuf *m;
	const uint8_t *f;

	(void)state;
	learn_remote();
	harness_inject(&vm0, ipv4_frame(1451, true, 0));
	harness_poll(dp);
	assert_int_equal(harness_drain(&u), 0);
	m = harness_take(&vm0);
	assert_non_null(m);
	f = rte_pktmbuf_mtod(m, const uint8_t *);
	/* Back to the sender, from the destination it was sending to. */
	assert_int_equal(rte_pktmbuf_pkt_len(m), 14 + 20 + 8 + 548);
	assert_int_equal(f[0], 0x52);
	assert_int_equal(f[5], 0x01);
	assert_int_equal(f[14 + 9], 1);
	assert_int_equal(f[14 + 12], 10);
	assert_int_equal(f[14 + 15], 2);
	assert_int_equal(f[34], 3);
	assert_int_equal(f[35], 4);
	assert_int_equal(f[40] << 8 | f[41], 1450);
	assert_int_equal(checksum_ipv4_header(f + 14, 20), 0);
	assert_int_equal(checksum_fold(checksum_add(0, f + 34, 8 + 548)), 0);
	rte_pktmbuf_free(m);
	assert_int_equal(harness_drops(dp, "vm0", DROP_MTU_TOO_BIG), 1);
	assert_int_equal(mtu_event("vm0", MTU_EVENT_ICMP4_SENT), 1);
	/* Exactly the MTU passes. */
	harness_inject(&vm0, ipv4_frame(1450, true, 0));
	harness_poll(dp);
	assert_int_equal(harness_drain(&u), 1);
	assert_int_equal(harness_drain(&vm0), 0);
}

/* Takes the fragments from u and checks they rebuild ip_len bytes of IP. */
static void expect_fragments(uint16_t ip_len, unsigned n_expected)
{
	struct tunnel_decap_info info;
	uint32_t covered = 0;
	unsigned n = 0;
	struct rte_mbuf *m;

	while ((m = harness_take(&u)) != NULL) {
		uint8_t f[1600];
		const uint8_t *p = rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), f);
		const uint8_t *ip;
		uint16_t off, len;

		assert_true(rte_pktmbuf_pkt_len(m) <= 1500 + 14);
		assert_int_equal(tunnel_decap_parse(p, rte_pktmbuf_pkt_len(m), ip_r2, 4789, &info),
				 TUNNEL_DECAP_OK);
		ip = p + info.inner_offset + 14;
		assert_int_equal(checksum_ipv4_header(ip, 20), 0);
		assert_int_equal(ip[4] << 8 | ip[5], 0x1234);
		off = (uint16_t)(((ip[6] & 0x1f) << 8 | ip[7]) * 8);
		len = (uint16_t)((ip[2] << 8 | ip[3]) - 20);
		assert_true((ip[2] << 8 | ip[3]) <= 1450);
		assert_int_equal(off, covered);
		/* MF on all but the last. */
		assert_int_equal((ip[6] & 0x20) != 0, off + len < ip_len - 20);
		for (uint16_t i = 0; i < len; i++)
			assert_int_equal(ip[20 + i], (uint8_t)(20 + off + i));
		covered += len;
		n++;
		rte_pktmbuf_free(m);
	}
	assert_int_equal(n, n_expected);
	assert_int_equal(covered, ip_len - 20);
}

static void test_no_df_fragmented(void **state)
{
	(void)state;
	learn_remote();
	harness_inject(&vm0, ipv4_frame(1500, false, 0));
	harness_poll(dp);
	expect_fragments(1500, 2);
	/* From a chain of two segments, split inside the payload. */
	harness_inject(&vm0, ipv4_frame(3000, false, 1000)); /* 1000 + 2014 */
	harness_poll(dp);
	expect_fragments(3000, 3);
	assert_int_equal(mtu_event("vm0", MTU_EVENT_FRAGMENTED), 2);
	assert_int_equal(mtu_event("vm0", MTU_EVENT_FRAGMENTS), 5);
	assert_int_equal(harness_drain(&vm0), 0);
}

static void test_syn_clamped_both_ways(void **state)
{
	struct tunnel_decap_info info;
	struct rte_mbuf *m;
	uint8_t f[128];
	const uint8_t *p;

	(void)state;
	learn_remote();
	/* Out: from the VM into the tunnel. */
	m = rte_pktmbuf_alloc(harness_pool());
	memcpy(rte_pktmbuf_append(m, sizeof(syn4_linux)), syn4_linux, sizeof(syn4_linux));
	harness_inject(&vm0, m);
	harness_poll(dp);
	m = harness_take(&u);
	assert_non_null(m);
	p = rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), f);
	assert_int_equal(tunnel_decap_parse(p, rte_pktmbuf_pkt_len(m), ip_r2, 4789, &info),
			 TUNNEL_DECAP_OK);
	assert_int_equal(info.inner_len, sizeof(syn4_linux_clamped));
	assert_memory_equal(p + info.inner_offset, syn4_linux_clamped, sizeof(syn4_linux_clamped));
	rte_pktmbuf_free(m);
	assert_int_equal(mtu_event("vm0", MTU_EVENT_MSS_CLAMPED), 1);
	/* In: decapsulated towards the VM (the golden SYN-ACK with its
	 * Ethernet addresses swapped, which the TCP checksum does not cover). */
	memcpy(f, synack4_odd + 6, 6);
	memcpy(f + 6, synack4_odd, 6);
	memcpy(f + 12, synack4_odd + 12, sizeof(synack4_odd) - 12);
	harness_inject(&u, tunnel_frame(TUNNEL_VXLAN, 100, f, sizeof(synack4_odd)));
	harness_poll(dp);
	m = harness_take(&vm0);
	assert_non_null(m);
	assert_int_equal(rte_pktmbuf_pkt_len(m), sizeof(synack4_odd_clamped));
	p = rte_pktmbuf_mtod(m, const uint8_t *);
	assert_memory_equal(p + 12, synack4_odd_clamped + 12, sizeof(synack4_odd_clamped) - 12);
	assert_memory_equal(p, synack4_odd + 6, 6);
	rte_pktmbuf_free(m);
	assert_int_equal(mtu_event("u", MTU_EVENT_MSS_CLAMPED), 1);
	/* mss-clamp = no on gr: untouched, but the MTU still holds. */
	m = rte_pktmbuf_alloc(harness_pool());
	memcpy(rte_pktmbuf_append(m, sizeof(syn4_linux)), syn4_linux, sizeof(syn4_linux));
	harness_inject(&vm1, m);
	harness_poll(dp);
	m = harness_take(&u);
	assert_non_null(m);
	p = rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), f);
	assert_int_equal(tunnel_decap_parse(p, rte_pktmbuf_pkt_len(m), ip_r2, 4789, &info),
			 TUNNEL_DECAP_OK);
	assert_memory_equal(p + info.inner_offset, syn4_linux, sizeof(syn4_linux));
	rte_pktmbuf_free(m);
	harness_inject(&vm1, ipv4_frame(1459, true, 0));
	harness_poll(dp);
	assert_int_equal(harness_drain(&u), 0);
	assert_int_equal(harness_drain(&vm1), 1); /* the answer, MTU 1458 */
}

static void test_never_answered_and_flood(void **state)
{
	struct rte_mbuf *m;
	uint8_t *ip;

	(void)state;
	learn_remote();
	/* An ICMP error over the MTU: dropped, not answered. */
	m = ipv4_frame(1500, true, 0);
	ip = rte_pktmbuf_mtod_offset(m, uint8_t *, 14);
	ip[9] = 1, ip[20] = 3;
	harness_inject(&vm0, m);
	harness_poll(dp);
	assert_int_equal(harness_drain(&u), 0);
	assert_int_equal(harness_drain(&vm0), 0);
	assert_int_equal(harness_drops(dp, "vm0", DROP_MTU_TOO_BIG_SILENT), 1);
	/* Unknown destination (flooded): the too-big answer once, no copy
	 * into the tunnel; the other local member vm1 is in another network. */
	m = ipv4_frame(1500, true, 0);
	rte_pktmbuf_mtod(m, uint8_t *)[5] = 0x77;
	harness_inject(&vm0, m);
	harness_poll(dp);
	assert_int_equal(harness_drain(&u), 0);
	assert_int_equal(harness_drain(&vm0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_df_too_big_answered_on_sender_port),
	    cmocka_unit_test(test_no_df_fragmented),
	    cmocka_unit_test(test_syn_clamped_both_ways),
	    cmocka_unit_test(test_never_answered_and_flood),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
