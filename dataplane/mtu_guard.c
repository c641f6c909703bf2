#include "mtu_guard.h"

#include <string.h>

#include <rte_cycles.h>
#include <rte_ip_frag.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "checksum.h"
#include "icmp_too_big.h"
#include "mss_clamp.h"
#include "offload.h"
#include "tunnel_output.h"
#include "tx.h"
#include "wire.h"

static inline void event_count(struct pmd *pmd, uint16_t port, enum mtu_event e, uint64_t n)
{
	pmd->counters.ports[port].mtu[e] += n;
}

/* The headers of a SYN sit in the first segment (vhost and the NIC put at
 * least 2 KB there): a frame whose headers do not is left alone. */
static inline void clamp(struct pmd *pmd, const struct tunnel_view *t, uint16_t port,
			 struct rte_mbuf *m)
{
	enum mss_clamp_result r;

	if (!t->mss_clamp)
		return;
	r = mss_clamp(rte_pktmbuf_mtod(m, uint8_t *), rte_pktmbuf_data_len(m), t->mtu);
	trace_packet(pmd, m, TRACE_MSS, port, r, t->mtu);
	if (unlikely(r == MSS_CLAMPED))
		event_count(pmd, port, MTU_EVENT_MSS_CLAMPED, 1);
	else if (unlikely(r == MSS_MALFORMED))
		event_count(pmd, port, MTU_EVENT_MSS_MALFORMED, 1);
}

static bool is_ipv6(const uint8_t *frame)
{
	uint32_t t = frame[12] == 0x81 && frame[13] == 0x00 ? 16 : 12;

	return frame[t] == 0x86 && frame[t + 1] == 0xdd;
}

static uint32_t l2_len(const uint8_t *frame)
{
	return frame[12] == 0x81 && frame[13] == 0x00 ? 18 : 14;
}

/* Sends the answer back out of the port the sender is on. */
static void answer(struct pmd *pmd, uint16_t in_port, const uint8_t *frame, uint32_t len,
		   uint16_t ip_mtu)
{
	struct rte_mbuf *r;
	uint32_t n;

	if (!rate_limit_take(&pmd->icmp_limit[in_port], rte_rdtsc(), pmd->dp->tsc_hz,
			     MTU_GUARD_ICMP_RATE, MTU_GUARD_ICMP_BURST)) {
		event_count(pmd, in_port, MTU_EVENT_ICMP_RATE_LIMITED, 1);
		return;
	}
	r = rte_pktmbuf_alloc(pmd->pool);
	if (unlikely(!r)) {
		drop_count(pmd, in_port, DROP_NO_MBUF, 1);
		return;
	}
	if (unlikely(rte_pktmbuf_tailroom(r) < ICMP_TOO_BIG_FRAME_MAX)) {
		rte_pktmbuf_free(r);
		drop_count(pmd, in_port, DROP_NO_MBUF, 1);
		return;
	}
	n = icmp_too_big_build(frame, len, ip_mtu, rte_pktmbuf_mtod(r, uint8_t *));
	if (n == 0) {
		rte_pktmbuf_free(r);
		return;
	}
	rte_pktmbuf_append(r, (uint16_t)n);
	event_count(pmd, in_port,
		    is_ipv6(rte_pktmbuf_mtod(r, const uint8_t *)) ? MTU_EVENT_ICMP6_SENT
								  : MTU_EVENT_ICMP4_SENT,
		    1);
	tx_enqueue(pmd, in_port, r);
}

/* IPv4 without DF: split to ip_mtu, each fragment its own frame with m's
 * Ethernet header (and tag), then encapsulated. m's data is shared by the
 * fragments (indirect mbufs), not copied. remote 0: flood, m stays the
 * caller's. */
static void fragment(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		     uint16_t in_port, uint32_t remote, struct rte_mbuf *m, uint32_t l2,
		     uint16_t ip_mtu)
{
	struct rte_mbuf *frags[MTU_GUARD_MAX_FRAGMENTS];
	uint8_t hdr[sizeof(struct wire_ether) + sizeof(struct wire_vlan)];
	int32_t n;

	memcpy(hdr, rte_pktmbuf_mtod(m, const uint8_t *), l2);
	rte_pktmbuf_adj(m, (uint16_t)l2);
	n = rte_ipv4_fragment_packet(m, frags, MTU_GUARD_MAX_FRAGMENTS, ip_mtu, pmd->pool,
				     pmd->pool);
	/* The bytes are still there: give m its Ethernet header back. */
	rte_pktmbuf_prepend(m, (uint16_t)l2);
	if (remote != 0)
		rte_pktmbuf_free(m);
	if (unlikely(n <= 0)) {
		drop_count(pmd, in_port, DROP_MTU_FRAGMENT_FAILED, 1);
		return;
	}
	event_count(pmd, in_port, MTU_EVENT_FRAGMENTED, 1);
	event_count(pmd, in_port, MTU_EVENT_FRAGMENTS, (uint64_t)n);
	for (int32_t i = 0; i < n; i++) {
		struct rte_mbuf *f = frags[i];
		uint8_t *p = (uint8_t *)rte_pktmbuf_prepend(f, (uint16_t)l2);
		struct wire_ipv4 *ip;

		if (unlikely(!p)) {
			drop_count(pmd, in_port, DROP_MTU_FRAGMENT_FAILED, 1);
			rte_pktmbuf_free(f);
			continue;
		}
		memcpy(p, hdr, l2);
		/* rte_ip_frag leaves the header checksum to the caller and asks
		 * for checksum offload, which after encapsulation would land on
		 * the outer headers: compute it here, ask nothing. */
		f->ol_flags &= ~(RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_IPV4);
		ip = (struct wire_ipv4 *)(p + l2);
		ip->checksum = 0;
		ip->checksum = htons(checksum_ipv4_header((const uint8_t *)ip,
							  (size_t)(ip->version_ihl & 0x0f) * 4));
		if (remote != 0) {
			encap_push(pmd, view, network, remote, f);
		} else {
			tunnel_flood(pmd, view, network, f);
			rte_pktmbuf_free(f);
		}
	}
}

/* m is over the network MTU: answer, fragment or drop. remote 0: flood, m
 * stays the caller's. */
static void too_big(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		    uint16_t in_port, uint32_t remote, struct rte_mbuf *m)
{
	const struct tunnel_view *t = &view->tunnels[network];
	uint8_t buf[ICMP_TOO_BIG_FRAME_MAX];
	uint32_t len = RTE_MIN(rte_pktmbuf_pkt_len(m), (uint32_t)sizeof(buf));
	const uint8_t *f = rte_pktmbuf_read(m, 0, len, buf);
	uint16_t ip_mtu = t->mtu;

	enum mtu_verdict verdict = mtu_verdict(f, len, rte_pktmbuf_pkt_len(m), t->mtu, &ip_mtu);

	trace_packet(pmd, m, TRACE_MTU, in_port, verdict, t->mtu);
	if (verdict == MTU_TOO_BIG || verdict == MTU_TOO_BIG_SILENT || verdict == MTU_MALFORMED)
		trace_packet(pmd, m, TRACE_DROP, in_port,
			     verdict == MTU_TOO_BIG	     ? DROP_MTU_TOO_BIG
			     : verdict == MTU_TOO_BIG_SILENT ? DROP_MTU_TOO_BIG_SILENT
							     : DROP_MTU_MALFORMED,
			     0);
	switch (verdict) {
	case MTU_FITS: /* not reached: the caller measured first */
		if (remote != 0)
			encap_push(pmd, view, network, remote, m);
		else
			tunnel_flood(pmd, view, network, m);
		return;
	case MTU_FRAGMENT:
		fragment(pmd, view, network, in_port, remote, m, l2_len(f), ip_mtu);
		return;
	case MTU_TOO_BIG:
		drop_count(pmd, in_port, DROP_MTU_TOO_BIG, 1);
		answer(pmd, in_port, f, len, ip_mtu);
		break;
	case MTU_TOO_BIG_SILENT:
		drop_count(pmd, in_port, DROP_MTU_TOO_BIG_SILENT, 1);
		break;
	case MTU_MALFORMED:
		drop_count(pmd, in_port, DROP_MTU_MALFORMED, 1);
		break;
	}
	if (remote != 0)
		rte_pktmbuf_free(m);
}

/* A guest's TSO packet or partial checksum into a tunnel: the offload flags
 * describe the inner headers and would land on the outer ones, so it is
 * completed here, cut to segments that fit the network MTU (the TSO packet
 * is judged by its segments, never answered with too-big), each then sent
 * as any other packet. remote 0: flood, m stays the caller's. */
static void offloaded(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		      uint16_t in_port, uint32_t remote, struct rte_mbuf *m)
{
	struct rte_mbuf *segs[OFFLOAD_MAX_SEGMENTS];
	int n;

	if (remote == 0) {
		m = rte_pktmbuf_copy(m, pmd->pool, 0, UINT32_MAX);
		if (unlikely(!m)) {
			drop_count(pmd, in_port, DROP_NO_MBUF, 1);
			return;
		}
	}
	n = offload_complete_sw(pmd, m, view->tunnels[network].mtu, segs, OFFLOAD_MAX_SEGMENTS);
	if (unlikely(n < 0))
		drop_count(pmd, in_port, (enum drop_reason) - n, 1);
	for (int i = 0; i < n; i++) {
		if (remote != 0) {
			mtu_guard_output(pmd, view, network, in_port, remote, segs[i]);
		} else {
			mtu_guard_flood(pmd, view, network, in_port, segs[i]);
			rte_pktmbuf_free(segs[i]);
		}
	}
}

void mtu_guard_output(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		      uint16_t in_port, uint32_t remote, struct rte_mbuf *m)
{
	const struct tunnel_view *t = &view->tunnels[network];

	if (unlikely(offload_pending(m))) {
		offloaded(pmd, view, network, in_port, remote, m);
		return;
	}
	clamp(pmd, t, in_port, m);
	if (likely(mtu_guard_fits(t, m))) {
		trace_packet(pmd, m, TRACE_MTU, in_port, MTU_FITS, t->mtu);
		encap_push(pmd, view, network, remote, m);
	} else
		too_big(pmd, view, network, in_port, remote, m);
}

void mtu_guard_flood(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		     uint16_t in_port, struct rte_mbuf *m)
{
	const struct tunnel_view *t = &view->tunnels[network];
	struct rte_mbuf *c;

	if (t->n_flood == 0)
		return;
	if (unlikely(offload_pending(m))) {
		offloaded(pmd, view, network, in_port, 0, m);
		return;
	}
	/* m goes to the local members too, unclamped: their MTU is not the
	 * tunnel's. A SYN to clamp is clamped in a copy for the VTEPs alone. */
	if (unlikely(t->mss_clamp &&
		     mss_clamp_verdict(rte_pktmbuf_mtod(m, const uint8_t *),
				       rte_pktmbuf_data_len(m), t->mtu) == MSS_CLAMPED)) {
		c = rte_pktmbuf_copy(m, pmd->pool, 0, UINT32_MAX);
		if (unlikely(!c)) {
			drop_count(pmd, view->vtep.port, DROP_NO_MBUF, 1);
			return;
		}
		clamp(pmd, t, in_port, c);
		if (likely(mtu_guard_fits(t, c)))
			tunnel_flood(pmd, view, network, c);
		else
			too_big(pmd, view, network, in_port, 0, c);
		rte_pktmbuf_free(c);
		return;
	}
	clamp(pmd, t, in_port, m); /* writes nothing now: counts a malformed SYN */
	if (likely(mtu_guard_fits(t, m)))
		tunnel_flood(pmd, view, network, m);
	else
		too_big(pmd, view, network, in_port, 0, m);
}

bool mtu_guard_flood_passes(struct pmd *pmd, const struct tunnel_view *t, uint16_t in_port,
			    struct rte_mbuf *m)
{
	if (unlikely(offload_pending(m) || !mtu_guard_fits(t, m)))
		return false;
	if (!t->mss_clamp)
		return true;
	if (mss_clamp_verdict(rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m),
			      t->mtu) != MSS_NOT_SYN)
		return false;
	trace_packet(pmd, m, TRACE_MSS, in_port, MSS_NOT_SYN, t->mtu);
	return true;
}

void mtu_guard_input(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		     uint16_t in_port, struct rte_mbuf *m)
{
	clamp(pmd, &view->tunnels[network], in_port, m);
}

void mtu_guard_stage(struct pmd *pmd, const struct fwd_view *view)
{
	struct pipe_vectors *v = &pmd->vec;

	for (uint16_t i = 0; i < v->n_tunnel; i++) {
		const struct pipe_item *it = &v->tunnel[i];

		if (i + 1 < v->n_tunnel)
			rte_prefetch0(rte_pktmbuf_mtod(v->tunnel[i + 1].m, void *));
		if (likely(it->remote != 0)) {
			mtu_guard_output(pmd, view, it->network, it->port, it->remote, it->m);
		} else {
			/* A flood frame the replicate stage could not pass
			 * (mtu_guard_flood_passes): its reference ends here. */
			mtu_guard_flood(pmd, view, it->network, it->port, it->m);
			rte_pktmbuf_free(it->m);
		}
	}
	v->n_tunnel = 0;
}
