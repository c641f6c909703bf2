/* The prebuilt outer header (dataplane/tunnel_template.h) against
 * tunnel_encap_write(), which the golden tests hold to scapy's bytes: for
 * every combination of fixed fields and many per-packet inputs the two must
 * write the same bytes, and the template must write nothing past its header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/tunnel_template.h"

#define CANARY 0xa5

/* xorshift32: deterministic inputs, so a failure reproduces. */
static uint32_t rng_state = 0x12345678;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Compares one packet's header from both writers; the template's output
 * buffer is prefilled with a canary to catch writes past the header. */
static void assert_same(const struct tunnel_template *t, struct tunnel_encap_params p,
			uint32_t inner_len)
{
	uint8_t want[2 * TUNNEL_MAX_OVERHEAD], got[2 * TUNNEL_MAX_OVERHEAD];
	int n_want, n_got;

	memset(want, CANARY, sizeof(want));
	memset(got, CANARY, sizeof(got));
	n_want = tunnel_encap_write(&p, inner_len, want);
	n_got =
	    tunnel_template_write(t, p.dst_mac, p.dst_ip, p.ip_id, p.udp_src_port, inner_len, got);
	assert_int_equal(n_got, n_want);
	assert_memory_equal(got, want, sizeof(got));
}

static const uint32_t inner_lens[] = {0, 1, 14, 60, 64, 1450, 1458, 1500, 9000, 65000};

static void test_template_matches_encap_write(void **state)
{
	static const uint16_t vlans[] = {0, 1, 100, 4094};
	static const uint8_t ttls[] = {1, 64, 255};
	static const uint32_t ids[] = {0, 1, 100, 0xffffff, 0xffffffff};
	static const uint16_t dst_ports[] = {0, 4789, 8472};
	uint32_t checked = 0;

	(void)state;
	for (int kind = TUNNEL_VXLAN; kind <= TUNNEL_GRE; kind++)
		for (size_t v = 0; v < sizeof(vlans) / sizeof(vlans[0]); v++)
			for (int df = 0; df <= 1; df++)
				for (size_t tt = 0; tt < sizeof(ttls); tt++)
					for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
						for (size_t d = 0; d < 3; d++) {
							struct tunnel_encap_params p = {
							    .kind = (enum tunnel_kind)kind,
							    .vlan = vlans[v],
							    .src_ip = rng(),
							    .ttl = ttls[tt],
							    .df = df,
							    .vni = ids[i],
							    .udp_dst_port = dst_ports[d],
							    .src_mac = {0x02, 0, 0, 0, 0, 1},
							};
							struct tunnel_template t;

							if (tunnel_encap_write(
								&p, 0, (uint8_t[64]){0}) < 0) {
								/* the template refuses what
								 * the writer refuses */
								assert_int_equal(
								    tunnel_template_build(&t, &p),
								    -1);
								continue;
							}
							assert_int_equal(
							    tunnel_template_build(&t, &p), 0);
							for (int k = 0; k < 40; k++) {
								uint32_t r = rng();

								p.dst_ip = rng();
								p.ip_id = (uint16_t)r;
								p.udp_src_port =
								    (uint16_t)(r >> 16);
								for (int b = 0; b < 6; b++)
									p.dst_mac[b] =
									    (uint8_t)rng();
								assert_same(&t, p,
									    inner_lens[k % 10]);
								assert_same(&t, p, rng() % 65536);
								checked += 2;
							}
						}
	assert_true(checked > 10000);
}

/* Addresses whose words make the checksum's sum carry, and the extremes. */
static void test_template_checksum_edges(void **state)
{
	static const uint32_t addrs[] = {0, 0xffffffff, 0xfffefffe, 0x0100ffff, 0xc6120001};

	(void)state;
	for (size_t s = 0; s < 5; s++)
		for (size_t d = 0; d < 5; d++)
			for (int df = 0; df <= 1; df++) {
				struct tunnel_encap_params p = {
				    .kind = TUNNEL_VXLAN,
				    .src_ip = addrs[s],
				    .dst_ip = addrs[d],
				    .ttl = 255,
				    .df = df,
				    .ip_id = 0xffff,
				    .vni = 0xffffff,
				    .udp_src_port = 0xffff,
				};
				struct tunnel_template t;

				assert_int_equal(tunnel_template_build(&t, &p), 0);
				for (size_t k = 0; k < 10; k++)
					assert_same(&t, p, inner_lens[k]);
				p.kind = TUNNEL_GRE;
				assert_int_equal(tunnel_template_build(&t, &p), 0);
				for (size_t k = 0; k < 10; k++)
					assert_same(&t, p, inner_lens[k]);
			}
}

static void test_template_refuses(void **state)
{
	struct tunnel_encap_params p = {.kind = TUNNEL_VXLAN, .ttl = 64, .vni = 100};
	struct tunnel_template t;
	uint8_t out[TUNNEL_MAX_OVERHEAD], zero[TUNNEL_MAX_OVERHEAD] = {0};

	(void)state;
	assert_int_equal(tunnel_template_build(&t, &p), 0);
	assert_int_equal(t.len, 50);
	/* 65535 - 20 - 8 - 8 = 65499 bytes of inner frame fit, one more not */
	assert_int_equal(tunnel_template_write(&t, zero, 1, 0, 0, 65499, out), 50);
	memset(out, 0, sizeof(out));
	assert_int_equal(tunnel_template_write(&t, zero, 1, 0, 0, 65500, out), -1);
	assert_memory_equal(out, zero, sizeof(out));
	p.kind = TUNNEL_GRE;
	p.vlan = 7;
	assert_int_equal(tunnel_template_build(&t, &p), 0);
	assert_int_equal(t.len, 46);
	assert_int_equal(t.ip_offset, 18);
	p.vlan = 4095;
	assert_int_equal(tunnel_template_build(&t, &p), -1);
	p.vlan = 0;
	p.ttl = 0;
	assert_int_equal(tunnel_template_build(&t, &p), -1);
	p.ttl = 64;
	p.kind = TUNNEL_VXLAN;
	p.vni = 0x1000000;
	assert_int_equal(tunnel_template_build(&t, &p), -1);
	p.kind = (enum tunnel_kind)7;
	assert_int_equal(tunnel_template_build(&t, &p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_template_matches_encap_write),
	    cmocka_unit_test(test_template_checksum_edges),
	    cmocka_unit_test(test_template_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
