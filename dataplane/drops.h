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

	/* Overlays: tunnel_decap.c, arp.c, next_hop.c (issue 4). */
	DROP_TUNNEL_TRUNCATED,	 /* outer headers or inner frame cut short */
	DROP_TUNNEL_BAD_IPV4,	 /* outer IPv4 version, lengths or checksum wrong */
	DROP_TUNNEL_IP_OPTIONS,	 /* outer IPv4 with options: not parsed */
	DROP_TUNNEL_FRAGMENT,	 /* outer IPv4 fragment: not reassembled */
	DROP_TUNNEL_TTL_EXPIRED, /* outer TTL 0 */
	DROP_TUNNEL_FROM_SELF,	 /* outer source is our own VTEP address */
	DROP_TUNNEL_BAD_SOURCE,	 /* outer source 0/8, loopback, multicast or class E */
	DROP_VXLAN_BAD_FLAGS,	 /* VXLAN I flag clear or a reserved bit set */
	DROP_GRE_BAD_FLAGS,	 /* GRE checksum, routing, sequence or RFC 1701 bits, version */
	DROP_GRE_NO_KEY,	 /* GRE without a key */
	DROP_GRE_BAD_PROTOCOL,	 /* GRE payload not Ethernet (0x6558) */
	DROP_TUNNEL_UNKNOWN_VNI, /* no network has the VNI or GRE key */
	DROP_TUNNEL_NO_NEXT_HOP, /* remote VTEP off the link and no usable gateway */
	DROP_ARP_MALFORMED,	 /* ARP truncated, not IPv4 over Ethernet, bad sender */
	/* The datapath's VTEP: tunnel_input.c, tunnel_output.c. */
	DROP_TUNNEL_SPLIT_HORIZON, /* from a tunnel, to a tunnel: never relayed */
	DROP_TUNNEL_TOO_BIG,	   /* the encapsulated packet would exceed 65535 bytes of IPv4 */
	DROP_NO_MBUF,		   /* no mbuf for a copy (flood to a VTEP, shared packet) */
	DROP_NEIGHBOUR_UNRESOLVED, /* next hop's MAC unknown and its wait queue full */
	DROP_ARP_QUEUE_FULL,   /* ARP to the VTEP arrived faster than the control thread takes it */
	DROP_VTEP_WRONG_VLAN,  /* [vtep] vlan set: a frame on the VTEP's port without that tag */
	DROP_VLAN_UNKNOWN_VID, /* trunk port: tagged with a VLAN id no vlan network has there */
	/* The network MTU: mtu_guard.c (issue 5). */
	DROP_MTU_TOO_BIG,	  /* over the network MTU: answered with ICMP (or rate limited) */
	DROP_MTU_TOO_BIG_SILENT,  /* over the MTU, never answered (ICMP error, fragment, ...) */
	DROP_MTU_MALFORMED,	  /* over the MTU with a wrong IP header */
	DROP_MTU_FRAGMENT_FAILED, /* IPv4 without DF that could not be fragmented */
	/* Port security of vhost ports: port_security.c (issue 13). */
	DROP_SPOOFED_IP,	/* IPv4/IPv6 source not in the port's ips */
	DROP_SPOOFED_ARP,	/* ARP sender MAC or address not the port's */
	DROP_SPOOFED_ND,	/* NS/NA link-layer option or NA target not the port's */
	DROP_DHCP_SERVER_GUARD, /* DHCPv4 reply from a port without dhcp-server = yes */
	DROP_RA_GUARD,		/* router advertisement or redirect without router = yes */
	/* Per-port limits: limits.c (issue 13). */
	DROP_MAC_LIMIT,	      /* a new source MAC over mac-limit, action drop */
	DROP_STORM_BROADCAST, /* broadcast over storm-broadcast */
	DROP_STORM_MULTICAST, /* multicast over storm-multicast */
	DROP_STORM_UNKNOWN,   /* unknown unicast over storm-unknown */
	DROP_POLICED,	      /* over ingress-rate and ingress-burst (srTCM red) */
	/* [vtep] kernel-tap: kernel_tap.h (issue 14). */
	DROP_KERNEL_TAP_QUEUE_FULL, /* for the kernel tap, faster than the control thread takes it
				     */
	/* Guest offloads: offload_check.c, offload_sw.c (issue 12). */
	DROP_OFFLOAD_BAD_SEGMENT_SIZE, /* TSO with a segment size of 0 or over the payload */
	DROP_OFFLOAD_BAD_HEADERS,      /* offload flags that disagree with the headers */
	DROP_OFFLOAD_NOT_TCP,	       /* TSO asked for a packet that is not TCP */
	DROP_OFFLOAD_TOO_BIG,	       /* checksum offload only, over the egress MTU */
	DROP_OFFLOAD_FAILED,	       /* segmentation ran out of mbufs or segments */
	DROP_REASON_COUNT,
};

struct drop_info {
	const char *name;
	const char *help;
};

extern const struct drop_info drop_table[DROP_REASON_COUNT];

#endif
