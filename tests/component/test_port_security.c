/* Port security through the datapath (issue 13): VM1 is DPDK's virtio_user
 * on sluice's vhost-user socket (as in test_vhost.c), VM2's port a ring-backed
 * port on the same network. VM1 sends each spoof; VM2 receives none of them,
 * each is counted under its reason, and VM1's honest traffic passes. port.set
 * then turns the guards off and on again, live, and refuses what it must
 * without changing anything. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_arp.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "../../control/commands.h"
#include "harness.h"

#define VM1_MAC "52:54:00:00:00:11"
#define VM2_MAC "52:54:00:00:00:12"
#define FOREIGN_MAC "52:54:00:00:00:66"
#define BCAST "ff:ff:ff:ff:ff:ff"
#define VM1_IP "198.18.0.11"
#define VM2_IP "198.18.0.12"
#define VM1_IP6 "2001:db8::11"
#define VM2_IP6 "2001:db8::12"

static struct ring_port vm2;
static struct datapath *dp;
static struct control ctl;
static char sock[108];
static uint16_t vm1;

static json_t *call(const char *line)
{
	char *reply = command_dispatch(&ctl, line, strlen(line));
	json_t *j;

	assert_non_null(reply);
	j = json_loads(reply, 0, NULL);
	free(reply);
	assert_non_null(j);
	return j;
}

static const char *error_of(json_t *reply)
{
	return json_string_value(json_object_get(json_object_get(reply, "error"), "message"));
}

static int vm1_start(void)
{
	struct rte_eth_conf conf = {0};
	char args[256];
	const struct port *p;

	snprintf(args, sizeof(args), "path=%s,queues=1,mac=" VM1_MAC, sock);
	if (rte_vdev_init("net_virtio_user0", args) < 0 ||
	    rte_eth_dev_get_port_by_name("net_virtio_user0", &vm1) < 0 ||
	    rte_eth_dev_configure(vm1, 1, 1, &conf) < 0 ||
	    rte_eth_rx_queue_setup(vm1, 0, 256, 0, NULL, harness_pool()) < 0 ||
	    rte_eth_tx_queue_setup(vm1, 0, 256, 0, NULL) < 0 || rte_eth_dev_start(vm1) < 0)
		return -1;
	p = &dp->ports[datapath_find_port(dp, "vm1")];
	/* rte_vhost's event thread polls with a 1 s timeout: wait on state. */
	for (int i = 0; i < 200 && !__atomic_load_n(&p->ready, __ATOMIC_ACQUIRE); i++)
		rte_delay_ms(50);
	return __atomic_load_n(&p->ready, __ATOMIC_ACQUIRE) ? 0 : -1;
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[1024], err[512];

	(void)state;
	snprintf(sock, sizeof(sock), "/tmp/sluice-test-port-security-%d.sock", (int)getpid());
	if (harness_eal_init("test_port_security") < 0 ||
	    harness_ring_port(&vm2, "psvm2", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network net]\ntype = flat\n"
		 "[port vm2]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port vm1]\ntype = vhost\nsocket = %s\nmode = server\nnetwork = net\n"
		 "mac = " VM1_MAC "\nips = " VM1_IP ", " VM1_IP6 "\n",
		 vm2.devargs, sock);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	ctl.dp = dp;
	return vm1_start();
}

static int teardown(void **state)
{
	(void)state;
	rte_eth_dev_stop(vm1);
	rte_eth_dev_close(vm1);
	rte_vdev_uninit("net_virtio_user0");
	datapath_destroy(dp);
	harness_eal_cleanup();
	unlink(sock);
	return 0;
}

/* An Ethernet frame of len bytes from src to dst with type; returns where
 * its payload starts. */
static uint8_t *frame(struct rte_mbuf **m, const char *src, uint16_t type, uint16_t len)
{
	struct rte_ether_hdr *eth;

	*m = harness_frame(BCAST, src, len);
	assert_non_null(*m);
	eth = rte_pktmbuf_mtod(*m, struct rte_ether_hdr *);
	eth->ether_type = rte_cpu_to_be_16(type);
	memset(eth + 1, 0, len - sizeof(*eth));
	return (uint8_t *)(eth + 1);
}

static struct rte_mbuf *udp4(const char *src_mac, const char *src, uint16_t sport, uint16_t dport)
{
	struct rte_mbuf *m;
	struct rte_ipv4_hdr *ip =
	    (struct rte_ipv4_hdr *)frame(&m, src_mac, RTE_ETHER_TYPE_IPV4, 60);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);

	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->total_length = rte_cpu_to_be_16(46);
	inet_pton(AF_INET, src, &ip->src_addr);
	inet_pton(AF_INET, "198.18.0.255", &ip->dst_addr);
	udp->src_port = rte_cpu_to_be_16(sport);
	udp->dst_port = rte_cpu_to_be_16(dport);
	return m;
}

/* A gratuitous ARP: sender and target are ip. */
static struct rte_mbuf *garp(const char *ip)
{
	struct rte_mbuf *m;
	struct rte_arp_hdr *a = (struct rte_arp_hdr *)frame(&m, VM1_MAC, RTE_ETHER_TYPE_ARP, 60);

	a->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	a->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	a->arp_hlen = 6;
	a->arp_plen = 4;
	a->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
	rte_ether_unformat_addr(VM1_MAC, &a->arp_data.arp_sha);
	inet_pton(AF_INET, ip, &a->arp_data.arp_sip);
	a->arp_data.arp_tip = a->arp_data.arp_sip;
	return m;
}

/* ICMPv6 of type from src; an advertisement names target with VM1's MAC. */
static struct rte_mbuf *icmp6(uint8_t type, const char *src, const char *target)
{
	struct rte_mbuf *m;
	struct rte_ipv6_hdr *ip =
	    (struct rte_ipv6_hdr *)frame(&m, VM1_MAC, RTE_ETHER_TYPE_IPV6, 86);
	uint8_t *icmp = (uint8_t *)(ip + 1);

	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(32);
	ip->proto = IPPROTO_ICMPV6;
	ip->hop_limits = 255;
	inet_pton(AF_INET6, src, ip->src_addr);
	inet_pton(AF_INET6, "ff02::1", ip->dst_addr);
	icmp[0] = type;
	if (target)
		inet_pton(AF_INET6, target, icmp + 8);
	icmp[24] = 2; /* target link-layer address option */
	icmp[25] = 1;
	rte_ether_unformat_addr(VM1_MAC, (struct rte_ether_addr *)(icmp + 26));
	return m;
}

/* Sends m from VM1 and polls until the datapath has received it. Returns
 * how many frames VM2's port got. */
static unsigned vm1_send(struct rte_mbuf *m)
{
	uint64_t before = harness_rx_packets(dp, "vm1");

	assert_int_equal(rte_eth_tx_burst(vm1, 0, &m, 1), 1);
	for (int i = 0; i < 200 && harness_rx_packets(dp, "vm1") == before; i++) {
		harness_poll(dp);
		rte_delay_ms(5);
	}
	assert_int_equal(harness_rx_packets(dp, "vm1"), before + 1);
	harness_poll(dp);
	return harness_drain(&vm2);
}

static void test_spoofs_never_reach_vm2(void **state)
{
	(void)state;
	assert_int_equal(vm1_send(udp4(VM1_MAC, "198.18.0.66", 1234, 53)), 0);
	assert_int_equal(harness_drops(dp, "vm1", DROP_SPOOFED_IP), 1);
	assert_int_equal(vm1_send(udp4(FOREIGN_MAC, VM1_IP, 1234, 53)), 0);
	assert_int_equal(harness_drops(dp, "vm1", DROP_SPOOFED_SOURCE), 1);
	assert_int_equal(vm1_send(garp(VM2_IP)), 0);
	assert_int_equal(harness_drops(dp, "vm1", DROP_SPOOFED_ARP), 1);
	assert_int_equal(vm1_send(icmp6(136, VM1_IP6, VM2_IP6)), 0);
	assert_int_equal(harness_drops(dp, "vm1", DROP_SPOOFED_ND), 1);
	assert_int_equal(vm1_send(udp4(VM1_MAC, VM1_IP, 67, 68)), 0);
	assert_int_equal(harness_drops(dp, "vm1", DROP_DHCP_SERVER_GUARD), 1);
	assert_int_equal(vm1_send(icmp6(134, "fe80::5054:ff:fe00:11", NULL)), 0);
	assert_int_equal(harness_drops(dp, "vm1", DROP_RA_GUARD), 1);

	/* What VM1 may send passes. */
	assert_int_equal(vm1_send(udp4(VM1_MAC, VM1_IP, 1234, 53)), 1);
	assert_int_equal(vm1_send(garp(VM1_IP)), 1);
	assert_int_equal(vm1_send(icmp6(136, VM1_IP6, VM1_IP6)), 1);
	assert_int_equal(vm1_send(udp4(VM1_MAC, "0.0.0.0", 68, 67)), 1); /* DHCP discover */
}

static void test_port_show_has_security(void **state)
{
	json_t *r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.show\",\"params\":{"
			 "\"name\":\"vm1\"}}");
	json_t *sec = json_object_get(
	    json_array_get(json_object_get(json_object_get(r, "result"), "ports"), 0), "security");

	(void)state;
	assert_non_null(sec);
	assert_true(json_is_true(json_object_get(sec, "enabled")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(sec, "ips"), 1)),
			    VM1_IP6);
	assert_true(
	    json_integer_value(json_object_get(json_object_get(sec, "drops"), "ra-guard")) >= 1);
	json_decref(r);
}

static void test_port_set_is_live_and_whole(void **state)
{
	json_t *r;

	(void)state;
	/* A key that only a re-add changes: refused, nothing applied. */
	r = call(
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.set\",\"params\":{\"name\":\"vm1\","
	    "\"port-security\":\"off\",\"socket\":\"/tmp/x.sock\"}}");
	assert_non_null(strstr(error_of(r), "key 'socket' cannot change"));
	assert_non_null(strstr(error_of(r), "delete and re-add the port"));
	json_decref(r);
	/* A bad value beside a good one: refused, nothing applied. */
	r = call(
	    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"port.set\",\"params\":{\"name\":\"vm1\","
	    "\"port-security\":\"off\",\"ips\":\"198.18.0.300\"}}");
	assert_non_null(strstr(error_of(r), "param 'ips'"));
	json_decref(r);
	assert_int_equal(vm1_send(udp4(VM1_MAC, "198.18.0.66", 1234, 53)), 0);
	assert_int_equal(harness_drops(dp, "vm1", DROP_SPOOFED_IP), 2);

	/* Off: the foreign source passes at once. */
	r = call(
	    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"port.set\",\"params\":{\"name\":\"vm1\","
	    "\"port-security\":\"off\"}}");
	assert_null(json_object_get(r, "error"));
	json_decref(r);
	assert_int_equal(vm1_send(udp4(VM1_MAC, "198.18.0.66", 1234, 53)), 1);

	/* On again with the address allowed, and the server roles. */
	r = call(
	    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"port.set\",\"params\":{\"name\":\"vm1\","
	    "\"port-security\":\"on\",\"ips\":\"198.18.0.66, " VM1_IP "\","
	    "\"dhcp-server\":\"yes\"}}");
	assert_null(json_object_get(r, "error"));
	json_decref(r);
	assert_int_equal(vm1_send(udp4(VM1_MAC, "198.18.0.66", 1234, 53)), 1);
	assert_int_equal(vm1_send(udp4(VM1_MAC, VM1_IP, 67, 68)), 1);
	assert_int_equal(vm1_send(udp4(VM1_MAC, "198.18.0.67", 1234, 53)), 0);
	assert_int_equal(harness_drops(dp, "vm1", DROP_SPOOFED_IP), 3);

	/* A new mac, live: the old one is now the spoof. */
	r = call(
	    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"port.set\",\"params\":{\"name\":\"vm1\","
	    "\"mac\":\"" FOREIGN_MAC "\"}}");
	assert_null(json_object_get(r, "error"));
	json_decref(r);
	assert_int_equal(vm1_send(udp4(FOREIGN_MAC, VM1_IP, 1234, 53)), 1);
	assert_int_equal(vm1_send(udp4(VM1_MAC, VM1_IP, 1234, 53)), 0);
	assert_int_equal(harness_drops(dp, "vm1", DROP_SPOOFED_SOURCE), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spoofs_never_reach_vm2),
	    cmocka_unit_test(test_port_show_has_security),
	    cmocka_unit_test(test_port_set_is_live_and_whole),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
