/* MSS clamping (dataplane/mss_clamp.c) against scapy-built SYNs
 * (tests/golden/mtu_golden.h): options in any order, the MSS value at an odd
 * offset, odd payloads, a VLAN tag, IPv6; and every malformed shape, which
 * must leave the frame untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/mss_clamp.h"
#include "../golden/mtu_golden.h"

#define MTU 1450

static void expect_clamped(const uint8_t *in, const uint8_t *want, size_t len)
{
	uint8_t f[256];

	assert_true(len <= sizeof(f));
	memcpy(f, in, len);
	/* The verdict alone says so and writes nothing. */
	assert_int_equal(mss_clamp_verdict(f, (uint32_t)len, MTU), MSS_CLAMPED);
	assert_memory_equal(f, in, len);
	assert_int_equal(mss_clamp(f, (uint32_t)len, MTU), MSS_CLAMPED);
	assert_memory_equal(f, want, len);
	assert_int_equal(mss_clamp_verdict(f, (uint32_t)len, MTU), MSS_UNCHANGED);
	/* Clamping twice changes nothing more. */
	assert_int_equal(mss_clamp(f, (uint32_t)len, MTU), MSS_UNCHANGED);
	assert_memory_equal(f, want, len);
}

static void expect_untouched(const uint8_t *in, size_t len, uint16_t mtu,
			     enum mss_clamp_result want)
{
	uint8_t f[256];

	assert_true(len <= sizeof(f));
	memcpy(f, in, len);
	assert_int_equal(mss_clamp_verdict(f, (uint32_t)len, mtu), want);
	assert_int_equal(mss_clamp(f, (uint32_t)len, mtu), want);
	assert_memory_equal(f, in, len);
}

#define CLAMPED(name) expect_clamped(name, name##_clamped, sizeof(name))

static void test_ipv4_orders(void **state)
{
	(void)state;
	CLAMPED(syn4_linux);	   /* MSS first, then SACK, timestamps, window scale */
	CLAMPED(synack4_odd);	   /* a SYN-ACK, MSS value straddling two checksum words */
	CLAMPED(syn4_mss_last);	   /* MSS 8960 after window scale and SACK */
	CLAMPED(syn4_odd_payload); /* a SYN with 3 bytes of data */
	CLAMPED(syn4_tagged);	   /* behind an 802.1Q tag */
}

static void test_ipv6(void **state)
{
	(void)state;
	CLAMPED(syn6_linux); /* MTU-60: 1390 */
	CLAMPED(synack6_odd);
}

static void test_only_lowers(void **state)
{
	(void)state;
	expect_untouched(syn4_small_mss, sizeof(syn4_small_mss), MTU, MSS_UNCHANGED);
	expect_untouched(syn4_no_mss, sizeof(syn4_no_mss), MTU, MSS_UNCHANGED);
	/* An MTU that allows more than asked: never raised. */
	expect_untouched(syn4_linux, sizeof(syn4_linux), 9000, MSS_UNCHANGED);
	expect_untouched(syn4_linux, sizeof(syn4_linux), 1500, MSS_UNCHANGED);
	/* Not a SYN: options of other segments are not looked at. */
	expect_untouched(ack4_with_mss, sizeof(ack4_with_mss), MTU, MSS_NOT_SYN);
	assert_int_equal(mss_for_mtu(1450, false), 1410);
	assert_int_equal(mss_for_mtu(1450, true), 1390);
	assert_int_equal(mss_for_mtu(30, false), 0);
}

static void test_not_tcp(void **state)
{
	uint8_t f[sizeof(syn4_linux)];

	(void)state;
	memcpy(f, syn4_linux, sizeof(f));
	f[14 + 9] = 17; /* UDP */
	expect_untouched(f, sizeof(f), MTU, MSS_NOT_SYN);
	memcpy(f, syn4_linux, sizeof(f));
	f[12] = 0x08, f[13] = 0x06; /* ARP */
	expect_untouched(f, sizeof(f), MTU, MSS_NOT_SYN);
	memcpy(f, syn4_linux, sizeof(f));
	f[14 + 6] = 0x00, f[14 + 7] = 0x10; /* a non-first fragment */
	expect_untouched(f, sizeof(f), MTU, MSS_NOT_SYN);
	expect_untouched(syn4_linux, 10, MTU, MSS_NOT_SYN); /* shorter than Ethernet */
}

/* Offsets in syn4_linux: IPv4 at 14, TCP at 34, options at 54 (MSS kind,
 * length, value), SACK permitted at 58, timestamps at 60, the header ends at 74. */
static void test_malformed_options(void **state)
{
	uint8_t f[sizeof(syn4_linux)];

	(void)state;
	uint8_t g[sizeof(syn4_mss_last)];

	/* syn4_mss_last: window scale at 54, SACK permitted at 57, NOP, MSS at
	 * 60. A bad option before the MSS stops the walk. */
	memcpy(g, syn4_mss_last, sizeof(g));
	g[58] = 0; /* SACK permitted of length 0: would loop forever */
	expect_untouched(g, sizeof(g), MTU, MSS_MALFORMED);
	g[58] = 1;
	expect_untouched(g, sizeof(g), MTU, MSS_MALFORMED);
	memcpy(g, syn4_mss_last, sizeof(g));
	g[55] = 40; /* window scale running past the header */
	expect_untouched(g, sizeof(g), MTU, MSS_MALFORMED);
	memcpy(f, syn4_linux, sizeof(f));
	f[55] = 1; /* MSS option of length 1 */
	expect_untouched(f, sizeof(f), MTU, MSS_MALFORMED);
	memcpy(f, syn4_linux, sizeof(f));
	f[55] = 0; /* MSS of length 0 */
	expect_untouched(f, sizeof(f), MTU, MSS_MALFORMED);
	memcpy(f, syn4_linux, sizeof(f));
	f[55] = 3; /* MSS of length 3 */
	expect_untouched(f, sizeof(f), MTU, MSS_MALFORMED);
	memcpy(f, syn4_linux, sizeof(f));
	f[54] = 8, f[55] = 40; /* an option running past the header */
	expect_untouched(f, sizeof(f), MTU, MSS_MALFORMED);
	memcpy(f, syn4_linux, sizeof(f));
	/* A kind byte as the last byte of the header, no room for its length. */
	memset(f + 54, 1, 19);
	f[73] = 8;
	expect_untouched(f, sizeof(f), MTU, MSS_MALFORMED);
}

static void test_malformed_headers(void **state)
{
	uint8_t f[sizeof(syn6_linux)];

	(void)state;
	memcpy(f, syn4_linux, sizeof(syn4_linux));
	f[14] = 0x43; /* IHL 3 */
	expect_untouched(f, sizeof(syn4_linux), MTU, MSS_MALFORMED);
	memcpy(f, syn4_linux, sizeof(syn4_linux));
	f[14] = 0x4f; /* IHL 15: 60 bytes, past the frame's TCP */
	expect_untouched(f, 40, MTU, MSS_MALFORMED);
	memcpy(f, syn4_linux, sizeof(syn4_linux));
	f[46] = 0x40; /* data offset 4 */
	expect_untouched(f, sizeof(syn4_linux), MTU, MSS_MALFORMED);
	memcpy(f, syn4_linux, sizeof(syn4_linux));
	f[46] = 0xf0; /* data offset 15: past the IP payload */
	expect_untouched(f, sizeof(syn4_linux), MTU, MSS_MALFORMED);
	memcpy(f, syn4_linux, sizeof(syn4_linux));
	f[16] = 0, f[17] = 30; /* total length leaves 10 bytes of TCP */
	expect_untouched(f, sizeof(syn4_linux), MTU, MSS_MALFORMED);
	/* Cut short: the options are not all in the buffer. */
	expect_untouched(syn4_linux, 60, MTU, MSS_MALFORMED);
	memcpy(f, syn6_linux, sizeof(syn6_linux));
	f[14] = 0x40; /* IPv6 ethertype, version 4 */
	expect_untouched(f, sizeof(syn6_linux), MTU, MSS_MALFORMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ipv4_orders),	      cmocka_unit_test(test_ipv6),
	    cmocka_unit_test(test_only_lowers),	      cmocka_unit_test(test_not_tcp),
	    cmocka_unit_test(test_malformed_options), cmocka_unit_test(test_malformed_headers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
