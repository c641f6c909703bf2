#include <arpa/inet.h>
#include <stddef.h>
#include <string.h>

#include "checksum.h"
#include "tunnel_encap.h"
#include "wire.h"

#define ENCAP_ETHER_VLAN_LEN (sizeof(struct wire_ether) + sizeof(struct wire_vlan))

static void encap_ether_write(const struct tunnel_encap_params *p, uint8_t *out)
{
	struct wire_ether eth;
	struct wire_vlan tag = {.tci = htons(p->vlan), .type = htons(WIRE_ETHERTYPE_IPV4)};

	memcpy(eth.dst, p->dst_mac, WIRE_ETHER_ADDR_LEN);
	memcpy(eth.src, p->src_mac, WIRE_ETHER_ADDR_LEN);
	if (p->vlan == 0) {
		eth.type = htons(WIRE_ETHERTYPE_IPV4);
		memcpy(out, &eth, sizeof(eth));
		return;
	}
	eth.type = htons(WIRE_ETHERTYPE_VLAN);
	memcpy(out, &eth, sizeof(eth));
	memcpy(out + sizeof(eth), &tag, sizeof(tag));
}

static void encap_ipv4_write(const struct tunnel_encap_params *p, uint16_t total_length,
			     uint8_t *out)
{
	struct wire_ipv4 ip = {
	    .version_ihl = WIRE_IPV4_VERSION << 4 | WIRE_IPV4_MIN_IHL,
	    .total_length = htons(total_length),
	    /* RFC 6864 section 4.1: the identification of an atomic datagram
	     * (DF set, not a fragment) may be any value; it is never used. */
	    .id = p->df ? 0 : htons(p->ip_id),
	    .fragment = p->df ? htons(WIRE_IPV4_FLAG_DF) : 0,
	    .ttl = p->ttl,
	    .protocol = p->kind == TUNNEL_VXLAN ? WIRE_IPPROTO_UDP : WIRE_IPPROTO_GRE,
	    .src = p->src_ip,
	    .dst = p->dst_ip,
	};

	ip.checksum = htons(checksum_ipv4_header((const uint8_t *)&ip, sizeof(ip)));
	memcpy(out, &ip, sizeof(ip));
}

static void encap_vxlan_write(const struct tunnel_encap_params *p, uint16_t udp_length,
			      uint8_t *out)
{
	/* RFC 7348 section 5: over IPv4 the UDP checksum SHOULD be zero. */
	struct wire_udp udp = {
	    .src_port = htons(p->udp_src_port),
	    .dst_port = htons(p->udp_dst_port ? p->udp_dst_port : WIRE_VXLAN_PORT),
	    .length = htons(udp_length),
	};
	struct wire_vxlan vxlan = {
	    .flags = WIRE_VXLAN_FLAG_I,
	    .vni = {(uint8_t)(p->vni >> 16), (uint8_t)(p->vni >> 8), (uint8_t)p->vni},
	};

	memcpy(out, &udp, sizeof(udp));
	memcpy(out + sizeof(udp), &vxlan, sizeof(vxlan));
}

static void encap_gre_write(const struct tunnel_encap_params *p, uint8_t *out)
{
	/* Only K: no checksum or sequence number (issue 4). */
	struct wire_gre gre = {
	    .flags_version = htons(WIRE_GRE_FLAG_K),
	    .protocol = htons(WIRE_ETHERTYPE_TEB),
	};
	struct wire_gre_key key = {.key = htonl(p->key)};

	memcpy(out, &gre, sizeof(gre));
	memcpy(out + sizeof(gre), &key, sizeof(key));
}

int tunnel_encap_write(const struct tunnel_encap_params *params, uint32_t inner_len, uint8_t *out)
{
	uint32_t header_len = tunnel_encap_len(params->kind, params->vlan);
	uint32_t ether_len = params->vlan ? ENCAP_ETHER_VLAN_LEN : sizeof(struct wire_ether);
	uint32_t ip_len = header_len - ether_len; /* IPv4 header up to the inner frame */
	uint8_t *l4 = out + ether_len + sizeof(struct wire_ipv4);

	if (params->kind != TUNNEL_VXLAN && params->kind != TUNNEL_GRE)
		return -1;
	if (params->vlan > WIRE_VLAN_VID_MAX || params->ttl == 0)
		return -1;
	if (params->kind == TUNNEL_VXLAN && params->vni > WIRE_VXLAN_VNI_MAX)
		return -1;
	if (inner_len > UINT16_MAX - ip_len)
		return -1;
	encap_ether_write(params, out);
	encap_ipv4_write(params, (uint16_t)(ip_len + inner_len), out + ether_len);
	if (params->kind == TUNNEL_VXLAN)
		encap_vxlan_write(params, (uint16_t)(ip_len - sizeof(struct wire_ipv4) + inner_len),
				  l4);
	else
		encap_gre_write(params, l4);
	return (int)header_len;
}

/* MurmurHash3's 32-bit block mixing and finaliser: cheap, and every input
 * bit reaches the top bits that pick the port. */
static uint32_t hash_rotl(uint32_t x, int r)
{
	return x << r | x >> (32 - r);
}

static uint32_t hash_word(uint32_t h, uint32_t k)
{
	k *= 0xcc9e2d51;
	k = hash_rotl(k, 15);
	k *= 0x1b873593;
	h ^= k;
	h = hash_rotl(h, 13);
	return h * 5 + 0xe6546b64;
}

static uint32_t hash_bytes(uint32_t h, const uint8_t *p, uint32_t n)
{
	uint32_t i, tail = 0;

	for (i = 0; i + 4 <= n; i += 4)
		h = hash_word(h, (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 |
				     (uint32_t)p[i + 2] << 8 | p[i + 3]);
	for (; i < n; i++)
		tail = tail << 8 | p[i];
	return n & 3 ? hash_word(h, tail) : h;
}

static uint32_t hash_final(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	return h ^ (h >> 16);
}

static bool proto_has_ports(uint8_t proto)
{
	return proto == WIRE_IPPROTO_TCP || proto == WIRE_IPPROTO_UDP;
}

/* Addresses, protocol and (TCP/UDP) ports of the IPv4 packet at l3. Fragments
 * hash without ports: only the first carries them, and every fragment of a
 * packet must take the same path. */
static uint32_t hash_ipv4(uint32_t h, const uint8_t *l3, uint32_t len)
{
	struct wire_ipv4 ip;
	uint32_t header_len;

	if (len < sizeof(ip))
		return h;
	memcpy(&ip, l3, sizeof(ip));
	header_len = (ip.version_ihl & 0x0f) * 4u;
	if (ip.version_ihl >> 4 != WIRE_IPV4_VERSION || header_len < sizeof(ip))
		return h;
	h = hash_bytes(h, l3 + offsetof(struct wire_ipv4, src), 8);
	h = hash_word(h, ip.protocol);
	if (!proto_has_ports(ip.protocol) ||
	    (ntohs(ip.fragment) & (WIRE_IPV4_FLAG_MF | WIRE_IPV4_OFFSET_MASK)) ||
	    len < header_len + 4)
		return h;
	return hash_bytes(h, l3 + header_len, 4);
}

/* Addresses, next header and ports of the IPv6 packet at l3; extension
 * headers are not walked, so such packets hash by addresses alone. */
static uint32_t hash_ipv6(uint32_t h, const uint8_t *l3, uint32_t len)
{
	struct wire_ipv6 ip;

	if (len < sizeof(ip))
		return h;
	memcpy(&ip, l3, sizeof(ip));
	h = hash_bytes(h, l3 + offsetof(struct wire_ipv6, src), 32);
	h = hash_word(h, ip.next_header);
	if (!proto_has_ports(ip.next_header) || len < sizeof(ip) + 4)
		return h;
	return hash_bytes(h, l3 + sizeof(ip), 4);
}

uint16_t tunnel_vxlan_source_port(const uint8_t *inner, uint32_t len)
{
	uint32_t h = 0, off = sizeof(struct wire_ether);
	uint16_t type;

	if (len < off)
		return TUNNEL_VXLAN_SOURCE_PORT_MIN;
	h = hash_bytes(h, inner, 2 * WIRE_ETHER_ADDR_LEN);
	type = (uint16_t)(inner[12] << 8 | inner[13]);
	if (type == WIRE_ETHERTYPE_VLAN && len >= off + sizeof(struct wire_vlan)) {
		type = (uint16_t)(inner[16] << 8 | inner[17]);
		off += sizeof(struct wire_vlan);
	}
	if (type == WIRE_ETHERTYPE_IPV4)
		h = hash_ipv4(h, inner + off, len - off);
	else if (type == WIRE_ETHERTYPE_IPV6)
		h = hash_ipv6(h, inner + off, len - off);
	/* 49152..65535 is exactly the top quarter of the 16-bit space. */
	return (uint16_t)(TUNNEL_VXLAN_SOURCE_PORT_MIN | hash_final(h) >> 18);
}
