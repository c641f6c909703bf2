/* Too-big verdicts and answers (dataplane/icmp_too_big.c) against scapy
 * (tests/golden/mtu_golden.h): the quoted original, both checksums, the
 * source address; and every packet that must never be answered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/checksum.h"
#include "../../dataplane/icmp_too_big.h"
#include "../golden/mtu_golden.h"

static uint8_t out[ICMP_TOO_BIG_FRAME_MAX];
static uint8_t f[1600];

static enum mtu_verdict verdict(const uint8_t *frame, uint32_t len, uint16_t mtu, uint16_t *ip_mtu)
{
	return mtu_verdict(frame, len, len, mtu, ip_mtu);
}

static void test_ipv4_answer(void **state)
{
	uint16_t ip_mtu = 0;
	uint32_t n;

	(void)state;
	assert_int_equal(verdict(big4, sizeof(big4), 1450, &ip_mtu), MTU_TOO_BIG);
	assert_int_equal(ip_mtu, 1450);
	memset(out, 0xee, sizeof(out));
	n = icmp_too_big_build(big4, sizeof(big4), ip_mtu, out);
	assert_int_equal(n, sizeof(big4_answer)); /* 576 bytes of IP: RFC 1812 */
	assert_memory_equal(out, big4_answer, n);
	/* Checksums verify from scratch: IP header and ICMP message. */
	assert_int_equal(checksum_ipv4_header(out + 14, 20), 0);
	assert_int_equal(checksum_fold(checksum_add(0, out + 34, n - 34)), 0);
	/* Only part of the frame available (a chain read short): quote less. */
	n = icmp_too_big_build(big4, 100, ip_mtu, out);
	assert_int_equal(n, 14 + 20 + 8 + 86);
	assert_int_equal(checksum_fold(checksum_add(0, out + 34, n - 34)), 0);
}

static void test_ipv4_tagged_and_short(void **state)
{
	uint16_t ip_mtu = 0;
	uint32_t n;

	(void)state;
	/* The tag crosses the tunnel inside the frame: 4 bytes less of IP. */
	assert_int_equal(verdict(big4_tagged, sizeof(big4_tagged), 1450, &ip_mtu), MTU_TOO_BIG);
	assert_int_equal(ip_mtu, 1446);
	n = icmp_too_big_build(big4_tagged, sizeof(big4_tagged), ip_mtu, out);
	assert_int_equal(n, sizeof(big4_tagged_answer));
	assert_memory_equal(out, big4_tagged_answer, n);
	/* Under 548 bytes the whole packet is quoted. */
	assert_int_equal(verdict(mid4, sizeof(mid4), 200, &ip_mtu), MTU_TOO_BIG);
	n = icmp_too_big_build(mid4, sizeof(mid4), ip_mtu, out);
	assert_int_equal(n, sizeof(mid4_answer));
	assert_memory_equal(out, mid4_answer, n);
}

static void test_ipv6_answer(void **state)
{
	uint16_t ip_mtu = 0;
	uint32_t n;

	(void)state;
	assert_int_equal(verdict(big6, sizeof(big6), 1450, &ip_mtu), MTU_TOO_BIG);
	n = icmp_too_big_build(big6, sizeof(big6), ip_mtu, out);
	assert_int_equal(n, sizeof(big6_answer)); /* 1280 bytes of IPv6: RFC 4443 */
	assert_memory_equal(out, big6_answer, n);
}

static void test_fits_and_fragment(void **state)
{
	uint16_t ip_mtu = 0;

	(void)state;
	assert_int_equal(verdict(big4, sizeof(big4), 1500, &ip_mtu), MTU_FITS);
	assert_int_equal(verdict(big6, sizeof(big6), 1500, &ip_mtu), MTU_FITS);
	/* A tagged frame needs 4 bytes more of network MTU. */
	assert_int_equal(verdict(big4_tagged, sizeof(big4_tagged), 1504, &ip_mtu), MTU_FITS);
	assert_int_equal(verdict(big4_tagged, sizeof(big4_tagged), 1503, &ip_mtu), MTU_TOO_BIG);
	memcpy(f, big4, sizeof(big4));
	f[14 + 6] = 0; /* DF clear */
	assert_int_equal(verdict(f, sizeof(big4), 1450, &ip_mtu), MTU_FRAGMENT);
	assert_int_equal(ip_mtu, 1450);
	assert_int_equal(icmp_too_big_build(f, sizeof(big4), 1450, out), 0);
}

/* Each must be dropped without an answer. */
static void expect_silent(const uint8_t *frame, uint32_t len)
{
	uint16_t ip_mtu = 0;

	assert_int_equal(verdict(frame, len, 1450, &ip_mtu), MTU_TOO_BIG_SILENT);
	assert_int_equal(icmp_too_big_build(frame, len, 1450, out), 0);
}

static void test_never_answered(void **state)
{
	static const uint8_t multicast_src[4] = {224, 0, 0, 5};
	static const uint8_t bcast[4] = {255, 255, 255, 255};

	(void)state;
	/* An ICMP error (destination unreachable) is never answered. */
	memcpy(f, big4, sizeof(big4));
	f[34] = 3;
	expect_silent(f, sizeof(big4));
	f[34] = 11; /* time exceeded */
	expect_silent(f, sizeof(big4));
	f[34] = 0; /* an echo reply is a query: answered */
	assert_int_not_equal(icmp_too_big_build(f, sizeof(big4), 1450, out), 0);
	/* A non-first fragment. */
	memcpy(f, big4, sizeof(big4));
	f[20] = 0x40, f[21] = 0xb9;
	expect_silent(f, sizeof(big4));
	/* Broadcast or multicast source or destination. */
	memcpy(f, big4, sizeof(big4));
	memcpy(f + 26, multicast_src, 4);
	expect_silent(f, sizeof(big4));
	memcpy(f, big4, sizeof(big4));
	memcpy(f + 26, "\0\0\0\0", 4);
	expect_silent(f, sizeof(big4));
	memcpy(f, big4, sizeof(big4));
	memcpy(f + 30, bcast, 4);
	expect_silent(f, sizeof(big4));
	memcpy(f, big4, sizeof(big4));
	memcpy(f + 30, multicast_src, 4);
	expect_silent(f, sizeof(big4));
	memcpy(f, big4, sizeof(big4));
	f[0] = 0xff; /* Ethernet broadcast */
	expect_silent(f, sizeof(big4));
	/* Not IP. */
	memcpy(f, big4, sizeof(big4));
	f[12] = 0x88, f[13] = 0xb5;
	expect_silent(f, sizeof(big4));
	/* IPv6: an ICMPv6 error, a multicast destination, an unspecified source. */
	memcpy(f, big6, sizeof(big6));
	f[20] = 58, f[54] = 1;
	expect_silent(f, sizeof(big6));
	memcpy(f, big6, sizeof(big6));
	f[38] = 0xff;
	expect_silent(f, sizeof(big6));
	memcpy(f, big6, sizeof(big6));
	memset(f + 22, 0, 16);
	expect_silent(f, sizeof(big6));
	/* An IPv6 non-first fragment. */
	memcpy(f, big6, sizeof(big6));
	f[20] = 44, f[56] = 0x00, f[57] = 0xb8;
	expect_silent(f, sizeof(big6));
}

static void test_malformed(void **state)
{
	uint16_t ip_mtu = 0;

	(void)state;
	memcpy(f, big4, sizeof(big4));
	f[14] = 0x43; /* IHL 3 */
	assert_int_equal(verdict(f, sizeof(big4), 1450, &ip_mtu), MTU_MALFORMED);
	assert_int_equal(icmp_too_big_build(f, sizeof(big4), 1450, out), 0);
	f[14] = 0x65; /* version 6 in an IPv4 ethertype */
	assert_int_equal(verdict(f, sizeof(big4), 1450, &ip_mtu), MTU_MALFORMED);
	memcpy(f, big4, sizeof(big4));
	f[16] = 0, f[17] = 10; /* total length under the header */
	assert_int_equal(verdict(f, sizeof(big4), 1450, &ip_mtu), MTU_MALFORMED);
	/* Too little of the frame to judge: malformed, not a crash. */
	assert_int_equal(mtu_verdict(big4, 20, sizeof(big4), 1450, &ip_mtu), MTU_MALFORMED);
	assert_int_equal(mtu_verdict(big4, 10, sizeof(big4), 1450, &ip_mtu), MTU_TOO_BIG_SILENT);
	assert_int_equal(mtu_verdict(big6, 30, sizeof(big6), 1450, &ip_mtu), MTU_MALFORMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ipv4_answer),	   cmocka_unit_test(test_ipv4_tagged_and_short),
	    cmocka_unit_test(test_ipv6_answer),	   cmocka_unit_test(test_fits_and_fragment),
	    cmocka_unit_test(test_never_answered), cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
