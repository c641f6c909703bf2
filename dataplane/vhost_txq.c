#include "vhost_txq.h"

void vhost_txq_assign(uint32_t n_pmds, const uint32_t *n_rxq, uint16_t port, uint8_t *slot)
{
	uint32_t n_busy = 0, next = 0;

	for (uint32_t w = 0; w < n_pmds; w++)
		n_busy += n_rxq[w] > 0;
	/* Busy PMDs first, starting at the port's turn, then the idle ones. */
	for (int busy = 1; busy >= 0; busy--) {
		uint32_t group = busy ? n_busy : n_pmds - n_busy;
		uint32_t start = group ? port % group : 0, seen = 0;

		for (uint32_t w = 0; w < n_pmds; w++) {
			if ((n_rxq[w] > 0) != busy)
				continue;
			slot[w] = (uint8_t)(next + (seen + group - start) % group);
			seen++;
		}
		next += group;
	}
}

void vhost_txq_build(const struct rxq_plan *plan, vhost_txq_table table)
{
	for (uint16_t p = 0; p < SLUICE_MAX_PORTS; p++)
		vhost_txq_assign(plan->n_pmds, plan->n, p, table[p]);
}
