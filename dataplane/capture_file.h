/* A pcapng file for one capture: a section header, one interface block that
 * names the sluice port, then enhanced packet blocks made by rte_pcapng_copy.
 *
 * Why not rte_pcapng_fdopen/rte_pcapng_write_packets: in DPDK 22.11 the
 * writer describes only ethdev ports (an interface block for each at open,
 * rte_pcapng_add_interface came in 23.11) and maps a packet's mbuf port to
 * them; a vhost port is no ethdev. The packet blocks themselves are DPDK's. */
#ifndef SLUICE_CAPTURE_FILE_H
#define SLUICE_CAPTURE_FILE_H

#include <stdint.h>

#include <rte_mbuf.h>

/* Writes the section header and the interface block (ifname, description)
 * to fd. Returns 0, or -1 with errno. */
int capture_file_begin(int fd, const char *ifname, const char *description);

/* Writes the packet blocks of rte_pcapng_copy mbufs, all on the file's one
 * interface. Returns 0, or -1 with errno. */
int capture_file_write(int fd, struct rte_mbuf **pkts, uint16_t n);

#endif
