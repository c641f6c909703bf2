#include "tap_filter.h"

#include <arpa/inet.h>
#include <string.h>

#include "wire.h"

bool tap_filter_to_kernel(const uint8_t *frame, uint32_t len, uint32_t vtep_addr)
{
	struct wire_ether eth;
	struct wire_ipv4 ip;
	uint32_t off = sizeof(eth);
	uint16_t type;

	if (len < off)
		return false;
	memcpy(&eth, frame, sizeof(eth));
	type = ntohs(eth.type);
	if (type == WIRE_ETHERTYPE_VLAN) {
		struct wire_vlan tag;

		if (len < off + sizeof(tag))
			return false;
		memcpy(&tag, frame + off, sizeof(tag));
		type = ntohs(tag.type);
		off += sizeof(tag);
	}
	if (type != WIRE_ETHERTYPE_IPV4 || len < off + sizeof(ip))
		return false;
	memcpy(&ip, frame + off, sizeof(ip));
	return ip.version_ihl >> 4 == WIRE_IPV4_VERSION && ip.dst == vtep_addr;
}

bool tap_filter_from_kernel(const uint8_t *frame, uint32_t len)
{
	struct wire_ether eth;

	if (len < sizeof(eth))
		return false;
	memcpy(&eth, frame, sizeof(eth));
	return ntohs(eth.type) == WIRE_ETHERTYPE_IPV4 || ntohs(eth.type) == WIRE_ETHERTYPE_ARP;
}
