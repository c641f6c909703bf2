/* sluice-hugepages status: the tables it prints for the fake machines in
 * fixtures/hugepages/, text compared whole (operators and scripts read it). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/hugepages/hugepages.h"
#include "hugepage_fixture.h"

static struct sluice_config cfg;
static struct preflight_facts facts;
static struct hugepage_plan plan;
static char err[1024];

/* What status prints for tree, and for config text when not NULL. */
static char *status(const char *tree, const char *config)
{
	static struct config_host host;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int rc;

	assert_non_null(out);
	for (int i = 0; i < SLUICE_MAX_CPUS; i++)
		host.cpu_online[i] = true;
	if (!config) {
		hugepage_facts_read(fixture(tree), &facts.hp);
		status_print_pools(out, &facts.hp);
	} else {
		if (config_load_string("t.ini", config, &host, &cfg, err, sizeof(err)) != 0)
			fail_msg("config refused: %s", err);
		preflight_facts_read(fixture(tree), &cfg, &facts);
		status_print_pools(out, &facts.hp);
		rc = preflight_check(&cfg, &facts, &plan, err, sizeof(err));
		status_print_config(out, "t.ini", &cfg, &plan, rc, err);
	}
	fclose(out);
	return text;
}

static void expect_status(const char *tree, const char *config, const char *want)
{
	char *got = status(tree, config);

	if (strcmp(got, want) != 0)
		fail_msg("status printed:\n%s\nwanted:\n%s", got, want);
	free(got);
}

static void test_pools_two_nodes(void **state)
{
	(void)state;
	expect_status("two-nodes", NULL,
		      "node  size     total     free  mount\n"
		      "0     2M         512      512  /dev/hugepages\n"
		      "0     1G           4        4  /mnt/huge 1G\n"
		      "1     2M         512      512  /dev/hugepages\n"
		      "1     1G           2        0  /mnt/huge 1G\n"
		      "all   2M        1024     1024  /dev/hugepages\n"
		      "all   1G           6        4  /mnt/huge 1G\n"
		      "default size 2M (Hugepagesize in /proc/meminfo); hugetlbfs mounts: "
		      "/dev/hugepages (2M), /mnt/huge 1G (1G)\n");
}

static void test_pools_no_1g(void **state)
{
	(void)state;
	expect_status("no-1g", NULL,
		      "node  size     total     free  mount\n"
		      "0     2M         512      512  /dev/hugepages\n"
		      "no 1G pages: this CPU (flag pdpe1gb) or its hypervisor has none\n"
		      "default size 2M (Hugepagesize in /proc/meminfo); hugetlbfs mounts: "
		      "/dev/hugepages (2M)\n");
	expect_status("/nonexistent", NULL,
		      "this kernel offers no hugepages (no /sys/kernel/mm/hugepages)\n");
}

static void test_config_does_not_fit(void **state)
{
	(void)state;
	expect_status(
	    "two-nodes",
	    "[dataplane]\nworker-cores = 1,4\nhugepages = 1G\nsocket-mem = 1024,1024\n",
	    "node  size     total     free  mount\n"
	    "0     2M         512      512  /dev/hugepages\n"
	    "0     1G           4        4  /mnt/huge 1G\n"
	    "1     2M         512      512  /dev/hugepages\n"
	    "1     1G           2        0  /mnt/huge 1G\n"
	    "all   2M        1024     1024  /dev/hugepages\n"
	    "all   1G           6        4  /mnt/huge 1G\n"
	    "default size 2M (Hugepagesize in /proc/meminfo); hugetlbfs mounts: "
	    "/dev/hugepages (2M), /mnt/huge 1G (1G)\n"
	    "\n"
	    "config t.ini: hugepages = 1G, socket-mem 1024,1024 MiB per node\n"
	    "node  size     needs     free  used by\n"
	    "0     1G           1        4  main core 0, worker core 1\n"
	    "1     1G           1        0  worker core 4\n"
	    "does not fit: hugepages = 1G: NUMA node 1 needs 1 free 1G page (socket-mem gives "
	    "node 1 1024 MiB), 0 are free; reserve them: sluice-hugepages reserve --size 1G "
	    "--count 3 --node 1\n");
}

static void test_config_fits(void **state)
{
	char *got;

	(void)state;
	got = status("one-node", "[dataplane]\nworker-cores = 1,2\nhugepages = auto\n"
				 "socket-mem = 2048\n[port uplink]\ntype = phy\n"
				 "devargs = 0000:3b:00.0\n");
	assert_non_null(strstr(got, "\nconfig t.ini: hugepages = auto, socket-mem 2048 MiB in "
				    "total\n"
				    "node  size     needs     free  used by\n"
				    "0     1G           2        3  main core 0, worker cores 1,2, "
				    "port 'uplink'\n"
				    "fits: hugepages = auto: using 1G pages from /dev/hugepages1G; "
				    "node 0 needs 2 of 3 free\n"));
	free(got);
	got = status("one-node", "[dataplane]\nworker-cores = 1\n");
	assert_non_null(strstr(got,
			       "\nconfig t.ini: hugepages = none, socket-mem 512 MiB in "
			       "total\nfits: DPDK runs with --no-huge, no hugepages needed\n"));
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pools_two_nodes),
	    cmocka_unit_test(test_pools_no_1g),
	    cmocka_unit_test(test_config_does_not_fit),
	    cmocka_unit_test(test_config_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
