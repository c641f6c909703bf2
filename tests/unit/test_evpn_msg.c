/* The EVPN shadow's netlink messages (control/evpn_msg.c), built and parsed on
 * buffers with libmnl as zebra and the kernel write them, and what an FDB
 * entry means (control/evpn_classify.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "../../control/evpn_classify.h"
#include "../../control/evpn_msg.h"

static const uint8_t mac1[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t zero_mac[6];

/* An FDB entry as the kernel reports zebra's `bridge fdb add MAC dev IF dst
 * DST self` (RTM_NEWNEIGH, AF_BRIDGE, NTF_SELF, NDA_LLADDR, NDA_DST, NDA_VNI). */
static struct nlmsghdr *fdb_entry(char *buf, uint16_t type, uint8_t family, int ifindex,
				  const uint8_t *mac, size_t mac_len, const void *dst,
				  size_t dst_len, uint8_t flags)
{
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	memset(buf, 0, EVPN_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = NUD_PERMANENT;
	ndm->ndm_flags = flags;
	mnl_attr_put(nlh, NDA_LLADDR, mac_len, mac);
	if (dst)
		mnl_attr_put(nlh, NDA_DST, dst_len, dst);
	mnl_attr_put_u32(nlh, NDA_VNI, 100);
	return nlh;
}

static void test_parse_remote_mac(void **state)
{
	char buf[EVPN_MSG_MAX];
	uint32_t dst = htonl(0xc6130009); /* 198.19.0.9 */
	struct evpn_fdb_msg m;

	(void)state;
	assert_int_equal(
	    evpn_msg_parse_fdb(
		fdb_entry(buf, RTM_NEWNEIGH, AF_BRIDGE, 7, mac1, 6, &dst, 4, NTF_SELF), &m),
	    0);
	assert_false(m.del);
	assert_int_equal(m.ifindex, 7);
	assert_memory_equal(m.mac, mac1, 6);
	assert_true(m.has_dst);
	assert_int_equal(m.dst, dst);
	assert_int_equal(m.state, NUD_PERMANENT);
	assert_int_equal(m.flags, NTF_SELF);
}

static void test_parse_flood_delete(void **state)
{
	char buf[EVPN_MSG_MAX];
	uint32_t dst = htonl(0xc6130002);
	struct evpn_fdb_msg m;

	(void)state;
	assert_int_equal(
	    evpn_msg_parse_fdb(
		fdb_entry(buf, RTM_DELNEIGH, AF_BRIDGE, 7, zero_mac, 6, &dst, 4, NTF_SELF), &m),
	    0);
	assert_true(m.del);
	assert_memory_equal(m.mac, zero_mac, 6);
	assert_int_equal(m.dst, dst);
}

static void test_parse_rejects(void **state)
{
	char buf[EVPN_MSG_MAX];
	uint32_t dst = 1;
	uint8_t dst6[16] = {0x20, 0x01};
	struct evpn_fdb_msg m;
	struct nlmsghdr *nlh;

	(void)state;
	/* An IPv4 neighbour (ARP), not a bridge FDB entry. */
	assert_int_equal(
	    evpn_msg_parse_fdb(fdb_entry(buf, RTM_NEWNEIGH, AF_INET, 7, mac1, 6, &dst, 4, 0), &m),
	    -1);
	/* A MAC of 5 bytes. */
	assert_int_equal(
	    evpn_msg_parse_fdb(
		fdb_entry(buf, RTM_NEWNEIGH, AF_BRIDGE, 7, mac1, 5, &dst, 4, NTF_SELF), &m),
	    -1);
	/* Not a neighbour message at all. */
	nlh = fdb_entry(buf, RTM_NEWNEIGH, AF_BRIDGE, 7, mac1, 6, &dst, 4, NTF_SELF);
	nlh->nlmsg_type = RTM_NEWLINK;
	assert_int_equal(evpn_msg_parse_fdb(nlh, &m), -1);
	/* Cut inside the ndmsg. */
	nlh = fdb_entry(buf, RTM_NEWNEIGH, AF_BRIDGE, 7, mac1, 6, &dst, 4, NTF_SELF);
	nlh->nlmsg_len = mnl_nlmsg_size(4);
	assert_int_equal(evpn_msg_parse_fdb(nlh, &m), -1);
	/* Cut inside the MAC: its attribute claims more than the message holds. */
	nlh = fdb_entry(buf, RTM_NEWNEIGH, AF_BRIDGE, 7, mac1, 6, &dst, 4, NTF_SELF);
	nlh->nlmsg_len = mnl_nlmsg_size(sizeof(struct ndmsg)) + 4 + 3;
	assert_int_equal(evpn_msg_parse_fdb(nlh, &m), -1);
	/* An IPv6 VTEP: parsed, but without a dst sluice could use. */
	assert_int_equal(
	    evpn_msg_parse_fdb(
		fdb_entry(buf, RTM_NEWNEIGH, AF_BRIDGE, 7, mac1, 6, dst6, 16, NTF_SELF), &m),
	    0);
	assert_false(m.has_dst);
}

/* The attributes of nlh after a header of hdr_len, by type. */
static int put_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static void test_local_mac(void **state)
{
	char buf[EVPN_MSG_MAX];
	const struct nlattr *tb[NDA_MAX + 1] = {NULL};
	struct nlmsghdr *nlh = evpn_msg_local_mac(buf, 42, false, 9, mac1);
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	struct evpn_fdb_msg m;

	(void)state;
	assert_int_equal(nlh->nlmsg_type, RTM_NEWNEIGH);
	assert_int_equal(nlh->nlmsg_seq, 42);
	assert_int_equal(nlh->nlmsg_flags,
			 NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
	/* `bridge fdb add MAC dev slvm master static`. */
	assert_int_equal(ndm->ndm_family, AF_BRIDGE);
	assert_int_equal(ndm->ndm_ifindex, 9);
	assert_int_equal(ndm->ndm_state, NUD_NOARP);
	assert_int_equal(ndm->ndm_flags, NTF_MASTER);
	assert_int_equal(mnl_attr_parse(nlh, sizeof(*ndm), put_attr, tb), MNL_CB_OK);
	assert_non_null(tb[NDA_LLADDR]);
	assert_memory_equal(mnl_attr_get_payload(tb[NDA_LLADDR]), mac1, 6);
	assert_null(tb[NDA_DST]);
	/* It reads back as what it is: no dst, on the bridge (master). */
	assert_int_equal(evpn_msg_parse_fdb(nlh, &m), 0);
	assert_false(m.has_dst);
	nlh = evpn_msg_local_mac(buf, 43, true, 9, mac1);
	assert_int_equal(nlh->nlmsg_type, RTM_DELNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
}

/* The IFLA_INFO_DATA nest of a link request, and its kind. */
static const struct nlattr *link_data(const struct nlmsghdr *nlh, const struct nlattr **tb,
				      const char **kind)
{
	const struct nlattr *info[IFLA_INFO_MAX + 1] = {NULL};

	assert_int_equal(mnl_attr_parse(nlh, sizeof(struct ifinfomsg), put_attr, tb), MNL_CB_OK);
	assert_non_null(tb[IFLA_LINKINFO]);
	assert_int_equal(mnl_attr_parse_nested(tb[IFLA_LINKINFO], put_attr, info), MNL_CB_OK);
	*kind = mnl_attr_get_str(info[IFLA_INFO_KIND]);
	return info[IFLA_INFO_DATA];
}

static void test_vxlan_new(void **state)
{
	char buf[EVPN_MSG_MAX];
	const struct nlattr *tb[IFLA_MAX + 1] = {NULL};
	const struct nlattr *vx[IFLA_VXLAN_MAX + 1] = {NULL};
	uint32_t local = htonl(0xc6130001);
	struct nlmsghdr *nlh = evpn_msg_vxlan_new(buf, 5, "slvx100", 100, local, 3);
	const char *kind;
	const struct nlattr *data = link_data(nlh, tb, &kind);

	(void)state;
	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	assert_string_equal(mnl_attr_get_str(tb[IFLA_IFNAME]), "slvx100");
	assert_int_equal(mnl_attr_get_u32(tb[IFLA_MASTER]), 3);
	assert_string_equal(kind, "vxlan");
	assert_non_null(data);
	assert_int_equal(mnl_attr_parse_nested(data, put_attr, vx), MNL_CB_OK);
	assert_int_equal(mnl_attr_get_u32(vx[IFLA_VXLAN_ID]), 100);
	assert_int_equal(mnl_attr_get_u32(vx[IFLA_VXLAN_LOCAL]), local);
	assert_int_equal(ntohs(mnl_attr_get_u16(vx[IFLA_VXLAN_PORT])), 4790);
	assert_int_equal(mnl_attr_get_u8(vx[IFLA_VXLAN_LEARNING]), 0);
}

static void test_bridge_and_veth_new(void **state)
{
	char buf[EVPN_MSG_MAX];
	const struct nlattr *tb[IFLA_MAX + 1] = {NULL};
	const struct nlattr *veth[VETH_INFO_MAX + 1] = {NULL};
	const struct nlattr *peer[IFLA_MAX + 1] = {NULL};
	const char *kind;
	const struct nlattr *data;
	struct nlmsghdr *nlh = evpn_msg_bridge_new(buf, 1, "slbr100");

	(void)state;
	data = link_data(nlh, tb, &kind);
	assert_string_equal(kind, "bridge");
	assert_null(data);
	assert_null(tb[IFLA_MASTER]);
	assert_string_equal(mnl_attr_get_str(tb[IFLA_IFNAME]), "slbr100");

	memset(tb, 0, sizeof(tb));
	nlh = evpn_msg_veth_new(buf, 2, "slvm100", "slvm100p", 3);
	data = link_data(nlh, tb, &kind);
	assert_string_equal(kind, "veth");
	assert_int_equal(mnl_attr_get_u32(tb[IFLA_MASTER]), 3);
	assert_int_equal(mnl_attr_parse_nested(data, put_attr, veth), MNL_CB_OK);
	assert_non_null(veth[VETH_INFO_PEER]);
	/* The peer: an ifinfomsg, then its own attributes. */
	assert_int_equal(
	    mnl_attr_parse_payload(
		(const char *)mnl_attr_get_payload(veth[VETH_INFO_PEER]) + sizeof(struct ifinfomsg),
		mnl_attr_get_payload_len(veth[VETH_INFO_PEER]) - sizeof(struct ifinfomsg), put_attr,
		peer),
	    MNL_CB_OK);
	assert_string_equal(mnl_attr_get_str(peer[IFLA_IFNAME]), "slvm100p");
}

static void test_mark_up_and_parse_link(void **state)
{
	char buf[EVPN_MSG_MAX];
	struct nlmsghdr *nlh = evpn_msg_link_mark_up(buf, 3, 12);
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct evpn_link_msg link;

	(void)state;
	assert_int_equal(ifi->ifi_index, 12);
	assert_int_equal(ifi->ifi_flags & IFF_UP, IFF_UP);
	assert_int_equal(ifi->ifi_change & IFF_UP, IFF_UP);
	/* The kernel's answer has a name; ours only the index: no name, no link. */
	assert_int_equal(evpn_msg_parse_link(nlh, &link), -1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "slbr100");
	assert_int_equal(evpn_msg_parse_link(nlh, &link), 0);
	assert_int_equal(link.ifindex, 12);
	assert_string_equal(link.name, "slbr100");
	assert_string_equal(link.alias, EVPN_DEVICE_MARK);
	assert_false(link.del);
	nlh = evpn_msg_link_del(buf, 4, 12);
	assert_int_equal(nlh->nlmsg_type, RTM_DELLINK);
	assert_int_equal(((const struct ifinfomsg *)mnl_nlmsg_get_payload(nlh))->ifi_index, 12);
}

static void test_dumps(void **state)
{
	char buf[EVPN_MSG_MAX];
	struct nlmsghdr *nlh = evpn_msg_fdb_dump(buf, 8);

	(void)state;
	assert_int_equal(nlh->nlmsg_type, RTM_GETNEIGH);
	assert_int_equal(nlh->nlmsg_flags & NLM_F_DUMP, NLM_F_DUMP);
	assert_int_equal(((const struct ndmsg *)mnl_nlmsg_get_payload(nlh))->ndm_family, AF_BRIDGE);
	nlh = evpn_msg_link_dump(buf, 9);
	assert_int_equal(nlh->nlmsg_type, RTM_GETLINK);
	assert_int_equal(nlh->nlmsg_flags & NLM_F_DUMP, NLM_F_DUMP);
	nlh = evpn_msg_link_get(buf, 10, "slvx100");
	assert_int_equal(nlh->nlmsg_type, RTM_GETLINK);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
}

static struct evpn_fdb_msg entry(const uint8_t *mac, bool has_dst, uint32_t dst, uint8_t flags)
{
	struct evpn_fdb_msg m = {.has_dst = has_dst, .dst = dst, .flags = flags};

	memcpy(m.mac, mac, 6);
	return m;
}

static void test_classify(void **state)
{
	const uint32_t own = htonl(0xc6130001), other = htonl(0xc6130002);
	const uint8_t group[6] = {0x01, 0x00, 0x5e, 0, 0, 1};
	struct evpn_fdb_msg m;

	(void)state;
	m = entry(mac1, true, other, NTF_SELF);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_VXLAN, "", own), EVPN_REMOTE_MAC);
	m = entry(zero_mac, true, other, NTF_SELF);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_VXLAN, "", own), EVPN_FLOOD_VTEP);
	m = entry(mac1, true, own, NTF_SELF);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_VXLAN, "", own), EVPN_IGNORE_OWN_VTEP);
	m = entry(mac1, true, other, NTF_SELF);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_OTHER, "vx0", own), EVPN_IGNORE_FOREIGN);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_OTHER, "slvx200", own), EVPN_IGNORE_VNI);
	/* The kernel's own entries: no dst, the bridge's (master) view, our
	 * other devices, a group MAC. */
	m = entry(mac1, false, 0, NTF_SELF);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_VXLAN, "", own), EVPN_SKIP);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_OTHER, "vx0", own), EVPN_SKIP);
	m = entry(mac1, true, other, NTF_MASTER);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_VXLAN, "", own), EVPN_SKIP);
	m = entry(mac1, true, other, NTF_SELF);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_OURS, "slvm100", own), EVPN_SKIP);
	m = entry(group, true, other, NTF_SELF);
	assert_int_equal(evpn_classify(&m, EVPN_DEVICE_VXLAN, "", own), EVPN_SKIP);
}

static void test_vni_of_name(void **state)
{
	(void)state;
	assert_int_equal(evpn_vni_of_name("slvx100"), 100);
	assert_int_equal(evpn_vni_of_name("slvx16777215"), 16777215);
	assert_int_equal(evpn_vni_of_name("slvx16777216"), 0);
	assert_int_equal(evpn_vni_of_name("slvx0"), 0);
	assert_int_equal(evpn_vni_of_name("slvx"), 0);
	assert_int_equal(evpn_vni_of_name("slvx10a"), 0);
	assert_int_equal(evpn_vni_of_name("slbr100"), 0);
	assert_int_equal(evpn_vni_of_name(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_remote_mac),
	    cmocka_unit_test(test_parse_flood_delete),
	    cmocka_unit_test(test_parse_rejects),
	    cmocka_unit_test(test_local_mac),
	    cmocka_unit_test(test_vxlan_new),
	    cmocka_unit_test(test_bridge_and_veth_new),
	    cmocka_unit_test(test_mark_up_and_parse_link),
	    cmocka_unit_test(test_dumps),
	    cmocka_unit_test(test_classify),
	    cmocka_unit_test(test_vni_of_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
