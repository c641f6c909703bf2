/* The overlay encapsulations sluice speaks, shared by encap and decap. */
#ifndef SLUICE_TUNNEL_KIND_H
#define SLUICE_TUNNEL_KIND_H

enum tunnel_kind {
	TUNNEL_VXLAN, /* RFC 7348: Ethernet in UDP, 24-bit VNI */
	TUNNEL_GRE,   /* RFC 2784/2890: Ethernet (0x6558) in GRE with a 32-bit key */
};

#endif
