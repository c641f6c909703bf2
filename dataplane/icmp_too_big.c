#include "icmp_too_big.h"

#include <stdbool.h>
#include <string.h>

#include "checksum.h"
#include "packet.h"
#include "wire.h"

#define IPPROTO_ICMP4 1
#define IPPROTO_ICMP6 58
#define IPPROTO_FRAGMENT6 44
#define ICMP4_UNREACHABLE 3
#define ICMP4_FRAG_NEEDED 4
#define ICMP6_TOO_BIG 2
#define ICMP_HEADER_LEN 8
#define ICMP_TTL 64
#define ICMP4_TOS 0xc0 /* precedence "internetwork control" (RFC 1812 section 4.3.2.5) */

static uint16_t read16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void write16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* ICMPv4 types that report an error (RFC 1122 section 3.2.2: never answered
 * with an error): unreachable, source quench, redirect, time exceeded,
 * parameter problem. */
static bool icmp4_is_error(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* A source an error may go to (RFC 1812 section 4.3.2.7): not 0/8,
 * loopback, multicast, class E or broadcast. Network order. */
static bool ipv4_is_unicast(const uint8_t *a)
{
	return a[0] != 0 && a[0] != 127 && a[0] < 224;
}

static bool ipv6_is_multicast(const uint8_t *a)
{
	return a[0] == 0xff;
}

static bool ipv6_is_unspecified(const uint8_t *a)
{
	static const uint8_t zero[16];

	return memcmp(a, zero, 16) == 0;
}

static uint32_t l2_len(const uint8_t *frame, uint32_t len, uint16_t *type)
{
	if (len < sizeof(struct wire_ether))
		return 0;
	*type = read16(frame + 12);
	if (*type != WIRE_ETHERTYPE_VLAN)
		return sizeof(struct wire_ether);
	if (len < sizeof(struct wire_ether) + sizeof(struct wire_vlan))
		return 0;
	*type = read16(frame + 16);
	return sizeof(struct wire_ether) + sizeof(struct wire_vlan);
}

static enum mtu_verdict verdict_ipv4(const uint8_t *ip, uint32_t avail)
{
	uint32_t ihl, total;
	uint16_t frag;

	if (avail < sizeof(struct wire_ipv4) || ip[0] >> 4 != WIRE_IPV4_VERSION)
		return MTU_MALFORMED;
	ihl = (uint32_t)(ip[0] & 0x0f) * 4;
	total = read16(ip + 2);
	if (ihl < sizeof(struct wire_ipv4) || ihl > avail || total < ihl)
		return MTU_MALFORMED;
	frag = read16(ip + 6);
	/* RFC 1812 section 4.3.2.7: no error about a non-first fragment. */
	if (frag & WIRE_IPV4_OFFSET_MASK)
		return MTU_TOO_BIG_SILENT;
	if (!(frag & WIRE_IPV4_FLAG_DF))
		return MTU_FRAGMENT;
	if (!ipv4_is_unicast(ip + 12) || ip[16] >= 224 ||
	    (ip[16] == 255 && ip[17] == 255 && ip[18] == 255 && ip[19] == 255))
		return MTU_TOO_BIG_SILENT;
	if (ip[9] == IPPROTO_ICMP4) {
		/* Without its type byte an ICMP message counts as an error. */
		if (ihl >= avail || total <= ihl || icmp4_is_error(ip[ihl]))
			return MTU_TOO_BIG_SILENT;
	}
	return MTU_TOO_BIG;
}

static enum mtu_verdict verdict_ipv6(const uint8_t *ip, uint32_t avail)
{
	if (avail < sizeof(struct wire_ipv6) || ip[0] >> 4 != 6)
		return MTU_MALFORMED;
	/* RFC 4443 section 2.4 (e) would answer a multicast destination, but
	 * then the answer has no unicast source to come from: not answered. */
	if (ipv6_is_unspecified(ip + 8) || ipv6_is_multicast(ip + 8) || ipv6_is_multicast(ip + 24))
		return MTU_TOO_BIG_SILENT;
	if (ip[6] == IPPROTO_ICMP6) {
		/* Types below 128 are errors (RFC 4443 section 2.1). */
		if (avail <= sizeof(struct wire_ipv6) || ip[40] < 128)
			return MTU_TOO_BIG_SILENT;
	}
	if (ip[6] == IPPROTO_FRAGMENT6) {
		/* The fragment header: next header, reserved, offset << 3 | M. */
		if (avail < sizeof(struct wire_ipv6) + 8 || (read16(ip + 42) & 0xfff8) != 0)
			return MTU_TOO_BIG_SILENT;
	}
	return MTU_TOO_BIG;
}

enum mtu_verdict mtu_verdict(const uint8_t *frame, uint32_t len, uint32_t frame_len, uint16_t mtu,
			     uint16_t *ip_mtu)
{
	uint16_t type = 0;
	uint32_t l2 = l2_len(frame, len, &type);

	if (l2 == 0)
		return MTU_TOO_BIG_SILENT; /* a runt never gets here: the bridge drops it */
	/* The tunnel carries the inner Ethernet header too; a tag costs 4 of the IP MTU. */
	*ip_mtu = (uint16_t)(mtu + sizeof(struct wire_ether) - l2);
	if (frame_len <= l2 + *ip_mtu)
		return MTU_FITS;
	if (mac_is_multicast(frame))
		return MTU_TOO_BIG_SILENT; /* RFC 1122 section 3.2.2: not to a link broadcast */
	if (type == WIRE_ETHERTYPE_IPV4)
		return verdict_ipv4(frame + l2, len - l2);
	if (type == WIRE_ETHERTYPE_IPV6)
		return verdict_ipv6(frame + l2, len - l2);
	return MTU_TOO_BIG_SILENT;
}

/* Ethernet (and tag) of the answer: back where the frame came from. */
static uint32_t write_l2(const uint8_t *frame, uint32_t l2, uint16_t type, uint8_t *out)
{
	memcpy(out, frame + 6, 6);
	memcpy(out + 6, frame, 6);
	if (l2 > sizeof(struct wire_ether))
		memcpy(out + 12, frame + 12, 4); /* the tag, as it came */
	write16(out + l2 - 2, type);
	return l2;
}

static uint32_t build_ipv4(const uint8_t *frame, uint32_t l2, uint32_t len, uint16_t ip_mtu,
			   uint8_t *out)
{
	const uint8_t *ip = frame + l2;
	uint32_t quote = read16(ip + 2);
	uint8_t *o = out + l2, *icmp = o + sizeof(struct wire_ipv4);
	uint32_t total;

	if (quote > len - l2)
		quote = len - l2;
	if (quote > ICMP4_ERROR_MAX - sizeof(struct wire_ipv4) - ICMP_HEADER_LEN)
		quote = ICMP4_ERROR_MAX - sizeof(struct wire_ipv4) - ICMP_HEADER_LEN;
	total = (uint32_t)sizeof(struct wire_ipv4) + ICMP_HEADER_LEN + quote;
	write_l2(frame, l2, WIRE_ETHERTYPE_IPV4, out);
	memset(o, 0, sizeof(struct wire_ipv4) + ICMP_HEADER_LEN);
	o[0] = WIRE_IPV4_VERSION << 4 | WIRE_IPV4_MIN_IHL;
	o[1] = ICMP4_TOS;
	write16(o + 2, (uint16_t)total);
	o[8] = ICMP_TTL;
	o[9] = IPPROTO_ICMP4;
	memcpy(o + 12, ip + 16, 4); /* from the address the sender was sending to */
	memcpy(o + 16, ip + 12, 4);
	write16(o + 10, checksum_ipv4_header(o, sizeof(struct wire_ipv4)));
	icmp[0] = ICMP4_UNREACHABLE;
	icmp[1] = ICMP4_FRAG_NEEDED;
	write16(icmp + 6, ip_mtu); /* RFC 1191 section 4: next-hop MTU in the low 16 bits */
	memcpy(icmp + ICMP_HEADER_LEN, ip, quote);
	write16(icmp + 2, checksum_fold(checksum_add(0, icmp, ICMP_HEADER_LEN + quote)));
	return l2 + total;
}

static uint32_t build_ipv6(const uint8_t *frame, uint32_t l2, uint32_t len, uint16_t ip_mtu,
			   uint8_t *out)
{
	const uint8_t *ip = frame + l2;
	uint32_t quote = (uint32_t)sizeof(struct wire_ipv6) + read16(ip + 4);
	uint8_t *o = out + l2, *icmp = o + sizeof(struct wire_ipv6);
	uint8_t pseudo[8] = {0};
	uint32_t plen, sum;

	if (quote > len - l2)
		quote = len - l2;
	if (quote > ICMP6_ERROR_MAX - sizeof(struct wire_ipv6) - ICMP_HEADER_LEN)
		quote = ICMP6_ERROR_MAX - sizeof(struct wire_ipv6) - ICMP_HEADER_LEN;
	plen = ICMP_HEADER_LEN + quote;
	write_l2(frame, l2, WIRE_ETHERTYPE_IPV6, out);
	memset(o, 0, sizeof(struct wire_ipv6) + ICMP_HEADER_LEN);
	o[0] = 6 << 4;
	write16(o + 4, (uint16_t)plen);
	o[6] = IPPROTO_ICMP6;
	o[7] = ICMP_TTL;
	memcpy(o + 8, ip + 24, 16); /* from the address the sender was sending to */
	memcpy(o + 24, ip + 8, 16);
	icmp[0] = ICMP6_TOO_BIG;
	icmp[6] = (uint8_t)(ip_mtu >> 8); /* a 32-bit MTU; ours fits the low 16 bits */
	icmp[7] = (uint8_t)ip_mtu;
	memcpy(icmp + ICMP_HEADER_LEN, ip, quote);
	/* RFC 8200 section 8.1: the pseudo-header of source, destination,
	 * upper-layer length and next header. */
	pseudo[2] = (uint8_t)(plen >> 8);
	pseudo[3] = (uint8_t)plen;
	pseudo[7] = IPPROTO_ICMP6;
	sum = checksum_add(0, o + 8, 32);
	sum = checksum_add(sum, pseudo, sizeof(pseudo));
	sum = checksum_add(sum, icmp, plen);
	write16(icmp + 2, checksum_fold(sum));
	return l2 + (uint32_t)sizeof(struct wire_ipv6) + plen;
}

uint32_t icmp_too_big_build(const uint8_t *frame, uint32_t len, uint16_t ip_mtu, uint8_t *out)
{
	uint16_t type = 0, unused;
	uint32_t l2 = l2_len(frame, len, &type);

	/* The same judgement as mtu_verdict(), so no caller can answer what
	 * must not be answered, for a frame taken as over the MTU. */
	if (l2 == 0 || mtu_verdict(frame, len, UINT32_MAX, ip_mtu, &unused) != MTU_TOO_BIG)
		return 0;
	if (type == WIRE_ETHERTYPE_IPV4)
		return build_ipv4(frame, l2, len, ip_mtu, out);
	return build_ipv6(frame, l2, len, ip_mtu, out);
}
