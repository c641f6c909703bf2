/* Shared by the component tests of issue 12's tunnel paths: the golden TSO
 * cases of tests/golden/tso_golden.h as mbufs, and the check of what a VTEP
 * port sent against them. */
#ifndef SLUICE_TSO_EXPECT_H
#define SLUICE_TSO_EXPECT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "../golden/tso_golden.h"
#include "harness.h"

/* The golden case called name (the test fails when there is none). */
const struct golden_tso *tso_golden(const char *name);

/* g's input frame as a chain of pool mbufs, headers in the first (as a vhost
 * dequeue gives them), flagged as offload_rx_guest() flags a TSO send of
 * segment size segsz. */
struct rte_mbuf *tso_golden_mbuf(const struct golden_tso *g, bool ipv6, uint16_t l2_len,
				 uint16_t segsz);

/* Takes every frame vtep sent and checks each against g's golden segments:
 * the outer header parsed as the remote VTEP remote (network order) would,
 * from local, never over a 1500-byte MTU, outer identifications
 * consecutive, the inner segment exactly scapy's; then nothing more. */
void tso_expect_segments(struct ring_port *vtep, const struct golden_tso *g, uint32_t local,
			 uint32_t remote);

/* The same for a flat case: every frame port sent is g's next golden
 * segment, byte for byte; then nothing more. */
void tso_expect_flat(struct ring_port *port, const struct golden_tso *g);

#endif
