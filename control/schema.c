#include "schema.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static const char *const hugepage_names[] = {"none", "2M", "1G", "auto", NULL};
static const char *const port_type_names[] = {"phy", "vhost", NULL};
static const char *const vhost_mode_names[] = {"client", "server", NULL};
static const char *const network_type_names[] = {"flat", "vxlan", "gre", "vlan", NULL};
static const char *const yes_no_names[] = {"no", "yes", NULL};
static const char *const mtu_policy_names[] = {"enforce", "warn", NULL};
static const char *const off_on_names[] = {"off", "on", NULL};
static const char *const mac_limit_action_names[] = {"drop", "flood", NULL};
static const char *const rebalance_names[] = {"off", "auto", NULL};

#define FIELD(type, field) offsetof(type, field), sizeof(((type *)0)->field)

static const struct schema_key dataplane_keys[] = {
    {"main-core", SCHEMA_UINT, FIELD(struct dataplane_config, main_core), 0, SLUICE_MAX_CPUS - 1,
     NULL, "0", false, 0, "CPU of the control thread (EAL main lcore); it sleeps between tasks"},
    {"worker-cores", SCHEMA_CORE_LIST, FIELD(struct dataplane_config, worker_cores), 0, 0, NULL,
     NULL, true, 0, "CPUs of the PMD threads, one poller per CPU: \"2,3\" or \"2-5\""},
    {"hugepages", SCHEMA_ENUM, FIELD(struct dataplane_config, hugepages), 0, 0, hugepage_names,
     "none", false, 0,
     "page size backing packet memory: 1G, 2M, auto (the biggest that fits) or none (tests)"},
    {"socket-mem", SCHEMA_SOCKET_MEM, FIELD(struct dataplane_config, socket_mem), 64, 1048576, NULL,
     "512", false, 0, "MiB of packet memory DPDK reserves: a total, or per NUMA node"},
    {"file-prefix", SCHEMA_STRING, FIELD(struct dataplane_config, file_prefix), 0, 0, NULL,
     "sluice", false, 0, "DPDK --file-prefix; give every DPDK process on a host its own"},
    {"eal-args", SCHEMA_STRING, FIELD(struct dataplane_config, eal_args), 0, 0, NULL, "", false, 0,
     "extra EAL arguments appended as they are (escape hatch)"},
    {"fdb-entries", SCHEMA_UINT, FIELD(struct dataplane_config, fdb_entries), 1024, 4194304, NULL,
     "65536", false, 0, "capacity of the MAC learning table, all networks together"},
    {"mbuf-size", SCHEMA_UINT, FIELD(struct dataplane_config, mbuf_size), 2048, 65000, NULL, "2048",
     false, 0,
     "data bytes per mbuf; bigger frames are chains, unless a device cannot receive "
     "into chains (net_af_packet: make it hold framesz)"},
    {"mbufs", SCHEMA_UINT, FIELD(struct dataplane_config, mbufs), 0, 1048576, NULL, "0", false, 0,
     "mbufs per NUMA node's pool; 0 sizes it from the ports' queues (at least 8192)"},
    {"vhost-tx-retries", SCHEMA_UINT, FIELD(struct dataplane_config, vhost_tx_retries), 0, 32, NULL,
     "8", false, 0,
     "times a burst a guest's full rx ring did not take is offered again (while it "
     "takes some), before the rest are dropped as vhost-queue-full"},
    {"rebalance", SCHEMA_ENUM, FIELD(struct dataplane_config, rebalance), 0, 0, rebalance_names,
     "auto", false, 0,
     "auto: move unpinned receive queues between PMDs by the cycles they used lately, "
     "when that lowers the busiest PMD's load enough; off: only by hand (rxq rebalance)"},
    {"rebalance-interval", SCHEMA_UINT, FIELD(struct dataplane_config, rebalance_interval), 1, 3600,
     NULL, "60", false, 0,
     "seconds between two rebalancing decisions (at most one move per interval)"},
    {"rebalance-threshold", SCHEMA_UINT, FIELD(struct dataplane_config, rebalance_threshold), 0,
     100, NULL, "25", false, 0,
     "percent by which a move must lower the busiest PMD's load (of that load) to be made"},
    {"pmd-sleep-max", SCHEMA_UINT, FIELD(struct dataplane_config, pmd_sleep_max), 0, 10000, NULL,
     "0", false, 0,
     "microseconds a PMD whose polls find nothing may sleep, growing from 1 while idle, "
     "back to none on the first packet; 0 polls without pause"},
    {"max-ports", SCHEMA_UINT, FIELD(struct dataplane_config, max_ports), 2, SLUICE_PORTS_CEILING,
     NULL, "64", false, 0,
     "ports sluice can hold, live additions included; sizes its port tables (restart to "
     "change)"},
    {"max-networks", SCHEMA_UINT, FIELD(struct dataplane_config, max_networks), 1,
     SLUICE_NETWORKS_CEILING, NULL, "64", false, 0,
     "networks sluice can hold, live additions included; sizes its network tables (restart "
     "to change)"},
};

static const struct schema_key control_keys[] = {
    {"socket", SCHEMA_PATH, FIELD(struct control_config, socket), 0, 0, NULL,
     "/run/sluice/sluice.sock", false, 0, "path of the control socket"},
    {"mode", SCHEMA_OCTAL, FIELD(struct control_config, mode), 0, 0777, NULL, "0660", false, 0,
     "permission bits of the control socket file, octal"},
    {"group", SCHEMA_STRING, FIELD(struct control_config, group), 0, 0, NULL, "", false, 0,
     "group the control socket file belongs to; its members may use sluicectl"},
};

static const struct schema_key metrics_keys[] = {
    {"listen", SCHEMA_STRING, FIELD(struct metrics_config, listen), 0, 0, NULL, "off", false, 0,
     "where the Prometheus endpoint (GET /metrics) listens: ADDRESS:PORT, e.g. "
     "127.0.0.1:9483 or [::1]:9483, or the absolute path of a Unix socket"},
};

static const struct schema_key port_keys[] = {
    {"type", SCHEMA_ENUM, FIELD(struct port_config, type), 0, 0, port_type_names, NULL, true, 0,
     "phy (a DPDK ethdev) or vhost (a vhost-user socket to a VM)"},
    {"network", SCHEMA_STRING, FIELD(struct port_config, network), 0, 0, NULL, "", false, 0,
     "the network the port belongs to; a phy port without one carries the underlay"},
    {"devargs", SCHEMA_STRING, FIELD(struct port_config, devargs), 0, 0, NULL, NULL, true,
     SCHEMA_FOR_PHY, "PCI address or vdev string, e.g. 0000:3b:00.0 or net_tap0,iface=t0"},
    {"rx-queues", SCHEMA_UINT, FIELD(struct port_config, rx_queues), 1, SLUICE_MAX_QUEUES, NULL,
     "1", false, SCHEMA_FOR_PHY,
     "receive queues; more than one turns on RSS over IP and L4; net_af_packet needs as many "
     "as its qpairs"},
    {"tx-queues", SCHEMA_UINT, FIELD(struct port_config, tx_queues), 1, SLUICE_MAX_QUEUES, NULL,
     "number of worker cores", false, SCHEMA_FOR_PHY,
     "transmit queues; at least one per worker core (each PMD owns one)"},
    {"rx-descriptors", SCHEMA_UINT, FIELD(struct port_config, rx_descriptors), 64, 32768, NULL,
     "1024", false, SCHEMA_FOR_PHY, "receive ring size, a power of two"},
    {"tx-descriptors", SCHEMA_UINT, FIELD(struct port_config, tx_descriptors), 64, 32768, NULL,
     "1024", false, SCHEMA_FOR_PHY, "transmit ring size, a power of two"},
    {"mtu", SCHEMA_UINT, FIELD(struct port_config, mtu), 68, 16110, NULL, "device default", false,
     SCHEMA_FOR_PHY, "IP MTU of the port; above the mbuf size, rx scatters"},
    {"rxq-affinity", SCHEMA_AFFINITY, FIELD(struct port_config, rxq_affinity), 0, 0, NULL,
     "round robin", false, SCHEMA_FOR_PHY,
     "queue:core pairs, e.g. 0:2,1:3; unlisted queues go round robin"},
    {"socket", SCHEMA_PATH, FIELD(struct port_config, socket), 0, 0, NULL, NULL, true,
     SCHEMA_FOR_VHOST, "vhost-user socket path"},
    {"mode", SCHEMA_ENUM, FIELD(struct port_config, mode), 0, 0, vhost_mode_names, "client", false,
     SCHEMA_FOR_VHOST,
     "client: QEMU listens, sluice connects and reconnects; server: sluice listens"},
    {"max-queues", SCHEMA_UINT, FIELD(struct port_config, max_queues), 1, SLUICE_MAX_QUEUES, NULL,
     "8", false, SCHEMA_FOR_VHOST, "queue pairs polled at most; the guest enables up to this many"},
    {"mac", SCHEMA_MAC, FIELD(struct port_config, mac), 0, 0, NULL, "none", false, SCHEMA_FOR_VHOST,
     "the VM's MAC: frames from any other source are dropped (spoofed)"},
    {"port-security", SCHEMA_ENUM, FIELD(struct port_config, port_security), 0, 0, off_on_names,
     "on when mac is set", false, SCHEMA_FOR_VHOST,
     "on: drop IP from outside ips, ARP and ND for another MAC or address, DHCP replies and "
     "router advertisements (docs/security.md); needs mac"},
    {"ips", SCHEMA_IP_LIST, FIELD(struct port_config, ips), 0, 0, NULL, "none", false,
     SCHEMA_FOR_VHOST,
     "IPv4 and IPv6 addresses or prefixes the VM may send from, comma separated, e.g. "
     "198.18.0.11, 2001:db8::11 (its link-local fe80:: address from mac is always allowed)"},
    {"dhcp-server", SCHEMA_ENUM, FIELD(struct port_config, dhcp_server), 0, 0, yes_no_names, "no",
     false, SCHEMA_FOR_VHOST, "port security: the VM may send DHCPv4 replies (UDP 67 to 68)"},
    {"router", SCHEMA_ENUM, FIELD(struct port_config, router), 0, 0, yes_no_names, "no", false,
     SCHEMA_FOR_VHOST, "port security: the VM may send ICMPv6 router advertisements"},
    {"mtu-policy", SCHEMA_ENUM, FIELD(struct port_config, mtu_policy), 0, 0, mtu_policy_names,
     "enforce", false, SCHEMA_FOR_VHOST,
     "a guest MTU (QEMU host_mtu) over the network MTU: enforce refuses it, warn logs it"},
    {"offloads", SCHEMA_ENUM, FIELD(struct port_config, offloads), 0, 0, off_on_names, "on", false,
     SCHEMA_FOR_VHOST,
     "on: the guest may hand over TCP segmentation and checksums and receive them (sluice "
     "completes them where the egress cannot); off: it segments and checksums everything"},
    {"socket-mode", SCHEMA_OCTAL, FIELD(struct port_config, socket_mode), 0, 0777, NULL, "0660",
     false, SCHEMA_FOR_VHOST, "server mode: permission bits of the socket sluice creates, octal"},
    {"socket-group", SCHEMA_STRING, FIELD(struct port_config, socket_group), 0, 0, NULL, "", false,
     SCHEMA_FOR_VHOST,
     "server mode: group of the socket sluice creates (QEMU's, e.g. libvirt-qemu)"},
    /* Limits (issue 13): what one port may cost the others. */
    {"mac-limit", SCHEMA_UINT, FIELD(struct port_config, mac_limit), 0, 4194304, NULL,
     "1024 on vhost ports, 0 on phy", false, 0,
     "MACs learned on the port at most, 0: no limit; over it a new MAC is not learned"},
    {"mac-limit-action", SCHEMA_ENUM, FIELD(struct port_config, mac_limit_action), 0, 0,
     mac_limit_action_names, "drop", false, 0,
     "frames from a MAC over mac-limit: drop them, or flood: forward without learning"},
    {"storm-broadcast", SCHEMA_UINT, FIELD(struct port_config, storm_broadcast), 0, 100000000, NULL,
     "10000 on vhost ports, 0 on phy", false, 0,
     "broadcast frames/s the port may send into the switch, 0: no limit"},
    {"storm-multicast", SCHEMA_UINT, FIELD(struct port_config, storm_multicast), 0, 100000000, NULL,
     "10000 on vhost ports, 0 on phy", false, 0,
     "multicast frames/s the port may send into the switch, 0: no limit"},
    {"storm-unknown", SCHEMA_UINT, FIELD(struct port_config, storm_unknown), 0, 100000000, NULL,
     "10000 on vhost ports, 0 on phy", false, 0,
     "unknown unicast frames/s (destination not learned) the port may send, 0: no limit"},
    {"ingress-rate", SCHEMA_UINT, FIELD(struct port_config, ingress_rate), 0, 400000, NULL, "0",
     false, 0, "Mbit/s the port may send into the switch (srTCM policer), 0: no limit"},
    {"ingress-burst", SCHEMA_UINT, FIELD(struct port_config, ingress_burst), 0, 1048576, NULL,
     "100 ms at ingress-rate, at least 1024", false, 0,
     "KiB the policer lets through at once above ingress-rate"},
};

static const struct schema_key network_keys[] = {
    {"type", SCHEMA_ENUM, FIELD(struct network_config, type), 0, 0, network_type_names, NULL, true,
     0,
     "flat: untagged through its phy port; vxlan, gre: tunnelled between VTEPs over the "
     "[vtep] port; vlan: tagged with vid on a trunk phy port"},
    {"mac-aging", SCHEMA_UINT, FIELD(struct network_config, mac_aging), 1, 86400, NULL, "300",
     false, 0, "seconds a learned MAC lives without traffic from it"},
    {"vni", SCHEMA_UINT, FIELD(struct network_config, vni), 1, 16777215, NULL, NULL, true,
     SCHEMA_FOR_VXLAN, "VXLAN network identifier, unique among the vxlan networks"},
    {"key", SCHEMA_UINT, FIELD(struct network_config, key), 0, 4294967295u, NULL, NULL, true,
     SCHEMA_FOR_GRE, "GRE key, unique among the gre networks"},
    {"flood", SCHEMA_IPV4_LIST, FIELD(struct network_config, flood), 0, 0, NULL, "none", false,
     SCHEMA_FOR_VXLAN | SCHEMA_FOR_GRE,
     "remote VTEPs that get a copy of broadcast, multicast and unknown unicast"},
    {"mtu", SCHEMA_UINT_AUTO, FIELD(struct network_config, mtu), 68, 65000, NULL, "auto", false,
     SCHEMA_FOR_VXLAN | SCHEMA_FOR_GRE,
     "IP MTU inside the network: auto (the VTEP port's MTU minus the encapsulation) or a "
     "number that fits under it"},
    {"mss-clamp", SCHEMA_ENUM, FIELD(struct network_config, mss_clamp), 0, 0, yes_no_names, "yes",
     false, SCHEMA_FOR_VXLAN | SCHEMA_FOR_GRE,
     "lower the TCP MSS of SYN and SYN-ACK to fit the network MTU, both directions"},
    {"evpn", SCHEMA_ENUM, FIELD(struct network_config, evpn), 0, 0, yes_no_names, "no", false,
     SCHEMA_FOR_VXLAN,
     "shadow the network in the kernel (slbr<VNI>, slvx<VNI>, slvm<VNI>) for FRR's BGP EVPN: "
     "remote MACs and flood VTEPs come from zebra, local MACs go to it"},
    {"vid", SCHEMA_UINT, FIELD(struct network_config, vid), 1, 4094, NULL, NULL, true,
     SCHEMA_FOR_VLAN, "802.1Q VLAN id of the network on its trunk port, unique per port"},
    {"port", SCHEMA_STRING, FIELD(struct network_config, port), 0, 0, NULL, NULL, true,
     SCHEMA_FOR_VLAN, "the trunk: a phy port whose frames tagged vid belong to this network"},
    /* Limits (issue 13). */
    {"mac-limit", SCHEMA_UINT, FIELD(struct network_config, mac_limit), 0, 4194304, NULL, "0",
     false, 0, "MACs learned in the network at most, all ports together, 0: no limit"},
    {"mac-limit-action", SCHEMA_ENUM, FIELD(struct network_config, mac_limit_action), 0, 0,
     mac_limit_action_names, "drop", false, 0,
     "frames from a new MAC once the network is at mac-limit: drop, or flood without learning"},
};

static const struct schema_key vtep_keys[] = {
    {"address", SCHEMA_IPV4_PREFIX, FIELD(struct vtep_config, address), 0, 0, NULL, NULL, true, 0,
     "the VTEP's IPv4 address and prefix on the underlay, e.g. 198.18.0.1/24"},
    {"port", SCHEMA_STRING, FIELD(struct vtep_config, port), 0, 0, NULL, NULL, true, 0,
     "the phy port (with no network) that carries the tunnels"},
    {"gateway", SCHEMA_IPV4, FIELD(struct vtep_config, gateway), 0, 0, NULL, "none", false, 0,
     "next hop for remote VTEPs outside the prefix; must be inside it"},
    {"ttl", SCHEMA_UINT, FIELD(struct vtep_config, ttl), 1, 255, NULL, "64", false, 0,
     "TTL of the outer IPv4 header"},
    {"df", SCHEMA_ENUM, FIELD(struct vtep_config, df), 0, 0, yes_no_names, "yes", false, 0,
     "set Don't Fragment in the outer IPv4 header"},
    {"vxlan-port", SCHEMA_UINT, FIELD(struct vtep_config, vxlan_port), 1, 65535, NULL, "4789",
     false, 0, "UDP destination port of VXLAN, sent and accepted"},
    {"vlan", SCHEMA_UINT, FIELD(struct vtep_config, vlan), 1, 4094, NULL, "none", false, 0,
     "802.1Q VLAN id of the underlay: tunnel packets and ARP are sent with it, frames "
     "without it dropped"},
    {"neighbours", SCHEMA_NEIGHBOUR_LIST, FIELD(struct vtep_config, neighbours), 0, 0, NULL, "none",
     false, 0, "static next hops on the underlay, ADDRESS MAC, comma separated: never ARPed for"},
    {"kernel-tap", SCHEMA_ENUM, FIELD(struct vtep_config, kernel_tap), 0, 0, yes_no_names, "no",
     false, 0,
     "create the kernel tap slvtep holding the VTEP address and MAC: packets to the address "
     "that are not tunnels or ARP (BGP, ping) reach the kernel, what it sends leaves on the "
     "port"},
    {"max-neighbours", SCHEMA_UINT, FIELD(struct vtep_config, max_neighbours),
     SLUICE_NEIGHBOURS_MIN, SLUICE_NEIGHBOURS_MAX, NULL, "256", false, 0,
     "next hops the neighbour table holds (ARP-learned ones stop here); sizes the table at "
     "start, a change needs a restart"},
    {"max-flood-vteps", SCHEMA_UINT, FIELD(struct vtep_config, max_flood_vteps), 1,
     SLUICE_FLOOD_VTEPS_MAX, NULL, "16", false, 0,
     "remote VTEPs one network floods to, static and EVPN together; sizes the flood lists at "
     "start, a change needs a restart"},
};

#define OBJECT(sec, is_named, table)                                                               \
	{                                                                                          \
		sec, is_named, table, sizeof(table) / sizeof(table[0])                             \
	}

const struct schema_object schema_dataplane = OBJECT("dataplane", false, dataplane_keys);
const struct schema_object schema_control = OBJECT("control", false, control_keys);
const struct schema_object schema_port = OBJECT("port", true, port_keys);
const struct schema_object schema_network = OBJECT("network", true, network_keys);
const struct schema_object schema_vtep = OBJECT("vtep", false, vtep_keys);
const struct schema_object schema_metrics = OBJECT("metrics", false, metrics_keys);

static const struct schema_object *const objects[] = {
    &schema_dataplane, &schema_control, &schema_port,
    &schema_network,   &schema_vtep,	&schema_metrics,
};

const struct schema_object *schema_find_object(const char *section)
{
	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (strcmp(objects[i]->section, section) == 0)
			return objects[i];
	return NULL;
}

int schema_find_key(const struct schema_object *obj, const char *key)
{
	for (size_t i = 0; i < obj->n_keys; i++)
		if (strcmp(obj->keys[i].name, key) == 0)
			return (int)i;
	return -1;
}

int schema_parse_uint(const char *value, uint32_t min, uint32_t max, uint32_t *out, char *err,
		      size_t errlen)
{
	char *end;
	unsigned long long v;

	if (*value == '\0' || !isdigit((unsigned char)*value)) {
		snprintf(err, errlen, "'%s' is not a whole number", value);
		return -1;
	}
	errno = 0;
	v = strtoull(value, &end, 10);
	if (*end != '\0') {
		snprintf(err, errlen, "'%s' is not a whole number", value);
		return -1;
	}
	if (errno == ERANGE || v < min || v > max) {
		snprintf(err, errlen, "%s is out of range %u..%u", value, min, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* Splits "a,b,c" (spaces around items allowed) and calls item() on each. */
static int for_each_item(const char *value,
			 int (*item)(const char *s, void *ctx, char *err, size_t errlen), void *ctx,
			 char *err, size_t errlen)
{
	char buf[4096]; /* a whole INI line (ini.c); sizes.h's list ceilings fit in it */
	char *save = NULL;
	char *tok;
	int items = 0;

	if (strlen(value) >= sizeof(buf)) {
		snprintf(err, errlen, "list is longer than %zu characters", sizeof(buf) - 1);
		return -1;
	}
	strcpy(buf, value);
	if (buf[0] == '\0') {
		snprintf(err, errlen, "empty list");
		return -1;
	}
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;

		while (isspace((unsigned char)*tok))
			tok++;
		end = tok + strlen(tok);
		while (end > tok && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (item(tok, ctx, err, errlen) < 0)
			return -1;
		items++;
	}
	if (items == 0) {
		snprintf(err, errlen, "empty list");
		return -1;
	}
	return 0;
}

static int core_list_add(struct core_list *list, uint32_t core, char *err, size_t errlen)
{
	for (uint32_t i = 0; i < list->n; i++) {
		if (list->cores[i] == core) {
			snprintf(err, errlen, "core %u is listed twice", core);
			return -1;
		}
	}
	if (list->n == SLUICE_MAX_WORKERS) {
		snprintf(err, errlen, "more than %d cores", SLUICE_MAX_WORKERS);
		return -1;
	}
	list->cores[list->n++] = core;
	return 0;
}

static int core_list_item(const char *s, void *ctx, char *err, size_t errlen)
{
	struct core_list *list = ctx;
	char first[32];
	const char *dash = strchr(s, '-');
	uint32_t lo, hi;

	if (!dash)
		return schema_parse_uint(s, 0, SLUICE_MAX_CPUS - 1, &lo, err, errlen) < 0
			   ? -1
			   : core_list_add(list, lo, err, errlen);
	if ((size_t)(dash - s) >= sizeof(first)) {
		snprintf(err, errlen, "'%s' is not a core or a range", s);
		return -1;
	}
	memcpy(first, s, (size_t)(dash - s));
	first[dash - s] = '\0';
	if (schema_parse_uint(first, 0, SLUICE_MAX_CPUS - 1, &lo, err, errlen) < 0 ||
	    schema_parse_uint(dash + 1, 0, SLUICE_MAX_CPUS - 1, &hi, err, errlen) < 0)
		return -1;
	if (hi < lo) {
		snprintf(err, errlen, "range '%s' runs backwards", s);
		return -1;
	}
	for (uint32_t c = lo; c <= hi; c++)
		if (core_list_add(list, c, err, errlen) < 0)
			return -1;
	return 0;
}

int schema_parse_core_list(const char *value, struct core_list *out, char *err, size_t errlen)
{
	struct core_list list = {0};

	if (for_each_item(value, core_list_item, &list, err, errlen) < 0)
		return -1;
	*out = list;
	return 0;
}

static int affinity_item(const char *s, void *ctx, char *err, size_t errlen)
{
	struct rxq_affinity *aff = ctx;
	const char *colon = strchr(s, ':');
	char queue[32];
	uint32_t q, core;

	if (!colon || (size_t)(colon - s) >= sizeof(queue)) {
		snprintf(err, errlen, "'%s' is not QUEUE:CORE", s);
		return -1;
	}
	memcpy(queue, s, (size_t)(colon - s));
	queue[colon - s] = '\0';
	if (schema_parse_uint(queue, 0, SLUICE_MAX_QUEUES - 1, &q, err, errlen) < 0 ||
	    schema_parse_uint(colon + 1, 0, SLUICE_MAX_CPUS - 1, &core, err, errlen) < 0)
		return -1;
	for (uint32_t i = 0; i < aff->n; i++) {
		if (aff->map[i].queue == q) {
			snprintf(err, errlen, "queue %u is assigned twice", q);
			return -1;
		}
	}
	aff->map[aff->n].queue = q;
	aff->map[aff->n].core = core;
	aff->n++;
	return 0;
}

int schema_parse_affinity(const char *value, struct rxq_affinity *out, char *err, size_t errlen)
{
	struct rxq_affinity aff = {0};

	if (for_each_item(value, affinity_item, &aff, err, errlen) < 0)
		return -1;
	*out = aff;
	return 0;
}

int schema_parse_socket_mem(const char *value, uint32_t min, uint32_t max, struct socket_mem *out,
			    char *err, size_t errlen)
{
	struct socket_mem sm = {0};
	char item[32];
	uint64_t sum = 0;

	if (!strchr(value, ',')) {
		if (schema_parse_uint(value, min, max, &sm.total_mb, err, errlen) < 0)
			return -1;
		*out = sm;
		return 0;
	}
	for (const char *p = value;; p++) {
		size_t n = strcspn(p, ",");

		while (n > 0 && isspace((unsigned char)*p))
			p++, n--;
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 0 || n >= sizeof(item)) {
			snprintf(err, errlen, "'%s' is not MiB per NUMA node like 1024,1024",
				 value);
			return -1;
		}
		if (sm.n_nodes == SLUICE_MAX_NODES) {
			snprintf(err, errlen, "more than %d NUMA nodes", SLUICE_MAX_NODES);
			return -1;
		}
		memcpy(item, p, n);
		item[n] = '\0';
		if (schema_parse_uint(item, 0, max, &sm.node_mb[sm.n_nodes], err, errlen) < 0)
			return -1;
		sum += sm.node_mb[sm.n_nodes++];
		p = strchr(p, ',');
		if (!p)
			break;
	}
	if (sum < min || sum > max) {
		snprintf(err, errlen, "'%s' adds up to %llu MiB, out of range %u..%u", value,
			 (unsigned long long)sum, min, max);
		return -1;
	}
	sm.total_mb = (uint32_t)sum;
	*out = sm;
	return 0;
}

/* "%2x" alone would take a sign or a space ("-2:..."), so check the shape first. */
static bool mac_text_is_well_formed(const char *s)
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

int schema_parse_mac(const char *value, uint8_t out[6], char *err, size_t errlen)
{
	unsigned int b[6];
	char tail;

	if (!mac_text_is_well_formed(value) ||
	    sscanf(value, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6) {
		snprintf(err, errlen, "'%s' is not a MAC address like 52:54:00:12:34:56", value);
		return -1;
	}
	if (b[0] & 1) {
		snprintf(err, errlen, "'%s' is a multicast address, not a NIC's", value);
		return -1;
	}
	for (int i = 0; i < 6; i++)
		out[i] = (uint8_t)b[i];
	return 0;
}

bool schema_name_is_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= SLUICE_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '_' &&
		    name[i] != '.')
			return false;
	return true;
}

int schema_parse_ipv4(const char *value, uint32_t *out, char *err, size_t errlen)
{
	struct in_addr a;
	uint32_t h;

	if (inet_pton(AF_INET, value, &a) != 1) {
		snprintf(err, errlen, "'%s' is not an IPv4 address like 198.18.0.1", value);
		return -1;
	}
	h = ntohl(a.s_addr);
	/* 0/8 is "this network", 127/8 loopback, 224/3 multicast, class E and broadcast:
	 * none can be a tunnel endpoint or a next hop. */
	if ((h >> 24) == 0 || (h >> 24) == 127 || h >= 0xe0000000u) {
		snprintf(err, errlen, "'%s' is not a unicast host address", value);
		return -1;
	}
	*out = a.s_addr;
	return 0;
}

int schema_parse_ipv4_prefix(const char *value, struct ipv4_prefix *out, char *err, size_t errlen)
{
	const char *slash = strchr(value, '/');
	char addr[INET_ADDRSTRLEN];
	struct ipv4_prefix p;

	if (!slash || (size_t)(slash - value) >= sizeof(addr)) {
		snprintf(err, errlen, "'%s' is not ADDRESS/PREFIX like 198.18.0.1/24", value);
		return -1;
	}
	memcpy(addr, value, (size_t)(slash - value));
	addr[slash - value] = '\0';
	if (schema_parse_ipv4(addr, &p.addr, err, errlen) < 0 ||
	    schema_parse_uint(slash + 1, 1, 32, &p.len, err, errlen) < 0)
		return -1;
	*out = p;
	return 0;
}

static int ipv4_list_item(const char *s, void *ctx, char *err, size_t errlen)
{
	struct ipv4_list *list = ctx;
	uint32_t a;

	if (schema_parse_ipv4(s, &a, err, errlen) < 0)
		return -1;
	for (uint32_t i = 0; i < list->n; i++) {
		if (list->addrs[i] == a) {
			snprintf(err, errlen, "%s is listed twice", s);
			return -1;
		}
	}
	if (list->n == SLUICE_STATIC_FLOOD_CEILING) {
		snprintf(err, errlen,
			 "more than %d addresses: a config lists at most that many, more remote "
			 "VTEPs come from EVPN (evpn = yes)",
			 SLUICE_STATIC_FLOOD_CEILING);
		return -1;
	}
	list->addrs[list->n++] = a;
	return 0;
}

int schema_parse_ipv4_list(const char *value, struct ipv4_list *out, char *err, size_t errlen)
{
	struct ipv4_list list = {0};

	if (for_each_item(value, ipv4_list_item, &list, err, errlen) < 0)
		return -1;
	*out = list;
	return 0;
}

static int neighbour_item(const char *s, void *ctx, char *err, size_t errlen)
{
	struct neighbour_list *list = ctx;
	char addr[INET_ADDRSTRLEN];
	const char *mac = s;
	size_t n;
	uint32_t ip;

	while (*mac && !isspace((unsigned char)*mac))
		mac++;
	n = (size_t)(mac - s);
	while (isspace((unsigned char)*mac))
		mac++;
	if (*mac == '\0' || n >= sizeof(addr)) {
		snprintf(err, errlen, "'%s' is not ADDRESS MAC like 198.18.0.2 02:00:00:00:00:02",
			 s);
		return -1;
	}
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (schema_parse_ipv4(addr, &ip, err, errlen) < 0)
		return -1;
	for (uint32_t i = 0; i < list->n; i++) {
		if (list->entries[i].ip == ip) {
			snprintf(err, errlen, "%s is listed twice", addr);
			return -1;
		}
	}
	if (list->n == SLUICE_STATIC_NEIGHBOURS_CEILING) {
		snprintf(err, errlen, "more than %d neighbours", SLUICE_STATIC_NEIGHBOURS_CEILING);
		return -1;
	}
	if (schema_parse_mac(mac, list->entries[list->n].mac, err, errlen) < 0)
		return -1;
	list->entries[list->n++].ip = ip;
	return 0;
}

int schema_parse_neighbour_list(const char *value, struct neighbour_list *out, char *err,
				size_t errlen)
{
	struct neighbour_list list = {0};

	if (for_each_item(value, neighbour_item, &list, err, errlen) < 0)
		return -1;
	*out = list;
	return 0;
}

static int parse_enum(const char *const *names, const char *value, int *out, char *err,
		      size_t errlen)
{
	size_t used = 0;

	for (int i = 0; names[i]; i++) {
		if (strcmp(names[i], value) == 0) {
			*out = i;
			return 0;
		}
	}
	used = (size_t)snprintf(err, errlen, "'%s' is not one of:", value);
	for (int i = 0; names[i] && used < errlen; i++)
		used += (size_t)snprintf(err + used, errlen - used, " %s", names[i]);
	return -1;
}

int schema_set(const struct schema_object *obj, int k, void *object, const char *value, char *err,
	       size_t errlen)
{
	const struct schema_key *key = &obj->keys[k];
	char *field = (char *)object + key->offset;

	/* An absent key takes its default; an empty one is a mistake. */
	if (value[0] == '\0') {
		snprintf(err, errlen, "empty value (leave the key out for its default: %s)",
			 key->default_text ? key->default_text : "none, it is required");
		return -1;
	}
	switch (key->type) {
	case SCHEMA_UINT:
		return schema_parse_uint(value, key->min, key->max, (uint32_t *)field, err, errlen);
	case SCHEMA_UINT_AUTO:
		if (strcmp(value, "auto") == 0) {
			*(uint32_t *)field = 0;
			return 0;
		}
		return schema_parse_uint(value, key->min, key->max, (uint32_t *)field, err, errlen);
	case SCHEMA_STRING:
		if (strlen(value) >= key->size) {
			snprintf(err, errlen, "longer than %zu characters", key->size - 1);
			return -1;
		}
		strcpy(field, value);
		return 0;
	case SCHEMA_PATH:
		if (value[0] != '/') {
			snprintf(err, errlen, "'%s' is not an absolute path", value);
			return -1;
		}
		if (strlen(value) >= key->size) {
			snprintf(err, errlen,
				 "path is %zu characters, a Unix socket path holds at most %zu",
				 strlen(value), key->size - 1);
			return -1;
		}
		strcpy(field, value);
		return 0;
	case SCHEMA_ENUM:
		return parse_enum(key->names, value, (int *)field, err, errlen);
	case SCHEMA_CORE_LIST:
		return schema_parse_core_list(value, (struct core_list *)field, err, errlen);
	case SCHEMA_AFFINITY:
		return schema_parse_affinity(value, (struct rxq_affinity *)field, err, errlen);
	case SCHEMA_OCTAL: {
		char *end;
		unsigned long v = strtoul(value, &end, 8);

		if (*end != '\0' || value[0] < '0' || value[0] > '7' || v > key->max) {
			snprintf(err, errlen, "'%s' is not octal permission bits like 0660", value);
			return -1;
		}
		*(uint32_t *)field = (uint32_t)v;
		return 0;
	}
	case SCHEMA_SOCKET_MEM:
		return schema_parse_socket_mem(value, key->min, key->max,
					       (struct socket_mem *)field, err, errlen);
	case SCHEMA_IPV4:
		return schema_parse_ipv4(value, (uint32_t *)field, err, errlen);
	case SCHEMA_IPV4_PREFIX:
		return schema_parse_ipv4_prefix(value, (struct ipv4_prefix *)field, err, errlen);
	case SCHEMA_IPV4_LIST:
		return schema_parse_ipv4_list(value, (struct ipv4_list *)field, err, errlen);
	case SCHEMA_NEIGHBOUR_LIST:
		return schema_parse_neighbour_list(value, (struct neighbour_list *)field, err,
						   errlen);
	case SCHEMA_IP_LIST:
		return schema_parse_ip_list(value, (struct ip_prefix_list *)field, err, errlen);
	case SCHEMA_MAC: {
		struct mac_option *mac = (struct mac_option *)field;

		if (schema_parse_mac(value, mac->bytes, err, errlen) < 0)
			return -1;
		mac->set = true;
		return 0;
	}
	}
	snprintf(err, errlen, "internal: unknown schema type");
	return -1;
}
