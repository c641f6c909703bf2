/* Encapsulation (dataplane/tunnel_encap.c) against scapy's bytes
 * (tests/golden/tunnel_golden.h), its limits, and the VXLAN source port. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/tunnel_decap.h"
#include "../../dataplane/tunnel_encap.h"
#include "../golden/tunnel_golden.h"

static uint8_t buf[TUNNEL_MAX_OVERHEAD + UINT16_MAX];

static uint32_t ip_of(const uint8_t b[4])
{
	uint32_t ip;

	memcpy(&ip, b, 4); /* network order, as the wire has it */
	return ip;
}

static struct tunnel_encap_params params_of(const struct golden_encap *g)
{
	struct tunnel_encap_params p = {
	    .kind = g->gre ? TUNNEL_GRE : TUNNEL_VXLAN,
	    .vlan = g->vlan,
	    .src_ip = ip_of(g->src_ip),
	    .dst_ip = ip_of(g->dst_ip),
	    .ttl = g->ttl,
	    .df = g->df,
	    .ip_id = g->ip_id,
	    .vni = g->id,
	    .udp_dst_port = g->udp_dst_port,
	    .udp_src_port = g->udp_src_port,
	};

	memcpy(p.src_mac, g->src_mac, 6);
	memcpy(p.dst_mac, g->dst_mac, 6);
	return p;
}

static void test_overheads(void **state)
{
	(void)state;
	assert_int_equal(tunnel_encap_len(TUNNEL_VXLAN, 0), 50);
	assert_int_equal(tunnel_encap_len(TUNNEL_VXLAN, 42), 54);
	assert_int_equal(tunnel_encap_len(TUNNEL_GRE, 0), 42);
	assert_int_equal(tunnel_encap_len(TUNNEL_GRE, 4094), 46);
}

static void test_encap_golden(void **state)
{
	(void)state;
	for (int i = 0; i < GOLDEN_ENCAPS_COUNT; i++) {
		const struct golden_encap *g = &golden_encaps[i];
		struct tunnel_encap_params p = params_of(g);
		int n;

		memset(buf, 0xa5, sizeof(buf));
		n = tunnel_encap_write(&p, g->inner_len, buf);
		print_message("   %s: %d-byte header\n", g->name, n);
		assert_int_equal(n, g->expected_len - g->inner_len);
		assert_int_equal(n, tunnel_encap_len(p.kind, p.vlan));
		memcpy(buf + n, g->inner, g->inner_len);
		assert_memory_equal(buf, g->expected, g->expected_len);
	}
}

/* What we write, the peer parses back: kind, VNI or key, inner frame. */
static void test_encap_decap_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < GOLDEN_ENCAPS_COUNT; i++) {
		const struct golden_encap *g = &golden_encaps[i];
		struct tunnel_encap_params p = params_of(g);
		struct tunnel_decap_info info;
		int n = tunnel_encap_write(&p, g->inner_len, buf);

		memcpy(buf + n, g->inner, g->inner_len);
		assert_int_equal(tunnel_decap_parse(buf, (uint32_t)n + g->inner_len, p.dst_ip,
						    g->udp_dst_port ? g->udp_dst_port : 4789,
						    &info),
				 TUNNEL_DECAP_OK);
		assert_int_equal(info.kind, p.kind);
		assert_int_equal(info.vni, g->id);
		assert_int_equal(info.vlan, g->vlan);
		assert_int_equal(info.outer_src, p.src_ip);
		assert_int_equal(info.outer_ttl, g->ttl);
		assert_int_equal(info.inner_offset, n);
		assert_int_equal(info.inner_len, g->inner_len);
	}
}

static void test_encap_refuses(void **state)
{
	struct tunnel_encap_params p = params_of(&golden_encaps[0]);
	struct tunnel_encap_params q;

	(void)state;
	assert_false(p.kind == TUNNEL_GRE);
	/* The largest inner frame that fits a 65535-byte IPv4 packet, and one more. */
	assert_int_equal(tunnel_encap_write(&p, UINT16_MAX - 36, buf), 50);
	assert_int_equal(buf[16] << 8 | buf[17], UINT16_MAX);
	memset(buf, 0xa5, TUNNEL_MAX_OVERHEAD);
	assert_int_equal(tunnel_encap_write(&p, UINT16_MAX - 35, buf), -1);
	assert_int_equal(buf[0], 0xa5); /* refused before writing anything */
	assert_int_equal(tunnel_encap_write(&p, UINT32_MAX, buf), -1);
	q = p;
	q.vni = 0x1000000;
	assert_int_equal(tunnel_encap_write(&q, 100, buf), -1);
	q = p;
	q.vlan = 4095;
	assert_int_equal(tunnel_encap_write(&q, 100, buf), -1);
	q = p;
	q.ttl = 0;
	assert_int_equal(tunnel_encap_write(&q, 100, buf), -1);
	q = p;
	q.kind = (enum tunnel_kind)7;
	assert_int_equal(tunnel_encap_write(&q, 100, buf), -1);
	/* A GRE key uses all 32 bits; the VXLAN limit does not apply. */
	q = p;
	q.kind = TUNNEL_GRE;
	q.key = UINT32_MAX;
	assert_int_equal(tunnel_encap_write(&q, UINT16_MAX - 28, buf), 42);
	assert_int_equal(tunnel_encap_write(&q, UINT16_MAX - 27, buf), -1);
	/* udp_dst_port 0 is the IANA port. */
	q = p;
	q.udp_dst_port = 0;
	assert_int_equal(tunnel_encap_write(&q, 100, buf), 50);
	assert_int_equal(buf[36] << 8 | buf[37], 4789);
}

static void assert_port_in_range(uint16_t port)
{
	assert_in_range(port, TUNNEL_VXLAN_SOURCE_PORT_MIN, TUNNEL_VXLAN_SOURCE_PORT_MAX);
}

static void test_source_port_same_flow(void **state)
{
	(void)state;
	for (int i = 0; i < GOLDEN_FLOW_PAIRS_COUNT; i++) {
		const struct golden_flow_pair *f = &golden_flow_pairs[i];
		uint16_t a = tunnel_vxlan_source_port(f->a, f->a_len);

		print_message("   %s: %u\n", f->name, a);
		assert_port_in_range(a);
		assert_int_equal(a, tunnel_vxlan_source_port(f->a, f->a_len)); /* stable */
		assert_int_equal(a, tunnel_vxlan_source_port(f->b, f->b_len));
	}
}

static void test_source_port_spread(void **state)
{
	uint16_t seen[GOLDEN_FLOWS_COUNT];
	int distinct = 0;

	(void)state;
	for (int i = 0; i < GOLDEN_FLOWS_COUNT; i++) {
		uint16_t port =
		    tunnel_vxlan_source_port(golden_flows[i].frame, golden_flows[i].len);
		bool fresh = true;

		assert_port_in_range(port);
		for (int j = 0; j < distinct; j++)
			fresh = fresh && seen[j] != port;
		if (fresh)
			seen[distinct++] = port;
	}
	/* 64 flows over 16384 ports: a collision or two at most. */
	assert_true(distinct >= GOLDEN_FLOWS_COUNT - 2);
}

static void test_source_port_any_bytes(void **state)
{
	const struct golden_flow_pair *f = &golden_flow_pairs[0];

	(void)state;
	/* Every cut of a real frame, and nothing at all, stays in range. */
	for (uint32_t len = 0; len <= f->b_len; len++)
		assert_port_in_range(tunnel_vxlan_source_port(f->b, len));
	assert_int_equal(tunnel_vxlan_source_port(NULL, 0), TUNNEL_VXLAN_SOURCE_PORT_MIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_overheads),
	    cmocka_unit_test(test_encap_golden),
	    cmocka_unit_test(test_encap_decap_round_trip),
	    cmocka_unit_test(test_encap_refuses),
	    cmocka_unit_test(test_source_port_same_flow),
	    cmocka_unit_test(test_source_port_spread),
	    cmocka_unit_test(test_source_port_any_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
