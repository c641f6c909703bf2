/* evpn show as human text. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "print.h"

static const char *str(const json_t *obj, const char *key)
{
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : "-";
}

static json_int_t num(const json_t *obj, const char *key)
{
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static void print_macs(FILE *out, const char *title, const json_t *list)
{
	size_t i;
	const json_t *m;

	if (!json_is_array(list))
		return;
	fprintf(out, "  %s:\n", title);
	json_array_foreach(list, i, m)
	{
		if (json_is_string(json_object_get(m, "remote")))
			fprintf(out, "    %s via %s\n", str(m, "mac"), str(m, "remote"));
		else
			fprintf(out, "    %s\n", str(m, "mac"));
	}
}

static void print_evpn_network(FILE *out, const json_t *n)
{
	const json_t *flood = json_object_get(n, "flood"), *f;
	size_t i;

	fprintf(out, "network %s  vni %" JSON_INTEGER_FORMAT "  %s\n", str(n, "network"),
		num(n, "vni"), str(n, "state"));
	fprintf(out, "  devices: %s %s %s\n", str(n, "bridge"), str(n, "vxlan"), str(n, "port"));
	fprintf(out, "  flood:");
	if (!json_is_array(flood) || json_array_size(flood) == 0)
		fprintf(out, " none");
	json_array_foreach(flood, i, f)
	{
		fprintf(out, " %s (%s)", str(f, "vtep"), str(f, "origin"));
	}
	fprintf(out,
		"\n  remote MACs: %" JSON_INTEGER_FORMAT
		"  local MACs exported: %" JSON_INTEGER_FORMAT "\n",
		num(n, "remote_macs"), num(n, "local_macs"));
	print_macs(out, "remote", json_object_get(n, "remote"));
	print_macs(out, "local", json_object_get(n, "local"));
}

int print_evpn(FILE *out, const json_t *result)
{
	const json_t *nets = json_is_object(result) ? json_object_get(result, "networks") : NULL;
	const json_t *counters =
	    json_is_object(result) ? json_object_get(result, "counters") : NULL;
	const json_t *resync =
	    json_is_object(result) ? json_object_get(result, "last_resync") : NULL;
	const json_t *n;
	const char *name;
	size_t i;

	if (!json_is_array(nets) || !json_is_object(counters))
		return -1;
	json_array_foreach(nets, i, n)
	{
		print_evpn_network(out, n);
	}
	if (json_is_integer(resync)) {
		time_t t = (time_t)json_integer_value(resync);
		char when[64];

		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
		fprintf(out, "last resync: %s\n", when);
	} else {
		fprintf(out, "last resync: never\n");
	}
	json_object_foreach((json_t *)counters, name, n)
	{
		fprintf(out, "%-18s %" JSON_INTEGER_FORMAT "\n", name,
			json_is_integer(n) ? json_integer_value(n) : 0);
	}
	return 0;
}

/* The network named name in a result's networks, or NULL. */
static json_t *network_named(json_t *result, const char *name)
{
	json_t *nets = json_object_get(result, "networks"), *n;
	size_t i;

	json_array_foreach(nets, i, n)
	{
		if (json_is_string(json_object_get(n, "network")) &&
		    strcmp(json_string_value(json_object_get(n, "network")), name) == 0)
			return n;
	}
	return NULL;
}

int evpn_page_merge(json_t *result, const json_t *page)
{
	const json_t *nets = json_object_get(page, "networks"), *n;
	size_t i;

	if (!json_is_array(nets))
		return -1;
	json_array_foreach(nets, i, n)
	{
		const json_t *name = json_object_get(n, "network");
		json_t *into =
		    json_is_string(name) ? network_named(result, json_string_value(name)) : NULL;

		/* A network added between two pages: its MACs from here on. */
		if (!into) {
			json_array_append(json_object_get(result, "networks"), (json_t *)n);
			continue;
		}
		for (int k = 0; k < 2; k++) {
			const char *list = k ? "local" : "remote";
			json_t *a = json_object_get(into, list), *b = json_object_get(n, list);

			if (json_is_array(a) && json_is_array(b))
				json_array_extend(a, b);
		}
	}
	return 0;
}
