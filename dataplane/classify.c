#include "classify.h"

#include "pkt_meta.h"
#include "port_security_input.h"
#include "tunnel_input.h"
#include "tx.h"
#include "vlan.h"

/* A port of one network: every frame is that network's. A flat network
 * carries its hosts' own VLAN tags untouched, also through a driver that
 * strips them (net_af_packet always does). */
static uint16_t classify_flat(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
			      struct rte_mbuf **pkts, uint16_t n, struct burst_meta *bm)
{
	uint16_t network = view->port_network[in_port];

	if (unlikely(network == PORT_NO_NETWORK)) {
		for (uint16_t i = 0; i < n; i++)
			trace_packet(pmd, pkts[i], TRACE_DROP, in_port, DROP_NO_NETWORK, 0);
		drop_count(pmd, in_port, DROP_NO_NETWORK, n);
		rte_pktmbuf_free_bulk(pkts, n);
		return 0;
	}
	n = port_security_input(pmd, view, in_port, pkts, n);
	n = vlan_unstrip_burst(pmd, in_port, pkts, n);
	bm->uniform = true;
	bm->one = (struct pkt_meta){
	    .remote = 0, .network = network, .in_port = in_port, .out_port = UINT16_MAX};
	return n;
}

uint16_t classify_burst(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
			struct rte_mbuf **pkts, uint16_t n, struct burst_meta *bm)
{
	bm->uniform = false; /* decap and trunks tag each packet */
	if (view->vtep.enabled && in_port == view->vtep.port)
		return tunnel_input_classify(pmd, view, in_port, pkts, n);
	if (unlikely(view->port_is_trunk[in_port]))
		return vlan_classify(pmd, view, in_port, pkts, n);
	return classify_flat(pmd, view, in_port, pkts, n, bm);
}
