#include "iface.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int iface_xml(const struct iface_spec *s, char *out, size_t outlen)
{
	char mac[64] = "", alias[160] = "", driver[64] = "", mtu[64] = "";
	int n;

	if (s->mac && s->mac[0])
		snprintf(mac, sizeof(mac), "<mac address='%s'/>", s->mac);
	if (s->alias && s->alias[0])
		snprintf(alias, sizeof(alias), "<alias name='%s'/>", s->alias);
	if (s->queues > 1)
		snprintf(driver, sizeof(driver), "<driver queues='%d'/>", s->queues);
	if (s->mtu > 0)
		snprintf(mtu, sizeof(mtu), "<mtu size='%d'/>", s->mtu);
	/* A QEMU client reconnects when sluice (the server) restarts. */
	n = snprintf(out, outlen,
		     "<interface type='vhostuser'>%s"
		     "<source type='unix' path='%s' mode='%s'>%s</source>"
		     "<model type='virtio'/>%s%s%s</interface>",
		     mac, s->socket, s->qemu_mode,
		     strcmp(s->qemu_mode, "client") == 0 ? "<reconnect enabled='yes' timeout='1'/>"
							 : "",
		     driver, mtu, alias);
	return n < 0 || (size_t)n >= outlen ? -1 : n;
}

void iface_port_name(const char *domain, int n, char *out, size_t outlen)
{
	char suffix[16] = "";
	size_t max = outlen - 1, len = 0;

	if (max > 31)
		max = 31;
	if (n > 0)
		snprintf(suffix, sizeof(suffix), "-%d", n);
	for (const char *p = domain; *p && len < max - strlen(suffix); p++) {
		unsigned char c = (unsigned char)*p;

		out[len++] = (char)(isalnum(c) || c == '-' || c == '_' || c == '.' ? c : '-');
	}
	if (len == 0)
		out[len++] = 'v';
	out[len] = '\0';
	snprintf(out + len, outlen - len, "%s", suffix);
}
