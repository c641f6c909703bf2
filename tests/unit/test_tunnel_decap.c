/* Decapsulation (dataplane/tunnel_decap.c) of scapy-built frames
 * (tests/golden/tunnel_golden.h): good VXLAN and GRE, frames that are not
 * ours, and every malformed case with its drop reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/tunnel_decap.h"
#include "../golden/tunnel_golden.h"

static uint32_t ip_of(const uint8_t b[4])
{
	uint32_t ip;

	memcpy(&ip, b, 4);
	return ip;
}

/* "ok", "not-tunnel" or the drop reason's name, as the golden data spells it. */
static const char *decap_outcome(const uint8_t *frame, uint32_t len, uint16_t vxlan_port,
				 struct tunnel_decap_info *info)
{
	switch (tunnel_decap_parse(frame, len, ip_of(golden_local_ip), vxlan_port, info)) {
	case TUNNEL_DECAP_OK:
		return "ok";
	case TUNNEL_DECAP_NOT_TUNNEL:
		return "not-tunnel";
	case TUNNEL_DECAP_DROP:
		assert_in_range(info->drop, 0, DROP_REASON_COUNT - 1);
		return drop_table[info->drop].name;
	}
	return "?";
}

static void test_decap_golden(void **state)
{
	int ok = 0, dropped = 0;

	(void)state;
	for (int i = 0; i < GOLDEN_DECAPS_COUNT; i++) {
		const struct golden_decap *g = &golden_decaps[i];
		struct tunnel_decap_info info;
		const char *got = decap_outcome(g->frame, g->len, g->vxlan_port, &info);

		print_message("   %-32s %s\n", g->name, got);
		assert_string_equal(got, g->expect);
		if (strcmp(g->expect, "ok") != 0) {
			dropped += strcmp(g->expect, "not-tunnel") != 0;
			continue;
		}
		ok++;
		assert_int_equal(info.kind, g->gre ? TUNNEL_GRE : TUNNEL_VXLAN);
		assert_int_equal(info.vni, g->id);
		assert_int_equal(info.vlan, g->vlan);
		assert_int_equal(info.outer_ttl, g->ttl);
		assert_int_equal(info.outer_src, ip_of(g->src_ip));
		assert_int_equal(info.outer_dst, ip_of(golden_local_ip));
		assert_int_equal(info.inner_offset, g->inner_offset);
		assert_int_equal(info.inner_len, g->inner_len);
	}
	assert_true(ok >= 10 && dropped >= 40);
}

/* Every drop reason decap can give is exercised by some golden case. */
static void test_decap_reasons_covered(void **state)
{
	static const enum drop_reason reasons[] = {
	    DROP_TUNNEL_TRUNCATED,  DROP_TUNNEL_BAD_IPV4,    DROP_TUNNEL_IP_OPTIONS,
	    DROP_TUNNEL_FRAGMENT,   DROP_TUNNEL_TTL_EXPIRED, DROP_TUNNEL_FROM_SELF,
	    DROP_TUNNEL_BAD_SOURCE, DROP_VXLAN_BAD_FLAGS,    DROP_GRE_BAD_FLAGS,
	    DROP_GRE_NO_KEY,	    DROP_GRE_BAD_PROTOCOL,
	};

	(void)state;
	for (size_t r = 0; r < sizeof(reasons) / sizeof(reasons[0]); r++) {
		bool found = false;

		for (int i = 0; i < GOLDEN_DECAPS_COUNT && !found; i++)
			found = strcmp(golden_decaps[i].expect, drop_table[reasons[r]].name) == 0;
		if (!found)
			fail_msg("no golden case for %s", drop_table[reasons[r]].name);
	}
}

/* Cutting a good frame anywhere before the end of its IPv4 packet makes it
 * truncated; cutting only Ethernet padding changes nothing. */
static void test_decap_every_cut(void **state)
{
	(void)state;
	for (int i = 0; i < GOLDEN_DECAPS_COUNT; i++) {
		const struct golden_decap *g = &golden_decaps[i];
		uint32_t ip_off = g->inner_offset - (g->gre ? 8u : 16u) - 20u;
		uint32_t ip_end;

		if (strcmp(g->expect, "ok") != 0)
			continue;
		ip_end = ip_off + (uint32_t)(g->frame[ip_off + 2] << 8 | g->frame[ip_off + 3]);
		for (uint32_t len = 0; len < g->len; len++) {
			struct tunnel_decap_info info;
			const char *got = decap_outcome(g->frame, len, g->vxlan_port, &info);

			if (len < ip_end)
				assert_string_equal(got, "tunnel-truncated");
			else
				assert_string_equal(got, "ok");
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decap_golden),
	    cmocka_unit_test(test_decap_reasons_covered),
	    cmocka_unit_test(test_decap_every_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
