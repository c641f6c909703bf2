/* The Internet checksum (dataplane/checksum.c): RFC 1071's example, a known
 * IPv4 header, and RFC 1624's incremental update against recomputation. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/checksum.h"

static void test_rfc1071_example(void **state)
{
	/* RFC 1071 section 3: these words sum to 0xddf2. */
	static const uint8_t words[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};

	(void)state;
	assert_int_equal(checksum_add(0, words, sizeof(words)), 0x2ddf0);
	assert_int_equal(checksum_fold(checksum_add(0, words, sizeof(words))), (uint16_t)~0xddf2);
}

static void test_odd_length(void **state)
{
	static const uint8_t odd[] = {0x12, 0x34, 0x56};

	(void)state;
	/* The last byte is the high byte of a zero-padded word. */
	assert_int_equal(checksum_add(0, odd, 3), 0x1234 + 0x5600);
	assert_int_equal(checksum_add(0, odd, 0), 0);
}

static void test_ipv4_header(void **state)
{
	/* 192.168.0.1 -> 192.168.0.199, UDP, DF, total length 115: 0xb861. */
	uint8_t h[20] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
			 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};

	(void)state;
	assert_int_equal(checksum_ipv4_header(h, sizeof(h)), 0xb861);
	h[10] = 0xb8;
	h[11] = 0x61;
	assert_int_equal(checksum_ipv4_header(h, sizeof(h)), 0); /* verifies */
	h[15] ^= 1;
	assert_int_not_equal(checksum_ipv4_header(h, sizeof(h)), 0);
}

static void test_large_buffer_carries(void **state)
{
	static uint8_t ones[1 << 17];

	(void)state;
	/* 65536 words of 0xffff: the running sum must not lose carries. */
	memset(ones, 0xff, sizeof(ones));
	assert_int_equal(checksum_fold(checksum_add(0, ones, sizeof(ones))), 0);
}

static void test_rfc1624_example(void **state)
{
	(void)state;
	/* RFC 1624 section 4: m 0x5555 -> 0x3285 under HC 0xdd2f gives 0x0000;
	 * RFC 1141's equation 2 would have given 0xffff. */
	assert_int_equal(checksum_update16(0xdd2f, 0x5555, 0x3285), 0x0000);
}

/* xorshift32: deterministic inputs, no libc rand(). */
static uint32_t next_random(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_update_matches_recompute(void **state)
{
	uint32_t seed = 0x1624;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		uint8_t h[20];
		uint16_t check, old_word, new_word;
		int word = (int)(next_random(&seed) % 10);

		if (word == 5)
			word = 4; /* not the checksum field itself */
		for (int i = 0; i < 20; i++)
			h[i] = (uint8_t)next_random(&seed);
		h[10] = h[11] = 0;
		check = checksum_ipv4_header(h, sizeof(h));
		h[10] = (uint8_t)(check >> 8);
		h[11] = (uint8_t)check;
		old_word = (uint16_t)(h[2 * word] << 8 | h[2 * word + 1]);
		new_word = (uint16_t)next_random(&seed);
		if (round % 7 == 0)
			new_word = (uint16_t)~old_word; /* the sign-flip corner */
		h[2 * word] = (uint8_t)(new_word >> 8);
		h[2 * word + 1] = (uint8_t)new_word;
		check = checksum_update16(check, old_word, new_word);
		/* The same value a recomputation gives, and it verifies. */
		h[10] = h[11] = 0;
		assert_int_equal(check, checksum_ipv4_header(h, sizeof(h)));
		h[10] = (uint8_t)(check >> 8);
		h[11] = (uint8_t)check;
		assert_int_equal(checksum_ipv4_header(h, sizeof(h)), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc1071_example), cmocka_unit_test(test_odd_length),
	    cmocka_unit_test(test_ipv4_header),	    cmocka_unit_test(test_large_buffer_carries),
	    cmocka_unit_test(test_rfc1624_example), cmocka_unit_test(test_update_matches_recompute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
