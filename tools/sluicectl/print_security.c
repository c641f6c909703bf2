/* The "security" object of a vhost port (port.show, port.set): one line per
 * port under the port table. */
#include <string.h>

#include "print.h"

static void join_strings(const json_t *array, char *buf, size_t len)
{
	const json_t *v;
	size_t i, used = 0;

	buf[0] = '\0';
	json_array_foreach(array, i, v)
	{
		if (json_is_string(v) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "",
						 json_string_value(v));
	}
	if (!buf[0])
		snprintf(buf, len, "none");
}

void print_port_security(FILE *out, const json_t *port)
{
	const json_t *sec = json_object_get(port, "security");
	const json_t *drops = json_object_get(sec, "drops"), *count;
	const char *reason;
	char ips[512];

	if (!json_is_object(sec))
		return;
	join_strings(json_object_get(sec, "ips"), ips, sizeof(ips));
	fprintf(out, "%s security %s ips=%s dhcp-server=%s router=%s drops:",
		json_string_value(json_object_get(port, "name")),
		json_is_true(json_object_get(sec, "enabled")) ? "on" : "off", ips,
		json_is_true(json_object_get(sec, "dhcp_server")) ? "yes" : "no",
		json_is_true(json_object_get(sec, "router")) ? "yes" : "no");
	json_object_foreach((json_t *)drops, reason, count)
	{
		fprintf(out, " %s=%lld", reason, (long long)json_integer_value(count));
	}
	fputc('\n', out);
}
