/* libFuzzer target over what a phy port receives: tunnel decapsulation and
 * ARP parsing, whatever the bytes. Beyond "no crash", it checks what the
 * datapath will rely on: an accepted packet's inner frame lies inside the
 * input, a drop names a real reason, a decapsulated frame re-encapsulated to
 * its sender parses back the same, and an ARP reply we build parses back. */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../dataplane/arp.h"
#include "../../dataplane/icmp_too_big.h"
#include "../../dataplane/mss_clamp.h"
#include "../../dataplane/tunnel_decap.h"
#include "../../dataplane/tunnel_encap.h"
#include "../../dataplane/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

/* The seeds' VTEP (tests/golden/make_golden.py): 198.18.0.1, 02:00:00:00:01:01. */
static const uint8_t local_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x01, 0x01};
static uint8_t buf[TUNNEL_MAX_OVERHEAD + UINT16_MAX];

/* Re-encapsulates the inner frame back to the sender and parses it as the
 * sender would: the same kind, VNI or key and inner frame. */
static void fuzz_round_trip(const uint8_t *data, const struct tunnel_decap_info *info,
			    uint32_t local_ip)
{
	struct tunnel_encap_params p = {
	    .kind = info->kind,
	    .vlan = info->vlan,
	    .src_ip = local_ip,
	    .dst_ip = info->outer_src,
	    .ttl = info->outer_ttl,
	    .df = true,
	    .vni = info->vni,
	};
	const uint8_t *inner = data + info->inner_offset;
	struct tunnel_decap_info back;
	int n;

	memcpy(p.src_mac, local_mac, sizeof(local_mac));
	memcpy(p.dst_mac, data + WIRE_ETHER_ADDR_LEN, WIRE_ETHER_ADDR_LEN);
	p.udp_src_port = tunnel_vxlan_source_port(inner, info->inner_len);
	FUZZ_CHECK(p.udp_src_port >= TUNNEL_VXLAN_SOURCE_PORT_MIN);
	n = tunnel_encap_write(&p, info->inner_len, buf);
	FUZZ_CHECK(n == (int)tunnel_encap_len(info->kind, info->vlan));
	memcpy(buf + n, inner, info->inner_len);
	FUZZ_CHECK(tunnel_decap_parse(buf, (uint32_t)n + info->inner_len, info->outer_src,
				      WIRE_VXLAN_PORT, &back) == TUNNEL_DECAP_OK);
	FUZZ_CHECK(back.kind == info->kind && back.vni == info->vni && back.vlan == info->vlan);
	FUZZ_CHECK(back.inner_offset == n && back.inner_len == info->inner_len);
	FUZZ_CHECK(back.outer_src == local_ip && back.outer_dst == info->outer_src);
}

static void fuzz_decap(const uint8_t *data, uint32_t len, uint32_t local_ip)
{
	struct tunnel_decap_info info;

	switch (tunnel_decap_parse(data, len, local_ip, WIRE_VXLAN_PORT, &info)) {
	case TUNNEL_DECAP_OK:
		FUZZ_CHECK(info.inner_len >= sizeof(struct wire_ether));
		FUZZ_CHECK((uint32_t)info.inner_offset + info.inner_len <= len);
		FUZZ_CHECK(info.kind == TUNNEL_GRE || info.vni <= WIRE_VXLAN_VNI_MAX);
		FUZZ_CHECK(info.outer_dst == local_ip && info.outer_src != local_ip);
		FUZZ_CHECK(info.outer_ttl != 0 && info.vlan <= WIRE_VLAN_VID_MAX);
		fuzz_round_trip(data, &info, local_ip);
		break;
	case TUNNEL_DECAP_DROP:
		FUZZ_CHECK((unsigned)info.drop < DROP_REASON_COUNT);
		break;
	case TUNNEL_DECAP_NOT_TUNNEL:
		break;
	default:
		abort();
	}
}

static void fuzz_arp(const uint8_t *data, uint32_t len, uint32_t local_ip)
{
	struct arp_info arp, back;
	struct arp_action action;
	int n;

	switch (arp_parse(data, len, &arp)) {
	case ARP_PARSE_OK:
		FUZZ_CHECK(arp.op == WIRE_ARP_OP_REQUEST || arp.op == WIRE_ARP_OP_REPLY);
		action = arp_decide(&arp, local_ip, data[0] & 1);
		FUZZ_CHECK(!(action.reply && action.conflict));
		if (!action.reply)
			break;
		n = arp_reply_write(&arp, local_mac, local_ip, buf, sizeof(buf));
		FUZZ_CHECK(n == ARP_FRAME_LEN || n == ARP_FRAME_VLAN_LEN);
		FUZZ_CHECK(arp_parse(buf, (uint32_t)n, &back) == ARP_PARSE_OK);
		FUZZ_CHECK(back.op == WIRE_ARP_OP_REPLY && back.sender_ip == local_ip);
		FUZZ_CHECK(back.target_ip == arp.sender_ip && back.vlan == arp.vlan);
		FUZZ_CHECK(!memcmp(back.target_mac, arp.sender_mac, 6));
		break;
	case ARP_PARSE_DROP:
		FUZZ_CHECK(arp.drop == DROP_ARP_MALFORMED);
		break;
	case ARP_PARSE_NOT_ARP:
		break;
	default:
		abort();
	}
}

/* The MTU guard over any frame a VM could send (issue 5): MSS clamping
 * changes at most the two MSS bytes and the checksum, and only lowers; a
 * too-big answer fits its buffer and quotes within the RFC limits. */
static uint8_t frame[ICMP_TOO_BIG_FRAME_MAX];
static uint8_t answer[ICMP_TOO_BIG_FRAME_MAX];

static void fuzz_mtu(const uint8_t *data, uint32_t len)
{
	uint32_t n = len < sizeof(frame) ? len : (uint32_t)sizeof(frame);
	uint16_t mtu = n > 2 ? (uint16_t)(68 + ((data[n - 1] << 8 | data[n - 2]) % 9000)) : 1450;
	uint16_t ip_mtu = 0;
	enum mss_clamp_result r;
	uint32_t changed = 0, a;

	memcpy(frame, data, n);
	r = mss_clamp(frame, n, mtu);
	for (uint32_t i = 0; i < n; i++)
		changed += frame[i] != data[i];
	FUZZ_CHECK(r == MSS_CLAMPED ? changed >= 1 && changed <= 4 : changed == 0);
	switch (mtu_verdict(data, n, len, mtu, &ip_mtu)) {
	case MTU_TOO_BIG:
		a = icmp_too_big_build(data, n, ip_mtu, answer);
		FUZZ_CHECK(a > 0 && a <= sizeof(answer));
		break;
	case MTU_FITS:
	case MTU_FRAGMENT:
	case MTU_TOO_BIG_SILENT:
	case MTU_MALFORMED:
		FUZZ_CHECK(icmp_too_big_build(data, n, mtu, answer) == 0 ||
			   mtu_verdict(data, n, UINT32_MAX, mtu, &ip_mtu) == MTU_TOO_BIG);
		break;
	default:
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t local_ip = htonl(0xc6120001); /* 198.18.0.1 */
	uint32_t len = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;

	fuzz_decap(data, len, local_ip);
	fuzz_arp(data, len, local_ip);
	fuzz_mtu(data, len);
	FUZZ_CHECK(tunnel_vxlan_source_port(data, len) >= TUNNEL_VXLAN_SOURCE_PORT_MIN);
	return 0;
}
