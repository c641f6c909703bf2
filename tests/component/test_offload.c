/* Guest offloads (issue 12) on mbufs, without a device: what rte_vhost hands
 * over in compliant mode becomes transmit flags or a named drop
 * (offload_from_guest, offload_rx_guest), and offload_complete_sw cuts a
 * 64 KiB TCP segment into packets that are each correct on the wire:
 * lengths, sequence numbers, flags on the right segment, every checksum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <linux/virtio_net.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "../../dataplane/datapath_tables.h"
#include "../../dataplane/offload.h"
#include "../../dataplane/port_phy.h"
#include "../../dataplane/port_vhost.h"
#include "../../dataplane/tx.h"
#include "harness.h"
#include "offload_frames.h"

static struct pmd pmd;
static struct datapath dp; /* ports only: what offload_tx_output reads */
static struct port ports[SLUICE_DEFAULT_PORTS];

/* What rte_vhost's compliant mode sets for a guest's TSO packet. */
static struct rte_mbuf *from_guest_tso(uint32_t len, uint16_t segsz)
{
	struct rte_mbuf *m = offload_frames_mbuf(len);

	m->ol_flags = RTE_MBUF_F_RX_LRO | RTE_MBUF_F_RX_L4_CKSUM_NONE;
	m->tso_segsz = segsz;
	return m;
}

static void segment_and_check(bool ipv6, uint16_t ip_mtu, uint32_t expect_mss)
{
	uint8_t flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG | RTE_TCP_FIN_FLAG;
	unsigned avail = rte_mempool_avail_count(harness_pool());
	struct rte_mbuf *m =
	    from_guest_tso(offload_frames_build(ipv6, IPPROTO_TCP, PAYLOAD_64K, flags), MSS);
	struct rte_mbuf *segs[OFFLOAD_MAX_SEGMENTS];
	int n;

	assert_int_equal(offload_from_guest(m), DROP_REASON_COUNT);
	assert_true(offload_is_tso(m));
	assert_int_equal(offload_wire_ip_len(m), (ipv6 ? 40 : 20) + 20 + MSS);
	n = offload_complete_sw(&pmd, m, ip_mtu, segs, OFFLOAD_MAX_SEGMENTS);
	offload_frames_check(segs, n, ipv6, PAYLOAD_64K, expect_mss, flags);
	/* Every mbuf back: the original and the segments. */
	assert_int_equal(rte_mempool_avail_count(harness_pool()), avail);
}

static void test_tso4_segments_to_mss(void **state)
{
	(void)state;
	segment_and_check(false, 1500, MSS);
}

static void test_tso4_segments_to_smaller_mtu(void **state)
{
	(void)state;
	segment_and_check(false, 1450, 1450 - 40); /* a VXLAN network's MTU */
}

static void test_tso6_segments(void **state)
{
	(void)state;
	segment_and_check(true, 1500, 1500 - 60); /* 1448 would not fit over IPv6 */
	segment_and_check(true, 1450, 1450 - 60);
}

/* A partial checksum (no TSO) of TCP and of UDP is finished in place. */
static void test_partial_checksums_completed(void **state)
{
	struct rte_mbuf *out[1];

	(void)state;
	for (int udp = 0; udp < 2; udp++) {
		uint32_t len = offload_frames_build(false, udp ? IPPROTO_UDP : IPPROTO_TCP, 1000,
						    RTE_TCP_ACK_FLAG);
		struct rte_mbuf *m = offload_frames_mbuf(len);
		const struct rte_ipv4_hdr *h;

		m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_NONE;
		assert_int_equal(offload_from_guest(m), DROP_REASON_COUNT);
		assert_int_equal(m->ol_flags & RTE_MBUF_F_TX_L4_MASK,
				 udp ? RTE_MBUF_F_TX_UDP_CKSUM : RTE_MBUF_F_TX_TCP_CKSUM);
		assert_int_equal(offload_complete_sw(&pmd, m, 1500, out, 1), 1);
		assert_ptr_equal(out[0], m);
		h = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, 14);
		assert_int_equal(rte_ipv4_udptcp_cksum_verify(h, h + 1), 0);
		assert_int_equal(m->ol_flags & OFFLOAD_TX_FLAGS, 0);
		rte_pktmbuf_free(m);
	}
}

/* Bad input from a guest: each a named drop through offload_rx_guest. */
static void test_bad_guest_input_dropped(void **state)
{
	struct rte_mbuf *pkts[6];
	uint64_t *drops = pmd.counters.ports[0].drops;
	uint32_t len;

	(void)state;
	memset(drops, 0, sizeof(pmd.counters.ports[0].drops));
	len = offload_frames_build(false, IPPROTO_TCP, 4000, RTE_TCP_ACK_FLAG);
	pkts[0] = from_guest_tso(len, 0);    /* segment size 0 */
	pkts[1] = from_guest_tso(len, 5000); /* over the payload */
	len = offload_frames_build(false, IPPROTO_UDP, 4000, 0);
	pkts[2] = from_guest_tso(len, MSS); /* UDP flagged for TSO */
	len = offload_frames_build(false, IPPROTO_TCP, 4000, RTE_TCP_ACK_FLAG);
	offload_frame[14 + 2] = 0x02; /* IPv4 total length 0x02xx: disagrees with the frame */
	pkts[3] = from_guest_tso(len, MSS);
	len = offload_frames_build(true, IPPROTO_TCP, 4000, RTE_TCP_ACK_FLAG);
	offload_frame[14 + 40 + 12] = 0xf0; /* TCP data offset 60: past the payload start */
	offload_frame[14 + 4] = 0;	    /* IPv6 payload length 0..: under the TCP header */
	offload_frame[14 + 5] = 30;
	pkts[4] = from_guest_tso(len, MSS);
	len = offload_frames_build(false, IPPROTO_TCP, 4000, RTE_TCP_ACK_FLAG);
	pkts[5] = from_guest_tso(len, MSS); /* the good one */

	assert_int_equal(offload_rx_guest(&pmd, 0, pkts, 6), 1);
	assert_true(offload_is_tso(pkts[0]));
	rte_pktmbuf_free(pkts[0]);
	assert_int_equal(drops[DROP_OFFLOAD_BAD_SEGMENT_SIZE], 2);
	assert_int_equal(drops[DROP_OFFLOAD_NOT_TCP], 1);
	assert_int_equal(drops[DROP_OFFLOAD_BAD_HEADERS], 2);
}

/* More segments than the caller has room for: dropped, m freed. */
static void test_too_many_segments_fail(void **state)
{
	struct rte_mbuf *m =
	    from_guest_tso(offload_frames_build(false, IPPROTO_TCP, PAYLOAD_64K, 0x10), MSS);
	struct rte_mbuf *segs[8];
	unsigned avail;

	(void)state;
	assert_int_equal(offload_from_guest(m), DROP_REASON_COUNT);
	avail = rte_mempool_avail_count(harness_pool()) + m->nb_segs;
	assert_int_equal(offload_complete_sw(&pmd, m, 1500, segs, 8), -(int)DROP_OFFLOAD_FAILED);
	assert_int_equal(rte_mempool_avail_count(harness_pool()), avail);
}

/* The egress hook: as it is to a port that takes it, in software to one
 * that does not, named drops for what cannot be sent. Port 0 is a phy port
 * without offloads (MTU 1500), port 1 a guest with GUEST_CSUM and TSO;
 * neither is up, so what reaches a flush is counted as port-down or
 * vhost-not-ready: the count of packets that left the hook. */
static void test_egress(void **state)
{
	uint64_t *drops = pmd.counters.ports[0].drops, *vm = pmd.counters.ports[1].drops;
	uint32_t len = offload_frames_build(false, IPPROTO_TCP, PAYLOAD_64K, RTE_TCP_ACK_FLAG);
	struct rte_mbuf *m;

	(void)state;
	memset(pmd.counters.ports, 0, SLUICE_MAX_PORTS * sizeof(*pmd.counters.ports));
	dp.ports[0] = (struct port){.index = 0, .type = PORT_TYPE_PHY, .mtu = 1500};
	dp.ports[1] = (struct port){
	    .index = 1, .type = PORT_TYPE_VHOST, .tx_offload = port_vhost_tx_offload(~0ULL)};
	pmd.dp = &dp;

	m = from_guest_tso(len, MSS);
	assert_int_equal(offload_from_guest(m), DROP_REASON_COUNT);
	offload_tx_output(&pmd, 1, m); /* the guest takes it whole */
	assert_int_equal(pmd.tx[1].n, 1);
	assert_true(offload_is_tso(pmd.tx[1].pkts[0]));
	m = from_guest_tso(len, MSS);
	assert_int_equal(offload_from_guest(m), DROP_REASON_COUNT);
	offload_tx_output(&pmd, 0, m); /* the phy port gets 45 segments */
	tx_flush_all(&pmd);
	assert_int_equal(drops[DROP_PORT_DOWN], 45);
	assert_int_equal(vm[DROP_VHOST_NOT_READY], 1);

	/* A checksum-offloaded packet over the MTU is not sent. */
	m = offload_frames_mbuf(offload_frames_build(false, IPPROTO_TCP, 3000, RTE_TCP_ACK_FLAG));
	m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_NONE;
	assert_int_equal(offload_from_guest(m), DROP_REASON_COUNT);
	offload_tx_output(&pmd, 0, m);
	assert_int_equal(drops[DROP_OFFLOAD_TOO_BIG], 1);

	/* A NIC with TSO gets the packet whole, its segment size lowered so
	 * that a segment with every header fits the MTU (net_tap refuses
	 * more). */
	dp.ports[0].tx_offload = OFFLOAD_CSUM | OFFLOAD_IPV4_CSUM | OFFLOAD_TSO4;
	m = from_guest_tso(offload_frames_build(false, IPPROTO_TCP, PAYLOAD_64K, RTE_TCP_ACK_FLAG),
			   MSS);
	assert_int_equal(offload_from_guest(m), DROP_REASON_COUNT);
	offload_tx_output(&pmd, 0, m);
	assert_int_equal(pmd.tx[0].n, 1);
	assert_true(offload_is_tso(pmd.tx[0].pkts[0]));
	assert_int_equal(pmd.tx[0].pkts[0]->tso_segsz, 1500 - 14 - 20 - 20);
	tx_flush_all(&pmd);
	assert_int_equal(drops[DROP_PORT_DOWN], 46);
	dp.ports[0].tx_offload = 0;

	/* An MTU so small that 64 segments cannot carry the payload. */
	dp.ports[0].mtu = 68;
	m = from_guest_tso(offload_frames_build(false, IPPROTO_TCP, PAYLOAD_64K, RTE_TCP_ACK_FLAG),
			   MSS);
	assert_int_equal(offload_from_guest(m), DROP_REASON_COUNT);
	offload_tx_output(&pmd, 0, m);
	assert_int_equal(drops[DROP_OFFLOAD_FAILED], 1);
	tx_flush_all(&pmd);
	assert_int_equal(drops[DROP_PORT_DOWN], 46);
}

static void test_capabilities(void **state)
{
	uint64_t all = (1ULL << VIRTIO_NET_F_GUEST_CSUM) | (1ULL << VIRTIO_NET_F_GUEST_TSO4) |
		       (1ULL << VIRTIO_NET_F_GUEST_TSO6);
	uint32_t caps;

	(void)state;
	assert_int_equal(port_vhost_tx_offload(all),
			 OFFLOAD_CSUM | OFFLOAD_IPV4_CSUM | OFFLOAD_TSO4 | OFFLOAD_TSO6);
	/* TSO without GUEST_CSUM cannot be (virtio requires it): nothing. */
	assert_int_equal(port_vhost_tx_offload(1ULL << VIRTIO_NET_F_GUEST_TSO4), 0);
	assert_false(port_vhost_guest_offloads(all));
	assert_true(port_vhost_guest_offloads(1ULL << VIRTIO_NET_F_HOST_TSO4));
	assert_true(port_vhost_guest_offloads(1ULL << VIRTIO_NET_F_CSUM));

	assert_int_equal(port_phy_tx_offloads(RTE_ETH_TX_OFFLOAD_MULTI_SEGS, &caps), 0);
	assert_int_equal(caps, 0);
	assert_int_equal(
	    port_phy_tx_offloads(RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
				     RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO |
				     RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
				 &caps),
	    RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
		RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO);
	assert_int_equal(caps, OFFLOAD_CSUM | OFFLOAD_IPV4_CSUM | OFFLOAD_TSO4 | OFFLOAD_TSO6);
}

static int setup(void **state)
{
	(void)state;
	if (harness_eal_init("offload") < 0)
		return -1;
	pmd.pool = harness_pool();
	dp.ports = ports; /* what datapath_tables_create would size by max-ports */
	return pmd_tables_create(&pmd, 0);
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
	    cmocka_unit_test(test_tso4_segments_to_mss),
	    cmocka_unit_test(test_tso4_segments_to_smaller_mtu),
	    cmocka_unit_test(test_tso6_segments),
	    cmocka_unit_test(test_partial_checksums_completed),
	    cmocka_unit_test(test_bad_guest_input_dropped),
	    cmocka_unit_test(test_too_many_segments_fail),
	    cmocka_unit_test(test_egress),
	    cmocka_unit_test(test_capabilities),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
