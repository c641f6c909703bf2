#include "metrics_text.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *type, *help;
} families[MF_COUNT] = {
    [MF_RX_PACKETS] = {"sluice_port_rx_packets_total", "counter",
		       "Packets received on a port's queue."},
    [MF_RX_BYTES] = {"sluice_port_rx_bytes_total", "counter", "Bytes received on a port's queue."},
    [MF_TX_PACKETS] = {"sluice_port_tx_packets_total", "counter",
		       "Packets sent on a port's queue."},
    [MF_TX_BYTES] = {"sluice_port_tx_bytes_total", "counter", "Bytes sent on a port's queue."},
    [MF_DROPS] = {"sluice_port_drops_total", "counter",
		  "Packets dropped on a port, by reason (sluicectl stats drops)."},
    [MF_PORT_UP] = {"sluice_port_up", "gauge", "1 when a phy port is started."},
    [MF_VHOST_CONNECTED] = {"sluice_vhost_connected", "gauge",
			    "1 when a vhost-user port's guest is connected and ready."},
    [MF_VHOST_CONNECTS] = {"sluice_vhost_connects_total", "counter",
			   "Times a vhost-user port's guest connected."},
    [MF_VHOST_DISCONNECTS] = {"sluice_vhost_disconnects_total", "counter",
			      "Times a vhost-user port's guest went away."},
    [MF_PMD_BUSY] = {"sluice_pmd_busy_cycles_total", "counter",
		     "TSC cycles a PMD core spent on polls that received packets."},
    [MF_PMD_IDLE] = {"sluice_pmd_idle_cycles_total", "counter",
		     "TSC cycles a PMD core spent on polls that received nothing."},
    [MF_PMD_PACKETS] = {"sluice_pmd_packets_total", "counter", "Packets a PMD core received."},
    [MF_FDB_ENTRIES] = {"sluice_fdb_entries", "gauge", "MAC table entries of a network."},
    [MF_NEIGHBOURS] = {"sluice_vtep_neighbours", "gauge",
		       "The VTEP's next hops, by state (reachable, incomplete)."},
    [MF_SCRAPES] = {"sluice_metrics_scrapes_total", "counter",
		    "Pages this endpoint served, this one included."},
};

int metrics_text_init(struct metrics_text *t)
{
	memset(t, 0, sizeof(*t));
	return 0;
}

static void append(struct metrics_text *t, enum metrics_family f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(struct metrics_text *t, enum metrics_family f, const char *fmt, ...)
{
	struct metrics_buf *b = &t->family[f];
	va_list ap;
	int n;

	if (t->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt,
			      ap);
		va_end(ap);
		if (n < 0) {
			t->failed = true;
			return;
		}
		if (b->data && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		char *p = realloc(b->data, cap);

		if (!p) {
			t->failed = true;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
}

/* Label values: backslash, double quote and newline escaped (format 0.0.4). */
static const char *label(const char *in, char *out, size_t outlen)
{
	size_t o = 0;

	for (; *in && o + 2 < outlen; in++) {
		if (*in == '\\' || *in == '"' || *in == '\n') {
			out[o++] = '\\';
			out[o++] = *in == '\n' ? 'n' : *in;
		} else {
			out[o++] = *in;
		}
	}
	out[o] = '\0';
	return out;
}

void metrics_text_port_queue(struct metrics_text *t, const char *port, int queue,
			     uint64_t rx_packets, uint64_t rx_bytes, uint64_t tx_packets,
			     uint64_t tx_bytes)
{
	char p[128];

	label(port, p, sizeof(p));
	append(t, MF_RX_PACKETS,
	       "sluice_port_rx_packets_total{port=\"%s\",queue=\"%d\"} %" PRIu64 "\n", p, queue,
	       rx_packets);
	append(t, MF_RX_BYTES, "sluice_port_rx_bytes_total{port=\"%s\",queue=\"%d\"} %" PRIu64 "\n",
	       p, queue, rx_bytes);
	append(t, MF_TX_PACKETS,
	       "sluice_port_tx_packets_total{port=\"%s\",queue=\"%d\"} %" PRIu64 "\n", p, queue,
	       tx_packets);
	append(t, MF_TX_BYTES, "sluice_port_tx_bytes_total{port=\"%s\",queue=\"%d\"} %" PRIu64 "\n",
	       p, queue, tx_bytes);
}

void metrics_text_port_drops(struct metrics_text *t, const char *port, const char *reason,
			     uint64_t n)
{
	char p[128], r[128];

	append(t, MF_DROPS, "sluice_port_drops_total{port=\"%s\",reason=\"%s\"} %" PRIu64 "\n",
	       label(port, p, sizeof(p)), label(reason, r, sizeof(r)), n);
}

void metrics_text_port_up(struct metrics_text *t, const char *port, bool up)
{
	char p[128];

	append(t, MF_PORT_UP, "sluice_port_up{port=\"%s\"} %d\n", label(port, p, sizeof(p)), up);
}

void metrics_text_vhost(struct metrics_text *t, const char *port, bool connected, uint64_t connects,
			uint64_t disconnects)
{
	char p[128];

	label(port, p, sizeof(p));
	append(t, MF_VHOST_CONNECTED, "sluice_vhost_connected{port=\"%s\"} %d\n", p, connected);
	append(t, MF_VHOST_CONNECTS, "sluice_vhost_connects_total{port=\"%s\"} %" PRIu64 "\n", p,
	       connects);
	append(t, MF_VHOST_DISCONNECTS, "sluice_vhost_disconnects_total{port=\"%s\"} %" PRIu64 "\n",
	       p, disconnects);
}

void metrics_text_pmd(struct metrics_text *t, unsigned core, uint64_t busy_cycles,
		      uint64_t idle_cycles, uint64_t packets)
{
	append(t, MF_PMD_BUSY, "sluice_pmd_busy_cycles_total{core=\"%u\"} %" PRIu64 "\n", core,
	       busy_cycles);
	append(t, MF_PMD_IDLE, "sluice_pmd_idle_cycles_total{core=\"%u\"} %" PRIu64 "\n", core,
	       idle_cycles);
	append(t, MF_PMD_PACKETS, "sluice_pmd_packets_total{core=\"%u\"} %" PRIu64 "\n", core,
	       packets);
}

void metrics_text_fdb(struct metrics_text *t, const char *network, uint32_t entries)
{
	char n[128];

	append(t, MF_FDB_ENTRIES, "sluice_fdb_entries{network=\"%s\"} %u\n",
	       label(network, n, sizeof(n)), entries);
}

void metrics_text_neighbours(struct metrics_text *t, uint32_t reachable, uint32_t incomplete)
{
	append(t, MF_NEIGHBOURS, "sluice_vtep_neighbours{state=\"reachable\"} %u\n", reachable);
	append(t, MF_NEIGHBOURS, "sluice_vtep_neighbours{state=\"incomplete\"} %u\n", incomplete);
}

void metrics_text_scrapes(struct metrics_text *t, uint64_t n)
{
	append(t, MF_SCRAPES, "sluice_metrics_scrapes_total %" PRIu64 "\n", n);
}

char *metrics_text_finish(struct metrics_text *t)
{
	size_t total = 1;
	char *page = NULL, *p;

	for (int f = 0; f < MF_COUNT; f++)
		total += t->family[f].len + 512;
	if (!t->failed)
		page = malloc(total);
	p = page;
	for (int f = 0; f < MF_COUNT; f++) {
		if (page && t->family[f].len) {
			p += sprintf(p, "# HELP %s %s\n# TYPE %s %s\n", families[f].name,
				     families[f].help, families[f].name, families[f].type);
			memcpy(p, t->family[f].data, t->family[f].len);
			p += t->family[f].len;
		}
		free(t->family[f].data);
		t->family[f].data = NULL;
	}
	if (page)
		*p = '\0';
	return page;
}
