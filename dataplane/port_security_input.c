#include "port_security_input.h"

#include "tx.h"

uint16_t port_security_filter(struct pmd *pmd, const struct port_security *ps, uint16_t in_port,
			      struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t k = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		unsigned verdict = port_security_check(ps, rte_pktmbuf_mtod(m, const uint8_t *),
						       rte_pktmbuf_data_len(m));

		if (likely(verdict == PORT_SECURITY_PASS)) {
			pkts[k++] = m;
			continue;
		}
		trace_packet(pmd, m, TRACE_DROP, in_port, verdict, 0);
		drop_count(pmd, in_port, (enum drop_reason)verdict, 1);
		rte_pktmbuf_free(m);
	}
	return k;
}
