#include "harness_arp.h"

struct rte_mbuf *harness_take_arp(struct ring_port *rp, uint16_t op, struct arp_info *info)
{
	struct rte_mbuf *m;

	while ((m = harness_take(rp)) != NULL) {
		if (arp_parse(rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m),
			      info) == ARP_PARSE_OK &&
		    info->op == op)
			return m;
		rte_pktmbuf_free(m);
	}
	return NULL;
}
