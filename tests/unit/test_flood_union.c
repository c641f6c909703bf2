/* The flood list the view gets: static VTEPs, then zebra's, each once
 * (dataplane/flood_union.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../dataplane/flood_union.h"

static void test_union(void **state)
{
	struct ipv4_list fixed = {.n = 2, .addrs = {1, 2}};
	struct ipv4_list dyn = {.n = 3, .addrs = {2, 3, 4}};
	uint32_t out[SLUICE_MAX_FLOOD];

	(void)state;
	assert_int_equal(flood_union(&fixed, &dyn, out), 4);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], 3);
	assert_int_equal(out[3], 4);
	assert_true(flood_list_has(&dyn, 3));
	assert_false(flood_list_has(&fixed, 3));
}

static void test_empty_and_full(void **state)
{
	struct ipv4_list none = {.n = 0};
	struct ipv4_list full = {.n = SLUICE_MAX_FLOOD};
	struct ipv4_list more = {.n = 1, .addrs = {999}};
	uint32_t out[SLUICE_MAX_FLOOD];

	(void)state;
	for (uint32_t i = 0; i < SLUICE_MAX_FLOOD; i++)
		full.addrs[i] = 100 + i;
	assert_int_equal(flood_union(&none, &none, out), 0);
	assert_int_equal(flood_union(&none, &more, out), 1);
	assert_int_equal(out[0], 999);
	/* Never past the view's list, whatever it is given. */
	assert_int_equal(flood_union(&full, &more, out), SLUICE_MAX_FLOOD);
	assert_int_equal(out[SLUICE_MAX_FLOOD - 1], 100 + SLUICE_MAX_FLOOD - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_union),
	    cmocka_unit_test(test_empty_and_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
