#include "tag.h"

#include <rte_prefetch.h>

#include "tx.h"
#include "vlan_tag.h"

void vlan_output(struct pmd *pmd, uint16_t port, uint16_t vid, struct rte_mbuf *m)
{
	uint8_t *f;

	/* The tag is written in front of the frame and the MAC addresses
	 * move before it: a flooded (shared) mbuf or one without headroom
	 * becomes a replica holding those 12 bytes of its own. */
	m = tx_writable(pmd, port, m, VLAN_TAG_LEN, 2 * RTE_ETHER_ADDR_LEN);
	if (unlikely(!m))
		return;
	f = (uint8_t *)rte_pktmbuf_prepend(m, VLAN_TAG_LEN);
	if (unlikely(!f)) {
		drop_count(pmd, port, DROP_NO_MBUF, 1);
		rte_pktmbuf_free(m);
		return;
	}
	vlan_tag_push(f, vid);
	tx_enqueue(pmd, port, m);
}

void tag_stage(struct pmd *pmd, const struct fwd_view *view)
{
	struct pipe_vectors *v = &pmd->vec;

	for (uint16_t i = 0; i < v->n_trunk; i++) {
		const struct pipe_item *it = &v->trunk[i];

		if (i + 1 < v->n_trunk)
			rte_prefetch0(rte_pktmbuf_mtod(v->trunk[i + 1].m, void *));
		vlan_output(pmd, it->port, view->networks[it->network].vid, it->m);
	}
	v->n_trunk = 0;
}
