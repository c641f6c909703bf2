/* Software TCP segmentation (dataplane/tcp_segment.c) against scapy's bytes
 * (tests/golden/tso_golden.h): flat, VLAN, IPv4, IPv6, and each segment
 * wrapped by tunnel_encap_write() for VXLAN and GRE; then the inputs a guest
 * may lie with. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/tcp_segment.h"
#include "../../dataplane/tunnel_encap.h"
#include "../golden/tso_golden.h"

static uint8_t seg[TUNNEL_MAX_OVERHEAD + 9018];

static struct tunnel_encap_params golden_params(const struct golden_tso *g, uint32_t index)
{
	struct tunnel_encap_params p = {
	    .kind = g->tunnel == TUNNEL_GOLDEN_GRE ? TUNNEL_GRE : TUNNEL_VXLAN,
	    .src_mac = GOLDEN_TSO_LOCAL_MAC,
	    .dst_mac = GOLDEN_TSO_REMOTE_MAC,
	    .ttl = 64,
	    .ip_id = (uint16_t)(GOLDEN_TSO_OUTER_ID + index),
	    .udp_src_port = GOLDEN_TSO_UDP_SRC_PORT,
	};

	p.vni = g->tunnel == TUNNEL_GOLDEN_GRE ? GOLDEN_TSO_GRE_KEY : GOLDEN_TSO_VNI;
	inet_pton(AF_INET, GOLDEN_TSO_LOCAL_IP, &p.src_ip);
	inet_pton(AF_INET, GOLDEN_TSO_REMOTE_IP, &p.dst_ip);
	return p;
}

/* Segment index of g as the tunnel path builds it: payload copied behind the
 * outer header's room, headers finished, outer header written in front. */
static uint32_t build_segment(const struct golden_tso *g, const struct tcp_segment_layout *l,
			      uint32_t index, uint8_t **start)
{
	uint32_t room = g->tunnel == TUNNEL_GOLDEN_FLAT ? 0 : TUNNEL_VXLAN_OVERHEAD;
	uint32_t hdr = tcp_segment_header_len(l), len;
	struct tunnel_encap_params p;
	int outer;

	memcpy(seg + room + hdr, g->in + hdr + index * g->mss,
	       tcp_segment_payload_len(l, g->mss, index));
	len = tcp_segment_write(l, g->in, g->mss, index, seg + room);
	*start = seg + room;
	if (g->tunnel == TUNNEL_GOLDEN_FLAT)
		return len;
	p = golden_params(g, index);
	*start = seg + room - tunnel_encap_len(p.kind, 0);
	outer = tunnel_encap_write(&p, len, *start);
	assert_true(outer > 0);
	return len + (uint32_t)outer;
}

static void test_golden_segments(void **state)
{
	(void)state;
	for (int c = 0; c < GOLDEN_TSOS_COUNT; c++) {
		const struct golden_tso *g = &golden_tsos[c];
		const uint8_t *want = g->out;
		struct tcp_segment_layout l;

		assert_int_equal(tcp_segment_parse(g->in, g->in_len, &l), 0);
		assert_int_equal(tcp_segment_count(&l, g->mss), g->n_segments);
		for (uint32_t i = 0; i < g->n_segments; i++) {
			uint8_t *got;
			uint32_t len = build_segment(g, &l, i, &got);

			if (len != g->lens[i] || memcmp(got, want, len) != 0)
				fail_msg("case %s segment %u differs from scapy's", g->name, i);
			want += g->lens[i];
		}
	}
}

/* The first golden case, copied so a test can break one field. */
static uint8_t frame[8192];

static uint32_t frame_of(const char *name)
{
	for (int c = 0; c < GOLDEN_TSOS_COUNT; c++)
		if (strcmp(golden_tsos[c].name, name) == 0) {
			memcpy(frame, golden_tsos[c].in, golden_tsos[c].in_len);
			return golden_tsos[c].in_len;
		}
	fail_msg("no golden case %s", name);
	return 0;
}

static void test_rejects_lies(void **state)
{
	struct tcp_segment_layout l;
	uint32_t len = frame_of("ipv4");

	(void)state;
	/* IPv4 total length that does not match the frame. */
	assert_int_equal(tcp_segment_parse(frame, len - 1, &l), -1);
	frame[14 + 3]++;
	assert_int_equal(tcp_segment_parse(frame, len, &l), -1);
	/* Not TCP. */
	len = frame_of("ipv4");
	frame[14 + 9] = 17;
	assert_int_equal(tcp_segment_parse(frame, len, &l), -1);
	/* A fragment. */
	len = frame_of("ipv4");
	frame[14 + 6] |= 0x20;
	assert_int_equal(tcp_segment_parse(frame, len, &l), -1);
	/* IHL under 5, and a TCP data offset past the frame. */
	len = frame_of("ipv4");
	frame[14] = 0x44;
	assert_int_equal(tcp_segment_parse(frame, len, &l), -1);
	assert_int_equal(tcp_segment_parse(frame, 14 + 20 + 10, &l), -1);
	len = frame_of("ipv4");
	frame[14 + 20 + 12] = 0x40; /* 16 bytes: under the minimum */
	assert_int_equal(tcp_segment_parse(frame, len, &l), -1);
	/* IPv6 payload length that does not match; an extension header. */
	len = frame_of("ipv6");
	frame[14 + 5]++;
	assert_int_equal(tcp_segment_parse(frame, len, &l), -1);
	len = frame_of("ipv6");
	frame[14 + 6] = 0; /* hop-by-hop options */
	assert_int_equal(tcp_segment_parse(frame, len, &l), -1);
	/* Not IP; a runt; a VLAN tag cut short. */
	len = frame_of("ipv4");
	frame[12] = 0x08, frame[13] = 0x06;
	assert_int_equal(tcp_segment_parse(frame, len, &l), -1);
	assert_int_equal(tcp_segment_parse(frame, 13, &l), -1);
	frame[12] = 0x81, frame[13] = 0x00;
	assert_int_equal(tcp_segment_parse(frame, 16, &l), -1);
}

static void test_count_limits(void **state)
{
	struct tcp_segment_layout l = {.payload_len = 3000};

	(void)state;
	assert_int_equal(tcp_segment_count(&l, 0), 0);
	assert_int_equal(tcp_segment_count(&l, 1000), 3);
	assert_int_equal(tcp_segment_count(&l, 1001), 3);
	assert_int_equal(tcp_segment_count(&l, 3000), 1);
	assert_int_equal(tcp_segment_payload_len(&l, 1001, 2), 998);
	assert_int_equal(tcp_segment_payload_len(&l, 1001, 3), 0);
	l.payload_len = 0;
	assert_int_equal(tcp_segment_count(&l, 1000), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_golden_segments),
	    cmocka_unit_test(test_rejects_lies),
	    cmocka_unit_test(test_count_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
