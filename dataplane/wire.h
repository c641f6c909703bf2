/* The wire formats the overlay speaks, and nothing else. Every multi-byte
 * field is in network byte order. The structs are packed with no padding, so
 * a header is read by copying sizeof(struct) bytes out of the frame into a
 * local, and written by copying a filled local in. */
#ifndef SLUICE_WIRE_H
#define SLUICE_WIRE_H

#include <stdint.h>

#define WIRE_PACKED __attribute__((packed))

/* Ethernet II (IEEE 802.3 clause 3.1.1, without preamble and FCS). */
#define WIRE_ETHER_ADDR_LEN 6
#define WIRE_ETHERTYPE_IPV4 0x0800
#define WIRE_ETHERTYPE_ARP 0x0806
#define WIRE_ETHERTYPE_VLAN 0x8100 /* IEEE 802.1Q customer tag */
#define WIRE_ETHERTYPE_IPV6 0x86dd
#define WIRE_ETHERTYPE_TEB 0x6558 /* transparent Ethernet bridging, GRE's protocol for L2 */

struct wire_ether {
	uint8_t dst[WIRE_ETHER_ADDR_LEN];
	uint8_t src[WIRE_ETHER_ADDR_LEN];
	uint16_t type;
} WIRE_PACKED;

/* IEEE 802.1Q tag: follows wire_ether when its type is WIRE_ETHERTYPE_VLAN. */
#define WIRE_VLAN_VID_MASK 0x0fff
#define WIRE_VLAN_VID_MAX 4094 /* 4095 is reserved */

struct wire_vlan {
	uint16_t tci; /* priority (3 bits), drop eligible (1), VLAN id (12) */
	uint16_t type;
} WIRE_PACKED;

/* IPv4 (RFC 791 section 3.1). */
#define WIRE_IPV4_VERSION 4
#define WIRE_IPV4_MIN_IHL 5 /* 32-bit words: a 20-byte header without options */
#define WIRE_IPV4_FLAG_DF 0x4000
#define WIRE_IPV4_FLAG_MF 0x2000
#define WIRE_IPV4_OFFSET_MASK 0x1fff
#define WIRE_IPPROTO_TCP 6
#define WIRE_IPPROTO_UDP 17
#define WIRE_IPPROTO_GRE 47

struct wire_ipv4 {
	uint8_t version_ihl; /* version (4 bits), header length in 32-bit words (4) */
	uint8_t tos;
	uint16_t total_length;
	uint16_t id;
	uint16_t fragment; /* flags (3 bits: reserved, DF, MF), offset in 8 bytes (13) */
	uint8_t ttl;
	uint8_t protocol;
	uint16_t checksum;
	uint32_t src;
	uint32_t dst;
} WIRE_PACKED;

/* IPv6 fixed header (RFC 8200 section 3); read only to hash inner flows. */
struct wire_ipv6 {
	uint32_t version_class_flow; /* version (4 bits), traffic class (8), flow label (20) */
	uint16_t payload_length;
	uint8_t next_header;
	uint8_t hop_limit;
	uint8_t src[16];
	uint8_t dst[16];
} WIRE_PACKED;

/* UDP (RFC 768). TCP's first four bytes are the same two ports. */
struct wire_udp {
	uint16_t src_port;
	uint16_t dst_port;
	uint16_t length; /* header and payload */
	uint16_t checksum;
} WIRE_PACKED;

/* VXLAN (RFC 7348 section 5): flags RRRRIRRR, 24 reserved bits, the 24-bit
 * VNI, 8 reserved bits. The UDP checksum over IPv4 may be zero. */
#define WIRE_VXLAN_PORT 4789
#define WIRE_VXLAN_FLAG_I 0x08 /* the VNI is valid */
#define WIRE_VXLAN_VNI_MAX 0xffffff

struct wire_vxlan {
	uint8_t flags;
	uint8_t reserved1[3];
	uint8_t vni[3];
	uint8_t reserved2;
} WIRE_PACKED;

/* GRE (RFC 2784 section 2, with the key and sequence bits of RFC 2890).
 * RFC 2784 section 2.3: a receiver discards a packet with any of bits 1-5 set (R, K, S,
 * RFC 1701's strict source route and the top recursion control bit), unless
 * it implements RFC 1701; RFC 2890 gives K and S a meaning. Bits 6-12 are
 * reserved: sent as zero, ignored on receipt. Bits 13-15: version, zero. */
#define WIRE_GRE_FLAG_C 0x8000	      /* bit 0: checksum present */
#define WIRE_GRE_FLAG_R 0x4000	      /* bit 1: routing present (RFC 1701) */
#define WIRE_GRE_FLAG_K 0x2000	      /* bit 2: key present (RFC 2890) */
#define WIRE_GRE_FLAG_S 0x1000	      /* bit 3: sequence number present (RFC 2890) */
#define WIRE_GRE_RFC1701_MASK 0x0c00  /* bits 4-5: strict source route, recursion */
#define WIRE_GRE_RESERVED_MASK 0x03f8 /* bits 6-12 */
#define WIRE_GRE_VERSION_MASK 0x0007  /* bits 13-15 */

struct wire_gre {
	uint16_t flags_version;
	uint16_t protocol; /* an ethertype: WIRE_ETHERTYPE_TEB for an Ethernet payload */
} WIRE_PACKED;

/* The key follows wire_gre when WIRE_GRE_FLAG_K is set (and nothing else is). */
struct wire_gre_key {
	uint32_t key;
} WIRE_PACKED;

/* ARP for IPv4 over Ethernet (RFC 826). */
#define WIRE_ARP_HW_ETHER 1
#define WIRE_ARP_OP_REQUEST 1
#define WIRE_ARP_OP_REPLY 2

struct wire_arp {
	uint16_t hw_type;
	uint16_t proto_type;
	uint8_t hw_len;
	uint8_t proto_len;
	uint16_t op;
	uint8_t sender_mac[WIRE_ETHER_ADDR_LEN];
	uint32_t sender_ip;
	uint8_t target_mac[WIRE_ETHER_ADDR_LEN];
	uint32_t target_ip;
} WIRE_PACKED;

_Static_assert(sizeof(struct wire_ether) == 14, "Ethernet header");
_Static_assert(sizeof(struct wire_vlan) == 4, "802.1Q tag");
_Static_assert(sizeof(struct wire_ipv4) == 20, "IPv4 header");
_Static_assert(sizeof(struct wire_ipv6) == 40, "IPv6 header");
_Static_assert(sizeof(struct wire_udp) == 8, "UDP header");
_Static_assert(sizeof(struct wire_vxlan) == 8, "VXLAN header");
_Static_assert(sizeof(struct wire_gre) + sizeof(struct wire_gre_key) == 8, "GRE with key");
_Static_assert(sizeof(struct wire_arp) == 28, "ARP IPv4 over Ethernet");

#endif
