/* pmd_sleep_next(): how long an idle PMD sleeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../dataplane/pmd_sleep.h"

/* Idle polls sleep 1, 2, 4, ... microseconds up to the maximum. */
static void test_grows_to_max(void **state)
{
	uint32_t us = 0;
	const uint32_t want[] = {1, 2, 4, 8, 16, 32, 50, 50};

	(void)state;
	for (int i = 0; i < 8; i++) {
		us = pmd_sleep_next(us, 50, 0);
		assert_int_equal(us, want[i]);
	}
}

/* One poll with packets: no sleep, and the next idle one starts over. */
static void test_wakes_on_traffic(void **state)
{
	(void)state;
	assert_int_equal(pmd_sleep_next(50, 50, 1), 0);
	assert_int_equal(pmd_sleep_next(0, 50, 0), 1);
}

/* pmd-sleep-max = 0 (the default): never sleeps. */
static void test_off(void **state)
{
	(void)state;
	assert_int_equal(pmd_sleep_next(0, 0, 0), 0);
	assert_int_equal(pmd_sleep_next(8, 0, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grows_to_max),
	    cmocka_unit_test(test_wakes_on_traffic),
	    cmocka_unit_test(test_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
