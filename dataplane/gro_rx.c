#include "gro_rx.h"

#include <rte_gro.h>
#include <rte_ip.h>
#include <rte_net.h>
#include <rte_tcp.h>

#include "offload.h"

#define GRO_RUN_MAX RTE_GRO_MAX_BURST_ITEM_NUM

enum tcp_kind { TCP_NONE, TCP_IPV4, TCP_IPV6 };

/* Is m TCP with IP and TCP checksums right, its headers in the first mbuf
 * and its IP length inside the frame? Sets packet_type and l2/l3/l4_len,
 * which rte_gro and rte_vhost read. */
static enum tcp_kind verified_tcp(struct rte_mbuf *m)
{
	struct rte_net_hdr_lens h;
	uint32_t ptype = rte_net_get_ptype(m, &h, RTE_PTYPE_ALL_MASK);
	uint32_t hdr = (uint32_t)h.l2_len + h.l3_len + h.l4_len, ip_len;
	const void *ip;

	/* Tunnel types: rte_net_get_ptype does not look inside; a fragment
	 * is L4_FRAG, not L4_TCP. */
	if ((ptype & RTE_PTYPE_L4_MASK) != RTE_PTYPE_L4_TCP || (ptype & RTE_PTYPE_TUNNEL_MASK) ||
	    hdr > rte_pktmbuf_data_len(m))
		return TCP_NONE;
	m->packet_type = ptype;
	m->l2_len = h.l2_len;
	m->l3_len = h.l3_len;
	m->l4_len = h.l4_len;
	ip = rte_pktmbuf_mtod_offset(m, const void *, h.l2_len);
	if (RTE_ETH_IS_IPV4_HDR(ptype)) {
		const struct rte_ipv4_hdr *v4 = ip;

		ip_len = rte_be_to_cpu_16(v4->total_length);
		if (ip_len < (uint32_t)h.l3_len + h.l4_len || ip_len > m->pkt_len - h.l2_len ||
		    rte_raw_cksum(v4, h.l3_len) != 0xffff ||
		    rte_ipv4_udptcp_cksum_mbuf_verify(m, v4, (uint16_t)(h.l2_len + h.l3_len)) < 0)
			return TCP_NONE;
		return TCP_IPV4;
	}
	if (RTE_ETH_IS_IPV6_HDR(ptype) && h.l3_len == sizeof(struct rte_ipv6_hdr)) {
		const struct rte_ipv6_hdr *v6 = ip;

		ip_len = h.l3_len + rte_be_to_cpu_16(v6->payload_len);
		if (ip_len < hdr - h.l2_len || ip_len > m->pkt_len - h.l2_len ||
		    rte_ipv6_udptcp_cksum_mbuf_verify(m, v6, (uint16_t)(h.l2_len + h.l3_len)) < 0)
			return TCP_NONE;
		return TCP_IPV6;
	}
	return TCP_NONE;
}

/* Hands m's TCP checksum to the guest as partial: the pseudo-header sum,
 * with the TCP length as Linux writes it for its own GSO packets, so a
 * guest that forwards m on recomputes it right. */
static void mark_verified(struct rte_mbuf *m, enum tcp_kind kind)
{
	void *ip = rte_pktmbuf_mtod_offset(m, void *, m->l2_len);
	struct rte_tcp_hdr *th =
	    rte_pktmbuf_mtod_offset(m, struct rte_tcp_hdr *, m->l2_len + m->l3_len);

	if (kind == TCP_IPV4) {
		m->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_TCP_CKSUM;
		th->cksum = rte_ipv4_phdr_cksum(ip, 0);
	} else {
		m->ol_flags |= RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_TCP_CKSUM;
		th->cksum = rte_ipv6_phdr_cksum(ip, 0);
	}
}

/* rte_gro merges only TCP/IPv4 segments with payload and ACK alone set;
 * any other packet it would move behind the merged ones. */
static bool gro_candidate(const struct rte_mbuf *m)
{
	const struct rte_tcp_hdr *th =
	    rte_pktmbuf_mtod_offset(m, const struct rte_tcp_hdr *, m->l2_len + m->l3_len);
	const struct rte_ipv4_hdr *ip =
	    rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, m->l2_len);

	return th->tcp_flags == RTE_TCP_ACK_FLAG &&
	       rte_be_to_cpu_16(ip->total_length) > (uint32_t)m->l3_len + m->l4_len;
}

/* Is every segment of m its own: direct, one reference? A flood's replica
 * (replicate.h) has a private first mbuf chained to segments every output
 * shares; merging would chain the next packet behind such a shared last
 * segment, in every output at once. */
static bool chain_private(const struct rte_mbuf *m)
{
	for (; m; m = m->next)
		if (!RTE_MBUF_DIRECT(m) || rte_mbuf_refcnt_read(m) != 1)
			return false;
	return true;
}

/* Merges run[0..n) and marks what comes out; returns the packets left. */
static uint16_t merge_run(struct rte_mbuf **run, uint16_t n)
{
	struct rte_gro_param param = {
	    .gro_types = RTE_GRO_TCP_IPV4,
	    .max_flow_num = n,
	    .max_item_per_flow = n,
	};

	/* tso_segsz carries each segment's payload through the merge: the
	 * merged packet's is its first segment's, the guest's MSS. */
	for (uint16_t i = 0; i < n; i++) {
		const struct rte_ipv4_hdr *ip =
		    rte_pktmbuf_mtod_offset(run[i], const struct rte_ipv4_hdr *, run[i]->l2_len);

		run[i]->tso_segsz = (uint16_t)(rte_be_to_cpu_16(ip->total_length) - run[i]->l3_len -
					       run[i]->l4_len);
	}
	if (n > 1)
		n = rte_gro_reassemble_burst(run, n, &param);
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = run[i];
		uint32_t hdr = (uint32_t)m->l2_len + m->l3_len + m->l4_len;

		mark_verified(m, TCP_IPV4);
		if (rte_pktmbuf_pkt_len(m) > hdr + m->tso_segsz)
			m->ol_flags |= RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IP_CKSUM;
		else
			m->tso_segsz = 0;
	}
	return n;
}

uint16_t gro_rx_burst(struct rte_mbuf **pkts, uint16_t n, uint32_t caps)
{
	struct rte_mbuf *run[GRO_RUN_MAX];
	uint16_t kept = 0, n_run = 0;

	if (!(caps & OFFLOAD_CSUM))
		return n;
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		/* A flood shares m, or some of its segments, with other
		 * ports: their bytes and chain are theirs too, and stay as
		 * they are. */
		bool own = chain_private(m);
		enum tcp_kind kind = !own || offload_pending(m) ? TCP_NONE : verified_tcp(m);

		if (kind == TCP_IPV4 && (caps & OFFLOAD_TSO4) && n_run < GRO_RUN_MAX &&
		    gro_candidate(m)) {
			run[n_run++] = m;
			continue;
		}
		/* A packet rte_gro would not take ends the run: it stays
		 * behind the segments that came before it. */
		for (uint16_t j = 0, left = merge_run(run, n_run); j < left; j++)
			pkts[kept++] = run[j];
		n_run = 0;
		if (kind != TCP_NONE)
			mark_verified(m, kind);
		pkts[kept++] = m;
	}
	for (uint16_t j = 0, left = merge_run(run, n_run); j < left; j++)
		pkts[kept++] = run[j];
	return kept;
}
