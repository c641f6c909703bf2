#include "port_live.h"

#include <string.h>

/* The device or socket behind the port, its network (whose FDB entries and
 * flood lists name it) and its queues: fixed when the port opens. */
static const char *const fixed_keys[] = {
    "type",	      "network",	"devargs",     "rx-queues",    "tx-queues",
    "rx-descriptors", "tx-descriptors", "mtu",	       "rxq-affinity", "socket",
    "mode",	      "max-queues",	"socket-mode", "socket-group", NULL,
};

bool port_key_is_fixed(const char *key)
{
	for (int i = 0; fixed_keys[i]; i++)
		if (strcmp(fixed_keys[i], key) == 0)
			return true;
	return false;
}

const char *port_config_fixed_change(const struct port_config *a, const struct port_config *b)
{
	for (int i = 0; fixed_keys[i]; i++) {
		const struct schema_key *key =
		    &schema_port.keys[schema_find_key(&schema_port, fixed_keys[i])];
		const char *fa = (const char *)a + key->offset, *fb = (const char *)b + key->offset;
		bool text = key->type == SCHEMA_STRING || key->type == SCHEMA_PATH;

		if (text ? strcmp(fa, fb) != 0 : memcmp(fa, fb, key->size) != 0)
			return key->name;
	}
	return NULL;
}
