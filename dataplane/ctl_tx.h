/* What the control thread transmits on a port (the VTEP's ARP, packets
 * released once their next hop resolved, what the kernel tap sends out) is
 * handed to PMD 0 through a ring and leaves on that PMD's own tx queue, as
 * its own packets do: a port needs no tx queue for the control thread, so a
 * device with one tx queue (af_packet's default) carries a VTEP. */
#ifndef SLUICE_CTL_TX_H
#define SLUICE_CTL_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "datapath.h"

#define CTL_TX_RING_SIZE 1024

struct ctl_tx_item {
	struct rte_mbuf *m;
	uint16_t port;
};

/* The ring (control thread the one producer, PMD 0 the one consumer). */
int ctl_tx_create(struct datapath *dp, char *err, size_t errlen);
/* Frees the ring and whatever is still on it. */
void ctl_tx_destroy(struct datapath *dp);
/* Control thread: m leaves on port at PMD 0's next poll. Takes m; false when
 * the ring is full (m freed, counted as the port's tx-queue-full). */
bool ctl_tx_send(struct datapath *dp, uint16_t port, struct rte_mbuf *m);
/* PMD 0, once a poll: everything handed over goes out. Returns how many. */
uint32_t ctl_tx_drain(struct pmd *pmd);

#endif
