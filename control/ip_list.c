/* Port `ips`: the IPv4 and IPv6 addresses and prefixes a VM may send from
 * (Neutron's allowed address pairs). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "schema.h"

/* Host bits beyond len set: "198.18.0.1/24" is a typo for an address or a
 * prefix, and the datapath compares masked addresses. */
static bool host_bits_zero(const uint8_t *addr, unsigned bytes, unsigned len)
{
	for (unsigned i = 0; i < bytes; i++) {
		unsigned keep = len >= 8 * (i + 1) ? 8 : len > 8 * i ? len - 8 * i : 0;
		uint8_t mask = (uint8_t)(keep == 8 ? 0xff : (0xff00 >> keep) & 0xff);

		if (addr[i] & (uint8_t)~mask)
			return false;
	}
	return true;
}

static bool is_multicast(const struct ip_prefix *p)
{
	return p->family == AF_INET ? (p->addr[0] & 0xf0) == 0xe0 : p->addr[0] == 0xff;
}

static int parse_one(const char *s, struct ip_prefix *p, char *err, size_t errlen)
{
	const char *slash = strchr(s, '/');
	char text[INET6_ADDRSTRLEN];
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	unsigned max;

	memset(p, 0, sizeof(*p));
	if (n == 0 || n >= sizeof(text))
		goto bad;
	memcpy(text, s, n);
	text[n] = '\0';
	if (inet_pton(AF_INET, text, p->addr) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, text, p->addr) == 1)
		p->family = AF_INET6;
	else
		goto bad;
	max = p->family == AF_INET ? 32 : 128;
	p->len = (uint8_t)max;
	if (slash) {
		uint32_t len;

		if (schema_parse_uint(slash + 1, 1, max, &len, err, errlen) < 0) {
			snprintf(err, errlen, "'%s': prefix length must be 1..%u", s, max);
			return -1;
		}
		p->len = (uint8_t)len;
	}
	if (!host_bits_zero(p->addr, max / 8, p->len)) {
		snprintf(err, errlen,
			 "'%s' has bits set past /%u: give the address alone or the prefix", s,
			 p->len);
		return -1;
	}
	if (is_multicast(p)) {
		snprintf(err, errlen, "'%s' is multicast; a VM sends from unicast addresses", s);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen,
		 "'%s' is not an IPv4 or IPv6 address or prefix like 198.18.0.11, "
		 "198.18.1.0/24 or 2001:db8::11",
		 s);
	return -1;
}

int schema_parse_ip_list(const char *value, struct ip_prefix_list *out, char *err, size_t errlen)
{
	struct ip_prefix_list list = {0};
	char buf[1024];
	char *save = NULL;

	if (strlen(value) >= sizeof(buf)) {
		snprintf(err, errlen, "list is longer than %zu characters", sizeof(buf) - 1);
		return -1;
	}
	strcpy(buf, value);
	for (char *tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		struct ip_prefix p;

		if (parse_one(tok, &p, err, errlen) < 0)
			return -1;
		for (uint32_t i = 0; i < list.n; i++)
			if (memcmp(&list.items[i], &p, sizeof(p)) == 0) {
				snprintf(err, errlen, "%s is listed twice", tok);
				return -1;
			}
		if (list.n == SLUICE_MAX_PORT_IPS) {
			snprintf(err, errlen, "more than %d addresses or prefixes",
				 SLUICE_MAX_PORT_IPS);
			return -1;
		}
		list.items[list.n++] = p;
	}
	if (list.n == 0) {
		snprintf(err, errlen, "empty list");
		return -1;
	}
	*out = list;
	return 0;
}

void ip_prefix_text(const struct ip_prefix *p, char *buf, size_t len)
{
	size_t n;

	if (!inet_ntop(p->family, p->addr, buf, (socklen_t)len)) {
		snprintf(buf, len, "?");
		return;
	}
	n = strlen(buf);
	if (p->len != (p->family == AF_INET ? 32 : 128))
		snprintf(buf + n, len - n, "/%u", p->len);
}
