/* The VTEP's neighbour table: sized at run time (slots, mask, learn cap of
 * max-neighbours), set, look up, static entries, delete without breaking
 * probe sequences, probes wrapping at the end, aging, a full table, deleted
 * slots taken by new addresses only after readers are done, room kept for
 * next hops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/neighbour.h"

static struct neigh_table t;
static struct neigh_slot *slots;
static const uint8_t mac1[6] = {2, 0, 0, 0, 0, 1}, mac2[6] = {2, 0, 0, 0, 0, 2};

/* A fresh table for max entries (max-neighbours). */
static void reset(uint32_t max)
{
	free(slots);
	slots = calloc(1, neigh_table_bytes(max));
	assert_non_null(slots);
	neigh_table_init(&t, slots, max);
}

static int teardown_all(void **state)
{
	(void)state;
	free(slots);
	return 0;
}

static void test_set_and_lookup(void **state)
{
	uint8_t mac[6];

	(void)state;
	reset(256);
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
	reset(256);
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
	reset(256);
	/* Find a second address that hashes to the same slot as a. */
	for (b = 2; neigh_hash(&t, b) != neigh_hash(&t, a); b++)
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
	reset(256);
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
	reset(256);
	for (uint32_t i = 1; i <= t.n_slots; i++)
		assert_int_equal(neigh_set(&t, i, mac1, false, 0), 0);
	assert_int_equal(neigh_set(&t, t.n_slots + 1, mac1, false, 0), -1);
	assert_null(neigh_find(&t, t.n_slots + 1));
	assert_non_null(neigh_find(&t, t.n_slots));
}

/* Two more addresses on a's probe sequence (same hash). */
static void same_hash(uint32_t a, uint32_t *b, uint32_t *c)
{
	for (*b = a + 1; neigh_hash(&t, *b) != neigh_hash(&t, a); (*b)++)
		;
	for (*c = *b + 1; neigh_hash(&t, *c) != neigh_hash(&t, a); (*c)++)
		;
}

/* A full table with one entry deleted takes a new address (issue 11: deleted
 * slots were never reused, so 256 addresses ever seen filled it for good). */
static void test_deleted_slot_is_reused(void **state)
{
	uint8_t mac[6];

	(void)state;
	reset(256);
	for (uint32_t i = 1; i <= t.n_slots; i++)
		assert_int_equal(neigh_set(&t, i, mac1, false, 0), 0);
	assert_int_equal(neigh_del(&t, 77), 0);
	assert_int_equal(neigh_set(&t, 1000, mac2, true, 0), 0);
	assert_true(neigh_lookup(&t, 1000, mac));
	assert_memory_equal(mac, mac2, 6);
	assert_false(neigh_lookup(&t, 77, mac));
	assert_null(neigh_find(&t, 77));
	/* Every other entry is still where readers look for it. */
	for (uint32_t i = 1; i <= t.n_slots; i++)
		if (i != 77)
			assert_true(neigh_lookup(&t, i, mac));
	assert_int_equal(t.count, t.n_slots);
	assert_int_equal(t.live, t.n_slots);
	assert_int_equal(neigh_set(&t, 1001, mac2, true, 0), -1);
}

/* c takes the slot a left, in front of b on the same sequence: b is still
 * found, a is not. */
static void test_reuse_keeps_probe_sequence(void **state)
{
	struct neigh_slot *slot_a;
	uint32_t a = 5, b, c;
	uint8_t mac[6];

	(void)state;
	reset(256);
	same_hash(a, &b, &c);
	assert_int_equal(neigh_set(&t, a, mac1, false, 0), 0);
	assert_int_equal(neigh_set(&t, b, mac2, false, 0), 0);
	slot_a = neigh_find(&t, a);
	assert_int_equal(neigh_del(&t, a), 0);
	assert_int_equal(neigh_set(&t, c, mac1, false, 0), 0);
	assert_ptr_equal(neigh_find(&t, c), slot_a);
	assert_null(neigh_find(&t, a));
	assert_true(neigh_lookup(&t, b, mac));
	assert_memory_equal(mac, mac2, 6);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.live, 2);
}

/* What a reader could see when quiesce runs: the slot under its new address,
 * with no MAC yet. */
static struct {
	unsigned calls;
	uint32_t ip;
	uint64_t mac;
	struct neigh_slot *slot;
} seen;

static void record_quiesce(void *arg)
{
	(void)arg;
	seen.calls++;
	seen.ip = __atomic_load_n(&seen.slot->ip, __ATOMIC_ACQUIRE);
	seen.mac = __atomic_load_n(&seen.slot->mac, __ATOMIC_ACQUIRE);
}

/* A slot changes owner only through a grace period that starts after its new
 * address is visible and ends before its MAC is: a reader that found it under
 * the old address never reads the new MAC. */
static void test_owner_change_waits_for_readers(void **state)
{
	uint32_t a = 9, b, c;
	uint8_t mac[6];

	(void)state;
	reset(256);
	memset(&seen, 0, sizeof(seen));
	t.quiesce = record_quiesce;
	same_hash(a, &b, &c);
	assert_int_equal(neigh_set(&t, a, mac1, false, 0), 0);
	assert_int_equal(seen.calls, 0); /* a free slot: nobody can hold it */
	seen.slot = neigh_find(&t, a);
	assert_int_equal(neigh_del(&t, a), 0);
	assert_int_equal(neigh_set(&t, a, mac2, false, 0), 0);
	assert_int_equal(seen.calls, 0); /* the same address back */
	assert_int_equal(neigh_del(&t, a), 0);
	assert_int_equal(neigh_set(&t, c, mac2, false, 0), 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.ip, c);
	assert_int_equal(seen.mac, 0);
	assert_true(neigh_lookup(&t, c, mac));
	assert_memory_equal(mac, mac2, 6);
}

/* ARP senders fill at most t.learn_max slots; next hops and static
 * entries still get theirs, and a sender already known is still updated. */
static void test_learned_senders_leave_room(void **state)
{
	uint32_t learned = 0;
	uint8_t mac[6];

	(void)state;
	reset(256);
	for (uint32_t i = 1; i <= t.n_slots; i++)
		learned += neigh_learn(&t, i, mac1, 0) == 0;
	assert_int_equal(learned, t.learn_max);
	assert_int_equal(neigh_learn(&t, 1, mac2, 5), 0);
	assert_true(neigh_lookup(&t, 1, mac));
	assert_memory_equal(mac, mac2, 6);
	assert_false(neigh_lookup(&t, t.n_slots, mac));
	/* A static entry and a next hop of the VTEP's own. */
	assert_int_equal(neigh_set(&t, 5000, mac2, true, 0), 0);
	assert_non_null(neigh_slot_get(&t, 6000));
	assert_int_equal(neigh_find(&t, 6000)->state, NEIGH_INCOMPLETE);
	assert_int_equal(t.live, t.learn_max + 2);
	/* Senders are learned while fewer than t.learn_max entries of any
	 * kind are live: three gone, one more sender. */
	for (uint32_t i = 2; i <= 4; i++)
		assert_int_equal(neigh_del(&t, i), 0);
	assert_int_equal(neigh_learn(&t, 7000, mac1, 0), 0);
	assert_int_equal(neigh_learn(&t, 7001, mac1, 0), -1);
}

/* Packets still queued for a deleted address keep its slot from others. */
static void test_slot_with_waiting_packets_is_kept(void **state)
{
	struct neigh_slot *s;

	(void)state;
	reset(256);
	for (uint32_t i = 1; i <= t.n_slots; i++)
		assert_non_null(neigh_slot_get(&t, i));
	s = neigh_find(&t, 3);
	s->n_waiting = 2;
	assert_int_equal(neigh_del(&t, 3), 0);
	assert_null(neigh_slot_get(&t, 9999));
	/* The same address may come back to its packets. */
	assert_ptr_equal(neigh_slot_get(&t, 3), s);
	assert_int_equal(s->n_waiting, 2);
	assert_int_equal(s->state, NEIGH_INCOMPLETE);
	s->n_waiting = 0;
	assert_int_equal(neigh_del(&t, 3), 0);
	assert_ptr_equal(neigh_slot_get(&t, 9999), s);
}

/* Slots are the next power of two of 4/3 of max-neighbours. */
static void test_sizes(void **state)
{
	(void)state;
	assert_int_equal(neigh_slots_for(16), 32);
	assert_int_equal(neigh_slots_for(24), 32);
	assert_int_equal(neigh_slots_for(25), 64);
	assert_int_equal(neigh_slots_for(256), 512);
	assert_int_equal(neigh_slots_for(10000), 16384);
	assert_int_equal(neigh_slots_for(1048576), 2097152);
	assert_int_equal(neigh_table_bytes(256), 512 * sizeof(struct neigh_slot));
	reset(10000);
	assert_int_equal(t.n_slots, 16384);
	assert_int_equal(t.mask, 16383);
	assert_int_equal(t.learn_max, 10000);
}

/* The slot index comes from the run-time mask: a big table uses all of it
 * (a fixed 8-bit hash would put every address in the first 256 slots). */
static void test_hash_uses_mask(void **state)
{
	uint32_t beyond = 0, max_h = 0;

	(void)state;
	reset(1048576);
	for (uint32_t ip = 1; ip <= 100000; ip++) {
		uint32_t h = neigh_hash(&t, ip);

		assert_true(h < t.n_slots);
		beyond += h >= 256;
		max_h = h > max_h ? h : max_h;
	}
	assert_true(beyond > 90000);
	assert_true(max_h > t.n_slots / 2);
	reset(16);
	for (uint32_t ip = 1; ip <= 1000; ip++)
		assert_true(neigh_hash(&t, ip) < 32);
}

/* Senders learned from ARP stop at max-neighbours, not at a fixed share of
 * the slots; every one of them is found. */
static void test_learn_cap_is_configured_value(void **state)
{
	uint32_t learned = 0;
	uint8_t mac[6];

	(void)state;
	reset(10000);
	for (uint32_t i = 1; i <= 12000; i++)
		learned += neigh_learn(&t, i, mac1, 0) == 0;
	assert_int_equal(learned, 10000);
	assert_int_equal(t.live, 10000);
	for (uint32_t i = 1; i <= 10000; i++)
		assert_true(neigh_lookup(&t, i, mac));
	assert_false(neigh_lookup(&t, 10001, mac));
	/* Next hops and static entries fill the slots beyond. */
	for (uint32_t i = 20001; i <= 20000 + t.n_slots - 10000; i++)
		assert_int_equal(neigh_set(&t, i, mac2, true, 0), 0);
	assert_int_equal(neigh_set(&t, 99999, mac2, true, 0), -1);
}

/* A probe sequence that starts at the last slot wraps to slot 0. */
static void test_probe_wraps(void **state)
{
	uint32_t a, b;
	uint8_t mac[6];

	(void)state;
	reset(16);
	for (a = 1; neigh_hash(&t, a) != t.mask; a++)
		;
	for (b = a + 1; neigh_hash(&t, b) != t.mask; b++)
		;
	assert_int_equal(neigh_set(&t, a, mac1, false, 0), 0);
	assert_int_equal(neigh_set(&t, b, mac2, false, 0), 0);
	assert_ptr_equal(neigh_find(&t, a), &t.slot[t.mask]);
	assert_ptr_equal(neigh_find(&t, b), &t.slot[0]);
	assert_true(neigh_lookup(&t, b, mac));
	assert_memory_equal(mac, mac2, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_and_lookup),
	    cmocka_unit_test(test_static_wins),
	    cmocka_unit_test(test_delete_keeps_probe_sequence),
	    cmocka_unit_test(test_aging),
	    cmocka_unit_test(test_full),
	    cmocka_unit_test(test_deleted_slot_is_reused),
	    cmocka_unit_test(test_reuse_keeps_probe_sequence),
	    cmocka_unit_test(test_owner_change_waits_for_readers),
	    cmocka_unit_test(test_learned_senders_leave_room),
	    cmocka_unit_test(test_slot_with_waiting_packets_is_kept),
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_hash_uses_mask),
	    cmocka_unit_test(test_learn_cap_is_configured_value),
	    cmocka_unit_test(test_probe_wraps),
	};

	return cmocka_run_group_tests(tests, NULL, teardown_all);
}
