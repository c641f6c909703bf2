/* sluice's counters in DPDK telemetry, so dpdk-telemetry.py, collectd and
 * telegraf read them from the standard socket (/var/run/dpdk/PREFIX/
 * dpdk_telemetry.v2). */
#ifndef SLUICE_TELEMETRY_H
#define SLUICE_TELEMETRY_H

#include "../dataplane/datapath.h"

/* Registers /sluice/ports, /sluice/port (params: name) and /sluice/cores. */
int sluice_telemetry_register(struct datapath *dp);
/* From now on the handlers answer with an error: the datapath is going away.
 * DPDK has no way to unregister a telemetry command. */
void sluice_telemetry_detach(void);

#endif
