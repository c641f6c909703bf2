/* Sorting netlink FDB entries: zebra's, somebody else's, or noise. */
#include "evpn_classify.h"

#include <stdlib.h>
#include <string.h>

#include <linux/neighbour.h>

uint32_t evpn_vni_of_name(const char *ifname)
{
	char *end;
	unsigned long vni;

	if (!ifname || strncmp(ifname, "slvx", 4) != 0 || ifname[4] < '1' || ifname[4] > '9')
		return 0;
	vni = strtoul(ifname + 4, &end, 10);
	return *end == '\0' && vni <= 16777215 ? (uint32_t)vni : 0;
}

static bool is_zero(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return memcmp(mac, zero, 6) == 0;
}

enum evpn_verdict evpn_classify(const struct evpn_fdb_msg *m, enum evpn_device device,
				const char *ifname, uint32_t vtep_addr)
{
	/* The kernel's own entries (a device's address, the bridge's view of a
	 * port with NTF_MASTER) carry no remote VTEP: only NDA_DST entries
	 * are what zebra installs, as `bridge fdb add ... dst VTEP self`. */
	if (!m->has_dst || (m->flags & NTF_MASTER))
		return EVPN_SKIP;
	if (device == EVPN_DEVICE_OURS)
		return EVPN_SKIP;
	if (device == EVPN_DEVICE_OTHER)
		return evpn_vni_of_name(ifname) ? EVPN_IGNORE_VNI : EVPN_IGNORE_FOREIGN;
	if (m->dst == vtep_addr)
		return EVPN_IGNORE_OWN_VTEP;
	if (is_zero(m->mac))
		return EVPN_FLOOD_VTEP;
	/* A group MAC is never behind one VTEP: not an entry zebra makes. */
	if (m->mac[0] & 1)
		return EVPN_SKIP;
	return EVPN_REMOTE_MAC;
}
