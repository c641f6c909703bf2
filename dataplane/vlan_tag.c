#include "vlan_tag.h"

#include <string.h>

#include "wire.h"

#define ADDRS_LEN (2 * WIRE_ETHER_ADDR_LEN)

int vlan_tag_vid(const uint8_t *frame, uint32_t len)
{
	if (len < sizeof(struct wire_ether) + sizeof(struct wire_vlan) ||
	    (frame[12] << 8 | frame[13]) != WIRE_ETHERTYPE_VLAN)
		return -1;
	return (frame[14] << 8 | frame[15]) & WIRE_VLAN_VID_MASK;
}

void vlan_tag_push(uint8_t *frame, uint16_t vid)
{
	memmove(frame, frame + VLAN_TAG_LEN, ADDRS_LEN);
	frame[12] = WIRE_ETHERTYPE_VLAN >> 8;
	frame[13] = WIRE_ETHERTYPE_VLAN & 0xff;
	frame[14] = (uint8_t)((vid >> 8) & 0x0f);
	frame[15] = (uint8_t)vid;
}

void vlan_tag_pop(uint8_t *frame)
{
	memmove(frame + VLAN_TAG_LEN, frame, ADDRS_LEN);
}
