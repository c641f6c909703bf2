/* The Prometheus endpoint. libmicrohttpd runs without a thread of its own:
 * the control thread calls metrics_poll() on every round of its loop, so
 * a scrape reads counters and port slots on the thread that changes them
 * and needs no lock. A round is at most 16 ms, which a scrape never notices. */
#include "metrics.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_hash.h>

#include "../dataplane/drops.h"
#include "../dataplane/fdb.h"
#include "../dataplane/stats.h"
#include "metrics_addr.h"
#include "metrics_text.h"

struct metrics_server {
	struct MHD_Daemon *mhd;
	struct datapath *dp;
	int fd;
	char unix_path[108]; /* removed at stop; "" for TCP */
	uint64_t scrapes;
};

static void add_port(struct metrics_text *t, const struct datapath *dp, uint16_t i)
{
	const struct port *port = &dp->ports[i];
	struct port_counters pc;

	stats_port(dp, i, &pc);
	for (int q = 0; q < SLUICE_MAX_QUEUES; q++) {
		if (!pc.rx[q].packets && !pc.tx[q].packets)
			continue;
		metrics_text_port_queue(t, port->name, q, pc.rx[q].packets, pc.rx[q].bytes,
					pc.tx[q].packets, pc.tx[q].bytes);
	}
	for (int r = 0; r < DROP_REASON_COUNT; r++)
		if (pc.drops[r])
			metrics_text_port_drops(t, port->name, drop_table[r].name, pc.drops[r]);
	if (port->type == PORT_TYPE_VHOST)
		metrics_text_vhost(t, port->name, __atomic_load_n(&port->ready, __ATOMIC_ACQUIRE),
				   port->connects, port->disconnects);
	else
		metrics_text_port_up(t, port->name, port->started);
}

static void add_fdb(struct metrics_text *t, const struct datapath *dp)
{
	static uint32_t per_network[SLUICE_NETWORKS_CEILING];
	const void *key;
	void *data;
	uint32_t iter = 0;

	memset(per_network, 0, sizeof(per_network));
	while (rte_hash_iterate(dp->fdb.hash, &key, &data, &iter) >= 0) {
		uint16_t n = ((const struct fdb_key *)key)->network;

		if (n < SLUICE_MAX_NETWORKS)
			per_network[n]++;
	}
	for (uint32_t n = 0; n < SLUICE_MAX_NETWORKS; n++)
		if (dp->desired.cfg.networks[n].name[0])
			metrics_text_fdb(t, dp->desired.cfg.networks[n].name, per_network[n]);
}

static void add_vtep(struct metrics_text *t, const struct datapath *dp)
{
	uint32_t reachable = 0, incomplete = 0;

	if (!dp->desired.cfg.vtep.present)
		return;
	for (uint32_t i = 0; i < dp->neigh.n_slots; i++) {
		const struct neigh_slot *s = &dp->neigh.slot[i];

		if (!s->ip)
			continue;
		reachable += s->state == NEIGH_REACHABLE;
		incomplete += s->state == NEIGH_INCOMPLETE;
	}
	metrics_text_neighbours(t, reachable, incomplete);
}

/* The whole page, malloc'd; NULL without memory. */
static char *render(struct metrics_server *m)
{
	struct datapath *dp = m->dp;
	struct metrics_text t;

	if (metrics_text_init(&t) < 0)
		return NULL;
	for (uint16_t i = 0; i < dp->n_ports; i++)
		if (datapath_port_in_use(dp, i))
			add_port(&t, dp, i);
	for (uint32_t c = 0; c < dp->n_pmds; c++) {
		struct core_totals ct;

		stats_core(dp, c, &ct);
		metrics_text_pmd(&t, dp->pmds[c]->lcore, ct.busy_cycles, ct.idle_cycles,
				 ct.packets);
	}
	add_fdb(&t, dp);
	add_vtep(&t, dp);
	metrics_text_scrapes(&t, ++m->scrapes);
	return metrics_text_finish(&t);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_size, void **req_cls)
{
	struct metrics_server *m = cls;
	struct MHD_Response *resp;
	enum MHD_Result rc;
	unsigned status = MHD_HTTP_OK;
	char *body = NULL;
	static const char not_found[] = "sluice serves /metrics only\n";

	(void)version;
	(void)upload_data;
	(void)upload_size;
	(void)req_cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
	} else if (strcmp(url, "/metrics") == 0) {
		body = render(m);
		if (!body)
			status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	} else {
		status = MHD_HTTP_NOT_FOUND;
	}
	if (body)
		resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	else
		resp = MHD_create_response_from_buffer(sizeof(not_found) - 1, (void *)not_found,
						       MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				body ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain");
	rc = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* Bound here, not by libmicrohttpd, so that an address in use is a clear
 * error at start and a Unix socket works the same way. */
static int listen_socket(const struct metrics_addr *a, const char *text, char *err, size_t errlen)
{
	int fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int one = 1;

	if (fd < 0) {
		snprintf(err, errlen, "[metrics] listen %s: socket: %s", text, strerror(errno));
		return -1;
	}
	if (a->family != AF_UNIX)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	else
		unlink(((const struct sockaddr_un *)&a->sa)->sun_path);
	if (bind(fd, (const struct sockaddr *)&a->sa, a->len) < 0 || listen(fd, 16) < 0) {
		snprintf(err, errlen, "[metrics] listen %s: %s%s", text, strerror(errno),
			 errno == EADDRINUSE ? " (another process listens there: choose another "
					       "port, or stop it)"
					     : "");
		close(fd);
		return -1;
	}
	return fd;
}

struct metrics_server *metrics_start(struct datapath *dp, const char *listen_text, char *err,
				     size_t errlen)
{
	struct metrics_server *m;
	struct metrics_addr addr;
	char why[256];

	if (metrics_addr_parse(listen_text, &addr, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "[metrics] listen: %s", why);
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "[metrics]: out of memory");
		return NULL;
	}
	m->dp = dp;
	m->fd = listen_socket(&addr, listen_text, err, errlen);
	if (m->fd < 0) {
		free(m);
		return NULL;
	}
	if (addr.family == AF_UNIX)
		snprintf(m->unix_path, sizeof(m->unix_path), "%s", listen_text);
	/* No thread flag: metrics_poll() drives it from the control loop. */
	m->mhd =
	    MHD_start_daemon(MHD_USE_ERROR_LOG, 0, NULL, NULL, answer, m, MHD_OPTION_LISTEN_SOCKET,
			     m->fd, MHD_OPTION_CONNECTION_LIMIT, (unsigned)32,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
	if (!m->mhd) {
		snprintf(err, errlen, "[metrics] listen %s: libmicrohttpd did not start",
			 listen_text);
		metrics_stop(m);
		return NULL;
	}
	return m;
}

void metrics_poll(struct metrics_server *m)
{
	if (m && m->mhd)
		MHD_run(m->mhd);
}

int metrics_fd(const struct metrics_server *m)
{
	return m ? m->fd : -1;
}

void metrics_stop(struct metrics_server *m)
{
	if (!m)
		return;
	if (m->mhd)
		MHD_stop_daemon(m->mhd);
	else if (m->fd >= 0)
		close(m->fd);
	if (m->unix_path[0])
		unlink(m->unix_path);
	free(m);
}
