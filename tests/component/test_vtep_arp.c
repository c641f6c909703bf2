/* The VTEP's ARP on the control thread, against the memory findings of
 * issue 11: a chained (jumbo) ARP request is answered and returns to its pool
 * whole (finding 2), and ARP requests from more senders than the neighbour
 * table has slots leave room for a static entry and for the next hop of a
 * flood (finding 3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "../../dataplane/arp.h"
#include "../../dataplane/tunnel_decap.h"
#include "../../dataplane/tunnel_output.h"
#include "../../dataplane/vtep_arp.h"
#include "../../dataplane/wire.h"
#include "harness.h"
#include "harness_arp.h"

#define MAC_L "02:00:00:00:00:01" /* a VM behind vm0 */
#define BCAST "ff:ff:ff:ff:ff:ff"
#define N_SENDERS 300 /* more than max-neighbours (256 by default) */

static struct ring_port vm0, u;
static struct datapath *dp;
static uint32_t ip_local, ip_r2;

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[2048], err[512];

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &ip_local);
	inet_pton(AF_INET, "198.18.0.2", &ip_r2);
	if (harness_eal_init("test_vtep_arp") < 0 || harness_ring_port(&vm0, "vm0", 1024) < 0 ||
	    harness_ring_port(&u, "u", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network ov]\ntype = vxlan\nvni = 100\nflood = 198.18.0.2\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/15\nport = u\n",
		 vm0.devargs, u.devargs);
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

/* An ARP frame (request to target, or reply to the VTEP) in a fresh mbuf. */
static struct rte_mbuf *arp_frame(uint16_t op, const uint8_t *mac, uint32_t ip, uint32_t target)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());
	uint8_t *out;

	assert_non_null(m);
	out = (uint8_t *)rte_pktmbuf_append(m, ARP_FRAME_LEN);
	assert_non_null(out);
	if (op == WIRE_ARP_OP_REQUEST) {
		assert_int_equal(arp_request_write(mac, ip, target, NULL, 0, out, ARP_FRAME_LEN),
				 ARP_FRAME_LEN);
	} else {
		struct arp_info req = {.op = WIRE_ARP_OP_REQUEST, .sender_ip = target};

		memcpy(req.sender_mac, dp->view->vtep.mac, 6);
		assert_int_equal(arp_reply_write(&req, mac, ip, out, ARP_FRAME_LEN), ARP_FRAME_LEN);
	}
	return m;
}

/* A 42-byte ARP request followed by three 1000-byte segments, as a jumbo
 * frame arrives from a NIC with scatter: answered, and every segment back in
 * the pool (the reply used to reuse the head and orphan the rest). */
static void test_chained_request_returns_to_pool(void **state)
{
	static const uint8_t mac_s[6] = {2, 0, 0, 0, 0, 0x10};
	unsigned avail = rte_mempool_avail_count(harness_pool());
	uint64_t replies = dp->vtep_ctl->stats.replies_sent;
	struct rte_mbuf *m;
	struct arp_info arp;
	uint32_t ip_s;

	(void)state;
	inet_pton(AF_INET, "198.18.0.10", &ip_s);
	m = arp_frame(WIRE_ARP_OP_REQUEST, mac_s, ip_s, ip_local);
	for (int i = 0; i < 3; i++) {
		struct rte_mbuf *seg = rte_pktmbuf_alloc(harness_pool());

		assert_non_null(seg);
		assert_non_null(rte_pktmbuf_append(seg, 1000));
		memset(rte_pktmbuf_mtod(seg, uint8_t *), 0, 1000);
		assert_int_equal(rte_pktmbuf_chain(m, seg), 0);
	}
	assert_int_equal(m->nb_segs, 4);
	harness_inject(&u, m);
	harness_poll(dp);
	m = harness_take_arp(&u, WIRE_ARP_OP_REPLY, &arp);
	assert_non_null(m);
	assert_int_equal(m->nb_segs, 1);
	assert_int_equal(arp.sender_ip, ip_local);
	assert_int_equal(arp.target_ip, ip_s);
	assert_memory_equal(arp.target_mac, mac_s, 6);
	rte_pktmbuf_free(m);
	assert_int_equal(dp->vtep_ctl->stats.replies_sent, replies + 1);
	assert_int_equal(harness_drain(&u), 0);
	assert_int_equal(rte_mempool_avail_count(harness_pool()), avail);
}

/* Polls until u's receive ring and the punt ring are empty (each poll takes
 * a burst of 32 of either), dropping what u sends. */
static void poll_all(void)
{
	do {
		harness_poll(dp);
		harness_drain(&u);
	} while (rte_ring_count(u.rx) > 0 || rte_ring_count(dp->pmds[0]->punt_ring) > 0);
}

/* 300 senders ask for the VTEP (within the ARP rate limit). Then a static
 * entry is added and a flood's next hop is resolved by ARP: both need a slot
 * (issue 11: every slot went to senders, for good). */
static void test_many_senders_leave_room(void **state)
{
	static const uint8_t mac_static[6] = {2, 0, 0, 0, 0, 0x77};
	static const uint8_t mac_r2[6] = {2, 0, 0, 0, 0, 0x22};
	uint64_t limited = dp->vtep_ctl->stats.arp_rate_limited;
	uint64_t replies = dp->vtep_ctl->stats.replies_sent;
	uint64_t refused = dp->vtep_ctl->stats.learn_refused;
	struct tunnel_decap_info info;
	struct arp_info arp;
	struct rte_mbuf *m;
	uint32_t ip_static, learned = 0;
	uint8_t mac[6], buf[256];
	const uint8_t *f;

	(void)state;
	for (uint32_t i = 0; i < N_SENDERS; i++) {
		uint8_t mac_s[6] = {2, 0, 0, 1, (uint8_t)(i >> 8), (uint8_t)i};
		uint32_t ip_s = htonl(0xc6120100u + i); /* 198.18.1.0 and up */

		harness_inject(&u, arp_frame(WIRE_ARP_OP_REQUEST, mac_s, ip_s, ip_local));
		if (i % 50 == 49) {
			poll_all();
			/* The ARP rate (1000/s) refills 50 in 50 ms. */
			rte_delay_ms(60);
		}
	}
	poll_all();
	assert_int_equal(dp->vtep_ctl->stats.arp_rate_limited, limited);
	assert_int_equal(dp->vtep_ctl->stats.replies_sent, replies + N_SENDERS);
	for (uint32_t i = 0; i < N_SENDERS; i++)
		learned += neigh_lookup(&dp->neigh, htonl(0xc6120100u + i), mac);
	/* Learned senders stop once max-neighbours entries are live. */
	assert_true(learned > 0 && learned < N_SENDERS);
	assert_int_equal(dp->neigh.live, dp->desired.cfg.vtep.max_neighbours);
	assert_int_equal(dp->vtep_ctl->stats.learn_refused, refused + N_SENDERS - learned);

	/* A static entry. */
	inet_pton(AF_INET, "198.18.0.7", &ip_static);
	assert_int_equal(vtep_neighbour_add(dp, ip_static, mac_static), 0);
	assert_true(neigh_lookup(&dp->neigh, ip_static, mac));
	assert_memory_equal(mac, mac_static, 6);

	/* A broadcast from vm0 floods to .2, which the VTEP asks for. */
	harness_inject(&vm0, harness_frame(BCAST, MAC_L, 80));
	harness_poll(dp);
	assert_int_equal(harness_drain(&vm0), 0);
	m = harness_take_arp(&u, WIRE_ARP_OP_REQUEST, &arp);
	assert_non_null(m);
	assert_int_equal(arp.target_ip, ip_r2);
	rte_pktmbuf_free(m);
	harness_inject(&u, arp_frame(WIRE_ARP_OP_REPLY, mac_r2, ip_r2, ip_local));
	harness_poll(dp);
	/* The replica that waited leaves, to .2's MAC; read whole, as the
	 * wire has it (its outer header is a segment of its own). */
	m = harness_take(&u);
	assert_non_null(m);
	f = rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), buf);
	assert_non_null(f);
	assert_int_equal(tunnel_decap_parse(f, rte_pktmbuf_pkt_len(m), ip_r2, 4789, &info),
			 TUNNEL_DECAP_OK);
	assert_memory_equal(f, mac_r2, 6);
	assert_int_equal(info.inner_len, 80);
	rte_pktmbuf_free(m);
	assert_int_equal(harness_drain(&u), 0);
}

/* A next hop that never answers gives its slot back once its waiting
 * packets are dropped, and the next packet to it starts over. */
static void test_unanswered_next_hop_frees_its_slot(void **state)
{
	uint64_t unresolved = dp->vtep_ctl->stats.unresolved;
	uint16_t port = (uint16_t)datapath_find_port(dp, "u");
	struct neigh_slot *s;
	uint32_t ip_r9;

	(void)state;
	inet_pton(AF_INET, "198.18.0.9", &ip_r9);
	/* What tunnel_output hands over for an unresolved next hop. */
	vtep_punt(dp->pmds[0], port, harness_frame(BCAST, MAC_L, 64), ip_r9,
		  DROP_NEIGHBOUR_UNRESOLVED);
	harness_poll(dp);
	s = neigh_find(&dp->neigh, ip_r9);
	assert_non_null(s);
	assert_int_equal(s->state, NEIGH_INCOMPLETE);
	/* 100+200+400+800+1600 ms of back-off. */
	for (int i = 0; i < 80 && dp->vtep_ctl->stats.unresolved == unresolved; i++) {
		rte_delay_ms(50);
		harness_poll(dp);
	}
	assert_int_equal(dp->vtep_ctl->stats.unresolved, unresolved + 1);
	assert_int_equal(s->state, NEIGH_DELETED);
	assert_int_equal(s->n_waiting, 0);
	assert_int_equal(harness_drain(&u), VTEP_ARP_TRIES);
	vtep_punt(dp->pmds[0], port, harness_frame(BCAST, MAC_L, 64), ip_r9,
		  DROP_NEIGHBOUR_UNRESOLVED);
	harness_poll(dp);
	assert_int_equal(s->state, NEIGH_INCOMPLETE);
	assert_int_equal(s->n_waiting, 1);
	assert_int_equal(harness_drain(&u), 1); /* asked again */
	assert_int_equal(vtep_neighbour_del(dp, ip_r9), 0);
	assert_int_equal(dp->vtep_ctl->stats.unresolved, unresolved + 2);
}

static void test_no_mbuf_leak(void **state)
{
	struct rte_mempool *pool = dp->pmds[0]->pool;

	(void)state;
	harness_drain(&vm0);
	harness_drain(&u);
	assert_int_equal(rte_mempool_avail_count(harness_pool()), harness_pool()->size);
	assert_int_equal(rte_mempool_avail_count(pool), pool->size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chained_request_returns_to_pool),
	    cmocka_unit_test(test_many_senders_leave_room),
	    cmocka_unit_test(test_unanswered_next_hop_frees_its_slot),
	    cmocka_unit_test(test_no_mbuf_leak),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
