/* Netlink messages of the EVPN shadow, with libmnl (no framing by hand). */
#include "evpn_msg.h"

#include <arpa/inet.h>
#include <string.h>

#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

static struct nlmsghdr *request(void *buf, uint16_t type, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, EVPN_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	return nlh;
}

static int fdb_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, NDA_MAX) < 0)
		return MNL_CB_OK; /* newer kernels' attributes: not ours to read */
	if (type == NDA_LLADDR && mnl_attr_get_payload_len(attr) != 6)
		return MNL_CB_ERROR;
	if (type == NDA_DST && mnl_attr_get_payload_len(attr) != 4)
		return MNL_CB_OK; /* an IPv6 VTEP: sluice's underlay is IPv4 */
	tb[type] = attr;
	return MNL_CB_OK;
}

int evpn_msg_parse_fdb(const struct nlmsghdr *nlh, struct evpn_fdb_msg *out)
{
	const struct nlattr *tb[NDA_MAX + 1] = {NULL};
	const struct ndmsg *ndm;

	if (nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH)
		return -1;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ndm)))
		return -1;
	ndm = mnl_nlmsg_get_payload(nlh);
	if (ndm->ndm_family != AF_BRIDGE)
		return -1;
	if (mnl_attr_parse(nlh, sizeof(*ndm), fdb_attr, tb) != MNL_CB_OK || !tb[NDA_LLADDR])
		return -1;
	memset(out, 0, sizeof(*out));
	out->del = nlh->nlmsg_type == RTM_DELNEIGH;
	out->ifindex = (uint32_t)ndm->ndm_ifindex;
	out->state = ndm->ndm_state;
	out->flags = ndm->ndm_flags;
	memcpy(out->mac, mnl_attr_get_payload(tb[NDA_LLADDR]), 6);
	if (tb[NDA_DST]) {
		out->has_dst = true;
		memcpy(&out->dst, mnl_attr_get_payload(tb[NDA_DST]), 4);
	}
	return 0;
}

static int link_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, IFLA_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static void copy_string(char *dst, size_t size, const struct nlattr *attr)
{
	size_t len = mnl_attr_get_payload_len(attr);

	if (len >= size)
		len = size - 1;
	memcpy(dst, mnl_attr_get_payload(attr), len);
	dst[len] = '\0';
}

int evpn_msg_parse_link(const struct nlmsghdr *nlh, struct evpn_link_msg *out)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {NULL};
	const struct ifinfomsg *ifi;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return -1;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return -1;
	ifi = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*ifi), link_attr, tb) != MNL_CB_OK || !tb[IFLA_IFNAME])
		return -1;
	memset(out, 0, sizeof(*out));
	out->del = nlh->nlmsg_type == RTM_DELLINK;
	out->ifindex = (uint32_t)ifi->ifi_index;
	copy_string(out->name, sizeof(out->name), tb[IFLA_IFNAME]);
	if (tb[IFLA_IFALIAS])
		copy_string(out->alias, sizeof(out->alias), tb[IFLA_IFALIAS]);
	return 0;
}

struct nlmsghdr *evpn_msg_fdb_dump(void *buf, uint32_t seq)
{
	struct nlmsghdr *nlh = request(buf, RTM_GETNEIGH, NLM_F_DUMP, seq);
	struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));

	ndm->ndm_family = AF_BRIDGE;
	return nlh;
}

struct nlmsghdr *evpn_msg_link_dump(void *buf, uint32_t seq)
{
	struct nlmsghdr *nlh = request(buf, RTM_GETLINK, NLM_F_DUMP, seq);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	return nlh;
}

struct nlmsghdr *evpn_msg_local_mac(void *buf, uint32_t seq, bool del, uint32_t port_ifindex,
				    const uint8_t mac[6])
{
	struct nlmsghdr *nlh = request(buf, del ? RTM_DELNEIGH : RTM_NEWNEIGH,
				       NLM_F_ACK | (del ? 0 : NLM_F_CREATE | NLM_F_REPLACE), seq);
	struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));

	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = (int)port_ifindex;
	ndm->ndm_state = NUD_NOARP;
	ndm->ndm_flags = NTF_MASTER;
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	return nlh;
}

static struct nlmsghdr *link_new(void *buf, uint32_t seq, const char *name, uint32_t master,
				 struct nlattr **linkinfo)
{
	struct nlmsghdr *nlh =
	    request(buf, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (master)
		mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	*linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	return nlh;
}

struct nlmsghdr *evpn_msg_bridge_new(void *buf, uint32_t seq, const char *name)
{
	struct nlattr *linkinfo;
	struct nlmsghdr *nlh = link_new(buf, seq, name, 0, &linkinfo);

	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(nlh, linkinfo);
	return nlh;
}

struct nlmsghdr *evpn_msg_vxlan_new(void *buf, uint32_t seq, const char *name, uint32_t vni,
				    uint32_t local, uint32_t master_ifindex)
{
	struct nlattr *linkinfo, *data;
	struct nlmsghdr *nlh = link_new(buf, seq, name, master_ifindex, &linkinfo);

	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vxlan");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u32(nlh, IFLA_VXLAN_ID, vni);
	mnl_attr_put(nlh, IFLA_VXLAN_LOCAL, 4, &local);
	mnl_attr_put_u16(nlh, IFLA_VXLAN_PORT, htons(EVPN_SHADOW_UDP_PORT));
	/* zebra owns the FDB of an EVPN VXLAN device: no data-plane learning. */
	mnl_attr_put_u8(nlh, IFLA_VXLAN_LEARNING, 0);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nlh;
}

struct nlmsghdr *evpn_msg_veth_new(void *buf, uint32_t seq, const char *name, const char *peer,
				   uint32_t master_ifindex)
{
	struct nlattr *linkinfo, *data, *info;
	struct nlmsghdr *nlh = link_new(buf, seq, name, master_ifindex, &linkinfo);
	struct ifinfomsg *peer_ifi;

	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	info = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* VETH_INFO_PEER carries an ifinfomsg, then the peer's attributes. */
	peer_ifi = mnl_nlmsg_get_payload_tail(nlh);
	memset(peer_ifi, 0, sizeof(*peer_ifi));
	nlh->nlmsg_len += MNL_ALIGN(sizeof(*peer_ifi));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_nest_end(nlh, info);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nlh;
}

struct nlmsghdr *evpn_msg_link_mark_up(void *buf, uint32_t seq, uint32_t ifindex)
{
	struct nlmsghdr *nlh = request(buf, RTM_NEWLINK, NLM_F_ACK, seq);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFALIAS, EVPN_DEVICE_MARK);
	return nlh;
}

struct nlmsghdr *evpn_msg_link_del(void *buf, uint32_t seq, uint32_t ifindex)
{
	struct nlmsghdr *nlh = request(buf, RTM_DELLINK, NLM_F_ACK, seq);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	return nlh;
}

struct nlmsghdr *evpn_msg_link_get(void *buf, uint32_t seq, const char *name)
{
	struct nlmsghdr *nlh = request(buf, RTM_GETLINK, NLM_F_ACK, seq);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}
