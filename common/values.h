/* Plain values the configuration holds and the dataplane reads: core
 * lists, addresses, prefixes, MACs. Parsed by control/schema.c; no code here. */
#ifndef SLUICE_COMMON_VALUES_H
#define SLUICE_COMMON_VALUES_H

#include <stdbool.h>
#include <stdint.h>

#include "sizes.h"

struct core_list {
	uint32_t n;
	uint32_t cores[SLUICE_MAX_WORKERS];
};

struct rxq_affinity {
	uint32_t n;
	struct {
		uint32_t queue;
		uint32_t core;
	} map[SLUICE_MAX_QUEUES];
};

/* socket-mem: a total for DPDK to spread over the nodes of the lcores (-m),
 * or MiB per NUMA node, node 0 first (--socket-mem). */
struct socket_mem {
	uint32_t total_mb; /* the sum when given per node; first, see dataplane_config */
	uint32_t n_nodes;  /* 0: a total */
	uint32_t node_mb[SLUICE_MAX_NODES];
};

struct mac_option {
	bool set;
	uint8_t bytes[6];
};

/* IPv4 addresses are kept in network byte order, as the wire and the pure
 * tunnel layer (dataplane/tunnel_encap.h) want them. */
struct ipv4_prefix {
	uint32_t addr;
	uint32_t len; /* 1..32 */
};

/* A config file's list: parse storage (sizes.h), bounded by validation. */
struct ipv4_list {
	uint32_t n;
	uint32_t addrs[SLUICE_STATIC_FLOOD_CEILING];
};

/* IPv4 address -> MAC pairs, addresses unique. */
struct neighbour_list {
	uint32_t n;
	struct {
		uint32_t ip; /* network order */
		uint8_t mac[6];
	} entries[SLUICE_STATIC_NEIGHBOURS_CEILING];
};

/* IPv4 and IPv6 addresses or prefixes a VM may send from (port `ips`).
 * Addresses in network order; host bits beyond len are zero. */
struct ip_prefix {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t len;	/* 0..32 or 0..128 */
	uint8_t addr[16];
};

struct ip_prefix_list {
	uint32_t n;
	struct ip_prefix items[SLUICE_MAX_PORT_IPS];
};

/* Where each key of one object was set: 0 means "not set". */
#define SCHEMA_MAX_KEYS 32
struct schema_origin {
	int section_line;
	int key_line[SCHEMA_MAX_KEYS];
};

#endif
