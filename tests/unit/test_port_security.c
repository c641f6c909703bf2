/* Port security's rules (dataplane/port_security.c), one frame at a time:
 * each rule drops what it should with its own reason and passes the rest;
 * the `ips` parser; which port keys change live (control/port_live.c). */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/port_live.h"
#include "../../dataplane/port_security.h"

static const uint8_t VM_MAC[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};
static const uint8_t OTHER_MAC[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x02};
/* fe80:: with VM_MAC as modified EUI-64. */
#define VM_LINK_LOCAL "fe80::5054:ff:fe00:1"

static struct port_security ps;
static uint8_t frame[256];

static void build(const char *ips, int security, int dhcp_server, int router)
{
	struct port_config pc;
	char err[256];

	port_config_defaults(&pc);
	pc.type = PORT_TYPE_VHOST;
	pc.mac.set = true;
	memcpy(pc.mac.bytes, VM_MAC, 6);
	pc.port_security = security;
	pc.dhcp_server = dhcp_server;
	pc.router = router;
	if (ips)
		assert_int_equal(schema_parse_ip_list(ips, &pc.ips, err, sizeof(err)), 0);
	port_security_build(&ps, &pc);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Ethernet from src with type, optionally one 802.1Q tag; returns the L3 offset. */
static uint32_t eth(const uint8_t *src, uint16_t type, bool tagged)
{
	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, 6);
	memcpy(frame + 6, src, 6);
	if (!tagged) {
		put16(frame + 12, type);
		return 14;
	}
	put16(frame + 12, 0x8100);
	put16(frame + 14, 100);
	put16(frame + 16, type);
	return 18;
}

static unsigned ipv4(const char *src, uint8_t proto, uint16_t sport, uint16_t dport, bool tagged)
{
	uint32_t off = eth(VM_MAC, 0x0800, tagged);
	uint8_t *ip = frame + off;

	ip[0] = 0x45;
	ip[8] = 64;
	ip[9] = proto;
	inet_pton(AF_INET, src, ip + 12);
	inet_pton(AF_INET, "198.18.0.99", ip + 16);
	put16(ip + 20, sport);
	put16(ip + 22, dport);
	return port_security_check(&ps, frame, off + 28);
}

static unsigned arp(const uint8_t *sender_mac, const char *sender_ip)
{
	uint32_t off = eth(VM_MAC, 0x0806, false);
	uint8_t *a = frame + off;

	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 2); /* a reply, gratuitous */
	memcpy(a + 8, sender_mac, 6);
	inet_pton(AF_INET, sender_ip, a + 14);
	inet_pton(AF_INET, "198.18.0.12", a + 24);
	return port_security_check(&ps, frame, off + 28);
}

/* IPv6 from src carrying ICMPv6 type (optionally behind a hop-by-hop
 * header) with target and one link-layer option (opt_type 0: none). */
static unsigned icmpv6(const char *src, uint8_t type, const char *target, uint8_t opt_type,
		       const uint8_t *opt_mac, bool hop_by_hop)
{
	uint32_t off = eth(VM_MAC, 0x86dd, false);
	uint8_t *ip = frame + off, *icmp = ip + 40;

	ip[0] = 0x60;
	ip[6] = 58;
	ip[7] = 255;
	inet_pton(AF_INET6, src, ip + 8);
	inet_pton(AF_INET6, "ff02::1", ip + 24);
	if (hop_by_hop) {
		ip[6] = 0;
		icmp[0] = 58; /* next header; length 0: 8 bytes */
		icmp += 8;
	}
	icmp[0] = type;
	if (target)
		inet_pton(AF_INET6, target, icmp + 8);
	if (opt_type) {
		icmp[24] = opt_type;
		icmp[25] = 1;
		memcpy(icmp + 26, opt_mac, 6);
	}
	return port_security_check(&ps, frame, (uint32_t)(icmp - frame) + 24 + (opt_type ? 8 : 0));
}

static unsigned ipv6_udp(const char *src)
{
	uint32_t off = eth(VM_MAC, 0x86dd, false);
	uint8_t *ip = frame + off;

	ip[0] = 0x60;
	ip[6] = 17;
	inet_pton(AF_INET6, src, ip + 8);
	inet_pton(AF_INET6, "2001:db8::99", ip + 24);
	return port_security_check(&ps, frame, off + 48);
}

#define PASS PORT_SECURITY_PASS

static void test_enabled_by_mac_unless_off(void **state)
{
	struct port_config pc;

	(void)state;
	build(NULL, -1, 0, 0);
	assert_true(ps.enabled);
	build(NULL, 0, 0, 0);
	assert_false(ps.enabled);
	port_config_defaults(&pc);
	pc.type = PORT_TYPE_VHOST;
	port_security_build(&ps, &pc);
	assert_false(ps.enabled);
}

static void test_ipv4_source_must_be_in_ips(void **state)
{
	(void)state;
	build("198.18.0.11, 198.18.4.0/24", -1, 0, 0);
	assert_int_equal(ipv4("198.18.0.11", 6, 1234, 80, false), PASS);
	assert_int_equal(ipv4("198.18.4.77", 6, 1234, 80, false), PASS);
	assert_int_equal(ipv4("198.18.0.12", 6, 1234, 80, false), DROP_SPOOFED_IP);
	assert_int_equal(ipv4("198.18.5.1", 17, 1234, 53, false), DROP_SPOOFED_IP);
	/* VLAN-tagged by the VM: judged on what is inside. */
	assert_int_equal(ipv4("198.18.0.12", 6, 1234, 80, true), DROP_SPOOFED_IP);
	assert_int_equal(ipv4("198.18.0.11", 6, 1234, 80, true), PASS);
	/* Cut short: cannot be judged. */
	eth(VM_MAC, 0x0800, false);
	assert_int_equal(port_security_check(&ps, frame, 30), DROP_SPOOFED_IP);
	/* Not IP, not ARP: the MAC check of the bridge is what applies. */
	eth(VM_MAC, 0x88cc, false);
	assert_int_equal(port_security_check(&ps, frame, 60), PASS);
}

static void test_dhcp_client_from_zero_passes(void **state)
{
	(void)state;
	build("198.18.0.11", -1, 0, 0);
	assert_int_equal(ipv4("0.0.0.0", 17, 68, 67, false), PASS);
	assert_int_equal(ipv4("0.0.0.0", 17, 1234, 67, false), DROP_SPOOFED_IP);
	assert_int_equal(ipv4("0.0.0.0", 6, 68, 67, false), DROP_SPOOFED_IP);
}

static void test_dhcp_server_replies_need_dhcp_server(void **state)
{
	(void)state;
	build("198.18.0.11", -1, 0, 0);
	assert_int_equal(ipv4("198.18.0.11", 17, 67, 68, false), DROP_DHCP_SERVER_GUARD);
	build("198.18.0.11", -1, 1, 0);
	assert_int_equal(ipv4("198.18.0.11", 17, 67, 68, false), PASS);
	/* Still only from its own address. */
	assert_int_equal(ipv4("198.18.0.12", 17, 67, 68, false), DROP_SPOOFED_IP);
}

static void test_arp_sender_must_be_the_port(void **state)
{
	(void)state;
	build("198.18.0.11", -1, 0, 0);
	assert_int_equal(arp(VM_MAC, "198.18.0.11"), PASS);
	assert_int_equal(arp(VM_MAC, "0.0.0.0"), PASS); /* RFC 5227 probe */
	assert_int_equal(arp(VM_MAC, "198.18.0.12"), DROP_SPOOFED_ARP);
	assert_int_equal(arp(OTHER_MAC, "198.18.0.11"), DROP_SPOOFED_ARP);
	eth(VM_MAC, 0x0806, false);
	assert_int_equal(port_security_check(&ps, frame, 30), DROP_SPOOFED_ARP);
}

static void test_ipv6_source_must_be_in_ips_or_link_local(void **state)
{
	(void)state;
	build("2001:db8::11, 2001:db8:1::/64", -1, 0, 0);
	assert_int_equal(ipv6_udp("2001:db8::11"), PASS);
	assert_int_equal(ipv6_udp("2001:db8:1::abcd"), PASS);
	assert_int_equal(ipv6_udp(VM_LINK_LOCAL), PASS);
	assert_int_equal(ipv6_udp("2001:db8::12"), DROP_SPOOFED_IP);
	assert_int_equal(ipv6_udp("fe80::5054:ff:fe00:2"), DROP_SPOOFED_IP);
	assert_int_equal(ipv6_udp("::"), DROP_SPOOFED_IP);
	/* Duplicate address detection: NS and MLD report from ::. */
	assert_int_equal(icmpv6("::", 135, "2001:db8::11", 0, NULL, false), PASS);
	assert_int_equal(icmpv6("::", 143, NULL, 0, NULL, true), PASS);
}

static void test_nd_must_name_the_port(void **state)
{
	(void)state;
	build("2001:db8::11", -1, 0, 0);
	assert_int_equal(icmpv6("2001:db8::11", 136, "2001:db8::11", 2, VM_MAC, false), PASS);
	assert_int_equal(icmpv6(VM_LINK_LOCAL, 136, VM_LINK_LOCAL, 0, NULL, false), PASS);
	/* An advertisement for VM2's address. */
	assert_int_equal(icmpv6("2001:db8::11", 136, "2001:db8::12", 2, VM_MAC, false),
			 DROP_SPOOFED_ND);
	assert_int_equal(icmpv6("2001:db8::11", 136, "2001:db8::11", 2, OTHER_MAC, false),
			 DROP_SPOOFED_ND);
	assert_int_equal(icmpv6("2001:db8::11", 135, "2001:db8::12", 1, VM_MAC, false), PASS);
	assert_int_equal(icmpv6("2001:db8::11", 135, "2001:db8::12", 1, OTHER_MAC, false),
			 DROP_SPOOFED_ND);
}

static void test_router_advertisements_need_router(void **state)
{
	(void)state;
	build("2001:db8::11", -1, 0, 0);
	assert_int_equal(icmpv6(VM_LINK_LOCAL, 134, NULL, 0, NULL, false), DROP_RA_GUARD);
	/* Behind an extension header too (RFC 7113). */
	assert_int_equal(icmpv6(VM_LINK_LOCAL, 134, NULL, 0, NULL, true), DROP_RA_GUARD);
	assert_int_equal(icmpv6(VM_LINK_LOCAL, 137, NULL, 0, NULL, false), DROP_RA_GUARD);
	assert_int_equal(icmpv6(VM_LINK_LOCAL, 133, NULL, 0, NULL, false), PASS);
	build("2001:db8::11", -1, 0, 1);
	assert_int_equal(icmpv6(VM_LINK_LOCAL, 134, NULL, 0, NULL, false), PASS);
}

static void expect_ips_error(const char *value, const char *want)
{
	struct ip_prefix_list l;
	char err[256] = "";

	assert_int_equal(schema_parse_ip_list(value, &l, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("'%s': error '%s' lacks '%s'", value, err, want);
}

static void test_ips_parser(void **state)
{
	struct ip_prefix_list l;
	char err[256], text[64];

	(void)state;
	assert_int_equal(
	    schema_parse_ip_list("198.18.0.11, 2001:db8::/32,198.18.1.0/24", &l, err, sizeof(err)),
	    0);
	assert_int_equal(l.n, 3);
	ip_prefix_text(&l.items[1], text, sizeof(text));
	assert_string_equal(text, "2001:db8::/32");
	ip_prefix_text(&l.items[0], text, sizeof(text));
	assert_string_equal(text, "198.18.0.11");
	expect_ips_error("198.18.0.300", "not an IPv4 or IPv6 address");
	expect_ips_error("198.18.0.1/33", "prefix length must be 1..32");
	expect_ips_error("2001:db8::1/129", "1..128");
	expect_ips_error("198.18.0.1/24", "bits set past /24");
	expect_ips_error("224.0.0.1", "multicast");
	expect_ips_error("198.18.0.1, 198.18.0.1", "listed twice");
	expect_ips_error(" , ", "empty list");
}

static void test_fixed_keys(void **state)
{
	struct port_config a, b;

	(void)state;
	assert_true(port_key_is_fixed("socket"));
	assert_true(port_key_is_fixed("type"));
	assert_false(port_key_is_fixed("ips"));
	assert_false(port_key_is_fixed("mac"));
	port_config_defaults(&a);
	b = a;
	b.router = 1;
	b.mac.set = true;
	assert_null(port_config_fixed_change(&a, &b));
	strcpy(b.socket, "/run/other.sock");
	assert_string_equal(port_config_fixed_change(&a, &b), "socket");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_enabled_by_mac_unless_off),
	    cmocka_unit_test(test_ipv4_source_must_be_in_ips),
	    cmocka_unit_test(test_dhcp_client_from_zero_passes),
	    cmocka_unit_test(test_dhcp_server_replies_need_dhcp_server),
	    cmocka_unit_test(test_arp_sender_must_be_the_port),
	    cmocka_unit_test(test_ipv6_source_must_be_in_ips_or_link_local),
	    cmocka_unit_test(test_nd_must_name_the_port),
	    cmocka_unit_test(test_router_advertisements_need_router),
	    cmocka_unit_test(test_ips_parser),
	    cmocka_unit_test(test_fixed_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
