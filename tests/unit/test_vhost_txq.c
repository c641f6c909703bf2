/* vhost_txq_assign(): which guest rx queue each PMD enqueues to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/vhost_txq.h"

/* Four PMDs, two of them polling (0 and 2), a guest with two queues: the
 * old rule (pmd % queues) put both on queue 0 and left queue 1 idle. */
static void test_busy_pmds_do_not_share(void **state)
{
	const uint32_t n_rxq[4] = {3, 0, 2, 0};
	uint8_t slot[4];

	(void)state;
	for (uint16_t port = 0; port < 8; port++) {
		vhost_txq_assign(4, n_rxq, port, slot);
		assert_int_not_equal(slot[0] % 2, slot[2] % 2);
		assert_true(slot[0] < 2 && slot[2] < 2);
		assert_true(slot[1] >= 2 && slot[3] >= 2);
	}
}

/* Every slot is used once: a permutation of 0..n_pmds-1. */
static void test_permutation(void **state)
{
	const uint32_t n_rxq[5] = {1, 0, 4, 1, 0};
	uint8_t slot[5];

	(void)state;
	for (uint16_t port = 0; port < 64; port++) {
		uint32_t seen = 0;

		vhost_txq_assign(5, n_rxq, port, slot);
		for (int w = 0; w < 5; w++) {
			assert_true(slot[w] < 5);
			seen |= 1u << slot[w];
		}
		assert_int_equal(seen, 0x1f);
	}
}

/* Three busy PMDs, a guest with two queues: two must share one, and which
 * two differs from port to port, so no one queue of every port carries two. */
static void test_sharing_rotates(void **state)
{
	const uint32_t n_rxq[3] = {1, 1, 1};
	uint8_t a[3], b[3];

	(void)state;
	vhost_txq_assign(3, n_rxq, 0, a);
	vhost_txq_assign(3, n_rxq, 1, b);
	assert_memory_not_equal(a, b, sizeof(a));
}

/* From a plan: the table has a row per port. */
static void test_build_from_plan(void **state)
{
	static struct rxq_plan plan;
	static vhost_txq_row table[SLUICE_PORTS_CEILING];

	(void)state;
	memset(&plan, 0, sizeof(plan));
	plan.n_pmds = 2;
	plan.n[1] = 1; /* only PMD 1 polls */
	vhost_txq_build(&plan, table);
	for (int p = 0; p < SLUICE_MAX_PORTS; p++) {
		assert_int_equal(table[p][1], 0);
		assert_int_equal(table[p][0], 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_busy_pmds_do_not_share),
	    cmocka_unit_test(test_permutation),
	    cmocka_unit_test(test_sharing_rotates),
	    cmocka_unit_test(test_build_from_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
