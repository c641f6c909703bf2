/* The Prometheus / OpenMetrics endpoint ([metrics] listen): GET /metrics on
 * TCP or a Unix socket, served by libmicrohttpd from the control thread. */
#ifndef SLUICE_METRICS_H
#define SLUICE_METRICS_H

#include <stddef.h>

#include "../dataplane/datapath.h"

struct metrics_server;

/* Binds and listens on listen_text; NULL with err set (address in use, bad
 * address, no permission). */
struct metrics_server *metrics_start(struct datapath *dp, const char *listen_text, char *err,
				     size_t errlen);
/* Control thread, every round: accept, read and answer what is ready. */
void metrics_poll(struct metrics_server *m);
int metrics_fd(const struct metrics_server *m);
/* Closes the socket (and removes a Unix socket file). NULL is fine. */
void metrics_stop(struct metrics_server *m);

#endif
