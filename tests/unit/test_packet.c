/* The pure frame checks (packet.h) and MAC learning decisions (fdb_policy.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../dataplane/fdb_policy.h"
#include "../../dataplane/packet.h"

static const uint8_t unicast[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t local_unicast[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t multicast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
static const uint8_t ipv6_multicast[6] = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01};
static const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t zero[6] = {0};
static const uint8_t zero_but_last[6] = {0, 0, 0, 0, 0, 0x02};

static void test_mac_multicast(void **state)
{
	(void)state;
	assert_false(mac_is_multicast(unicast));
	assert_false(mac_is_multicast(local_unicast));
	assert_false(mac_is_multicast(zero));
	assert_true(mac_is_multicast(multicast));
	assert_true(mac_is_multicast(ipv6_multicast));
	assert_true(mac_is_multicast(broadcast)); /* broadcast is a multicast address */
}

static void test_mac_zero(void **state)
{
	(void)state;
	assert_true(mac_is_zero(zero));
	assert_false(mac_is_zero(zero_but_last));
	assert_false(mac_is_zero(unicast));
	assert_false(mac_is_zero(broadcast));
}

static void test_mac_valid_source(void **state)
{
	(void)state;
	assert_true(mac_is_valid_source(unicast));
	assert_true(mac_is_valid_source(local_unicast));
	assert_true(mac_is_valid_source(zero_but_last));
	assert_false(mac_is_valid_source(zero));
	assert_false(mac_is_valid_source(multicast));
	assert_false(mac_is_valid_source(ipv6_multicast));
	assert_false(mac_is_valid_source(broadcast));
}

static void test_runt(void **state)
{
	(void)state;
	assert_true(packet_is_runt(0));
	assert_true(packet_is_runt(13));
	assert_false(packet_is_runt(14));
	assert_false(packet_is_runt(60));
	assert_false(packet_is_runt(UINT32_MAX));
}

static void test_learn_new(void **state)
{
	(void)state;
	/* Unknown: whatever the (unused) entry fields hold. */
	assert_int_equal(fdb_learn_decide(false, 0, 0, false, 0, 3, 0, 100), FDB_LEARN_NEW);
	assert_int_equal(fdb_learn_decide(false, 3, 0, true, 100, 3, 0, 100), FDB_LEARN_NEW);
}

static void test_learn_static(void **state)
{
	(void)state;
	/* A static entry stays put whatever port the MAC shows up on. */
	assert_int_equal(fdb_learn_decide(true, 1, 0, true, 50, 2, 0, 100), FDB_KEEP);
	assert_int_equal(fdb_learn_decide(true, 1, 0, true, 50, 1, 0, 100), FDB_KEEP);
}

static void test_learn_evpn(void **state)
{
	(void)state;
	/* zebra's remote entry (origin evpn, behind VTEP port 5): traffic from
	 * the MAC on a local port moves it (a VM migrated here), from the same
	 * remote only refreshes, from another remote moves it. */
	assert_int_equal(fdb_learn_decide(true, 5, 0x0200a8c0, FDB_ORIGIN_EVPN, 50, 1, 0, 100),
			 FDB_MOVE);
	assert_int_equal(
	    fdb_learn_decide(true, 5, 0x0200a8c0, FDB_ORIGIN_EVPN, 50, 5, 0x0200a8c0, 100),
	    FDB_REFRESH);
	assert_int_equal(
	    fdb_learn_decide(true, 5, 0x0200a8c0, FDB_ORIGIN_EVPN, 50, 5, 0x0300a8c0, 100),
	    FDB_MOVE);
	/* And it never ages. */
	assert_false(fdb_entry_expired(FDB_ORIGIN_EVPN, 0, UINT32_MAX, 300));
}

static void test_learn_move(void **state)
{
	(void)state;
	assert_int_equal(fdb_learn_decide(true, 1, 0, false, 100, 2, 0, 100), FDB_MOVE);
	assert_int_equal(fdb_learn_decide(true, 1, 0, false, 90, 2, 0, 100), FDB_MOVE);
	assert_int_equal(fdb_learn_decide(true, 0, 0, false, 100, UINT16_MAX, 0, 100), FDB_MOVE);
	/* Behind the VTEP's port (5): another remote VTEP is a move, as is a
	 * local port; the same remote is not. */
	assert_int_equal(fdb_learn_decide(true, 5, 0x0200a8c0, false, 100, 5, 0x0300a8c0, 100),
			 FDB_MOVE);
	assert_int_equal(fdb_learn_decide(true, 5, 0x0200a8c0, false, 100, 5, 0, 100), FDB_MOVE);
	assert_int_equal(fdb_learn_decide(true, 1, 0, false, 100, 5, 0x0200a8c0, 100), FDB_MOVE);
	assert_int_equal(fdb_learn_decide(true, 5, 0x0200a8c0, false, 99, 5, 0x0200a8c0, 100),
			 FDB_REFRESH);
}

static void test_learn_refresh_and_keep(void **state)
{
	(void)state;
	assert_int_equal(fdb_learn_decide(true, 1, 0, false, 99, 1, 0, 100), FDB_REFRESH);
	assert_int_equal(fdb_learn_decide(true, 1, 0, false, 0, 1, 0, 100), FDB_REFRESH);
	/* A clock that wrapped is still a new second. */
	assert_int_equal(fdb_learn_decide(true, 1, 0, false, UINT32_MAX, 1, 0, 0), FDB_REFRESH);
	/* The same second: no write. */
	assert_int_equal(fdb_learn_decide(true, 1, 0, false, 100, 1, 0, 100), FDB_KEEP);
	assert_int_equal(fdb_learn_decide(true, 7, 0, false, 0, 7, 0, 0), FDB_KEEP);
}

static void test_expired(void **state)
{
	(void)state;
	/* Static entries never expire. */
	assert_false(fdb_entry_expired(true, 0, UINT32_MAX, 300));
	assert_false(fdb_entry_expired(true, 0, 300, 300));
	/* Boundary: exactly aging seconds old is expired, one less is not. */
	assert_false(fdb_entry_expired(false, 1000, 1299, 300));
	assert_true(fdb_entry_expired(false, 1000, 1300, 300));
	assert_true(fdb_entry_expired(false, 1000, 5000, 300));
	assert_false(fdb_entry_expired(false, 1000, 1000, 300));
	assert_false(fdb_entry_expired(false, 1000, 1000, 1));
	assert_true(fdb_entry_expired(false, 1000, 1001, 1));
	/* uint32 time wraps: last seen just before the wrap, now just after. */
	assert_false(fdb_entry_expired(false, UINT32_MAX - 10, 5, 300));   /* 16 s old */
	assert_true(fdb_entry_expired(false, UINT32_MAX - 10, 289, 300));  /* 300 s old */
	assert_false(fdb_entry_expired(false, UINT32_MAX - 10, 288, 300)); /* 299 s old */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mac_multicast),
	    cmocka_unit_test(test_mac_zero),
	    cmocka_unit_test(test_mac_valid_source),
	    cmocka_unit_test(test_runt),
	    cmocka_unit_test(test_learn_new),
	    cmocka_unit_test(test_learn_static),
	    cmocka_unit_test(test_learn_move),
	    cmocka_unit_test(test_learn_evpn),
	    cmocka_unit_test(test_learn_refresh_and_keep),
	    cmocka_unit_test(test_expired),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
