/* Guest offloads (issue 12): what a packet still asks of the egress (TCP
 * segmentation, partial L4 checksums, the IPv4 header checksum) and how the
 * switch completes it in software where the egress cannot.
 *
 * A packet from a guest that negotiated HOST_TSO or CSUM leaves
 * offload_from_guest() with DPDK's transmit flags, as a NIC would take them:
 * RTE_MBUF_F_TX_TCP_SEG (tso_segsz, l4_len), RTE_MBUF_F_TX_TCP_CKSUM or
 * RTE_MBUF_F_TX_UDP_CKSUM (the L4 checksum field holds the pseudo-header
 * sum), RTE_MBUF_F_TX_IPV4 or RTE_MBUF_F_TX_IPV6, l2_len and l3_len. Every
 * later stage may trust those fields: a packet whose flags disagree with its
 * bytes was dropped with a named reason. */
#ifndef SLUICE_OFFLOAD_H
#define SLUICE_OFFLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "drops.h"

/* What an egress port takes as it is (struct port, tx_offload). vhost: the
 * features its guest negotiated; phy: the device's tx capabilities. */
#define OFFLOAD_CSUM (1u << 0)	    /* partial TCP/UDP checksums (GUEST_CSUM) */
#define OFFLOAD_TSO4 (1u << 1)	    /* TCP over IPv4 larger than the MTU (GUEST_TSO4) */
#define OFFLOAD_TSO6 (1u << 2)	    /* TCP over IPv6 larger than the MTU (GUEST_TSO6) */
#define OFFLOAD_IPV4_CSUM (1u << 3) /* phy: the device writes the IPv4 header checksum */

/* Segments one TCP segment of 64 KiB may become at the smallest MSS the
 * switch segments to (about 1400 bytes over a 1450-byte tunnel MTU), with
 * room to spare; a packet that would need more is dropped (offload-failed). */
#define OFFLOAD_MAX_SEGMENTS 64

/* The transmit flags a packet may carry that some egress must complete. */
#define OFFLOAD_TX_FLAGS (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_L4_MASK | RTE_MBUF_F_TX_IP_CKSUM)

/* Does m ask the egress for anything (segmentation or a checksum)? */
static inline bool offload_pending(const struct rte_mbuf *m)
{
	return (m->ol_flags & OFFLOAD_TX_FLAGS) != 0;
}

/* Is m one TCP segment larger than the segments it stands for? */
static inline bool offload_is_tso(const struct rte_mbuf *m)
{
	return (m->ol_flags & RTE_MBUF_F_TX_TCP_SEG) != 0;
}

/* The IP length of the largest packet m puts on the wire: a TSO packet's
 * segment (IP and TCP headers plus tso_segsz), otherwise all of m after its
 * Ethernet header (l2_len; 14 when not set). The MTU is judged on this. */
static inline uint32_t offload_wire_ip_len(const struct rte_mbuf *m)
{
	uint32_t l2 = m->l2_len ? m->l2_len : 14;

	if (offload_is_tso(m))
		return (uint32_t)m->l3_len + m->l4_len + m->tso_segsz;
	return rte_pktmbuf_pkt_len(m) > l2 ? rte_pktmbuf_pkt_len(m) - l2 : 0;
}

/* DROP_REASON_COUNT when m's offload flags (receive flags from rte_vhost's
 * compliant mode: RTE_MBUF_F_RX_LRO with tso_segsz, RTE_MBUF_F_RX_L4_CKSUM_NONE)
 * describe its bytes, which are then turned into transmit flags as above;
 * otherwise the reason to drop it (offload-bad-segment-size, -bad-headers,
 * -not-tcp). A packet without offload flags passes untouched. */
enum drop_reason offload_from_guest(struct rte_mbuf *m);

/* DROP_REASON_COUNT when m's transmit flags agree with its bytes (the
 * checks of offload_from_guest, on transmit flags), else the reason. Sets
 * l2_len, l3_len and l4_len from the frame (a trunk's tag may have been
 * pushed since they were set). */
enum drop_reason offload_check_tx(struct rte_mbuf *m);

struct pmd;

/* Completes in software what m asks of the egress: a TSO packet is cut
 * (rte_gso for IPv4, a copy per segment for IPv6) into segments of at most
 * tso_segsz payload bytes whose IP length fits ip_mtu (0: no limit but
 * tso_segsz), then every IPv4 header and TCP/UDP checksum is computed. The
 * results carry no offload flags. Returns how many packets it put in out
 * (at most max; m is one of them or freed), or minus a drop reason with m
 * freed (bad flags, no mbufs, more than max segments). */
int offload_complete_sw(struct pmd *pmd, struct rte_mbuf *m, uint16_t ip_mtu, struct rte_mbuf **out,
			uint16_t max);

/* The egress hook of tx_enqueue(): m has offload_pending(). It leaves with
 * its flags when port_index takes them (a guest that negotiated them, a NIC
 * that offers them), otherwise completed in software first. */
void offload_tx_output(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m);

/* The ingress hook of a vhost port's received burst: offload_from_guest()
 * on each, bad ones dropped and counted on port_index. Returns the packets
 * left, packed to the front. */
uint16_t offload_rx_guest(struct pmd *pmd, uint16_t port_index, struct rte_mbuf **pkts, uint16_t n);

#endif
