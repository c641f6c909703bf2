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
	uint32_t dyn_addrs[] = {2, 3, 4};
	struct flood_vteps dyn = {.n = 3, .addrs = dyn_addrs};
	uint32_t out[16];

	(void)state;
	assert_int_equal(flood_union_count(&fixed, &dyn), 4);
	assert_int_equal(flood_union(&fixed, &dyn, out, 16), 4);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], 3);
	assert_int_equal(out[3], 4);
	assert_true(flood_vteps_has(&dyn, 3));
	assert_false(flood_list_has(&fixed, 3));
}

static void test_empty_and_full(void **state)
{
	struct ipv4_list none = {.n = 0};
	static struct ipv4_list full;
	uint32_t more_addrs[] = {999};
	struct flood_vteps empty = {.n = 0}, more = {.n = 1, .addrs = more_addrs};
	uint32_t out[SLUICE_STATIC_FLOOD_CEILING];

	(void)state;
	full.n = SLUICE_STATIC_FLOOD_CEILING;
	for (uint32_t i = 0; i < full.n; i++)
		full.addrs[i] = 100 + i;
	assert_int_equal(flood_union(&none, &empty, out, 16), 0);
	assert_int_equal(flood_union(&none, &more, out, 16), 1);
	assert_int_equal(out[0], 999);
	/* Never past max-flood-vteps, whatever it is given. */
	assert_int_equal(flood_union_count(&full, &more), full.n + 1);
	assert_int_equal(flood_union(&full, &more, out, full.n), full.n);
	assert_int_equal(out[full.n - 1], 100 + full.n - 1);
	assert_int_equal(flood_union(&full, &more, out, 16), 16);
}

/* Room for max-flood-vteps, taken once, given back. */
static void test_reserve(void **state)
{
	struct flood_vteps l = {0};

	(void)state;
	assert_int_equal(flood_vteps_reserve(&l, 4096), 0);
	assert_non_null(l.addrs);
	l.addrs[4095] = 7;
	l.addrs[0] = 8;
	l.n = 1;
	assert_int_equal(flood_vteps_reserve(&l, 4096), 0);
	assert_int_equal(l.addrs[0], 8); /* kept, not allocated again */
	flood_vteps_free(&l);
	assert_null(l.addrs);
	assert_int_equal(l.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_union),
	    cmocka_unit_test(test_empty_and_full),
	    cmocka_unit_test(test_reserve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
