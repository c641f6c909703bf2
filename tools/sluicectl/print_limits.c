#include "print_limits.h"

static json_int_t num(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* A limit of 0 means none: say so rather than print a zero rate. */
static const char *rate(const json_t *obj, const char *key, char *buf, size_t len)
{
	json_int_t v = num(obj, key);

	if (v == 0)
		return "off";
	snprintf(buf, len, "%" JSON_INTEGER_FORMAT, v);
	return buf;
}

void print_port_limits(FILE *out, const json_t *port)
{
	const json_t *l = json_object_get(port, "limits");
	const json_t *action = json_object_get(l, "mac_limit_action");
	const json_t *drops = json_object_get(l, "drops");
	const char *reason;
	const json_t *v;
	char a[32], b[32], c[32], d[32], e[32];

	if (!json_is_object(l))
		return;
	fprintf(out,
		"limits: mac-limit %s (%s, %" JSON_INTEGER_FORMAT " learned, %" JSON_INTEGER_FORMAT
		" refused); storm pps broadcast %s multicast %s unknown %s; ingress-rate %s "
		"Mbit/s\n",
		rate(l, "mac_limit", a, sizeof(a)),
		json_is_string(action) ? json_string_value(action) : "-", num(l, "macs_learned"),
		num(l, "macs_refused"), rate(l, "storm_broadcast", b, sizeof(b)),
		rate(l, "storm_multicast", c, sizeof(c)), rate(l, "storm_unknown", d, sizeof(d)),
		rate(l, "ingress_rate", e, sizeof(e)));
	if (!json_is_object(drops))
		return;
	fprintf(out, "limit drops:");
	json_object_foreach((json_t *)drops, reason, v)
	{
		fprintf(out, " %s %" JSON_INTEGER_FORMAT, reason,
			json_is_integer(v) ? json_integer_value(v) : 0);
	}
	fprintf(out, "\n");
}
