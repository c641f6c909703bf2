/* Every drop reason through the datapath, with its counter (issue 11, item
 * 7): the reasons no other component test provokes, each pushed through the
 * PMD's real burst (pmd_poll_once) and the control thread's (datapath_tick)
 * on ring-backed ports, then read back from the port's counters.
 * tests/unit/test_drop_coverage.c fails when a reason is asserted nowhere.
 *
 * One datapath: a VXLAN network "ov" (vm0 and two flood VTEPs) over the VTEP
 * port u on VLAN 10, and a flat network "fl" of l0 and l1. The underlay is
 * tagged, so an untagged frame on u is vtep-wrong-vlan and every tunnel or
 * ARP frame built here carries the tag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <rte_ethdev.h>

#include "../../dataplane/ctl_tx.h"
#include "../../dataplane/arp.h"
#include "../../dataplane/checksum.h"
#include "../../dataplane/tunnel_encap.h"
#include "../../dataplane/tunnel_output.h"
#include "../../dataplane/vtep_arp.h"
#include "../../dataplane/wire.h"
#include "harness.h"

#define VLAN 10
#define L2 18			   /* Ethernet and the VLAN tag */
#define MAC_L "02:00:00:00:00:01"  /* a VM behind vm0 */
#define MAC_R "02:00:00:00:00:02"  /* a VM behind remote VTEP .2 */
#define MAC_X "02:00:00:00:00:0e"  /* a VM behind remote VTEP .9, never resolved */
#define MAC_U "02:00:00:00:00:0f"  /* unknown anywhere: flooded */
#define MAC_V2 "02:00:00:00:00:22" /* remote VTEP .2's underlay MAC */
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct ring_port vm0, u, l0, l1;
static struct datapath *dp;
static struct pmd *pmd;
static uint32_t ip_local, ip_r2, ip_r9;
static uint8_t mac_u[6];

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[2048], err[512];

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &ip_local);
	inet_pton(AF_INET, "198.18.0.2", &ip_r2);
	inet_pton(AF_INET, "198.18.0.9", &ip_r9);
	if (harness_eal_init("test_drops") < 0 || harness_ring_port(&vm0, "dvm0", 1024) < 0 ||
	    harness_ring_port(&u, "du", 512) < 0 || harness_ring_port(&l0, "dl0", 1024) < 0 ||
	    harness_ring_port(&l1, "dl1", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network ov]\ntype = vxlan\nvni = 100\nflood = 198.18.0.2, 198.18.0.3\n"
		 "[network fl]\ntype = flat\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[port l0]\ntype = phy\ndevargs = %s\nnetwork = fl\n"
		 "[port l1]\ntype = phy\ndevargs = %s\nnetwork = fl\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\nvlan = %d\n",
		 vm0.devargs, u.devargs, l0.devargs, l1.devargs, VLAN);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	pmd = dp->pmds[0];
	memcpy(mac_u, dp->view->vtep.mac, 6);
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
	harness_drain(&vm0);
	harness_drain(&u);
	harness_drain(&l0);
	harness_drain(&l1);
}

/* The control thread takes everything the PMD punted. */
static void tick_until_punts_taken(void)
{
	while (rte_ring_count(pmd->punt_ring) > 0)
		datapath_tick(dp);
	ctl_tx_drain(pmd); /* what it sent leaves through the PMD (ctl_tx.h) */
}

static uint16_t network_of(const char *name)
{
	return (uint16_t)datapath_find_network(dp, name);
}

/* A tagged VXLAN (or GRE) packet from remote .2 to us around a 60-byte
 * inner frame. */
static struct rte_mbuf *tunnel_frame(enum tunnel_kind kind, uint32_t id)
{
	struct rte_mbuf *m = harness_frame(MAC_L, MAC_R, 60);
	struct tunnel_encap_params p = {
	    .kind = kind, .ttl = 64, .df = true, .vni = id, .vlan = VLAN};
	uint32_t hlen = tunnel_encap_len(kind, VLAN);
	struct rte_ether_addr a;
	uint8_t *hdr;

	assert_non_null(m);
	rte_ether_unformat_addr(MAC_V2, &a);
	memcpy(p.src_mac, a.addr_bytes, 6);
	memcpy(p.dst_mac, mac_u, 6);
	p.src_ip = ip_r2;
	p.dst_ip = ip_local;
	p.udp_src_port = 50000;
	hdr = (uint8_t *)rte_pktmbuf_prepend(m, (uint16_t)hlen);
	assert_non_null(hdr);
	assert_int_equal(tunnel_encap_write(&p, 60, hdr), (int)hlen);
	return m;
}

static uint8_t *outer_ip(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, uint8_t *, L2);
}

/* After editing the outer IPv4 header: a right checksum again, so the edit
 * alone is judged. */
static void outer_ip_checksum(struct rte_mbuf *m)
{
	uint8_t *ip = outer_ip(m);
	uint16_t sum;

	ip[10] = ip[11] = 0;
	sum = htons(checksum_ipv4_header(ip, (size_t)(ip[0] & 0x0f) * 4));
	memcpy(ip + 10, &sum, 2);
}

/* A tagged ARP request from sender_ip (MAC_V2) for our address. */
static struct rte_mbuf *arp_frame(uint32_t sender_ip)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());
	struct rte_ether_addr a;
	uint8_t *out;
	int len;

	assert_non_null(m);
	rte_ether_unformat_addr(MAC_V2, &a);
	out = (uint8_t *)rte_pktmbuf_append(m, ARP_FRAME_VLAN_LEN);
	assert_non_null(out);
	len = arp_request_write(a.addr_bytes, sender_ip, ip_local, NULL, VLAN, out,
				ARP_FRAME_VLAN_LEN);
	assert_true(len > 0);
	rte_pktmbuf_trim(m, (uint16_t)(ARP_FRAME_VLAN_LEN - len));
	return m;
}

/* An IPv4 frame of len bytes (UDP, DF as given) between two unicast hosts. */
static struct rte_mbuf *ipv4_frame(const char *dst, const char *src, uint16_t len, bool df)
{
	struct rte_mbuf *m = harness_frame(dst, src, len);
	uint8_t *ip = rte_pktmbuf_mtod_offset(m, uint8_t *, 14);
	uint16_t total = htons((uint16_t)(len - 14)), frag = htons(df ? 0x4000 : 0);

	memset(ip, 0, 20);
	ip[0] = 0x45;
	memcpy(ip + 2, &total, 2);
	memcpy(ip + 6, &frag, 2);
	ip[8] = 64;
	ip[9] = 17;
	ip[12] = 198, ip[13] = 18, ip[14] = 1, ip[15] = 1;
	ip[16] = 198, ip[17] = 18, ip[18] = 1, ip[19] = 2;
	return m;
}

/* Takes every mbuf of the datapath's pool (the PMD's copies, fragments and
 * answers come from it); harness_pool() stays for the test's frames. */
struct hoard {
	struct rte_mbuf **m;
	unsigned n;
};

static struct hoard pool_empty(void)
{
	struct rte_mempool *pool = pmd->pool;
	struct hoard h = {.m = calloc(pool->size, sizeof(*h.m))};

	assert_non_null(h.m);
	while (h.n < pool->size && (h.m[h.n] = rte_pktmbuf_alloc(pool)) != NULL)
		h.n++;
	assert_null(rte_pktmbuf_alloc(pool));
	return h;
}

static void pool_refill(struct hoard *h)
{
	rte_pktmbuf_free_bulk(h->m, h->n);
	free(h->m);
}

/* --- the PMD's drops --- */

static void test_vtep_wrong_vlan(void **state)
{
	uint64_t before = harness_drops(dp, "u", DROP_VTEP_WRONG_VLAN);
	struct rte_mbuf *m = tunnel_frame(TUNNEL_VXLAN, 100);

	(void)state;
	/* The same packet without its tag. */
	memmove(rte_pktmbuf_mtod_offset(m, uint8_t *, 4), rte_pktmbuf_mtod(m, uint8_t *), 12);
	rte_pktmbuf_adj(m, 4);
	harness_inject(&u, m);
	/* A tagged one passes: the tag is what was judged. */
	harness_inject(&u, tunnel_frame(TUNNEL_VXLAN, 100));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "u", DROP_VTEP_WRONG_VLAN), before + 1);
	assert_int_equal(harness_drain(&vm0), 1);
	drain_all();
}

/* One edit of a good tunnel packet per outer-header drop reason. */
enum edit {
	EDIT_CUT,
	EDIT_CHECKSUM,
	EDIT_OPTIONS,
	EDIT_FRAGMENT,
	EDIT_TTL,
	EDIT_SOURCE,
	EDIT_VXLAN_FLAGS,
	EDIT_GRE_FLAGS,
	EDIT_GRE_NO_KEY,
	EDIT_GRE_PROTOCOL,
};

static struct rte_mbuf *edited(enum edit e)
{
	bool gre = e >= EDIT_GRE_FLAGS;
	struct rte_mbuf *m = tunnel_frame(gre ? TUNNEL_GRE : TUNNEL_VXLAN, gre ? 7 : 100);
	uint8_t *ip = outer_ip(m), *l4 = ip + 20;

	switch (e) {
	case EDIT_CUT: /* the IPv4 total length says 10 bytes more */
		rte_pktmbuf_trim(m, 10);
		return m;
	case EDIT_CHECKSUM:
		ip[10] ^= 0xff;
		return m;
	case EDIT_OPTIONS:
		ip[0] = 0x46;
		break;
	case EDIT_FRAGMENT:
		ip[6] |= 0x20; /* more fragments */
		break;
	case EDIT_TTL:
		ip[8] = 0;
		break;
	case EDIT_SOURCE:
		ip[12] = 127;
		break;
	case EDIT_VXLAN_FLAGS:
		l4[8] = 0x00; /* I flag clear */
		return m;
	case EDIT_GRE_FLAGS:
		l4[0] |= 0x80; /* checksum present */
		return m;
	case EDIT_GRE_NO_KEY:
		l4[0] &= (uint8_t)~0x20;
		return m;
	case EDIT_GRE_PROTOCOL:
		l4[2] = 0x08, l4[3] = 0x00;
		return m;
	}
	outer_ip_checksum(m);
	return m;
}

static void expect_decap_drop(enum edit e, enum drop_reason reason)
{
	uint64_t before = harness_drops(dp, "u", reason);

	harness_inject(&u, edited(e));
	harness_poll(dp);
	if (harness_drops(dp, "u", reason) != before + 1)
		fprintf(stderr, "edit %d: no %s drop\n", e, drop_table[reason].name);
	assert_int_equal(harness_drops(dp, "u", reason), before + 1);
	assert_int_equal(harness_drain(&vm0), 0);
}

static void test_tunnel_header_drops(void **state)
{
	(void)state;
	expect_decap_drop(EDIT_CUT, DROP_TUNNEL_TRUNCATED);
	assert_int_equal(harness_drops(dp, "u", DROP_TUNNEL_TRUNCATED), 1);
	expect_decap_drop(EDIT_CHECKSUM, DROP_TUNNEL_BAD_IPV4);
	assert_int_equal(harness_drops(dp, "u", DROP_TUNNEL_BAD_IPV4), 1);
	expect_decap_drop(EDIT_OPTIONS, DROP_TUNNEL_IP_OPTIONS);
	assert_int_equal(harness_drops(dp, "u", DROP_TUNNEL_IP_OPTIONS), 1);
	expect_decap_drop(EDIT_FRAGMENT, DROP_TUNNEL_FRAGMENT);
	assert_int_equal(harness_drops(dp, "u", DROP_TUNNEL_FRAGMENT), 1);
	expect_decap_drop(EDIT_TTL, DROP_TUNNEL_TTL_EXPIRED);
	assert_int_equal(harness_drops(dp, "u", DROP_TUNNEL_TTL_EXPIRED), 1);
	expect_decap_drop(EDIT_SOURCE, DROP_TUNNEL_BAD_SOURCE);
	assert_int_equal(harness_drops(dp, "u", DROP_TUNNEL_BAD_SOURCE), 1);
	expect_decap_drop(EDIT_VXLAN_FLAGS, DROP_VXLAN_BAD_FLAGS);
	assert_int_equal(harness_drops(dp, "u", DROP_VXLAN_BAD_FLAGS), 1);
	expect_decap_drop(EDIT_GRE_FLAGS, DROP_GRE_BAD_FLAGS);
	assert_int_equal(harness_drops(dp, "u", DROP_GRE_BAD_FLAGS), 1);
	expect_decap_drop(EDIT_GRE_NO_KEY, DROP_GRE_NO_KEY);
	assert_int_equal(harness_drops(dp, "u", DROP_GRE_NO_KEY), 1);
	expect_decap_drop(EDIT_GRE_PROTOCOL, DROP_GRE_BAD_PROTOCOL);
	assert_int_equal(harness_drops(dp, "u", DROP_GRE_BAD_PROTOCOL), 1);
	drain_all();
}

/* A copy for each flood VTEP finds the pool empty. */
static void test_no_mbuf(void **state)
{
	uint64_t before = harness_drops(dp, "u", DROP_NO_MBUF);
	struct hoard h;

	(void)state;
	h = pool_empty();
	harness_inject(&vm0, harness_frame(MAC_U, MAC_L, 100));
	pmd_poll_once(pmd);
	pool_refill(&h);
	/* Two flood VTEPs, two copies missing; nothing left on u. */
	assert_int_equal(harness_drops(dp, "u", DROP_NO_MBUF), before + 2);
	assert_int_equal(harness_drain(&u), 0);
	datapath_tick(dp);
	drain_all();
}

/* IPv4 without DF over the network MTU (1450) is fragmented: with no mbuf
 * for the fragments it is dropped. */
static void test_mtu_fragment_failed(void **state)
{
	uint64_t before = harness_drops(dp, "vm0", DROP_MTU_FRAGMENT_FAILED);
	struct hoard h;

	(void)state;
	assert_int_equal(dp->view->tunnels[network_of("ov")].mtu, 1446); /* 1500 - 50 - tag */
	h = pool_empty();
	harness_inject(&vm0, ipv4_frame(MAC_U, MAC_L, 1600, false));
	pmd_poll_once(pmd);
	pool_refill(&h);
	assert_int_equal(harness_drops(dp, "vm0", DROP_MTU_FRAGMENT_FAILED), before + 1);
	assert_int_equal(harness_drain(&u), 0);
	datapath_tick(dp);
	drain_all();
}

/* Over the MTU with an IPv4 ethertype but no IPv4 header behind it. */
static void test_mtu_malformed(void **state)
{
	uint64_t before = harness_drops(dp, "vm0", DROP_MTU_MALFORMED);

	(void)state;
	/* harness_frame fills the payload with 0xab: IP version 10. */
	harness_inject(&vm0, harness_frame(MAC_U, MAC_L, 1600));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "vm0", DROP_MTU_MALFORMED), before + 1);
	assert_int_equal(harness_drain(&u), 0);
	drain_all();
}

/* The egress phy port stopped under the view (as port_phy_close() leaves
 * it): flood to it is counted, not sent. */
static void test_port_down(void **state)
{
	struct port *p = &dp->ports[datapath_find_port(dp, "l1")];
	uint64_t before = harness_drops(dp, "l1", DROP_PORT_DOWN);

	(void)state;
	assert_int_equal(rte_eth_dev_stop(p->eth_port), 0);
	p->started = false;
	harness_inject(&l0, harness_frame(BCAST, "02:00:00:00:00:40", 64));
	harness_inject(&l0, harness_frame(BCAST, "02:00:00:00:00:40", 64));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "l1", DROP_PORT_DOWN), before + 2);
	assert_int_equal(harness_drain(&l1), 0);
	assert_int_equal(rte_eth_dev_start(p->eth_port), 0);
	p->started = true;
	harness_inject(&l0, harness_frame(BCAST, "02:00:00:00:00:40", 64));
	harness_poll(dp);
	assert_int_equal(harness_drain(&l1), 1);
	assert_int_equal(harness_drops(dp, "l1", DROP_PORT_DOWN), before + 2);
}

/* An inner frame so large its outer IPv4 header cannot say its length. The
 * MTU guard stops such a frame before encapsulation on every path from
 * pmd_poll_once (the network MTU is at most 16060), so tunnel_output(), the
 * burst's encapsulation stage, is given one directly: the check is the last
 * line of defence. */
static void test_tunnel_too_big(void **state)
{
	uint64_t before = harness_drops(dp, "u", DROP_TUNNEL_TOO_BIG);
	struct rte_mbuf *m = harness_frame(MAC_R, MAC_L, 2000);
	const struct fwd_view *view = dp->view;

	(void)state;
	while (rte_pktmbuf_pkt_len(m) < 65520) {
		struct rte_mbuf *seg = rte_pktmbuf_alloc(harness_pool());

		assert_non_null(seg);
		assert_non_null(rte_pktmbuf_append(seg, 2000));
		assert_int_equal(rte_pktmbuf_chain(m, seg), 0);
	}
	tunnel_output(pmd, view, network_of("ov"), ip_r2, m);
	assert_int_equal(harness_drops(dp, "u", DROP_TUNNEL_TOO_BIG), before + 1);
	assert_int_equal(pmd->n_dirty, 0);
	assert_int_equal(rte_ring_count(pmd->punt_ring), 0);
}

/* Packets to an unresolved next hop wait on the punt ring for the control
 * thread; past its room they are dropped on the PMD (neighbour-unresolved),
 * and past VTEP_WAIT_MAX per neighbour on the control thread
 * (wait_queue_full). */
static void test_neighbour_unresolved_and_wait_queue_full(void **state)
{
	const unsigned sent = 1100;
	uint64_t before = harness_drops(dp, "u", DROP_NEIGHBOUR_UNRESOLVED);
	uint64_t full = dp->vtep_ctl->stats.wait_queue_full, resolved;
	static const uint8_t nh[6] = {2, 0, 0, 0, 0, 0x99};
	struct rte_ether_addr a;
	struct fdb_key key;
	unsigned room;

	(void)state;
	tick_until_punts_taken();
	room = rte_ring_free_count(pmd->punt_ring);
	assert_true(room < sent);
	rte_ether_unformat_addr(MAC_X, &a);
	fdb_key_set(&key, a.addr_bytes, network_of("ov"));
	assert_int_equal(fdb_learn(&dp->fdb, &key, (uint16_t)datapath_find_port(dp, "u"), ip_r9,
				   true, datapath_now(dp)),
			 0);
	for (unsigned i = 0; i < sent; i++) {
		harness_inject(&vm0, harness_frame(MAC_X, MAC_L, 64));
		if (i % BURST_SIZE == BURST_SIZE - 1)
			pmd_poll_once(pmd);
	}
	pmd_poll_once(pmd);
	assert_int_equal(harness_drops(dp, "u", DROP_NEIGHBOUR_UNRESOLVED), before + sent - room);
	assert_int_equal(harness_drain(&u), 0);

	/* The control thread keeps VTEP_WAIT_MAX for .9 and asks ARP once. */
	tick_until_punts_taken();
	assert_int_equal(dp->vtep_ctl->stats.wait_queue_full, full + room - VTEP_WAIT_MAX);
	assert_int_equal(harness_drain(&u), 1);

	/* Its MAC known, the waiting leave and no ARP retry is left to fire
	 * in a later test. */
	resolved = dp->vtep_ctl->stats.resolved_sent;
	assert_int_equal(vtep_neighbour_add(dp, ip_r9, nh), 0);
	assert_int_equal(dp->vtep_ctl->stats.resolved_sent, resolved + VTEP_WAIT_MAX);
	ctl_tx_drain(pmd);
	assert_int_equal(harness_drain(&u), VTEP_WAIT_MAX);
	assert_int_equal(fdb_delete(&dp->fdb, &key), 0);
}

/* --- the VTEP's ARP on the control thread --- */

static void test_arp_malformed(void **state)
{
	uint64_t before = harness_drops(dp, "u", DROP_ARP_MALFORMED);
	uint64_t malformed = dp->vtep_ctl->stats.arp_malformed;
	uint64_t received = dp->vtep_ctl->stats.arp_received;
	uint64_t replies = dp->vtep_ctl->stats.replies_sent;
	struct rte_mbuf *m = arp_frame(ip_r2);

	(void)state;
	/* Hardware type 7: not Ethernet. */
	rte_pktmbuf_mtod_offset(m, uint8_t *, L2)[1] = 7;
	harness_inject(&u, m);
	harness_poll(dp);
	tick_until_punts_taken();
	assert_int_equal(dp->vtep_ctl->stats.arp_received, received + 1);
	assert_int_equal(dp->vtep_ctl->stats.arp_malformed, malformed + 1);
	assert_int_equal(harness_drops(dp, "u", DROP_ARP_MALFORMED), before + 1);
	assert_int_equal(dp->vtep_ctl->stats.replies_sent, replies);
}

/* Someone else claims the VTEP's address (RFC 5227 section 2.4). */
static void test_arp_conflict(void **state)
{
	uint64_t conflicts = dp->vtep_ctl->stats.conflicts;
	uint64_t replies = dp->vtep_ctl->stats.replies_sent;

	(void)state;
	harness_inject(&u, arp_frame(ip_local));
	harness_poll(dp);
	tick_until_punts_taken();
	assert_int_equal(dp->vtep_ctl->stats.conflicts, conflicts + 1);
	assert_int_equal(dp->vtep_ctl->stats.replies_sent, replies);
}

/* The control thread's transmit (an ARP reply) leaves through the PMD and
 * finds the VTEP port's ring full: counted as the port's tx-queue-full; the
 * hand-over itself worked, so the VTEP's tx_failed stays. */
static void test_vtep_tx_failed(void **state)
{
	uint64_t failed = dp->vtep_ctl->stats.tx_failed;
	uint64_t full = harness_drops(dp, "u", DROP_TX_QUEUE_FULL);
	uint64_t replies = dp->vtep_ctl->stats.replies_sent;
	unsigned room;

	(void)state;
	drain_all();
	room = rte_ring_free_count(u.tx);
	for (unsigned i = 0; i < room; i++)
		assert_int_equal(rte_ring_enqueue(u.tx, harness_frame(BCAST, MAC_V2, 60)), 0);
	harness_inject(&u, arp_frame(ip_r2));
	harness_poll(dp);
	tick_until_punts_taken();
	assert_int_equal(dp->vtep_ctl->stats.replies_sent, replies + 1);
	assert_int_equal(dp->vtep_ctl->stats.tx_failed, failed);
	assert_int_equal(harness_drops(dp, "u", DROP_TX_QUEUE_FULL), full + 1);
	assert_int_equal(harness_drain(&u), room);
}

/* ARP for the VTEP faster than the control thread takes it. */
static void test_arp_queue_full(void **state)
{
	const unsigned sent = 1100;
	uint64_t before = harness_drops(dp, "u", DROP_ARP_QUEUE_FULL);
	unsigned room;

	(void)state;
	tick_until_punts_taken();
	room = rte_ring_free_count(pmd->punt_ring);
	for (unsigned i = 0; i < sent; i++) {
		harness_inject(&u, arp_frame(ip_r2));
		if (i % BURST_SIZE == BURST_SIZE - 1)
			pmd_poll_once(pmd);
	}
	pmd_poll_once(pmd);
	assert_int_equal(harness_drops(dp, "u", DROP_ARP_QUEUE_FULL), before + sent - room);
	tick_until_punts_taken();
	drain_all();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vtep_wrong_vlan),
	    cmocka_unit_test(test_tunnel_header_drops),
	    cmocka_unit_test(test_no_mbuf),
	    cmocka_unit_test(test_mtu_fragment_failed),
	    cmocka_unit_test(test_mtu_malformed),
	    cmocka_unit_test(test_port_down),
	    cmocka_unit_test(test_tunnel_too_big),
	    cmocka_unit_test(test_neighbour_unresolved_and_wait_queue_full),
	    /* ARP before arp-queue-full, which spends the ARP rate limit. */
	    cmocka_unit_test(test_arp_malformed),
	    cmocka_unit_test(test_arp_conflict),
	    cmocka_unit_test(test_vtep_tx_failed),
	    cmocka_unit_test(test_arp_queue_full),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
