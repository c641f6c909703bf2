/* Incremental aging's pace and the entries-array cursor (dataplane/fdb_sweep.c):
 * the sweep covers the whole table once per period whatever the tick rate,
 * never looks at more than its cap in one tick, and a cursor walk sees every
 * entry present throughout exactly once while others come and go. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/fdb.h"

/* Ticks 1 to 16 ms apart, as the control loop's back-off makes them. */
static uint64_t next_tick(uint64_t now_ms, uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return now_ms + 1 + (*seed >> 16) % 16;
}

/* Every index is visited within each period (plus the one tick in which
 * the period ends), from any starting point, for tables of many sizes. */
static void test_covers_table_each_period(void **state)
{
	static const uint32_t capacities[] = {1, 7, 1000, 65536, 1000003};
	static const uint32_t periods[] = {1, 3, 300};
	uint32_t seed = 42;

	(void)state;
	for (size_t c = 0; c < sizeof(capacities) / sizeof(capacities[0]); c++)
		for (size_t p = 0; p < sizeof(periods) / sizeof(periods[0]); p++) {
			uint32_t cap = capacities[c], period = periods[p];
			struct fdb_sweep s = {0};
			uint64_t now = 123456, start, visited = 0;

			/* A sweep per tick costs at most FDB_SWEEP_MAX_SLICE:
			 * only tables small enough for the period are promised. */
			if ((uint64_t)cap * 16 / (period * 1000) > FDB_SWEEP_MAX_SLICE)
				continue;
			assert_int_equal(fdb_sweep_due(&s, cap, period, now, FDB_SWEEP_MAX_SLICE),
					 0);
			start = now;
			while (now - start < 3ull * period * 1000) {
				now = next_tick(now, &seed);
				visited += fdb_sweep_due(&s, cap, period, now, FDB_SWEEP_MAX_SLICE);
				/* The pace: never behind by more than one entry,
				 * never ahead. */
				assert_true(visited * period * 1000 <= (now - start) * cap);
				assert_true((visited + 1) * period * 1000 > (now - start) * cap);
			}
			/* Three periods: three whole tables, so within any one
			 * period every index was looked at. */
			assert_true(visited >= 3ull * cap - 1);
		}
}

/* A tick after a long stall looks at no more than the cap; what it owes is
 * done in the next ticks, and never more than one whole table. */
static void test_slice_capped_and_caught_up(void **state)
{
	struct fdb_sweep s = {0};
	uint32_t cap = 4194304, due;
	uint64_t total = 0;

	(void)state;
	fdb_sweep_due(&s, cap, 10, 0, FDB_SWEEP_MAX_SLICE);
	/* A minute without a tick: six tables' worth, one is owed. */
	due = fdb_sweep_due(&s, cap, 10, 60000, FDB_SWEEP_MAX_SLICE);
	assert_int_equal(due, FDB_SWEEP_MAX_SLICE);
	total = due;
	for (uint64_t now = 60000; total < cap; now++) {
		due = fdb_sweep_due(&s, cap, 10, now + 1, FDB_SWEEP_MAX_SLICE);
		assert_true(due <= FDB_SWEEP_MAX_SLICE);
		assert_true(due > 0);
		total += due;
	}
	/* The debt paid, the pace is the steady one again: 4 M / 10 s is
	 * 419 entries a millisecond. */
	for (int i = 0; i < 300; i++)
		due =
		    fdb_sweep_due(&s, cap, 10, 60000 + 1000000 + (uint64_t)i, FDB_SWEEP_MAX_SLICE);
	assert_in_range(due, 419, 420);
}

/* The clock going backwards (a restart of the count) paces nothing. */
static void test_clock_backwards(void **state)
{
	struct fdb_sweep s = {0};

	(void)state;
	fdb_sweep_due(&s, 1000, 1, 5000, FDB_SWEEP_MAX_SLICE);
	assert_int_equal(fdb_sweep_due(&s, 1000, 1, 4000, FDB_SWEEP_MAX_SLICE), 0);
	assert_int_equal(fdb_sweep_due(&s, 1000, 1, 4500, FDB_SWEEP_MAX_SLICE), 500);
}

#define WALK_CAP 5000

/* Pages of at most 7 entries and 50 slots looked at; between pages entries
 * ahead of and behind the cursor are deleted and new ones take freed slots.
 * Each entry present throughout is seen once; deleted ones at most once. */
static void test_walk_pages_across_changes(void **state)
{
	struct fdb_entry *e = calloc(WALK_CAP, sizeof(*e));
	uint8_t seen[WALK_CAP] = {0}, stayed[WALK_CAP] = {0};
	uint32_t cursor = 0, seed = 7, pages = 0;

	(void)state;
	assert_non_null(e);
	for (uint32_t i = 0; i < WALK_CAP; i++)
		if (i % 3 != 0) {
			e[i].in_use = 1;
			stayed[i] = 1;
		}
	while (cursor < WALK_CAP) {
		uint32_t end = cursor + 50 < WALK_CAP ? cursor + 50 : WALK_CAP, n = 0, i;

		for (i = cursor; (i = fdb_walk_next(e, WALK_CAP, i, end - i)) < end; i++) {
			if (n == 7)
				break;
			assert_true(e[i].in_use);
			seen[i]++;
			n++;
		}
		assert_true(i > cursor || n > 0);
		cursor = i;
		pages++;
		/* Churn: delete one entry anywhere, insert one in a free slot. */
		for (int k = 0; k < 2; k++) {
			uint32_t victim;

			seed = seed * 1103515245u + 12345u;
			victim = (seed >> 8) % WALK_CAP;
			if (k == 0 && e[victim].in_use) {
				e[victim].in_use = 0;
				stayed[victim] = 0;
			} else if (k == 1 && !e[victim].in_use) {
				e[victim].in_use = 1; /* new: may or may not be seen */
			}
		}
	}
	for (uint32_t i = 0; i < WALK_CAP; i++) {
		assert_true(seen[i] <= 1);
		if (stayed[i])
			assert_int_equal(seen[i], 1);
	}
	assert_true(pages > WALK_CAP / 50);
	/* Past the end and empty budgets. */
	assert_int_equal(fdb_walk_next(e, WALK_CAP, WALK_CAP, 10), WALK_CAP);
	assert_int_equal(fdb_walk_next(e, WALK_CAP, 3, 0), 3);
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_covers_table_each_period),
	    cmocka_unit_test(test_slice_capped_and_caught_up),
	    cmocka_unit_test(test_clock_backwards),
	    cmocka_unit_test(test_walk_pages_across_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
