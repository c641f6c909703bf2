#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>

#include "checksum.h"
#include "tunnel_decap.h"
#include "wire.h"

static enum tunnel_decap_result decap_drop(struct tunnel_decap_info *info, enum drop_reason reason)
{
	info->drop = reason;
	return TUNNEL_DECAP_DROP;
}

/* Martian sources (RFC 1122 section 3.2.1.3, RFC 5771): nobody sends from
 * 0.0.0.0/8, 127.0.0.0/8 or 224.0.0.0 and above, and a remote VTEP learned
 * from one would send our traffic nowhere or everywhere. */
static bool decap_source_is_martian(uint32_t src)
{
	uint8_t first = (uint8_t)(ntohl(src) >> 24);

	return first == 0 || first == 127 || first >= 224;
}

/* The outer IPv4 header at l3 (avail bytes to the end of the frame). On OK,
 * the payload follows the 20-byte header: *protocol and *payload_len bytes,
 * the trailing Ethernet padding cut off. */
static enum tunnel_decap_result decap_ipv4(const uint8_t *l3, uint32_t avail, uint32_t local_ip,
					   struct tunnel_decap_info *info, uint8_t *protocol,
					   uint32_t *payload_len)
{
	struct wire_ipv4 ip;
	uint16_t total_length;

	if (avail < sizeof(ip))
		return decap_drop(info, DROP_TUNNEL_TRUNCATED);
	memcpy(&ip, l3, sizeof(ip));
	/* Only what is addressed to us is ours to judge: on a phy port that
	 * also carries a flat network, the rest belongs to the bridge. */
	if (ip.dst != local_ip)
		return TUNNEL_DECAP_NOT_TUNNEL;
	if (ip.version_ihl >> 4 != WIRE_IPV4_VERSION || (ip.version_ihl & 0x0f) < WIRE_IPV4_MIN_IHL)
		return decap_drop(info, DROP_TUNNEL_BAD_IPV4);
	if (ip.protocol != WIRE_IPPROTO_UDP && ip.protocol != WIRE_IPPROTO_GRE)
		return TUNNEL_DECAP_NOT_TUNNEL;
	if ((ip.version_ihl & 0x0f) != WIRE_IPV4_MIN_IHL)
		return decap_drop(info, DROP_TUNNEL_IP_OPTIONS);
	if (checksum_ipv4_header(l3, sizeof(ip)) != 0)
		return decap_drop(info, DROP_TUNNEL_BAD_IPV4);
	total_length = ntohs(ip.total_length);
	if (total_length < sizeof(ip))
		return decap_drop(info, DROP_TUNNEL_BAD_IPV4);
	if (total_length > avail)
		return decap_drop(info, DROP_TUNNEL_TRUNCATED);
	if (ntohs(ip.fragment) & (WIRE_IPV4_FLAG_MF | WIRE_IPV4_OFFSET_MASK))
		return decap_drop(info, DROP_TUNNEL_FRAGMENT);
	if (ip.ttl == 0)
		return decap_drop(info, DROP_TUNNEL_TTL_EXPIRED);
	if (ip.src == local_ip)
		return decap_drop(info, DROP_TUNNEL_FROM_SELF);
	if (decap_source_is_martian(ip.src))
		return decap_drop(info, DROP_TUNNEL_BAD_SOURCE);
	info->outer_src = ip.src;
	info->outer_dst = ip.dst;
	info->outer_ttl = ip.ttl;
	*protocol = ip.protocol;
	*payload_len = total_length - (uint32_t)sizeof(ip);
	return TUNNEL_DECAP_OK;
}

/* UDP and VXLAN at l4, payload_len bytes of IPv4 payload. */
static enum tunnel_decap_result decap_vxlan(const uint8_t *l4, uint32_t payload_len,
					    uint16_t vxlan_port, struct tunnel_decap_info *info,
					    uint32_t *header_len)
{
	struct wire_udp udp;
	struct wire_vxlan vxlan;
	uint16_t udp_length;

	if (payload_len < sizeof(udp))
		return decap_drop(info, DROP_TUNNEL_TRUNCATED);
	memcpy(&udp, l4, sizeof(udp));
	if (ntohs(udp.dst_port) != vxlan_port)
		return TUNNEL_DECAP_NOT_TUNNEL;
	/* The UDP length bounds the datagram; bytes past it in the IPv4
	 * payload are ignored, as a UDP stack trims them. */
	udp_length = ntohs(udp.length);
	if (udp_length > payload_len || udp_length < sizeof(udp) + sizeof(vxlan))
		return decap_drop(info, DROP_TUNNEL_TRUNCATED);
	memcpy(&vxlan, l4 + sizeof(udp), sizeof(vxlan));
	/* RFC 7348 section 5 says to ignore reserved bits on receipt; like
	 * Linux we drop them instead, since a set bit means an extension (GPE,
	 * GBP) that changes what follows, which we do not speak. */
	if (vxlan.flags != WIRE_VXLAN_FLAG_I || vxlan.reserved1[0] || vxlan.reserved1[1] ||
	    vxlan.reserved1[2] || vxlan.reserved2)
		return decap_drop(info, DROP_VXLAN_BAD_FLAGS);
	info->kind = TUNNEL_VXLAN;
	info->vni = (uint32_t)vxlan.vni[0] << 16 | (uint32_t)vxlan.vni[1] << 8 | vxlan.vni[2];
	*header_len = sizeof(udp) + sizeof(vxlan);
	info->inner_len = (uint16_t)(udp_length - *header_len);
	return TUNNEL_DECAP_OK;
}

/* GRE with key at l4, payload_len bytes of IPv4 payload. */
static enum tunnel_decap_result decap_gre(const uint8_t *l4, uint32_t payload_len,
					  struct tunnel_decap_info *info, uint32_t *header_len)
{
	struct wire_gre gre;
	struct wire_gre_key key;
	uint16_t flags;

	if (payload_len < sizeof(gre))
		return decap_drop(info, DROP_TUNNEL_TRUNCATED);
	memcpy(&gre, l4, sizeof(gre));
	flags = ntohs(gre.flags_version);
	/* Checksum and sequence are legal GRE (RFC 2890) that we chose not to
	 * accept (issue 4); routing and bits 4-5 are RFC 1701's (RFC 2784). */
	if (flags & (WIRE_GRE_FLAG_C | WIRE_GRE_FLAG_R | WIRE_GRE_FLAG_S | WIRE_GRE_RFC1701_MASK |
		     WIRE_GRE_VERSION_MASK))
		return decap_drop(info, DROP_GRE_BAD_FLAGS);
	if (!(flags & WIRE_GRE_FLAG_K))
		return decap_drop(info, DROP_GRE_NO_KEY);
	if (payload_len < sizeof(gre) + sizeof(key))
		return decap_drop(info, DROP_TUNNEL_TRUNCATED);
	if (ntohs(gre.protocol) != WIRE_ETHERTYPE_TEB)
		return decap_drop(info, DROP_GRE_BAD_PROTOCOL);
	memcpy(&key, l4 + sizeof(gre), sizeof(key));
	info->kind = TUNNEL_GRE;
	info->key = ntohl(key.key);
	*header_len = sizeof(gre) + sizeof(key);
	info->inner_len = (uint16_t)(payload_len - *header_len);
	return TUNNEL_DECAP_OK;
}

enum tunnel_decap_result tunnel_decap_parse(const uint8_t *frame, uint32_t len, uint32_t local_ip,
					    uint16_t vxlan_port, struct tunnel_decap_info *info)
{
	struct wire_ether eth;
	uint32_t off = sizeof(eth), payload_len, header_len;
	enum tunnel_decap_result r;
	uint8_t protocol;
	uint16_t type;

	if (len < off)
		return decap_drop(info, DROP_TUNNEL_TRUNCATED);
	memcpy(&eth, frame, sizeof(eth));
	type = ntohs(eth.type);
	info->vlan = 0;
	if (type == WIRE_ETHERTYPE_VLAN) {
		struct wire_vlan tag;

		if (len < off + sizeof(tag))
			return decap_drop(info, DROP_TUNNEL_TRUNCATED);
		memcpy(&tag, frame + off, sizeof(tag));
		info->vlan = ntohs(tag.tci) & WIRE_VLAN_VID_MASK;
		type = ntohs(tag.type);
		off += sizeof(tag);
	}
	/* VLAN 4095 is reserved (802.1Q): no VTEP can sit on it. */
	if (type != WIRE_ETHERTYPE_IPV4 || info->vlan > WIRE_VLAN_VID_MAX)
		return TUNNEL_DECAP_NOT_TUNNEL;
	r = decap_ipv4(frame + off, len - off, local_ip, info, &protocol, &payload_len);
	if (r != TUNNEL_DECAP_OK)
		return r;
	off += sizeof(struct wire_ipv4);
	if (protocol == WIRE_IPPROTO_UDP)
		r = decap_vxlan(frame + off, payload_len, vxlan_port, info, &header_len);
	else
		r = decap_gre(frame + off, payload_len, info, &header_len);
	if (r != TUNNEL_DECAP_OK)
		return r;
	if (info->inner_len < sizeof(struct wire_ether))
		return decap_drop(info, DROP_TUNNEL_TRUNCATED);
	info->inner_offset = (uint16_t)(off + header_len);
	return TUNNEL_DECAP_OK;
}
