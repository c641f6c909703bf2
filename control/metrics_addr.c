#include "metrics_addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

static int parse_port(const char *text, unsigned *port)
{
	char *end;
	unsigned long v;

	if (!*text || text[0] == '+' || text[0] == '-')
		return -1;
	v = strtoul(text, &end, 10);
	if (*end || v == 0 || v > 65535)
		return -1;
	*port = (unsigned)v;
	return 0;
}

int metrics_addr_parse(const char *text, struct metrics_addr *out, char *err, size_t errlen)
{
	static const char *const want = "give ADDRESS:PORT (127.0.0.1:9483, [::1]:9483) or the "
					"absolute path of a Unix socket";
	char host[64];
	const char *colon;
	unsigned port;

	memset(out, 0, sizeof(*out));
	if (text[0] == '/') {
		struct sockaddr_un *un = (struct sockaddr_un *)&out->sa;

		if (strlen(text) >= sizeof(un->sun_path)) {
			snprintf(err, errlen, "'%s' is longer than a Unix socket path may be (%zu)",
				 text, sizeof(un->sun_path) - 1);
			return -1;
		}
		un->sun_family = AF_UNIX;
		strcpy(un->sun_path, text);
		out->len = sizeof(*un);
		out->family = AF_UNIX;
		return 0;
	}
	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&out->sa;

		if (!close || close[1] != ':' || (size_t)(close - text - 1) >= sizeof(host)) {
			snprintf(err, errlen, "'%s': %s", text, want);
			return -1;
		}
		snprintf(host, sizeof(host), "%.*s", (int)(close - text - 1), text + 1);
		if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1) {
			snprintf(err, errlen, "'%s': '%s' is not an IPv6 address", text, host);
			return -1;
		}
		if (parse_port(close + 2, &port) < 0) {
			snprintf(err, errlen, "'%s': the port must be 1 to 65535", text);
			return -1;
		}
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		out->len = sizeof(*in6);
		out->family = AF_INET6;
		return 0;
	}
	colon = strrchr(text, ':');
	if (!colon || (size_t)(colon - text) >= sizeof(host) || strchr(text, ':') != colon) {
		snprintf(err, errlen, "'%s': %s", text, want);
		return -1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - text), text);
	{
		struct sockaddr_in *in = (struct sockaddr_in *)&out->sa;

		if (inet_pton(AF_INET, host, &in->sin_addr) != 1) {
			snprintf(err, errlen, "'%s': '%s' is not an IPv4 address; %s", text, host,
				 want);
			return -1;
		}
		if (parse_port(colon + 1, &port) < 0) {
			snprintf(err, errlen, "'%s': the port must be 1 to 65535", text);
			return -1;
		}
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		out->len = sizeof(*in);
		out->family = AF_INET;
	}
	return 0;
}
