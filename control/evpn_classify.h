/* What an FDB entry heard on netlink means for sluice: pure, unit-tested. */
#ifndef SLUICE_EVPN_CLASSIFY_H
#define SLUICE_EVPN_CLASSIFY_H

#include <stdint.h>

#include "evpn_msg.h"

enum evpn_verdict {
	EVPN_SKIP,	      /* not an entry zebra installs (no dst, the bridge's own, ...) */
	EVPN_IGNORE_FOREIGN,  /* a VXLAN entry on a device sluice did not create */
	EVPN_IGNORE_VNI,      /* on slvx<VNI> of a VNI sluice has no EVPN network for */
	EVPN_IGNORE_OWN_VTEP, /* the remote VTEP is sluice's own address */
	EVPN_FLOOD_VTEP,      /* 00:00:00:00:00:00 dst VTEP: head-end replication */
	EVPN_REMOTE_MAC,      /* MAC dst VTEP: a remote FDB entry */
};

/* Where the entry's device stands. */
enum evpn_device {
	EVPN_DEVICE_VXLAN, /* the slvx<VNI> of one of our EVPN networks */
	EVPN_DEVICE_OURS,  /* another shadow device (bridge, slvm) */
	EVPN_DEVICE_OTHER, /* anything else: name says what it is */
};

enum evpn_verdict evpn_classify(const struct evpn_fdb_msg *m, enum evpn_device device,
				const char *ifname, uint32_t vtep_addr);
/* The VNI in a shadow VXLAN device's name "slvx<VNI>", 0 for another name. */
uint32_t evpn_vni_of_name(const char *ifname);

#endif
