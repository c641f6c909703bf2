/* 802.1Q tags on a trunk port: reading, pushing and popping one tag in front
 * of a frame's EtherType. Pure: byte buffers, no DPDK. */
#ifndef SLUICE_VLAN_TAG_H
#define SLUICE_VLAN_TAG_H

#include <stdint.h>

#define VLAN_TAG_LEN 4

/* The VLAN id of a frame of len bytes tagged with 802.1Q (TPID 0x8100):
 * 1..4094, 0 for a priority tag, 4095 for the reserved id; -1 when the frame
 * is untagged or too short to hold a tag. Priority and DEI bits are ignored. */
int vlan_tag_vid(const uint8_t *frame, uint32_t len);

/* Tags a frame: frame is the new start, VLAN_TAG_LEN bytes before where the
 * untagged frame (at least its 12 address bytes) begins. The addresses move
 * to the front and the tag (priority 0, vid) follows them. */
void vlan_tag_push(uint8_t *frame, uint16_t vid);

/* Untags a tagged frame in place: the addresses move VLAN_TAG_LEN bytes
 * later, over the tag; the untagged frame starts at frame + VLAN_TAG_LEN. */
void vlan_tag_pop(uint8_t *frame);

#endif
