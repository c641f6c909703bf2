/* Completing in software what a guest handed over: TCP segmentation (rte_gso
 * for IPv4; DPDK 22.11's rte_gso has no TCP over IPv6, so a copy per segment
 * here) and the checksums (rte_ipv4_cksum, rte_ipv*_udptcp_cksum_mbuf). */
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_gso.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "datapath.h"
#include "offload.h"

#define TCP_FLAG_FIN 0x01
#define TCP_FLAG_PSH 0x08
#define TCP_FLAG_CWR 0x80

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* Every checksum of one packet whose headers sit in its first mbuf. */
static void checksum(struct rte_mbuf *s, uint16_t l2, uint16_t l3, uint64_t flags)
{
	uint16_t l4_off = (uint16_t)(l2 + l3);
	void *ip = rte_pktmbuf_mtod_offset(s, void *, l2);
	uint8_t *field = NULL;

	if (flags & (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM))
		field = rte_pktmbuf_mtod_offset(s, uint8_t *,
						l4_off + offsetof(struct rte_tcp_hdr, cksum));
	else if ((flags & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_UDP_CKSUM)
		field = rte_pktmbuf_mtod_offset(s, uint8_t *,
						l4_off + offsetof(struct rte_udp_hdr, dgram_cksum));
	if (flags & RTE_MBUF_F_TX_IPV4) {
		struct rte_ipv4_hdr *h = ip;

		h->hdr_checksum = 0;
		h->hdr_checksum = rte_ipv4_cksum(h);
		if (field) {
			put16(field, 0);
			put16(field, rte_ipv4_udptcp_cksum_mbuf(s, h, l4_off));
		}
	} else if (field) {
		put16(field, 0);
		put16(field, rte_ipv6_udptcp_cksum_mbuf(s, ip, l4_off));
	}
	s->ol_flags &= ~OFFLOAD_TX_FLAGS;
}

/* One IPv6 segment: m's headers, then len payload bytes from offset off of
 * the payload, copied; its length, sequence number and flags set. */
static struct rte_mbuf *tcp6_segment(struct rte_mempool *pool, const struct rte_mbuf *m,
				     uint32_t off, uint32_t len, bool first, bool last)
{
	uint32_t hdr = (uint32_t)m->l2_len + m->l3_len + m->l4_len;
	struct rte_mbuf *s = rte_pktmbuf_alloc(pool);
	struct rte_ipv6_hdr *ip;
	struct rte_tcp_hdr *th;
	uint8_t *p;

	if (!s)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(s, (uint16_t)hdr);
	if (!p)
		goto fail;
	rte_memcpy(p, rte_pktmbuf_mtod(m, const void *), hdr); /* checked: first mbuf */
	if (rte_pktmbuf_tailroom(s) >= len) {
		uint8_t *d = (uint8_t *)rte_pktmbuf_append(s, (uint16_t)len);
		const void *src = rte_pktmbuf_read(m, hdr + off, len, d);

		if (src != d)
			rte_memcpy(d, src, len);
	} else {
		struct rte_mbuf *rest = rte_pktmbuf_copy(m, pool, hdr + off, len);

		if (!rest || rte_pktmbuf_chain(s, rest) < 0) {
			rte_pktmbuf_free(rest);
			goto fail;
		}
	}
	ip = rte_pktmbuf_mtod_offset(s, struct rte_ipv6_hdr *, m->l2_len);
	ip->payload_len = rte_cpu_to_be_16((uint16_t)(m->l4_len + len));
	th = rte_pktmbuf_mtod_offset(s, struct rte_tcp_hdr *, m->l2_len + m->l3_len);
	th->sent_seq = rte_cpu_to_be_32(rte_be_to_cpu_32(th->sent_seq) + off);
	if (!last)
		th->tcp_flags &= (uint8_t) ~(TCP_FLAG_FIN | TCP_FLAG_PSH);
	if (!first)
		th->tcp_flags &= (uint8_t)~TCP_FLAG_CWR;
	s->port = m->port;
	return s;
fail:
	rte_pktmbuf_free(s);
	return NULL;
}

static int tcp6_segments(struct rte_mempool *pool, const struct rte_mbuf *m, uint16_t segsz,
			 struct rte_mbuf **out, uint16_t n)
{
	uint32_t payload = rte_pktmbuf_pkt_len(m) - m->l2_len - m->l3_len - m->l4_len;

	for (uint16_t i = 0; i < n; i++) {
		uint32_t off = (uint32_t)i * segsz;

		out[i] = tcp6_segment(pool, m, off, RTE_MIN((uint32_t)segsz, payload - off), i == 0,
				      i + 1 == n);
		if (!out[i]) {
			rte_pktmbuf_free_bulk(out, i);
			return -ENOMEM;
		}
	}
	return n;
}

/* m cut into n segments of segsz payload bytes (the last one shorter). */
static int segment(struct pmd *pmd, struct rte_mbuf *m, uint16_t segsz, struct rte_mbuf **out,
		   uint16_t n)
{
	struct rte_gso_ctx ctx = {
	    .direct_pool = pmd->pool,
	    .indirect_pool = pmd->pool,
	    .gso_types = RTE_ETH_TX_OFFLOAD_TCP_TSO,
	    .gso_size = (uint16_t)(m->l2_len + m->l3_len + m->l4_len + segsz),
	    .flag = 0, /* each segment its own IPv4 id, counting up */
	};
	int rc;

	if (m->ol_flags & RTE_MBUF_F_TX_IPV6)
		return tcp6_segments(pmd->pool, m, segsz, out, n);
	rc = rte_gso_segment(m, &ctx, out, n);
	/* rte_gso clears FIN and PSH but not CWR: like Linux's GSO and a
	 * NIC's TSO, only the first segment says the window was reduced. */
	for (int i = 1; i < rc; i++)
		rte_pktmbuf_mtod_offset(out[i], struct rte_tcp_hdr *, m->l2_len + m->l3_len)
		    ->tcp_flags &= (uint8_t)~TCP_FLAG_CWR;
	return rc == 0 ? -EINVAL : rc; /* 0: not cut, which n > 1 rules out */
}

int offload_complete_sw(struct pmd *pmd, struct rte_mbuf *m, uint16_t ip_mtu, struct rte_mbuf **out,
			uint16_t max)
{
	enum drop_reason r = offload_check_tx(m);
	uint64_t flags = m->ol_flags;
	uint16_t l2 = m->l2_len, l3 = m->l3_len;
	int n = 1;

	if (r != DROP_REASON_COUNT) {
		rte_pktmbuf_free(m);
		return -(int)r;
	}
	out[0] = m;
	if (offload_is_tso(m)) {
		uint32_t hdr = (uint32_t)m->l3_len + m->l4_len;
		uint32_t payload = rte_pktmbuf_pkt_len(m) - m->l2_len - hdr;
		uint32_t segsz = m->tso_segsz;

		if (ip_mtu && hdr + segsz > ip_mtu)
			segsz = ip_mtu > hdr ? ip_mtu - hdr : 0;
		n = segsz ? (int)((payload + segsz - 1) / segsz) : 0;
		if (n == 0 || n > max) {
			rte_pktmbuf_free(m);
			return -(int)DROP_OFFLOAD_FAILED;
		}
		if (n > 1)
			n = segment(pmd, m, (uint16_t)segsz, out, (uint16_t)n);
		if (n <= 0) {
			rte_pktmbuf_free(m);
			return -(int)DROP_OFFLOAD_FAILED;
		}
		/* The segments hold m's payload by reference, or a copy. */
		if (n > 1)
			rte_pktmbuf_free(m);
	}
	for (int i = 0; i < n; i++)
		checksum(out[i], l2, l3, flags);
	return n;
}
