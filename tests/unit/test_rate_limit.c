/* The token bucket (dataplane/rate_limit.c): a full burst at first, then the
 * rate, never more; long idle refills to the burst and no further. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../dataplane/rate_limit.h"

#define HZ 1000000ULL /* ticks a second */

static void test_burst_then_rate(void **state)
{
	struct rate_limit rl = {0};
	uint64_t now = 5 * HZ;
	int taken = 0;

	(void)state;
	for (int i = 0; i < 100; i++)
		taken += rate_limit_take(&rl, now, HZ, 10, 5);
	assert_int_equal(taken, 5);
	/* A tenth of a second later: one more token at 10 a second. */
	now += HZ / 10;
	assert_true(rate_limit_take(&rl, now, HZ, 10, 5));
	assert_false(rate_limit_take(&rl, now, HZ, 10, 5));
	/* One second: ten tokens, capped by the burst of 5. */
	now += HZ;
	taken = 0;
	for (int i = 0; i < 100; i++)
		taken += rate_limit_take(&rl, now, HZ, 10, 5);
	assert_int_equal(taken, 5);
}

static void test_long_idle_and_steady(void **state)
{
	struct rate_limit rl = {0};
	uint64_t now = 1;
	int taken = 0;

	(void)state;
	assert_true(rate_limit_take(&rl, now, HZ, 100, 1));
	/* Years later nothing overflows: the bucket is just full. */
	now += 1000000ULL * 3600 * 24 * 365 * HZ / 1000000ULL;
	assert_true(rate_limit_take(&rl, now, HZ, 100, 1));
	assert_false(rate_limit_take(&rl, now, HZ, 100, 1));
	/* Ten seconds of calls every millisecond at 100 a second: 1000 pass. */
	for (int ms = 1; ms <= 10000; ms++)
		taken += rate_limit_take(&rl, now + (uint64_t)ms * HZ / 1000, HZ, 100, 1);
	assert_int_equal(taken, 1000);
}

static void test_zero_rate(void **state)
{
	struct rate_limit rl = {0};

	(void)state;
	assert_true(rate_limit_take(&rl, 10, HZ, 0, 2));
	assert_true(rate_limit_take(&rl, 20, HZ, 0, 2));
	assert_false(rate_limit_take(&rl, 100 * HZ, HZ, 0, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_burst_then_rate),
	    cmocka_unit_test(test_long_idle_and_steady),
	    cmocka_unit_test(test_zero_rate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
