#include "stats.h"

#include <inttypes.h>
#include <string.h>

#include "drops.h"

/* out += in, or out -= in: every counter of a port, one place. */
static void port_counters_add(struct port_counters *out, const struct port_counters *in,
			      bool subtract)
{
	uint64_t sign = subtract ? (uint64_t)-1 : 1; /* unsigned wrap-around subtracts */

	for (int q = 0; q < SLUICE_MAX_QUEUES; q++) {
		out->rx[q].packets += sign * in->rx[q].packets;
		out->rx[q].bytes += sign * in->rx[q].bytes;
		out->tx[q].packets += sign * in->tx[q].packets;
		out->tx[q].bytes += sign * in->tx[q].bytes;
		out->rx_cycles[q] += sign * in->rx_cycles[q];
	}
	for (int d = 0; d < DROP_REASON_COUNT; d++)
		out->drops[d] += sign * in->drops[d];
	for (int e = 0; e < MTU_EVENT_COUNT; e++)
		out->mtu[e] += sign * in->mtu[e];
	out->vhost_tx_retries += sign * in->vhost_tx_retries;
}

/* The sum over every PMD and the control thread, without the reset baseline. */
static void raw_port(const struct datapath *dp, uint16_t port, struct port_counters *out)
{
	*out = dp->ctl_counters[port];
	for (uint32_t c = 0; c < dp->n_pmds; c++)
		port_counters_add(out, &dp->pmds[c]->counters.ports[port], false);
}

void stats_port(const struct datapath *dp, uint16_t port, struct port_counters *out)
{
	/* Counters only grow; stats.reset records a baseline to subtract. */
	raw_port(dp, port, out);
	port_counters_add(out, &dp->port_base[port], true);
}

void stats_port_totals(const struct port_counters *pc, struct queue_counters *rx,
		       struct queue_counters *tx, uint64_t *drops)
{
	memset(rx, 0, sizeof(*rx));
	memset(tx, 0, sizeof(*tx));
	*drops = 0;
	for (int q = 0; q < SLUICE_MAX_QUEUES; q++) {
		rx->packets += pc->rx[q].packets;
		rx->bytes += pc->rx[q].bytes;
		tx->packets += pc->tx[q].packets;
		tx->bytes += pc->tx[q].bytes;
	}
	for (int d = 0; d < DROP_REASON_COUNT; d++)
		*drops += pc->drops[d];
}

static const char *port_state(const struct port *port)
{
	if (port->type == PORT_TYPE_PHY)
		return port->started ? "up" : "down";
	return __atomic_load_n(&port->ready, __ATOMIC_ACQUIRE) ? "up" : "down";
}

static void print_port(const struct datapath *dp, const struct port *port, FILE *out)
{
	struct port_counters pc;
	struct queue_counters rx, tx;
	uint64_t drops;

	stats_port(dp, port->index, &pc);
	stats_port_totals(&pc, &rx, &tx, &drops);
	fprintf(out,
		"%-12s %-5s %-4s %12" PRIu64 " %14" PRIu64 " %12" PRIu64 " %14" PRIu64 " %10" PRIu64
		"\n",
		port->name, port->type == PORT_TYPE_PHY ? "phy" : "vhost", port_state(port),
		rx.packets, rx.bytes, tx.packets, tx.bytes, drops);
	for (int q = 0; q < SLUICE_MAX_QUEUES; q++) {
		if (pc.rx[q].packets == 0 && pc.tx[q].packets == 0)
			continue;
		fprintf(out,
			"  queue %-2d            %12" PRIu64 " %14" PRIu64 " %12" PRIu64
			" %14" PRIu64 "\n",
			q, pc.rx[q].packets, pc.rx[q].bytes, pc.tx[q].packets, pc.tx[q].bytes);
	}
	for (int d = 0; d < DROP_REASON_COUNT; d++)
		if (pc.drops[d])
			fprintf(out, "  drop %-20s %" PRIu64 "\n", drop_table[d].name, pc.drops[d]);
	for (int e = 0; e < MTU_EVENT_COUNT; e++)
		if (pc.mtu[e])
			fprintf(out, "  mtu %-21s %" PRIu64 "\n", mtu_event_table[e].name,
				pc.mtu[e]);
	if (port->type == PORT_TYPE_VHOST)
		fprintf(out,
			"  vhost %s (%s), connects %" PRIu64 ", disconnects %" PRIu64
			", rx queues enabled %u\n",
			port->socket, port->mode == VHOST_MODE_CLIENT ? "client" : "server",
			port->connects, port->disconnects, port->n_enq);
}

void stats_core(const struct datapath *dp, uint32_t core, struct core_totals *out)
{
	const struct core_counters *cc = &dp->pmds[core]->counters;

	out->busy_cycles = cc->busy_cycles - dp->core_base[core].busy_cycles;
	out->idle_cycles = cc->idle_cycles - dp->core_base[core].idle_cycles;
	out->packets = cc->packets - dp->core_base[core].packets;
}

void stats_stages(const struct datapath *dp, struct stage_counters *out)
{
	memset(out, 0, sizeof(*out));
	for (uint32_t c = 0; c < dp->n_pmds; c++) {
		const struct stage_counters *now = &dp->pmds[c]->counters.stages;
		const struct stage_counters *base = &dp->core_base[c].stages;

		for (int st = 0; st < STAGE_COUNT; st++) {
			out->packets[st] += now->packets[st] - base->packets[st];
			out->cycles[st] += now->cycles[st] - base->cycles[st];
		}
	}
}

void stats_reset(struct datapath *dp)
{
	for (uint16_t p = 0; p < SLUICE_MAX_PORTS; p++)
		raw_port(dp, p, &dp->port_base[p]);
	for (uint32_t c = 0; c < dp->n_pmds; c++) {
		const struct core_counters *cc = &dp->pmds[c]->counters;

		dp->core_base[c].busy_cycles = cc->busy_cycles;
		dp->core_base[c].idle_cycles = cc->idle_cycles;
		dp->core_base[c].packets = cc->packets;
		dp->core_base[c].stages = cc->stages;
	}
}

void stats_print(const struct datapath *dp, FILE *out)
{
	fprintf(out, "%-12s %-5s %-4s %12s %14s %12s %14s %10s\n", "port", "type", "link",
		"rx-packets", "rx-bytes", "tx-packets", "tx-bytes", "drops");
	for (uint16_t i = 0; i < dp->n_ports; i++)
		if (datapath_port_in_use(dp, i))
			print_port(dp, &dp->ports[i], out);
	fprintf(out, "%-6s %-6s %8s %16s %16s %12s %10s\n", "core", "lcore", "busy%", "busy-cycles",
		"idle-cycles", "packets", "cyc/pkt");
	for (uint32_t c = 0; c < dp->n_pmds; c++) {
		struct core_totals t;
		const struct core_totals *cc = &t;
		uint64_t total;

		stats_core(dp, c, &t);
		total = cc->busy_cycles + cc->idle_cycles;

		fprintf(
		    out,
		    "%-6u %-6u %7.1f%% %16" PRIu64 " %16" PRIu64 " %12" PRIu64 " %10" PRIu64 "\n",
		    c, dp->pmds[c]->lcore,
		    total ? 100.0 * (double)cc->busy_cycles / (double)total : 0.0, cc->busy_cycles,
		    cc->idle_cycles, cc->packets, cc->packets ? cc->busy_cycles / cc->packets : 0);
	}
	fprintf(out,
		"fdb: %u entries, %" PRIu64 " learned, %" PRIu64 " moved, %" PRIu64
		" aged, %" PRIu64 " refused (full)\n",
		dp->fdb.count, dp->fdb.learned, dp->fdb.moved, dp->fdb.aged, dp->fdb.full);
	fflush(out);
}
