/* Component tests of replication without payload copies (issue 15,
 * dataplane/replicate.h) on ring-backed ethdevs: every remote VTEP of a
 * flood, and a flood's tagged output on a trunk, gets a private header mbuf
 * chained to the one payload; the bytes on the wire are those a copy would
 * have carried, and every reference and mbuf comes back after transmit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <rte_ethdev.h>

#include "../../dataplane/arp.h"
#include "../../dataplane/replicate.h"
#include "../../dataplane/tunnel_decap.h"
#include "../../dataplane/tunnel_encap.h"
#include "../../dataplane/vtep_arp.h"
#include "../../dataplane/wire.h"
#include "harness.h"

#define N_VTEPS 16
#define MAC_L "02:00:00:00:00:01"  /* a VM behind vm0 */
#define MAC_A "02:00:00:00:00:0a"  /* a VM behind a (VLAN network) */
#define MAC_NH "02:00:00:00:00:40" /* the unresolved VTEP's underlay MAC, once known */
#define BCAST "ff:ff:ff:ff:ff:ff"
#define VID 10
#define MAX_FRAME 2048

static struct ring_port vm0, vm1, vm2, a, a2, t, u;
static struct datapath *dp;
static uint32_t ip_local, ip_unresolved, ip_vtep[N_VTEPS];
static uint8_t mac_vtep[N_VTEPS][6];

static const char *config_text(void)
{
	static char text[4096];
	char flood[512] = "";

	for (int i = 0; i < N_VTEPS; i++)
		snprintf(flood + strlen(flood), sizeof(flood) - strlen(flood), "%s198.18.0.%d",
			 i ? ", " : "", 2 + i);
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network ov]\ntype = vxlan\nvni = 100\nflood = %s\n"
		 "[network ol]\ntype = vxlan\nvni = 200\nflood = 198.18.0.40\n"
		 "[network vl]\ntype = vlan\nvid = %d\nport = t\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port vm1]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port vm2]\ntype = phy\ndevargs = %s\nnetwork = ol\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = vl\n"
		 "[port a2]\ntype = phy\ndevargs = %s\nnetwork = vl\n"
		 "[port t]\ntype = phy\ndevargs = %s\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\n",
		 flood, VID, vm0.devargs, vm1.devargs, vm2.devargs, a.devargs, a2.devargs,
		 t.devargs, u.devargs);
	return text;
}

static int setup(void **state)
{
	struct ring_port *rp[] = {&vm0, &vm1, &vm2, &a, &a2, &t, &u};
	const char *names[] = {"vm0", "vm1", "vm2", "a", "a2", "t", "u"};
	char name[16];

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &ip_local);
	inet_pton(AF_INET, "198.18.0.40", &ip_unresolved);
	if (harness_eal_init("test_replicate") < 0)
		return -1;
	for (int i = 0; i < 7; i++)
		if (harness_ring_port(rp[i], names[i], 1024) < 0)
			return -1;
	dp = harness_datapath(config_text());
	if (!dp)
		return -1;
	/* Every VTEP of ov resolved: its replicas leave at once. */
	for (int i = 0; i < N_VTEPS; i++) {
		snprintf(name, sizeof(name), "198.18.0.%d", 2 + i);
		inet_pton(AF_INET, name, &ip_vtep[i]);
		memcpy(mac_vtep[i], (uint8_t[]){0x02, 0, 0, 0, 0x01, (uint8_t)i}, 6);
		if (vtep_neighbour_add(dp, ip_vtep[i], mac_vtep[i]) < 0)
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

static struct rte_mempool *pmd_pool(void)
{
	return dp->pmds[0]->pool;
}

/* An Ethernet/IPv4/UDP frame of len bytes (the VXLAN source-port hash
 * reads its addresses and ports) in n_seg segments of harness_pool(),
 * the first at least 64 bytes. Its bytes also go to flat. */
static struct rte_mbuf *udp_frame(const char *dst, const char *src, uint16_t len, int n_seg,
				  uint8_t *flat)
{
	struct rte_mbuf *head = NULL, *prev = NULL;
	struct wire_ipv4 *ip = (struct wire_ipv4 *)(flat + 14);
	struct rte_mbuf *e = harness_frame(dst, src, 14);
	uint16_t off = 0;

	memcpy(flat, rte_pktmbuf_mtod(e, uint8_t *), 14);
	rte_pktmbuf_free(e);
	for (uint16_t i = 14; i < len; i++)
		flat[i] = (uint8_t)i;
	ip->version_ihl = 0x45;
	ip->total_length = htons((uint16_t)(len - 14));
	ip->ttl = 64;
	ip->protocol = 17;
	inet_pton(AF_INET, "10.0.0.1", &ip->src);
	inet_pton(AF_INET, "10.0.0.2", &ip->dst);
	flat[34] = 0x30, flat[35] = 0x39; /* UDP 12345 -> 9 */
	flat[36] = 0, flat[37] = 9;
	for (int s = 0; s < n_seg; s++) {
		uint16_t n = s == n_seg - 1 ? (uint16_t)(len - off) : (uint16_t)(len / n_seg);
		struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());

		assert_non_null(m);
		memcpy(rte_pktmbuf_append(m, n), flat + off, n);
		off = (uint16_t)(off + n);
		if (!head)
			head = m;
		else {
			prev->next = m;
			head->nb_segs++;
			head->pkt_len += n;
		}
		prev = m;
	}
	return head;
}

/* The outer header a copy of frame to VTEP i carried before replicas:
 * tunnel_encap_write(), the reference encapsulation, with the view's VTEP
 * parameters. ip_id: the output's own (0 with DF). */
static void expected_outer(uint32_t remote, const uint8_t nh_mac[6], uint32_t vni,
			   const uint8_t *frame, uint32_t len, uint16_t ip_id, uint8_t *out)
{
	const struct vtep_view *v = &dp->view->vtep;
	struct tunnel_encap_params p = {.kind = TUNNEL_VXLAN,
					.vlan = v->vlan,
					.src_ip = v->addr,
					.dst_ip = remote,
					.ttl = v->ttl,
					.df = v->df,
					.ip_id = ip_id,
					.vni = vni,
					.udp_dst_port = v->udp_port};

	memcpy(p.src_mac, v->mac, 6);
	memcpy(p.dst_mac, nh_mac, 6);
	p.udp_src_port = tunnel_vxlan_source_port(frame, len);
	assert_int_equal(tunnel_encap_write(&p, len, out), TUNNEL_VXLAN_OVERHEAD);
}

/* Checks out is a replica of m to remote: a private direct header segment
 * holding exactly the outer header (as a copy would have had it), then m's
 * own segments, shared, carrying frame. */
static void check_replica(struct rte_mbuf *out, struct rte_mbuf *m, uint32_t remote,
			  const uint8_t nh_mac[6], uint32_t vni, const uint8_t *frame, uint32_t len)
{
	uint8_t want[TUNNEL_MAX_OVERHEAD], buf[MAX_FRAME];
	const uint8_t *hdr = rte_pktmbuf_mtod(out, const uint8_t *);
	struct wire_ipv4 ip;
	struct rte_mbuf *s, *p;

	assert_int_equal(out->nb_segs, m->nb_segs + 1);
	assert_int_equal(rte_pktmbuf_pkt_len(out), TUNNEL_VXLAN_OVERHEAD + len);
	assert_true(RTE_MBUF_DIRECT(out));
	assert_int_equal(rte_mbuf_refcnt_read(out), 1);
	assert_int_equal(rte_pktmbuf_data_len(out), TUNNEL_VXLAN_OVERHEAD);
	/* The payload: m's segments themselves, not copies of them. */
	for (s = out->next, p = m; p; s = s->next, p = p->next)
		assert_ptr_equal(s, p);
	assert_null(s);
	memcpy(&ip, hdr + sizeof(struct wire_ether), sizeof(ip));
	expected_outer(remote, nh_mac, vni, frame, len, ntohs(ip.id), want);
	assert_memory_equal(hdr, want, TUNNEL_VXLAN_OVERHEAD);
	assert_memory_equal(rte_pktmbuf_read(out, TUNNEL_VXLAN_OVERHEAD, len, buf), frame, len);
}

/* Takes the n_expected outputs on u, one to each VTEP of ov, and checks
 * them; returns them in outs, in VTEP order. */
static void take_flood(struct rte_mbuf *m, const uint8_t *frame, uint32_t len,
		       struct rte_mbuf **outs)
{
	memset(outs, 0, N_VTEPS * sizeof(*outs));
	for (int k = 0; k < N_VTEPS; k++) {
		struct rte_mbuf *o = harness_take(&u);
		struct wire_ipv4 ip;
		int i;

		assert_non_null(o);
		memcpy(&ip, rte_pktmbuf_mtod_offset(o, uint8_t *, sizeof(struct wire_ether)),
		       sizeof(ip));
		for (i = 0; i < N_VTEPS && ip.dst != ip_vtep[i]; i++)
			;
		assert_true(i < N_VTEPS);
		assert_null(outs[i]); /* one each */
		check_replica(o, m, ip_vtep[i], mac_vtep[i], 100, frame, len);
		outs[i] = o;
	}
	assert_null(harness_take(&u));
}

static void assert_refcnt_all(struct rte_mbuf *m, uint16_t want)
{
	for (; m; m = m->next)
		assert_int_equal(rte_mbuf_refcnt_read(m), want);
}

/* A flood to the local vm1 and 16 VTEPs, of a one-segment and a chained
 * frame: one payload for all 17 outputs; refcounts and pools back after. */
static void flood_shares(uint16_t len, int n_seg)
{
	unsigned pmd0 = rte_mempool_in_use_count(pmd_pool());
	unsigned test0 = rte_mempool_in_use_count(harness_pool());
	struct rte_mbuf *outs[N_VTEPS], *m, *local;
	uint8_t frame[MAX_FRAME];

	m = udp_frame(BCAST, MAC_L, len, n_seg, frame);
	rte_pktmbuf_refcnt_update(m, 1); /* the test keeps watching it */
	harness_inject(&vm0, m);
	harness_poll(dp);
	local = harness_take(&vm1);
	assert_ptr_equal(local, m); /* local members share it as they always did */
	assert_null(harness_take(&vm1));
	take_flood(m, frame, len, outs);
	/* The test, vm1 and 16 replicas hold every segment. */
	assert_refcnt_all(m, 2 + N_VTEPS);
	/* The replicas' headers came from the PMD's pool, one each. */
	assert_int_equal(rte_mempool_in_use_count(pmd_pool()), pmd0 + N_VTEPS);
	rte_pktmbuf_free(local);
	rte_pktmbuf_free_bulk(outs, N_VTEPS);
	assert_refcnt_all(m, 1);
	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_in_use_count(pmd_pool()), pmd0);
	assert_int_equal(rte_mempool_in_use_count(harness_pool()), test0);
}

static void test_flood_to_16_vteps_shares_payload(void **state)
{
	(void)state;
	flood_shares(200, 1);
}

static void test_flood_of_chained_frame(void **state)
{
	(void)state;
	flood_shares(1400, 3); /* fits the network MTU (1450) */
}

/* A VTEP port whose device sends no chains gets full copies, as before. */
static void test_flat_only_device_gets_copies(void **state)
{
	struct port *pu = &dp->ports[datapath_find_port(dp, "u")];
	uint8_t frame[MAX_FRAME], buf[MAX_FRAME];
	struct rte_mbuf *m, *o;
	unsigned n = 0;

	(void)state;
	harness_drain(&vm1);
	assert_false(pu->tx_flat_only); /* net_ring hands the chain on */
	pu->tx_flat_only = true;
	m = udp_frame(BCAST, MAC_L, 200, 1, frame);
	harness_inject(&vm0, m);
	harness_poll(dp);
	while ((o = harness_take(&u))) {
		assert_int_equal(o->nb_segs, 1);
		assert_memory_equal(rte_pktmbuf_read(o, TUNNEL_VXLAN_OVERHEAD, 200, buf), frame,
				    200);
		rte_pktmbuf_free(o);
		n++;
	}
	pu->tx_flat_only = false;
	assert_int_equal(n, N_VTEPS);
	harness_drain(&vm1);
}

/* A flood in a VLAN network: the trunk's output is tagged in a replica
 * (the MACs and tag private, the rest m's buffer), the access port gets
 * m itself. */
static void test_trunk_output_is_replica(void **state)
{
	unsigned pmd0 = rte_mempool_in_use_count(pmd_pool());
	unsigned test0 = rte_mempool_in_use_count(harness_pool());
	uint8_t frame[MAX_FRAME], want[MAX_FRAME], buf[MAX_FRAME];
	struct rte_mbuf *m, *local, *o, *rest;

	(void)state;
	m = udp_frame(BCAST, MAC_A, 100, 1, frame);
	rte_pktmbuf_refcnt_update(m, 1);
	harness_inject(&a, m);
	harness_poll(dp);
	local = harness_take(&a2);
	assert_ptr_equal(local, m);
	o = harness_take(&t);
	assert_non_null(o);
	assert_null(harness_take(&t));
	memcpy(want, frame, 12);
	memcpy(want + 12, (uint8_t[]){0x81, 0x00, 0x00, VID}, 4);
	memcpy(want + 16, frame + 12, 100 - 12);
	assert_int_equal(rte_pktmbuf_pkt_len(o), 104);
	assert_memory_equal(rte_pktmbuf_read(o, 0, 104, buf), want, 104);
	/* Private: the 16 bytes written; shared: m's buffer after its MACs. */
	assert_int_equal(o->nb_segs, 2);
	assert_int_equal(rte_pktmbuf_data_len(o), 16);
	rest = o->next;
	assert_true(RTE_MBUF_CLONED(rest));
	assert_ptr_equal(rte_mbuf_from_indirect(rest), m);
	assert_ptr_equal(rte_pktmbuf_mtod(rest, uint8_t *), rte_pktmbuf_mtod(m, uint8_t *) + 12);
	assert_int_equal(rte_mbuf_refcnt_read(m), 3); /* the test, a2, the replica */
	assert_memory_equal(rte_pktmbuf_mtod(m, uint8_t *), frame, 100); /* untouched */
	rte_pktmbuf_free(o);
	rte_pktmbuf_free(local);
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_in_use_count(pmd_pool()), pmd0);
	assert_int_equal(rte_mempool_in_use_count(harness_pool()), test0);
}

/* The next hop of ol's VTEP is unknown: its replica waits on the control
 * thread (holding the payload) while ARP asks, then leaves with the MAC
 * written into its private header. */
static void test_unresolved_next_hop(void **state)
{
	unsigned pmd0 = rte_mempool_in_use_count(pmd_pool());
	unsigned test0 = rte_mempool_in_use_count(harness_pool());
	uint8_t frame[MAX_FRAME], *out;
	struct rte_ether_addr nh;
	struct rte_mbuf *m, *req, *o;
	struct arp_info arp;

	(void)state;
	m = udp_frame(BCAST, MAC_L, 120, 2, frame);
	rte_pktmbuf_refcnt_update(m, 1);
	harness_inject(&vm2, m);
	harness_poll(dp);
	req = harness_take(&u);
	assert_non_null(req);
	assert_int_equal(
	    arp_parse(rte_pktmbuf_mtod(req, const uint8_t *), rte_pktmbuf_data_len(req), &arp),
	    ARP_PARSE_OK);
	assert_int_equal(arp.target_ip, ip_unresolved);
	assert_null(harness_take(&u));
	assert_refcnt_all(m, 2); /* the test and the waiting replica */

	rte_ether_unformat_addr(MAC_NH, &nh);
	rte_pktmbuf_reset(req);
	out = (uint8_t *)rte_pktmbuf_append(req, ARP_FRAME_LEN);
	assert_int_equal(arp_reply_write(&arp, nh.addr_bytes, ip_unresolved, out, ARP_FRAME_LEN),
			 ARP_FRAME_LEN);
	harness_inject(&u, req);
	harness_poll(dp);
	o = harness_take(&u);
	assert_non_null(o);
	check_replica(o, m, ip_unresolved, nh.addr_bytes, 200, frame, 120);
	assert_null(harness_take(&u));
	rte_pktmbuf_free(o);
	assert_refcnt_all(m, 1);
	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_in_use_count(pmd_pool()), pmd0);
	assert_int_equal(rte_mempool_in_use_count(harness_pool()), test0);
}

/* replicate_clone() itself: private bytes, metadata, refusals. */
static void test_replicate_clone(void **state)
{
	uint8_t frame[MAX_FRAME], buf[MAX_FRAME];
	struct rte_mbuf *m = udp_frame(BCAST, MAC_L, 90, 2, frame), *r;
	unsigned test0;
	uint32_t len;

	(void)state;
	m->ol_flags = RTE_MBUF_F_RX_VLAN;
	m->vlan_tci = 7;
	m->hash.rss = 0x1234;
	test0 = rte_mempool_in_use_count(harness_pool());
	r = replicate_clone(harness_pool(), m, 12);
	assert_non_null(r);
	assert_int_equal(rte_pktmbuf_headroom(r) >= REPLICATE_HEADROOM, 1);
	assert_int_equal(rte_pktmbuf_data_len(r), 12);
	assert_int_equal(rte_pktmbuf_pkt_len(r), 90);
	assert_int_equal(r->nb_segs, 3);
	assert_int_equal(r->ol_flags, RTE_MBUF_F_RX_VLAN);
	assert_int_equal(r->vlan_tci, 7);
	assert_int_equal(r->hash.rss, 0x1234);
	assert_memory_equal(rte_pktmbuf_read(r, 0, 90, buf), frame, 90);
	/* The replica's private bytes are its own. */
	memset(rte_pktmbuf_mtod(r, uint8_t *), 0, 12);
	assert_memory_equal(rte_pktmbuf_mtod(m, uint8_t *), frame, 90 / 2);
	assert_ptr_equal(r->next->next, m->next);
	assert_int_equal(rte_mbuf_refcnt_read(m), 2);	    /* through the indirect mbuf */
	assert_int_equal(rte_mbuf_refcnt_read(m->next), 2); /* directly */
	assert_int_equal(rte_mempool_in_use_count(harness_pool()), test0 + 2);
	rte_pktmbuf_free(r);
	assert_refcnt_all(m, 1);
	assert_int_equal(rte_mempool_in_use_count(harness_pool()), test0);

	/* An untouched replica's frame starts in its second segment. */
	r = replicate_clone(harness_pool(), m, 0);
	assert_non_null(r);
	assert_ptr_equal(replicate_frame_start(r, &len), rte_pktmbuf_mtod(m, uint8_t *));
	assert_int_equal(len, rte_pktmbuf_data_len(m));
	rte_pktmbuf_free(r);

	/* Several at once: one reference each, none private. */
	{
		struct rte_mbuf *rs[3];

		assert_int_equal(replicate_clones(harness_pool(), m, rs, 0), 0);
		assert_int_equal(replicate_clones(harness_pool(), m, rs, 3), 3);
		assert_refcnt_all(m, 4);
		for (int i = 0; i < 3; i++) {
			assert_ptr_equal(rs[i]->next, m);
			assert_int_equal(rte_pktmbuf_data_len(rs[i]), 0);
			assert_int_equal(rte_pktmbuf_pkt_len(rs[i]), 90);
			assert_int_equal(rs[i]->nb_segs, 3);
		}
		rte_pktmbuf_free_bulk(rs, 3);
		assert_refcnt_all(m, 1);
		assert_int_equal(rte_mempool_in_use_count(harness_pool()), test0);
	}

	/* More private bytes than allowed, or than the first segment has. */
	assert_null(replicate_clone(harness_pool(), m, REPLICATE_PRIVATE_MAX + 1));
	rte_pktmbuf_free(m->next);
	m->next = NULL;
	m->nb_segs = 1;
	rte_pktmbuf_trim(m, (uint16_t)(rte_pktmbuf_data_len(m) - 10));
	m->pkt_len = 10;
	assert_null(replicate_clone(harness_pool(), m, 12));
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_in_use_count(harness_pool()), test0 - 2);
}

static void test_device_takes_chains(void **state)
{
	(void)state;
	assert_true(replicate_device_takes_chains("net_ixgbe", RTE_ETH_TX_OFFLOAD_MULTI_SEGS));
	assert_false(replicate_device_takes_chains("net_foo", RTE_ETH_TX_OFFLOAD_TCP_TSO));
	assert_true(replicate_device_takes_chains("net_ring", 0));
	assert_true(replicate_device_takes_chains("net_null", 0));
	assert_false(replicate_device_takes_chains(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flood_to_16_vteps_shares_payload),
	    cmocka_unit_test(test_flood_of_chained_frame),
	    cmocka_unit_test(test_flat_only_device_gets_copies),
	    cmocka_unit_test(test_trunk_output_is_replica),
	    cmocka_unit_test(test_unresolved_next_hop),
	    cmocka_unit_test(test_replicate_clone),
	    cmocka_unit_test(test_device_takes_chains),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
