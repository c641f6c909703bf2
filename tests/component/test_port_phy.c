/* The phy port's choices that do not need a device: which RSS hash
 * functions it asks for, which queue counts it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <rte_ethdev.h>

#include "../../dataplane/port_phy.h"

static void test_rss_asks_for_ip_and_l4_ports(void **state)
{
	uint64_t all = RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_SCTP;

	(void)state;
	/* UDP media flows differ only in their ports: L4 must be in the hash. */
	assert_int_equal(port_phy_rss_hf(all), RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP);
	/* Never more than the device offers. */
	assert_int_equal(port_phy_rss_hf(RTE_ETH_RSS_IPV4), RTE_ETH_RSS_IPV4);
	assert_int_equal(port_phy_rss_hf(RTE_ETH_RSS_NONFRAG_IPV4_UDP),
			 RTE_ETH_RSS_NONFRAG_IPV4_UDP);
	assert_int_equal(port_phy_rss_hf(0), 0);
}

static void test_af_packet_queues_all_polled(void **state)
{
	(void)state;
	/* qpairs=2 with rx-queues 1: the second socket's frames are lost. */
	assert_true(port_phy_rx_queues_unpolled("net_af_packet", 1, 2));
	assert_false(port_phy_rx_queues_unpolled("net_af_packet", 2, 2));
	assert_false(port_phy_rx_queues_unpolled("net_af_packet", 1, 1));
	/* Other devices receive only on the queues configured. */
	assert_false(port_phy_rx_queues_unpolled("net_tap", 1, 16));
	assert_false(port_phy_rx_queues_unpolled("net_ring", 1, 16));
	assert_false(port_phy_rx_queues_unpolled(NULL, 1, 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rss_asks_for_ip_and_l4_ports),
	    cmocka_unit_test(test_af_packet_queues_all_polled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
