/* Which keys of a port can change while it runs (port.set, reload): the
 * ones that do not make it another device, socket or queue layout. Pure. */
#ifndef SLUICE_PORT_LIVE_H
#define SLUICE_PORT_LIVE_H

#include <stdbool.h>

#include "config.h"

/* True for a [port] key that only a delete and re-add can change. */
bool port_key_is_fixed(const char *key);
/* The first fixed key whose value differs between a and b, or NULL. */
const char *port_config_fixed_change(const struct port_config *a, const struct port_config *b);

#endif
