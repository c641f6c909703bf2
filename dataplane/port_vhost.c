#include "port_vhost.h"

#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <linux/virtio_net.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_log.h>
#include <rte_vhost.h>

#include "offload.h"
#include "rxq_live.h"

/* rte_vhost's callbacks carry no context: one datapath per process. */
static struct datapath *vhost_dp;

/* rte_vhost's thread finds a callback's port by its socket path while the
 * control thread adds and deletes ports. It must not scan dp->ports, whose
 * slots port.add and port.del rewrite, and it must not take dp->ports_lock
 * either: port.del holds that lock across rte_vhost_driver_unregister, which
 * runs destroy_device on the calling thread and retries until no callback of
 * the socket is busy, so a callback waiting for ports_lock (or port_of taking
 * it inside destroy_device) would deadlock. So the sockets have a table of
 * their own, (path, port), under a lock that is held only for one lookup or
 * one update and never across an rte_vhost call. A port's entry goes in
 * before its socket is registered and out after it is unregistered, when no
 * callback of that socket runs or can start: the port a callback gets stays
 * the same port for as long as the callback runs. */
static pthread_mutex_t sockets_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vhost_socket {
	struct port *port; /* NULL: unused */
	char path[SLUICE_SOCKET_PATH_MAX];
} sockets[SLUICE_PORTS_CEILING]; /* static: fixed at the ceiling (116 KiB) */

static void socket_publish(struct port *port)
{
	pthread_mutex_lock(&sockets_lock);
	memcpy(sockets[port->index].path, port->socket, sizeof(sockets[0].path));
	sockets[port->index].port = port;
	pthread_mutex_unlock(&sockets_lock);
}

static void socket_withdraw(const struct port *port)
{
	pthread_mutex_lock(&sockets_lock);
	sockets[port->index].port = NULL;
	sockets[port->index].path[0] = '\0';
	pthread_mutex_unlock(&sockets_lock);
}

/* Offloads sluice never completes (UFO, ECN): a guest must not hand them
 * over, nor expect them. The others (checksums, TSO) it negotiates unless
 * `offloads = off` (offload.h). Mergeable rx buffers stay on, so 9000-byte
 * frames and 64 KiB TSO segments pass as chains. */
static const uint64_t never_features =
    (1ULL << VIRTIO_NET_F_HOST_ECN) | (1ULL << VIRTIO_NET_F_HOST_UFO) |
    (1ULL << VIRTIO_NET_F_GUEST_ECN) | (1ULL << VIRTIO_NET_F_GUEST_UFO);
static const uint64_t offload_features =
    (1ULL << VIRTIO_NET_F_CSUM) | (1ULL << VIRTIO_NET_F_GUEST_CSUM) |
    (1ULL << VIRTIO_NET_F_HOST_TSO4) | (1ULL << VIRTIO_NET_F_HOST_TSO6) |
    (1ULL << VIRTIO_NET_F_GUEST_TSO4) | (1ULL << VIRTIO_NET_F_GUEST_TSO6);

uint32_t port_vhost_tx_offload(uint64_t features)
{
	uint32_t caps = 0;

	/* rte_vhost writes the IPv4 header checksum of what it enqueues. */
	if (features & (1ULL << VIRTIO_NET_F_GUEST_CSUM)) {
		caps |= OFFLOAD_CSUM | OFFLOAD_IPV4_CSUM;
		if (features & (1ULL << VIRTIO_NET_F_GUEST_TSO4))
			caps |= OFFLOAD_TSO4;
		if (features & (1ULL << VIRTIO_NET_F_GUEST_TSO6))
			caps |= OFFLOAD_TSO6;
	}
	return caps;
}

bool port_vhost_guest_offloads(uint64_t features)
{
	return (features & ((1ULL << VIRTIO_NET_F_CSUM) | (1ULL << VIRTIO_NET_F_HOST_TSO4) |
			    (1ULL << VIRTIO_NET_F_HOST_TSO6))) != 0;
}

void port_vhost_apply_vrings(struct port *port, uint64_t mask)
{
	uint16_t enq[SLUICE_MAX_QUEUES];
	uint16_t n_enq = 0;

	for (uint16_t q = 0; q < port->max_queues; q++) {
		if (mask & (1ULL << (2 * q)))
			enq[n_enq++] = q;
		__atomic_store_n(&port->deq_enabled[q], (mask >> (2 * q + 1)) & 1,
				 __ATOMIC_RELAXED);
	}
	/* A PMD reading mid-update sees a queue index that is valid either
	 * way; rte_vhost itself checks that the vring is enabled. */
	__atomic_store_n(&port->n_enq, 0, __ATOMIC_RELEASE);
	memcpy(port->enq_queue, enq, sizeof(enq[0]) * n_enq);
	__atomic_store_n(&port->n_enq, n_enq, __ATOMIC_RELEASE);
	port->vring_enabled_mask = mask;
}

/* On rte_vhost's thread (or the control thread inside unregister): the
 * port whose socket vid came on, from the sockets table. */
static struct port *port_of(int vid)
{
	struct port *port = NULL;
	char path[PATH_MAX];

	if (rte_vhost_get_ifname(vid, path, sizeof(path)) < 0)
		return NULL;
	pthread_mutex_lock(&sockets_lock);
	for (uint16_t i = 0; i < SLUICE_MAX_PORTS && !port; i++)
		if (sockets[i].port && strcmp(sockets[i].path, path) == 0)
			port = sockets[i].port;
	pthread_mutex_unlock(&sockets_lock);
	return port;
}

static int on_new_device(int vid)
{
	struct port *port = port_of(vid);
	uint16_t vrings;

	if (!port)
		return -1;
	vrings = rte_vhost_get_vring_num(vid);
	/* Poll mode: the guest need not kick us. */
	for (uint16_t i = 0; i < vrings; i++)
		rte_vhost_enable_guest_notification(vid, i, 0);
	port->vid = vid;
	port->numa_node = rte_vhost_get_numa_node(vid);
	if (rte_vhost_get_negotiated_features(vid, &port->features) < 0)
		port->features = 0;
	/* Before ready: a PMD that sees the port up sees these. */
	__atomic_store_n(&port->tx_offload, port_vhost_tx_offload(port->features),
			 __ATOMIC_RELAXED);
	port->guest_offloads = port_vhost_guest_offloads(port->features);
	port_vhost_apply_vrings(port, port->vring_enabled_mask);
	port->connects++;
	__atomic_store_n(&port->ready, 1, __ATOMIC_RELEASE);
	rxq_ready_changed(&vhost_dp->rx_ready_gen); /* the PMDs start polling its queues */
	RTE_LOG(INFO, USER1, "port %s: VM connected (%u vrings, %u rx queues enabled)\n",
		port->name, vrings, port->n_enq);
	return 0;
}

static void on_destroy_device(int vid)
{
	struct port *port = port_of(vid);

	if (!port || port->vid != vid)
		return;
	__atomic_store_n(&port->ready, 0, __ATOMIC_RELEASE);
	/* rte_vhost frees the device when we return: wait until every PMD has
	 * passed a quiescent state, so none is still inside an enqueue or
	 * dequeue with this vid. */
	rte_rcu_qsbr_synchronize(vhost_dp->qsv, RTE_QSBR_THRID_INVALID);
	port_vhost_apply_vrings(port, 0);
	rxq_ready_changed(&vhost_dp->rx_ready_gen);
	port->disconnects++;
	RTE_LOG(INFO, USER1, "port %s: VM disconnected\n", port->name);
}

static int on_vring_state_changed(int vid, uint16_t vring, int enable)
{
	struct port *port = port_of(vid);
	uint64_t mask;

	if (!port || vring >= 2 * port->max_queues)
		return 0;
	mask = port->vring_enabled_mask;
	if (enable)
		mask |= 1ULL << vring;
	else
		mask &= ~(1ULL << vring);
	port_vhost_apply_vrings(port, mask);
	rxq_ready_changed(&vhost_dp->rx_ready_gen);
	return 0;
}

/* The head of a vhost-user message (the protocol's, which rte_vhost hands
 * its pre-handler unchanged): request, flags, payload size, payload. */
struct vhost_msg_head {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
	uint64_t u64; /* NET_SET_MTU: the MTU */
} __attribute__((packed));

#define VHOST_USER_NET_SET_MTU 20

/* NET_SET_MTU comes while the guest's driver starts, before any ring runs.
 * Refusing it (mtu-policy enforce) answers the front end with a failure
 * when it asked for a reply (REPLY_ACK, as QEMU does), or closes the
 * connection otherwise: QEMU then reports "...MTU not supported by the
 * backend" and the NIC does not start, instead of stalling TCP later. */
static enum rte_vhost_msg_result on_message(int vid, void *msg)
{
	struct vhost_msg_head head;
	struct port *port;
	uint16_t limit;

	memcpy(&head, msg, sizeof(head));
	if (head.request != VHOST_USER_NET_SET_MTU)
		return RTE_VHOST_MSG_RESULT_NOT_HANDLED;
	port = port_of(vid);
	if (!port)
		return RTE_VHOST_MSG_RESULT_NOT_HANDLED;
	/* On rte_vhost's thread: the network MTU the control thread published
	 * for this port at its last change (lifecycle.c). */
	limit = __atomic_load_n(&port->network_mtu, __ATOMIC_RELAXED);
	port->guest_mtu = head.u64 > UINT16_MAX ? UINT16_MAX : (uint16_t)head.u64;
	port->guest_mtu_limit = limit;
	if (limit == 0 || head.u64 <= limit)
		return RTE_VHOST_MSG_RESULT_NOT_HANDLED;
	if (port->mtu_policy == MTU_POLICY_WARN) {
		RTE_LOG(WARNING, USER1,
			"port %s: guest MTU %" PRIu64 " is over the network MTU %u: its TCP "
			"is clamped, larger packets get ICMP too-big (mtu-policy warn)\n",
			port->name, head.u64, limit);
		return RTE_VHOST_MSG_RESULT_NOT_HANDLED;
	}
	port->guest_mtu_refused++;
	RTE_LOG(ERR, USER1,
		"port %s: refused guest MTU %" PRIu64 ": over the network MTU %u (set QEMU's "
		"host_mtu to at most %u, or mtu-policy = warn)\n",
		port->name, head.u64, limit, limit);
	return RTE_VHOST_MSG_RESULT_ERR;
}

static const struct rte_vhost_user_extern_ops extern_ops = {
    .pre_msg_handle = on_message,
};

static int on_new_connection(int vid)
{
	/* Every message of this connection passes on_message first. */
	return rte_vhost_extern_callback_register(vid, &extern_ops, NULL) < 0 ? -1 : 0;
}

static const struct rte_vhost_device_ops vhost_ops = {
    .new_connection = on_new_connection,
    .new_device = on_new_device,
    .destroy_device = on_destroy_device,
    .vring_state_changed = on_vring_state_changed,
};

/* A server socket file left by a crash makes bind fail: remove it if nobody
 * listens on it, refuse if somebody does. */
static int remove_stale_socket(const struct port *port, char *err, size_t errlen)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct stat st;
	int fd, rc;

	if (lstat(port->socket, &st) < 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "port '%s': %s exists and is not a socket", port->name,
			 port->socket);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", port->socket);
	rc = connect(fd, (struct sockaddr *)&addr, sizeof(addr));
	close(fd);
	if (rc == 0) {
		snprintf(err, errlen, "port '%s': another process listens on %s", port->name,
			 port->socket);
		return -1;
	}
	unlink(port->socket);
	return 0;
}

/* rte_vhost binds the server socket with the process umask (root: 0755,
 * which no other user may connect to): give it the configured mode and
 * group, so QEMU running as libvirt-qemu can connect, now and after every
 * restart of sluice. */
static int socket_permit(const struct port *port, char *err, size_t errlen)
{
	struct group *g = NULL;

	if (chmod(port->socket, port->socket_mode) < 0) {
		snprintf(err, errlen, "port '%s': cannot chmod %s to %04o: %s", port->name,
			 port->socket, port->socket_mode, strerror(errno));
		return -1;
	}
	if (port->socket_group[0] && ((g = getgrnam(port->socket_group)) == NULL ||
				      chown(port->socket, (uid_t)-1, g->gr_gid) < 0)) {
		snprintf(err, errlen, "port '%s': cannot give %s to group '%s': %s", port->name,
			 port->socket, port->socket_group, g ? strerror(errno) : "no such group");
		return -1;
	}
	return 0;
}

int port_vhost_open(struct datapath *dp, struct port *port, const struct port_config *cfg,
		    char *err, size_t errlen)
{
	uint64_t flags = 0;
	int rc;

	port->offloads = cfg->offloads != 0;
	/* Written once, before the first socket is registered: callbacks on
	 * rte_vhost's thread read it while later ports open. */
	if (vhost_dp != dp)
		vhost_dp = dp;
	/* Dequeued mbufs say what the guest handed over in receive flags
	 * (RTE_MBUF_F_RX_LRO, RTE_MBUF_F_RX_L4_CKSUM_NONE): offload_rx_guest. */
	flags |= RTE_VHOST_USER_NET_COMPLIANT_OL_FLAGS;
	if (port->mode == VHOST_MODE_CLIENT)
		flags |= RTE_VHOST_USER_CLIENT; /* reconnects by default */
	else if (remove_stale_socket(port, err, errlen) < 0)
		return -1;
	socket_publish(port); /* before its first callback can come */
	rc = rte_vhost_driver_register(port->socket, flags);
	if (rc < 0) {
		socket_withdraw(port);
		snprintf(err, errlen, "port '%s': cannot register vhost-user socket %s", port->name,
			 port->socket);
		return -1;
	}
	port->registered = true;
	/* One queue pair only: say so, so the guest does not enable queues no PMD polls. */
	if ((port->max_queues == 1 &&
	     rte_vhost_driver_disable_features(port->socket, 1ULL << VIRTIO_NET_F_MQ) < 0) ||
	    rte_vhost_driver_disable_features(
		port->socket, never_features | (port->offloads ? 0 : offload_features)) < 0 ||
	    rte_vhost_driver_callback_register(port->socket, &vhost_ops) < 0) {
		snprintf(err, errlen, "port '%s': cannot set up vhost-user socket %s", port->name,
			 port->socket);
		port_vhost_close(dp, port);
		return -1;
	}
	if (rte_vhost_driver_start(port->socket) < 0) {
		snprintf(err, errlen, "port '%s': cannot start vhost-user socket %s (%s mode)",
			 port->name, port->socket,
			 port->mode == VHOST_MODE_CLIENT ? "client" : "server");
		port_vhost_close(dp, port);
		return -1;
	}
	if (port->mode == VHOST_MODE_SERVER && socket_permit(port, err, errlen) < 0) {
		port_vhost_close(dp, port);
		return -1;
	}
	return 0;
}

void port_vhost_close(struct datapath *dp, struct port *port)
{
	if (!port->registered)
		return;
	/* Runs destroy_device for a connected guest (which waits for the PMDs)
	 * and, in server mode, removes the socket file. */
	rte_vhost_driver_unregister(port->socket);
	socket_withdraw(port); /* no callback of the socket is left */
	port->registered = false;
	__atomic_store_n(&port->ready, 0, __ATOMIC_RELEASE);
	rxq_ready_changed(&dp->rx_ready_gen);
}
