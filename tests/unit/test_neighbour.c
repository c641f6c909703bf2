/* The VTEP's neighbour table: set, look up, static entries, delete without
 * breaking probe sequences, aging, a full table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/neighbour.h"

static struct neigh_table t;
static const uint8_t mac1[6] = {2, 0, 0, 0, 0, 1}, mac2[6] = {2, 0, 0, 0, 0, 2};

static void test_set_and_lookup(void **state)
{
	uint8_t mac[6];

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_false(neigh_lookup(&t, 0x0200a8c0, mac));
	assert_int_equal(neigh_set(&t, 0x0200a8c0, mac1, false, 10), 0);
	assert_true(neigh_lookup(&t, 0x0200a8c0, mac));
	assert_memory_equal(mac, mac1, 6);
	/* A new MAC replaces the old. */
	assert_int_equal(neigh_set(&t, 0x0200a8c0, mac2, false, 11), 0);
	assert_true(neigh_lookup(&t, 0x0200a8c0, mac));
	assert_memory_equal(mac, mac2, 6);
	assert_int_equal(t.count, 1);
	assert_int_equal(neigh_set(&t, 0, mac1, false, 0), -1);
}

static void test_static_wins(void **state)
{
	uint8_t mac[6];

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(neigh_set(&t, 7, mac1, true, 0), 0);
	assert_int_equal(neigh_set(&t, 7, mac2, false, 0), 0);
	assert_true(neigh_lookup(&t, 7, mac));
	assert_memory_equal(mac, mac1, 6);
	assert_false(neigh_refresh_due(neigh_find(&t, 7), 100000, 300, 30));
	/* Static entries never age. */
	assert_int_equal(neigh_age(&t, 100000, 300), 0);
	assert_true(neigh_lookup(&t, 7, mac));
}

static void test_delete_keeps_probe_sequence(void **state)
{
	uint8_t mac[6];
	uint32_t a = 1, b;

	(void)state;
	memset(&t, 0, sizeof(t));
	/* Find a second address that hashes to the same slot as a. */
	for (b = 2; neigh_hash(b) != neigh_hash(a); b++)
		;
	assert_int_equal(neigh_set(&t, a, mac1, false, 0), 0);
	assert_int_equal(neigh_set(&t, b, mac2, false, 0), 0);
	assert_int_equal(neigh_del(&t, a), 0);
	assert_false(neigh_lookup(&t, a, mac));
	/* b sits after a in the sequence and is still found. */
	assert_true(neigh_lookup(&t, b, mac));
	assert_memory_equal(mac, mac2, 6);
	assert_int_equal(neigh_del(&t, a), -1);
	assert_int_equal(neigh_del(&t, 12345), -1);
	/* a comes back in its old slot. */
	assert_int_equal(neigh_set(&t, a, mac2, false, 0), 0);
	assert_int_equal(t.count, 2);
}

static void test_aging(void **state)
{
	uint8_t mac[6];

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(neigh_set(&t, 9, mac1, false, 100), 0);
	/* Confirmed by unicast ARP in the last 30 s of its life. */
	assert_false(neigh_refresh_due(neigh_find(&t, 9), 369, 300, 30));
	assert_true(neigh_refresh_due(neigh_find(&t, 9), 370, 300, 30));
	assert_int_equal(neigh_age(&t, 399, 300), 0);
	assert_int_equal(neigh_age(&t, 400, 300), 1);
	assert_false(neigh_lookup(&t, 9, mac));
}

static void test_full(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	for (uint32_t i = 1; i <= NEIGH_SLOTS; i++)
		assert_int_equal(neigh_set(&t, i, mac1, false, 0), 0);
	assert_int_equal(neigh_set(&t, NEIGH_SLOTS + 1, mac1, false, 0), -1);
	assert_null(neigh_find(&t, NEIGH_SLOTS + 1));
	assert_non_null(neigh_find(&t, NEIGH_SLOTS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_and_lookup),
	    cmocka_unit_test(test_static_wins),
	    cmocka_unit_test(test_delete_keeps_probe_sequence),
	    cmocka_unit_test(test_aging),
	    cmocka_unit_test(test_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
