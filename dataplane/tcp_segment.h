/* Software TCP segmentation of one Ethernet frame that carries a TCP segment
 * larger than the path allows (a guest's TSO send): each output segment gets
 * its own IP length, IPv4 identification, TCP sequence number and flags, and
 * complete IP and TCP checksums, so it needs nothing from the egress NIC and
 * can be wrapped in VXLAN or GRE as is. Pure: byte buffers in, bytes out.
 *
 * Why not rte_gso: in DPDK 22.11 it segments TCP over IPv4 only (no IPv6)
 * and leaves every checksum to the NIC; the tunnel path needs both. */
#ifndef SLUICE_TCP_SEGMENT_H
#define SLUICE_TCP_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

/* Where the headers of the frame are: l2 (Ethernet, optionally one 802.1Q
 * tag), l3 (IPv4 with options or IPv6 without extension headers), l4 (TCP
 * with options), then payload_len bytes of payload. */
struct tcp_segment_layout {
	uint16_t l2_len;
	uint16_t l3_len;
	uint16_t l4_len;
	bool ipv6;
	uint32_t payload_len;
};

/* All headers, l2 to l4: what every segment repeats. */
static inline uint32_t tcp_segment_header_len(const struct tcp_segment_layout *l)
{
	return (uint32_t)l->l2_len + l->l3_len + l->l4_len;
}

/* Reads the layout of the len-byte frame. Returns 0, or -1 when it is not
 * TCP over IPv4 or IPv6, an IPv4 fragment, a header runs past the frame, or
 * the IP length field does not say exactly the bytes that follow the
 * Ethernet header (so a guest's claims are checked, not trusted). */
int tcp_segment_parse(const uint8_t *frame, uint32_t len, struct tcp_segment_layout *out);

/* Segments of at most mss payload bytes the frame becomes: 0 when mss is 0
 * or the frame has no payload (nothing a TSO send may carry). */
uint32_t tcp_segment_count(const struct tcp_segment_layout *l, uint16_t mss);

/* Payload bytes of segment index (0-based) of tcp_segment_count(). */
uint32_t tcp_segment_payload_len(const struct tcp_segment_layout *l, uint16_t mss, uint32_t index);

/* Makes out a complete segment: out holds the segment's payload already at
 * out + tcp_segment_header_len(); this writes the headers in front of it from
 * the original frame's headers (orig, tcp_segment_header_len() bytes) and
 * finishes them: IP length, IPv4 identification + index, sequence number +
 * index * mss, FIN and PSH on the last segment only, CWR on the first only,
 * both checksums. Returns the segment's length in bytes. */
uint32_t tcp_segment_write(const struct tcp_segment_layout *l, const uint8_t *orig, uint16_t mss,
			   uint32_t index, uint8_t *out);

#endif
