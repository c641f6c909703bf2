/* Which frames cross between the VTEP's port and the kernel tap slvtep
 * (kernel_tap.h). Pure: the PMD asks on receive, the control thread on what
 * the kernel writes. */
#ifndef SLUICE_TAP_FILTER_H
#define SLUICE_TAP_FILTER_H

#include <stdbool.h>
#include <stdint.h>

/* An IPv4 packet, untagged or behind one VLAN tag, addressed to vtep_addr
 * (network order): the kernel's, once tunnel decapsulation has said it is
 * not VXLAN or GRE (BGP's TCP, ICMP echo, UDP to another port). */
bool tap_filter_to_kernel(const uint8_t *frame, uint32_t len, uint32_t vtep_addr);

/* What the kernel may send on the underlay: IPv4 and ARP. IPv6 (router
 * solicitations, MLD) and anything else would be noise the VTEP does not
 * own. */
bool tap_filter_from_kernel(const uint8_t *frame, uint32_t len);

#endif
