/* The kernel devices of an EVPN network's shadow: made, marked, deleted. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "evpn.h"
#include "evpn_msg.h"

static int link_found(const struct nlmsghdr *nlh, void *data)
{
	struct evpn_link_msg *out = data;

	if (evpn_msg_parse_link(nlh, out) == 0)
		out->del = false;
	return MNL_CB_OK;
}

/* 1 and *link filled when a device of that name exists, 0 when not. */
static int link_lookup(struct evpn_nl *nl, const char *name, struct evpn_link_msg *link)
{
	char buf[EVPN_MSG_MAX];
	int rc;

	memset(link, 0, sizeof(*link));
	rc = evpn_nl_call(nl, evpn_msg_link_get(buf, nl->seq++, name), link_found, link);
	return rc == 0 && link->ifindex ? 1 : 0;
}

static int link_del(struct evpn_nl *nl, uint32_t ifindex)
{
	char buf[EVPN_MSG_MAX];

	return evpn_nl_call(nl, evpn_msg_link_del(buf, nl->seq++, ifindex), NULL, NULL);
}

/* A name sluice is about to use: free, or a leftover of a killed sluice
 * (marked: deleted now), or somebody else's (an error). */
static int claim_name(struct evpn_nl *nl, const char *network, const char *name, char *err,
		      size_t errlen)
{
	struct evpn_link_msg link;

	if (!link_lookup(nl, name, &link))
		return 0;
	if (strcmp(link.alias, EVPN_DEVICE_MARK) == 0) {
		link_del(nl, link.ifindex);
		return 0;
	}
	snprintf(
	    err, errlen,
	    "network '%s' (evpn = yes): a network device named %s exists and sluice did not "
	    "create it (its alias is not '%s'): delete it (ip link del %s) or give the network "
	    "another VNI",
	    network, name, EVPN_DEVICE_MARK, name);
	return -1;
}

/* Sends a create request, then marks the device and brings it up. */
static int make(struct evpn_nl *nl, struct nlmsghdr *create, const char *name, uint32_t *ifindex,
		char *err, size_t errlen)
{
	char buf[EVPN_MSG_MAX];
	struct evpn_link_msg link;
	int rc = evpn_nl_call(nl, create, NULL, NULL);

	if (rc == 0 && !link_lookup(nl, name, &link))
		rc = -ENODEV;
	if (rc == 0) {
		*ifindex = link.ifindex;
		rc = evpn_nl_call(nl, evpn_msg_link_mark_up(buf, nl->seq++, link.ifindex), NULL,
				  NULL);
	}
	if (rc < 0)
		snprintf(err, errlen, "evpn: cannot create %s: %s", name, strerror(-rc));
	return rc;
}

int evpn_shadow_create(struct evpn_nl *nl, const char *network, uint32_t vni, uint32_t local,
		       struct evpn_shadow *sh, char *err, size_t errlen)
{
	char buf[EVPN_MSG_MAX];
	const char *names[4];

	memset(sh, 0, sizeof(*sh));
	sh->vni = vni;
	snprintf(sh->br_name, sizeof(sh->br_name), "slbr%u", vni);
	snprintf(sh->vx_name, sizeof(sh->vx_name), "slvx%u", vni);
	snprintf(sh->vm_name, sizeof(sh->vm_name), "slvm%u", vni);
	snprintf(sh->vm_peer_name, sizeof(sh->vm_peer_name), "slvm%up", vni);
	names[0] = sh->br_name;
	names[1] = sh->vx_name;
	names[2] = sh->vm_name;
	names[3] = sh->vm_peer_name;
	for (int i = 0; i < 4; i++)
		if (claim_name(nl, network, names[i], err, errlen) < 0)
			return -1;
	if (make(nl, evpn_msg_bridge_new(buf, nl->seq++, sh->br_name), sh->br_name, &sh->br, err,
		 errlen) < 0 ||
	    make(nl, evpn_msg_vxlan_new(buf, nl->seq++, sh->vx_name, vni, local, sh->br),
		 sh->vx_name, &sh->vx, err, errlen) < 0 ||
	    make(nl, evpn_msg_veth_new(buf, nl->seq++, sh->vm_name, sh->vm_peer_name, sh->br),
		 sh->vm_name, &sh->vm, err, errlen) < 0 ||
	    make(nl, evpn_msg_link_get(buf, nl->seq++, sh->vm_peer_name), sh->vm_peer_name,
		 &sh->vm_peer, err, errlen) < 0) {
		evpn_shadow_delete(nl, sh);
		return -1;
	}
	sh->active = true;
	return 0;
}

void evpn_shadow_delete(struct evpn_nl *nl, struct evpn_shadow *sh)
{
	/* Ports first, then the bridge; the veth's peer goes with it. */
	if (sh->vx)
		link_del(nl, sh->vx);
	if (sh->vm)
		link_del(nl, sh->vm);
	if (sh->br)
		link_del(nl, sh->br);
	sh->active = false;
	sh->br = sh->vx = sh->vm = sh->vm_peer = 0;
	sh->n_exported = 0;
}

struct sweep {
	uint32_t doomed[256];
	int n;
};

static int collect_marked(const struct nlmsghdr *nlh, void *data)
{
	struct sweep *s = data;
	struct evpn_link_msg link;

	if (evpn_msg_parse_link(nlh, &link) == 0 && strcmp(link.alias, EVPN_DEVICE_MARK) == 0 &&
	    strncmp(link.name, "sl", 2) == 0 && s->n < 256)
		s->doomed[s->n++] = link.ifindex;
	return MNL_CB_OK;
}

int evpn_shadow_sweep(struct evpn_nl *nl)
{
	char buf[EVPN_MSG_MAX];
	struct sweep s = {.n = 0};
	int removed = 0;

	if (evpn_nl_call(nl, evpn_msg_link_dump(buf, nl->seq++), collect_marked, &s) < 0)
		return 0;
	/* A veth's peer may already be gone with it: ENODEV is fine. */
	for (int i = 0; i < s.n; i++)
		removed += link_del(nl, s.doomed[i]) == 0;
	return removed;
}
