#include "drops.h"

const struct drop_info drop_table[DROP_REASON_COUNT] = {
    [DROP_RUNT] = {"runt", "frame shorter than an Ethernet header (14 bytes)"},
    [DROP_BAD_SOURCE_MAC] = {"bad-source-mac", "source MAC is multicast, broadcast or zero"},
    [DROP_SPOOFED_SOURCE] = {"spoofed-source", "source MAC differs from the vhost port's mac"},
    [DROP_NO_NETWORK] = {"no-network", "ingress port belongs to no network"},
    [DROP_SAME_PORT] = {"same-port", "destination MAC was learned on the ingress port"},
    [DROP_NO_DESTINATION] = {"no-destination", "no other port in the network to flood to"},
    [DROP_TX_QUEUE_FULL] = {"tx-queue-full", "phy transmit ring was full"},
    [DROP_VHOST_NOT_READY] = {"vhost-not-ready", "VM not connected or no rx queue enabled"},
    [DROP_VHOST_QUEUE_FULL] = {"vhost-queue-full", "guest rx ring had no free buffers"},
    [DROP_PORT_DOWN] = {"port-down", "egress port is not started"},
    [DROP_TUNNEL_TRUNCATED] = {"tunnel-truncated",
			       "tunnel frame shorter than its outer headers say, "
			       "or inner frame under 14 bytes"},
    [DROP_TUNNEL_BAD_IPV4] = {"tunnel-bad-ipv4",
			      "outer IPv4 version not 4, header under 20 bytes, "
			      "total length under the header, or bad header checksum"},
    [DROP_TUNNEL_IP_OPTIONS] = {"tunnel-ip-options", "outer IPv4 header has options (not parsed)"},
    [DROP_TUNNEL_FRAGMENT] = {"tunnel-fragment", "outer IPv4 fragment (not reassembled)"},
    [DROP_TUNNEL_TTL_EXPIRED] = {"tunnel-ttl-expired", "outer IPv4 TTL is 0"},
    [DROP_TUNNEL_FROM_SELF] = {"tunnel-from-self", "outer source is our own VTEP address (loop)"},
    [DROP_TUNNEL_BAD_SOURCE] = {"tunnel-bad-source",
				"outer source is in 0.0.0.0/8, 127.0.0.0/8 or 224.0.0.0 and up"},
    [DROP_VXLAN_BAD_FLAGS] = {"vxlan-bad-flags", "VXLAN I flag clear or a reserved bit set"},
    [DROP_GRE_BAD_FLAGS] =
	{"gre-bad-flags", "GRE checksum, routing, sequence or RFC 1701 bits set, or version not 0"},
    [DROP_GRE_NO_KEY] = {"gre-no-key", "GRE header without a key"},
    [DROP_GRE_BAD_PROTOCOL] = {"gre-bad-protocol", "GRE payload is not Ethernet (0x6558)"},
    [DROP_TUNNEL_UNKNOWN_VNI] = {"tunnel-unknown-vni", "no network has the VNI or GRE key"},
    [DROP_TUNNEL_NO_NEXT_HOP] = {"tunnel-no-next-hop",
				 "remote VTEP is off the VTEP's link and no usable gateway is set"},
    [DROP_ARP_MALFORMED] = {"arp-malformed",
			    "ARP truncated, not IPv4 over Ethernet, unknown operation, "
			    "or sender MAC not unicast"},
    [DROP_TUNNEL_SPLIT_HORIZON] =
	{"tunnel-split-horizon", "came from a tunnel and was headed into a tunnel (never relayed)"},
    [DROP_TUNNEL_TOO_BIG] = {"tunnel-too-big",
			     "encapsulated packet would exceed an IPv4 total length of 65535"},
    [DROP_NO_MBUF] = {"no-mbuf", "no mbuf left for a copy to a remote VTEP"},
    [DROP_NEIGHBOUR_UNRESOLVED] = {"neighbour-unresolved",
				   "next hop's MAC not resolved and its wait queue is full"},
    [DROP_ARP_QUEUE_FULL] = {"arp-queue-full",
			     "ARP for the VTEP came faster than the control thread handles it"},
    [DROP_VLAN_UNKNOWN_VID] = {"vlan-unknown-vid",
			       "tagged frame on a trunk port with a VLAN id no vlan network has "
			       "there"},
    [DROP_VTEP_WRONG_VLAN] = {"vtep-wrong-vlan",
			      "frame on the VTEP's port untagged or with another VLAN id than "
			      "[vtep] vlan"},
    [DROP_MTU_TOO_BIG] = {"mtu-too-big",
			  "over the network MTU with DF (or IPv6): ICMP fragmentation needed "
			  "or ICMPv6 packet too big sent back, unless rate limited"},
    [DROP_MTU_TOO_BIG_SILENT] = {"mtu-too-big-silent",
				 "over the network MTU and never answered: an ICMP error, a "
				 "non-first fragment, a broadcast or multicast source or "
				 "destination, or not IP"},
    [DROP_MTU_MALFORMED] = {"mtu-malformed",
			    "over the network MTU with a wrong IP version or header length"},
    [DROP_MTU_FRAGMENT_FAILED] = {"mtu-fragment-failed",
				  "IPv4 without DF over the MTU that could not be fragmented "
				  "(no mbuf, or more than 64 fragments)"},
    [DROP_SPOOFED_IP] = {"spoofed-ip", "port security: IPv4 or IPv6 source not in the port's ips "
				       "(or an IP header too short to judge)"},
    [DROP_SPOOFED_ARP] = {"spoofed-arp",
			  "port security: ARP sender MAC not the port's mac, or sender address "
			  "not in ips"},
    [DROP_SPOOFED_ND] = {"spoofed-nd",
			 "port security: neighbour solicitation or advertisement with another "
			 "link-layer address than mac, or an advertised target not in ips"},
    [DROP_DHCP_SERVER_GUARD] = {"dhcp-server-guard",
				"port security: DHCPv4 reply (UDP 67 to 68) from a port without "
				"dhcp-server = yes"},
    [DROP_RA_GUARD] = {"ra-guard", "port security: ICMPv6 router advertisement or redirect "
				   "from a port without router = yes"},
    [DROP_MAC_LIMIT] = {"mac-limit", "new source MAC while its port or network is at mac-limit "
				     "(mac-limit-action = drop)"},
    [DROP_STORM_BROADCAST] = {"storm-broadcast", "broadcast over the port's storm-broadcast rate"},
    [DROP_STORM_MULTICAST] = {"storm-multicast", "multicast over the port's storm-multicast rate"},
    [DROP_STORM_UNKNOWN] = {"storm-unknown",
			    "unicast to an unlearned MAC over the port's storm-unknown rate"},
    [DROP_POLICED] = {"policed", "over the port's ingress-rate and ingress-burst (srTCM red)"},
    [DROP_KERNEL_TAP_QUEUE_FULL] = {"kernel-tap-queue-full",
				    "packets for the kernel tap slvtep (BGP, ping to the VTEP "
				    "address) came faster than the control thread takes them"},
    [DROP_OFFLOAD_BAD_SEGMENT_SIZE] = {"offload-bad-segment-size",
				       "a guest asked for TCP segmentation with a segment size "
				       "of 0 or larger than the payload"},
    [DROP_OFFLOAD_BAD_HEADERS] = {"offload-bad-headers",
				  "a guest asked for segmentation or a checksum and the packet's "
				  "headers disagree: not IPv4/IPv6, lengths that do not match the "
				  "packet, headers cut short"},
    [DROP_OFFLOAD_NOT_TCP] = {"offload-not-tcp",
			      "a guest asked for TCP segmentation of a packet that is not TCP"},
    [DROP_OFFLOAD_TOO_BIG] = {"offload-too-big",
			      "a packet with checksum offload (not TSO) larger than the egress "
			      "port's MTU"},
    [DROP_OFFLOAD_FAILED] = {"offload-failed",
			     "software segmentation found no mbuf, or the packet would need "
			     "more than 64 segments"},
};
