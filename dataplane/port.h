/* A port as the datapath sees it at run time: shared by the control thread,
 * the vhost event thread and the PMDs. Fields PMDs read while another thread
 * writes them are accessed with __atomic builtins. */
#ifndef SLUICE_PORT_H
#define SLUICE_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>

#include "../common/config_types.h"

#define PORT_NO_NETWORK UINT16_MAX

struct port {
	uint16_t index;
	char name[SLUICE_NAME_MAX];
	enum port_type type;
	uint16_t network; /* PORT_NO_NETWORK: none */
	/* CAPTURE_RX | CAPTURE_TX while a capture runs: the PMDs copy what
	 * passes (capture.h). Read on every burst, so near the fields the
	 * PMD reads anyway. */
	uint8_t capture;
	bool has_mac;
	struct rte_ether_addr mac;
	int numa_node;
	/* Offloads (offload.h), read by the PMDs on every offloaded packet:
	 * OFFLOAD_* bits the port takes as they are (vhost: what its guest
	 * negotiated; phy: what the device offers), written before the port
	 * goes up (ready, started). */
	uint32_t tx_offload;
	/* vhost: the guest hands over TSO or partial checksums (HOST_TSO4/6,
	 * CSUM): its packets pass offload_rx_guest(). */
	bool guest_offloads;

	/* phy */
	uint16_t eth_port;
	uint16_t n_rxq, n_txq;
	uint16_t mtu;
	bool started;
	/* The device sends single-segment mbufs only: outputs of a flood
	 * get full copies instead of replicas (replicate.h). */
	bool tx_flat_only;

	/* vhost */
	char socket[SLUICE_SOCKET_PATH_MAX];
	enum vhost_mode mode;
	uint16_t max_queues;
	uint32_t socket_mode;  /* server mode: applied to the socket file */
	char socket_group[64]; /* server mode: "" leaves the group */
	bool registered;
	int vid;       /* valid while ready */
	uint8_t ready; /* PMDs may call rte_vhost with vid */
	/* Guest rx vrings (our enqueue side) that are enabled, packed first. */
	uint16_t n_enq;
	uint16_t enq_queue[SLUICE_MAX_QUEUES];
	/* Guest tx vrings (our dequeue side) that are enabled. */
	uint8_t deq_enabled[SLUICE_MAX_QUEUES];
	uint64_t vring_enabled_mask; /* by vring index, as rte_vhost reports */
	bool offloads;		     /* `offloads = on`: negotiated with the guest */
	uint64_t features;	     /* virtio features the guest negotiated last */
	uint64_t connects, disconnects;
	/* The MTU the front end announced (VHOST_USER_NET_SET_MTU, QEMU's
	 * host_mtu), 0 when it did not; checked against the network MTU. */
	enum mtu_policy mtu_policy;
	uint16_t guest_mtu;
	uint16_t guest_mtu_limit; /* the network MTU it was checked against */
	/* The MTU of the port's network (0: none to check), stored by the
	 * control thread at every publish, so rte_vhost's thread checks a
	 * NET_SET_MTU against one integer instead of walking the config the
	 * control thread may be changing. */
	uint16_t network_mtu;
	uint64_t guest_mtu_refused;
};

#endif
