#include "limits_config.h"

void port_limits_defaults(struct port_config *port)
{
	port->mac_limit = PORT_LIMIT_DEFAULT;
	port->storm_broadcast = PORT_LIMIT_DEFAULT;
	port->storm_multicast = PORT_LIMIT_DEFAULT;
	port->storm_unknown = PORT_LIMIT_DEFAULT;
	port->mac_limit_action = MAC_LIMIT_DROP;
}

static void resolve(uint32_t *field, uint32_t vhost_default, int type)
{
	if (*field == PORT_LIMIT_DEFAULT)
		*field = type == PORT_TYPE_VHOST ? vhost_default : 0;
}

void port_limits_resolve(struct port_config *port)
{
	resolve(&port->mac_limit, VHOST_MAC_LIMIT, port->type);
	resolve(&port->storm_broadcast, VHOST_STORM_PPS, port->type);
	resolve(&port->storm_multicast, VHOST_STORM_PPS, port->type);
	resolve(&port->storm_unknown, VHOST_STORM_PPS, port->type);
}

