/* rxq_balance_decide(): the rebalancer's decisions on made-up loads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/rxq_balance.h"

#define WINDOW 1000000ULL /* cycles of one PMD's window: 100 % */

static struct rxq_balance_params params(uint32_t n_pmds, uint32_t threshold)
{
	struct rxq_balance_params p;

	memset(&p, 0, sizeof(p));
	p.n_pmds = n_pmds;
	p.window_cycles = WINDOW;
	p.threshold_pct = threshold;
	return p;
}

static struct rxq_load rxq(uint16_t port, uint16_t queue, int8_t pmd, uint64_t load_pct)
{
	struct rxq_load q = {.port = port, .queue = queue, .pmd = pmd, .node = -1};

	q.cycles = load_pct * WINDOW / 100;
	return q;
}

/* Four busy queues all on PMD 0 (a skewed start): two go to PMD 1. */
static void test_skewed_start_moves(void **state)
{
	struct rxq_balance_params p = params(2, 25);
	struct rxq_load q[4] = {rxq(0, 0, 0, 25), rxq(0, 1, 0, 25), rxq(1, 0, 0, 25),
				rxq(1, 1, 0, 25)};
	struct rxq_balance_decision d;
	uint32_t on[2] = {0};

	(void)state;
	rxq_balance_decide(&p, q, 4, &d);
	assert_true(d.move);
	assert_int_equal(d.moved, 2);
	for (int i = 0; i < 4; i++)
		on[q[i].to]++;
	assert_int_equal(on[0], 2);
	assert_int_equal(on[1], 2);
	assert_true(d.busiest_before_pct > 99.9 && d.busiest_before_pct < 100.1);
	assert_true(d.busiest_after_pct > 49.9 && d.busiest_after_pct < 50.1);
	assert_true(d.gain_pct > 49.9 && d.gain_pct < 50.1);
	assert_true(d.load_before_pct[1] < 0.1);
	assert_true(d.load_after_pct[1] > 49.9);
}

/* Loads 40+30 against 30: the best plan (40 | 30+30) lowers the busiest PMD
 * from 70 % to 60 %, a 14 % gain: under a 25 % threshold nothing moves. */
static void test_small_gain_no_move(void **state)
{
	struct rxq_balance_params p = params(2, 25);
	struct rxq_load q[3] = {rxq(0, 0, 0, 40), rxq(0, 1, 0, 30), rxq(1, 0, 1, 30)};
	struct rxq_balance_decision d;

	(void)state;
	rxq_balance_decide(&p, q, 3, &d);
	assert_false(d.move);
	assert_int_equal(d.moved, 0);
	assert_true(d.gain_pct > 14.0 && d.gain_pct < 14.5);
	for (int i = 0; i < 3; i++)
		assert_int_equal(q[i].to, q[i].pmd);
	/* The same loads with a 10 % threshold do move. */
	p.threshold_pct = 10;
	rxq_balance_decide(&p, q, 3, &d);
	assert_true(d.move);
	assert_int_equal(d.moved, 1);
}

/* An already balanced placement stays as it is, idle queues included. */
static void test_balanced_stays(void **state)
{
	struct rxq_balance_params p = params(2, 0);
	struct rxq_load q[4] = {rxq(0, 0, 0, 50), rxq(0, 1, 1, 50), rxq(1, 0, 0, 0),
				rxq(1, 1, 1, 0)};
	struct rxq_balance_decision d;

	(void)state;
	rxq_balance_decide(&p, q, 4, &d);
	assert_false(d.move);
	assert_int_equal(d.gain_pct, 0);
}

/* Pinned queues never move, even when moving them would help most; they
 * still count in their PMD's load. */
static void test_pinned_stays(void **state)
{
	struct rxq_balance_params p = params(2, 5);
	struct rxq_load q[3] = {rxq(0, 0, 0, 60), rxq(0, 1, 0, 30), rxq(1, 0, 0, 10)};
	struct rxq_balance_decision d;

	(void)state;
	q[0].pinned = true;
	q[1].pinned = true;
	rxq_balance_decide(&p, q, 3, &d);
	assert_true(d.move); /* 100 % -> 90 % */
	assert_int_equal(q[0].to, 0);
	assert_int_equal(q[1].to, 0);
	assert_int_equal(q[2].to, 1);
	/* Everything pinned: no move at all. */
	q[2].pinned = true;
	rxq_balance_decide(&p, q, 3, &d);
	assert_false(d.move);
	for (int i = 0; i < 3; i++)
		assert_int_equal(q[i].to, 0);
}

/* Queues go to PMDs on their own NUMA node, even a busier one; a queue
 * whose node has no PMD may go anywhere. */
static void test_numa_preference(void **state)
{
	struct rxq_balance_params p = params(3, 10);
	struct rxq_load q[4] = {rxq(0, 0, 0, 40), rxq(0, 1, 0, 40), rxq(1, 0, 0, 10),
				rxq(2, 0, 0, 10)};
	struct rxq_balance_decision d;

	(void)state;
	p.pmd_node[0] = 0;
	p.pmd_node[1] = 1;
	p.pmd_node[2] = 0;
	q[0].node = 0; /* port 0 on node 0: PMDs 0 and 2 only */
	q[1].node = 0;
	q[2].node = 1; /* port 1 on node 1: PMD 1 */
	q[3].node = 5; /* a node without PMDs: anywhere */
	rxq_balance_decide(&p, q, 4, &d);
	assert_true(d.move);
	assert_true(q[0].to == 0 || q[0].to == 2);
	assert_true(q[1].to == 0 || q[1].to == 2);
	assert_int_not_equal(q[0].to, q[1].to);
	assert_int_equal(q[2].to, 1);
	assert_true(d.busiest_after_pct < 50.1);
}

/* A queue whose node is known goes nowhere else, however idle another
 * node's PMD is: both busy node-0 queues stay on the node-0 PMD. */
static void test_numa_no_cross(void **state)
{
	struct rxq_balance_params p = params(2, 10);
	struct rxq_load q[2] = {rxq(0, 0, 0, 50), rxq(0, 1, 0, 50)};
	struct rxq_balance_decision d;

	(void)state;
	p.pmd_node[0] = 0;
	p.pmd_node[1] = 1;
	q[0].node = 0;
	q[1].node = 0;
	rxq_balance_decide(&p, q, 2, &d);
	assert_false(d.move);
	assert_int_equal(q[0].to, 0);
	assert_int_equal(q[1].to, 0);
}

/* An idle datapath (no cycles anywhere) never moves. */
static void test_idle_no_move(void **state)
{
	struct rxq_balance_params p = params(2, 0);
	struct rxq_load q[2] = {rxq(0, 0, 0, 0), rxq(0, 1, 0, 0)};
	struct rxq_balance_decision d;

	(void)state;
	rxq_balance_decide(&p, q, 2, &d);
	assert_false(d.move);
}

/* At most one decision per interval, counted from the last one. */
static void test_interval_respected(void **state)
{
	(void)state;
	assert_false(rxq_balance_due(100, 100, 60));
	assert_false(rxq_balance_due(159, 100, 60));
	assert_true(rxq_balance_due(160, 100, 60));
	assert_true(rxq_balance_due(500, 100, 60));
	assert_true(rxq_balance_due(101, 100, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_skewed_start_moves), cmocka_unit_test(test_small_gain_no_move),
	    cmocka_unit_test(test_balanced_stays),     cmocka_unit_test(test_pinned_stays),
	    cmocka_unit_test(test_numa_preference),    cmocka_unit_test(test_numa_no_cross),
	    cmocka_unit_test(test_idle_no_move),       cmocka_unit_test(test_interval_respected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
