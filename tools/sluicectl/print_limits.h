/* The "limits" object of one port (port.show), as two lines of text. */
#ifndef SLUICECTL_PRINT_LIMITS_H
#define SLUICECTL_PRINT_LIMITS_H

#include <stdio.h>

#include <jansson.h>

/* Prints nothing when port has no "limits" object (an older sluice). */
void print_port_limits(FILE *out, const json_t *port);

#endif
