/* Results as human tables. A missing or mistyped field prints as "-"; a
 * result without the expected list prints as JSON (the caller does that when
 * a printer returns -1). */
#include "print.h"

#include <stdio.h>
#include <string.h>

#include "print_limits.h"
#include "table.h"

/* A field as text: integers as they are, reals with decimals, an empty or
 * missing field as "-". buf must hold 64 bytes. */
static const char *text(const json_t *obj, const char *key, int decimals, char *buf)
{
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	if (json_is_integer(v))
		snprintf(buf, 64, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, 64, "%.*f", decimals, json_real_value(v));
	else if (json_is_string(v) && json_string_value(v)[0])
		return json_string_value(v);
	else if (json_is_boolean(v))
		return json_is_true(v) ? "yes" : "no";
	else
		return "-";
	return buf;
}

/* The list member of a result, or NULL when the result is not that shape. */
static const json_t *list(const json_t *result, const char *key)
{
	const json_t *v = json_is_object(result) ? json_object_get(result, key) : NULL;

	return json_is_array(v) ? v : NULL;
}

void print_json(FILE *out, const json_t *value)
{
	json_dumpf(value, out, JSON_INDENT(2) | JSON_ENCODE_ANY);
	fputc('\n', out);
}

int print_empty(FILE *out, const json_t *result)
{
	(void)out;
	return json_is_object(result) && json_object_size(result) == 0 ? 0 : -1;
}

int print_version(FILE *out, const json_t *result)
{
	char a[64], b[64];

	if (!json_is_object(result))
		return -1;
	fprintf(out, "sluice %s, %s\n", text(result, "version", 0, a), text(result, "dpdk", 0, b));
	return 0;
}

int print_log_level(FILE *out, const json_t *result)
{
	char a[64], b[64];

	if (!json_is_object(result))
		return -1;
	fprintf(out, "log level %s for %s\n", text(result, "level", 0, a),
		text(result, "pattern", 0, b));
	return 0;
}

int print_fdb_flush(FILE *out, const json_t *result)
{
	char a[64];

	if (!json_is_object(result))
		return -1;
	fprintf(out, "removed %s entries\n", text(result, "removed", 0, a));
	return 0;
}

int print_rxq_rebalance(FILE *out, const json_t *result)
{
	char a[64];

	if (!json_is_object(result))
		return -1;
	fprintf(out, "moved %s queues\n", text(result, "moved", 0, a));
	return 0;
}

/* DPDK reports link speed in Mb/s. */
static void link_speed(const json_t *phy, char *buf, size_t len)
{
	const json_t *v = json_object_get(phy, "link_speed");
	json_int_t mbps = json_integer_value(v);

	if (!json_is_integer(v))
		snprintf(buf, len, "-");
	else if (mbps >= 1000 && mbps % 1000 == 0)
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT "Gb/s", mbps / 1000);
	else
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT "Mb/s", mbps);
}

/* "0,1" from [0,1]; "-" when absent. */
static void join(const json_t *array, char *buf, size_t len)
{
	size_t used = 0, i;
	const json_t *v;
	char cell[64];

	buf[0] = '\0';
	if (!json_is_array(array)) {
		snprintf(buf, len, "-");
		return;
	}
	json_array_foreach(array, i, v)
	{
		const char *s = json_is_string(v) ? json_string_value(v) : cell;

		if (json_is_integer(v))
			snprintf(cell, sizeof(cell), "%" JSON_INTEGER_FORMAT,
				 json_integer_value(v));
		else if (!json_is_string(v))
			snprintf(cell, sizeof(cell), "?");
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "", s);
		if (used >= len)
			return;
	}
	if (used == 0)
		snprintf(buf, len, "-");
}

static void port_detail(const json_t *port, char *buf, size_t len)
{
	const json_t *vhost = json_object_get(port, "vhost");
	const json_t *phy = json_object_get(port, "phy");
	char a[64], b[64], c[64], speed[32], queues[256];

	if (json_is_object(vhost)) {
		join(json_object_get(vhost, "rx_queues_enabled"), queues, sizeof(queues));
		snprintf(buf, len, "socket=%s mode=%s connects=%s rxqs=%s",
			 text(vhost, "socket", 0, a), text(vhost, "mode", 0, b),
			 text(vhost, "connects", 0, c), queues);
	} else if (json_is_object(phy)) {
		const json_t *up = json_object_get(phy, "link_up");

		link_speed(phy, speed, sizeof(speed));
		snprintf(buf, len, "devargs=%s link=%s speed=%s rxqs=%s txqs=%s",
			 text(phy, "devargs", 0, a),
			 json_is_boolean(up) ? (json_is_true(up) ? "up" : "down") : "-", speed,
			 text(phy, "rx_queues", 0, b), text(phy, "tx_queues", 0, c));
	} else {
		snprintf(buf, len, "-");
	}
}

static void port_row(struct table *t, const json_t *port)
{
	char buf[64], detail[512];

	table_cell(t, "%s", text(port, "name", 0, buf));
	table_cell(t, "%s", text(port, "type", 0, buf));
	table_cell(t, "%s", text(port, "network", 0, buf));
	table_cell(t, "%s", text(port, "state", 0, buf));
	table_cell(t, "%s", text(port, "mtu", 0, buf));
	if (json_is_object(port))
		port_detail(port, detail, sizeof(detail));
	else
		snprintf(detail, sizeof(detail), "-");
	table_cell(t, "%s", detail);
}

#define PORT_COLUMNS                                                                               \
	COLUMNS({"NAME", 0}, {"TYPE", 0}, {"NETWORK", 0}, {"STATE", 0}, {"MTU", 1}, {"DETAIL", 0})

int print_port(FILE *out, const json_t *result)
{
	struct table *t;

	if (!json_is_object(result))
		return -1;
	t = table_new(PORT_COLUMNS);
	port_row(t, result);
	table_print(t, out);
	table_free(t);
	print_port_security(out, result);
	print_port_limits(out, result);
	return 0;
}

int print_ports(FILE *out, const json_t *result)
{
	const json_t *ports = list(result, "ports"), *port;
	struct table *t;
	size_t i;

	if (!ports)
		return -1;
	t = table_new(PORT_COLUMNS);
	json_array_foreach(ports, i, port)
	{
		port_row(t, port);
	}
	table_print(t, out);
	table_free(t);
	json_array_foreach(ports, i, port)
	{
		print_port_security(out, port);
	}
	if (json_array_size(ports) == 1)
		print_port_limits(out, json_array_get(ports, 0));
	return 0;
}

static void network_row(struct table *t, const json_t *net)
{
	char buf[64], ports[512];
	const json_t *aging = json_is_object(net) ? json_object_get(net, "mac_aging") : NULL;

	table_cell(t, "%s", text(net, "name", 0, buf));
	table_cell(t, "%s", text(net, "type", 0, buf));
	if (json_is_integer(aging))
		table_cell(t, "%" JSON_INTEGER_FORMAT "s", json_integer_value(aging));
	else
		table_cell(t, "-");
	join(json_is_object(net) ? json_object_get(net, "ports") : NULL, ports, sizeof(ports));
	table_cell(t, "%s", ports);
	table_cell(t, "%s", text(net, "fdb_entries", 0, buf));
	table_cell(t, "%s", text(net, "mtu", 0, buf));
}

#define NETWORK_COLUMNS                                                                            \
	COLUMNS({"NAME", 0}, {"TYPE", 0}, {"AGING", 1}, {"PORTS", 0}, {"FDB", 1}, {"MTU", 1})

int print_network(FILE *out, const json_t *result)
{
	struct table *t;

	if (!json_is_object(result))
		return -1;
	t = table_new(NETWORK_COLUMNS);
	network_row(t, result);
	table_print(t, out);
	table_free(t);
	return 0;
}

int print_networks(FILE *out, const json_t *result)
{
	const json_t *nets = list(result, "networks"), *net;
	struct table *t;
	size_t i;

	if (!nets)
		return -1;
	t = table_new(NETWORK_COLUMNS);
	json_array_foreach(nets, i, net)
	{
		network_row(t, net);
	}
	table_print(t, out);
	table_free(t);
	return 0;
}

static void fdb_row(struct table *t, const json_t *e)
{
	const json_t *is_static = json_is_object(e) ? json_object_get(e, "static") : NULL;
	char buf[64];

	table_cell(t, "%s", text(e, "network", 0, buf));
	table_cell(t, "%s", text(e, "mac", 0, buf));
	/* A remote MAC is behind a VTEP: the VTEP's port and the remote address. */
	if (json_is_object(e) && json_is_string(json_object_get(e, "remote")))
		table_cell(t, "%s via %s", text(e, "port", 0, buf),
			   json_string_value(json_object_get(e, "remote")));
	else
		table_cell(t, "%s", text(e, "port", 0, buf));
	if (json_is_object(e) && json_is_string(json_object_get(e, "origin")))
		table_cell(t, "%s", json_string_value(json_object_get(e, "origin")));
	else
		table_cell(t, "%s",
			   json_is_boolean(is_static)
			       ? (json_is_true(is_static) ? "static" : "learned")
			       : "-");
	table_cell(t, "%s", text(e, "age", 0, buf));
}

#define FDB_COLUMNS COLUMNS({"NETWORK", 0}, {"MAC", 0}, {"PORT", 0}, {"TYPE", 0}, {"AGE", 1})

int print_fdb_entry(FILE *out, const json_t *result)
{
	struct table *t;

	if (!json_is_object(result))
		return -1;
	t = table_new(FDB_COLUMNS);
	fdb_row(t, result);
	table_print(t, out);
	table_free(t);
	return 0;
}

int print_fdb(FILE *out, const json_t *result)
{
	struct table *t = NULL;
	int rc = print_fdb_page(out, result, &t);

	table_free(t);
	return rc;
}

int print_fdb_page(FILE *out, const json_t *result, struct table **t)
{
	const json_t *entries = list(result, "entries"), *e;
	size_t i;

	if (!entries)
		return -1;
	if (!*t)
		*t = table_new(FDB_COLUMNS);
	json_array_foreach(entries, i, e)
	{
		fdb_row(*t, e);
	}
	table_flush(*t, out);
	return 0;
}

/* The total of a port's drops, and one note line per non-zero reason. */
static void drops_cells(struct table *t, const json_t *drops)
{
	const char *reason;
	const json_t *n;
	json_int_t total = 0;

	if (!json_is_object(drops)) {
		table_cell(t, "-");
		return;
	}
	json_object_foreach((json_t *)drops, reason, n)
	{
		total += json_integer_value(n);
	}
	table_cell(t, "%" JSON_INTEGER_FORMAT, total);
	json_object_foreach((json_t *)drops, reason, n)
	{
		if (json_integer_value(n) != 0)
			table_note(t, "    drop %s: %" JSON_INTEGER_FORMAT, reason,
				   json_integer_value(n));
	}
}

int print_stats_ports(FILE *out, const json_t *result)
{
	const json_t *ports = list(result, "ports"), *p;
	struct table *t;
	char buf[64];
	size_t i;

	if (!ports)
		return -1;
	t = table_new(COLUMNS({"PORT", 0}, {"RX-PACKETS", 1}, {"RX-BYTES", 1}, {"TX-PACKETS", 1},
			      {"TX-BYTES", 1}, {"DROPS", 1}));
	json_array_foreach(ports, i, p)
	{
		table_cell(t, "%s", text(p, "name", 0, buf));
		table_cell(t, "%s", text(p, "rx_packets", 0, buf));
		table_cell(t, "%s", text(p, "rx_bytes", 0, buf));
		table_cell(t, "%s", text(p, "tx_packets", 0, buf));
		table_cell(t, "%s", text(p, "tx_bytes", 0, buf));
		drops_cells(t, json_is_object(p) ? json_object_get(p, "drops") : NULL);
	}
	table_print(t, out);
	table_free(t);
	return 0;
}

int print_stats_cores(FILE *out, const json_t *result)
{
	const json_t *cores = list(result, "cores"), *c;
	struct table *t;
	char buf[64];
	size_t i;

	if (!cores)
		return -1;
	t = table_new(
	    COLUMNS({"CORE", 1}, {"LCORE", 1}, {"BUSY%", 1}, {"PACKETS", 1}, {"CYC/PKT", 1}));
	json_array_foreach(cores, i, c)
	{
		table_cell(t, "%s", text(c, "core", 0, buf));
		table_cell(t, "%s", text(c, "lcore", 0, buf));
		table_cell(t, "%s", text(c, "busy_percent", 1, buf));
		table_cell(t, "%s", text(c, "packets", 0, buf));
		table_cell(t, "%s", text(c, "cycles_per_packet", 0, buf));
	}
	table_print(t, out);
	table_free(t);
	return 0;
}

int print_stats_stages(FILE *out, const json_t *result)
{
	const json_t *stages = list(result, "stages"), *s;
	struct table *t;
	char buf[64];
	size_t i;

	if (!stages)
		return -1;
	t = table_new(COLUMNS({"STAGE", 0}, {"PACKETS", 1}, {"CYCLES", 1}, {"CYC/PKT", 1}));
	json_array_foreach(stages, i, s)
	{
		table_cell(t, "%s", text(s, "stage", 0, buf));
		table_cell(t, "%s", text(s, "packets", 0, buf));
		table_cell(t, "%s", text(s, "cycles", 0, buf));
		table_cell(t, "%s", text(s, "cycles_per_packet", 0, buf));
	}
	table_print(t, out);
	table_free(t);
	return 0;
}

/* The help text of a drop reason, from the "reasons" list of stats.drops. */
static const char *reason_help(const json_t *reasons, const char *reason)
{
	const json_t *r;
	size_t i;

	json_array_foreach(reasons, i, r)
	{
		const json_t *name = json_object_get(r, "reason");
		const json_t *help = json_object_get(r, "help");

		if (json_is_string(name) && json_is_string(help) &&
		    strcmp(json_string_value(name), reason) == 0)
			return json_string_value(help);
	}
	return "-";
}

int print_stats_drops(FILE *out, const json_t *result)
{
	const json_t *drops = list(result, "drops"), *reasons = list(result, "reasons"), *d;
	struct table *t;
	char buf[64];
	size_t i;

	if (!drops)
		return -1;
	t = table_new(COLUMNS({"PORT", 0}, {"REASON", 0}, {"COUNT", 1}, {"MEANING", 0}));
	json_array_foreach(drops, i, d)
	{
		char reason[64];

		snprintf(reason, sizeof(reason), "%s", text(d, "reason", 0, buf));
		table_cell(t, "%s", text(d, "port", 0, buf));
		table_cell(t, "%s", reason);
		table_cell(t, "%s", text(d, "count", 0, buf));
		table_cell(t, "%s", reasons ? reason_help(reasons, reason) : "-");
	}
	table_print(t, out);
	table_free(t);
	return 0;
}

int print_rxqs(FILE *out, const json_t *result)
{
	const json_t *rxqs = list(result, "rxqs"), *q;
	struct table *t;
	char buf[64];
	size_t i;

	if (!rxqs)
		return -1;
	t = table_new(COLUMNS({"PORT", 0}, {"QUEUE", 1}, {"CORE", 1}, {"PINNED", 0}, {"CYCLES", 1},
			      {"SHARE%", 1}));
	json_array_foreach(rxqs, i, q)
	{
		table_cell(t, "%s", text(q, "port", 0, buf));
		table_cell(t, "%s", text(q, "queue", 0, buf));
		table_cell(t, "%s", text(q, "core", 0, buf));
		table_cell(t, "%s", text(q, "pinned", 0, buf));
		table_cell(t, "%s", text(q, "cycles", 0, buf));
		table_cell(t, "%s", text(q, "share_percent", 1, buf));
	}
	table_print(t, out);
	table_free(t);
	if (json_object_get(result, "rebalance"))
		print_rebalance(out, json_object_get(result, "rebalance"));
	return 0;
}

static void print_loads(FILE *out, const json_t *loads)
{
	const json_t *v;
	size_t i;

	json_array_foreach(loads, i, v)
	    fprintf(out, "%s%.1f%%", i ? " " : "", json_number_value(v));
}

int print_rebalance(FILE *out, const json_t *result)
{
	const json_t *last = json_object_get(result, "last");
	char a[64], b[64], c[64], d[64];

	if (!json_is_object(result))
		return -1;
	fprintf(out, "rebalance %s, every %s s, threshold %s%%; pmd-sleep-max %s us\n",
		text(result, "mode", 0, a), text(result, "interval", 0, b),
		text(result, "threshold", 0, c), text(result, "pmd_sleep_max", 0, d));
	if (!json_is_object(last))
		return 0;
	fprintf(out, "last decision at %s s over %s s: moved %s queues, busiest PMD ",
		text(last, "at", 0, a), text(last, "window", 0, b), text(last, "moved", 0, c));
	fprintf(out, "%s%% -> ", text(last, "busiest_before_percent", 1, a));
	fprintf(out, "%s%% (gain %s%%); loads ", text(last, "busiest_after_percent", 1, b),
		text(last, "gain_percent", 1, c));
	print_loads(out, json_object_get(last, "load_before_percent"));
	fprintf(out, " -> ");
	print_loads(out, json_object_get(last, "load_after_percent"));
	fputc('\n', out);
	return 0;
}
