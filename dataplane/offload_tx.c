/* Where a guest's offloads meet a port: on the way in, its flags are checked
 * against its bytes; on the way out, the packet passes as it is to a port
 * that takes it (a guest that negotiated TSO and checksums, a NIC that offers
 * them) and is completed in software for any other. */
#include <rte_net.h>

#include "offload.h"
#include "tx.h"

/* The IP MTU a packet for port must fit, 0 when only the sender's segment
 * size bounds it: a phy port's MTU; a guest's when its front end announced
 * one (QEMU host_mtu). */
static uint16_t egress_ip_mtu(const struct port *port)
{
	return port->type == PORT_TYPE_PHY ? port->mtu : port->guest_mtu;
}

/* The most bytes one segment a NIC cuts from m may have within ip_mtu.
 * Counted with the Ethernet header: net_tap refuses (and stops the burst
 * at) a TSO packet whose tso_segsz plus all its headers exceed the MTU. */
static uint32_t nic_segment_limit(const struct rte_mbuf *m, uint16_t ip_mtu)
{
	uint32_t hdr = (uint32_t)m->l2_len + m->l3_len + m->l4_len;

	return ip_mtu > hdr ? ip_mtu - hdr : 0;
}

/* Can port take m with its flags, as it is? A NIC that segments is told
 * the segment size its MTU allows. */
static bool takes(const struct port *port, struct rte_mbuf *m, uint16_t ip_mtu)
{
	uint32_t caps = __atomic_load_n(&port->tx_offload, __ATOMIC_RELAXED);
	uint32_t need = OFFLOAD_CSUM, limit;

	if (offload_is_tso(m))
		need |= (m->ol_flags & RTE_MBUF_F_TX_IPV6) ? OFFLOAD_TSO6
							   : OFFLOAD_TSO4 | OFFLOAD_IPV4_CSUM;
	if ((caps & need) != need)
		return false;
	if (port->type != PORT_TYPE_PHY || !ip_mtu || !offload_is_tso(m))
		return true;
	limit = nic_segment_limit(m, ip_mtu);
	if (limit == 0)
		return false;
	if (m->tso_segsz > limit)
		m->tso_segsz = (uint16_t)limit;
	return true;
}

void offload_tx_output(struct pmd *pmd, uint16_t port_index, struct rte_mbuf *m)
{
	const struct port *port = &pmd->dp->ports[port_index];
	uint16_t ip_mtu = egress_ip_mtu(port);
	struct rte_mbuf *segs[OFFLOAD_MAX_SEGMENTS];
	enum drop_reason r;
	int n;

	/* Completion writes m: a flood shares it with other ports. */
	if (!RTE_MBUF_DIRECT(m) || rte_mbuf_refcnt_read(m) > 1) {
		m = tx_copy(pmd, port_index, m);
		if (!m)
			return;
	}
	r = offload_check_tx(m);
	if (unlikely(r != DROP_REASON_COUNT)) {
		drop_count(pmd, port_index, r, 1);
		rte_pktmbuf_free(m);
		return;
	}
	if (takes(port, m, ip_mtu)) {
		/* A NIC wants the pseudo-header sum its way; rte_vhost does
		 * the same itself. */
		if (port->type == PORT_TYPE_PHY && rte_net_intel_cksum_prepare(m) < 0) {
			drop_count(pmd, port_index, DROP_OFFLOAD_BAD_HEADERS, 1);
			rte_pktmbuf_free(m);
			return;
		}
		tx_buffer(pmd, port_index, m);
		return;
	}
	if (!offload_is_tso(m) && ip_mtu && offload_wire_ip_len(m) > ip_mtu) {
		drop_count(pmd, port_index, DROP_OFFLOAD_TOO_BIG, 1);
		rte_pktmbuf_free(m);
		return;
	}
	n = offload_complete_sw(pmd, m, ip_mtu, segs, OFFLOAD_MAX_SEGMENTS);
	if (n < 0) {
		drop_count(pmd, port_index, (enum drop_reason) - n, 1);
		return;
	}
	for (int i = 0; i < n; i++)
		tx_buffer(pmd, port_index, segs[i]);
}

uint16_t offload_rx_guest(struct pmd *pmd, uint16_t port_index, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t kept = 0;

	for (uint16_t i = 0; i < n; i++) {
		enum drop_reason r = offload_from_guest(pkts[i]);

		if (likely(r == DROP_REASON_COUNT)) {
			pkts[kept++] = pkts[i];
			continue;
		}
		trace_packet(pmd, pkts[i], TRACE_DROP, port_index, r, 0);
		drop_count(pmd, port_index, r, 1);
		rte_pktmbuf_free(pkts[i]);
	}
	return kept;
}
