/* Every reason sluice drops a packet, in one table: add a reason here and it
 * is counted, printed and documented everywhere. */
#ifndef SLUICE_DROPS_H
#define SLUICE_DROPS_H

enum drop_reason {
	DROP_RUNT,	       /* shorter than an Ethernet header */
	DROP_BAD_SOURCE_MAC,   /* multicast/broadcast or all-zero source */
	DROP_SPOOFED_SOURCE,   /* a vhost port with `mac` sent from another MAC */
	DROP_NO_NETWORK,       /* the ingress port belongs to no network */
	DROP_SAME_PORT,	       /* the destination was learned on the ingress port */
	DROP_NO_DESTINATION,   /* flooding found no other member of the network */
	DROP_TX_QUEUE_FULL,    /* a phy tx ring took fewer packets than offered */
	DROP_VHOST_NOT_READY,  /* the VM is not connected or has no queue enabled */
	DROP_VHOST_QUEUE_FULL, /* the guest's rx ring had no room */
	DROP_PORT_DOWN,	       /* the egress phy port is stopped */
	DROP_REASON_COUNT,
};

struct drop_info {
	const char *name;
	const char *help;
};

extern const struct drop_info drop_table[DROP_REASON_COUNT];

#endif
