#include "conn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int64_t conn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for events. Returns CONN_OK or CONN_TIMEOUT/CONN_IO. */
static enum conn_status wait_for(struct conn *c, short events, int64_t deadline_ms)
{
	struct pollfd pfd = {.fd = c->fd, .events = events};

	for (;;) {
		int64_t left = deadline_ms - conn_now_ms();
		int n;

		if (left <= 0)
			return CONN_TIMEOUT;
		n = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return CONN_OK;
		if (n < 0 && errno != EINTR) {
			c->error = errno;
			return CONN_IO;
		}
	}
}

enum conn_status conn_open(struct conn *c, const char *path, int64_t deadline_ms)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (strlen(path) >= sizeof(addr.sun_path)) {
		c->error = ENAMETOOLONG;
		return CONN_UNREACHABLE;
	}
	memcpy(addr.sun_path, path, strlen(path) + 1);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0) {
		c->error = errno;
		return CONN_UNREACHABLE;
	}
	/* A non-blocking Unix connect fails with EAGAIN while the listen backlog
	 * is full (a stuck server): retry until the deadline instead of hanging. */
	while (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			if (conn_now_ms() >= deadline_ms)
				return CONN_TIMEOUT;
			usleep(10000);
			continue;
		}
		if (errno == EINPROGRESS) {
			socklen_t len = sizeof(c->error);
			enum conn_status s = wait_for(c, POLLOUT, deadline_ms);

			if (s != CONN_OK)
				return s;
			getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &c->error, &len);
			return c->error ? CONN_UNREACHABLE : CONN_OK;
		}
		c->error = errno;
		return CONN_UNREACHABLE;
	}
	return CONN_OK;
}

enum conn_status conn_send(struct conn *c, const char *data, size_t len, int64_t deadline_ms)
{
	while (len > 0) {
		ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);

		if (n > 0) {
			data += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			enum conn_status s = wait_for(c, POLLOUT, deadline_ms);

			if (s != CONN_OK)
				return s;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		c->error = errno;
		return errno == EPIPE || errno == ECONNRESET ? CONN_CLOSED : CONN_IO;
	}
	return CONN_OK;
}

/* Makes room for at least one more read, dropping lines already returned. */
static void make_room(struct conn *c)
{
	if (c->used > 0) {
		memmove(c->buf, c->buf + c->used, c->len - c->used);
		c->len -= c->used;
		c->used = 0;
	}
	if (c->cap - c->len < 4096) {
		c->cap = c->cap ? 2 * c->cap : 65536;
		c->buf = realloc(c->buf, c->cap);
		if (!c->buf)
			abort();
	}
}

static char *take_line(struct conn *c, size_t end, size_t next, size_t *len)
{
	char *line = c->buf + c->used;

	c->buf[end] = '\0';
	*len = end - c->used;
	c->used = next;
	return line;
}

enum conn_status conn_recv_line(struct conn *c, char **line, size_t *len, int64_t deadline_ms)
{
	size_t scanned = c->used;

	for (;;) {
		char *nl = c->buf ? memchr(c->buf + scanned, '\n', c->len - scanned) : NULL;
		ssize_t n;

		if (nl) {
			size_t end = (size_t)(nl - c->buf);

			*line = take_line(c, end, end + 1, len);
			return CONN_OK;
		}
		if (c->len - c->used > CONN_LINE_MAX)
			return CONN_TOO_LONG;
		scanned = c->len;
		/* make_room moves the unread bytes to the front. */
		scanned -= c->used;
		make_room(c);
		n = recv(c->fd, c->buf + c->len, c->cap - c->len - 1, 0);
		if (n > 0) {
			c->len += (size_t)n;
			continue;
		}
		if (n == 0) {
			if (c->len > c->used) {
				*line = take_line(c, c->len, c->len, len);
				return CONN_OK;
			}
			return CONN_CLOSED;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			enum conn_status s = wait_for(c, POLLIN, deadline_ms);

			if (s != CONN_OK)
				return s;
			continue;
		}
		if (errno == EINTR)
			continue;
		c->error = errno;
		return errno == ECONNRESET ? CONN_CLOSED : CONN_IO;
	}
}

void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}
