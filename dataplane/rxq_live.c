#include "rxq_live.h"

#include "port.h"
#include "view.h"

/* Worth polling: a phy queue always (rx.c checks that the port started), a
 * vhost queue while a guest is there and has enabled it. */
static bool rxq_polled(const struct port *port, uint16_t queue)
{
	if (port->type != PORT_TYPE_VHOST)
		return true;
	return __atomic_load_n(&port->ready, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&port->deq_enabled[queue], __ATOMIC_RELAXED);
}

void rxq_live_build(struct rxq_live *live, const struct port *ports, const struct fwd_view *view,
		    uint32_t pmd_index, uint32_t gen)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < view->plan.n[pmd_index]; i++) {
		const struct rxq_ref *r = &view->plan.rxq[pmd_index][i];

		if (rxq_polled(&ports[r->port], r->queue))
			live->ref[n++] = *r;
	}
	live->n = n;
	live->gen = gen;
}

void rxq_ready_changed(uint32_t *gen)
{
	__atomic_fetch_add(gen, 1, __ATOMIC_RELEASE);
}
