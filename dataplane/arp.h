/* ARP for IPv4 over Ethernet (RFC 826), as the VTEP speaks it on its phy
 * port: parse what arrives, decide what to do, build requests and replies.
 * Pure: byte buffers only; the neighbour table and retries live elsewhere.
 * IPv4 addresses are uint32_t in network byte order. */
#ifndef SLUICE_ARP_H
#define SLUICE_ARP_H

#include <stdbool.h>
#include <stdint.h>

#include "drops.h"

/* Ethernet and ARP, without padding: NICs pad short frames to 60 bytes. */
#define ARP_FRAME_LEN 42
#define ARP_FRAME_VLAN_LEN 46

enum arp_parse_result {
	ARP_PARSE_OK,	   /* *info holds the ARP message */
	ARP_PARSE_NOT_ARP, /* a runt, VLAN 4095, or the ethertype (after one tag) is not ARP */
	ARP_PARSE_DROP,	   /* info->drop says why */
};

struct arp_info {
	uint16_t op;   /* WIRE_ARP_OP_REQUEST or WIRE_ARP_OP_REPLY */
	uint16_t vlan; /* 802.1Q VLAN id it arrived on; 0 untagged */
	uint8_t sender_mac[6];
	uint32_t sender_ip;
	uint8_t target_mac[6];
	uint32_t target_ip;
	enum drop_reason drop; /* set only with ARP_PARSE_DROP */
};

/* What RFC 826's reception algorithm does with a message, for a host that
 * owns only local_ip. */
struct arp_action {
	bool learn;    /* add or update sender_ip -> sender_mac in the neighbour table */
	bool reply;    /* answer with arp_reply_write() */
	bool conflict; /* another host claims local_ip (RFC 5227 section 2.4) */
};

/* Validates an ARP frame: IPv4 over Ethernet, request or reply, sender MAC
 * unicast. Anything else with the ARP ethertype is DROP_ARP_MALFORMED. */
enum arp_parse_result arp_parse(const uint8_t *frame, uint32_t len, struct arp_info *info);

/* The message targets local_ip and comes from another address (0.0.0.0, an
 * RFC 5227 probe, included: it gets a reply so the prober sees the conflict). */
bool arp_is_for_us(const struct arp_info *arp, uint32_t local_ip);

/* sender_known: the neighbour table already has sender_ip. RFC 826 merges
 * a known sender whatever the target, adds an unknown one only when the
 * message is for us, and replies to requests for us. */
struct arp_action arp_decide(const struct arp_info *arp, uint32_t local_ip, bool sender_known);

/* Writes the reply to `request` (from arp_parse) into out: to the requester,
 * on the request's VLAN, saying local_ip is at local_mac. Returns the frame
 * length (ARP_FRAME_LEN or ARP_FRAME_VLAN_LEN), or -1 if out_len is short. */
int arp_reply_write(const struct arp_info *request, const uint8_t *local_mac, uint32_t local_ip,
		    uint8_t *out, uint32_t out_len);

/* Writes a request for target_ip from local_mac/local_ip into out. dst_mac
 * NULL broadcasts; a known MAC makes a unicast refresh. vlan 0: untagged.
 * Returns the frame length, or -1 if out_len is short or vlan over 4094. */
int arp_request_write(const uint8_t *local_mac, uint32_t local_ip, uint32_t target_ip,
		      const uint8_t *dst_mac, uint16_t vlan, uint8_t *out, uint32_t out_len);

#endif
