/* ARP frames a test's ring port sent: shared by the tests of the VTEP's ARP
 * (test_vtep_arp.c, test_vtep_one_queue.c). */
#ifndef SLUICE_TEST_HARNESS_ARP_H
#define SLUICE_TEST_HARNESS_ARP_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "../../dataplane/arp.h"
#include "harness.h"

/* Takes frames from rp's tx ring until an ARP frame with operation op
 * (WIRE_ARP_OP_REQUEST, WIRE_ARP_OP_REPLY), parsed into info, and returns
 * it; frees the frames before it. NULL when the ring holds none. */
struct rte_mbuf *harness_take_arp(struct ring_port *rp, uint16_t op, struct arp_info *info);

#endif
