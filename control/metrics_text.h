/* Prometheus text exposition (format 0.0.4) of sluice's counters: samples
 * added in any order come out grouped by family, each family once with its
 * HELP and TYPE. Pure: no DPDK, unit-tested. */
#ifndef SLUICE_METRICS_TEXT_H
#define SLUICE_METRICS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum metrics_family {
	MF_RX_PACKETS,
	MF_RX_BYTES,
	MF_TX_PACKETS,
	MF_TX_BYTES,
	MF_DROPS,
	MF_PORT_UP,
	MF_VHOST_CONNECTED,
	MF_VHOST_CONNECTS,
	MF_VHOST_DISCONNECTS,
	MF_PMD_BUSY,
	MF_PMD_IDLE,
	MF_PMD_PACKETS,
	MF_FDB_ENTRIES,
	MF_NEIGHBOURS,
	MF_SCRAPES,
	MF_COUNT,
};

struct metrics_buf {
	char *data;
	size_t len, cap;
};

struct metrics_text {
	struct metrics_buf family[MF_COUNT];
	bool failed; /* out of memory somewhere: finish returns NULL */
};

int metrics_text_init(struct metrics_text *t);
void metrics_text_port_queue(struct metrics_text *t, const char *port, int queue,
			     uint64_t rx_packets, uint64_t rx_bytes, uint64_t tx_packets,
			     uint64_t tx_bytes);
void metrics_text_port_drops(struct metrics_text *t, const char *port, const char *reason,
			     uint64_t n);
void metrics_text_port_up(struct metrics_text *t, const char *port, bool up);
void metrics_text_vhost(struct metrics_text *t, const char *port, bool connected, uint64_t connects,
			uint64_t disconnects);
void metrics_text_pmd(struct metrics_text *t, unsigned core, uint64_t busy_cycles,
		      uint64_t idle_cycles, uint64_t packets);
void metrics_text_fdb(struct metrics_text *t, const char *network, uint32_t entries);
void metrics_text_neighbours(struct metrics_text *t, uint32_t reachable, uint32_t incomplete);
void metrics_text_scrapes(struct metrics_text *t, uint64_t n);
/* The page (malloc'd, the caller frees), the buffers released; NULL when
 * memory ran out. */
char *metrics_text_finish(struct metrics_text *t);

#endif
