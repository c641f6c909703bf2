/* libFuzzer target over the control socket as a client meets it: the bytes
 * are written to a real ctl_server (control/socket.c) over a Unix socket, in
 * chunks the first byte sizes, so line framing, partial lines, long lines and
 * EOF run as in sluice; every complete line goes through command_dispatch to
 * every cmd_* handler of a live datapath (EAL --no-huge, net_null ports, no
 * PMD launched, so views publish without waiting).
 *
 * Checks: every reply line is a JSON-RPC 2.0 object with a result or an
 * error, there are never more replies than lines, and the server closes the
 * client once its replies are out. The datapath is rebuilt from the config
 * when an input changed its ports, networks, neighbours or queue pins, so
 * each input starts from the same state and a crash replays alone.
 *
 * A sandbox seam: port.add would probe any device and create or unlink a
 * vhost-user socket anywhere, capture.start create a file anywhere; --wrap lets only net_null /
 * net_ring devices and paths under the fuzzer's scratch directory through. Run one at a time under
 * flock /work/dpdk.lock. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>
#include <rte_log.h>

#include "../../control/commands.h"
#include "../../control/socket.h"
#include "../../dataplane/lifecycle.h"
#include "../component/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_control: check failed: %s\n", #cond);                \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* Polls of a quiet exchange before it counts as hung. */
#define MAX_IDLE_POLLS 100000

static char scratch[64];
static struct sluice_config base_cfg;
static struct neigh_table base_neigh;
static rxq_worker_map base_pin;
static struct datapath *dp;
static struct control ctl;
static struct ctl_server *server;
static char server_path[128];
static bool verbose; /* FUZZ_CONTROL_VERBOSE set: print replies */

/* --- the sandbox seam (-Wl,--wrap=...) --- */
int __real_rte_dev_probe(const char *devargs);
int __wrap_rte_dev_probe(const char *devargs);
int __real_rte_vhost_driver_register(const char *path, uint64_t flags);
int __wrap_rte_vhost_driver_register(const char *path, uint64_t flags);
int __real_unlink(const char *path);
int __wrap_unlink(const char *path);
int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...);

static bool in_scratch(const char *path)
{
	size_t n = strlen(scratch);

	return strncmp(path, scratch, n) == 0 && path[n] == '/' && !strstr(path, "/..");
}

int __wrap_rte_dev_probe(const char *devargs)
{
	if (strncmp(devargs, "net_null", 8) != 0 && strncmp(devargs, "net_ring", 8) != 0)
		return -EPERM;
	return __real_rte_dev_probe(devargs);
}

int __wrap_rte_vhost_driver_register(const char *path, uint64_t flags)
{
	return in_scratch(path) ? __real_rte_vhost_driver_register(path, flags) : -1;
}

/* capture.start creates its file wherever its path says. */
int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (!in_scratch(path)) {
		errno = EPERM;
		return -1;
	}
	return __real_open(path, flags, mode);
}

int __wrap_unlink(const char *path)
{
	if (!in_scratch(path)) {
		errno = EPERM;
		return -1;
	}
	return __real_unlink(path);
}

static const char config_fmt[] =
    "[dataplane]\nmain-core = 0\nworker-cores = 1\nfdb-entries = 1024\n"
    "[control]\nsocket = %s/ctl.sock\n"
    "[network lan]\ntype = flat\n"
    "[network v100]\ntype = vlan\nvid = 100\nport = t\n"
    "[network ov]\ntype = vxlan\nvni = 100\nflood = 198.18.0.2, 198.19.0.1\n"
    "[network gr]\ntype = gre\nkey = 7\n"
    "[port p0]\ntype = phy\ndevargs = net_null0\nnetwork = lan\nrx-queues = 2\n"
    "[port p1]\ntype = phy\ndevargs = net_null1\nnetwork = ov\n"
    "[port p2]\ntype = phy\ndevargs = net_null2\nnetwork = v100\n"
    "[port t]\ntype = phy\ndevargs = net_null3\n"
    "[port u]\ntype = phy\ndevargs = net_null4\n"
    "[vtep]\naddress = 198.18.0.1/24\nport = u\ngateway = 198.18.0.254\n"
    "neighbours = 198.18.0.254 02:00:00:00:01:fe\n";

static void datapath_build(void)
{
	char err[512];

	dp = datapath_create(&base_cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "fuzz_control: datapath_create: %s\n", err);
		exit(1);
	}
	ctl.dp = dp;
}

static void fuzz_cleanup(void)
{
	char cmd[128];

	ctl_server_close(server);
	if (dp)
		datapath_destroy(dp);
	dp = NULL;
	harness_eal_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", scratch);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_control: could not remove %s\n", scratch);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char text[2048];
	char err[512];

	(void)argc;
	(void)argv;
	/* A fixed name, so seeds can name vhost sockets in it: one fuzz_control
	 * at a time (the DPDK lock already says so). */
	snprintf(scratch, sizeof(scratch), "/tmp/sluice-fuzz-control");
	if ((mkdir(scratch, 0755) < 0 && errno != EEXIST) || harness_eal_init("fuzz_control") < 0) {
		fprintf(stderr, "fuzz_control: cannot set up %s or the EAL\n", scratch);
		exit(1);
	}
	verbose = getenv("FUZZ_CONTROL_VERBOSE") != NULL;
	snprintf(text, sizeof(text), config_fmt, scratch);
	if (harness_config(text, &base_cfg) < 0)
		exit(1);
	datapath_build();
	/* What the first datapath made of the config is the state each input
	 * must find; compare against it, not against the parsed file. */
	base_cfg = dp->desired.cfg;
	base_neigh = dp->neigh;
	memcpy(base_pin, dp->desired.rxq_pin, sizeof(base_pin));
	server = ctl_server_open(&base_cfg.control, err, sizeof(err));
	if (!server) {
		fprintf(stderr, "fuzz_control: %s\n", err);
		exit(1);
	}
	snprintf(server_path, sizeof(server_path), "%s", base_cfg.control.socket);
	atexit(fuzz_cleanup);
	return 0;
}

/* Back to the state the config gave, only when an input moved off it. */
static void state_restore(void)
{
	for (uint32_t n = 0; n < dp->desired.cfg.n_networks; n++)
		fdb_flush_network(&dp->fdb, (uint16_t)n);
	ctl.shutdown_requested = false;
	rte_log_set_level_pattern("*", RTE_LOG_WARNING);
	if (memcmp(&dp->desired.cfg, &base_cfg, sizeof(base_cfg)) == 0 &&
	    memcmp(&dp->neigh, &base_neigh, sizeof(base_neigh)) == 0 &&
	    memcmp(dp->desired.rxq_pin, base_pin, sizeof(base_pin)) == 0)
		return;
	datapath_destroy(dp);
	datapath_build();
}

static void check_reply_line(const char *line, size_t len)
{
	json_error_t e;
	json_t *r = json_loadb(line, len, 0, &e);

	/* For whoever writes seeds: what each line got. */
	if (verbose)
		fprintf(stderr, "reply: %.*s\n", (int)(len > 300 ? 300 : len), line);
	FUZZ_CHECK(r && json_is_object(r));
	FUZZ_CHECK(json_is_string(json_object_get(r, "jsonrpc")));
	FUZZ_CHECK(strcmp(json_string_value(json_object_get(r, "jsonrpc")), "2.0") == 0);
	FUZZ_CHECK(!json_object_get(r, "result") != !json_object_get(r, "error"));
	json_decref(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	size_t chunk, sent = 0, got = 0, cap = 1 << 16, lines = 0, replies = 0, start = 0;
	char *in = malloc(cap);
	bool eof = false, shut = false;
	int fd, idle = 0;

	if (!size || !in) {
		free(in);
		return 0;
	}
	/* The first byte: how the client's writes cut the stream, from one
	 * byte at a time to 60 KiB. */
	chunk = data[0] < 16 ? data[0] + 1u : (data[0] - 15u) * 256u;
	data++, size--;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", server_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
	while (!eof) {
		ssize_t n;
		bool moved = false;

		if (sent < size) {
			n = send(fd, data + sent, size - sent < chunk ? size - sent : chunk,
				 MSG_NOSIGNAL);
			if (n > 0)
				sent += (size_t)n, moved = true;
			else if (n < 0 && errno != EAGAIN)
				sent = size; /* the server cut us off */
		} else if (!shut) {
			shutdown(fd, SHUT_WR);
			shut = true;
		}
		moved |= ctl_server_poll(server, &ctl, 0) > 0;
		if (got == cap) {
			char *bigger = realloc(in, cap * 2);

			FUZZ_CHECK(bigger);
			in = bigger, cap *= 2;
		}
		n = recv(fd, in + got, cap - got, 0);
		if (n == 0)
			eof = true;
		else if (n > 0)
			got += (size_t)n, moved = true;
		/* Whole reply lines, checked as they come. */
		for (char *nl; (nl = memchr(in + start, '\n', got - start)) != NULL;) {
			check_reply_line(in + start, (size_t)(nl - (in + start)));
			replies++;
			start = (size_t)(nl - in) + 1;
		}
		idle = moved ? 0 : idle + 1;
		FUZZ_CHECK(idle < MAX_IDLE_POLLS);
	}
	close(fd);
	/* One reply per line, plus one refusing a line too long. */
	FUZZ_CHECK(start == got);
	FUZZ_CHECK(replies <= lines + 1);
	/* The server has let the client go. */
	for (int i = 0; ctl_server_clients(server) > 0; i++) {
		FUZZ_CHECK(i < MAX_IDLE_POLLS);
		ctl_server_poll(server, &ctl, 0);
	}
	free(in);
	state_restore();
	return 0;
}
