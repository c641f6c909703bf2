/* sluicectl capture PORT: starts a capture in sluice, waits for its count,
 * --duration or Ctrl-C, stops it and says what the file holds. */
#ifndef SLUICECTL_CAPTURE_CMD_H
#define SLUICECTL_CAPTURE_CMD_H

#include <stdio.h>

#include "client.h"

int capture_main(const struct client_options *opts, int argc, char *const argv[], FILE *out,
		 FILE *err);

/* The absolute path sluice is asked to write: write as given when absolute,
 * else under cwd; without write, cwd/sluice-PORT-STAMP.pcapng. Returns 0, or
 * -1 when it does not fit len. */
int capture_path(const char *write, const char *cwd, const char *port, const char *stamp, char *buf,
		 size_t len);

#endif
