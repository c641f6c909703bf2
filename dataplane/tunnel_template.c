#include "tunnel_template.h"

#include "checksum.h"

int tunnel_template_build(struct tunnel_template *t, const struct tunnel_encap_params *params)
{
	struct tunnel_encap_params p = *params;
	int len;
	uint8_t *ip;

	/* The per-packet fields as zeros: tunnel_template_write() fills them,
	 * and zeros add nothing to the checksum's sum. */
	memset(p.dst_mac, 0, sizeof(p.dst_mac));
	p.dst_ip = 0;
	p.ip_id = 0;
	p.udp_src_port = 0;
	memset(t, 0, sizeof(*t));
	len = tunnel_encap_write(&p, 0, t->hdr);
	if (len < 0)
		return -1;
	t->len = (uint8_t)len;
	t->ip_offset =
	    (uint8_t)(sizeof(struct wire_ether) + (p.vlan ? sizeof(struct wire_vlan) : 0));
	t->kind = (uint8_t)p.kind;
	t->df = p.df;
	ip = t->hdr + t->ip_offset;
	memset(ip + offsetof(struct wire_ipv4, total_length), 0, 2);
	memset(ip + offsetof(struct wire_ipv4, checksum), 0, 2);
	if (p.kind == TUNNEL_VXLAN)
		memset(ip + sizeof(struct wire_ipv4) + offsetof(struct wire_udp, length), 0, 2);
	t->ip_sum = checksum_add(0, ip, sizeof(struct wire_ipv4));
	return 0;
}
