#include "port_phy.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_ethdev.h>

#include "offload.h"
#include "replicate.h"

uint64_t port_phy_rss_hf(uint64_t offered)
{
	/* UDP media flows differ only in their ports: hash on L4 too, or one
	 * queue takes them all. */
	return (RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP) & offered;
}

bool port_phy_rx_queues_unpolled(const char *driver_name, uint32_t rx_queues,
				 uint32_t device_rx_queues)
{
	/* A NIC's unconfigured queues receive nothing (RSS spreads over the
	 * configured ones); af_packet's sockets exist from probe on. */
	return driver_name && strcmp(driver_name, "net_af_packet") == 0 &&
	       rx_queues < device_rx_queues;
}

uint64_t port_phy_tx_offloads(uint64_t offered, uint32_t *caps)
{
	const uint64_t csum = RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM;
	uint64_t on = 0;

	*caps = 0;
	if ((offered & csum) == csum) {
		on |= csum;
		*caps |= OFFLOAD_CSUM;
		if (offered & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM) {
			on |= RTE_ETH_TX_OFFLOAD_IPV4_CKSUM;
			*caps |= OFFLOAD_IPV4_CSUM;
		}
		/* Segments of TSO come out as chains of the input's mbufs. */
		if ((offered & RTE_ETH_TX_OFFLOAD_TCP_TSO) &&
		    (offered & RTE_ETH_TX_OFFLOAD_MULTI_SEGS)) {
			on |= RTE_ETH_TX_OFFLOAD_TCP_TSO;
			*caps |= OFFLOAD_TSO4 | OFFLOAD_TSO6;
		}
	}
	return on;
}

static int find_ethdev(const char *devargs, uint16_t *eth_port)
{
	struct rte_dev_iterator it;
	uint16_t id;

	RTE_ETH_FOREACH_MATCHING_DEV(id, devargs, &it)
	{
		*eth_port = id;
		rte_eth_iterator_cleanup(&it);
		return 0;
	}
	return -ENODEV;
}

static int probe(const struct port_config *cfg, uint16_t *eth_port, char *err, size_t errlen)
{
	int rc;

	if (find_ethdev(cfg->devargs, eth_port) == 0)
		return 0; /* probed at EAL init (a PCI device on the allow list) */
	rc = rte_dev_probe(cfg->devargs);
	if (rc < 0) {
		snprintf(err, errlen, "port '%s': cannot probe device '%s': %s", cfg->name,
			 cfg->devargs, strerror(-rc));
		return -1;
	}
	if (find_ethdev(cfg->devargs, eth_port) < 0) {
		snprintf(err, errlen, "port '%s': device '%s' was probed but has no ethdev",
			 cfg->name, cfg->devargs);
		return -1;
	}
	return 0;
}

static int configure(struct datapath *dp, struct port *port, const struct port_config *cfg,
		     char *err, size_t errlen)
{
	struct rte_eth_conf conf = {0};
	struct rte_eth_dev_info info;
	struct rte_mempool *pool;
	uint32_t frame_len;
	int rc, node;

	rc = rte_eth_dev_info_get(port->eth_port, &info);
	if (rc < 0) {
		snprintf(err, errlen, "port '%s': cannot read device info: %s", cfg->name,
			 strerror(-rc));
		return -1;
	}
	if (cfg->rx_queues > info.max_rx_queues || cfg->tx_queues > info.max_tx_queues) {
		snprintf(err, errlen,
			 "port '%s': device offers %u rx and %u tx queues, config asks %u and %u",
			 cfg->name, info.max_rx_queues, info.max_tx_queues, cfg->rx_queues,
			 cfg->tx_queues);
		return -1;
	}
	if (port_phy_rx_queues_unpolled(info.driver_name, cfg->rx_queues, info.max_rx_queues)) {
		snprintf(err, errlen,
			 "port '%s': %s spreads received frames over all its %u queue pairs "
			 "(qpairs), but rx-queues = %u polls fewer and the rest are lost: set "
			 "rx-queues = %u",
			 cfg->name, info.driver_name, info.max_rx_queues, cfg->rx_queues,
			 info.max_rx_queues);
		return -1;
	}
	node = rte_eth_dev_socket_id(port->eth_port);
	port->numa_node = node < 0 ? 0 : node;
	pool = datapath_pool(dp, port->numa_node, err, errlen);
	if (!pool)
		return -1;

	if (cfg->rx_queues > 1) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = port_phy_rss_hf(info.flow_type_rss_offloads);
	}
	if (cfg->mtu) {
		if (cfg->mtu > info.max_mtu || cfg->mtu < info.min_mtu) {
			snprintf(err, errlen, "port '%s': mtu %u is outside the device's %u..%u",
				 cfg->name, cfg->mtu, info.min_mtu, info.max_mtu);
			return -1;
		}
		conf.rxmode.mtu = cfg->mtu;
	}
	/* Frames larger than one mbuf arrive as chains when the device can
	 * scatter; packets from vhost may be chains too. */
	frame_len = (cfg->mtu ? cfg->mtu : RTE_ETHER_MTU) + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;
	if (frame_len > (uint32_t)(rte_pktmbuf_data_room_size(pool) - RTE_PKTMBUF_HEADROOM)) {
		if (!(info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER)) {
			snprintf(err, errlen,
				 "port '%s': mtu %u needs rx scatter, which the device lacks",
				 cfg->name, cfg->mtu);
			return -1;
		}
		conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
	}
	conf.txmode.offloads |= info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	port->tx_flat_only = !replicate_device_takes_chains(info.driver_name, info.tx_offload_capa);
	conf.txmode.offloads |= port_phy_tx_offloads(info.tx_offload_capa, &port->tx_offload);

	rc = rte_eth_dev_configure(port->eth_port, (uint16_t)cfg->rx_queues,
				   (uint16_t)cfg->tx_queues, &conf);
	if (rc < 0) {
		snprintf(err, errlen, "port '%s': configure failed: %s", cfg->name, strerror(-rc));
		return -1;
	}
	for (uint16_t q = 0; q < cfg->rx_queues; q++) {
		rc = rte_eth_rx_queue_setup(port->eth_port, q, (uint16_t)cfg->rx_descriptors,
					    (unsigned)port->numa_node, NULL, pool);
		if (rc < 0) {
			snprintf(err, errlen, "port '%s': rx queue %u setup (%u descriptors): %s",
				 cfg->name, q, cfg->rx_descriptors, strerror(-rc));
			return -1;
		}
	}
	for (uint16_t q = 0; q < cfg->tx_queues; q++) {
		rc = rte_eth_tx_queue_setup(port->eth_port, q, (uint16_t)cfg->tx_descriptors,
					    (unsigned)port->numa_node, NULL);
		if (rc < 0) {
			snprintf(err, errlen, "port '%s': tx queue %u setup (%u descriptors): %s",
				 cfg->name, q, cfg->tx_descriptors, strerror(-rc));
			return -1;
		}
	}
	port->n_rxq = (uint16_t)cfg->rx_queues;
	port->n_txq = (uint16_t)cfg->tx_queues;
	return 0;
}

/* A device on a kernel interface (net_af_packet, net_tap, net_af_xdp) sends
 * what the interface's MTU allows, whatever the ethdev says: net_af_packet
 * reports 1500 and refuses more, while its veth may carry 9000 (give it
 * framesz=blocksz=16384). When the config leaves the MTU alone, the
 * interface's own is the port's, so `mtu = auto` networks follow it. */
static uint16_t kernel_mtu(uint16_t eth_port, uint16_t fallback)
{
	struct rte_eth_dev_info info;
	struct ifreq ifr;
	int fd, rc;

	if (rte_eth_dev_info_get(eth_port, &info) != 0 || info.if_index == 0)
		return fallback;
	memset(&ifr, 0, sizeof(ifr));
	if (!if_indextoname(info.if_index, ifr.ifr_name))
		return fallback;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return fallback;
	rc = ioctl(fd, SIOCGIFMTU, &ifr);
	close(fd);
	if (rc < 0 || ifr.ifr_mtu <= 0 || ifr.ifr_mtu > UINT16_MAX)
		return fallback;
	return (uint16_t)ifr.ifr_mtu;
}

int port_phy_open(struct datapath *dp, struct port *port, const struct port_config *cfg, char *err,
		  size_t errlen)
{
	int rc;

	if (probe(cfg, &port->eth_port, err, errlen) < 0)
		return -1;
	if (configure(dp, port, cfg, err, errlen) < 0) {
		port_phy_close(port);
		return -1;
	}
	rc = rte_eth_dev_start(port->eth_port);
	if (rc < 0) {
		snprintf(err, errlen, "port '%s': start failed: %s", cfg->name, strerror(-rc));
		port_phy_close(port);
		return -1;
	}
	/* Flat networks bridge foreign MACs: the device must not filter them. */
	rte_eth_promiscuous_enable(port->eth_port);
	rte_eth_dev_get_mtu(port->eth_port, &port->mtu);
	if (!cfg->mtu)
		port->mtu = kernel_mtu(port->eth_port, port->mtu);
	port->started = true;
	return 0;
}

void port_phy_close(struct port *port)
{
	struct rte_eth_dev_info info;
	struct rte_device *dev = NULL;

	if (rte_eth_dev_info_get(port->eth_port, &info) == 0)
		dev = info.device;
	if (port->started)
		rte_eth_dev_stop(port->eth_port);
	port->started = false;
	rte_eth_dev_close(port->eth_port);
	if (dev)
		rte_dev_remove(dev);
}
