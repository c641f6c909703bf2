/* Does what a guest asked (segmentation, a checksum) agree with the bytes it
 * sent? A guest is not trusted: lengths are read from the frame and checked
 * against each other and the mbuf before any later stage relies on them. */
#include <netinet/in.h>

#include "offload.h"

#define OFFLOAD_HDR_MAX (18 + 60 + 60) /* tagged Ethernet, IPv4 with options, TCP */

struct offload_hdrs {
	uint16_t l2, l3, l4;
	uint8_t proto; /* IPPROTO_*: IPv6's next header, no extension headers */
	bool ipv6;
	uint32_t ip_len; /* the IP header's own length: L3 header and payload */
};

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static enum drop_reason parse_l3(const uint8_t *p, uint32_t avail, uint32_t frame_len,
				 struct offload_hdrs *h)
{
	const uint8_t *ip = p + h->l2;

	switch (be16(p + h->l2 - 2)) {
	case 0x0800:
		if (avail < h->l2 + 20u || ip[0] >> 4 != 4 || (ip[0] & 0x0f) < 5)
			return DROP_OFFLOAD_BAD_HEADERS;
		h->l3 = (uint16_t)((ip[0] & 0x0f) * 4);
		h->ip_len = be16(ip + 2);
		/* A fragment has no L4 header of its own to complete. */
		if ((be16(ip + 6) & 0x3fff) != 0)
			return DROP_OFFLOAD_BAD_HEADERS;
		h->proto = ip[9];
		break;
	case 0x86dd:
		if (avail < h->l2 + 40u || ip[0] >> 4 != 6)
			return DROP_OFFLOAD_BAD_HEADERS;
		h->ipv6 = true;
		h->l3 = 40;
		h->ip_len = 40u + be16(ip + 4);
		h->proto = ip[6];
		break;
	default:
		return DROP_OFFLOAD_BAD_HEADERS;
	}
	if (h->ip_len < h->l3 || h->ip_len > frame_len - h->l2)
		return DROP_OFFLOAD_BAD_HEADERS;
	return DROP_REASON_COUNT;
}

/* The headers of m, every length checked against the next and the frame. */
static enum drop_reason parse(const struct rte_mbuf *m, struct offload_hdrs *h)
{
	uint8_t buf[OFFLOAD_HDR_MAX];
	uint32_t frame_len = rte_pktmbuf_pkt_len(m);
	uint32_t avail = RTE_MIN(frame_len, (uint32_t)sizeof(buf));
	const uint8_t *p = rte_pktmbuf_read(m, 0, avail, buf);
	enum drop_reason r;
	const uint8_t *l4;

	*h = (struct offload_hdrs){.l2 = 14};
	if (!p || avail < 14)
		return DROP_OFFLOAD_BAD_HEADERS;
	if (be16(p + 12) == 0x8100)
		h->l2 = 18;
	if (avail < h->l2)
		return DROP_OFFLOAD_BAD_HEADERS;
	r = parse_l3(p, avail, frame_len, h);
	if (r != DROP_REASON_COUNT)
		return r;
	l4 = p + h->l2 + h->l3;
	if (h->proto == IPPROTO_TCP) {
		if (avail < h->l2 + h->l3 + 20u)
			return DROP_OFFLOAD_BAD_HEADERS;
		h->l4 = (uint16_t)((l4[12] >> 4) * 4);
		if (h->l4 < 20 || avail < (uint32_t)h->l2 + h->l3 + h->l4)
			return DROP_OFFLOAD_BAD_HEADERS;
	} else if (h->proto == IPPROTO_UDP) {
		h->l4 = 8;
		if (avail < h->l2 + h->l3 + 8u || be16(l4 + 4) != h->ip_len - h->l3)
			return DROP_OFFLOAD_BAD_HEADERS;
	}
	if (h->ip_len < (uint32_t)h->l3 + h->l4)
		return DROP_OFFLOAD_BAD_HEADERS;
	/* The checksum and segmentation code write the headers in place. */
	if ((uint32_t)h->l2 + h->l3 + h->l4 > rte_pktmbuf_data_len(m))
		return DROP_OFFLOAD_BAD_HEADERS;
	return DROP_REASON_COUNT;
}

/* Are the transmit flags tx (and m's tso_segsz) right for headers h? */
static enum drop_reason judge(const struct rte_mbuf *m, const struct offload_hdrs *h, uint64_t tx)
{
	uint64_t ip = h->ipv6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4;

	if ((tx & (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6)) != ip ||
	    ((tx & RTE_MBUF_F_TX_IP_CKSUM) && h->ipv6))
		return DROP_OFFLOAD_BAD_HEADERS;
	if (tx & RTE_MBUF_F_TX_TCP_SEG) {
		uint32_t payload = h->ip_len - h->l3 - h->l4;

		if (h->proto != IPPROTO_TCP)
			return DROP_OFFLOAD_NOT_TCP;
		/* Segments are cut from everything after the headers. */
		if (h->ip_len != rte_pktmbuf_pkt_len(m) - h->l2)
			return DROP_OFFLOAD_BAD_HEADERS;
		if (m->tso_segsz == 0 || m->tso_segsz > payload)
			return DROP_OFFLOAD_BAD_SEGMENT_SIZE;
	}
	switch (tx & RTE_MBUF_F_TX_L4_MASK) {
	case RTE_MBUF_F_TX_L4_NO_CKSUM:
		return (tx & RTE_MBUF_F_TX_TCP_SEG) ? DROP_OFFLOAD_BAD_HEADERS : DROP_REASON_COUNT;
	case RTE_MBUF_F_TX_TCP_CKSUM:
		return h->proto == IPPROTO_TCP ? DROP_REASON_COUNT : DROP_OFFLOAD_BAD_HEADERS;
	case RTE_MBUF_F_TX_UDP_CKSUM:
		return h->proto == IPPROTO_UDP ? DROP_REASON_COUNT : DROP_OFFLOAD_BAD_HEADERS;
	default: /* SCTP: no guest of virtio-net offloads it */
		return DROP_OFFLOAD_BAD_HEADERS;
	}
}

static void set_lengths(struct rte_mbuf *m, const struct offload_hdrs *h)
{
	m->l2_len = h->l2;
	m->l3_len = h->l3;
	m->l4_len = h->l4;
}

enum drop_reason offload_from_guest(struct rte_mbuf *m)
{
	uint64_t f = m->ol_flags;
	bool tso = (f & RTE_MBUF_F_RX_LRO) != 0;
	bool csum = (f & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_NONE;
	struct offload_hdrs h;
	enum drop_reason r;
	uint64_t tx;

	if (!tso && !csum)
		return DROP_REASON_COUNT;
	m->ol_flags =
	    f & ~(RTE_MBUF_F_RX_LRO | RTE_MBUF_F_RX_L4_CKSUM_MASK | RTE_MBUF_F_RX_IP_CKSUM_MASK |
		  OFFLOAD_TX_FLAGS | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6);
	r = parse(m, &h);
	if (r != DROP_REASON_COUNT)
		return r;
	if (tso && h.proto != IPPROTO_TCP)
		return DROP_OFFLOAD_NOT_TCP;
	tx = h.ipv6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4;
	if (tso)
		/* Every segment gets its own IPv4 header, so its own checksum. */
		tx |= RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM |
		      (h.ipv6 ? 0 : RTE_MBUF_F_TX_IP_CKSUM);
	else if (h.proto == IPPROTO_TCP)
		tx |= RTE_MBUF_F_TX_TCP_CKSUM;
	else if (h.proto == IPPROTO_UDP)
		tx |= RTE_MBUF_F_TX_UDP_CKSUM;
	else
		return DROP_OFFLOAD_BAD_HEADERS;
	r = judge(m, &h, tx);
	if (r != DROP_REASON_COUNT)
		return r;
	m->ol_flags |= tx;
	set_lengths(m, &h);
	return DROP_REASON_COUNT;
}

enum drop_reason offload_check_tx(struct rte_mbuf *m)
{
	struct offload_hdrs h;
	enum drop_reason r = parse(m, &h);

	if (r == DROP_REASON_COUNT)
		r = judge(m, &h, m->ol_flags);
	/* A trunk's tag may have been pushed since the lengths were set. */
	if (r == DROP_REASON_COUNT)
		set_lengths(m, &h);
	return r;
}
