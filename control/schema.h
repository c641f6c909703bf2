/* The one schema of sluice's objects: key names, types, defaults, ranges.
 *
 * The config file and (next) the control socket both set fields through
 * schema_set(), so a value means the same thing whichever transport carried
 * it. Everything here is pure: no DPDK, no I/O. */
#ifndef SLUICE_SCHEMA_H
#define SLUICE_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SLUICE_NAME_MAX 32
#define SLUICE_DEVARGS_MAX 256
/* sizeof(((struct sockaddr_un *)0)->sun_path) is 108 on Linux; one byte for NUL. */
#define SLUICE_SOCKET_PATH_MAX 108
#define SLUICE_MAX_PORTS 64
#define SLUICE_MAX_NETWORKS 64
#define SLUICE_MAX_WORKERS 32
#define SLUICE_MAX_QUEUES 16
#define SLUICE_MAX_CPUS 1024
#define SLUICE_MAX_NODES 32 /* DPDK 22.11's RTE_MAX_NUMA_NODES */
#define SCHEMA_MAX_KEYS 32
/* Remote VTEPs one tunnel network replicates floods to (head-end). */
#define SLUICE_MAX_FLOOD 16
/* Static next hops of the VTEP in the config file ([vtep] neighbours). */
#define SLUICE_MAX_STATIC_NEIGHBOURS 16

enum schema_type {
	SCHEMA_UINT,	  /* decimal, min..max, stored as uint32_t */
	SCHEMA_STRING,	  /* stored as char[size] */
	SCHEMA_PATH,	  /* a Unix socket path: char[size], must fit sun_path */
	SCHEMA_ENUM,	  /* one of names[], stored as int */
	SCHEMA_CORE_LIST, /* "2,3" or "2-5": struct core_list */
	SCHEMA_AFFINITY,  /* OVS syntax "0:2,1:3": struct rxq_affinity */
	SCHEMA_MAC,	  /* "aa:bb:cc:dd:ee:ff": struct mac_option */
	SCHEMA_OCTAL,	  /* permission bits "0660", up to max, stored as uint32_t */
	/* MiB "2048" or per NUMA node "1024,1024": struct socket_mem */
	SCHEMA_SOCKET_MEM,
	SCHEMA_IPV4,	    /* "198.18.0.1": uint32_t, network byte order */
	SCHEMA_IPV4_PREFIX, /* "198.18.0.1/24": struct ipv4_prefix */
	SCHEMA_IPV4_LIST,   /* "198.18.0.2, 198.18.0.3": struct ipv4_list */
	SCHEMA_UINT_AUTO,   /* "auto" (stored as 0) or a decimal min..max: uint32_t */
	/* "198.18.0.2 02:00:00:00:00:02, ...": struct neighbour_list */
	SCHEMA_NEIGHBOUR_LIST,
	/* "198.18.0.11, 198.18.1.0/24, 2001:db8::11": struct ip_prefix_list */
	SCHEMA_IP_LIST,
};

/* Which port types a key applies to (0: every object of the section). */
enum {
	SCHEMA_FOR_PHY = 1 << 0,
	SCHEMA_FOR_VHOST = 1 << 1,
	/* Network types: the tunnel keys apply to one or both. */
	SCHEMA_FOR_VXLAN = 1 << 2,
	SCHEMA_FOR_GRE = 1 << 3,
	SCHEMA_FOR_VLAN = 1 << 4,
};

struct schema_key {
	const char *name;
	enum schema_type type;
	size_t offset; /* of the field in the object struct */
	size_t size;   /* of the field, for strings and paths */
	uint32_t min, max;
	const char *const *names; /* NULL-terminated, for SCHEMA_ENUM */
	const char *default_text; /* what an absent key means, for docs and --help */
	bool required;
	unsigned applies_to;
	const char *help;
};

struct schema_object {
	const char *section; /* "dataplane", "port", "network", "control" */
	bool named;	     /* [port NAME] vs [dataplane] */
	const struct schema_key *keys;
	size_t n_keys;
};

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

struct ipv4_list {
	uint32_t n;
	uint32_t addrs[SLUICE_MAX_FLOOD];
};

/* IPv4 address -> MAC pairs, addresses unique. */
struct neighbour_list {
	uint32_t n;
	struct {
		uint32_t ip; /* network order */
		uint8_t mac[6];
	} entries[SLUICE_MAX_STATIC_NEIGHBOURS];
};

/* IPv4 and IPv6 addresses or prefixes a VM may send from (port `ips`).
 * Addresses in network order; host bits beyond len are zero. */
#define SLUICE_MAX_PORT_IPS 16
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
struct schema_origin {
	int section_line;
	int key_line[SCHEMA_MAX_KEYS];
};

const struct schema_object *schema_find_object(const char *section);
/* Index of key in obj->keys, or -1. */
int schema_find_key(const struct schema_object *obj, const char *key);

/* Parse value for key index k into object. On error returns -1 and writes
 * "why" (without file/line/key prefix) into err. */
int schema_set(const struct schema_object *obj, int k, void *object, const char *value, char *err,
	       size_t errlen);

/* Value parsers, exposed for the unit tests and for the socket's validation. */
int schema_parse_uint(const char *value, uint32_t min, uint32_t max, uint32_t *out, char *err,
		      size_t errlen);
int schema_parse_core_list(const char *value, struct core_list *out, char *err, size_t errlen);
int schema_parse_affinity(const char *value, struct rxq_affinity *out, char *err, size_t errlen);
/* "2048" (min..max) or "1024,0,1024" (each 0..max, the sum min..max). */
int schema_parse_socket_mem(const char *value, uint32_t min, uint32_t max, struct socket_mem *out,
			    char *err, size_t errlen);
int schema_parse_mac(const char *value, uint8_t out[6], char *err, size_t errlen);
bool schema_name_is_valid(const char *name);
/* A unicast host address: not 0.0.0.0/8, loopback, multicast, class E or broadcast. */
int schema_parse_ipv4(const char *value, uint32_t *out, char *err, size_t errlen);
int schema_parse_ipv4_prefix(const char *value, struct ipv4_prefix *out, char *err, size_t errlen);
int schema_parse_ipv4_list(const char *value, struct ipv4_list *out, char *err, size_t errlen);
/* "ADDRESS MAC, ADDRESS MAC": unicast host addresses, unicast MACs, no
 * address twice. */
int schema_parse_neighbour_list(const char *value, struct neighbour_list *out, char *err,
				size_t errlen);

/* "ADDRESS[/LEN], ..." of IPv4 and IPv6 (ip_list.c): no entry twice, no
 * multicast, host bits of a prefix zero. */
int schema_parse_ip_list(const char *value, struct ip_prefix_list *out, char *err, size_t errlen);
/* "198.18.0.11", "198.18.1.0/24", "2001:db8::11": the length only for a
 * prefix shorter than a host's. buf holds INET6_ADDRSTRLEN + 4. */
void ip_prefix_text(const struct ip_prefix *p, char *buf, size_t len);

extern const struct schema_object schema_dataplane;
extern const struct schema_object schema_control;
extern const struct schema_object schema_port;
extern const struct schema_object schema_network;
extern const struct schema_object schema_vtep;
extern const struct schema_object schema_metrics;

#endif
