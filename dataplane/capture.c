#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "capture_file.h"
#include "datapath.h"

/* Room for a full-size frame, the packet block header rte_pcapng_copy puts
 * in front (headroom) and its options behind; bigger frames chain. */
#define CAPTURE_MBUF_ROOM (RTE_MBUF_DEFAULT_BUF_SIZE + 128)
#define CAPTURE_DRAIN_BURST 64

struct capture_session {
	struct capture_status st; /* ring_full, pool_empty: PMDs add atomically */
	int fd;
	struct rte_ring *ring;	  /* rte_pcapng_copy mbufs, many PMDs in, control out */
	struct rte_mempool *pool; /* the copies' own: a capture never starves traffic */
	struct capture_clock clock;
};

void capture_copy(struct datapath *dp, const struct port *port, uint16_t queue,
		  struct rte_mbuf **pkts, uint16_t n, enum rte_pcapng_direction dir)
{
	struct capture_session *s = __atomic_load_n(&dp->captures[port->index], __ATOMIC_ACQUIRE);
	uint64_t tsc = rte_get_tsc_cycles();
	struct rte_mbuf *copies[BURST_SIZE];

	if (!s)
		return;
	while (n) {
		uint16_t chunk = n < BURST_SIZE ? n : BURST_SIZE, k = 0;
		unsigned sent;

		for (uint16_t i = 0; i < chunk; i++) {
			struct rte_mbuf *c = rte_pcapng_copy(port->index, queue, pkts[i], s->pool,
							     UINT32_MAX, tsc, dir);

			if (likely(c)) {
				capture_file_stamp_tsc(c, tsc);
				copies[k++] = c;
			}
		}
		if (k < chunk)
			__atomic_fetch_add(&s->st.pool_empty, chunk - k, __ATOMIC_RELAXED);
		sent = rte_ring_enqueue_burst(s->ring, (void **)copies, k, NULL);
		if (sent < k) {
			__atomic_fetch_add(&s->st.ring_full, k - sent, __ATOMIC_RELAXED);
			rte_pktmbuf_free_bulk(copies + sent, k - sent);
		}
		pkts += chunk;
		n = (uint16_t)(n - chunk);
	}
}

/* Queued copies to the file, up to the count. Returns how many it wrote. */
static uint32_t drain(struct capture_session *s)
{
	struct rte_mbuf *pkts[CAPTURE_DRAIN_BURST];
	uint32_t total = 0;
	unsigned n;

	while ((n = rte_ring_dequeue_burst(s->ring, (void **)pkts, CAPTURE_DRAIN_BURST, NULL))) {
		unsigned w = n;

		if (s->st.count && s->st.written + w > s->st.count)
			w = (unsigned)(s->st.count - s->st.written);
		if (s->st.state == CAPTURE_RUNNING && w &&
		    capture_file_write(s->fd, pkts, (uint16_t)w, &s->clock) < 0) {
			s->st.state = CAPTURE_FAILED;
			snprintf(s->st.error, sizeof(s->st.error), "writing the file: %s",
				 strerror(errno));
		}
		if (s->st.state == CAPTURE_RUNNING) {
			s->st.written += w;
			total += w;
		}
		rte_pktmbuf_free_bulk(pkts, n);
	}
	return total;
}

/* No PMD copies any more: the rest of the queue written (while running), the
 * file closed, the ring and pool gone. The status stays for capture.stop. */
static void finish(struct datapath *dp, struct capture_session *s, uint16_t port)
{
	__atomic_store_n(&dp->ports[port].capture, 0, __ATOMIC_RELEASE);
	/* Past a grace period no PMD is inside capture_copy. */
	rte_rcu_qsbr_synchronize(dp->qsv, RTE_QSBR_THRID_INVALID);
	drain(s);
	if (s->st.state == CAPTURE_RUNNING)
		s->st.state = CAPTURE_DONE;
	if (s->fd >= 0 && close(s->fd) < 0 && s->st.state == CAPTURE_DONE) {
		s->st.state = CAPTURE_FAILED;
		snprintf(s->st.error, sizeof(s->st.error), "closing the file: %s", strerror(errno));
	}
	s->fd = -1;
	rte_ring_free(s->ring);
	rte_mempool_free(s->pool);
	s->ring = NULL;
	s->pool = NULL;
}

static void session_free(struct capture_session *s)
{
	if (s->fd >= 0)
		close(s->fd);
	rte_ring_free(s->ring);
	rte_mempool_free(s->pool);
	rte_free(s);
}

/* The ring, the pool and the file of a new capture; nothing is published. */
static struct capture_session *session_create(const struct port *port, const char *path, char *err,
					      size_t errlen)
{
	struct capture_session *s = rte_zmalloc("capture", sizeof(*s), 0);
	char name[RTE_MEMPOOL_NAMESIZE], description[128];

	if (!s) {
		snprintf(err, errlen, "out of memory for a capture");
		return NULL;
	}
	s->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (s->fd < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		rte_free(s);
		return NULL;
	}
	snprintf(name, sizeof(name), "capture_ring_%u", port->index);
	s->ring = rte_ring_create(name, CAPTURE_RING_SIZE, SOCKET_ID_ANY, RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "capture_pool_%u", port->index);
	s->pool = rte_pktmbuf_pool_create(name, CAPTURE_POOL_SIZE, 0, 0, CAPTURE_MBUF_ROOM,
					  SOCKET_ID_ANY);
	if (!s->ring || !s->pool) {
		snprintf(err, errlen, "cannot create the capture's ring and pool: %s",
			 rte_strerror(rte_errno));
		goto fail;
	}
	snprintf(description, sizeof(description), "sluice %s port %s",
		 port->type == PORT_TYPE_PHY ? "phy" : "vhost", port->name);
	if (capture_file_begin(s->fd, port->name, description) < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		goto fail;
	}
	return s;
fail:
	unlink(path);
	session_free(s);
	return NULL;
}

int capture_start(struct datapath *dp, uint16_t port, uint8_t direction, uint32_t count,
		  const char *path, char *err, size_t errlen)
{
	struct capture_session *old = dp->captures[port], *s;
	struct port *p = &dp->ports[port];

	if (old && old->st.state == CAPTURE_RUNNING) {
		snprintf(err, errlen,
			 "a capture already runs on port '%s' (into %s): wait for it, or stop it "
			 "with sluicectl capture %s --stop",
			 p->name, old->st.path, p->name);
		return -1;
	}
	if (strlen(path) >= sizeof(old->st.path)) {
		snprintf(err, errlen, "the path is longer than %zu bytes: write to a shorter one",
			 sizeof(old->st.path) - 1);
		return -1;
	}
	s = session_create(p, path, err, errlen);
	if (!s)
		return -1;
	if (old) { /* a finished capture nobody stopped: forget it */
		dp->captures[port] = NULL;
		session_free(old);
	}
	{
		struct timespec now;
		uint64_t tsc = rte_get_tsc_cycles();

		clock_gettime(CLOCK_REALTIME, &now);
		capture_clock_init(&s->clock, tsc,
				   (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec,
				   rte_get_tsc_hz());
	}
	snprintf(s->st.port, sizeof(s->st.port), "%s", p->name);
	snprintf(s->st.path, sizeof(s->st.path), "%s", path);
	s->st.direction = direction;
	s->st.count = count;
	s->st.state = CAPTURE_RUNNING;
	__atomic_store_n(&dp->captures[port], s, __ATOMIC_RELEASE);
	__atomic_store_n(&p->capture, direction, __ATOMIC_RELEASE);
	return 0;
}

static void status_copy(const struct capture_session *s, struct capture_status *st)
{
	*st = s->st;
	st->ring_full = __atomic_load_n(&s->st.ring_full, __ATOMIC_RELAXED);
	st->pool_empty = __atomic_load_n(&s->st.pool_empty, __ATOMIC_RELAXED);
}

int capture_status(const struct datapath *dp, uint16_t port, struct capture_status *st)
{
	const struct capture_session *s = dp->captures[port];

	if (!s)
		return -1;
	status_copy(s, st);
	return 0;
}

int capture_stop(struct datapath *dp, uint16_t port, struct capture_status *st)
{
	struct capture_session *s = dp->captures[port];

	if (!s)
		return -1;
	if (s->st.state == CAPTURE_RUNNING)
		finish(dp, s, port);
	if (st)
		status_copy(s, st);
	dp->captures[port] = NULL;
	session_free(s);
	return 0;
}

uint32_t capture_tick(struct datapath *dp)
{
	uint32_t work = 0;

	for (uint16_t i = 0; i < SLUICE_MAX_PORTS; i++) {
		struct capture_session *s = dp->captures[i];

		if (!s || s->st.state != CAPTURE_RUNNING)
			continue;
		work += drain(s);
		if (s->st.state != CAPTURE_RUNNING || (s->st.count && s->st.written >= s->st.count))
			finish(dp, s, i);
	}
	return work;
}

void capture_stop_all(struct datapath *dp)
{
	for (uint16_t i = 0; i < SLUICE_MAX_PORTS; i++)
		capture_stop(dp, i, NULL);
}
