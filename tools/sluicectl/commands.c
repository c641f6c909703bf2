/* The one table of sluicectl commands. Adding a command is adding a row. */
#include "commands.h"

#include <string.h>

#include "print.h"
#include "request.h"

static const char *const fdb_flush_keys[] = {"network", "port", NULL};
static const char *const fdb_add_keys[] = {"remote", NULL};

const struct command commands[] = {
    {
	.words = "version",
	.method = "version",
	.usage = "",
	.help = "show the versions of sluice and DPDK",
	.example = "sluicectl version",
	.params = params_none,
	.print = print_version,
    },
    {
	.words = "shutdown",
	.method = "shutdown",
	.usage = "",
	.help = "stop sluice, as on SIGTERM",
	.example = "sluicectl shutdown",
	.params = params_none,
	.print = print_empty,
    },
    {
	.words = "log level",
	.method = "log.level",
	.usage = "LEVEL [PATTERN]",
	.help = "set the log level of matching log types",
	.detail = "LEVEL is one of: debug info notice warning error.\n"
		  "PATTERN matches log type names; the default, *, matches all.",
	.example = "sluicectl log level debug 'lib.vhost.*'",
	.params = params_words,
	.print = print_log_level,
	.args = {{"level", "LEVEL", ARG_STRING, 0}, {"pattern", "PATTERN", ARG_STRING, 1}},
    },
    {
	.words = "port add",
	.method = "port.add",
	.usage = "NAME key=value...",
	.help = "add a port (keys of a [port] section)",
	.detail = "Keys: type (phy or vhost), network;\n"
		  "  phy: devargs rx-queues tx-queues rx-descriptors tx-descriptors mtu "
		  "rxq-affinity;\n"
		  "  vhost: socket mode max-queues mac socket-mode socket-group mtu-policy\n"
		  "    port-security ips dhcp-server router offloads.\n"
		  "Values are checked by sluice as in the config file (docs/config.md).",
	.example = "sluicectl port add vm2 type=vhost socket=/run/sluice/vm2.sock "
		   "network=tenant-a",
	.params = params_words,
	.print = print_port,
	.args = {{"name", "NAME", ARG_STRING, 0}},
	.pairs = PAIRS_ANY,
    },
    {
	.words = "port set",
	.method = "port.set",
	.usage = "NAME key=value...",
	.help = "change keys of a running port, live",
	.detail = "Any [port] key but the ones fixed when the port opens (type network devargs\n"
		  "rx-queues tx-queues rx-descriptors tx-descriptors mtu rxq-affinity socket\n"
		  "mode max-queues socket-mode socket-group): those need port del and add.\n"
		  "All keys apply together or none does (docs/security.md).",
	.example = "sluicectl port set vm1 ips=198.18.0.11,2001:db8::11 port-security=on",
	.params = params_words,
	.print = print_port,
	.args = {{"name", "NAME", ARG_STRING, 0}},
	.pairs = PAIRS_ANY,
    },
    {
	.words = "port del",
	.method = "port.del",
	.usage = "NAME",
	.help = "remove a port",
	.example = "sluicectl port del vm2",
	.params = params_words,
	.print = print_empty,
	.args = {{"name", "NAME", ARG_STRING, 0}},
    },
    {
	.words = "port show",
	.method = "port.show",
	.usage = "[NAME]",
	.help = "list the ports, or show one",
	.example = "sluicectl port show vm1",
	.params = params_words,
	.print = print_ports,
	.args = {{"name", "NAME", ARG_STRING, 1}},
    },
    {
	.words = "network add",
	.method = "network.add",
	.usage = "NAME key=value...",
	.help = "add a network (keys of a [network] section)",
	.detail = "Keys: type (flat, vxlan or gre), mac-aging (seconds);\n"
		  "  vxlan: vni flood; gre: key flood (flood: remote VTEPs, comma separated);\n"
		  "  both: mtu (auto or a number), mss-clamp (yes or no).",
	.example = "sluicectl network add tenant-b type=vxlan vni=100 "
		   "flood=198.18.0.2,198.18.0.3",
	.params = params_words,
	.print = print_network,
	.args = {{"name", "NAME", ARG_STRING, 0}},
	.pairs = PAIRS_ANY,
    },
    {
	.words = "network del",
	.method = "network.del",
	.usage = "NAME",
	.help = "remove a network that has no ports",
	.example = "sluicectl network del tenant-b",
	.params = params_words,
	.print = print_empty,
	.args = {{"name", "NAME", ARG_STRING, 0}},
    },
    {
	.words = "network show",
	.method = "network.show",
	.usage = "[NAME]",
	.help = "list the networks, or show one",
	.example = "sluicectl network show tenant-a",
	.params = params_words,
	.print = print_networks,
	.args = {{"name", "NAME", ARG_STRING, 1}},
    },
    {
	.words = "fdb show",
	.method = "fdb.show",
	.usage = "[NETWORK]",
	.help = "list the MAC table, or one network's",
	.example = "sluicectl fdb show tenant-a",
	.params = params_words,
	.print = print_fdb,
	.args = {{"network", "NETWORK", ARG_STRING, 1}},
	.paged = "entries",
	.print_page = print_fdb_page,
    },
    {
	.words = "fdb add",
	.method = "fdb.add",
	.usage = "NETWORK MAC PORT [remote=ADDRESS]",
	.help = "add a static MAC: never ages, never moves",
	.detail = "With remote=, the MAC is behind that remote VTEP: PORT is the VTEP's port\n"
		  "and NETWORK a vxlan or gre network.",
	.example = "sluicectl fdb add tenant-a 52:54:00:12:34:56 vm1",
	.params = params_words,
	.print = print_fdb_entry,
	.args = {{"network", "NETWORK", ARG_STRING, 0},
		 {"mac", "MAC", ARG_STRING, 0},
		 {"port", "PORT", ARG_STRING, 0}},
	.pairs = PAIRS_LISTED,
	.keys = fdb_add_keys,
    },
    {
	.words = "fdb del",
	.method = "fdb.del",
	.usage = "NETWORK MAC",
	.help = "remove a MAC entry",
	.example = "sluicectl fdb del tenant-a 52:54:00:12:34:56",
	.params = params_words,
	.print = print_empty,
	.args = {{"network", "NETWORK", ARG_STRING, 0}, {"mac", "MAC", ARG_STRING, 0}},
    },
    {
	.words = "fdb flush",
	.method = "fdb.flush",
	.usage = "[network=N] [port=P]",
	.help = "remove MAC entries, static ones too",
	.detail = "Only those of network N and/or port P; with neither, all entries.",
	.example = "sluicectl fdb flush network=tenant-a port=vm1",
	.params = params_words,
	.print = print_fdb_flush,
	.pairs = PAIRS_LISTED,
	.keys = fdb_flush_keys,
    },
    {
	.words = "stats ports",
	.method = "stats.ports",
	.usage = "[NAME]",
	.help = "packets, bytes and drops per port",
	.example = "sluicectl stats ports phy0",
	.params = params_words,
	.print = print_stats_ports,
	.args = {{"name", "NAME", ARG_STRING, 1}},
    },
    {
	.words = "stats cores",
	.method = "stats.cores",
	.usage = "",
	.help = "busy share and cycles per packet per core",
	.example = "sluicectl stats cores",
	.params = params_none,
	.print = print_stats_cores,
    },
    {
	.words = "stats memory",
	.method = "stats.memory",
	.usage = "",
	.help = "bytes each table takes: FDB, view, PMD state and rings, pools",
	.detail = "Measured by DPDK's allocator (rte_malloc block sizes, ring memzones, pool "
		  "chunks); the FDB hash is what rte_hash_create took from the heap.",
	.example = "sluicectl stats memory",
	.params = params_none,
	.print = print_stats_memory,
    },
    {
	.words = "stats stages",
	.method = "stats.stages",
	.usage = "",
	.help = "packets and cycles per pipeline stage",
	.detail = "Summed over the PMDs since the last stats reset; one clock read per "
		  "stage per burst.",
	.example = "sluicectl stats stages",
	.params = params_none,
	.print = print_stats_stages,
    },
    {
	.words = "stats drops",
	.method = "stats.drops",
	.usage = "",
	.help = "non-zero drop counters by port and reason",
	.example = "sluicectl stats drops",
	.params = params_none,
	.print = print_stats_drops,
    },
    {
	.words = "stats reset",
	.method = "stats.reset",
	.usage = "",
	.help = "start the counters shown from zero",
	.example = "sluicectl stats reset",
	.params = params_none,
	.print = print_empty,
    },
    {
	.words = "vtep show",
	.method = "vtep.show",
	.usage = "",
	.help = "the VTEP: address, port, MAC and ARP counters",
	.example = "sluicectl vtep show",
	.params = params_none,
	.print = print_vtep,
    },
    {
	.words = "evpn show",
	.method = "evpn.show",
	.usage = "[--macs] [NETWORK]",
	.help = "EVPN networks: shadow devices, flood VTEPs by origin, MACs, netlink counters",
	.detail = "Per network with evpn = yes: its shadow devices and their state, the flood\n"
		  "VTEPs with their origin (static: the config; evpn: FRR's zebra), how many\n"
		  "remote MACs zebra installed and local MACs sluice exported (--macs lists\n"
		  "them), the last full resync and the counters of netlink entries applied,\n"
		  "ignored and refused.",
	.example = "sluicectl evpn show tenant-a",
	.params = params_words,
	.print = print_evpn,
	.args = {{"network", "NETWORK", ARG_STRING, 1}},
	.merge_page = evpn_page_merge,
    },
    {
	.words = "neighbour show",
	.method = "neighbour.show",
	.usage = "",
	.help = "the VTEP's next hops: IPv4 address to MAC",
	.example = "sluicectl neighbour show",
	.params = params_none,
	.print = print_neighbours,
    },
    {
	.words = "neighbour add",
	.method = "neighbour.add",
	.usage = "ADDRESS MAC",
	.help = "add a static neighbour: never ages, ARP does not replace it",
	.example = "sluicectl neighbour add 198.18.0.2 52:54:00:12:34:56",
	.params = params_words,
	.print = print_neighbour,
	.args = {{"address", "ADDRESS", ARG_STRING, 0}, {"mac", "MAC", ARG_STRING, 0}},
    },
    {
	.words = "neighbour del",
	.method = "neighbour.del",
	.usage = "ADDRESS",
	.help = "forget a neighbour",
	.example = "sluicectl neighbour del 198.18.0.2",
	.params = params_words,
	.print = print_empty,
	.args = {{"address", "ADDRESS", ARG_STRING, 0}},
    },
    {
	.words = "rxq show",
	.method = "rxq.show",
	.usage = "",
	.help = "receive queues: polling core, cycle share",
	.example = "sluicectl rxq show",
	.params = params_none,
	.print = print_rxqs,
    },
    {
	.words = "rxq set",
	.method = "rxq.set",
	.usage = "PORT QUEUE CORE",
	.help = "move a receive queue to a core and pin it",
	.detail = "The queue moves live and stays pinned there.\n"
		  "CORE is a CPU of the worker-cores list, not an index.",
	.example = "sluicectl rxq set phy0 1 3",
	.params = params_words,
	.print = print_empty,
	.args = {{"port", "PORT", ARG_STRING, 0},
		 {"queue", "QUEUE", ARG_INTEGER, 0},
		 {"core", "CORE", ARG_INTEGER, 0}},
    },
    {
	.words = "rxq rebalance",
	.method = "rxq.rebalance",
	.usage = "",
	.help = "spread unpinned queues by measured cycles",
	.example = "sluicectl rxq rebalance",
	.params = params_none,
	.print = print_rxq_rebalance,
    },
    {
	.words = "rxq auto",
	.method = "rxq.auto",
	.usage = "key=value...",
	.help = "automatic rebalancing and PMD sleep, live",
	.detail = "Keys (as in [dataplane]): rebalance (auto or off), rebalance-interval\n"
		  "(seconds), rebalance-threshold (percent), pmd-sleep-max (microseconds).\n"
		  "All apply together or none does; rxq show shows them and the last decision.",
	.example = "sluicectl rxq auto rebalance=auto rebalance-interval=10",
	.params = params_words,
	.print = print_rebalance,
	.pairs = PAIRS_ANY,
    },
    {
	.words = "system show",
	.method = "system.show",
	.usage = "",
	.help = "what sluice runs on: cores, hugepages, config file, PID",
	.example = "sluicectl system show",
	.params = params_none,
	.print = print_system,
    },
    {
	.words = "reload",
	.method = "reload",
	.usage = "[--dry-run] [PATH]",
	.help = "read the config file again and apply the difference",
	.detail = "PATH: another file than the one sluice started with (this time only).\n"
		  "Ports, networks and [vtep] neighbours change live, whole or not at all;\n"
		  "traffic on ports the change does not touch goes on. Keys that need a\n"
		  "restart ([dataplane], [control], ...) refuse the reload, naming them.\n"
		  "--dry-run prints the difference and changes nothing.",
	.example = "sluicectl reload",
	.params = params_words,
	.print = print_reload,
	.args = {{"path", "PATH", ARG_STRING, 1}},
    },
    {
	/* Runs in doctor_cmd.c (several requests and the host's files); the
	 * row is here for help and completion. */
	.words = "doctor",
	.method = "doctor",
	.usage = "[--root DIR] [--facts FILE]",
	.help = "check this host against the running sluice, with a fix for each finding",
	.detail = "Checks: hugepages (mounted, reserved at boot), PMD cores isolated\n"
		  "(isolcpus, nohz_full, rcu_nocbs), IRQs and other threads on PMD cores,\n"
		  "transparent hugepages, CPU governor, NUMA locality of queues, RX rings,\n"
		  "guests that do not empty their rings. Exit 1 when a finding is a warning.\n"
		  "--root DIR reads /proc and /sys under DIR; --facts FILE takes sluice's\n"
		  "answers from a JSON file instead of asking it.",
	.example = "sluicectl doctor",
	.params = params_none,
	.print = print_empty,
    },
    {
	/* Runs in capture_cmd.c (start, status until done, stop); the row is
	 * here for help and completion. */
	.words = "capture",
	.method = "capture",
	.usage = "PORT [--count N] [--direction rx|tx|both] [-w FILE] [--duration S] [--stop]",
	.help = "capture a port's packets (vhost ports too) into a pcapng file",
	.detail = "sluice copies what PORT receives (rx) and sends (tx) and writes the file\n"
		  "itself: FILE (default ./sluice-PORT-DATE-TIME.pcapng) must be writable by\n"
		  "sluice. Runs until N packets are written, S seconds passed or Ctrl-C, then\n"
		  "prints how many were written and dropped. --stop ends PORT's capture.\n"
		  "Example: sluicectl capture vm1 --count 100 -w /tmp/vm1.pcapng",
	.example = "sluicectl capture vm1",
	.params = params_words,
	.print = print_empty,
	.args = {{"port", "PORT", ARG_STRING, 0}},
    },
    {
	/* Runs in trace_cmd.c (start, show until done); the row is here for
	 * help and completion. */
	.words = "trace",
	.method = "trace",
	.usage = "PORT --count N [--duration S]",
	.help = "follow the next N packets of a port through the pipeline, stage by stage",
	.detail = "Stages: rx, vlan, network chosen, fdb (hit, or flood), mss-clamp, mtu\n"
		  "verdict, encap (to which remote VTEP), output ports, drop reason.\n"
		  "Waits until N packets came (N up to 1000), S seconds (default 10) or Ctrl-C.",
	.example = "sluicectl trace vm1",
	.params = params_words,
	.print = print_empty,
	.args = {{"port", "PORT", ARG_STRING, 0}},
    },
};

const size_t commands_count = sizeof(commands) / sizeof(commands[0]);

/* How many words of argv spell words ("port add"), or 0 when they do not. */
static int words_match(const char *words, int argc, char *const argv[])
{
	const char *w = words;
	int n = 0;

	while (*w) {
		size_t len = strcspn(w, " ");

		if (n >= argc || strlen(argv[n]) != len || strncmp(argv[n], w, len) != 0)
			return 0;
		n++;
		w += len;
		w += strspn(w, " ");
	}
	return n;
}

const struct command *command_find(int argc, char *const argv[], int *nwords)
{
	const struct command *best = NULL;
	int best_n = 0;

	for (size_t i = 0; i < commands_count; i++) {
		int n = words_match(commands[i].words, argc, argv);

		if (n > best_n) {
			best = &commands[i];
			best_n = n;
		}
	}
	*nwords = best_n;
	return best;
}

const char *command_group(const struct command *cmd, char *buf, size_t len)
{
	size_t n = strcspn(cmd->words, " ");

	if (n >= len)
		n = len - 1;
	memcpy(buf, cmd->words, n);
	buf[n] = '\0';
	return buf;
}

int command_group_exists(const char *word)
{
	char group[32];

	for (size_t i = 0; i < commands_count; i++)
		if (strcmp(command_group(&commands[i], group, sizeof(group)), word) == 0)
			return 1;
	return 0;
}
