/* vtep show and neighbour show/add as human text. */
#include <stdio.h>
#include <string.h>

#include "print.h"
#include "table.h"

static const char *field(const json_t *obj, const char *key, char *buf)
{
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	if (json_is_integer(v))
		snprintf(buf, 64, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_string(v) && json_string_value(v)[0])
		return json_string_value(v);
	else if (json_is_boolean(v))
		return json_is_true(v) ? "yes" : "no";
	else
		return "-";
	return buf;
}

/* [vtep] kernel-tap: its device and counters, prefixed tap_; "-" when off. */
static int print_kernel_tap(FILE *out, const json_t *tap)
{
	const char *name;
	const json_t *n;

	if (!json_is_object(tap)) {
		fprintf(out, "%-12s -\n", "kernel_tap");
		return 0;
	}
	fprintf(out, "%-12s %s\n", "kernel_tap", json_string_value(json_object_get(tap, "device")));
	json_object_foreach((json_t *)tap, name, n)
	{
		if (json_is_integer(n))
			fprintf(out, "tap_%-14s %" JSON_INTEGER_FORMAT "\n", name,
				json_integer_value(n));
	}
	return 0;
}

int print_vtep(FILE *out, const json_t *result)
{
	static const char *const keys[] = {"address", "port", "mac",	   "gateway",
					   "ttl",     "df",   "vxlan_port"};
	const json_t *stats = json_is_object(result) ? json_object_get(result, "stats") : NULL;
	const char *name;
	const json_t *n;
	char buf[64];

	if (!json_is_object(result) || !json_is_object(stats))
		return -1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		fprintf(out, "%-12s %s\n", keys[i], field(result, keys[i], buf));
	json_object_foreach((json_t *)stats, name, n)
	{
		fprintf(out, "%-18s %" JSON_INTEGER_FORMAT "\n", name,
			json_is_integer(n) ? json_integer_value(n) : 0);
	}
	return print_kernel_tap(out, json_object_get(result, "kernel_tap"));
}

static void neighbour_row(struct table *t, const json_t *e)
{
	const json_t *is_static = json_is_object(e) ? json_object_get(e, "static") : NULL;
	char buf[64];

	table_cell(t, "%s", field(e, "address", buf));
	table_cell(t, "%s", field(e, "mac", buf));
	table_cell(t, "%s", field(e, "state", buf));
	table_cell(t, "%s", json_is_true(is_static) ? "static" : "learned");
	table_cell(t, "%s", field(e, "age", buf));
	table_cell(t, "%s", field(e, "waiting", buf));
}

static const struct table_column neighbour_columns[] = {
    {"ADDRESS", 0}, {"MAC", 0}, {"STATE", 0}, {"TYPE", 0}, {"AGE", 1}, {"WAITING", 1},
};

int print_neighbour(FILE *out, const json_t *result)
{
	struct table *t;

	if (!json_is_object(result))
		return -1;
	t = table_new(neighbour_columns, 6);
	neighbour_row(t, result);
	table_print(t, out);
	table_free(t);
	return 0;
}

int print_neighbours(FILE *out, const json_t *result)
{
	const json_t *list = json_is_object(result) ? json_object_get(result, "neighbours") : NULL;
	const json_t *e;
	struct table *t;
	size_t i;

	if (!json_is_array(list))
		return -1;
	t = table_new(neighbour_columns, 6);
	json_array_foreach(list, i, e)
	{
		neighbour_row(t, e);
	}
	table_print(t, out);
	table_free(t);
	return 0;
}
