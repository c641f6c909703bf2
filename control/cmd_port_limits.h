/* The "limits" object of port.show (issue 13). */
#ifndef SLUICE_CMD_PORT_LIMITS_H
#define SLUICE_CMD_PORT_LIMITS_H

#include <jansson.h>

#include "../dataplane/datapath.h"

/* The port's limits as configured, what the FDB learned and refused for it,
 * and its drops by limit. */
json_t *port_limits_json(const struct datapath *dp, uint16_t index);

#endif
