/* sluice-virt's requests to sluice's control socket, over sluicectl's
 * client (tools/sluicectl/client.c). */
#ifndef SLUICE_VIRT_SLUICE_H
#define SLUICE_VIRT_SLUICE_H

#include <stddef.h>

#include <jansson.h>

#include "facts.h"

#define SLUICE_SOCKET_DEFAULT "/run/sluice/sluice.sock"

/* Calls method with params (stolen; may be NULL). Returns 0 with *result
 * (the caller's reference), or -1 with err: sluice's error message, or why
 * it could not be reached. */
int sluice_call(const char *socket, const char *method, json_t *params, json_t **result, char *err,
		size_t errlen);

/* port.show, rxq.show and sysfs: the facts check needs. */
int sluice_facts(const char *socket, struct facts *f, char *err, size_t errlen);

#endif
