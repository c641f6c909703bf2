/* The sizes both sides of sluice agree on: the control side validates
 * against them, the dataplane sizes its tables by them. Plain constants. */
#ifndef SLUICE_COMMON_SIZES_H
#define SLUICE_COMMON_SIZES_H

#define SLUICE_NAME_MAX 32
#define SLUICE_DEVARGS_MAX 256
/* sizeof(((struct sockaddr_un *)0)->sun_path) is 108 on Linux; one byte for NUL. */
#define SLUICE_SOCKET_PATH_MAX 108
/* Ports and networks are configuration ([dataplane] max-ports, max-networks,
 * common/sluice_limits.h): SLUICE_MAX_PORTS and SLUICE_MAX_NETWORKS read the run-time
 * values. The ceilings bound the keys and size what stays fixed (the parsed
 * config, docs/config.md "max-ports"). */
#define SLUICE_PORTS_CEILING 1024
#define SLUICE_NETWORKS_CEILING 4096
#define SLUICE_DEFAULT_PORTS 64
#define SLUICE_DEFAULT_NETWORKS 64
#include "sluice_limits.h"
#define SLUICE_MAX_PORTS (sluice_limits.ports)
#define SLUICE_MAX_NETWORKS (sluice_limits.networks)
#define SLUICE_MAX_WORKERS 32
#define SLUICE_MAX_QUEUES 16
#define SLUICE_MAX_CPUS 1024
#define SLUICE_MAX_NODES 32 /* DPDK 22.11's RTE_MAX_NUMA_NODES */
/* Remote VTEPs one tunnel network replicates floods to (head-end):
 * [vtep] max-flood-vteps, fixed at start; the view and the EVPN lists are
 * sized by it at run time. */
#define SLUICE_FLOOD_VTEPS_DEFAULT 16
#define SLUICE_FLOOD_VTEPS_MAX 4096
/* Next hops of the VTEP: [vtep] max-neighbours, fixed at start; the
 * neighbour table and the ARP wait state are sized by it at run time. */
#define SLUICE_NEIGHBOURS_DEFAULT 256
#define SLUICE_NEIGHBOURS_MIN 16
#define SLUICE_NEIGHBOURS_MAX 1048576
/* Parse storage of a config file's lists ([network] flood, [vtep]
 * neighbours), inside every copy of the config: the bound the operator
 * sets is max-flood-vteps / max-neighbours, checked by validation, and
 * these ceilings keep a config with thousands of networks small. Flood
 * VTEPs beyond a static list's come from EVPN (desired.h evpn_flood). */
#define SLUICE_STATIC_FLOOD_CEILING 64
#define SLUICE_STATIC_NEIGHBOURS_CEILING 256
/* Addresses or prefixes a VM may send from (port `ips`). */
#define SLUICE_MAX_PORT_IPS 16

#endif
