/* A connection to the control socket: connect, write a request line, read
 * reply lines, each bounded by a deadline. No JSON here. */
#ifndef SLUICECTL_CONN_H
#define SLUICECTL_CONN_H

#include <stddef.h>
#include <stdint.h>

/* Longest reply line read (a port list with per-queue stats can be long). */
#define CONN_LINE_MAX (1 << 20)

enum conn_status {
	CONN_OK,
	CONN_UNREACHABLE, /* connect failed; conn.error holds the errno */
	CONN_TIMEOUT,	  /* the deadline passed */
	CONN_CLOSED,	  /* the server hung up before a whole line */
	CONN_IO,	  /* read or write failed; conn.error holds the errno */
	CONN_TOO_LONG,	  /* a line longer than CONN_LINE_MAX */
};

struct conn {
	int fd;
	int error;
	char *buf;
	size_t len;  /* bytes in buf */
	size_t used; /* bytes of buf already returned as lines */
	size_t cap;
};

/* Milliseconds on a monotonic clock, for deadlines. */
int64_t conn_now_ms(void);

enum conn_status conn_open(struct conn *c, const char *path, int64_t deadline_ms);
enum conn_status conn_send(struct conn *c, const char *data, size_t len, int64_t deadline_ms);
/* The next line, without its '\n' and NUL-terminated, valid until the next
 * call. A last line the server ends by closing instead of '\n' counts. */
enum conn_status conn_recv_line(struct conn *c, char **line, size_t *len, int64_t deadline_ms);
void conn_close(struct conn *c);

#endif
