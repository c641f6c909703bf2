/* flowgen's packet templates: the inner frame by hand (Ethernet, optional
 * 802.1Q tag, IPv4, UDP with checksum 0, zero padding) and the outer header
 * by the switch's own pure tunnel_encap_write(), whose bytes are checked
 * against scapy (tests/unit/test_tunnel_encap.c). */
#include "flow_template.h"

#include <arpa/inet.h>
#include <stddef.h>

#include "../../../dataplane/checksum.h"
#include "../../../dataplane/wire.h"

void flow_mac(enum flow_side side, uint32_t index, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = (uint8_t)(0x10 | side);
	mac[2] = (uint8_t)(index >> 24);
	mac[3] = (uint8_t)(index >> 16);
	mac[4] = (uint8_t)(index >> 8);
	mac[5] = (uint8_t)index;
}

void flow_vtep_mac(uint32_t index, uint8_t mac[6])
{
	const uint8_t base[6] = {0x02, 0x2e, 0x00, 0x00, (uint8_t)(index >> 8), (uint8_t)index};

	memcpy(mac, base, 6);
}

/* Inner Ethernet, tag, IPv4 and UDP headers at out; returns their length. */
static uint16_t inner_write(const struct flow_shape *s, uint8_t *out)
{
	struct wire_ether eth = {.type =
				     htons(s->vlan ? WIRE_ETHERTYPE_VLAN : WIRE_ETHERTYPE_IPV4)};
	struct wire_vlan tag = {.tci = htons(s->vlan), .type = htons(WIRE_ETHERTYPE_IPV4)};
	uint16_t l2 = (uint16_t)(sizeof(eth) + (s->vlan ? sizeof(tag) : 0));
	uint16_t ip_len = (uint16_t)(s->frame_len - l2);
	struct wire_ipv4 ip = {
	    .version_ihl = WIRE_IPV4_VERSION << 4 | WIRE_IPV4_MIN_IHL,
	    .total_length = htons(ip_len),
	    .fragment = htons(WIRE_IPV4_FLAG_DF),
	    .ttl = 64,
	    .protocol = WIRE_IPPROTO_UDP,
	    .src = htonl(s->inner_src),
	    .dst = htonl(s->inner_dst),
	};
	/* Discard (RFC 863) from an ephemeral port; checksum 0 is allowed over
	 * IPv4 (RFC 768) and keeps the padding out of the template. */
	struct wire_udp udp = {
	    .src_port = htons(49152),
	    .dst_port = htons(9),
	    .length = htons((uint16_t)(ip_len - sizeof(ip))),
	};

	ip.checksum = htons(checksum_ipv4_header((const uint8_t *)&ip, sizeof(ip)));
	memcpy(out, &eth, sizeof(eth));
	if (s->vlan)
		memcpy(out + sizeof(eth), &tag, sizeof(tag));
	memcpy(out + l2, &ip, sizeof(ip));
	memcpy(out + l2 + sizeof(ip), &udp, sizeof(udp));
	return (uint16_t)(l2 + sizeof(ip) + sizeof(udp));
}

int flow_template_build(struct flow_template *t, const struct flow_shape *s)
{
	uint16_t inner_min =
	    (uint16_t)(sizeof(struct wire_ether) + (s->vlan ? sizeof(struct wire_vlan) : 0) +
		       sizeof(struct wire_ipv4) + sizeof(struct wire_udp));
	uint16_t outer = 0;

	memset(t, 0, sizeof(*t));
	if (s->vlan > WIRE_VLAN_VID_MAX || s->frame_len > FLOW_MAX_FRAME ||
	    s->frame_len < FLOW_MIN_FRAME || s->frame_len < inner_min)
		return -1;
	if (s->encap != FLOW_ENCAP_NONE) {
		struct tunnel_encap_params p = {
		    .kind = s->encap == FLOW_ENCAP_VXLAN ? TUNNEL_VXLAN : TUNNEL_GRE,
		    .src_ip = htonl(s->outer_src),
		    .dst_ip = htonl(s->outer_dst),
		    .ttl = 64,
		    .df = true,
		    .vni = s->vni,
		    .udp_src_port =
			(uint16_t)(TUNNEL_VXLAN_SOURCE_PORT_MIN + (s->outer_src & 0xff)),
		};
		int n;

		memcpy(p.src_mac, s->outer_src_mac, 6);
		memcpy(p.dst_mac, s->outer_dst_mac, 6);
		n = tunnel_encap_write(&p, s->frame_len, t->hdr);
		if (n < 0)
			return -1;
		outer = (uint16_t)n;
	}
	t->mac_offset = outer;
	t->hdr_len = (uint16_t)(outer + inner_write(s, t->hdr + outer));
	t->wire_len = (uint16_t)(outer + s->frame_len);
	return 0;
}
