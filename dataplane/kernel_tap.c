#include "kernel_tap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_malloc.h>

#include "tap_filter.h"

#define TAP_DEVICE "net_tap_" KERNEL_TAP_IFNAME
#define TAP_RING 256

static int set_ipv4(int fd, unsigned long request, uint32_t addr)
{
	struct ifreq ifr = {0};
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = addr};

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", KERNEL_TAP_IFNAME);
	memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
	return ioctl(fd, request, &ifr);
}

/* The address and its connected route: the kernel then answers ping and
 * accepts BGP on it, and reaches peers on the VTEP's link. */
static int set_address(uint32_t addr, uint8_t prefix_len, char *err, size_t errlen)
{
	uint32_t mask = htonl(prefix_len >= 32 ? 0xffffffffu : ~(0xffffffffu >> prefix_len));
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;

	if (fd < 0) {
		snprintf(err, errlen, "kernel-tap: socket: %s", strerror(errno));
		return -1;
	}
	if (set_ipv4(fd, SIOCSIFADDR, addr) < 0 || set_ipv4(fd, SIOCSIFNETMASK, mask) < 0)
		snprintf(err, errlen, "kernel-tap: cannot give %s its address: %s",
			 KERNEL_TAP_IFNAME, strerror(errno));
	else
		rc = 0;
	close(fd);
	return rc;
}

/* Router solicitations and MLD would only be refused on the way out
 * (tap_filter_from_kernel): the kernel need not make them. Best effort: a
 * kernel without IPv6 has no such file. */
static void disable_ipv6(void)
{
	FILE *f = fopen("/proc/sys/net/ipv6/conf/" KERNEL_TAP_IFNAME "/disable_ipv6", "w");

	if (f) {
		fputs("1\n", f);
		fclose(f);
	}
}

static int start(struct kernel_tap *tap, struct rte_mempool *pool, char *err, size_t errlen)
{
	struct rte_eth_conf conf = {0};
	int node = rte_eth_dev_socket_id(tap->eth_port);
	int rc;

	if (node < 0)
		node = (int)rte_socket_id();
	rc = rte_eth_dev_configure(tap->eth_port, 1, 1, &conf);
	if (rc == 0)
		rc = rte_eth_rx_queue_setup(tap->eth_port, 0, TAP_RING, (unsigned)node, NULL, pool);
	if (rc == 0)
		rc = rte_eth_tx_queue_setup(tap->eth_port, 0, TAP_RING, (unsigned)node, NULL);
	if (rc == 0)
		rc = rte_eth_dev_start(tap->eth_port);
	if (rc == 0)
		rc = rte_eth_dev_set_link_up(tap->eth_port);
	if (rc < 0)
		snprintf(err, errlen, "kernel-tap: cannot start %s: %s", KERNEL_TAP_IFNAME,
			 strerror(-rc));
	return rc;
}

struct kernel_tap *kernel_tap_create(struct rte_mempool *pool, const uint8_t mac[6], uint32_t addr,
				     uint8_t prefix_len, uint16_t vlan, char *err, size_t errlen)
{
	struct kernel_tap *tap;
	char devargs[128];
	int rc;

	/* Ours closes with the process (net_tap's taps are not persistent):
	 * one that exists is someone else's. */
	if (if_nametoindex(KERNEL_TAP_IFNAME) != 0) {
		snprintf(err, errlen,
			 "kernel-tap: a device named %s exists in this network namespace and is "
			 "not sluice's (sluice's goes away with it): delete it (ip link del %s) "
			 "or set [vtep] kernel-tap = no",
			 KERNEL_TAP_IFNAME, KERNEL_TAP_IFNAME);
		return NULL;
	}
	tap = rte_zmalloc("kernel_tap", sizeof(*tap), 0);
	if (!tap) {
		snprintf(err, errlen, "kernel-tap: out of memory");
		return NULL;
	}
	tap->vlan = vlan;
	snprintf(devargs, sizeof(devargs),
		 TAP_DEVICE ",iface=" KERNEL_TAP_IFNAME ",mac=%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	rc = rte_dev_probe(devargs);
	if (rc < 0) {
		snprintf(err, errlen, "kernel-tap: cannot create %s (%s): %s", KERNEL_TAP_IFNAME,
			 devargs, strerror(-rc));
		rte_free(tap);
		return NULL;
	}
	if (rte_eth_dev_get_port_by_name(TAP_DEVICE, &tap->eth_port) != 0) {
		snprintf(err, errlen, "kernel-tap: %s was probed but has no ethdev", TAP_DEVICE);
		rte_free(tap);
		return NULL;
	}
	if (start(tap, pool, err, errlen) < 0 || set_address(addr, prefix_len, err, errlen) < 0) {
		kernel_tap_destroy(tap);
		return NULL;
	}
	disable_ipv6();
	return tap;
}

void kernel_tap_destroy(struct kernel_tap *tap)
{
	struct rte_eth_dev_info info;
	struct rte_device *dev = NULL;

	if (!tap)
		return;
	if (rte_eth_dev_info_get(tap->eth_port, &info) == 0)
		dev = info.device;
	rte_eth_dev_stop(tap->eth_port);
	/* Closing the queues' fds deletes the kernel's tap; removing the
	 * device lets a later datapath in this process create it again. */
	rte_eth_dev_close(tap->eth_port);
	if (dev)
		rte_dev_remove(dev);
	rte_free(tap);
}

void kernel_tap_to_kernel(struct kernel_tap *tap, struct rte_mbuf *m)
{
	if (tap->vlan && rte_vlan_strip(m) != 0) {
		tap->stats.to_kernel_failed++;
		rte_pktmbuf_free(m);
		return;
	}
	if (rte_eth_tx_burst(tap->eth_port, 0, &m, 1) != 1) {
		tap->stats.to_kernel_failed++;
		rte_pktmbuf_free(m);
		return;
	}
	tap->stats.to_kernel++;
}

uint16_t kernel_tap_from_kernel(struct kernel_tap *tap, struct rte_mbuf **out, uint16_t max)
{
	struct rte_mbuf *pkts[32];
	uint16_t n, kept = 0;

	n = rte_eth_rx_burst(tap->eth_port, 0, pkts, max < 32 ? max : 32);
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		if (!tap_filter_from_kernel(rte_pktmbuf_mtod(m, const uint8_t *),
					    rte_pktmbuf_data_len(m))) {
			tap->stats.from_kernel_refused++;
			rte_pktmbuf_free(m);
			continue;
		}
		if (tap->vlan) {
			m->vlan_tci = tap->vlan;
			if (rte_vlan_insert(&m) != 0) {
				tap->stats.from_kernel_refused++;
				rte_pktmbuf_free(m);
				continue;
			}
		}
		tap->stats.from_kernel++;
		out[kept++] = m;
	}
	return kept;
}
