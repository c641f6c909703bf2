#include "config.h"
#include "limits_config.h"
#include "config_size.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ini.h"
#include "metrics_addr.h"
#include "../common/network_mtu.h"

struct load_ctx {
	struct sluice_config *cfg;
	const struct config_host *host;
	const struct schema_object *obj; /* of the current section */
	void *object;			 /* the struct the section fills */
	struct schema_origin *origin;
	bool seen_dataplane, seen_control, seen_vtep, seen_metrics;
	/* Where the error is, for messages produced after parsing. */
	int err_line;
};

static void defaults(struct sluice_config *cfg)
{
	struct dataplane_config *dp = &cfg->dataplane;

	memset(cfg, 0, sizeof(*cfg));
	dp->main_core = 0;
	dp->hugepages = HUGEPAGES_NONE;
	dp->socket_mem_mb = 512;
	strcpy(dp->file_prefix, "sluice");
	dp->fdb_entries = 65536;
	dp->mbuf_size = 2048;
	dp->vhost_tx_retries = 8;
	dp->rebalance = REBALANCE_AUTO;
	dp->rebalance_interval = 60;
	dp->rebalance_threshold = 25;
	dp->max_ports = SLUICE_DEFAULT_PORTS;
	dp->max_networks = SLUICE_DEFAULT_NETWORKS;
	strcpy(cfg->control.socket, "/run/sluice/sluice.sock");
	cfg->control.mode = 0660;
	cfg->vtep.ttl = 64;
	cfg->vtep.df = 1;
	cfg->vtep.vxlan_port = 4789;
	cfg->vtep.max_neighbours = SLUICE_NEIGHBOURS_DEFAULT;
	cfg->vtep.max_flood_vteps = SLUICE_FLOOD_VTEPS_DEFAULT;
}

void port_config_defaults(struct port_config *port)
{
	memset(port, 0, sizeof(*port));
	port->type = -1;
	port->rx_queues = 1;
	port->tx_queues = 0; /* resolved to the number of workers in validation */
	port->rx_descriptors = 1024;
	port->tx_descriptors = 1024;
	port->mode = VHOST_MODE_CLIENT;
	port->max_queues = 8;
	port->socket_mode = 0660;
	port->port_security = -1;
	port_limits_defaults(port);
	port->offloads = 1;
}

void network_config_defaults(struct network_config *net)
{
	memset(net, 0, sizeof(*net));
	net->type = -1;
	net->mac_aging = 300;
	net->mss_clamp = 1;
}

bool config_devargs_is_pci(const char *devargs)
{
	unsigned int domain, bus, dev, fn;
	char tail;
	int n;

	/* 0000:3b:00.0 or the short form 3b:00.0, optionally followed by ",args". */
	n = sscanf(devargs, "%x:%x:%x.%x%c", &domain, &bus, &dev, &fn, &tail);
	if (n == 4 || (n == 5 && tail == ','))
		return true;
	n = sscanf(devargs, "%x:%x.%x%c", &bus, &dev, &fn, &tail);
	return n == 3 || (n == 4 && tail == ',');
}

static int begin_section(void *opaque, const char *section, int line, char *err, size_t errlen)
{
	struct load_ctx *ctx = opaque;
	struct sluice_config *cfg = ctx->cfg;
	char kind[32] = "";
	char name[128] = "";
	const char *space = strpbrk(section, " \t");

	if (space) {
		const char *n = space;

		while (*n == ' ' || *n == '\t')
			n++;
		snprintf(kind, sizeof(kind), "%.*s", (int)(space - section), section);
		snprintf(name, sizeof(name), "%s", n);
	} else {
		snprintf(kind, sizeof(kind), "%s", section);
	}
	ctx->obj = schema_find_object(kind);
	if (!ctx->obj) {
		snprintf(err, errlen,
			 "unknown section [%s]: sections are [dataplane], [control], [vtep], "
			 "[metrics], [port NAME], [network NAME]",
			 section);
		return -1;
	}
	if (ctx->obj->named && name[0] == '\0') {
		snprintf(err, errlen, "section [%s] needs a name: [%s NAME]", kind, kind);
		return -1;
	}
	if (!ctx->obj->named && name[0] != '\0') {
		snprintf(err, errlen, "section [%s] takes no name", kind);
		return -1;
	}
	if (ctx->obj->named && !schema_name_is_valid(name)) {
		snprintf(err, errlen, "name '%s': use 1 to %d letters, digits, '-', '_' or '.'",
			 name, SLUICE_NAME_MAX - 1);
		return -1;
	}

	if (!ctx->obj->named) {
		bool *seen;
		struct schema_origin *origin;

		if (ctx->obj == &schema_dataplane) {
			seen = &ctx->seen_dataplane;
			origin = &cfg->dataplane.origin;
			ctx->object = &cfg->dataplane;
		} else if (ctx->obj == &schema_control) {
			seen = &ctx->seen_control;
			origin = &cfg->control.origin;
			ctx->object = &cfg->control;
		} else if (ctx->obj == &schema_metrics) {
			seen = &ctx->seen_metrics;
			origin = &cfg->metrics.origin;
			ctx->object = &cfg->metrics;
		} else {
			seen = &ctx->seen_vtep;
			origin = &cfg->vtep.origin;
			ctx->object = &cfg->vtep;
			cfg->vtep.present = true;
		}
		if (*seen) {
			snprintf(err, errlen, "section [%s] appears twice (first at line %d)", kind,
				 origin->section_line);
			return -1;
		}
		*seen = true;
		origin->section_line = line;
		ctx->origin = origin;
		return 0;
	}

	if (ctx->obj == &schema_port) {
		int dup = config_find_port(cfg, name);
		struct port_config *port;

		if (dup >= 0) {
			snprintf(err, errlen, "port '%s' is defined twice (first at line %d)", name,
				 cfg->ports[dup].origin.section_line);
			return -1;
		}
		if (cfg->n_ports == SLUICE_PORTS_CEILING) {
			snprintf(err, errlen, "more than %d ports: that is sluice's ceiling",
				 SLUICE_PORTS_CEILING);
			return -1;
		}
		port = &cfg->ports[cfg->n_ports++];
		port_config_defaults(port);
		strcpy(port->name, name);
		port->origin.section_line = line;
		ctx->object = port;
		ctx->origin = &port->origin;
		return 0;
	}

	{
		int dup = config_find_network(cfg, name);
		struct network_config *net;

		if (dup >= 0) {
			snprintf(err, errlen, "network '%s' is defined twice (first at line %d)",
				 name, cfg->networks[dup].origin.section_line);
			return -1;
		}
		if (cfg->n_networks == SLUICE_NETWORKS_CEILING) {
			snprintf(err, errlen, "more than %d networks: that is sluice's ceiling",
				 SLUICE_NETWORKS_CEILING);
			return -1;
		}
		net = &cfg->networks[cfg->n_networks++];
		network_config_defaults(net);
		strcpy(net->name, name);
		net->origin.section_line = line;
		ctx->object = net;
		ctx->origin = &net->origin;
	}
	return 0;
}

static int set_key(void *opaque, const char *key, const char *value, int line, char *err,
		   size_t errlen)
{
	struct load_ctx *ctx = opaque;
	char why[256];
	int k;

	if (!ctx->obj) {
		snprintf(err, errlen, "key '%s' is outside any section", key);
		return -1;
	}
	k = schema_find_key(ctx->obj, key);
	if (k < 0) {
		size_t used = (size_t)snprintf(
		    err, errlen, "key '%s': unknown in [%s]; known:", key, ctx->obj->section);
		for (size_t i = 0; i < ctx->obj->n_keys && used < errlen; i++)
			used += (size_t)snprintf(err + used, errlen - used, " %s",
						 ctx->obj->keys[i].name);
		return -1;
	}
	if (ctx->origin->key_line[k]) {
		snprintf(err, errlen, "key '%s': set twice (first at line %d)", key,
			 ctx->origin->key_line[k]);
		return -1;
	}
	if (schema_set(ctx->obj, k, ctx->object, value, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "key '%s': %s", key, why);
		return -1;
	}
	ctx->origin->key_line[k] = line;
	return 0;
}

static int fail(struct load_ctx *ctx, int line, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail(struct load_ctx *ctx, int line, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	ctx->err_line = line;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int line_of(const struct schema_object *obj, const struct schema_origin *origin,
		   const char *key)
{
	int k = schema_find_key(obj, key);

	if (k >= 0 && origin->key_line[k])
		return origin->key_line[k];
	return origin->section_line;
}

static bool is_power_of_two(uint32_t v)
{
	return v && (v & (v - 1)) == 0;
}

static int check_socket_dir(struct load_ctx *ctx, int line, const char *key, const char *path,
			    char *err, size_t errlen)
{
	char copy[SLUICE_SOCKET_PATH_MAX];
	const char *dir;

	snprintf(copy, sizeof(copy), "%s", path);
	dir = dirname(copy);
	if (access(dir, F_OK) < 0)
		return fail(ctx, line, err, errlen,
			    "key '%s': directory %s does not exist (create it: mkdir -p %s)", key,
			    dir, dir);
	if (access(dir, W_OK | X_OK) < 0)
		return fail(ctx, line, err, errlen,
			    "key '%s': directory %s is not writable by this user: %s", key, dir,
			    strerror(errno));
	return 0;
}

static int validate_dataplane(struct load_ctx *ctx, char *err, size_t errlen)
{
	struct dataplane_config *dp = &ctx->cfg->dataplane;
	const struct schema_origin *o = &dp->origin;
	int line;

	if (!ctx->seen_dataplane)
		return fail(ctx, 0, err, errlen,
			    "section [dataplane] is missing: it names the worker cores, e.g. "
			    "[dataplane] worker-cores = 1");
	if (dp->main_core >= SLUICE_MAX_CPUS || !ctx->host->cpu_online[dp->main_core])
		return fail(ctx, line_of(&schema_dataplane, o, "main-core"), err, errlen,
			    "key 'main-core': CPU %u is not online on this machine", dp->main_core);
	line = line_of(&schema_dataplane, o, "worker-cores");
	if (dp->worker_cores.n == 0)
		return fail(ctx, line, err, errlen,
			    "key 'worker-cores': required (the CPUs the PMD threads poll on)");
	{
		struct config_excess x;

		if (config_size_exceeded(ctx->cfg, &x)) {
			config_size_describe(&x, err, errlen);
			ctx->err_line = x.line;
			return -1;
		}
	}
	for (uint32_t i = 0; i < dp->worker_cores.n; i++) {
		uint32_t c = dp->worker_cores.cores[i];

		if (!ctx->host->cpu_online[c])
			return fail(ctx, line, err, errlen,
				    "key 'worker-cores': CPU %u is not online on this machine", c);
		if (c == dp->main_core)
			return fail(ctx, line, err, errlen,
				    "key 'worker-cores': CPU %u is also the main-core; a PMD needs "
				    "a CPU of its own",
				    c);
	}
	return 0;
}

static bool is_worker(const struct dataplane_config *dp, uint32_t core)
{
	for (uint32_t i = 0; i < dp->worker_cores.n; i++)
		if (dp->worker_cores.cores[i] == core)
			return true;
	return false;
}

/* Duplicates are looked for among ports[0..others) other than port itself:
 * the ones above it in the file, or every port for one added at run time. */
static int validate_port(struct load_ctx *ctx, struct port_config *port, uint32_t others, char *err,
			 size_t errlen)
{
	const struct sluice_config *cfg = ctx->cfg;
	const struct schema_origin *o = &port->origin;
	unsigned type_bit;

	if (port->type < 0)
		return fail(ctx, o->section_line, err, errlen,
			    "[port %s]: key 'type': required (phy or vhost)", port->name);
	type_bit = port->type == PORT_TYPE_PHY ? SCHEMA_FOR_PHY : SCHEMA_FOR_VHOST;
	for (size_t k = 0; k < schema_port.n_keys; k++) {
		const struct schema_key *key = &schema_port.keys[k];
		bool applies = key->applies_to == 0 || (key->applies_to & type_bit);

		if (o->key_line[k] && !applies)
			return fail(ctx, o->key_line[k], err, errlen,
				    "key '%s': does not apply to a port of type %s", key->name,
				    port->type == PORT_TYPE_PHY ? "phy" : "vhost");
		if (key->required && applies && !o->key_line[k])
			return fail(ctx, o->section_line, err, errlen,
				    "[port %s]: key '%s': required for type %s", port->name,
				    key->name, port->type == PORT_TYPE_PHY ? "phy" : "vhost");
	}
	if (port->network[0] && config_find_network(cfg, port->network) < 0)
		return fail(ctx, line_of(&schema_port, o, "network"), err, errlen,
			    "key 'network': no network '%s' is defined", port->network);
	/* A trunk is in its vlan networks through their `port`; joining one
	 * untagged as well would send each of its frames twice. */
	if (port->network[0]) {
		const struct network_config *n =
		    &cfg->networks[config_find_network(cfg, port->network)];

		if (n->type == NETWORK_TYPE_VLAN && strcmp(n->port, port->name) == 0)
			return fail(ctx, line_of(&schema_port, o, "network"), err, errlen,
				    "key 'network': port '%s' is the trunk of vlan network '%s'; "
				    "its untagged frames need another network",
				    port->name, n->name);
	}
	port_limits_resolve(port);

	if (port->port_security == 1 && !port->mac.set)
		return fail(ctx, line_of(&schema_port, o, "port-security"), err, errlen,
			    "key 'port-security': on needs the VM's MAC: set mac = (the MAC of its "
			    "NIC), or port-security = off");
	if (port->type == PORT_TYPE_VHOST) {
		for (uint32_t i = 0; i < others; i++)
			if (&cfg->ports[i] != port && cfg->ports[i].type == PORT_TYPE_VHOST &&
			    strcmp(cfg->ports[i].socket, port->socket) == 0)
				return fail(ctx, line_of(&schema_port, o, "socket"), err, errlen,
					    "key 'socket': %s is already the socket of port '%s'",
					    port->socket, cfg->ports[i].name);
		if (port->socket_group[0] && !getgrnam(port->socket_group))
			return fail(ctx, line_of(&schema_port, o, "socket-group"), err, errlen,
				    "key 'socket-group': no group '%s' on this machine",
				    port->socket_group);
		return check_socket_dir(ctx, line_of(&schema_port, o, "socket"), "socket",
					port->socket, err, errlen);
	}

	for (uint32_t i = 0; i < others; i++)
		if (&cfg->ports[i] != port && cfg->ports[i].type == PORT_TYPE_PHY &&
		    strcmp(cfg->ports[i].devargs, port->devargs) == 0)
			return fail(ctx, line_of(&schema_port, o, "devargs"), err, errlen,
				    "key 'devargs': '%s' is already the device of port '%s'",
				    port->devargs, cfg->ports[i].name);
	if (!is_power_of_two(port->rx_descriptors))
		return fail(ctx, line_of(&schema_port, o, "rx-descriptors"), err, errlen,
			    "key 'rx-descriptors': %u is not a power of two", port->rx_descriptors);
	if (!is_power_of_two(port->tx_descriptors))
		return fail(ctx, line_of(&schema_port, o, "tx-descriptors"), err, errlen,
			    "key 'tx-descriptors': %u is not a power of two", port->tx_descriptors);
	/* Each PMD owns one tx queue: more workers than a port can have queues
	 * would index past the per-queue state. */
	if (port->tx_queues == 0 && cfg->dataplane.worker_cores.n > SLUICE_MAX_QUEUES)
		return fail(ctx, o->section_line, err, errlen,
			    "[port %s]: key 'tx-queues': the %u worker cores need one tx queue "
			    "each, more than the %d a port has",
			    port->name, cfg->dataplane.worker_cores.n, SLUICE_MAX_QUEUES);
	if (port->tx_queues == 0)
		port->tx_queues = cfg->dataplane.worker_cores.n;
	else if (port->tx_queues < cfg->dataplane.worker_cores.n)
		return fail(ctx, line_of(&schema_port, o, "tx-queues"), err, errlen,
			    "key 'tx-queues': %u is fewer than the %u worker cores; each PMD "
			    "core owns one tx queue",
			    port->tx_queues, cfg->dataplane.worker_cores.n);
	for (uint32_t i = 0; i < port->rxq_affinity.n; i++) {
		uint32_t q = port->rxq_affinity.map[i].queue;
		uint32_t core = port->rxq_affinity.map[i].core;
		int line = line_of(&schema_port, o, "rxq-affinity");

		if (q >= port->rx_queues)
			return fail(ctx, line, err, errlen,
				    "key 'rxq-affinity': queue %u does not exist (rx-queues = %u)",
				    q, port->rx_queues);
		if (!is_worker(&cfg->dataplane, core))
			return fail(ctx, line, err, errlen,
				    "key 'rxq-affinity': core %u is not one of worker-cores", core);
	}
	return 0;
}

static const char *network_type_name(int type)
{
	return type == NETWORK_TYPE_VXLAN  ? "vxlan"
	       : type == NETWORK_TYPE_GRE  ? "gre"
	       : type == NETWORK_TYPE_VLAN ? "vlan"
					   : "flat";
}

static const char *ip_text(uint32_t addr, char *buf)
{
	struct in_addr a = {.s_addr = addr};

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* An explicit mtu must fit under the VTEP port's MTU, taken as 1500 when
 * the port leaves the device default (the datapath checks the device's own
 * value again when it builds the network). */
static int validate_network_mtu(struct load_ctx *ctx, const struct network_config *net, char *err,
				size_t errlen)
{
	const struct sluice_config *cfg = ctx->cfg;
	int p = config_find_port(cfg, cfg->vtep.port);
	uint32_t phy_mtu = NETWORK_MTU_UNDERLAY_DEFAULT, mtu;
	char why[256];

	if (p >= 0 && cfg->ports[p].mtu)
		phy_mtu = cfg->ports[p].mtu;
	if (network_mtu_resolve(net->type, net->mtu, phy_mtu, cfg->vtep.vlan != 0, &mtu, why,
				sizeof(why)) < 0)
		return fail(ctx, line_of(&schema_network, &net->origin, "mtu"), err, errlen,
			    "[network %s]: key 'mtu': %s of port '%s'", net->name, why,
			    cfg->vtep.port);
	return 0;
}

/* A vlan network's trunk: a phy port that is not the VTEP's, and a VLAN id
 * no other network has on it (a tagged frame must name one network). */
static int validate_vlan_network(struct load_ctx *ctx, const struct network_config *net,
				 uint32_t others, char *err, size_t errlen)
{
	const struct sluice_config *cfg = ctx->cfg;
	const struct schema_origin *o = &net->origin;
	int line = line_of(&schema_network, o, "port");
	int p = config_find_port(cfg, net->port);

	if (p < 0)
		return fail(ctx, line, err, errlen, "key 'port': no port '%s' is defined",
			    net->port);
	if (cfg->ports[p].type != PORT_TYPE_PHY)
		return fail(ctx, line, err, errlen,
			    "key 'port': port '%s' is a vhost port; a vlan network's trunk is a "
			    "phy port",
			    net->port);
	if (cfg->vtep.present && strcmp(cfg->vtep.port, net->port) == 0)
		return fail(ctx, line, err, errlen,
			    "key 'port': port '%s' is the VTEP's port; it carries the underlay: "
			    "give the vlan network another phy port as its trunk",
			    net->port);
	for (uint32_t i = 0; i < others; i++) {
		const struct network_config *other = &cfg->networks[i];

		if (other == net || !other->name[0] || other->type != NETWORK_TYPE_VLAN)
			continue;
		if (other->vid == net->vid && strcmp(other->port, net->port) == 0)
			return fail(ctx, line_of(&schema_network, o, "vid"), err, errlen,
				    "key 'vid': %u on port '%s' is already network '%s'; choose "
				    "another vid or another trunk port",
				    net->vid, net->port, other->name);
	}
	return 0;
}

/* One network, against networks[0..others) other than itself (as for ports). */
static int validate_network(struct load_ctx *ctx, const struct network_config *net, uint32_t others,
			    char *err, size_t errlen)
{
	const struct sluice_config *cfg = ctx->cfg;
	const struct schema_origin *o = &net->origin;
	unsigned type_bit;
	char ip[INET_ADDRSTRLEN];

	if (net->type < 0)
		return fail(ctx, o->section_line, err, errlen,
			    "[network %s]: key 'type': required (flat, vxlan, gre or vlan)",
			    net->name);
	type_bit = net->type == NETWORK_TYPE_VXLAN  ? SCHEMA_FOR_VXLAN
		   : net->type == NETWORK_TYPE_GRE  ? SCHEMA_FOR_GRE
		   : net->type == NETWORK_TYPE_VLAN ? SCHEMA_FOR_VLAN
						    : 0;
	for (size_t k = 0; k < schema_network.n_keys; k++) {
		const struct schema_key *key = &schema_network.keys[k];
		bool applies = key->applies_to == 0 || (key->applies_to & type_bit);

		if (o->key_line[k] && !applies)
			return fail(ctx, o->key_line[k], err, errlen,
				    "key '%s': does not apply to a network of type %s", key->name,
				    network_type_name(net->type));
		if (key->required && applies && !o->key_line[k])
			return fail(ctx, o->section_line, err, errlen,
				    "[network %s]: key '%s': required for type %s", net->name,
				    key->name, network_type_name(net->type));
	}
	if (net->type == NETWORK_TYPE_VLAN)
		return validate_vlan_network(ctx, net, others, err, errlen);
	if (!network_is_tunnel(net))
		return 0;
	if (!cfg->vtep.present)
		return fail(ctx, o->section_line, err, errlen,
			    "[network %s]: a %s network needs a [vtep] section (the local tunnel "
			    "endpoint)",
			    net->name, network_type_name(net->type));
	for (uint32_t i = 0; i < others; i++) {
		const struct network_config *other = &cfg->networks[i];

		if (other == net || !other->name[0] || other->type != net->type)
			continue;
		if (net->type == NETWORK_TYPE_VXLAN && other->vni == net->vni)
			return fail(ctx, line_of(&schema_network, o, "vni"), err, errlen,
				    "key 'vni': %u is already the VNI of network '%s'", net->vni,
				    other->name);
		if (net->type == NETWORK_TYPE_GRE && other->key == net->key)
			return fail(ctx, line_of(&schema_network, o, "key"), err, errlen,
				    "key 'key': %u is already the key of network '%s'", net->key,
				    other->name);
	}
	if (net->flood.n > cfg->vtep.max_flood_vteps)
		return fail(ctx, line_of(&schema_network, o, "flood"), err, errlen,
			    "key 'flood': %u remote VTEPs, more than [vtep] max-flood-vteps = %u: "
			    "raise max-flood-vteps to %u (needs a restart) or list fewer",
			    net->flood.n, cfg->vtep.max_flood_vteps, net->flood.n);
	for (uint32_t i = 0; i < net->flood.n; i++)
		if (net->flood.addrs[i] == cfg->vtep.address.addr)
			return fail(ctx, line_of(&schema_network, o, "flood"), err, errlen,
				    "key 'flood': %s is the VTEP's own address",
				    ip_text(net->flood.addrs[i], ip));
	return validate_network_mtu(ctx, net, err, errlen);
}

static int validate_vtep(struct load_ctx *ctx, char *err, size_t errlen)
{
	const struct vtep_config *v = &ctx->cfg->vtep;
	const struct schema_origin *o = &v->origin;
	const struct port_config *port;
	uint32_t mask;
	char ip[INET_ADDRSTRLEN], net[INET_ADDRSTRLEN];
	int p, line;

	if (!v->present)
		return 0;
	if (!o->key_line[schema_find_key(&schema_vtep, "address")])
		return fail(ctx, o->section_line, err, errlen,
			    "[vtep]: key 'address': required (IPv4/prefix, e.g. 198.18.0.1/24)");
	if (!o->key_line[schema_find_key(&schema_vtep, "port")])
		return fail(ctx, o->section_line, err, errlen,
			    "[vtep]: key 'port': required (the phy port of the underlay)");
	line = line_of(&schema_vtep, o, "port");
	p = config_find_port(ctx->cfg, v->port);
	if (p < 0)
		return fail(ctx, line, err, errlen, "key 'port': no port '%s' is defined", v->port);
	port = &ctx->cfg->ports[p];
	if (port->type != PORT_TYPE_PHY)
		return fail(ctx, line, err, errlen,
			    "key 'port': port '%s' is a vhost port; the VTEP needs a phy port",
			    v->port);
	if (port->network[0])
		return fail(ctx, line, err, errlen,
			    "key 'port': port '%s' is in network '%s'; the VTEP's port carries "
			    "the underlay and must have no network",
			    v->port, port->network);
	/* No tx queue for the control thread: its ARP leaves through PMD 0
	 * (dataplane/ctl_tx.h), so the VTEP's port needs what any phy port does. */
	mask = htonl(v->address.len == 32 ? 0xffffffffu : ~(0xffffffffu >> v->address.len));
	if (v->neighbours.n > v->max_neighbours)
		return fail(
		    ctx, line_of(&schema_vtep, o, "neighbours"), err, errlen,
		    "key 'neighbours': %u static neighbours, more than max-neighbours = %u: "
		    "raise max-neighbours to %u or list fewer",
		    v->neighbours.n, v->max_neighbours, v->neighbours.n);
	/* A static neighbour is a next hop: on the link (vtep_next_hop() never
	 * picks anything else), and not ourselves. */
	for (uint32_t i = 0; i < v->neighbours.n; i++) {
		uint32_t a = v->neighbours.entries[i].ip;

		line = line_of(&schema_vtep, o, "neighbours");
		if (a == v->address.addr)
			return fail(ctx, line, err, errlen,
				    "key 'neighbours': %s is the VTEP's own address",
				    ip_text(a, ip));
		if ((a & mask) != (v->address.addr & mask))
			return fail(ctx, line, err, errlen,
				    "key 'neighbours': %s is not inside %s/%u (a next hop is "
				    "on the link; list the gateway, not remote VTEPs behind it)",
				    ip_text(a, ip), ip_text(v->address.addr & mask, net),
				    v->address.len);
	}
	if (!v->gateway)
		return 0;
	line = line_of(&schema_vtep, o, "gateway");
	if ((v->gateway & mask) != (v->address.addr & mask))
		return fail(ctx, line, err, errlen, "key 'gateway': %s is not inside %s/%u",
			    ip_text(v->gateway, ip), ip_text(v->address.addr & mask, net),
			    v->address.len);
	if (v->gateway == v->address.addr)
		return fail(ctx, line, err, errlen, "key 'gateway': %s is the VTEP's own address",
			    ip_text(v->gateway, ip));
	return 0;
}

static int validate(struct load_ctx *ctx, char *err, size_t errlen)
{
	struct sluice_config *cfg = ctx->cfg;

	if (validate_dataplane(ctx, err, errlen) < 0)
		return -1;
	/* The default directory is created at startup; a path the operator chose must exist. */
	if (cfg->control.origin.key_line[0] &&
	    check_socket_dir(ctx, cfg->control.origin.key_line[0], "socket", cfg->control.socket,
			     err, errlen) < 0)
		return -1;
	if (cfg->control.group[0] && !getgrnam(cfg->control.group))
		return fail(ctx, line_of(&schema_control, &cfg->control.origin, "group"), err,
			    errlen, "key 'group': no group '%s' on this machine",
			    cfg->control.group);
	if (cfg->metrics.listen[0]) {
		int line = line_of(&schema_metrics, &cfg->metrics.origin, "listen");
		struct metrics_addr addr;
		char why[256];

		if (metrics_addr_parse(cfg->metrics.listen, &addr, why, sizeof(why)) < 0)
			return fail(ctx, line, err, errlen, "key 'listen': %s", why);
		if (addr.family == AF_UNIX &&
		    check_socket_dir(ctx, line, "listen", cfg->metrics.listen, err, errlen) < 0)
			return -1;
	}
	for (uint32_t i = 0; i < cfg->n_networks; i++)
		if (validate_network(ctx, &cfg->networks[i], i, err, errlen) < 0)
			return -1;
	for (uint32_t i = 0; i < cfg->n_ports; i++)
		if (validate_port(ctx, &cfg->ports[i], i, err, errlen) < 0)
			return -1;
	return validate_vtep(ctx, err, errlen);
}

int config_load_string(const char *file, const char *text, const struct config_host *host,
		       struct sluice_config *out, char *err, size_t errlen)
{
	static const struct ini_handler handler = {begin_section, set_key};
	struct sluice_config *cfg = calloc(1, sizeof(*cfg));
	struct load_ctx ctx = {.cfg = cfg, .host = host};
	char why[1024];
	int line = 0;

	if (!cfg) {
		snprintf(err, errlen, "%s: out of memory", file);
		return -1;
	}
	defaults(cfg);
	snprintf(cfg->file, sizeof(cfg->file), "%s", file);
	if (ini_parse_text(text, &handler, &ctx, &line, why, sizeof(why)) < 0 ||
	    (line = 0, validate(&ctx, why, sizeof(why)) < 0)) {
		if (line == 0)
			line = ctx.err_line;
		if (line > 0)
			snprintf(err, errlen, "%s:%d: %s", file, line, why);
		else
			snprintf(err, errlen, "%s: %s", file, why);
		free(cfg);
		return -1;
	}
	*out = *cfg;
	free(cfg);
	return 0;
}

int config_load(const char *file, const struct config_host *host, struct sluice_config *cfg,
		char *err, size_t errlen)
{
	FILE *f = fopen(file, "r");
	char *text;
	long size;
	int rc;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", file, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0) {
		snprintf(err, errlen, "%s: cannot read: %s", file, strerror(errno));
		fclose(f);
		return -1;
	}
	if (size > 1 << 20) {
		snprintf(err, errlen, "%s: larger than 1 MiB; is this a config file?", file);
		fclose(f);
		return -1;
	}
	text = malloc((size_t)size + 1);
	if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
		snprintf(err, errlen, "%s: cannot read: %s", file, strerror(errno));
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	text[size] = '\0';
	if (strlen(text) != (size_t)size) {
		snprintf(err, errlen, "%s: holds a NUL byte; is this a text file?", file);
		free(text);
		return -1;
	}
	rc = config_load_string(file, text, host, cfg, err, errlen);
	free(text);
	return rc;
}

int config_check_port(const struct sluice_config *cfg, const struct config_host *host,
		      struct port_config *port, char *err, size_t errlen)
{
	struct sluice_config *tmp = malloc(sizeof(*tmp));
	struct load_ctx ctx = {.host = host};
	uint32_t slot;
	int rc;

	if (!tmp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	*tmp = *cfg;
	ctx.cfg = tmp;
	/* Validate it where it would go: the first free slot. */
	for (slot = 0; slot < tmp->n_ports && tmp->ports[slot].name[0]; slot++)
		;
	if (slot >= tmp->dataplane.max_ports) {
		config_limit_full(err, errlen, "ports", "max-ports", tmp->dataplane.max_ports,
				  SLUICE_PORTS_CEILING);
		free(tmp);
		return -1;
	}
	tmp->ports[slot] = *port;
	if (slot == tmp->n_ports)
		tmp->n_ports++;
	rc = validate_port(&ctx, &tmp->ports[slot], tmp->n_ports, err, errlen);
	if (rc == 0)
		*port = tmp->ports[slot];
	free(tmp);
	return rc;
}

int config_check_port_update(const struct sluice_config *cfg, const struct config_host *host,
			     uint32_t index, struct port_config *port, char *err, size_t errlen)
{
	struct sluice_config *tmp = malloc(sizeof(*tmp));
	struct load_ctx ctx = {.host = host};
	int rc;

	if (!tmp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	*tmp = *cfg;
	ctx.cfg = tmp;
	tmp->ports[index] = *port;
	rc = validate_port(&ctx, &tmp->ports[index], tmp->n_ports, err, errlen);
	if (rc == 0)
		*port = tmp->ports[index];
	free(tmp);
	return rc;
}

int config_check_network(const struct sluice_config *cfg, const struct network_config *net,
			 char *err, size_t errlen)
{
	struct load_ctx ctx = {.cfg = (struct sluice_config *)cfg};
	uint32_t used = 0;

	/* The file's checks, against every network there is (nothing is written). */
	if (validate_network(&ctx, net, cfg->n_networks, err, errlen) < 0)
		return -1;
	for (uint32_t i = 0; i < cfg->n_networks; i++)
		used += cfg->networks[i].name[0] != '\0';
	if (used >= cfg->dataplane.max_networks) {
		config_limit_full(err, errlen, "networks", "max-networks",
				  cfg->dataplane.max_networks, SLUICE_NETWORKS_CEILING);
		return -1;
	}
	return 0;
}
