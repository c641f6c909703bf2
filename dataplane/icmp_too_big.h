/* "Packet too big" answers for a frame that does not fit the network MTU:
 * ICMP destination unreachable, fragmentation needed (RFC 792, RFC 1191) for
 * IPv4 with DF, ICMPv6 packet too big (RFC 4443 section 3.2) for IPv6. Also
 * the verdict on an oversized frame. Pure: byte buffers, no DPDK.
 *
 * The answer goes back to the sender from the address it was sending to
 * (the offending packet's destination): a bridge has no address of its own
 * in the tenant's network, and the sender's stack takes the MTU from any
 * source (Linux and Windows check the quoted header, not the source). The
 * Ethernet addresses are swapped and an 802.1Q tag is kept. */
#ifndef SLUICE_ICMP_TOO_BIG_H
#define SLUICE_ICMP_TOO_BIG_H

#include <stdint.h>

/* RFC 1812 section 4.3.2.3: an ICMPv4 error quotes as much of the original as
 * fits in 576 bytes; RFC 4443 section 2.4 (c): an ICMPv6 error as much as
 * fits in the IPv6 minimum MTU, 1280. */
#define ICMP4_ERROR_MAX 576
#define ICMP6_ERROR_MAX 1280
/* The largest answer frame: Ethernet, a tag, an ICMPv6 error. */
#define ICMP_TOO_BIG_FRAME_MAX (14 + 4 + ICMP6_ERROR_MAX)

/* What to do with a frame of a tunnel network. */
enum mtu_verdict {
	MTU_FITS,	    /* the frame's IP packet fits the network MTU */
	MTU_FRAGMENT,	    /* IPv4 without DF over the MTU: fragment it before encapsulation */
	MTU_TOO_BIG,	    /* over the MTU, answer with ICMP/ICMPv6 (icmp_too_big_build) */
	MTU_TOO_BIG_SILENT, /* over the MTU and never answered: ICMP error, fragment,
			       broadcast or multicast, not IP: dropped */
	MTU_MALFORMED,	    /* over the MTU with a wrong IP header length: dropped */
};

/* Judges frame (Ethernet, untagged or one 802.1Q tag) of frame_len bytes in
 * all, of which the first len are in frame, against the IP MTU mtu. mtu
 * counts from the IP header of an untagged frame, so a tagged frame's IP
 * packet may be 4 bytes less (the tag crosses the tunnel inside it).
 * *ip_mtu: the MTU to report or fragment to, for this frame. */
enum mtu_verdict mtu_verdict(const uint8_t *frame, uint32_t len, uint32_t frame_len, uint16_t mtu,
			     uint16_t *ip_mtu);

/* Builds the answer to frame (len bytes of it available, as many as
 * ICMP_TOO_BIG_FRAME_MAX are enough) into out, which holds
 * ICMP_TOO_BIG_FRAME_MAX bytes: ICMP type 3 code 4 or ICMPv6 type 2 with
 * ip_mtu. Returns the answer's length, 0 when frame must not be answered
 * (mtu_verdict() says so first). */
uint32_t icmp_too_big_build(const uint8_t *frame, uint32_t len, uint16_t ip_mtu, uint8_t *out);

#endif
