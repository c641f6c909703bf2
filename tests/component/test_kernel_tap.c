/* [vtep] kernel-tap = yes (issue 14, item 4): the kernel tap slvtep holds the
 * VTEP's address and MAC; ICMP and TCP to the VTEP address reach the real
 * Linux stack and its answers leave on the VTEP's port, after the kernel
 * resolved the peer by ARP through the port. The test runs in a network
 * namespace of its own (unshare), so slvtep and the TCP listener are private
 * to it. Root only: creating a tap needs CAP_NET_ADMIN. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "../../dataplane/arp.h"
#include "../../dataplane/kernel_tap.h"
#include "../../dataplane/tunnel_output.h"
#include "../../dataplane/vtep_arp.h"
#include "../../dataplane/wire.h"
#include "harness.h"

#define PEER_MAC "02:00:00:00:00:22"
#define BGP_PORT 179
#define WAIT_SECONDS 10 /* a bound for a hung kernel, never a timing assertion */

static struct ring_port vm0, u;
static struct datapath *dp;
static uint32_t ip_vtep, ip_peer;
static int listener = -1;

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(BGP_PORT)};
	char text[2048], err[512];
	int one = 1;

	(void)state;
	if (unshare(CLONE_NEWNET) < 0) {
		perror("unshare(CLONE_NEWNET) (run as root)");
		return -1;
	}
	inet_pton(AF_INET, "198.18.0.1", &ip_vtep);
	inet_pton(AF_INET, "198.18.0.2", &ip_peer);
	if (harness_eal_init("test_kernel_tap") < 0 || harness_ring_port(&vm0, "vm0", 1024) < 0 ||
	    harness_ring_port(&u, "u", 2048) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network ov]\ntype = vxlan\nvni = 100\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\nkernel-tap = yes\n",
		 vm0.devargs, u.devargs);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	/* bgpd's place: a TCP listener on the VTEP address. */
	sin.sin_addr.s_addr = ip_vtep;
	listener = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (listener < 0 || bind(listener, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(listener, 4) < 0) {
		perror("listen on the VTEP address");
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (listener >= 0)
		close(listener);
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

/* Ethernet + IPv4 from the peer to the VTEP, l4_len bytes of payload left
 * for the caller; header checksum filled in by finish_ipv4(). */
static struct rte_mbuf *ipv4_frame(uint8_t proto, uint16_t l4_len, uint32_t dst, void **l4)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;

	assert_non_null(m);
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, sizeof(*eth) + sizeof(*ip) + l4_len);
	assert_non_null(eth);
	memset(eth, 0, sizeof(*eth) + sizeof(*ip) + l4_len);
	memcpy(eth->dst_addr.addr_bytes, dp->view->vtep.mac, 6);
	rte_ether_unformat_addr(PEER_MAC, &eth->src_addr);
	eth->ether_type = htons(RTE_ETHER_TYPE_IPV4);
	ip = (struct rte_ipv4_hdr *)(eth + 1);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = htons((uint16_t)(sizeof(*ip) + l4_len));
	ip->time_to_live = 64;
	ip->next_proto_id = proto;
	ip->src_addr = ip_peer;
	ip->dst_addr = dst;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	*l4 = ip + 1;
	return m;
}

static struct rte_ipv4_hdr *ipv4_of(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
}

static struct rte_mbuf *echo_request(uint16_t seq)
{
	struct rte_icmp_hdr *icmp;
	struct rte_mbuf *m = ipv4_frame(IPPROTO_ICMP, sizeof(*icmp) + 8, ip_vtep, (void **)&icmp);

	icmp->icmp_type = RTE_IP_ICMP_ECHO_REQUEST;
	icmp->icmp_ident = htons(0x5157);
	icmp->icmp_seq_nb = htons(seq);
	icmp->icmp_cksum = (uint16_t)~rte_raw_cksum(icmp, sizeof(*icmp) + 8);
	return m;
}

static struct rte_mbuf *tcp_syn(uint16_t sport, uint32_t seq)
{
	struct rte_tcp_hdr *tcp;
	struct rte_mbuf *m = ipv4_frame(IPPROTO_TCP, sizeof(*tcp), ip_vtep, (void **)&tcp);

	tcp->src_port = htons(sport);
	tcp->dst_port = htons(BGP_PORT);
	tcp->sent_seq = htonl(seq);
	tcp->data_off = (sizeof(*tcp) / 4) << 4;
	tcp->tcp_flags = RTE_TCP_SYN_FLAG;
	tcp->rx_win = htons(65535);
	tcp->cksum = rte_ipv4_udptcp_cksum(ipv4_of(m), tcp);
	return m;
}

/* The peer's side of ARP: answers the kernel's request for the peer. */
static struct rte_mbuf *arp_reply_from_peer(const struct arp_info *request)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());
	struct rte_ether_addr peer;
	uint8_t *out;

	assert_non_null(m);
	rte_ether_unformat_addr(PEER_MAC, &peer);
	out = (uint8_t *)rte_pktmbuf_append(m, ARP_FRAME_LEN);
	assert_non_null(out);
	assert_int_equal(arp_reply_write(request, peer.addr_bytes, ip_peer, out, ARP_FRAME_LEN),
			 ARP_FRAME_LEN);
	return m;
}

/* Polls the datapath until the kernel sends an IPv4 packet of proto to the
 * peer on u, answering its ARP for the peer on the way (counted in
 * *arp_requests). NULL if none comes within WAIT_SECONDS. */
static struct rte_mbuf *await_ipv4(uint8_t proto, unsigned *arp_requests)
{
	uint64_t end = rte_get_tsc_cycles() + rte_get_tsc_hz() * WAIT_SECONDS;

	while (rte_get_tsc_cycles() < end) {
		struct rte_mbuf *m;
		struct arp_info arp;

		harness_poll(dp);
		m = harness_take(&u);
		if (!m) {
			usleep(1000);
			continue;
		}
		if (arp_parse(rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m),
			      &arp) == ARP_PARSE_OK) {
			if (arp.op == WIRE_ARP_OP_REQUEST && arp.target_ip == ip_peer) {
				/* The kernel asks with the VTEP's own address and MAC. */
				assert_int_equal(arp.sender_ip, ip_vtep);
				assert_memory_equal(arp.sender_mac, dp->view->vtep.mac, 6);
				(*arp_requests)++;
				harness_inject(&u, arp_reply_from_peer(&arp));
			}
		} else if (rte_be_to_cpu_16(
			       rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->ether_type) ==
			       RTE_ETHER_TYPE_IPV4 &&
			   ipv4_of(m)->next_proto_id == proto) {
			return m;
		}
		rte_pktmbuf_free(m);
	}
	return NULL;
}

/* slvtep exists with the VTEP's MAC and address. */
static void test_tap_holds_vtep_address(void **state)
{
	struct ifreq ifr = {0};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	(void)state;
	assert_true(fd >= 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), KERNEL_TAP_IFNAME);
	assert_int_equal(ioctl(fd, SIOCGIFHWADDR, &ifr), 0);
	assert_memory_equal(ifr.ifr_hwaddr.sa_data, dp->view->vtep.mac, 6);
	assert_int_equal(ioctl(fd, SIOCGIFADDR, &ifr), 0);
	assert_int_equal(((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr.s_addr, ip_vtep);
	assert_int_equal(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	assert_true(ifr.ifr_flags & IFF_UP);
	close(fd);
}

/* Ping the VTEP address: the kernel answers, after resolving the peer
 * through the VTEP's port (its ARP reply mirrored to the tap). */
static void test_ping_vtep_address(void **state)
{
	const struct kernel_tap_stats *s = &dp->vtep_ctl->tap->stats;
	uint64_t to_kernel = s->to_kernel, mirrored = s->arp_mirrored, from = s->from_kernel;
	unsigned arp_requests = 0;
	struct rte_mbuf *m;
	struct rte_ether_addr peer;
	struct rte_icmp_hdr *icmp;

	(void)state;
	harness_inject(&u, echo_request(1));
	m = await_ipv4(IPPROTO_ICMP, &arp_requests);
	assert_non_null(m);
	rte_ether_unformat_addr(PEER_MAC, &peer);
	assert_memory_equal(rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->dst_addr.addr_bytes,
			    peer.addr_bytes, 6);
	assert_memory_equal(rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->src_addr.addr_bytes,
			    dp->view->vtep.mac, 6);
	assert_int_equal(ipv4_of(m)->src_addr, ip_vtep);
	assert_int_equal(ipv4_of(m)->dst_addr, ip_peer);
	icmp = (struct rte_icmp_hdr *)(ipv4_of(m) + 1);
	assert_int_equal(icmp->icmp_type, RTE_IP_ICMP_ECHO_REPLY);
	assert_int_equal(ntohs(icmp->icmp_seq_nb), 1);
	rte_pktmbuf_free(m);
	assert_int_equal(arp_requests, 1);
	assert_int_equal(s->arp_mirrored, mirrored + 1);
	assert_true(s->to_kernel >= to_kernel + 2); /* the echo request and the ARP reply */
	assert_true(s->from_kernel >= from + 2);    /* the ARP request and the echo reply */
	assert_int_equal(s->to_kernel_failed, 0);
}

/* A TCP SYN to the listener on the VTEP address gets the kernel's SYN-ACK. */
static void test_tcp_to_vtep_address(void **state)
{
	unsigned arp_requests = 0;
	struct rte_tcp_hdr *tcp;
	struct rte_mbuf *m;

	(void)state;
	harness_inject(&u, tcp_syn(40000, 1000));
	m = await_ipv4(IPPROTO_TCP, &arp_requests);
	assert_non_null(m);
	tcp = (struct rte_tcp_hdr *)(ipv4_of(m) + 1);
	assert_int_equal(ntohs(tcp->src_port), BGP_PORT);
	assert_int_equal(ntohs(tcp->dst_port), 40000);
	assert_int_equal(tcp->tcp_flags & (RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG),
			 RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG);
	assert_int_equal(ntohl(tcp->recv_ack), 1001);
	/* The kernel computed it: the peer's stack would check it. */
	assert_int_equal(rte_ipv4_udptcp_cksum_verify(ipv4_of(m), tcp), 0);
	rte_pktmbuf_free(m);
}

/* ARP for the VTEP stays the VTEP's, IPv4 to another address is not the
 * kernel's: neither reaches the tap. */
static void test_only_vtep_ipv4_punted(void **state)
{
	const struct kernel_tap_stats *s = &dp->vtep_ctl->tap->stats;
	uint64_t to_kernel = s->to_kernel;
	uint64_t no_network = harness_drops(dp, "u", DROP_NO_NETWORK);
	uint64_t replies = dp->vtep_ctl->stats.replies_sent;
	struct rte_ether_addr peer;
	struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());
	struct rte_icmp_hdr *icmp;
	uint8_t *out;

	(void)state;
	rte_ether_unformat_addr(PEER_MAC, &peer);
	out = (uint8_t *)rte_pktmbuf_append(m, ARP_FRAME_LEN);
	assert_int_equal(
	    arp_request_write(peer.addr_bytes, ip_peer, ip_vtep, NULL, 0, out, ARP_FRAME_LEN),
	    ARP_FRAME_LEN);
	harness_inject(&u, m);
	m = ipv4_frame(IPPROTO_ICMP, sizeof(*icmp), ip_peer, (void **)&icmp);
	harness_inject(&u, m);
	harness_poll(dp);
	assert_int_equal(dp->vtep_ctl->stats.replies_sent, replies + 1);
	assert_int_equal(harness_drops(dp, "u", DROP_NO_NETWORK), no_network + 1);
	assert_int_equal(s->to_kernel, to_kernel);
	harness_drain(&u);
}

/* What the kernel writes that is neither IPv4 nor ARP stays off the wire. */
static void test_kernel_ipv6_refused(void **state)
{
	const struct kernel_tap_stats *s = &dp->vtep_ctl->tap->stats;
	uint64_t refused = s->from_kernel_refused;
	uint64_t end = rte_get_tsc_cycles() + rte_get_tsc_hz() * WAIT_SECONDS;
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_ifindex = (int)if_nametoindex(KERNEL_TAP_IFNAME),
				  .sll_halen = 6};
	uint8_t frame[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 0x33, 0x86, 0xdd};
	int fd = socket(AF_PACKET, SOCK_RAW, 0);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&sll, sizeof(sll)),
			 sizeof(frame));
	close(fd);
	harness_drain(&u);
	while (s->from_kernel_refused == refused && rte_get_tsc_cycles() < end) {
		harness_poll(dp);
		usleep(1000);
	}
	assert_int_equal(s->from_kernel_refused, refused + 1);
	assert_int_equal(harness_drain(&u), 0);
}

/* Packets for the kernel faster than the control thread takes them: the
 * punt ring bounds them, the rest dropped by name. */
static void test_kernel_tap_queue_full(void **state)
{
	struct pmd *pmd = dp->pmds[0];
	const unsigned sent = 1100;
	uint64_t before = harness_drops(dp, "u", DROP_KERNEL_TAP_QUEUE_FULL);
	unsigned room;

	(void)state;
	while (rte_ring_count(pmd->punt_ring) > 0)
		datapath_tick(dp);
	room = rte_ring_free_count(pmd->punt_ring);
	for (unsigned i = 0; i < sent; i++) {
		harness_inject(&u, echo_request((uint16_t)i));
		if (i % BURST_SIZE == BURST_SIZE - 1)
			pmd_poll_once(pmd);
	}
	pmd_poll_once(pmd);
	assert_int_equal(harness_drops(dp, "u", DROP_KERNEL_TAP_QUEUE_FULL), before + sent - room);
	while (rte_ring_count(pmd->punt_ring) > 0)
		datapath_tick(dp);
	harness_drain(&u);
}

/* Not root: a fact of the host (docs/testing.md, Skips), named as a skip. */
static void test_skipped_not_root(void **state)
{
	(void)state;
	fprintf(stderr, "creating the tap and a network namespace needs root (CAP_NET_ADMIN)\n");
	skip();
}

int main(void)
{
	const struct CMUnitTest not_root[] = {cmocka_unit_test(test_skipped_not_root)};
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tap_holds_vtep_address),
	    cmocka_unit_test(test_ping_vtep_address),
	    cmocka_unit_test(test_tcp_to_vtep_address),
	    cmocka_unit_test(test_only_vtep_ipv4_punted),
	    cmocka_unit_test(test_kernel_ipv6_refused),
	    cmocka_unit_test(test_kernel_tap_queue_full),
	};

	if (geteuid() != 0)
		return cmocka_run_group_tests(not_root, NULL, NULL);
	return cmocka_run_group_tests(tests, setup, teardown);
}
