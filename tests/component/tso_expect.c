#include "tso_expect.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/tunnel_decap.h"
#include "../../dataplane/tunnel_encap.h"

static uint8_t flat[16384];

const struct golden_tso *tso_golden(const char *name)
{
	for (int c = 0; c < GOLDEN_TSOS_COUNT; c++)
		if (strcmp(golden_tsos[c].name, name) == 0)
			return &golden_tsos[c];
	fail_msg("no golden case %s", name);
	return NULL;
}

struct rte_mbuf *tso_golden_mbuf(const struct golden_tso *g, bool ipv6, uint16_t l2_len,
				 uint16_t segsz)
{
	struct rte_mbuf *head = NULL;
	uint32_t off = 0;

	while (off < g->in_len) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());
		uint32_t n;
		uint8_t *p;

		assert_non_null(m);
		n = RTE_MIN(g->in_len - off, (uint32_t)rte_pktmbuf_tailroom(m));
		p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)n);
		memcpy(p, g->in + off, n);
		off += n;
		if (!head)
			head = m;
		else
			assert_int_equal(rte_pktmbuf_chain(head, m), 0);
	}
	head->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM |
			 (ipv6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM);
	head->l2_len = l2_len;
	head->l3_len = ipv6 ? 40 : 20;
	head->l4_len = 32; /* TCP with the timestamp option */
	head->tso_segsz = segsz;
	return head;
}

/* Segment i of g as port sent it, copied whole into flat; its length. */
static uint32_t take_segment(struct ring_port *port, const struct golden_tso *g, uint32_t i)
{
	struct rte_mbuf *m = harness_take(port);
	uint32_t len;

	if (!m)
		fail_msg("case %s: %u segments, wanted %u", g->name, i, g->n_segments);
	len = rte_pktmbuf_pkt_len(m);
	assert_true(len <= sizeof(flat));
	/* rte_pktmbuf_read copies a chain; a flat mbuf it only points at. */
	if (rte_pktmbuf_read(m, 0, len, flat) != flat)
		memcpy(flat, rte_pktmbuf_mtod(m, const void *), len);
	rte_pktmbuf_free(m);
	return len;
}

void tso_expect_segments(struct ring_port *vtep, const struct golden_tso *g, uint32_t local,
			 uint32_t remote)
{
	const uint8_t *want = g->out;
	uint16_t first_id = 0;

	for (uint32_t i = 0; i < g->n_segments; i++) {
		uint32_t len = take_segment(vtep, g, i), outer = g->tunnel == TUNNEL_GOLDEN_GRE
								     ? TUNNEL_GRE_OVERHEAD
								     : TUNNEL_VXLAN_OVERHEAD;
		struct tunnel_decap_info info;
		uint16_t id;

		/* Never over the underlay's MTU of 1500. */
		assert_true(len - 14 <= 1500);
		assert_int_equal(tunnel_decap_parse(flat, len, remote, 4789, &info),
				 TUNNEL_DECAP_OK);
		assert_int_equal(info.outer_src, local);
		assert_int_equal(info.vni,
				 GOLDEN_TSO_VNI * (g->tunnel == TUNNEL_GOLDEN_VXLAN) +
				     GOLDEN_TSO_GRE_KEY * (g->tunnel == TUNNEL_GOLDEN_GRE));
		id = (uint16_t)(flat[18] << 8 | flat[19]);
		if (i == 0)
			first_id = id;
		assert_int_equal(id, (uint16_t)(first_id + i));
		if (len != g->lens[i] || memcmp(flat + outer, want + outer, len - outer) != 0)
			fail_msg("case %s segment %u: inner frame differs from scapy's", g->name,
				 i);
		want += g->lens[i];
	}
	assert_int_equal(harness_drain(vtep), 0);
}

void tso_expect_flat(struct ring_port *port, const struct golden_tso *g)
{
	const uint8_t *want = g->out;

	for (uint32_t i = 0; i < g->n_segments; i++) {
		uint32_t len = take_segment(port, g, i);

		if (len != g->lens[i] || memcmp(flat, want, len) != 0)
			fail_msg("case %s segment %u differs from scapy's", g->name, i);
		want += g->lens[i];
	}
	assert_int_equal(harness_drain(port), 0);
}
