#include <arpa/inet.h>
#include <string.h>

#include "arp.h"
#include "packet.h"
#include "wire.h"

static const uint8_t arp_broadcast[WIRE_ETHER_ADDR_LEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t arp_zero_mac[WIRE_ETHER_ADDR_LEN];

static enum arp_parse_result arp_drop(struct arp_info *info)
{
	info->drop = DROP_ARP_MALFORMED;
	return ARP_PARSE_DROP;
}

enum arp_parse_result arp_parse(const uint8_t *frame, uint32_t len, struct arp_info *info)
{
	struct wire_ether eth;
	struct wire_arp arp;
	uint32_t off = sizeof(eth);
	uint16_t type;

	if (len < off)
		return ARP_PARSE_NOT_ARP; /* a runt: the caller's to count */
	memcpy(&eth, frame, sizeof(eth));
	type = ntohs(eth.type);
	info->vlan = 0;
	if (type == WIRE_ETHERTYPE_VLAN) {
		struct wire_vlan tag;

		if (len < off + sizeof(tag))
			return ARP_PARSE_NOT_ARP;
		memcpy(&tag, frame + off, sizeof(tag));
		info->vlan = ntohs(tag.tci) & WIRE_VLAN_VID_MASK;
		type = ntohs(tag.type);
		off += sizeof(tag);
	}
	/* VLAN 4095 is reserved (802.1Q): not a VLAN we could answer on. */
	if (type != WIRE_ETHERTYPE_ARP || info->vlan > WIRE_VLAN_VID_MAX)
		return ARP_PARSE_NOT_ARP;
	if (len < off + sizeof(arp))
		return arp_drop(info);
	memcpy(&arp, frame + off, sizeof(arp));
	if (ntohs(arp.hw_type) != WIRE_ARP_HW_ETHER ||
	    ntohs(arp.proto_type) != WIRE_ETHERTYPE_IPV4 || arp.hw_len != WIRE_ETHER_ADDR_LEN ||
	    arp.proto_len != sizeof(uint32_t))
		return arp_drop(info);
	info->op = ntohs(arp.op);
	if (info->op != WIRE_ARP_OP_REQUEST && info->op != WIRE_ARP_OP_REPLY)
		return arp_drop(info);
	if (!mac_is_valid_source(arp.sender_mac))
		return arp_drop(info);
	memcpy(info->sender_mac, arp.sender_mac, WIRE_ETHER_ADDR_LEN);
	memcpy(info->target_mac, arp.target_mac, WIRE_ETHER_ADDR_LEN);
	info->sender_ip = arp.sender_ip;
	info->target_ip = arp.target_ip;
	return ARP_PARSE_OK;
}

bool arp_is_for_us(const struct arp_info *arp, uint32_t local_ip)
{
	return arp->target_ip == local_ip && arp->sender_ip != local_ip;
}

struct arp_action arp_decide(const struct arp_info *arp, uint32_t local_ip, bool sender_known)
{
	struct arp_action a = {0};

	if (arp->sender_ip == local_ip) {
		a.conflict = true;
		return a;
	}
	/* 0.0.0.0 is a probe's "no address yet": nothing to learn. */
	a.learn = arp->sender_ip != 0 && (sender_known || arp->target_ip == local_ip);
	a.reply = arp_is_for_us(arp, local_ip) && arp->op == WIRE_ARP_OP_REQUEST;
	return a;
}

static int arp_write(uint16_t op, const uint8_t *eth_dst, uint16_t vlan, const uint8_t *sender_mac,
		     uint32_t sender_ip, const uint8_t *target_mac, uint32_t target_ip,
		     uint8_t *out, uint32_t out_len)
{
	struct wire_ether eth;
	struct wire_vlan tag = {.tci = htons(vlan), .type = htons(WIRE_ETHERTYPE_ARP)};
	struct wire_arp arp = {
	    .hw_type = htons(WIRE_ARP_HW_ETHER),
	    .proto_type = htons(WIRE_ETHERTYPE_IPV4),
	    .hw_len = WIRE_ETHER_ADDR_LEN,
	    .proto_len = sizeof(uint32_t),
	    .op = htons(op),
	    .sender_ip = sender_ip,
	    .target_ip = target_ip,
	};
	uint32_t frame_len = vlan ? ARP_FRAME_VLAN_LEN : ARP_FRAME_LEN;
	uint32_t off = sizeof(eth);

	if (out_len < frame_len || vlan > WIRE_VLAN_VID_MAX)
		return -1;
	memcpy(eth.dst, eth_dst, WIRE_ETHER_ADDR_LEN);
	memcpy(eth.src, sender_mac, WIRE_ETHER_ADDR_LEN);
	eth.type = htons(vlan ? WIRE_ETHERTYPE_VLAN : WIRE_ETHERTYPE_ARP);
	memcpy(out, &eth, sizeof(eth));
	if (vlan) {
		memcpy(out + off, &tag, sizeof(tag));
		off += sizeof(tag);
	}
	memcpy(arp.sender_mac, sender_mac, WIRE_ETHER_ADDR_LEN);
	memcpy(arp.target_mac, target_mac, WIRE_ETHER_ADDR_LEN);
	memcpy(out + off, &arp, sizeof(arp));
	return (int)frame_len;
}

int arp_reply_write(const struct arp_info *request, const uint8_t *local_mac, uint32_t local_ip,
		    uint8_t *out, uint32_t out_len)
{
	return arp_write(WIRE_ARP_OP_REPLY, request->sender_mac, request->vlan, local_mac, local_ip,
			 request->sender_mac, request->sender_ip, out, out_len);
}

int arp_request_write(const uint8_t *local_mac, uint32_t local_ip, uint32_t target_ip,
		      const uint8_t *dst_mac, uint16_t vlan, uint8_t *out, uint32_t out_len)
{
	return arp_write(WIRE_ARP_OP_REQUEST, dst_mac ? dst_mac : arp_broadcast, vlan, local_mac,
			 local_ip, arp_zero_mac, target_ip, out, out_len);
}
