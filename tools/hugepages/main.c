/* sluice-hugepages: what hugepages this machine has, and reserving and
 * mounting them, for sluice's [dataplane] hugepages and socket-mem. */
#include <stdio.h>
#include <string.h>

#include "hugepages.h"

#ifndef SLUICE_VERSION
#define SLUICE_VERSION "unknown"
#endif

static const char exit_codes[] =
    "Exit status:\n"
    "  0  done, or it already was (pages reserved, size mounted); status: the config fits\n"
    "  1  the kernel cannot: no such page size or node, fewer pages than asked (fragmented\n"
    "     memory), mount failed; status --config: the config does not fit\n"
    "  2  bad usage, or a config file sluice would refuse\n"
    "  3  not permitted: run it as root\n";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sluice-hugepages COMMAND [OPTIONS]\n"
		"\n"
		"Hugepages for sluice: what is there per NUMA node, and reserving and\n"
		"mounting more. Changing anything needs root; status only reads sysfs.\n"
		"\n"
		"Commands:\n"
		"  status [--config FILE]                     pages per node and size, mounts;\n"
		"                                             with a config: what it needs\n"
		"  reserve --size 1G|2M --count N [--node K]  grow a pool to N pages\n"
		"  mount --size 1G|2M [--dir D]               mount hugetlbfs of that size\n"
		"  help [COMMAND]                             this text, or a command's\n"
		"\n"
		"COMMAND --help tells more. See docs/hugepages.md.\n"
		"\n"
		"%s",
		exit_codes);
}

void usage_status(FILE *out)
{
	fprintf(out,
		"Usage: sluice-hugepages status [--config FILE]\n"
		"\n"
		"Prints a row per NUMA node and page size: pages in the pool (total), pages\n"
		"free, and the hugetlbfs mount of that size DPDK would use ('-': none).\n"
		"With --config, also what that sluice config needs on each node (from\n"
		"socket-mem, and the nodes of its cores and PCI ports), whether it fits and,\n"
		"when it does not, the command that fixes it: the same check sluice runs\n"
		"before it starts DPDK.\n"
		"\n"
		"Options:\n"
		"  -c, --config FILE  a sluice config (docs/config.md)\n"
		"      --root DIR     read DIR/sys and DIR/proc instead of /sys and /proc (tests)\n"
		"  -h, --help         this text\n"
		"\n"
		"%s",
		exit_codes);
}

void usage_reserve(FILE *out)
{
	fprintf(
	    out,
	    "Usage: sluice-hugepages reserve --size 1G|2M --count N [--node K]\n"
	    "\n"
	    "Grows the pool of SIZE pages to at least N pages: on NUMA node K\n"
	    "(/sys/devices/system/node/nodeK/hugepages/hugepages-SIZEkB/nr_hugepages) or,\n"
	    "without --node, system-wide (/sys/kernel/mm/hugepages/...; the kernel spreads\n"
	    "them over the nodes). Never shrinks a pool: a pool of N or more is left as it is.\n"
	    "N counts the pool, including pages other processes hold.\n"
	    "When the kernel gives fewer (memory too fragmented for more 1 GiB blocks), it\n"
	    "says how many it gave and prints the kernel command line that reserves them\n"
	    "at boot.\n"
	    "\n"
	    "Options:\n"
	    "      --size SIZE   page size: 1G or 2M\n"
	    "      --count N     pages the pool should hold at least\n"
	    "      --node K      NUMA node (default: system-wide)\n"
	    "      --root DIR    write below DIR instead of / (tests)\n"
	    "  -h, --help        this text\n"
	    "\n"
	    "%s",
	    exit_codes);
}

void usage_mount(FILE *out)
{
	fprintf(out,
		"Usage: sluice-hugepages mount --size 1G|2M [--dir D]\n"
		"\n"
		"Makes sure a hugetlbfs of SIZE pages is mounted, which DPDK needs to use them:\n"
		"  mount -t hugetlbfs -o pagesize=SIZE none D\n"
		"An existing hugetlbfs mount of that size (at D or anywhere else) is reported\n"
		"and reused; nothing is mounted twice. D is created when missing. The mount\n"
		"does not survive a reboot: add it to /etc/fstab\n"
		"  none /dev/hugepages1G hugetlbfs pagesize=1G 0 0\n"
		"\n"
		"Options:\n"
		"      --size SIZE   page size: 1G or 2M\n"
		"      --dir D       mount point (default /dev/hugepages1G, /dev/hugepages2M)\n"
		"      --root DIR    work below DIR instead of / (tests)\n"
		"  -h, --help        this text\n"
		"\n"
		"%s",
		exit_codes);
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	void (*usage)(FILE *out);
} commands[] = {
    {"status", cmd_status, usage_status},
    {"reserve", cmd_reserve, usage_reserve},
    {"mount", cmd_mount, usage_mount},
};

int main(int argc, char **argv)
{
	const size_t n = sizeof(commands) / sizeof(commands[0]);

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_DONE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("sluice-hugepages %s\n", SLUICE_VERSION);
		return EXIT_DONE;
	}
	if (strcmp(argv[1], "help") == 0) {
		for (size_t i = 0; argc > 2 && i < n; i++) {
			if (strcmp(argv[2], commands[i].name) == 0) {
				commands[i].usage(stdout);
				return EXIT_DONE;
			}
		}
		usage(stdout);
		return argc > 2 ? EXIT_USAGE : EXIT_DONE;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "sluice-hugepages: unknown command '%s' (status, reserve, mount)\n",
		argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
