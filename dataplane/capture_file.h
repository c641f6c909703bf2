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

/* TSC cycles to wall-clock nanoseconds, from one reading of both. DPDK
 * 22.11's rte_pcapng_copy converts with (cycles * 1e9) in 64 bits, which
 * wraps a few seconds after EAL start (fixed in 23.07): its stamps are years
 * off. So the PMD stamps the block with the TSC and the file gets this. */
struct capture_clock {
	uint64_t tsc0, ns0, hz;
};

void capture_clock_init(struct capture_clock *clk, uint64_t tsc, uint64_t ns, uint64_t hz);
uint64_t capture_clock_ns(const struct capture_clock *clk, uint64_t tsc);

/* The block's timestamp fields (hi, lo), which capture_file_write reads as
 * a TSC value and writes as nanoseconds. */
void capture_file_stamp_tsc(struct rte_mbuf *m, uint64_t tsc);

/* Writes the packet blocks of rte_pcapng_copy mbufs stamped with
 * capture_file_stamp_tsc, all on the file's one interface. Returns 0, or
 * -1 with errno. */
int capture_file_write(int fd, struct rte_mbuf **pkts, uint16_t n, const struct capture_clock *clk);

#endif
