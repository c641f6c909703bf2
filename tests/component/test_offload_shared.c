/* Offloads meet shared segments (issue 15 review): a replica (replicate.h)
 * is a private head chained to segments other outputs hold too, by
 * reference count or as indirect mbufs. gro_rx_burst judged a packet
 * writable by its first mbuf alone and merged such chains, chaining the
 * next packet behind a shared segment. offload_tx_output writes only the
 * first mbuf (offload_check_tx wants every header there) and fresh mbufs
 * (rte_gso attaches, never writes its input): its tests pin that. In each,
 * what the other holder sees must stay as it was: bytes, chain, length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <netinet/in.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "../../dataplane/datapath_tables.h"
#include "../../dataplane/gro_rx.h"
#include "../../dataplane/offload.h"
#include "../../dataplane/tx.h"
#include "harness.h"
#include "offload_frames.h"

#define PAYLOAD 1000
#define HEAD_BYTES (14 + 20 + 20 + 200) /* every header and some payload */

static struct pmd pmd;
static struct datapath dp; /* ports only: what offload_tx_output reads */
static struct port ports[SLUICE_DEFAULT_PORTS];

/* What the other holder of a shared segment checks afterwards. */
struct shared_seg {
	struct rte_mbuf *seg;
	uint8_t bytes[2048];
	uint16_t len;
};

/* The frame offload_frames_build() wrote last as a private head holding
 * its first head_len bytes, chained to one segment with the rest that
 * someone else holds as well: by reference count (refcnt 2), or, indirect,
 * as an mbuf attached to another's buffer. */
static struct rte_mbuf *shared_tail_frame(uint32_t len, uint16_t head_len, bool indirect,
					  struct shared_seg *shared)
{
	struct rte_mbuf *head = rte_pktmbuf_alloc(harness_pool());
	struct rte_mbuf *data = rte_pktmbuf_alloc(harness_pool()), *tail = data;
	uint16_t rest = (uint16_t)(len - head_len);

	assert_non_null(head);
	assert_non_null(data);
	memcpy(rte_pktmbuf_append(head, head_len), offload_frame, head_len);
	memcpy(rte_pktmbuf_append(data, rest), offload_frame + head_len, rest);
	if (indirect) {
		tail = rte_pktmbuf_alloc(harness_pool());
		assert_non_null(tail);
		rte_pktmbuf_attach(tail, data); /* data keeps its own reference */
	} else {
		rte_mbuf_refcnt_update(data, 1);
	}
	assert_int_equal(rte_pktmbuf_chain(head, tail), 0);
	shared->seg = data;
	shared->len = rest;
	memcpy(shared->bytes, rte_pktmbuf_mtod(data, const void *), rest);
	return head;
}

/* The other holder's segment is as it was; it lets go of it. */
static void check_and_release(struct shared_seg *shared)
{
	assert_null(shared->seg->next);
	assert_int_equal(shared->seg->nb_segs, 1);
	assert_int_equal(rte_pktmbuf_data_len(shared->seg), shared->len);
	assert_memory_equal(rte_pktmbuf_mtod(shared->seg, const void *), shared->bytes,
			    shared->len);
	rte_pktmbuf_free_seg(shared->seg);
}

/* A TCP/IPv4 segment with both checksums right, sequence seq. */
static uint32_t tcp_frame(uint32_t seq)
{
	uint32_t len = offload_frames_build(false, IPPROTO_TCP, PAYLOAD, RTE_TCP_ACK_FLAG);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(offload_frame + 14);
	struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)(ip + 1);

	th->sent_seq = rte_cpu_to_be_32(seq);
	th->cksum = 0;
	th->cksum = rte_ipv4_udptcp_cksum(ip, th);
	return len;
}

/* Two consecutive segments of one flow toward a guest with TSO4: merging
 * them would chain the second behind the first one's last segment, which
 * is shared, and rewrite the header checksum field. They pass untouched. */
static void gro_leaves_shared(bool indirect)
{
	struct shared_seg shared[2];
	struct rte_mbuf *pkts[2];
	uint16_t n;

	for (int i = 0; i < 2; i++)
		pkts[i] = shared_tail_frame(tcp_frame(1000 + (uint32_t)i * PAYLOAD), HEAD_BYTES,
					    indirect, &shared[i]);
	n = gro_rx_burst(pkts, 2, OFFLOAD_CSUM | OFFLOAD_TSO4);
	assert_int_equal(n, 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(rte_pktmbuf_pkt_len(pkts[i]), 14 + 20 + 20 + PAYLOAD);
		assert_int_equal(pkts[i]->nb_segs, 2);
		assert_int_equal(pkts[i]->ol_flags & OFFLOAD_TX_FLAGS, 0);
		rte_pktmbuf_free(pkts[i]);
		check_and_release(&shared[i]);
	}
}

static void test_gro_leaves_refcounted_segment(void **state)
{
	(void)state;
	gro_leaves_shared(false);
}

static void test_gro_leaves_indirect_segment(void **state)
{
	(void)state;
	gro_leaves_shared(true);
}

/* The same chains, all private, still merge: the check is not too wide. */
static void test_gro_merges_private_chains(void **state)
{
	struct shared_seg shared[2];
	struct rte_mbuf *pkts[2];

	(void)state;
	for (int i = 0; i < 2; i++) {
		pkts[i] = shared_tail_frame(tcp_frame(1000 + (uint32_t)i * PAYLOAD), HEAD_BYTES,
					    false, &shared[i]);
		rte_pktmbuf_free_seg(shared[i].seg); /* the other holder lets go first */
	}
	assert_int_equal(gro_rx_burst(pkts, 2, OFFLOAD_CSUM | OFFLOAD_TSO4), 1);
	assert_int_equal(rte_pktmbuf_pkt_len(pkts[0]), 14 + 20 + 20 + 2 * PAYLOAD);
	assert_true(pkts[0]->ol_flags & RTE_MBUF_F_TX_TCP_SEG);
	rte_pktmbuf_free(pkts[0]);
}

/* A guest's partial checksum completed on the way to a phy port without
 * offloads: the shared segment is not written, the packet sent is right. */
static void offload_tx_leaves_shared(bool indirect)
{
	uint32_t len = offload_frames_build(false, IPPROTO_TCP, PAYLOAD, RTE_TCP_ACK_FLAG);
	struct shared_seg shared;
	struct rte_mbuf *m = shared_tail_frame(len, HEAD_BYTES, indirect, &shared);
	const struct rte_ipv4_hdr *ip;
	struct rte_mbuf *sent;

	m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_NONE;
	assert_int_equal(offload_from_guest(m), DROP_REASON_COUNT);
	offload_tx_output(&pmd, 0, m);
	assert_int_equal(pmd.tx[0].n, 1);
	sent = pmd.tx[0].pkts[0];
	pmd.tx[0].n = 0;
	assert_int_equal(rte_pktmbuf_pkt_len(sent), len);
	assert_true(rte_pktmbuf_is_contiguous(sent) || sent->nb_segs == 2);
	ip = rte_pktmbuf_mtod_offset(sent, const struct rte_ipv4_hdr *, 14);
	assert_int_equal(rte_ipv4_udptcp_cksum_mbuf_verify(sent, ip, 14 + 20), 0);
	rte_pktmbuf_free(sent);
	check_and_release(&shared);
}

static void test_offload_tx_leaves_refcounted_segment(void **state)
{
	(void)state;
	offload_tx_leaves_shared(false);
}

static void test_offload_tx_leaves_indirect_segment(void **state)
{
	(void)state;
	offload_tx_leaves_shared(true);
}

static int setup(void **state)
{
	(void)state;
	if (harness_eal_init("offload_shared") < 0)
		return -1;
	pmd.pool = harness_pool();
	pmd.dp = &dp;
	dp.ports = ports; /* what datapath_tables_create would size by max-ports */
	dp.ports[0] = (struct port){.index = 0, .type = PORT_TYPE_PHY, .mtu = 1500};
	return pmd_tables_create(&pmd, 0); /* the tx buffers max-ports sizes */
}

static int teardown(void **state)
{
	(void)state;
	harness_eal_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gro_leaves_refcounted_segment),
	    cmocka_unit_test(test_gro_leaves_indirect_segment),
	    cmocka_unit_test(test_gro_merges_private_chains),
	    cmocka_unit_test(test_offload_tx_leaves_refcounted_segment),
	    cmocka_unit_test(test_offload_tx_leaves_indirect_segment),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
