/* TCP MSS clamping (RFC 879, RFC 6691): lower the MSS option of a SYN or
 * SYN-ACK so that the peer never sends a segment bigger than the network MTU
 * carries. Pure: operates on a contiguous frame buffer, no DPDK.
 *
 * Only ever lowers an MSS; a SYN without the option is left alone (its
 * default, 536 for IPv4 and 1220 for IPv6, is below any clamp). */
#ifndef SLUICE_MSS_CLAMP_H
#define SLUICE_MSS_CLAMP_H

#include <stdbool.h>
#include <stdint.h>

#define MSS_IPV4_OVERHEAD 40 /* IPv4 20 + TCP 20 */
#define MSS_IPV6_OVERHEAD 60 /* IPv6 40 + TCP 20 */

enum mss_clamp_result {
	MSS_NOT_SYN,   /* not IP, not TCP, not a SYN, a non-first fragment: untouched */
	MSS_UNCHANGED, /* a SYN whose MSS is within the limit, or without an MSS option */
	MSS_CLAMPED,   /* the MSS option was lowered and the TCP checksum updated */
	/* IP header length, TCP data offset or an option's length inconsistent:
	 * the frame is left untouched (forwarded as it is, and counted). */
	MSS_MALFORMED,
};

/* The MSS that fits an IP MTU: MTU-40 for IPv4, MTU-60 for IPv6. */
static inline uint16_t mss_for_mtu(uint16_t mtu, bool ipv6)
{
	uint16_t overhead = ipv6 ? MSS_IPV6_OVERHEAD : MSS_IPV4_OVERHEAD;

	return mtu > overhead ? (uint16_t)(mtu - overhead) : 0;
}

/* Clamps the MSS of the TCP SYN in frame (an Ethernet frame, untagged or with
 * one 802.1Q tag; len bytes readable and writable) to what an IP MTU of mtu
 * allows. IPv6 extension headers are not walked: TCP must follow the fixed
 * header directly (as it does for every SYN Linux and Windows send). */
enum mss_clamp_result mss_clamp(uint8_t *frame, uint32_t len, uint16_t mtu);

/* What mss_clamp() would return for frame, without writing it: MSS_CLAMPED
 * means the MSS is over the limit. For a frame others share (a flood), so
 * the caller clamps a copy of its own only when there is something to clamp. */
enum mss_clamp_result mss_clamp_verdict(const uint8_t *frame, uint32_t len, uint16_t mtu);

#endif
