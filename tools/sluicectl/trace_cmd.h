/* sluicectl trace PORT --count N: arms a trace in sluice, waits until N
 * packets were received on PORT (or --duration, or Ctrl-C), then prints each
 * one's way through the pipeline, stage by stage. */
#ifndef SLUICECTL_TRACE_CMD_H
#define SLUICECTL_TRACE_CMD_H

#include <stdio.h>

#include <jansson.h>

#include "client.h"

int trace_main(const struct client_options *opts, int argc, char *const argv[], FILE *out,
	       FILE *err);

/* Prints a trace.show result as text; -1 when it has not that shape. */
int trace_print(FILE *out, const json_t *result);

#endif
