/* The three subcommands: options in, one library call, its message out. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../hugepage/reserve.h"
#include "hugepages.h"

static int parse_long(const char *text, long min, long max, long *out)
{
	char *end;
	long v;

	if (!text[0] || text[0] == '-' || text[0] == '+')
		return -1;
	v = strtol(text, &end, 10);
	if (*end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* --size 1G|2M (any size the kernel names: 1024M, 2048kB...) */
static int parse_size(const char *text, uint64_t *size_kb)
{
	*size_kb = hugepage_size_parse(text);
	if (*size_kb == 0) {
		fprintf(stderr, "sluice-hugepages: --size '%s': give a page size like 1G or 2M\n",
			text);
		return -1;
	}
	return 0;
}

static int finish(enum hugepage_outcome outcome, const char *msg)
{
	if (outcome == HUGEPAGE_DONE)
		printf("%s\n", msg);
	else
		fprintf(stderr, "sluice-hugepages: %s\n", msg);
	return (int)outcome;
}

int cmd_status(int argc, char **argv)
{
	static const struct option options[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"root", required_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	static struct sluice_config cfg;
	static struct preflight_facts facts;
	static struct hugepage_plan plan;
	const char *file = NULL, *root = "";
	struct config_host host;
	char err[1024] = "";
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "c:h", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			file = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 'h':
			usage_status(stdout);
			return EXIT_DONE;
		default:
			usage_status(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "sluice-hugepages: status: unexpected argument '%s'\n",
			argv[optind]);
		return EXIT_USAGE;
	}
	if (!file) {
		hugepage_facts_read(root, &facts.hp);
		status_print_pools(stdout, &facts.hp);
		return EXIT_DONE;
	}
	if (config_host_read(&host) < 0 || config_load(file, &host, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "sluice-hugepages: %s\n",
			err[0] ? err : "cannot read /sys/devices/system/cpu/online");
		return EXIT_USAGE;
	}
	preflight_facts_read(root, &cfg, &facts);
	status_print_pools(stdout, &facts.hp);
	rc = preflight_check(&cfg, &facts, &plan, err, sizeof(err));
	status_print_config(stdout, file, &cfg, &plan, rc, err);
	return rc == 0 ? EXIT_DONE : EXIT_CANNOT;
}

int cmd_reserve(int argc, char **argv)
{
	static const struct option options[] = {
	    {"size", required_argument, NULL, 's'}, {"count", required_argument, NULL, 'n'},
	    {"node", required_argument, NULL, 'N'}, {"root", required_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},	    {NULL, 0, NULL, 0},
	};
	struct hugepage_reserve_request req = {.node = -1, .count = -1};
	const char *root = "";
	char msg[1024];
	long node;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (parse_size(optarg, &req.size_kb) < 0)
				return EXIT_USAGE;
			break;
		case 'n':
			if (parse_long(optarg, 1, 100000000, &req.count) < 0) {
				fprintf(stderr,
					"sluice-hugepages: --count '%s': give a number of pages, 1 "
					"or more\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'N':
			if (parse_long(optarg, 0, HUGEPAGE_MAX_NODES - 1, &node) < 0) {
				fprintf(stderr,
					"sluice-hugepages: --node '%s': give a NUMA node 0..%d\n",
					optarg, HUGEPAGE_MAX_NODES - 1);
				return EXIT_USAGE;
			}
			req.node = (int)node;
			break;
		case 'r':
			root = optarg;
			break;
		case 'h':
			usage_reserve(stdout);
			return EXIT_DONE;
		default:
			usage_reserve(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || req.size_kb == 0 || req.count < 0) {
		fprintf(stderr, "sluice-hugepages: reserve: %s\n",
			optind != argc ? "unexpected argument" : "--size and --count are required");
		usage_reserve(stderr);
		return EXIT_USAGE;
	}
	return finish(hugepage_reserve(root, &req, NULL, msg, sizeof(msg)), msg);
}

int cmd_mount(int argc, char **argv)
{
	static const struct option options[] = {
	    {"size", required_argument, NULL, 's'},
	    {"dir", required_argument, NULL, 'd'},
	    {"root", required_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	uint64_t size_kb = 0;
	const char *root = "", *dir = NULL;
	char msg[1024], used[HUGEPAGE_PATH_MAX], def[64];
	int opt;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (parse_size(optarg, &size_kb) < 0)
				return EXIT_USAGE;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 'h':
			usage_mount(stdout);
			return EXIT_DONE;
		default:
			usage_mount(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || size_kb == 0) {
		fprintf(stderr, "sluice-hugepages: mount: %s\n",
			optind != argc ? "unexpected argument" : "--size is required");
		usage_mount(stderr);
		return EXIT_USAGE;
	}
	if (!dir)
		dir = hugepage_default_dir(size_kb, def, sizeof(def));
	if (strlen(dir) >= HUGEPAGE_PATH_MAX || dir[0] != '/') {
		fprintf(stderr, "sluice-hugepages: --dir '%s': give an absolute path\n", dir);
		return EXIT_USAGE;
	}
	return finish(
	    hugepage_mount(root, size_kb, dir, NULL, used, sizeof(used), msg, sizeof(msg)), msg);
}
