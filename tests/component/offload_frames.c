/* Frames for the offload tests: one large TCP segment as a guest hands it
 * over, and the check that segments cut from it are each right. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <netinet/in.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include "../../dataplane/offload.h"
#include "harness.h"
#include "offload_frames.h"

uint8_t offload_frame[70000];
static uint8_t seen[70000];

uint32_t offload_frames_payload_byte(uint32_t i)
{
	return (i * 7 + 3) & 0xff;
}

/* Ethernet, IPv4 or IPv6, TCP (20 bytes, flags), payload bytes; returns
 * the frame length. IPv4 header checksum right, TCP checksum left as a
 * guest leaves it (the pseudo-header sum). */
uint32_t offload_frames_build(bool ipv6, uint8_t proto, uint32_t payload, uint8_t tcp_flags)
{
	uint32_t l3 = ipv6 ? 40 : 20, l4 = proto == IPPROTO_TCP ? 20 : 8;
	uint8_t *ip = offload_frame + 14, *th = ip + l3;

	memset(offload_frame, 0, 14 + l3 + l4);
	memcpy(offload_frame, "\x02\0\0\0\0\x02\x02\0\0\0\0\x01", 12);
	offload_frame[12] = ipv6 ? 0x86 : 0x08;
	offload_frame[13] = ipv6 ? 0xdd : 0x00;
	if (ipv6) {
		ip[0] = 0x60;
		ip[4] = (uint8_t)((l4 + payload) >> 8);
		ip[5] = (uint8_t)(l4 + payload);
		ip[6] = proto;
		ip[7] = 64;
		ip[8] = 0xfd;
		ip[23] = 1;
		ip[24] = 0xfd;
		ip[39] = 2;
	} else {
		struct rte_ipv4_hdr *h = (struct rte_ipv4_hdr *)ip;

		h->version_ihl = 0x45;
		h->total_length = rte_cpu_to_be_16((uint16_t)(l3 + l4 + payload));
		h->packet_id = rte_cpu_to_be_16(100);
		h->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
		h->time_to_live = 64;
		h->next_proto_id = proto;
		h->src_addr = rte_cpu_to_be_32(0xc6120001); /* 198.18.0.1 */
		h->dst_addr = rte_cpu_to_be_32(0xc6120002);
		h->hdr_checksum = rte_ipv4_cksum(h);
	}
	if (proto == IPPROTO_TCP) {
		struct rte_tcp_hdr *t = (struct rte_tcp_hdr *)th;

		t->src_port = rte_cpu_to_be_16(40000);
		t->dst_port = rte_cpu_to_be_16(5201);
		t->sent_seq = rte_cpu_to_be_32(0xfffff000); /* wraps inside the send */
		t->data_off = 5 << 4;
		t->tcp_flags = tcp_flags;
		t->rx_win = rte_cpu_to_be_16(512);
	} else {
		th[4] = (uint8_t)((l4 + payload) >> 8);
		th[5] = (uint8_t)(l4 + payload);
	}
	for (uint32_t i = 0; i < payload; i++)
		offload_frame[14 + l3 + l4 + i] = (uint8_t)offload_frames_payload_byte(i);
	return 14 + l3 + l4 + payload;
}

/* The frame in a chain of mbufs, as rte_vhost dequeues a large one. */
struct rte_mbuf *offload_frames_mbuf(uint32_t len)
{
	struct rte_mbuf *head = NULL;

	for (uint32_t off = 0; off < len;) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());
		uint16_t n;

		assert_non_null(m);
		n = (uint16_t)RTE_MIN(len - off, (uint32_t)rte_pktmbuf_tailroom(m));
		memcpy(rte_pktmbuf_append(m, n), offload_frame + off, n);
		off += n;
		if (!head)
			head = m;
		else
			assert_int_equal(rte_pktmbuf_chain(head, m), 0);
	}
	return head;
}

void offload_frames_check(struct rte_mbuf **segs, int n, bool ipv6, uint32_t payload, uint32_t mss,
			  uint8_t flags)
{
	uint32_t l3 = ipv6 ? 40 : 20, hdr = 14 + l3 + 20, got = 0;

	assert_int_equal(n, (int)((payload + mss - 1) / mss));
	for (int i = 0; i < n; i++) {
		uint32_t len = rte_pktmbuf_pkt_len(segs[i]);
		const uint8_t *p = rte_pktmbuf_read(segs[i], 0, len, seen);
		const struct rte_tcp_hdr *t = (const struct rte_tcp_hdr *)(p + 14 + l3);
		uint32_t data = len - hdr;

		assert_non_null(p);
		assert_int_equal(segs[i]->ol_flags & OFFLOAD_TX_FLAGS, 0);
		assert_true(data == mss || (i == n - 1 && data <= mss));
		assert_int_equal(rte_be_to_cpu_32(t->sent_seq), (uint32_t)(0xfffff000u + got));
		if (ipv6) {
			const struct rte_ipv6_hdr *h = (const struct rte_ipv6_hdr *)(p + 14);

			assert_int_equal(rte_be_to_cpu_16(h->payload_len), 20 + data);
			assert_int_equal(rte_ipv6_udptcp_cksum_verify(h, t), 0);
		} else {
			const struct rte_ipv4_hdr *h = (const struct rte_ipv4_hdr *)(p + 14);

			assert_int_equal(rte_be_to_cpu_16(h->total_length), l3 + 20 + data);
			assert_int_equal(rte_be_to_cpu_16(h->packet_id), 100 + i);
			assert_int_equal(rte_ipv4_cksum(h), 0); /* over a right checksum: 0 */
			assert_int_equal(rte_ipv4_udptcp_cksum_verify(h, t), 0);
		}
		/* FIN and PSH only on the last segment; the rest of the flags on all. */
		assert_int_equal(t->tcp_flags,
				 i == n - 1 ? flags
					    : flags & ~(RTE_TCP_FIN_FLAG | RTE_TCP_PSH_FLAG));
		for (uint32_t b = 0; b < data; b++)
			if (p[hdr + b] != offload_frames_payload_byte(got + b))
				fail_msg("segment %d byte %u differs", i, b);
		got += data;
		rte_pktmbuf_free(segs[i]);
	}
	assert_int_equal(got, payload);
}
