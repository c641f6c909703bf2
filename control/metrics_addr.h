/* [metrics] listen: "ADDRESS:PORT", "[IPV6]:PORT" or an absolute Unix
 * socket path, into a socket address. Pure: no I/O. */
#ifndef SLUICE_METRICS_ADDR_H
#define SLUICE_METRICS_ADDR_H

#include <stddef.h>
#include <sys/socket.h>

struct metrics_addr {
	struct sockaddr_storage sa;
	socklen_t len;
	int family; /* AF_INET, AF_INET6 or AF_UNIX */
};

/* 0 with out filled, or -1 with why in err (what to write instead). */
int metrics_addr_parse(const char *text, struct metrics_addr *out, char *err, size_t errlen);

#endif
