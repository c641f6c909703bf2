/* What crosses between the VTEP's port and the kernel tap slvtep
 * (dataplane/tap_filter.c): IPv4 to the VTEP address goes up, IPv4 and ARP
 * come down, nothing else either way. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/tap_filter.h"

/* Ethernet + IPv4 (20 bytes) from 198.18.0.2 to 198.18.0.1, protocol TCP. */
static const uint8_t ipv4_to_vtep[] = {
    2,	  0,	0,    0, 0, 1,	  2,	0, 0, 0,    0,	  2,	0x08, 0x00, 0x45, 0x00, 0x00,
    0x14, 0x00, 0x00, 0, 0, 0x40, 0x06, 0, 0, 0xc6, 0x12, 0x00, 0x02, 0xc6, 0x12, 0x00, 0x01};

static uint32_t vtep(void)
{
	return inet_addr("198.18.0.1");
}

static void test_to_kernel(void **state)
{
	uint8_t f[sizeof(ipv4_to_vtep) + 4];

	(void)state;
	assert_true(tap_filter_to_kernel(ipv4_to_vtep, sizeof(ipv4_to_vtep), vtep()));
	/* another destination is the bridge's (a flat network on the port) */
	assert_false(
	    tap_filter_to_kernel(ipv4_to_vtep, sizeof(ipv4_to_vtep), inet_addr("198.18.0.3")));
	/* a header cut short */
	assert_false(tap_filter_to_kernel(ipv4_to_vtep, sizeof(ipv4_to_vtep) - 1, vtep()));
	assert_false(tap_filter_to_kernel(ipv4_to_vtep, 13, vtep()));
	/* behind a VLAN tag ([vtep] vlan) */
	memcpy(f, ipv4_to_vtep, 12);
	f[12] = 0x81;
	f[13] = 0x00;
	f[14] = 0x00;
	f[15] = 0x64;
	memcpy(f + 16, ipv4_to_vtep + 12, sizeof(ipv4_to_vtep) - 12);
	assert_true(tap_filter_to_kernel(f, sizeof(f), vtep()));
	assert_false(tap_filter_to_kernel(f, 17, vtep()));
	/* IP version 6 in an IPv4 EtherType */
	memcpy(f, ipv4_to_vtep, sizeof(ipv4_to_vtep));
	f[14] = 0x65;
	assert_false(tap_filter_to_kernel(f, sizeof(ipv4_to_vtep), vtep()));
	/* ARP (the VTEP answers it itself) and IPv6 */
	memcpy(f, ipv4_to_vtep, sizeof(ipv4_to_vtep));
	f[13] = 0x06;
	assert_false(tap_filter_to_kernel(f, sizeof(ipv4_to_vtep), vtep()));
	f[12] = 0x86;
	f[13] = 0xdd;
	assert_false(tap_filter_to_kernel(f, sizeof(ipv4_to_vtep), vtep()));
}

static void test_from_kernel(void **state)
{
	uint8_t f[sizeof(ipv4_to_vtep)];

	(void)state;
	memcpy(f, ipv4_to_vtep, sizeof(f));
	assert_true(tap_filter_from_kernel(f, sizeof(f)));
	f[13] = 0x06; /* ARP */
	assert_true(tap_filter_from_kernel(f, sizeof(f)));
	f[12] = 0x86; /* IPv6: router solicitations, MLD */
	f[13] = 0xdd;
	assert_false(tap_filter_from_kernel(f, sizeof(f)));
	f[12] = 0x81; /* the kernel's own VLAN tags are not the VTEP's */
	f[13] = 0x00;
	assert_false(tap_filter_from_kernel(f, sizeof(f)));
	assert_false(tap_filter_from_kernel(ipv4_to_vtep, 13));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_to_kernel),
	    cmocka_unit_test(test_from_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
