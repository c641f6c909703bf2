/* The running datapath's lifecycle: created, launched, changed live and
 * destroyed by the control thread only (lifecycle.c; port_update.c,
 * rxq_move.c and view_build.c implement one change each). The dataplane's
 * stages never include this: they see the datapath through datapath.h. */
#ifndef SLUICE_LIFECYCLE_H
#define SLUICE_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "datapath.h"

/* After rte_eal_init: pools, FDB, ports started, vhost sockets registered.
 * On error nothing is left behind. */
struct datapath *datapath_create(const struct sluice_config *cfg, const struct config_host *host,
				 char *err, size_t errlen);

/* Live changes, control thread only. Each applies whole or fails with err and
 * changes nothing; traffic on other ports never stops. The configs must have
 * passed config_check_port / config_check_network. */
int datapath_port_add(struct datapath *dp, const struct port_config *pc, char *err, size_t errlen);
int datapath_port_del(struct datapath *dp, uint16_t index);
int datapath_network_add(struct datapath *dp, const struct network_config *nc, char *err,
			 size_t errlen);
int datapath_network_del(struct datapath *dp, uint16_t index, char *err, size_t errlen);
/* The keys of port index that can change live (port_update.c): pc differs
 * from the running config only in those (mac, port security, ...). */
int datapath_port_update(struct datapath *dp, uint16_t index, const struct port_config *pc,
			 char *err, size_t errlen);
/* A network's keys that keep its identity (mac-aging, flood, mtu, mss-clamp):
 * nc has the name, type and VNI, key or VLAN of network index. */
int datapath_network_update(struct datapath *dp, uint16_t index, const struct network_config *nc,
			    char *err, size_t errlen);
/* Pin queue of port to worker (index in worker-cores) and move it there now. */
int datapath_rxq_pin(struct datapath *dp, uint16_t port, uint16_t queue, uint32_t worker, char *err,
		     size_t errlen);
/* Spread unpinned queues by the cycles they used; returns queues moved. */
int datapath_rxq_rebalance(struct datapath *dp, uint32_t *moved, char *err, size_t errlen);
/* Start one PMD per worker core. */
int datapath_launch(struct datapath *dp);
/* Control thread housekeeping: learn requests, a slice of MAC aging (fdb_aging.h).
 * Returns how much it did (0: idle). */
uint32_t datapath_tick(struct datapath *dp);
/* Stop PMDs, unregister vhost sockets, stop and close ports, free all. */
void datapath_destroy(struct datapath *dp);

/* Publishes a view built from the desired state as it is now, after a
 * change of a [dataplane] value the view carries (pmd-sleep-max): 0, or -1
 * with err filled. Control thread. */
int datapath_view_refresh(struct datapath *dp, char *err, size_t errlen);

#endif
