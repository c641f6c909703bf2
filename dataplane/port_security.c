#include "port_security.h"

#include <arpa/inet.h>
#include <string.h>

enum {
	ETHERTYPE_IPV4 = 0x0800,
	ETHERTYPE_ARP = 0x0806,
	ETHERTYPE_VLAN = 0x8100,
	ETHERTYPE_QINQ = 0x88a8,
	ETHERTYPE_IPV6 = 0x86dd,
	PROTO_UDP = 17,
	PROTO_ICMPV6 = 58,
	DHCP_SERVER_PORT = 67,
	DHCP_CLIENT_PORT = 68,
	ND_ROUTER_ADVERT = 134,
	ND_NEIGHBOR_SOLICIT = 135,
	ND_NEIGHBOR_ADVERT = 136,
	ND_REDIRECT = 137,
	MLD2_REPORT = 143,
	ND_OPT_SOURCE_LL = 1,
	ND_OPT_TARGET_LL = 2,
	/* Extension headers walked to find the ICMPv6 header (RFC 7113: an RA
	 * guard that stops at the first one is trivially evaded). */
	IPV6_HOP_BY_HOP = 0,
	IPV6_ROUTING = 43,
	IPV6_FRAGMENT = 44,
	IPV6_DEST_OPTS = 60,
	IPV6_MAX_EXT_HEADERS = 4,
};

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void v6_from_bytes(uint64_t out[2], const uint8_t *bytes)
{
	memcpy(out, bytes, 16);
}

static void v6_add(struct port_security *ps, const uint8_t *addr, unsigned len)
{
	struct port_security_v6 *e = &ps->v6[ps->n_v6++];
	uint8_t mask[16] = {0};

	for (unsigned i = 0; i < 16; i++)
		mask[i] = len >= 8 * (i + 1) ? 0xff
			  : len > 8 * i	     ? (uint8_t)(0xff00 >> (len - 8 * i))
					     : 0;
	v6_from_bytes(e->mask, mask);
	v6_from_bytes(e->addr, addr);
	e->addr[0] &= e->mask[0];
	e->addr[1] &= e->mask[1];
}

void port_security_build(struct port_security *ps, const struct port_config *pc)
{
	/* RFC 4291 appendix A: fe80::/64 with the MAC as a modified EUI-64. */
	uint8_t link_local[16] = {0xfe, 0x80};

	memset(ps, 0, sizeof(*ps));
	if (pc->type != PORT_TYPE_VHOST || !port_config_security_on(pc))
		return;
	ps->enabled = true;
	ps->dhcp_server = pc->dhcp_server == 1;
	ps->router = pc->router == 1;
	memcpy(ps->mac, pc->mac.bytes, 6);
	for (uint32_t i = 0; i < pc->ips.n; i++) {
		const struct ip_prefix *p = &pc->ips.items[i];

		if (p->family == AF_INET) {
			struct port_security_v4 *e = &ps->v4[ps->n_v4++];
			uint32_t a;

			memcpy(&a, p->addr, 4);
			e->mask = p->len == 0 ? 0 : htonl(~0u << (32 - p->len));
			e->addr = a & e->mask;
		} else {
			v6_add(ps, p->addr, p->len);
		}
	}
	link_local[8] = pc->mac.bytes[0] ^ 0x02;
	link_local[9] = pc->mac.bytes[1];
	link_local[10] = pc->mac.bytes[2];
	link_local[11] = 0xff;
	link_local[12] = 0xfe;
	memcpy(&link_local[13], &pc->mac.bytes[3], 3);
	v6_add(ps, link_local, 128);
}

static bool v4_allowed(const struct port_security *ps, const uint8_t *addr)
{
	uint32_t a;

	memcpy(&a, addr, 4);
	for (unsigned i = 0; i < ps->n_v4; i++)
		if ((a & ps->v4[i].mask) == ps->v4[i].addr)
			return true;
	return false;
}

static bool v6_allowed(const struct port_security *ps, const uint8_t *addr)
{
	uint64_t a[2];

	v6_from_bytes(a, addr);
	for (unsigned i = 0; i < ps->n_v6; i++)
		if ((a[0] & ps->v6[i].mask[0]) == ps->v6[i].addr[0] &&
		    (a[1] & ps->v6[i].mask[1]) == ps->v6[i].addr[1])
			return true;
	return false;
}

static bool is_zero(const uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static unsigned check_ipv4(const struct port_security *ps, const uint8_t *ip, uint32_t len)
{
	uint32_t ihl;
	bool udp_first;

	if (len < 20 || (ip[0] >> 4) != 4)
		return DROP_SPOOFED_IP;
	ihl = (uint32_t)(ip[0] & 0x0f) * 4;
	if (ihl < 20 || len < ihl)
		return DROP_SPOOFED_IP;
	/* Ports are in the first fragment only (offset 0). */
	udp_first = ip[9] == PROTO_UDP && (be16(ip + 6) & 0x1fff) == 0 && len >= ihl + 4;
	if (udp_first && be16(ip + ihl) == DHCP_SERVER_PORT &&
	    be16(ip + ihl + 2) == DHCP_CLIENT_PORT && !ps->dhcp_server)
		return DROP_DHCP_SERVER_GUARD;
	/* RFC 2131 4.1: a client without an address sends from 0.0.0.0. */
	if (is_zero(ip + 12, 4))
		return udp_first && be16(ip + ihl) == DHCP_CLIENT_PORT &&
			       be16(ip + ihl + 2) == DHCP_SERVER_PORT
			   ? PORT_SECURITY_PASS
			   : DROP_SPOOFED_IP;
	return v4_allowed(ps, ip + 12) ? PORT_SECURITY_PASS : DROP_SPOOFED_IP;
}

static unsigned check_arp(const struct port_security *ps, const uint8_t *arp, uint32_t len)
{
	/* Ethernet/IPv4 ARP only: anything else cannot be checked. */
	if (len < 28 || be16(arp) != 1 || be16(arp + 2) != ETHERTYPE_IPV4 || arp[4] != 6 ||
	    arp[5] != 4)
		return DROP_SPOOFED_ARP;
	if (memcmp(arp + 8, ps->mac, 6) != 0)
		return DROP_SPOOFED_ARP;
	/* RFC 5227: an ARP probe has sender address 0. */
	if (is_zero(arp + 14, 4) || v4_allowed(ps, arp + 14))
		return PORT_SECURITY_PASS;
	return DROP_SPOOFED_ARP;
}

/* Every source or target link-layer address option of an NS or NA must be
 * the port's MAC (RFC 4861 4.6.1). */
static bool nd_options_ok(const struct port_security *ps, const uint8_t *opt, uint32_t len)
{
	while (len >= 2) {
		uint32_t olen = (uint32_t)opt[1] * 8;

		if (olen == 0 || olen > len)
			return false;
		if ((opt[0] == ND_OPT_SOURCE_LL || opt[0] == ND_OPT_TARGET_LL) &&
		    (olen < 8 || memcmp(opt + 2, ps->mac, 6) != 0))
			return false;
		opt += olen;
		len -= olen;
	}
	return true;
}

static unsigned check_icmpv6(const struct port_security *ps, const uint8_t *icmp, uint32_t len)
{
	switch (icmp[0]) {
	case ND_ROUTER_ADVERT:
	case ND_REDIRECT: /* only a router redirects */
		return ps->router ? PORT_SECURITY_PASS : DROP_RA_GUARD;
	case ND_NEIGHBOR_SOLICIT:
		return len >= 24 && nd_options_ok(ps, icmp + 24, len - 24) ? PORT_SECURITY_PASS
									   : DROP_SPOOFED_ND;
	case ND_NEIGHBOR_ADVERT:
		return len >= 24 && v6_allowed(ps, icmp + 8) &&
			       nd_options_ok(ps, icmp + 24, len - 24)
			   ? PORT_SECURITY_PASS
			   : DROP_SPOOFED_ND;
	}
	return PORT_SECURITY_PASS;
}

static unsigned check_ipv6(const struct port_security *ps, const uint8_t *ip, uint32_t len)
{
	uint32_t off = 40;
	uint8_t next;
	int icmp_type = -1;

	if (len < 40 || (ip[0] >> 4) != 6)
		return DROP_SPOOFED_IP;
	next = ip[6];
	for (int i = 0; i <= IPV6_MAX_EXT_HEADERS; i++) {
		if (next == PROTO_ICMPV6) {
			unsigned verdict;

			if (len < off + 4)
				return DROP_SPOOFED_IP;
			icmp_type = ip[off];
			verdict = check_icmpv6(ps, ip + off, len - off);
			if (verdict != PORT_SECURITY_PASS)
				return verdict;
			break;
		}
		if (next != IPV6_HOP_BY_HOP && next != IPV6_ROUTING && next != IPV6_DEST_OPTS &&
		    next != IPV6_FRAGMENT)
			break;
		if (i == IPV6_MAX_EXT_HEADERS || len < off + 8)
			return DROP_SPOOFED_IP; /* a chain too long to judge */
		if (next == IPV6_FRAGMENT && (be16(ip + off + 2) & 0xfff8) != 0)
			break; /* a later fragment: no upper-layer header */
		{
			uint32_t hlen = next == IPV6_FRAGMENT ? 8 : ((uint32_t)ip[off + 1] + 1) * 8;

			next = ip[off];
			off += hlen;
		}
	}
	/* Duplicate address detection (RFC 4862 5.4) sends an NS, and the MLD
	 * report that joins its solicited-node group, from ::. */
	if (is_zero(ip + 8, 16))
		return icmp_type == ND_NEIGHBOR_SOLICIT || icmp_type == MLD2_REPORT
			   ? PORT_SECURITY_PASS
			   : DROP_SPOOFED_IP;
	return v6_allowed(ps, ip + 8) ? PORT_SECURITY_PASS : DROP_SPOOFED_IP;
}

unsigned port_security_check(const struct port_security *ps, const uint8_t *frame, uint32_t len)
{
	uint32_t off = 12;
	uint16_t type;

	if (len < 14)
		return PORT_SECURITY_PASS; /* a runt: the bridge drops it */
	type = be16(frame + off);
	/* A VM may tag its own frames (a flat network carries them): judge
	 * what is inside, up to two tags. */
	for (int tags = 0; tags < 2 && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ); tags++) {
		if (len < off + 6)
			return PORT_SECURITY_PASS;
		off += 4;
		type = be16(frame + off);
	}
	off += 2;
	switch (type) {
	case ETHERTYPE_IPV4:
		return check_ipv4(ps, frame + off, len - off);
	case ETHERTYPE_ARP:
		return check_arp(ps, frame + off, len - off);
	case ETHERTYPE_IPV6:
		return check_ipv6(ps, frame + off, len - off);
	}
	return PORT_SECURITY_PASS;
}
