/* The outer headers in front of an inner Ethernet frame: VXLAN or GRE with
 * key over IPv4, optionally VLAN tagged. Pure: byte buffers in, bytes out.
 *
 * IPv4 addresses are uint32_t in network byte order (as inet_pton and the
 * wire give them); ports, VLAN ids, VNIs and keys are host-order numbers. */
#ifndef SLUICE_TUNNEL_ENCAP_H
#define SLUICE_TUNNEL_ENCAP_H

#include <stdbool.h>
#include <stdint.h>

#include "tunnel_kind.h"

/* Outer header bytes, the MTU cost of each overlay (+4 with a VLAN tag). */
#define TUNNEL_VXLAN_OVERHEAD 50 /* Ethernet 14, IPv4 20, UDP 8, VXLAN 8 */
#define TUNNEL_GRE_OVERHEAD 42	 /* Ethernet 14, IPv4 20, GRE 4, key 4 */
#define TUNNEL_VLAN_OVERHEAD 4
#define TUNNEL_MAX_OVERHEAD (TUNNEL_VXLAN_OVERHEAD + TUNNEL_VLAN_OVERHEAD)

/* RFC 7348 section 5: source ports from the dynamic/private range. */
#define TUNNEL_VXLAN_SOURCE_PORT_MIN 49152
#define TUNNEL_VXLAN_SOURCE_PORT_MAX 65535

struct tunnel_encap_params {
	enum tunnel_kind kind;
	uint8_t src_mac[6]; /* our phy port */
	uint8_t dst_mac[6]; /* the resolved next hop */
	uint16_t vlan;	    /* 0: untagged; else the VTEP's VLAN id, 1..4094 */
	uint32_t src_ip;    /* network order: our VTEP address */
	uint32_t dst_ip;    /* network order: the remote VTEP */
	uint8_t ttl;
	bool df;	/* set DF, and identification 0 (RFC 6864 section 4.1) */
	uint16_t ip_id; /* identification when df is false: the caller's counter */
	union {
		uint32_t vni; /* VXLAN: 24 bits */
		uint32_t key; /* GRE */
	};
	uint16_t udp_dst_port; /* VXLAN: 0 means 4789 */
	uint16_t udp_src_port; /* VXLAN: tunnel_vxlan_source_port() of the inner frame */
};

/* Bytes tunnel_encap_write() puts in front of the inner frame. */
static inline uint32_t tunnel_encap_len(enum tunnel_kind kind, uint16_t vlan)
{
	return (kind == TUNNEL_VXLAN ? TUNNEL_VXLAN_OVERHEAD : TUNNEL_GRE_OVERHEAD) +
	       (vlan ? TUNNEL_VLAN_OVERHEAD : 0);
}

/* Writes the whole outer header (tunnel_encap_len() bytes) at out, to sit in
 * front of an inner frame of inner_len bytes that the caller places right
 * after it; the inner frame is not read. Returns the header length, or -1
 * when the VNI is over 24 bits, the VLAN id over 4094, or the packet would
 * not fit an IPv4 total length. */
int tunnel_encap_write(const struct tunnel_encap_params *params, uint32_t inner_len, uint8_t *out);

/* A VXLAN source port for the inner frame: a hash of its Ethernet addresses
 * and, for IPv4 or IPv6 carrying TCP or UDP, its addresses, protocol and
 * ports, mapped into 49152..65535. The same flow always gets the same port,
 * so the underlay's ECMP keeps it on one path, in order (RFC 7348 section 5). */
uint16_t tunnel_vxlan_source_port(const uint8_t *inner, uint32_t len);

#endif
