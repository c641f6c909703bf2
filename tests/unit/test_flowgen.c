/* flowgen's pure parts (tools/bench/flowgen): flow MACs, packet templates
 * byte for byte against scapy, and its options with their errors. The
 * expected frames were written by /usr/bin/python3 with scapy 2.5:
 *   Ether(src="02:10:00:00:00:07", dst="02:11:00:00:00:07") /
 *   [Dot1Q(vlan=101) /] IP(src="198.18.10.1", dst="198.18.11.1", flags="DF") /
 *   UDP(sport=49152, dport=9, chksum=0) / zero padding to 64 bytes,
 * and the same inside Ether(src="02:2e:00:00:00:03", dst="02:00:00:00:ee:01") /
 *   IP(src="198.18.0.5", dst="198.18.0.1", flags="DF") /
 *   UDP(sport=49157, dport=4789, chksum=0) / VXLAN(vni=102), or
 *   GRE(key_present=1, key=102, proto=0x6558). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/bench/flowgen/flow_template.h"
#include "../../tools/bench/flowgen/flowgen_args.h"

/* Ether / IP / UDP 198.18.10.1:49152 > 198.18.11.1:discard / Raw */
static const uint8_t plain_64[64] = {
    0x02, 0x11, 0x00, 0x00, 0x00, 0x07, 0x02, 0x10, 0x00, 0x00, 0x00, 0x07, 0x08, 0x00, 0x45, 0x00,
    0x00, 0x32, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x99, 0x94, 0xc6, 0x12, 0x0a, 0x01, 0xc6, 0x12,
    0x0b, 0x01, 0xc0, 0x00, 0x00, 0x09, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* Ether / Dot1Q / IP / UDP 198.18.10.1:49152 > 198.18.11.1:discard / Raw */
static const uint8_t vlan_64[64] = {
    0x02, 0x11, 0x00, 0x00, 0x00, 0x07, 0x02, 0x10, 0x00, 0x00, 0x00, 0x07, 0x81, 0x00, 0x00, 0x65,
    0x08, 0x00, 0x45, 0x00, 0x00, 0x2e, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x99, 0x98, 0xc6, 0x12,
    0x0a, 0x01, 0xc6, 0x12, 0x0b, 0x01, 0xc0, 0x00, 0x00, 0x09, 0x00, 0x1a, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* Ether / IP / UDP / VXLAN / Ether / IP / UDP 198.18.10.1:49152 > 198.18.11.1:discard / Raw */
static const uint8_t vxlan_64[114] = {
    0x02, 0x00, 0x00, 0x00, 0xee, 0x01, 0x02, 0x2e, 0x00, 0x00, 0x00, 0x03, 0x08, 0x00, 0x45,
    0x00, 0x00, 0x64, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xae, 0x5e, 0xc6, 0x12, 0x00, 0x05,
    0xc6, 0x12, 0x00, 0x01, 0xc0, 0x05, 0x12, 0xb5, 0x00, 0x50, 0x00, 0x00, 0x08, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x66, 0x00, 0x02, 0x11, 0x00, 0x00, 0x00, 0x07, 0x02, 0x10, 0x00, 0x00,
    0x00, 0x07, 0x08, 0x00, 0x45, 0x00, 0x00, 0x32, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x99,
    0x94, 0xc6, 0x12, 0x0a, 0x01, 0xc6, 0x12, 0x0b, 0x01, 0xc0, 0x00, 0x00, 0x09, 0x00, 0x1e,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* Ether / IP / GRE / Ether / IP / UDP 198.18.10.1:49152 > 198.18.11.1:discard / Raw */
static const uint8_t gre_64[106] = {
    0x02, 0x00, 0x00, 0x00, 0xee, 0x01, 0x02, 0x2e, 0x00, 0x00, 0x00, 0x03, 0x08, 0x00, 0x45, 0x00,
    0x00, 0x5c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x2f, 0xae, 0x48, 0xc6, 0x12, 0x00, 0x05, 0xc6, 0x12,
    0x00, 0x01, 0x20, 0x00, 0x65, 0x58, 0x00, 0x00, 0x00, 0x66, 0x02, 0x11, 0x00, 0x00, 0x00, 0x07,
    0x02, 0x10, 0x00, 0x00, 0x00, 0x07, 0x08, 0x00, 0x45, 0x00, 0x00, 0x32, 0x00, 0x00, 0x40, 0x00,
    0x40, 0x11, 0x99, 0x94, 0xc6, 0x12, 0x0a, 0x01, 0xc6, 0x12, 0x0b, 0x01, 0xc0, 0x00, 0x00, 0x09,
    0x00, 0x1e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static const uint8_t SRC[6] = {0x02, 0x10, 0x00, 0x00, 0x00, 0x07};
static const uint8_t DST[6] = {0x02, 0x11, 0x00, 0x00, 0x00, 0x07};

/* The whole frame flowgen sends for template t: its headers stamped with
 * SRC and DST, then zero padding (the mbufs' data starts zeroed). */
static void frame_of(const struct flow_template *t, uint8_t *out)
{
	memset(out, 0, t->wire_len);
	flow_template_stamp(t, SRC, DST, out);
}

static void test_flow_mac_encodes_side_and_index(void **state)
{
	uint8_t a[6], b[6];
	const uint8_t want_a[6] = {0x02, 0x10, 0x00, 0x0f, 0x42, 0x3f};
	const uint8_t want_b[6] = {0x02, 0x11, 0x00, 0x0f, 0x42, 0x3f};

	(void)state;
	flow_mac(FLOW_SIDE_WIRE, 999999, a);
	flow_mac(FLOW_SIDE_VM, 999999, b);
	assert_memory_equal(a, want_a, 6);
	assert_memory_equal(b, want_b, 6);
}

static void test_flow_macs_distinct_for_a_million_pairs(void **state)
{
	/* A bit per MAC and side: 2^20 bits cover the million
	 * indices the MACs encode; a collision would set a bit twice. */
	static uint8_t seen[2][(1u << 20) / 8];

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (uint32_t k = 0; k < FLOW_MAX_PAIRS; k++) {
		for (int side = 0; side < 2; side++) {
			uint8_t m[6];
			uint32_t i;

			flow_mac((enum flow_side)side, k, m);
			assert_int_equal(m[0] & 0x03, 0x02); /* unicast, locally administered */
			assert_int_equal(m[1], 0x10 | side);
			i = (uint32_t)m[2] << 24 | (uint32_t)m[3] << 16 | (uint32_t)m[4] << 8 |
			    m[5];
			assert_int_equal(i, k);
			assert_false(seen[side][i / 8] & (1u << (i % 8)));
			seen[side][i / 8] |= (uint8_t)(1u << (i % 8));
		}
	}
}

static void test_flow_vtep_mac(void **state)
{
	uint8_t m[6];
	const uint8_t want[6] = {0x02, 0x2e, 0x00, 0x00, 0x0f, 0xff};

	(void)state;
	flow_vtep_mac(4095, m);
	assert_memory_equal(m, want, 6);
}

static struct flow_shape plain_shape(void)
{
	struct flow_shape s = {.frame_len = 64, .inner_src = 0xc6120a01, .inner_dst = 0xc6120b01};

	return s;
}

/* Builds shape s and checks the whole frame against scapy's bytes. */
static void template_matches(const struct flow_shape *s, const uint8_t *want, size_t len,
			     uint16_t mac_offset)
{
	struct flow_template t;
	uint8_t frame[256];

	assert_int_equal(flow_template_build(&t, s), 0);
	assert_int_equal(t.wire_len, len);
	assert_int_equal(t.mac_offset, mac_offset);
	frame_of(&t, frame);
	assert_memory_equal(frame, want, len);
}

static void test_template_plain_matches_scapy(void **state)
{
	struct flow_shape s = plain_shape();

	(void)state;
	template_matches(&s, plain_64, sizeof(plain_64), 0);
}

static void test_template_vlan_matches_scapy(void **state)
{
	struct flow_shape s = plain_shape();

	(void)state;
	s.vlan = 101;
	template_matches(&s, vlan_64, sizeof(vlan_64), 0);
}

static struct flow_shape tunnel_shape(enum flow_encap encap)
{
	struct flow_shape s = plain_shape();

	s.encap = encap;
	s.outer_src = 0xc6120005; /* 198.18.0.5 */
	s.outer_dst = 0xc6120001;
	flow_vtep_mac(3, s.outer_src_mac);
	memcpy(s.outer_dst_mac, (uint8_t[6]){0x02, 0x00, 0x00, 0x00, 0xee, 0x01}, 6);
	s.vni = 102;
	return s;
}

static void test_template_vxlan_matches_scapy(void **state)
{
	struct flow_shape s = tunnel_shape(FLOW_ENCAP_VXLAN);

	(void)state;
	template_matches(&s, vxlan_64, sizeof(vxlan_64), 50);
}

static void test_template_gre_matches_scapy(void **state)
{
	struct flow_shape s = tunnel_shape(FLOW_ENCAP_GRE);

	(void)state;
	template_matches(&s, gre_64, sizeof(gre_64), 42);
}

static void test_template_refuses_bad_shapes(void **state)
{
	struct flow_template t;
	struct flow_shape s = plain_shape();

	(void)state;
	s.frame_len = 59;
	assert_int_equal(flow_template_build(&t, &s), -1);
	s.frame_len = 9001;
	assert_int_equal(flow_template_build(&t, &s), -1);
	s.frame_len = 1518;
	s.vlan = 4095;
	assert_int_equal(flow_template_build(&t, &s), -1);
	s = tunnel_shape(FLOW_ENCAP_VXLAN);
	s.vni = 1u << 24;
	assert_int_equal(flow_template_build(&t, &s), -1);
	s.frame_len = 9000;
	s.vni = 1;
	assert_int_equal(flow_template_build(&t, &s), 0);
	assert_int_equal(t.wire_len, 9050);
}

static void test_template_index_cycles(void **state)
{
	(void)state;
	assert_int_equal(flow_template_index(0, 16), 0);
	assert_int_equal(flow_template_index(17, 16), 1);
	assert_int_equal(flow_template_index(999999, 1), 0);
}

/* Parses a NULL-terminated list of options after the program name. */
static int parse(struct flowgen_config *cfg, char *err, const char *first, ...)
{
	char *argv[48] = {"flowgen"};
	int argc = 1;
	va_list ap;

	va_start(ap, first);
	for (const char *a = first; a && argc < 47; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	err[0] = '\0';
	return flowgen_args_parse(argc, argv, cfg, err, 256);
}

static void test_args_defaults(void **state)
{
	struct flowgen_config cfg;
	char err[256];

	(void)state;
	assert_int_equal(parse(&cfg, err, NULL), 0);
	assert_int_equal(cfg.pairs, 1);
	assert_int_equal(cfg.frame_len, 64);
	assert_int_equal(cfg.mode, FLOWGEN_LOOP);
	assert_int_equal(cfg.tx_ports, 3);
	assert_int_equal(cfg.wire_queues, 1);
	assert_int_equal(cfg.encap, FLOW_ENCAP_NONE);
	assert_int_equal(cfg.vtep_ip, 0xc6120001);
	assert_int_equal(flowgen_wire_templates(&cfg), 1);
	assert_false(cfg.json);
}

static void test_args_all_set(void **state)
{
	struct flowgen_config cfg;
	char err[256];
	const uint8_t mac[6] = {0x02, 0, 0, 0, 0xee, 0x09};

	(void)state;
	assert_int_equal(parse(&cfg, err, "--pairs", "1000000", "--size", "1518", "--mode", "tx",
			       "--rate", "500000", "--tx-ports", "1", "--wire-queues", "2",
			       "--seconds", "2.5", "--warmup", "0", "--encap", "gre", "--vteps",
			       "16", "--vnis", "4", "--vni", "7", "--vtep-ip", "198.18.1.1",
			       "--remote-ip", "198.18.1.2", "--vtep-mac", "02:00:00:00:ee:09",
			       "--json", NULL),
			 0);
	assert_int_equal(cfg.pairs, 1000000);
	assert_int_equal(cfg.frame_len, 1518);
	assert_int_equal(cfg.mode, FLOWGEN_TX);
	assert_int_equal(cfg.rate, 500000);
	assert_int_equal(cfg.tx_ports, 2);
	assert_int_equal(cfg.wire_queues, 2);
	assert_true(cfg.seconds == 2.5);
	assert_int_equal(cfg.encap, FLOW_ENCAP_GRE);
	assert_int_equal(cfg.vni, 7);
	assert_int_equal(cfg.remote_ip, 0xc6120102);
	assert_memory_equal(cfg.vtep_mac, mac, 6);
	assert_int_equal(flowgen_wire_templates(&cfg), 64);
	assert_true(cfg.json);
}

static void test_args_errors_say_what_to_give(void **state)
{
	struct flowgen_config cfg;
	char err[256];

	(void)state;
	assert_int_equal(parse(&cfg, err, "--pairs", "1000001", NULL), -1);
	assert_string_equal(err, "--pairs '1000001': give a whole number from 1 to 1000000");
	assert_int_equal(parse(&cfg, err, "--size", "-64", NULL), -1);
	assert_string_equal(err, "--size '-64': give a whole number from 60 to 9000");
	assert_int_equal(parse(&cfg, err, "--mode", "blast", NULL), -1);
	assert_string_equal(err, "--mode 'blast': give one of loop tx");
	assert_int_equal(parse(&cfg, err, "--wire-queues", "17", NULL), -1);
	assert_string_equal(err, "--wire-queues '17': give a whole number from 1 to 16");
	assert_int_equal(parse(&cfg, err, "--tx-ports", "2", NULL), -1);
	assert_string_equal(err, "--tx-ports '2': give 0, 1 or 0,1");
	assert_int_equal(parse(&cfg, err, "--vtep-ip", "198.18.0", NULL), -1);
	assert_string_equal(err, "--vtep-ip '198.18.0': give an IPv4 address like 198.18.0.1");
	assert_int_equal(parse(&cfg, err, "--vtep-mac", "02:00:00:00:ee", NULL), -1);
	assert_string_equal(err, "--vtep-mac '02:00:00:00:ee': give a MAC like 02:00:00:00:ee:01");
	assert_int_equal(parse(&cfg, err, "--seconds", "x", NULL), -1);
	assert_string_equal(err, "--seconds 'x': give seconds from 0 to 3600, e.g. 2.5");
	assert_int_equal(parse(&cfg, err, "--bogus", NULL), -1);
	assert_string_equal(err, "unknown option or missing value '--bogus' (see --help)");
	assert_int_equal(parse(&cfg, err, "extra", NULL), -1);
	assert_string_equal(err, "unexpected argument 'extra' (see --help)");
}

static void test_args_combinations(void **state)
{
	struct flowgen_config cfg;
	char err[256];

	(void)state;
	assert_int_equal(parse(&cfg, err, "--vlans", "10", "--vlan", "4090", NULL), -1);
	assert_string_equal(err, "--vlan 4090 with --vlans 10 goes past VLAN 4094");
	assert_int_equal(
	    parse(&cfg, err, "--encap", "vxlan", "--vni", "16777215", "--vnis", "2", NULL), -1);
	assert_string_equal(err, "--vni 16777215 with --vnis 2 goes past VNI 16777215");
	assert_int_equal(
	    parse(&cfg, err, "--encap", "vxlan", "--vteps", "4096", "--vnis", "17", NULL), -1);
	assert_string_equal(err, "--vteps times --vnis (or --vlans) is over 65536");
	/* Without encapsulation VTEPs and VNIs make no templates; VLANs do. */
	assert_int_equal(parse(&cfg, err, "--vteps", "16", "--vnis", "8", "--vlans", "3", NULL), 0);
	assert_int_equal(flowgen_wire_templates(&cfg), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flow_mac_encodes_side_and_index),
	    cmocka_unit_test(test_flow_macs_distinct_for_a_million_pairs),
	    cmocka_unit_test(test_flow_vtep_mac),
	    cmocka_unit_test(test_template_plain_matches_scapy),
	    cmocka_unit_test(test_template_vlan_matches_scapy),
	    cmocka_unit_test(test_template_vxlan_matches_scapy),
	    cmocka_unit_test(test_template_gre_matches_scapy),
	    cmocka_unit_test(test_template_refuses_bad_shapes),
	    cmocka_unit_test(test_template_index_cycles),
	    cmocka_unit_test(test_args_defaults),
	    cmocka_unit_test(test_args_all_set),
	    cmocka_unit_test(test_args_errors_say_what_to_give),
	    cmocka_unit_test(test_args_combinations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
