#include "tcp_segment.h"

#include <arpa/inet.h>
#include <string.h>

#include "checksum.h"
#include "wire.h"

#define TCP_MIN_LEN 20
#define TCP_OFF_SEQ 4
#define TCP_OFF_DOFF 12
#define TCP_OFF_FLAGS 13
#define TCP_OFF_CHECKSUM 16
#define TCP_FLAG_FIN 0x01
#define TCP_FLAG_PSH 0x08
#define TCP_FLAG_CWR 0x80

static int parse_ipv4(const uint8_t *l3, uint32_t len, struct tcp_segment_layout *out)
{
	struct wire_ipv4 ip;

	if (len < sizeof(ip))
		return -1;
	memcpy(&ip, l3, sizeof(ip));
	out->l3_len = (uint16_t)((ip.version_ihl & 0x0f) * 4u);
	if (ip.version_ihl >> 4 != WIRE_IPV4_VERSION || out->l3_len < sizeof(ip) ||
	    ip.protocol != WIRE_IPPROTO_TCP || ntohs(ip.total_length) != len ||
	    (ntohs(ip.fragment) & (WIRE_IPV4_FLAG_MF | WIRE_IPV4_OFFSET_MASK)))
		return -1;
	out->ipv6 = false;
	return 0;
}

static int parse_ipv6(const uint8_t *l3, uint32_t len, struct tcp_segment_layout *out)
{
	struct wire_ipv6 ip;

	if (len < sizeof(ip))
		return -1;
	memcpy(&ip, l3, sizeof(ip));
	if (ntohl(ip.version_class_flow) >> 28 != 6 || ip.next_header != WIRE_IPPROTO_TCP ||
	    ntohs(ip.payload_length) != len - sizeof(ip))
		return -1;
	out->l3_len = sizeof(ip);
	out->ipv6 = true;
	return 0;
}

int tcp_segment_parse(const uint8_t *frame, uint32_t len, struct tcp_segment_layout *out)
{
	uint32_t l4_off;
	uint16_t type;
	int rc;

	if (len < sizeof(struct wire_ether))
		return -1;
	out->l2_len = sizeof(struct wire_ether);
	type = (uint16_t)(frame[12] << 8 | frame[13]);
	if (type == WIRE_ETHERTYPE_VLAN) {
		if (len < sizeof(struct wire_ether) + sizeof(struct wire_vlan))
			return -1;
		out->l2_len += sizeof(struct wire_vlan);
		type = (uint16_t)(frame[16] << 8 | frame[17]);
	}
	if (type == WIRE_ETHERTYPE_IPV4)
		rc = parse_ipv4(frame + out->l2_len, len - out->l2_len, out);
	else if (type == WIRE_ETHERTYPE_IPV6)
		rc = parse_ipv6(frame + out->l2_len, len - out->l2_len, out);
	else
		rc = -1;
	if (rc < 0)
		return -1;
	l4_off = (uint32_t)out->l2_len + out->l3_len;
	if (len < l4_off + TCP_MIN_LEN)
		return -1;
	out->l4_len = (uint16_t)((frame[l4_off + TCP_OFF_DOFF] >> 4) * 4u);
	if (out->l4_len < TCP_MIN_LEN || len < l4_off + out->l4_len)
		return -1;
	out->payload_len = len - l4_off - out->l4_len;
	return 0;
}

uint32_t tcp_segment_count(const struct tcp_segment_layout *l, uint16_t mss)
{
	if (mss == 0)
		return 0;
	return (l->payload_len + mss - 1) / mss;
}

uint32_t tcp_segment_payload_len(const struct tcp_segment_layout *l, uint16_t mss, uint32_t index)
{
	uint32_t start = index * (uint32_t)mss;

	if (start >= l->payload_len)
		return 0;
	return l->payload_len - start < mss ? l->payload_len - start : mss;
}

static void be16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t be16_get(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The pseudo-header's addresses, protocol and TCP length (RFC 793, 8200
 * section 8.1), summed. */
static uint32_t pseudo_sum(const struct tcp_segment_layout *l, const uint8_t *l3, uint32_t l4_len)
{
	uint32_t sum;

	if (l->ipv6)
		sum = checksum_add(0, l3 + offsetof(struct wire_ipv6, src), 32);
	else
		sum = checksum_add(0, l3 + offsetof(struct wire_ipv4, src), 8);
	return sum + WIRE_IPPROTO_TCP + (l4_len >> 16) + (l4_len & 0xffff);
}

static void ip_write(const struct tcp_segment_layout *l, uint8_t *l3, uint32_t index,
		     uint32_t l4_len)
{
	if (l->ipv6) {
		be16_put(l3 + offsetof(struct wire_ipv6, payload_length), (uint16_t)l4_len);
		return;
	}
	/* Linux numbers the segments of one TSO send consecutively from the
	 * guest's identification: the receiver sees what it would without
	 * offload. */
	be16_put(l3 + offsetof(struct wire_ipv4, total_length), (uint16_t)(l->l3_len + l4_len));
	be16_put(l3 + offsetof(struct wire_ipv4, id),
		 (uint16_t)(be16_get(l3 + offsetof(struct wire_ipv4, id)) + index));
	be16_put(l3 + offsetof(struct wire_ipv4, checksum), 0);
	be16_put(l3 + offsetof(struct wire_ipv4, checksum), checksum_ipv4_header(l3, l->l3_len));
}

static void tcp_write(const struct tcp_segment_layout *l, uint8_t *l4, uint16_t mss, uint32_t index)
{
	uint32_t seq;

	memcpy(&seq, l4 + TCP_OFF_SEQ, sizeof(seq));
	seq = htonl(ntohl(seq) + index * (uint32_t)mss);
	memcpy(l4 + TCP_OFF_SEQ, &seq, sizeof(seq));
	if (index + 1 < tcp_segment_count(l, mss))
		l4[TCP_OFF_FLAGS] &= (uint8_t) ~(TCP_FLAG_FIN | TCP_FLAG_PSH);
	if (index > 0)
		l4[TCP_OFF_FLAGS] &= (uint8_t)~TCP_FLAG_CWR;
}

uint32_t tcp_segment_write(const struct tcp_segment_layout *l, const uint8_t *orig, uint16_t mss,
			   uint32_t index, uint8_t *out)
{
	uint32_t payload = tcp_segment_payload_len(l, mss, index);
	uint32_t l4_len = l->l4_len + payload;
	uint8_t *l3 = out + l->l2_len, *l4 = l3 + l->l3_len;

	memcpy(out, orig, tcp_segment_header_len(l));
	ip_write(l, l3, index, l4_len);
	tcp_write(l, l4, mss, index);
	be16_put(l4 + TCP_OFF_CHECKSUM, 0);
	be16_put(l4 + TCP_OFF_CHECKSUM,
		 checksum_fold(checksum_add(pseudo_sum(l, l3, l4_len), l4, l4_len)));
	return tcp_segment_header_len(l) + payload;
}
