/* The phy port's choices that do not need a device: which RSS hash
 * functions it asks for. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rss_asks_for_ip_and_l4_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
