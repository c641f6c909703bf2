/* The burst of a port's ingress policer, derived from its rate when not
 * given: the control side shows it, the dataplane configures its meter by it. */
#ifndef SLUICE_COMMON_INGRESS_BURST_H
#define SLUICE_COMMON_INGRESS_BURST_H

#include <stdint.h>

#include "config_types.h"

/* Smallest default policer burst. TCP through a policer needs a burst of
 * about its window: with less, every window ends in losses and throughput
 * falls to half the rate or less (measured: 20 Mbit/s with 256 KiB gave
 * 10 Mbit/s, with 1 MiB 19 Mbit/s). OVS's default is 1 MB as well. */
#define INGRESS_BURST_MIN_KIB 1024

/* The policer's burst in bytes: ingress-burst, or 100 ms at ingress-rate
 * (at least INGRESS_BURST_MIN_KIB). 0 when the port is not policed. */
uint64_t port_ingress_burst_bytes(const struct port_config *port);

#endif
