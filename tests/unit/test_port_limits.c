/* The pure parts of the per-port limits (issue 13): the FDB's learned-MAC
 * counts against mac-limit (dataplane/fdb_limit.c), the storm buckets per
 * burst with an injected clock (rate_limit_take_n), the storm classes, and
 * the type defaults and policer burst of a port (control/limits_config.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/limits_config.h"
#include "../../dataplane/fdb_limit.h"
#include "../../dataplane/rate_limit.h"
#include "../../dataplane/storm.h"

#define HZ 1000000ULL /* ticks a second */

static struct fdb_limits lim;

static int reset(void **state)
{
	(void)state;
	fdb_limits_free(&lim);
	assert_int_equal(fdb_limits_init(&lim), 0);
	return 0;
}

/* Learns as the FDB does: admit, then count. */
static bool learn(uint16_t port, uint16_t net)
{
	if (!fdb_limit_admit(&lim, port, net, true))
		return false;
	fdb_limit_count(&lim, port, net, +1);
	return true;
}

static void test_port_limit_refuses_and_counts(void **state)
{
	int learned = 0;

	(void)state;
	fdb_limit_set_port(&lim, 3, 10);
	for (int i = 0; i < 100; i++)
		learned += learn(3, 0);
	assert_int_equal(learned, 10);
	assert_int_equal(lim.port_count[3], 10);
	assert_int_equal(lim.port_refused[3], 90);
	assert_true(fdb_limit_port_full(&lim, 3));
	/* Other ports of the same network are not affected. */
	assert_true(learn(4, 0));
	assert_false(fdb_limit_port_full(&lim, 4));
	/* One ages out: room for exactly one more. */
	fdb_limit_count(&lim, 3, 0, -1);
	assert_false(fdb_limit_port_full(&lim, 3));
	assert_true(learn(3, 0));
	assert_false(learn(3, 0));
	assert_int_equal(lim.net_count[0], 11);
}

static void test_network_limit(void **state)
{
	(void)state;
	fdb_limit_set_network(&lim, 2, 3);
	assert_true(learn(1, 2));
	assert_true(learn(5, 2));
	assert_true(learn(6, 2));
	assert_true(fdb_limit_network_full(&lim, 2));
	assert_false(learn(7, 2));
	assert_int_equal(lim.net_refused[2], 1);
	assert_int_equal(lim.port_refused[7], 0);
	/* A move inside the network needs no room in it, only in the port. */
	assert_true(fdb_limit_admit(&lim, 7, 2, false));
	/* Another network is not limited by this one. */
	assert_true(learn(7, 3));
}

static void test_move_counts_follow(void **state)
{
	(void)state;
	fdb_limit_set_port(&lim, 1, 1);
	assert_true(learn(0, 0));
	/* The MAC moves from port 0 to port 1, as fdb_learn counts a move. */
	assert_true(fdb_limit_admit(&lim, 1, 0, false));
	fdb_limit_count(&lim, 0, 0, -1);
	fdb_limit_count(&lim, 1, 0, +1);
	assert_int_equal(lim.port_count[0], 0);
	assert_int_equal(lim.port_count[1], 1);
	assert_int_equal(lim.net_count[0], 1);
	/* Port 1 is full: a second MAC cannot move in. */
	assert_false(fdb_limit_admit(&lim, 1, 0, false));
	assert_int_equal(lim.port_refused[1], 1);
}

static void test_lowered_limit_evicts_nothing(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++)
		assert_true(learn(2, 0));
	fdb_limit_set_port(&lim, 2, 3);
	assert_int_equal(lim.port_count[2], 5);
	assert_true(fdb_limit_port_full(&lim, 2));
	assert_false(learn(2, 0));
	/* No limit again: learning resumes. */
	fdb_limit_set_port(&lim, 2, 0);
	assert_false(fdb_limit_port_full(&lim, 2));
	assert_true(learn(2, 0));
	/* Out-of-range indices are ignored, never written. */
	fdb_limit_set_port(&lim, SLUICE_MAX_PORTS, 1);
	assert_false(fdb_limit_port_full(&lim, SLUICE_MAX_PORTS));
	assert_false(fdb_limit_network_full(&lim, SLUICE_MAX_NETWORKS));
}

static void test_take_n_burst_then_rate(void **state)
{
	struct rate_limit rl = {0};
	uint64_t now = 7 * HZ;

	(void)state;
	/* A full bucket of 32 at first: a burst of 100 gets 32 through. */
	assert_int_equal(rate_limit_take_n(&rl, now, HZ, 1000, 32, 100), 32);
	assert_int_equal(rate_limit_take_n(&rl, now, HZ, 1000, 32, 100), 0);
	/* 10 ms at 1000/s: 10 more. */
	now += HZ / 100;
	assert_int_equal(rate_limit_take_n(&rl, now, HZ, 1000, 32, 100), 10);
	/* Fewer asked than there are: all of them, the rest stays. */
	now += HZ / 100;
	assert_int_equal(rate_limit_take_n(&rl, now, HZ, 1000, 32, 4), 4);
	assert_int_equal(rate_limit_take_n(&rl, now, HZ, 1000, 32, 100), 6);
	/* A long idle refills to the burst, no further. */
	now += 3600 * HZ;
	assert_int_equal(rate_limit_take_n(&rl, now, HZ, 1000, 32, 1000), 32);
}

static void test_take_n_steady_rate(void **state)
{
	struct rate_limit rl = {0};
	uint64_t passed = 0;

	(void)state;
	/* Ten seconds of bursts of 32 every 100 us (320 kpps offered) against
	 * 10,000/s: the burst plus ten seconds' worth pass, not one more. */
	for (uint64_t t = 1; t <= 10 * HZ; t += 100)
		passed += rate_limit_take_n(&rl, t, HZ, 10000, storm_burst(10000), 32);
	assert_int_equal(passed, storm_burst(10000) + 100000 - 1);
}

static void test_storm_classify(void **state)
{
	const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	const uint8_t mcast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
	const uint8_t v6mc[6] = {0x33, 0x33, 0xff, 0xff, 0xff, 0xff};
	const uint8_t ucast[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

	(void)state;
	assert_int_equal(storm_classify(bcast, false), STORM_BROADCAST);
	assert_int_equal(storm_classify(mcast, false), STORM_MULTICAST);
	assert_int_equal(storm_classify(v6mc, false), STORM_MULTICAST);
	assert_int_equal(storm_classify(ucast, false), STORM_UNKNOWN);
	assert_int_equal(storm_classify(ucast, true), STORM_NONE);
	assert_int_equal(storm_burst(1), 32);
	assert_int_equal(storm_burst(10000), 1000);
}

static void test_type_defaults_and_burst(void **state)
{
	struct port_config p;

	(void)state;
	port_config_defaults(&p);
	p.type = PORT_TYPE_VHOST;
	port_limits_resolve(&p);
	assert_int_equal(p.mac_limit, VHOST_MAC_LIMIT);
	assert_int_equal(p.storm_broadcast, VHOST_STORM_PPS);
	assert_int_equal(p.storm_multicast, VHOST_STORM_PPS);
	assert_int_equal(p.storm_unknown, VHOST_STORM_PPS);
	assert_int_equal(p.mac_limit_action, MAC_LIMIT_DROP);
	assert_int_equal(port_ingress_burst_bytes(&p), 0);

	port_config_defaults(&p);
	p.type = PORT_TYPE_PHY;
	p.storm_unknown = 5; /* given: kept */
	port_limits_resolve(&p);
	assert_int_equal(p.mac_limit, 0);
	assert_int_equal(p.storm_broadcast, 0);
	assert_int_equal(p.storm_unknown, 5);

	/* 1000 Mbit/s: 100 ms is 12,500,000 bytes; 10 Mbit/s: the 1 MiB floor. */
	p.ingress_rate = 1000;
	assert_int_equal(port_ingress_burst_bytes(&p), 12500000);
	p.ingress_rate = 10;
	assert_int_equal(port_ingress_burst_bytes(&p), 1024 * 1024);
	p.ingress_burst = 300;
	assert_int_equal(port_ingress_burst_bytes(&p), 300 * 1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_port_limit_refuses_and_counts, reset),
	    cmocka_unit_test_setup(test_network_limit, reset),
	    cmocka_unit_test_setup(test_move_counts_follow, reset),
	    cmocka_unit_test_setup(test_lowered_limit_evicts_nothing, reset),
	    cmocka_unit_test(test_take_n_burst_then_rate),
	    cmocka_unit_test(test_take_n_steady_rate),
	    cmocka_unit_test(test_storm_classify),
	    cmocka_unit_test(test_type_defaults_and_burst),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
