/* The control socket: a Unix stream socket served by the control thread,
 * one JSON-RPC request per line. Non-blocking throughout, so a slow or stuck
 * client delays nobody: its replies queue up to a limit, then it is cut off. */
#ifndef SLUICE_SOCKET_H
#define SLUICE_SOCKET_H

#include <stddef.h>
#include <stdint.h>

#include "commands.h"
#include "config.h"

#define CTL_MAX_CLIENTS 256
/* A full table closes its longest-idle client once it has been idle this
 * long, to make room for a new one. */
#define CTL_IDLE_EVICT_MS 5000

struct ctl_server;

/* Creates the directory if missing, removes a stale socket file, listens,
 * applies mode and group. */
struct ctl_server *ctl_server_open(const struct control_config *cfg, char *err, size_t errlen);
/* Waits up to timeout_ms for activity, then serves what is ready. Returns 1
 * when there was activity, 0 when the wait timed out. */
int ctl_server_poll(struct ctl_server *s, struct control *ctl, int timeout_ms);
/* fd readable also ends the wait (the EVPN netlink events); -1: none. */
void ctl_server_watch(struct ctl_server *s, int fd);
uint32_t ctl_server_clients(const struct ctl_server *s);
void ctl_server_close(struct ctl_server *s);

#endif
