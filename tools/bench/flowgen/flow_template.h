/* What flowgen puts on the wire, built once before the run: the MAC of every
 * flow end from its index (no table: the index is in the address), and one
 * header template per (remote VTEP, VNI or VLAN) combination, so a packet is
 * one copy of a template plus its two inner MACs. Pure: no DPDK.
 *
 * A flow k is the pair (flow_mac(FLOW_SIDE_WIRE, k), flow_mac(FLOW_SIDE_VM, k)):
 * the wire side (port 0) sends from the first to the second, the VM side
 * (port 1) back. */
#ifndef FLOWGEN_FLOW_TEMPLATE_H
#define FLOWGEN_FLOW_TEMPLATE_H

#include <stdint.h>
#include <string.h>

#include "../../../dataplane/tunnel_encap.h"

#define FLOW_MAX_PAIRS 1000000
#define FLOW_HEADER_MAX 128 /* outer (54) + inner Ethernet, VLAN, IPv4, UDP (46) */
#define FLOW_MIN_FRAME 60   /* Ethernet minimum without CRC */
#define FLOW_MAX_FRAME 9000

enum flow_side { FLOW_SIDE_WIRE = 0, FLOW_SIDE_VM = 1 };
enum flow_encap { FLOW_ENCAP_NONE, FLOW_ENCAP_VXLAN, FLOW_ENCAP_GRE };

/* The MAC of flow end `index` on `side`: 02:1S:II:II:II:II, locally
 * administered unicast, S the side, I the index (big endian), so every end
 * of up to 2^32 flows is distinct and the two sides never collide. */
void flow_mac(enum flow_side side, uint32_t index, uint8_t mac[6]);

/* Remote VTEP i's NIC: 02:2e:00:00:II:II (a switch under test needs it as
 * the neighbour of the VTEP's address, tools/bench/scale writes both). */
void flow_vtep_mac(uint32_t index, uint8_t mac[6]);

/* One packet shape. Addresses are host-order numbers here. */
struct flow_shape {
	uint16_t frame_len; /* inner frame bytes without CRC (the size benchmarks name) */
	uint16_t vlan;	    /* inner 802.1Q VLAN id, 0: untagged */
	uint32_t inner_src; /* inner IPv4 source, destination */
	uint32_t inner_dst;
	enum flow_encap encap;
	uint8_t outer_src_mac[6]; /* the remote VTEP's NIC */
	uint8_t outer_dst_mac[6]; /* the switch's VTEP port */
	uint32_t outer_src;	  /* the remote VTEP */
	uint32_t outer_dst;	  /* the switch's VTEP address */
	uint32_t vni;		  /* VXLAN VNI or GRE key */
};

struct flow_template {
	uint8_t hdr[FLOW_HEADER_MAX]; /* headers; the frame's rest is zero padding */
	uint16_t hdr_len;	      /* bytes of hdr to copy */
	uint16_t wire_len;	      /* bytes on the wire: frame_len plus encapsulation */
	uint16_t mac_offset;	      /* where the inner destination MAC starts */
};

/* Builds t for shape s with zero inner MACs (stamped per packet). Returns 0,
 * or -1 when the frame cannot hold its headers, is over FLOW_MAX_FRAME, or
 * the VLAN, VNI or key is out of range. */
int flow_template_build(struct flow_template *t, const struct flow_shape *s);

/* Writes the template's headers at out with the inner MACs of flow end
 * src (source) and dst (destination). */
static inline void flow_template_stamp(const struct flow_template *t, const uint8_t src[6],
				       const uint8_t dst[6], uint8_t *out)
{
	memcpy(out, t->hdr, t->hdr_len);
	memcpy(out + t->mac_offset, dst, 6);
	memcpy(out + t->mac_offset + 6, src, 6);
}

/* Flow k uses template k % n_templates: templates are laid out VTEP first,
 * so with v VTEPs and n VNIs, template i is VTEP i % v and VNI i / v. */
static inline uint32_t flow_template_index(uint32_t k, uint32_t n_templates)
{
	return k % n_templates;
}

#endif
