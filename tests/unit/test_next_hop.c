/* Prefix matching and the VTEP's next-hop choice (dataplane/next_hop.c). */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../dataplane/next_hop.h"

static uint32_t ip(const char *s)
{
	uint32_t a = 0;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static void test_prefix_contains(void **state)
{
	(void)state;
	assert_true(ipv4_prefix_contains(ip("198.18.0.77"), ip("198.18.0.1"), 24));
	assert_false(ipv4_prefix_contains(ip("198.18.1.77"), ip("198.18.0.1"), 24));
	assert_true(ipv4_prefix_contains(ip("198.18.1.77"), ip("198.18.0.1"), 23));
	assert_true(ipv4_prefix_contains(ip("10.1.2.3"), ip("10.1.2.3"), 32));
	assert_false(ipv4_prefix_contains(ip("10.1.2.2"), ip("10.1.2.3"), 32));
	assert_true(ipv4_prefix_contains(ip("10.1.2.2"), ip("10.1.2.3"), 31));
	/* /0 holds everything; no shift by 32 in the way. */
	assert_true(ipv4_prefix_contains(ip("255.255.255.255"), ip("0.0.0.0"), 0));
	assert_true(ipv4_prefix_contains(ip("1.2.3.4"), ip("200.0.0.0"), 0));
	assert_false(ipv4_prefix_contains(ip("128.0.0.0"), ip("0.0.0.0"), 1));
	assert_true(ipv4_prefix_contains(ip("127.255.0.0"), ip("0.0.0.0"), 1));
	assert_false(ipv4_prefix_contains(ip("10.0.0.1"), ip("10.0.0.1"), 33));
}

static void test_next_hop(void **state)
{
	uint32_t local = ip("198.18.0.1"), gw = ip("198.18.0.254"), nh = 0;

	(void)state;
	/* On the link: the remote itself, gateway or not. */
	assert_int_equal(vtep_next_hop(local, 24, gw, ip("198.18.0.2"), &nh), 0);
	assert_int_equal(nh, ip("198.18.0.2"));
	assert_int_equal(vtep_next_hop(local, 24, 0, ip("198.18.0.3"), &nh), 0);
	assert_int_equal(nh, ip("198.18.0.3"));
	/* Off the link: the gateway. */
	assert_int_equal(vtep_next_hop(local, 24, gw, ip("203.0.113.5"), &nh), 0);
	assert_int_equal(nh, gw);
	assert_int_equal(vtep_next_hop(local, 24, gw, ip("198.18.1.2"), &nh), 0);
	assert_int_equal(nh, gw);
	/* Off the link and no gateway, or an unusable one: no next hop. */
	nh = 42;
	assert_int_equal(vtep_next_hop(local, 24, 0, ip("203.0.113.5"), &nh), -1);
	assert_int_equal(vtep_next_hop(local, 24, ip("10.0.0.1"), ip("203.0.113.5"), &nh), -1);
	assert_int_equal(vtep_next_hop(local, 24, local, ip("203.0.113.5"), &nh), -1);
	assert_int_equal(nh, 42); /* untouched on error */
	/* Ourselves, and nonsense prefix lengths. */
	assert_int_equal(vtep_next_hop(local, 24, gw, local, &nh), -1);
	assert_int_equal(vtep_next_hop(local, 33, gw, ip("198.18.0.2"), &nh), -1);
	/* /32: nobody else is on the link, a gateway on it cannot be either. */
	assert_int_equal(vtep_next_hop(local, 32, gw, ip("198.18.0.2"), &nh), -1);
	/* /0: everyone is on the link. */
	assert_int_equal(vtep_next_hop(local, 0, 0, ip("203.0.113.5"), &nh), 0);
	assert_int_equal(nh, ip("203.0.113.5"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prefix_contains),
	    cmocka_unit_test(test_next_hop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
