/* The kernel tap slvtep ([vtep] kernel-tap = yes): the VTEP address and MAC
 * in the Linux kernel of sluice's network namespace, so BGP (FRR), ping and
 * anything else that is neither a tunnel nor ARP reaches a real IP stack.
 * PMDs punt such packets (tap_filter.h) on their punt rings; the control
 * thread writes them to the tap, mirrors ARP replies for the VTEP address
 * to it (the kernel resolves its own neighbours), and sends what the kernel
 * writes on the VTEP's port. A net_tap ethdev: the tap disappears with the
 * process, even after kill -9. */
#ifndef SLUICE_KERNEL_TAP_H
#define SLUICE_KERNEL_TAP_H

#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "datapath.h"

#define KERNEL_TAP_IFNAME "slvtep"

struct kernel_tap_stats {
	uint64_t to_kernel;	      /* punted packets written to the tap */
	uint64_t arp_mirrored;	      /* ARP replies for the VTEP address copied to it */
	uint64_t to_kernel_failed;    /* the tap took fewer than offered: dropped */
	uint64_t from_kernel;	      /* frames the kernel wrote, handed to the VTEP's port */
	uint64_t from_kernel_refused; /* neither IPv4 nor ARP (IPv6 noise): dropped */
};

struct kernel_tap {
	uint16_t eth_port;
	uint16_t vlan; /* [vtep] vlan: stripped towards the kernel, added from it */
	struct kernel_tap_stats stats;
};

/* Creates slvtep with mac, addr/prefix_len (network order) and brings it up.
 * Fails when a device of that name exists (not ours: ours ends with us). */
struct kernel_tap *kernel_tap_create(struct rte_mempool *pool, const uint8_t mac[6], uint32_t addr,
				     uint8_t prefix_len, uint16_t vlan, char *err, size_t errlen);
void kernel_tap_destroy(struct kernel_tap *tap);
/* Writes m (from the VTEP's port, perhaps VLAN tagged) to the kernel. Takes
 * ownership of m. */
void kernel_tap_to_kernel(struct kernel_tap *tap, struct rte_mbuf *m);
/* Takes up to a burst of what the kernel wrote; returns how many, *out
 * holding those to send on the VTEP's port (tagged with [vtep] vlan). */
uint16_t kernel_tap_from_kernel(struct kernel_tap *tap, struct rte_mbuf **out, uint16_t max);

#endif
