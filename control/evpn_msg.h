/* The netlink messages of the EVPN shadow (control/evpn.h): built and parsed
 * with libmnl on a caller's buffer, no socket, so they are unit-tested byte
 * for byte. Addresses in network order. */
#ifndef SLUICE_EVPN_MSG_H
#define SLUICE_EVPN_MSG_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <net/if.h>

/* A request fits in this; a received batch is read into MNL_SOCKET_BUFFER_SIZE. */
#define EVPN_MSG_MAX 1024
/* IFLA_IFALIAS of every device sluice creates: how a restart tells its own
 * leftovers (deleted and made again) from an operator's device (an error). */
#define EVPN_DEVICE_MARK "sluice"
/* zebra reads the VXLAN device's port only to describe it; 4790 keeps the
 * kernel from ever binding VXLAN's 4789 next to sluice's own VTEP. */
#define EVPN_SHADOW_UDP_PORT 4790

/* A bridge FDB entry (RTM_NEWNEIGH / RTM_DELNEIGH, AF_BRIDGE). */
struct evpn_fdb_msg {
	bool del;
	uint32_t ifindex;
	uint8_t mac[6];
	bool has_dst;
	uint32_t dst;	/* NDA_DST: the remote VTEP */
	uint16_t state; /* NUD_* */
	uint8_t flags;	/* NTF_*: NTF_SELF on the VXLAN device, NTF_MASTER on the bridge */
};

/* A link (RTM_NEWLINK / RTM_DELLINK). */
struct evpn_link_msg {
	bool del;
	uint32_t ifindex;
	char name[IFNAMSIZ];
	char alias[64]; /* "" without IFLA_IFALIAS */
};

/* 0 and out filled for a bridge FDB message; -1 for anything else or a
 * malformed one (then out says nothing). */
int evpn_msg_parse_fdb(const struct nlmsghdr *nlh, struct evpn_fdb_msg *out);
int evpn_msg_parse_link(const struct nlmsghdr *nlh, struct evpn_link_msg *out);

/* Requests, each with NLM_F_REQUEST | NLM_F_ACK (dumps: NLM_F_DUMP). */
struct nlmsghdr *evpn_msg_fdb_dump(void *buf, uint32_t seq);
struct nlmsghdr *evpn_msg_link_dump(void *buf, uint32_t seq);
/* A local MAC on the shadow bridge's port: `bridge fdb add MAC dev PORT master
 * static` (static: the bridge never ages it; sluice withdraws it). */
struct nlmsghdr *evpn_msg_local_mac(void *buf, uint32_t seq, bool del, uint32_t port_ifindex,
				    const uint8_t mac[6]);
struct nlmsghdr *evpn_msg_bridge_new(void *buf, uint32_t seq, const char *name);
/* `ip link add NAME type vxlan id VNI local LOCAL dstport 4790 nolearning master M` */
struct nlmsghdr *evpn_msg_vxlan_new(void *buf, uint32_t seq, const char *name, uint32_t vni,
				    uint32_t local, uint32_t master_ifindex);
/* A veth pair, name enslaved to master: the port that carries local MACs. */
struct nlmsghdr *evpn_msg_veth_new(void *buf, uint32_t seq, const char *name, const char *peer,
				   uint32_t master_ifindex);
/* Sets the mark (IFLA_IFALIAS) and brings the link up. */
struct nlmsghdr *evpn_msg_link_mark_up(void *buf, uint32_t seq, uint32_t ifindex);
struct nlmsghdr *evpn_msg_link_del(void *buf, uint32_t seq, uint32_t ifindex);
/* RTM_GETLINK of one name. */
struct nlmsghdr *evpn_msg_link_get(void *buf, uint32_t seq, const char *name);

#endif
