/* The two rtnetlink sockets of the EVPN shadow: one for requests (each waits
 * for its answer), one that hears the kernel's FDB events (RTNLGRP_NEIGH),
 * non-blocking, read by the control thread's loop. */
#ifndef SLUICE_EVPN_NL_H
#define SLUICE_EVPN_NL_H

#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

struct evpn_nl {
	struct mnl_socket *req;
	struct mnl_socket *events;
	uint32_t req_portid;
	uint32_t seq;
};

int evpn_nl_open(struct evpn_nl *nl, char *err, size_t errlen);
void evpn_nl_close(struct evpn_nl *nl);
/* Sends nlh and reads until its ACK (or, for a dump or get, its last
 * answer), giving each answer to cb. Returns 0 or -errno. */
int evpn_nl_call(struct evpn_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* Every event waiting on the event socket to cb. Returns how many were
 * read, or -ENOBUFS when the kernel dropped some (the caller resyncs). */
int evpn_nl_drain(struct evpn_nl *nl, mnl_cb_t cb, void *data);
int evpn_nl_events_fd(const struct evpn_nl *nl);

#endif
