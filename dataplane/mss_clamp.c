#include "mss_clamp.h"

#include <string.h>

#include "checksum.h"
#include "wire.h"

#define TCP_FLAG_SYN 0x02
#define TCP_OPTION_END 0
#define TCP_OPTION_NOP 1
#define TCP_OPTION_MSS 2
#define TCP_OPTION_MSS_LEN 4
#define TCP_MIN_HEADER 20
#define TCP_CHECKSUM_OFFSET 16

static uint16_t read16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Where the L3 header starts and which it is; 0 when neither IPv4 nor IPv6. */
static uint32_t l3_offset(const uint8_t *frame, uint32_t len, uint16_t *type)
{
	uint32_t off = sizeof(struct wire_ether);

	if (len < off)
		return 0;
	*type = read16(frame + 12);
	if (*type == WIRE_ETHERTYPE_VLAN) {
		if (len < off + sizeof(struct wire_vlan))
			return 0;
		*type = read16(frame + 16);
		off += sizeof(struct wire_vlan);
	}
	return off;
}

/* Rewrites the 2-byte MSS value at tcp[off] and updates the checksum word by
 * word (RFC 1624). The checksum's 16-bit words are aligned to the start of
 * the TCP header; after a single NOP the value straddles two of them. */
static void mss_write(uint8_t *tcp, uint32_t off, uint16_t mss)
{
	uint32_t first = off & ~1u, last = (off + 1) & ~1u;
	uint16_t check = read16(tcp + TCP_CHECKSUM_OFFSET);
	uint16_t old_words[2], new_words[2];
	uint32_t n = last == first ? 1 : 2;

	for (uint32_t w = 0; w < n; w++)
		old_words[w] = read16(tcp + first + 2 * w);
	tcp[off] = (uint8_t)(mss >> 8);
	tcp[off + 1] = (uint8_t)mss;
	for (uint32_t w = 0; w < n; w++) {
		new_words[w] = read16(tcp + first + 2 * w);
		check = checksum_update16(check, old_words[w], new_words[w]);
	}
	tcp[TCP_CHECKSUM_OFFSET] = (uint8_t)(check >> 8);
	tcp[TCP_CHECKSUM_OFFSET + 1] = (uint8_t)check;
}

/* Walks the options of a SYN (RFC 9293 section 3.1: kinds 0 and 1 are one
 * byte, every other has a length byte of at least 2 that stays inside the
 * header). */
static enum mss_clamp_result options_clamp(uint8_t *tcp, uint32_t hlen, uint16_t limit, bool write)
{
	uint32_t i = TCP_MIN_HEADER;

	while (i < hlen) {
		uint8_t kind = tcp[i], olen;

		if (kind == TCP_OPTION_END)
			break;
		if (kind == TCP_OPTION_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= hlen)
			return MSS_MALFORMED;
		olen = tcp[i + 1];
		if (olen < 2 || i + olen > hlen)
			return MSS_MALFORMED;
		if (kind == TCP_OPTION_MSS) {
			uint16_t mss;

			if (olen != TCP_OPTION_MSS_LEN)
				return MSS_MALFORMED;
			mss = read16(tcp + i + 2);
			if (mss <= limit)
				return MSS_UNCHANGED;
			if (write)
				mss_write(tcp, i + 2, limit);
			return MSS_CLAMPED;
		}
		i += olen;
	}
	return MSS_UNCHANGED;
}

/* write false: judge only, frame is not written (mss_clamp_verdict()). */
static enum mss_clamp_result clamp_frame(uint8_t *frame, uint32_t len, uint16_t mtu, bool write)
{
	uint16_t type = 0;
	uint32_t off = l3_offset(frame, len, &type);
	uint32_t ip_payload; /* bytes of TCP in the datagram, by the IP header */
	uint32_t tcp_off, hlen;
	uint8_t *tcp;
	bool ipv6;

	if (off == 0)
		return MSS_NOT_SYN;
	if (type == WIRE_ETHERTYPE_IPV4) {
		struct wire_ipv4 ip;
		uint32_t ihl;

		if (len < off + sizeof(ip))
			return MSS_MALFORMED;
		memcpy(&ip, frame + off, sizeof(ip));
		ihl = (uint32_t)(ip.version_ihl & 0x0f) * 4;
		if (ip.version_ihl >> 4 != WIRE_IPV4_VERSION || ihl < sizeof(ip) ||
		    len < off + ihl || read16((const uint8_t *)&ip.total_length) < ihl)
			return MSS_MALFORMED;
		if (ip.protocol != WIRE_IPPROTO_TCP ||
		    (read16((const uint8_t *)&ip.fragment) & WIRE_IPV4_OFFSET_MASK) != 0)
			return MSS_NOT_SYN;
		ip_payload = read16((const uint8_t *)&ip.total_length) - ihl;
		tcp_off = off + ihl;
		ipv6 = false;
	} else if (type == WIRE_ETHERTYPE_IPV6) {
		struct wire_ipv6 ip;

		if (len < off + sizeof(ip))
			return MSS_MALFORMED;
		memcpy(&ip, frame + off, sizeof(ip));
		if (frame[off] >> 4 != 6)
			return MSS_MALFORMED;
		if (ip.next_header != WIRE_IPPROTO_TCP)
			return MSS_NOT_SYN;
		ip_payload = read16((const uint8_t *)&ip.payload_length);
		tcp_off = off + sizeof(ip);
		ipv6 = true;
	} else {
		return MSS_NOT_SYN;
	}
	if (ip_payload < TCP_MIN_HEADER || len < tcp_off + TCP_MIN_HEADER)
		return MSS_MALFORMED;
	tcp = frame + tcp_off;
	if (!(tcp[13] & TCP_FLAG_SYN))
		return MSS_NOT_SYN;
	hlen = (uint32_t)(tcp[12] >> 4) * 4;
	if (hlen < TCP_MIN_HEADER || hlen > ip_payload || len < tcp_off + hlen)
		return MSS_MALFORMED;
	return options_clamp(tcp, hlen, mss_for_mtu(mtu, ipv6), write);
}

enum mss_clamp_result mss_clamp(uint8_t *frame, uint32_t len, uint16_t mtu)
{
	return clamp_frame(frame, len, mtu, true);
}

enum mss_clamp_result mss_clamp_verdict(const uint8_t *frame, uint32_t len, uint16_t mtu)
{
	/* Never written through with write false. */
	return clamp_frame((uint8_t *)(uintptr_t)frame, len, mtu, false);
}
