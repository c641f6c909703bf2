/* Toward a guest that negotiated checksum offload (GUEST_CSUM): TCP whose
 * checksum the switch verified is handed over as verified, and for a guest
 * with GUEST_TSO4 the consecutive TCP/IPv4 segments of a flow in one burst
 * are merged with rte_gro into one large segment, so the guest's stack sees
 * a few large packets instead of many small ones. */
#ifndef SLUICE_GRO_RX_H
#define SLUICE_GRO_RX_H

#include <stdint.h>

#include <rte_mbuf.h>

/* Rewrites the burst pkts[0..n) for a vhost port whose guest takes caps
 * (OFFLOAD_* of offload.h, struct port's tx_offload). A TCP packet (IPv4 or
 * IPv6, optionally VLAN tagged) whose IP and TCP checksums verify in
 * software leaves flagged RTE_MBUF_F_TX_TCP_CKSUM with the pseudo-header sum
 * in its checksum field: rte_vhost 22.11 tells the guest NEEDS_CSUM, which a
 * receiving guest takes as verified (it has no path from the receive flags
 * to DATA_VALID). A run of such TCP/IPv4 packets with payload and only ACK
 * set goes through rte_gro_reassemble_burst; a merged packet leaves as a TSO
 * packet (RTE_MBUF_F_TX_TCP_SEG, tso_segsz the first segment's payload) that
 * rte_vhost hands over with gso_type TCPV4. Packets that fail a check, ask
 * an offload already, are shared with other ports (a flood) or are not TCP
 * pass untouched. Order within a flow is
 * kept. Returns the packets left (merging frees the merged mbufs' heads into
 * one chain; none is dropped). */
uint16_t gro_rx_burst(struct rte_mbuf **pkts, uint16_t n, uint32_t caps);

#endif
