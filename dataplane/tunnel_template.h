/* A prebuilt outer header per tunnel network: everything that is the same for
 * every packet of the network (our MAC, VLAN tag, VTEP address, TTL, DF,
 * protocol, UDP port, VNI or key) is written once when the view is built, by
 * tunnel_encap_write() itself; a packet copies it and patches only what
 * varies: the next hop's MAC, the remote VTEP, the lengths, the
 * identification, the VXLAN source port and the IPv4 checksum, which starts
 * from a precomputed sum over the fixed words. The bytes are identical to
 * tunnel_encap_write()'s for the same parameters (tests/unit/test_tunnel_template.c).
 * Pure: no DPDK. */
#ifndef SLUICE_TUNNEL_TEMPLATE_H
#define SLUICE_TUNNEL_TEMPLATE_H

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tunnel_encap.h"
#include "wire.h"

/* The header is copied as two overlapping fixed-size blocks, the first and
 * the last TUNNEL_TEMPLATE_BLOCK bytes: every length (42, 46, 50, 54) lies
 * between one and two blocks, and fixed-size copies compile to a few vector
 * moves instead of a call with a length. */
#define TUNNEL_TEMPLATE_BLOCK 32
_Static_assert(TUNNEL_GRE_OVERHEAD >= TUNNEL_TEMPLATE_BLOCK &&
		   TUNNEL_MAX_OVERHEAD <= 2 * TUNNEL_TEMPLATE_BLOCK,
	       "two blocks cover every outer header");

struct tunnel_template {
	uint8_t hdr[TUNNEL_MAX_OVERHEAD]; /* variable fields zero */
	uint8_t len;			  /* tunnel_encap_len(): bytes in hdr */
	uint8_t ip_offset;		  /* where the IPv4 header starts: 14, or 18 tagged */
	uint8_t kind;			  /* enum tunnel_kind */
	uint8_t df;			  /* identification stays 0 */
	/* The one's complement sum (RFC 1071, host order, unfolded) of the
	 * IPv4 header's fixed words: version to TOS, flags, TTL and
	 * protocol, source. */
	uint32_t ip_sum;
};

/* Builds t from params, whose dst_mac, dst_ip, ip_id and udp_src_port are
 * ignored (they vary per packet). Returns 0, or -1 when tunnel_encap_write()
 * would refuse params (VNI over 24 bits, VLAN over 4094, TTL 0, bad kind). */
int tunnel_template_build(struct tunnel_template *t, const struct tunnel_encap_params *params);

/* Writes t->len bytes at out: the header tunnel_encap_write() would write
 * with t's parameters and these. dst_ip in network order, the rest host
 * order; ip_id is ignored when the template sets DF. Returns t->len, or -1,
 * writing nothing, when inner_len does not fit an IPv4 total length. */
static inline int tunnel_template_write(const struct tunnel_template *t, const uint8_t dst_mac[6],
					uint32_t dst_ip, uint16_t ip_id, uint16_t udp_src_port,
					uint32_t inner_len, uint8_t *out)
{
	uint32_t ip_len = (uint32_t)t->len - t->ip_offset; /* IPv4 header to the inner frame */
	uint8_t *ip = out + t->ip_offset;
	uint16_t total_length, check, word;
	uint32_t sum, dst_host;

	if (inner_len > UINT16_MAX - ip_len)
		return -1;
	total_length = (uint16_t)(ip_len + inner_len);
	memcpy(out, t->hdr, TUNNEL_TEMPLATE_BLOCK);
	memcpy(out + t->len - TUNNEL_TEMPLATE_BLOCK, t->hdr + t->len - TUNNEL_TEMPLATE_BLOCK,
	       TUNNEL_TEMPLATE_BLOCK);
	memcpy(out, dst_mac, WIRE_ETHER_ADDR_LEN);
	dst_host = ntohl(dst_ip);
	sum = t->ip_sum + total_length + (dst_host >> 16) + (dst_host & 0xffff);
	if (!t->df)
		sum += ip_id;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	check = htons((uint16_t)~sum);
	word = htons(total_length);
	memcpy(ip + offsetof(struct wire_ipv4, total_length), &word, 2);
	if (!t->df) {
		word = htons(ip_id);
		memcpy(ip + offsetof(struct wire_ipv4, id), &word, 2);
	}
	memcpy(ip + offsetof(struct wire_ipv4, checksum), &check, 2);
	memcpy(ip + offsetof(struct wire_ipv4, dst), &dst_ip, 4);
	if (t->kind == TUNNEL_VXLAN) {
		uint8_t *udp = ip + sizeof(struct wire_ipv4);

		word = htons(udp_src_port);
		memcpy(udp + offsetof(struct wire_udp, src_port), &word, 2);
		word = htons((uint16_t)(total_length - sizeof(struct wire_ipv4)));
		memcpy(udp + offsetof(struct wire_udp, length), &word, 2);
	}
	return t->len;
}

#endif
