/* The VTEP's control-thread side: ARP on the underlay and packets waiting
 * for a next hop. PMDs hand both over on their punt rings (tunnel_output.h);
 * nothing here runs on a PMD, so it may allocate, retry and wait. */
#ifndef SLUICE_VTEP_ARP_H
#define SLUICE_VTEP_ARP_H

#include <stdint.h>

#include <rte_ring.h>

#include "datapath.h"
#include "vtep_ctl.h"

#define VTEP_ARP_TRIES 5	    /* requests before the waiting packets are dropped */
#define VTEP_ARP_FIRST_RETRY_MS 100 /* then doubled per try: 100, 200, ... 1600 ms */
#define VTEP_ARP_RATE 1000	    /* ARP frames handled per second at most ... */
#define VTEP_ARP_BURST 200	    /* ... with bursts up to this */
#define VTEP_NEIGH_AGING 300	    /* seconds a learned neighbour lives unconfirmed */
#define VTEP_NEIGH_REFRESH 30	    /* seconds before that: unicast ARP to confirm it ... */
#define VTEP_NEIGH_REFRESH_EVERY 10 /* ... at most this often */

/* The VTEP port's MAC, or 02:00 and addr (network order) when it has none. */
void vtep_port_mac(const struct datapath *dp, uint16_t port, uint32_t addr, uint8_t mac[6]);
/* Sends m on the VTEP's port through PMD 0 (ctl_tx.h). Takes m. */
void vtep_ctl_send(struct datapath *dp, const struct fwd_view *view, struct rte_mbuf *m);
/* After the ports are open (and [vtep] kernel-tap's slvtep). Does nothing
 * without [vtep]. */
int vtep_arp_create(struct datapath *dp, char *err, size_t errlen);
void vtep_arp_destroy(struct datapath *dp);
/* Frees whatever is left on a punt ring (at shutdown). */
void vtep_arp_drain_free(struct rte_ring *punt_ring);
/* Control thread housekeeping: punted packets, retries, aging. Returns how
 * much it did (0: idle). */
uint32_t vtep_arp_tick(struct datapath *dp);
/* Static neighbours (from the socket): 0, or -1 when the table is full. */
int vtep_neighbour_add(struct datapath *dp, uint32_t ip, const uint8_t mac[6]);
int vtep_neighbour_del(struct datapath *dp, uint32_t ip);

#endif
