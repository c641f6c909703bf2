/* ARP (dataplane/arp.c): parsing scapy-built frames, the requests and
 * replies we build against scapy's ARP(), and the RFC 826 decisions. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/arp.h"
#include "../../dataplane/wire.h"
#include "../golden/tunnel_golden.h"

static uint32_t ip_of(const uint8_t b[4])
{
	uint32_t ip;

	memcpy(&ip, b, 4);
	return ip;
}

static const char *arp_outcome(const uint8_t *frame, uint32_t len, struct arp_info *info)
{
	switch (arp_parse(frame, len, info)) {
	case ARP_PARSE_OK:
		return "ok";
	case ARP_PARSE_NOT_ARP:
		return "not-arp";
	case ARP_PARSE_DROP:
		return drop_table[info->drop].name;
	}
	return "?";
}

static void test_parse_golden(void **state)
{
	(void)state;
	for (int i = 0; i < GOLDEN_ARP_PARSES_COUNT; i++) {
		const struct golden_arp_parse *g = &golden_arp_parses[i];
		struct arp_info info;
		const char *got = arp_outcome(g->frame, g->len, &info);

		print_message("   %-20s %s\n", g->name, got);
		assert_string_equal(got, g->expect);
		if (strcmp(got, "ok") != 0)
			continue;
		assert_int_equal(info.op, g->op);
		assert_int_equal(info.vlan, g->vlan);
		assert_memory_equal(info.sender_mac, g->sender_mac, 6);
		assert_memory_equal(info.target_mac, g->target_mac, 6);
		assert_int_equal(info.sender_ip, ip_of(g->sender_ip));
		assert_int_equal(info.target_ip, ip_of(g->target_ip));
	}
}

static void test_request_golden(void **state)
{
	uint8_t out[64];

	(void)state;
	for (int i = 0; i < GOLDEN_ARP_REQUESTS_COUNT; i++) {
		const struct golden_arp_request *g = &golden_arp_requests[i];
		int n;

		memset(out, 0xa5, sizeof(out));
		n = arp_request_write(golden_local_mac, ip_of(golden_local_ip), ip_of(g->target_ip),
				      g->unicast ? g->dst_mac : NULL, g->vlan, out, sizeof(out));
		print_message("   %s: %d bytes\n", g->name, n);
		assert_int_equal(n, g->expected_len);
		assert_memory_equal(out, g->expected, g->expected_len);
		/* One byte short of room: refused, nothing half written counts. */
		assert_int_equal(arp_request_write(golden_local_mac, ip_of(golden_local_ip),
						   ip_of(g->target_ip), NULL, g->vlan, out,
						   g->expected_len - 1),
				 -1);
	}
	assert_int_equal(arp_request_write(golden_local_mac, 1, 2, NULL, 4095, out, sizeof(out)),
			 -1);
}

static void test_reply_golden(void **state)
{
	uint8_t out[64];

	(void)state;
	for (int i = 0; i < GOLDEN_ARP_REPLIES_COUNT; i++) {
		const struct golden_arp_reply *g = &golden_arp_replies[i];
		struct arp_info request;
		int n;

		assert_int_equal(arp_parse(g->request, g->request_len, &request), ARP_PARSE_OK);
		assert_true(arp_is_for_us(&request, ip_of(golden_local_ip)));
		assert_true(arp_decide(&request, ip_of(golden_local_ip), false).reply);
		n = arp_reply_write(&request, golden_local_mac, ip_of(golden_local_ip), out,
				    sizeof(out));
		print_message("   %s: %d bytes\n", g->name, n);
		assert_int_equal(n, g->expected_len);
		assert_memory_equal(out, g->expected, g->expected_len);
		assert_int_equal(arp_reply_write(&request, golden_local_mac, ip_of(golden_local_ip),
						 out, g->expected_len - 1),
				 -1);
	}
}

static struct arp_info arp_message(uint16_t op, const char *sender, const char *target)
{
	struct arp_info a = {.op = op};

	inet_pton(AF_INET, sender, &a.sender_ip);
	inet_pton(AF_INET, target, &a.target_ip);
	return a;
}

static void test_decide(void **state)
{
	uint32_t us;
	struct {
		uint16_t op;
		const char *sender, *target;
		bool known;
		bool for_us, learn, reply, conflict;
	} cases[] = {
	    /* RFC 826: a request for us is answered and its sender learned. */
	    {WIRE_ARP_OP_REQUEST, "198.18.0.2", "198.18.0.1", false, true, true, true, false},
	    /* A reply to us resolves the neighbour; nothing to answer. */
	    {WIRE_ARP_OP_REPLY, "198.18.0.2", "198.18.0.1", false, true, true, false, false},
	    /* Someone else's request: update a known sender, add no stranger. */
	    {WIRE_ARP_OP_REQUEST, "198.18.0.2", "198.18.0.3", true, false, true, false, false},
	    {WIRE_ARP_OP_REQUEST, "198.18.0.2", "198.18.0.3", false, false, false, false, false},
	    /* Gratuitous ARP from a known neighbour refreshes it. */
	    {WIRE_ARP_OP_REQUEST, "198.18.0.2", "198.18.0.2", true, false, true, false, false},
	    /* An RFC 5227 probe for our address gets a reply, nothing is learned. */
	    {WIRE_ARP_OP_REQUEST, "0.0.0.0", "198.18.0.1", false, true, false, true, false},
	    /* Another host claiming our address. */
	    {WIRE_ARP_OP_REPLY, "198.18.0.1", "198.18.0.1", true, false, false, false, true},
	    {WIRE_ARP_OP_REQUEST, "198.18.0.1", "198.18.0.9", false, false, false, false, true},
	};

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &us);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct arp_info a = arp_message(cases[i].op, cases[i].sender, cases[i].target);
		struct arp_action act = arp_decide(&a, us, cases[i].known);

		print_message("   case %zu\n", i);
		assert_int_equal(arp_is_for_us(&a, us), cases[i].for_us);
		assert_int_equal(act.learn, cases[i].learn);
		assert_int_equal(act.reply, cases[i].reply);
		assert_int_equal(act.conflict, cases[i].conflict);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_golden),
	    cmocka_unit_test(test_request_golden),
	    cmocka_unit_test(test_reply_golden),
	    cmocka_unit_test(test_decide),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
