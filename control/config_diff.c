#include "config_diff.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dataplane_live.h"
#include "port_live.h"

__attribute__((format(printf, 3, 4))) static void append(char *buf, size_t len, const char *fmt,
							 ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

static void ip_append(char *buf, size_t len, uint32_t addr)
{
	struct in_addr a = {.s_addr = addr};
	char text[INET_ADDRSTRLEN];

	append(buf, len, "%s", inet_ntop(AF_INET, &a, text, sizeof(text)));
}

static void mac_append(char *buf, size_t len, const uint8_t *m)
{
	append(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

void config_value_text(const struct schema_key *key, const void *object, char *buf, size_t len)
{
	const char *field = (const char *)object + key->offset;

	buf[0] = '\0';
	switch (key->type) {
	case SCHEMA_UINT:
		append(buf, len, "%u", *(const uint32_t *)field);
		return;
	case SCHEMA_UINT_AUTO: {
		uint32_t v = *(const uint32_t *)field;

		if (v)
			append(buf, len, "%u", v);
		else
			append(buf, len, "auto");
		return;
	}
	case SCHEMA_STRING:
	case SCHEMA_PATH:
		append(buf, len, "%s", field[0] ? field : "none");
		return;
	case SCHEMA_ENUM: {
		int v = *(const int *)field, n = 0;

		while (key->names[n])
			n++;
		append(buf, len, "%s", v >= 0 && v < n ? key->names[v] : "none");
		return;
	}
	case SCHEMA_CORE_LIST: {
		const struct core_list *l = (const struct core_list *)field;

		for (uint32_t i = 0; i < l->n; i++)
			append(buf, len, "%s%u", i ? "," : "", l->cores[i]);
		break;
	}
	case SCHEMA_AFFINITY: {
		const struct rxq_affinity *a = (const struct rxq_affinity *)field;

		for (uint32_t i = 0; i < a->n; i++)
			append(buf, len, "%s%u:%u", i ? "," : "", a->map[i].queue, a->map[i].core);
		break;
	}
	case SCHEMA_MAC: {
		const struct mac_option *m = (const struct mac_option *)field;

		if (m->set)
			mac_append(buf, len, m->bytes);
		break;
	}
	case SCHEMA_OCTAL:
		append(buf, len, "%04o", *(const uint32_t *)field);
		return;
	case SCHEMA_SOCKET_MEM: {
		const struct socket_mem *s = (const struct socket_mem *)field;

		if (!s->n_nodes)
			append(buf, len, "%u", s->total_mb);
		for (uint32_t i = 0; i < s->n_nodes; i++)
			append(buf, len, "%s%u", i ? "," : "", s->node_mb[i]);
		return;
	}
	case SCHEMA_IPV4:
		if (*(const uint32_t *)field)
			ip_append(buf, len, *(const uint32_t *)field);
		break;
	case SCHEMA_IPV4_PREFIX: {
		const struct ipv4_prefix *p = (const struct ipv4_prefix *)field;

		if (p->addr) {
			ip_append(buf, len, p->addr);
			append(buf, len, "/%u", p->len);
		}
		break;
	}
	case SCHEMA_IPV4_LIST: {
		const struct ipv4_list *l = (const struct ipv4_list *)field;

		for (uint32_t i = 0; i < l->n; i++) {
			append(buf, len, "%s", i ? "," : "");
			ip_append(buf, len, l->addrs[i]);
		}
		break;
	}
	case SCHEMA_IP_LIST: {
		const struct ip_prefix_list *l = (const struct ip_prefix_list *)field;
		char text[INET6_ADDRSTRLEN + 4];

		for (uint32_t i = 0; i < l->n; i++) {
			ip_prefix_text(&l->items[i], text, sizeof(text));
			append(buf, len, "%s%s", i ? "," : "", text);
		}
		break;
	}
	case SCHEMA_NEIGHBOUR_LIST: {
		const struct neighbour_list *l = (const struct neighbour_list *)field;

		for (uint32_t i = 0; i < l->n; i++) {
			append(buf, len, "%s", i ? ", " : "");
			ip_append(buf, len, l->entries[i].ip);
			append(buf, len, " ");
			mac_append(buf, len, l->entries[i].mac);
		}
		break;
	}
	}
	if (!buf[0])
		append(buf, len, "none");
}

static unsigned port_type_bit(int type)
{
	return type == PORT_TYPE_PHY ? SCHEMA_FOR_PHY : SCHEMA_FOR_VHOST;
}

static unsigned network_type_bit(int type)
{
	return type == NETWORK_TYPE_VXLAN  ? SCHEMA_FOR_VXLAN
	       : type == NETWORK_TYPE_GRE  ? SCHEMA_FOR_GRE
	       : type == NETWORK_TYPE_VLAN ? SCHEMA_FOR_VLAN
					   : 0;
}

/* Keys of obj that differ between a and b, as "key old -> new, ..." in
 * detail; skip: a key left to the caller (NULL: none). Returns how many. */
static uint32_t compare_keys(const struct schema_object *obj, const void *a, const void *b,
			     unsigned type_bits, const char *skip, char *detail, size_t len)
{
	char old[DIFF_TEXT_MAX], new[DIFF_TEXT_MAX];
	uint32_t n = 0;

	for (size_t k = 0; k < obj->n_keys; k++) {
		const struct schema_key *key = &obj->keys[k];

		if (key->applies_to && !(key->applies_to & type_bits))
			continue;
		if (skip && strcmp(key->name, skip) == 0)
			continue;
		config_value_text(key, a, old, sizeof(old));
		config_value_text(key, b, new, sizeof(new));
		if (strcmp(old, new) == 0)
			continue;
		append(detail, len, "%s%s %s -> %s", n ? ", " : "", key->name, old, new);
		n++;
	}
	return n;
}

static struct diff_entry *add_entry(struct config_diff *d, enum diff_object object, enum diff_op op,
				    const char *name)
{
	struct diff_entry *e = &d->entries[d->n++];

	memset(e, 0, sizeof(*e));
	e->object = object;
	e->op = op;
	snprintf(e->name, sizeof(e->name), "%s", name);
	return e;
}

__attribute__((format(printf, 2, 3))) static void add_restart(struct config_diff *d,
							      const char *fmt, ...)
{
	va_list ap;

	if (d->n_restart == DIFF_MAX_RESTART)
		return;
	va_start(ap, fmt);
	vsnprintf(d->restart[d->n_restart++], DIFF_TEXT_MAX, fmt, ap);
	va_end(ap);
}

/* Every key of a section without a name but those skip() takes: each
 * difference needs a restart. */
static void section_restart(struct config_diff *d, const struct schema_object *obj, const void *a,
			    const void *b, bool (*skip)(const char *key))
{
	char old[DIFF_TEXT_MAX / 2 - 32], new[DIFF_TEXT_MAX / 2 - 32];

	for (size_t k = 0; k < obj->n_keys; k++) {
		const struct schema_key *key = &obj->keys[k];

		if (skip && skip(key->name))
			continue;
		config_value_text(key, a, old, sizeof(old));
		config_value_text(key, b, new, sizeof(new));
		if (strcmp(old, new) != 0)
			add_restart(d, "[%s] %s changed (%s -> %s)", obj->section, key->name, old,
				    new);
	}
}

/* [vtep] neighbours are compared as a set (diff_neighbours). */
static bool is_neighbours(const char *key)
{
	return strcmp(key, "neighbours") == 0;
}

/* The [dataplane] keys rxq.auto changes live: one in-place change. */
static void diff_dataplane_live(const struct dataplane_config *a, const struct dataplane_config *b,
				struct config_diff *d)
{
	char old[DIFF_TEXT_MAX / 2 - 32], new[DIFF_TEXT_MAX / 2 - 32], detail[DIFF_TEXT_MAX] = "";

	for (size_t k = 0; k < schema_dataplane.n_keys; k++) {
		const struct schema_key *key = &schema_dataplane.keys[k];

		if (!dataplane_key_live(key->name))
			continue;
		config_value_text(key, a, old, sizeof(old));
		config_value_text(key, b, new, sizeof(new));
		if (strcmp(old, new) != 0)
			append(detail, sizeof(detail), "%s%s %s -> %s", detail[0] ? ", " : "",
			       key->name, old, new);
	}
	if (detail[0]) {
		struct diff_entry *e = add_entry(d, DIFF_DATAPLANE, DIFF_CHANGE, "");

		e->how = DIFF_IN_PLACE;
		memcpy(e->detail, detail, sizeof(e->detail));
	}
}

/* The network keys that change an existing network without re-creating it. */
static bool network_key_in_place(const char *key)
{
	return strcmp(key, "mac-aging") == 0 || strcmp(key, "flood") == 0 ||
	       strcmp(key, "mtu") == 0 || strcmp(key, "mss-clamp") == 0 ||
	       strcmp(key, "mac-limit") == 0 || strcmp(key, "mac-limit-action") == 0;
}

static void diff_networks(const struct sluice_config *a, const struct sluice_config *b,
			  struct config_diff *d)
{
	for (uint32_t i = 0; i < a->n_networks; i++) {
		const struct network_config *old = &a->networks[i];
		const struct network_config *new;
		struct diff_entry *e;
		int j;
		bool recreate = false;

		if (!old->name[0])
			continue;
		j = config_find_network(b, old->name);
		if (j < 0) {
			add_entry(d, DIFF_NETWORK, DIFF_REMOVE, old->name);
			continue;
		}
		new = &b->networks[j];
		{
			char detail[DIFF_TEXT_MAX] = "";
			unsigned bits = network_type_bit(old->type) | network_type_bit(new->type);

			if (!compare_keys(&schema_network, old, new, bits, NULL, detail,
					  sizeof(detail)))
				continue;
			for (size_t k = 0; k < schema_network.n_keys && !recreate; k++) {
				const struct schema_key *key = &schema_network.keys[k];
				char x[DIFF_TEXT_MAX], y[DIFF_TEXT_MAX];

				if (network_key_in_place(key->name))
					continue;
				config_value_text(key, old, x, sizeof(x));
				config_value_text(key, new, y, sizeof(y));
				recreate = strcmp(x, y) != 0;
			}
			e = add_entry(d, DIFF_NETWORK, DIFF_CHANGE, old->name);
			e->how = recreate ? DIFF_RECREATE : DIFF_IN_PLACE;
			memcpy(e->detail, detail, sizeof(e->detail));
		}
	}
	for (uint32_t j = 0; j < b->n_networks; j++) {
		const struct network_config *new = &b->networks[j];
		char type[16];

		if (!new->name[0] || config_find_network(a, new->name) >= 0)
			continue;
		config_value_text(&schema_network.keys[schema_find_key(&schema_network, "type")],
				  new, type, sizeof(type));
		snprintf(add_entry(d, DIFF_NETWORK, DIFF_ADD, new->name)->detail, DIFF_TEXT_MAX,
			 "type %s", type);
	}
}

static bool network_recreated(const struct config_diff *d, const char *name)
{
	for (uint32_t i = 0; i < d->n; i++)
		if (d->entries[i].object == DIFF_NETWORK && d->entries[i].op == DIFF_CHANGE &&
		    d->entries[i].how == DIFF_RECREATE && strcmp(d->entries[i].name, name) == 0)
			return true;
	return false;
}

static bool is_vtep_port(const struct sluice_config *cfg, const char *name)
{
	return cfg->vtep.present && strcmp(cfg->vtep.port, name) == 0;
}

/* tx-queues left out on both sides follows worker-cores (one per PMD, and
 * one more on the VTEP's port): a change of it is worker-cores', which needs
 * a restart of its own, not the port's. */
static bool tx_queues_derived(const struct port_config *a, const struct port_config *b)
{
	int k = schema_find_key(&schema_port, "tx-queues");

	return !a->origin.key_line[k] && !b->origin.key_line[k];
}

static void diff_ports(const struct sluice_config *a, const struct sluice_config *b,
		       struct config_diff *d)
{
	for (uint32_t i = 0; i < a->n_ports; i++) {
		const struct port_config *old = &a->ports[i];
		char detail[DIFF_TEXT_MAX] = "";
		struct diff_entry *e;
		uint32_t changed;
		bool rejoin;
		int j;

		if (!old->name[0])
			continue;
		j = config_find_port(b, old->name);
		if (j < 0) {
			add_entry(d, DIFF_PORT, DIFF_REMOVE, old->name);
			continue;
		}
		changed = compare_keys(&schema_port, old, &b->ports[j],
				       port_type_bit(old->type) | port_type_bit(b->ports[j].type),
				       tx_queues_derived(old, &b->ports[j]) ? "tx-queues" : NULL,
				       detail, sizeof(detail));
		/* Its network gets another slot: the port must join it anew. */
		rejoin = old->network[0] && network_recreated(d, old->network) &&
			 strcmp(old->network, b->ports[j].network) == 0;
		if (rejoin) {
			append(detail, sizeof(detail), "%snetwork '%s' is re-created",
			       changed ? ", " : "", old->network);
			changed++;
		}
		if (!changed)
			continue;
		/* The VTEP's port stays as long as sluice runs (port.del refuses). */
		if (is_vtep_port(a, old->name)) {
			add_restart(d, "[port %s] changed (%s): the VTEP's port", old->name,
				    detail);
			continue;
		}
		e = add_entry(d, DIFF_PORT, DIFF_CHANGE, old->name);
		/* Keys port.set changes live (port_live.h) need no re-creation. */
		e->how = rejoin || port_config_fixed_change(old, &b->ports[j]) ? DIFF_RECREATE
									       : DIFF_IN_PLACE;
		memcpy(e->detail, detail, sizeof(e->detail));
	}
	for (uint32_t j = 0; j < b->n_ports; j++) {
		const struct port_config *new = &b->ports[j];
		struct diff_entry *e;

		if (!new->name[0] || config_find_port(a, new->name) >= 0)
			continue;
		e = add_entry(d, DIFF_PORT, DIFF_ADD, new->name);
		snprintf(e->detail, sizeof(e->detail), "type %s, network %s",
			 new->type == PORT_TYPE_PHY ? "phy" : "vhost",
			 new->network[0] ? new->network : "none");
	}
}

static int neighbour_find(const struct neighbour_list *l, uint32_t ip)
{
	for (uint32_t i = 0; i < l->n; i++)
		if (l->entries[i].ip == ip)
			return (int)i;
	return -1;
}

static void neighbour_name(uint32_t ip, char *name, size_t len)
{
	name[0] = '\0';
	ip_append(name, len, ip);
}

static void diff_neighbours(const struct neighbour_list *a, const struct neighbour_list *b,
			    struct config_diff *d)
{
	char name[SLUICE_NAME_MAX];

	for (uint32_t i = 0; i < a->n; i++) {
		int j = neighbour_find(b, a->entries[i].ip);
		struct diff_entry *e;

		if (j >= 0 && memcmp(a->entries[i].mac, b->entries[j].mac, 6) == 0)
			continue;
		neighbour_name(a->entries[i].ip, name, sizeof(name));
		e = add_entry(d, DIFF_NEIGHBOUR, j < 0 ? DIFF_REMOVE : DIFF_CHANGE, name);
		if (j < 0)
			continue;
		e->how = DIFF_IN_PLACE;
		append(e->detail, sizeof(e->detail), "mac ");
		mac_append(e->detail, sizeof(e->detail), a->entries[i].mac);
		append(e->detail, sizeof(e->detail), " -> ");
		mac_append(e->detail, sizeof(e->detail), b->entries[j].mac);
	}
	for (uint32_t j = 0; j < b->n; j++) {
		struct diff_entry *e;

		if (neighbour_find(a, b->entries[j].ip) >= 0)
			continue;
		neighbour_name(b->entries[j].ip, name, sizeof(name));
		e = add_entry(d, DIFF_NEIGHBOUR, DIFF_ADD, name);
		append(e->detail, sizeof(e->detail), "mac ");
		mac_append(e->detail, sizeof(e->detail), b->entries[j].mac);
	}
}

void config_diff(const struct sluice_config *running, const struct sluice_config *next,
		 struct config_diff *out)
{
	out->n = 0;
	out->n_restart = 0;
	section_restart(out, &schema_dataplane, &running->dataplane, &next->dataplane,
			dataplane_key_live);
	diff_dataplane_live(&running->dataplane, &next->dataplane, out);
	section_restart(out, &schema_control, &running->control, &next->control, NULL);
	section_restart(out, &schema_metrics, &running->metrics, &next->metrics, NULL);
	if (running->vtep.present != next->vtep.present)
		add_restart(out, "[vtep] %s", next->vtep.present ? "added" : "removed");
	else if (running->vtep.present)
		section_restart(out, &schema_vtep, &running->vtep, &next->vtep, is_neighbours);
	/* Networks first: a port of a re-created network is re-created too. */
	diff_networks(running, next, out);
	diff_ports(running, next, out);
	if (running->vtep.present && next->vtep.present)
		diff_neighbours(&running->vtep.neighbours, &next->vtep.neighbours, out);
}

uint32_t config_diff_refusal(const struct config_diff *d, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!d->n_restart)
		return 0;
	append(buf, len, "reload refused: ");
	for (uint32_t i = 0; i < d->n_restart; i++)
		append(buf, len, "%s%s", i ? ", " : "", d->restart[i]);
	append(buf, len, ": %s a restart; nothing changed", d->n_restart > 1 ? "need" : "needs");
	return d->n_restart;
}

const char *diff_op_name(enum diff_op op)
{
	return op == DIFF_ADD ? "add" : op == DIFF_REMOVE ? "remove" : "change";
}

const char *diff_object_name(enum diff_object object)
{
	static const char *const names[] = {
	    [DIFF_PORT] = "port",
	    [DIFF_NETWORK] = "network",
	    [DIFF_NEIGHBOUR] = "neighbour",
	    [DIFF_DATAPLANE] = "dataplane",
	};

	return names[object];
}

void config_diff_entry_text(const struct diff_entry *e, char *buf, size_t len)
{
	static const char mark[] = {'+', '-', '~'};

	/* [dataplane] has no name: "~ dataplane: rebalance off -> auto". */
	snprintf(buf, len, "%c %s%s%s", mark[e->op], diff_object_name(e->object),
		 e->name[0] ? " " : "", e->name);
	if (e->op == DIFF_ADD && e->detail[0])
		append(buf, len, " (%s)", e->detail);
	if (e->op == DIFF_CHANGE)
		append(buf, len, ": %s%s", e->detail,
		       e->how == DIFF_RECREATE ? " (re-created)" : "");
}
