/* port.set: the keys of a running port that change without re-adding it.
 * Which keys those are is the control side's knowledge (control/port_live.h):
 * its callers refuse a fixed key before they get here. */
#include <stdio.h>
#include <string.h>

#include "lifecycle.h"
#include "view_publish.h"

int datapath_port_update(struct datapath *dp, uint16_t index, const struct port_config *pc,
			 char *err, size_t errlen)
{
	struct port_config saved = dp->desired.cfg.ports[index];
	struct port *port = &dp->ports[index];
	bool mac_changed =
	    saved.mac.set != pc->mac.set || memcmp(saved.mac.bytes, pc->mac.bytes, 6) != 0;
	struct fwd_view *view;

	dp->desired.cfg.ports[index] = *pc;
	/* PMDs read the MAC of the source check (bridge.c) from the port, not
	 * the view: off for a whole grace period before it is rewritten, so
	 * none compares against half a MAC. Port security, in the new view,
	 * checks sources meanwhile when it is on. */
	if (mac_changed)
		__atomic_store_n(&port->has_mac, false, __ATOMIC_RELEASE);
	view = view_build(dp, NULL);
	if (!view)
		snprintf(err, errlen, "out of memory for the forwarding view; nothing changed");
	if (!view || view_publish(dp, view, err, errlen) < 0) {
		dp->desired.cfg.ports[index] = saved;
		__atomic_store_n(&port->has_mac, saved.mac.set, __ATOMIC_RELEASE);
		return -1;
	}
	if (mac_changed) {
		memcpy(port->mac.addr_bytes, pc->mac.bytes, 6);
		__atomic_store_n(&port->has_mac, pc->mac.set, __ATOMIC_RELEASE);
	}
	port->mtu_policy = (enum mtu_policy)pc->mtu_policy;
	return 0;
}
