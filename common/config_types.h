/* The desired state as plain data: what the INI file or the control socket
 * asked for, validated by control/config.c, read by the dataplane when it
 * builds its view. Types and a few predicates on them; no parsing, no DPDK. */
#ifndef SLUICE_COMMON_CONFIG_TYPES_H
#define SLUICE_COMMON_CONFIG_TYPES_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "values.h"

enum hugepage_mode { HUGEPAGES_NONE, HUGEPAGES_2M, HUGEPAGES_1G, HUGEPAGES_AUTO };
enum port_type { PORT_TYPE_PHY, PORT_TYPE_VHOST, PORT_TYPE_COUNT };
enum vhost_mode { VHOST_MODE_CLIENT, VHOST_MODE_SERVER };
enum network_type { NETWORK_TYPE_FLAT, NETWORK_TYPE_VXLAN, NETWORK_TYPE_GRE, NETWORK_TYPE_VLAN };
enum mtu_policy { MTU_POLICY_ENFORCE, MTU_POLICY_WARN };
enum mac_limit_action { MAC_LIMIT_DROP, MAC_LIMIT_FLOOD };

struct dataplane_config {
	uint32_t main_core;
	struct core_list worker_cores;
	int hugepages; /* enum hugepage_mode */
	/* socket_mem_mb aliases socket_mem.total_mb, its first member. */
	union {
		uint32_t socket_mem_mb;
		struct socket_mem socket_mem;
	};
	char file_prefix[64];
	char eal_args[512];
	uint32_t fdb_entries;
	uint32_t mbuf_size; /* data room after the headroom */
	uint32_t mbufs;	    /* mbufs per pool; 0: sized from the ports */
	/* Enqueues to a guest whose rx ring was full, repeated while they
	 * make progress, before the rest count as vhost-queue-full. */
	uint32_t vhost_tx_retries;
	/* Automatic rx-queue rebalancing (control/rebalance.c): enum
	 * rebalance_mode, seconds between decisions, and the least gain in
	 * percent of the busiest PMD's load that moves queues. */
	int rebalance;
	uint32_t rebalance_interval;
	uint32_t rebalance_threshold;
	/* Longest sleep in microseconds of a PMD whose polls find nothing
	 * (pmd_sleep.h); 0: never sleep. */
	uint32_t pmd_sleep_max;
	/* Ports and networks it can hold: the lengths of every table indexed by
	 * one (common/limits.h); fixed at start. */
	uint32_t max_ports;
	uint32_t max_networks;
	struct schema_origin origin;
};

enum rebalance_mode { REBALANCE_OFF, REBALANCE_AUTO };

struct control_config {
	char socket[SLUICE_SOCKET_PATH_MAX];
	uint32_t mode; /* permission bits of the socket file */
	char group[64];
	struct schema_origin origin;
};

/* The Prometheus endpoint: off unless [metrics] listen is set. */
struct metrics_config {
	char listen[SLUICE_SOCKET_PATH_MAX]; /* "ADDRESS:PORT", "[V6]:PORT" or a path; "" off */
	struct schema_origin origin;
};

struct port_config {
	char name[SLUICE_NAME_MAX];
	int type; /* enum port_type */
	char network[SLUICE_NAME_MAX];
	/* phy */
	char devargs[SLUICE_DEVARGS_MAX];
	uint32_t rx_queues, tx_queues;
	uint32_t rx_descriptors, tx_descriptors;
	uint32_t mtu; /* 0: leave the device's */
	struct rxq_affinity rxq_affinity;
	/* vhost */
	char socket[SLUICE_SOCKET_PATH_MAX];
	int mode; /* enum vhost_mode */
	uint32_t max_queues;
	struct mac_option mac;
	/* Port security (issue 13, dataplane/port_security.h): what the VM may
	 * send from, and which server roles it may play. */
	int port_security;	   /* -1: on when mac is set, 0 off, 1 on */
	struct ip_prefix_list ips; /* allowed source addresses and prefixes */
	int dhcp_server;	   /* 0 no, 1 yes: may send DHCPv4 replies */
	int router;		   /* 0 no, 1 yes: may send router advertisements */
	int mtu_policy;		   /* enum mtu_policy */
	int offloads;		   /* 1: negotiate checksum and TSO offloads with the guest */
	/* server mode: the socket file's permission bits and group, so QEMU
	 * (libvirt-qemu) may connect; applied every time sluice creates it. */
	uint32_t socket_mode;
	char socket_group[64];
	/* Limits (issue 13, limits_config.h): MAC learning, storm control,
	 * policing. PORT_LIMIT_DEFAULT until validation resolves it by type. */
	uint32_t mac_limit;	  /* learned MACs, 0: none */
	int mac_limit_action;	  /* enum mac_limit_action */
	uint32_t storm_broadcast; /* packets/s, 0: off */
	uint32_t storm_multicast; /* packets/s, 0: off */
	uint32_t storm_unknown;	  /* unknown unicast packets/s, 0: off */
	uint32_t ingress_rate;	  /* Mbit/s, 0: off */
	uint32_t ingress_burst;	  /* KiB, 0: sized from ingress_rate */
	struct schema_origin origin;
};

struct network_config {
	char name[SLUICE_NAME_MAX];
	int type; /* enum network_type */
	uint32_t mac_aging;
	/* tunnel networks */
	uint32_t vni;		/* vxlan */
	uint32_t key;		/* gre */
	struct ipv4_list flood; /* remote VTEPs for head-end replication */
	uint32_t mtu;		/* NETWORK_MTU_AUTO (0) or an explicit IP MTU */
	int mss_clamp;		/* 0 no, 1 yes */
	int evpn;		/* 0 no, 1 yes: kernel shadow for FRR (control/evpn.h) */
	/* vlan networks: 802.1Q id on the trunk phy port */
	uint32_t vid;
	char port[SLUICE_NAME_MAX];
	/* Limits (issue 13): learned MACs in the whole network, 0: none. */
	uint32_t mac_limit;
	int mac_limit_action; /* enum mac_limit_action */
	struct schema_origin origin;
};

/* The datapath's own tunnel endpoint; present when the file has [vtep]. */
struct vtep_config {
	bool present;
	struct ipv4_prefix address;
	char port[SLUICE_NAME_MAX];
	uint32_t gateway; /* 0: none */
	uint32_t ttl;
	int df; /* 0 no, 1 yes */
	uint32_t vxlan_port;
	struct neighbour_list neighbours; /* static, loaded at start */
	uint32_t vlan;			  /* outer 802.1Q VLAN id, 0: untagged */
	int kernel_tap;			  /* 0 no, 1 yes: the slvtep tap (kernel_tap.h) */
	/* Start-only sizes (sizes.h): next hops the table holds (learned
	 * ones stop here), and remote VTEPs one network floods to. */
	uint32_t max_neighbours;
	uint32_t max_flood_vteps;
	struct schema_origin origin;
};

struct sluice_config {
	char file[PATH_MAX];
	struct dataplane_config dataplane;
	struct control_config control;
	struct metrics_config metrics;
	struct vtep_config vtep;
	struct port_config ports[SLUICE_PORTS_CEILING];
	uint32_t n_ports;
	struct network_config networks[SLUICE_NETWORKS_CEILING];
	uint32_t n_networks;
};

/* Facts about the machine that validation checks against; main() reads them
 * from sysfs, tests make them up. */
struct config_host {
	bool cpu_online[SLUICE_MAX_CPUS];
};

/* True for vxlan and gre networks. */
bool network_is_tunnel(const struct network_config *net);
/* port-security as it applies: the explicit on/off, else on when mac is set. */
bool port_config_security_on(const struct port_config *port);
int config_find_network(const struct sluice_config *cfg, const char *name);
int config_find_port(const struct sluice_config *cfg, const char *name);
/* Which CPUs are online, from sysfs: -1 when it cannot be read. */
int config_host_read(struct config_host *host);

#endif
