/* Validation and parsing of a received frame that may be VXLAN or GRE to our
 * VTEP. Pure: it reads the frame and writes only *info; the caller strips
 * inner_offset bytes to get the inner Ethernet frame.
 *
 * Outer IPv4 fragments are dropped, not reassembled: RFC 7348 section 4.3
 * forbids VTEPs from fragmenting VXLAN packets, lets the receiving VTEP
 * discard fragments, and asks that the underlay MTU carry the whole
 * encapsulated frame; the same holds for our GRE. A fragment
 * here means a misconfigured underlay, and reassembly would need state and
 * buffers on the hot path. */
#ifndef SLUICE_TUNNEL_DECAP_H
#define SLUICE_TUNNEL_DECAP_H

#include <stdint.h>

#include "drops.h"
#include "tunnel_kind.h"

enum tunnel_decap_result {
	TUNNEL_DECAP_OK,	 /* a valid tunnel packet: *info describes it */
	TUNNEL_DECAP_NOT_TUNNEL, /* not IPv4 UDP-to-vxlan_port or GRE to local_ip (ARP, ...),
				  * or on VLAN 4095, where no VTEP can be */
	TUNNEL_DECAP_DROP,	 /* a broken tunnel packet: info->drop says why */
};

struct tunnel_decap_info {
	enum tunnel_kind kind;
	union {
		uint32_t vni; /* VXLAN: 24 bits */
		uint32_t key; /* GRE */
	};
	uint32_t outer_src; /* network order: the remote VTEP */
	uint32_t outer_dst; /* network order: local_ip */
	uint8_t outer_ttl;
	uint16_t vlan;	       /* outer 802.1Q VLAN id; 0 untagged (or priority tagged) */
	uint16_t inner_offset; /* the inner Ethernet frame starts here */
	uint16_t inner_len;    /* and is this long: at least 14, within the frame */
	enum drop_reason drop; /* set only with TUNNEL_DECAP_DROP */
};

/* frame: len bytes from the outer Ethernet header. local_ip (network order):
 * our VTEP address. vxlan_port (host order): the VXLAN UDP port, usually
 * 4789. A nonzero UDP checksum is not verified (RFC 7348 section 5: MAY). */
enum tunnel_decap_result tunnel_decap_parse(const uint8_t *frame, uint32_t len, uint32_t local_ip,
					    uint16_t vxlan_port, struct tunnel_decap_info *info);

#endif
