/* rtnetlink sockets for the EVPN shadow, through libmnl. */
#include "evpn_nl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/rtnetlink.h>

/* Room for bursts of zebra's updates (10,000 type-2 routes at once) while
 * the control thread is busy; an overrun beyond it costs a full resync. */
#define EVPN_EVENT_RCVBUF (8 << 20)
/* One read: a dump batch of the kernel fits (it fills up to 32 KiB). */
#define EVPN_NL_BUFFER 32768

int evpn_nl_open(struct evpn_nl *nl, char *err, size_t errlen)
{
	int size = EVPN_EVENT_RCVBUF;

	memset(nl, 0, sizeof(*nl));
	nl->req = mnl_socket_open(NETLINK_ROUTE);
	nl->events = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!nl->req || !nl->events || mnl_socket_bind(nl->req, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_bind(nl->events, 1u << (RTNLGRP_NEIGH - 1), MNL_SOCKET_AUTOPID) < 0) {
		snprintf(err, errlen, "evpn: cannot open a netlink socket: %s", strerror(errno));
		evpn_nl_close(nl);
		return -1;
	}
	/* FORCE passes rmem_max as root; as a fallback the plain size. */
	if (setsockopt(mnl_socket_get_fd(nl->events), SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)) < 0)
		setsockopt(mnl_socket_get_fd(nl->events), SOL_SOCKET, SO_RCVBUF, &size,
			   sizeof(size));
	nl->req_portid = mnl_socket_get_portid(nl->req);
	nl->seq = 1;
	return 0;
}

void evpn_nl_close(struct evpn_nl *nl)
{
	if (nl->req)
		mnl_socket_close(nl->req);
	if (nl->events)
		mnl_socket_close(nl->events);
	nl->req = nl->events = NULL;
}

int evpn_nl_call(struct evpn_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	static char buf[EVPN_NL_BUFFER];
	uint32_t seq = nlh->nlmsg_seq;
	int rc;

	if (mnl_socket_sendto(nl->req, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ssize_t n = mnl_socket_recvfrom(nl->req, buf, sizeof(buf));

		if (n < 0)
			return -errno;
		rc = mnl_cb_run(buf, (size_t)n, seq, nl->req_portid, cb, data);
	} while (rc == MNL_CB_OK);
	return rc == MNL_CB_ERROR ? -errno : 0;
}

int evpn_nl_drain(struct evpn_nl *nl, mnl_cb_t cb, void *data)
{
	static char buf[EVPN_NL_BUFFER];
	int count = 0;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->events, buf, sizeof(buf));

		if (n < 0)
			return errno == ENOBUFS ? -ENOBUFS : count;
		/* Events are not answers: seq and portid 0 match anything. */
		mnl_cb_run(buf, (size_t)n, 0, 0, cb, data);
		count++;
	}
}

int evpn_nl_events_fd(const struct evpn_nl *nl)
{
	return mnl_socket_get_fd(nl->events);
}
