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

#include "../common/sizes.h"
#include "../common/values.h"

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
