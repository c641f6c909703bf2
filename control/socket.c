#include "socket.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "jsonrpc.h"

/* Replies a client has not read yet; past this it is cut off rather than
 * let it hold memory hostage. */
#define CLIENT_OUT_MAX (4u << 20)

struct client {
	int fd;
	char *in;
	size_t in_len, in_cap;
	char *out;
	size_t out_len, out_cap;
	bool closing;		 /* close once out is flushed */
	uint64_t last_active_ms; /* connected, or last request or reply */
};

struct ctl_server {
	int fd;
	char path[SLUICE_SOCKET_PATH_MAX];
	struct client clients[CTL_MAX_CLIENTS];
	uint32_t n_clients;
	uint64_t refused; /* connections over CTL_MAX_CLIENTS */
	int watched_fd;	  /* another fd that ends the wait (ctl_server_watch), -1 none */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* A socket file left by a crash makes bind fail: remove it if nobody listens. */
static int remove_stale(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) < 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "control socket %s exists and is not a socket", path);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	rc = connect(fd, (struct sockaddr *)&addr, sizeof(addr));
	close(fd);
	if (rc == 0) {
		snprintf(err, errlen, "another sluice serves %s (stop it, or set [control] socket)",
			 path);
		return -1;
	}
	unlink(path);
	return 0;
}

struct ctl_server *ctl_server_open(const struct control_config *cfg, char *err, size_t errlen)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct ctl_server *s = calloc(1, sizeof(*s));
	char dir[SLUICE_SOCKET_PATH_MAX];

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->watched_fd = -1;
	snprintf(s->path, sizeof(s->path), "%s", cfg->socket);
	snprintf(dir, sizeof(dir), "%s", cfg->socket);
	/* The default /run/sluice may not exist yet; an operator's own
	 * directory was checked by the config loader. */
	if (mkdir(dirname(dir), 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s for the control socket: %s", dir,
			 strerror(errno));
		goto fail;
	}
	if (remove_stale(s->path, err, errlen) < 0)
		goto fail;
	s->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s->fd < 0 || set_nonblocking(s->fd) < 0) {
		snprintf(err, errlen, "cannot create the control socket: %s", strerror(errno));
		goto fail;
	}
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", s->path);
	if (bind(s->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(s->fd, 256) < 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", s->path, strerror(errno));
		goto fail;
	}
	if (chmod(s->path, cfg->mode) < 0) {
		snprintf(err, errlen, "cannot chmod %s to %04o: %s", s->path, cfg->mode,
			 strerror(errno));
		goto fail_unlink;
	}
	if (cfg->group[0]) {
		struct group *g = getgrnam(cfg->group);

		if (!g || chown(s->path, (uid_t)-1, g->gr_gid) < 0) {
			snprintf(err, errlen, "cannot give %s to group '%s': %s", s->path,
				 cfg->group, g ? strerror(errno) : "no such group");
			goto fail_unlink;
		}
	}
	for (int i = 0; i < CTL_MAX_CLIENTS; i++)
		s->clients[i].fd = -1;
	return s;
fail_unlink:
	unlink(s->path);
fail:
	if (s->fd > 0)
		close(s->fd);
	free(s);
	return NULL;
}

static void client_drop(struct ctl_server *s, struct client *c)
{
	close(c->fd);
	free(c->in);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	s->n_clients--;
}

static void client_queue(struct client *c, const char *text)
{
	size_t n = strlen(text);

	/* Cut off (or hung up): nothing more goes to it, or the replies after
	 * the cut would refill out and keep it connected, with a hole in its
	 * replies. */
	if (c->closing)
		return;
	if (c->out_len + n > CLIENT_OUT_MAX) {
		/* It does not read its replies: give up on it. */
		c->closing = true;
		c->out_len = 0;
		return;
	}
	if (c->out_len + n > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 4096;
		char *out;

		while (cap < c->out_len + n)
			cap *= 2;
		out = realloc(c->out, cap);
		if (!out) {
			c->closing = true;
			return;
		}
		c->out = out;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, text, n);
	c->out_len += n;
}

/* With every slot taken, the client idle longest makes room, if it has been
 * idle CTL_IDLE_EVICT_MS: idle connections left open (a crashed script, a
 * forgotten nc) must not lock the operator out, while a busy table of live
 * clients still refuses the newcomer. Returns the freed slot or NULL. */
static struct client *evict_idlest(struct ctl_server *s, uint64_t now)
{
	struct client *idlest = NULL;

	for (int i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct client *c = &s->clients[i];

		if (c->fd >= 0 && !c->out_len && !c->in_len &&
		    (!idlest || c->last_active_ms < idlest->last_active_ms))
			idlest = c;
	}
	if (!idlest || now - idlest->last_active_ms < CTL_IDLE_EVICT_MS)
		return NULL;
	fprintf(stderr,
		"sluice: control: all %d client slots taken; closed one idle for %" PRIu64
		" s to make room\n",
		CTL_MAX_CLIENTS, (now - idlest->last_active_ms) / 1000);
	client_drop(s, idlest);
	return idlest;
}

static void accept_all(struct ctl_server *s)
{
	for (;;) {
		int fd = accept(s->fd, NULL, NULL);
		uint64_t now = now_ms();
		struct client *c = NULL;

		if (fd < 0)
			return;
		for (int i = 0; i < CTL_MAX_CLIENTS && !c; i++)
			if (s->clients[i].fd < 0)
				c = &s->clients[i];
		if (!c)
			c = evict_idlest(s, now);
		if (!c || set_nonblocking(fd) < 0) {
			static const char busy[] =
			    "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,"
			    "\"message\":\"too many control clients\"}}\n";

			s->refused++;
			/* MSG_NOSIGNAL: a client already gone must not kill
			 * sluice with SIGPIPE. */
			if (send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL) < 0) {
				/* nothing more to tell it */
			}
			close(fd);
			continue;
		}
		memset(c, 0, sizeof(*c));
		c->fd = fd;
		c->last_active_ms = now;
		s->n_clients++;
	}
}

/* A line too long ends the client: one error reply, then it is closed. */
static void refuse_long_line(struct client *c)
{
	struct rpc_error e = {RPC_INVALID_REQUEST, ""};
	char *reply;

	snprintf(e.message, sizeof(e.message), "request line longer than %d bytes", RPC_LINE_MAX);
	reply = rpc_reply_error(NULL, &e);
	if (reply) {
		client_queue(c, reply);
		free(reply);
	}
	c->in_len = 0;
	c->closing = true;
}

/* Runs every complete line in c->in; a line too long ends the client. */
static void handle_lines(struct client *c, struct control *ctl)
{
	size_t start = 0;

	for (;;) {
		char *nl = memchr(c->in + start, '\n', c->in_len - start);
		char *reply;

		/* A client cut off mid-batch: run none of its later requests. */
		if (!nl || c->closing)
			break;
		/* Whether a long line arrived whole in one read or not, the
		 * client is closed the same way. */
		if ((size_t)(nl - (c->in + start)) > RPC_LINE_MAX) {
			refuse_long_line(c);
			return;
		}
		reply = command_dispatch(ctl, c->in + start, (size_t)(nl - (c->in + start)));
		if (reply) {
			client_queue(c, reply);
			free(reply);
		}
		start = (size_t)(nl - c->in) + 1;
	}
	memmove(c->in, c->in + start, c->in_len - start);
	c->in_len -= start;
	if (c->in_len > RPC_LINE_MAX)
		refuse_long_line(c);
}

static void client_read(struct ctl_server *s, struct client *c, struct control *ctl)
{
	for (;;) {
		ssize_t n;

		if (c->in_cap - c->in_len < 4096) {
			size_t cap = c->in_cap ? c->in_cap * 2 : 8192;
			char *in = realloc(c->in, cap);

			if (!in) {
				client_drop(s, c);
				return;
			}
			c->in = in;
			c->in_cap = cap;
		}
		n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
		if (n > 0) {
			c->last_active_ms = now_ms();
			c->in_len += (size_t)n;
			handle_lines(c, ctl);
			if (c->closing)
				return;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		/* EOF or error: a half-sent request is discarded unexecuted. */
		c->closing = true;
		c->in_len = 0;
		return;
	}
}

static void client_write(struct ctl_server *s, struct client *c)
{
	while (c->out_len > 0) {
		ssize_t n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			client_drop(s, c);
			return;
		}
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (size_t)n;
		c->last_active_ms = now_ms();
	}
	if (c->closing)
		client_drop(s, c);
}

int ctl_server_poll(struct ctl_server *s, struct control *ctl, int timeout_ms)
{
	struct pollfd fds[CTL_MAX_CLIENTS + 2];
	int map[CTL_MAX_CLIENTS + 2];
	nfds_t n = 0;

	fds[n].fd = s->fd;
	fds[n].events = POLLIN;
	map[n++] = -1;
	for (int i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct client *c = &s->clients[i];

		if (c->fd < 0)
			continue;
		fds[n].fd = c->fd;
		fds[n].events = (short)((c->closing ? 0 : POLLIN) | (c->out_len ? POLLOUT : 0));
		map[n++] = i;
	}
	if (s->watched_fd >= 0) {
		fds[n].fd = s->watched_fd;
		fds[n].events = POLLIN;
		map[n++] = -1;
	}
	if (poll(fds, n, timeout_ms) <= 0)
		return 0;
	for (nfds_t k = 1; k < n; k++) {
		struct client *c;

		if (map[k] < 0)
			continue; /* the watched fd: its owner reads it */
		c = &s->clients[map[k]];

		if (fds[k].revents & POLLIN)
			client_read(s, c, ctl);
		if (c->fd >= 0 && (fds[k].revents & (POLLHUP | POLLERR)) &&
		    !(fds[k].revents & POLLIN)) {
			client_drop(s, c);
			continue;
		}
		if (c->fd >= 0 && (c->out_len || c->closing))
			client_write(s, c);
	}
	if (fds[0].revents & POLLIN)
		accept_all(s);
	return 1;
}

void ctl_server_watch(struct ctl_server *s, int fd)
{
	s->watched_fd = fd;
}

uint32_t ctl_server_clients(const struct ctl_server *s)
{
	return s->n_clients;
}

void ctl_server_close(struct ctl_server *s)
{
	if (!s)
		return;
	for (int i = 0; i < CTL_MAX_CLIENTS; i++)
		if (s->clients[i].fd >= 0)
			client_drop(s, &s->clients[i]);
	close(s->fd);
	unlink(s->path);
	free(s);
}
