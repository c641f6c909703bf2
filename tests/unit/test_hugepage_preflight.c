/* preflight_check(): a config and the facts of a fake machine
 * (fixtures/hugepages/) in, a plan or one message out; and the EAL arguments
 * that plan gives. Messages are compared word for word: they are what an
 * operator reads and runs. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/config.h"
#include "../../control/eal_args.h"
#include "../../hugepage/preflight.h"
#include "hugepage_fixture.h"

static struct sluice_config cfg;
static struct preflight_facts facts;
static struct hugepage_plan plan;
static struct eal_args eal;
static char err[1024];

static void configure(const char *text)
{
	static struct config_host host;

	for (int i = 0; i < SLUICE_MAX_CPUS; i++)
		host.cpu_online[i] = true;
	if (config_load_string("t.ini", text, &host, &cfg, err, sizeof(err)) != 0)
		fail_msg("config refused: %s\n%s", err, text);
}

/* The preflight for the loaded config on fixture tree. */
static int check(const char *tree)
{
	err[0] = '\0';
	preflight_facts_read(fixture(tree), &cfg, &facts);
	return preflight_check(&cfg, &facts, &plan, err, sizeof(err));
}

static void expect_fit(const char *tree, const char *summary)
{
	if (check(tree) != 0)
		fail_msg("preflight refused on %s: %s", tree, err);
	assert_string_equal(plan.summary, summary);
}

static void expect_refusal(const char *tree, const char *message)
{
	assert_int_equal(check(tree), -1);
	assert_string_equal(err, message);
}

/* The EAL line for the last plan, as one string. */
static const char *eal_line(void)
{
	static char line[1024];
	size_t used = 0;

	if (eal_args_build_huge(&cfg, plan.huge_dir, "sluice", &eal, err, sizeof(err)) != 0)
		fail_msg("eal_args_build_huge: %s", err);
	line[0] = '\0';
	for (int i = 1; i < eal.argc; i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s", i > 1 ? " " : "",
					 eal.argv[i]);
	return line;
}

static void test_one_node_1g_fits(void **state)
{
	(void)state;
	configure("[dataplane]\nworker-cores = 1,2\nhugepages = 1G\nsocket-mem = 2048\n"
		  "file-prefix = t\n[port uplink]\ntype = phy\ndevargs = 0000:3b:00.0\n");
	expect_fit("one-node", "hugepages = 1G: using 1G pages from /dev/hugepages1G; node 0 "
			       "needs 2 of 3 free");
	assert_int_equal(plan.hugepages, HUGEPAGES_1G);
	assert_int_equal(plan.size_kb, HUGEPAGE_1G);
	/* The port's node is -1 (one node): node 0, like DPDK's. */
	assert_string_equal(plan.nodes[0].port_list, "'uplink'");
	assert_string_equal(eal_line(), "-l 0,1,2 --main-lcore 0 --file-prefix t -m 2048 "
					"--huge-dir /dev/hugepages1G -a 0000:3b:00.0");
}

static void test_one_node_too_few_1g(void **state)
{
	(void)state;
	/* 4 pages in the pool, 3 free: the pool must grow to 4 - 3 + 8. */
	configure("[dataplane]\nworker-cores = 1\nhugepages = 1G\nsocket-mem = 8192\n");
	expect_refusal("one-node", "hugepages = 1G: NUMA node 0 needs 8 free 1G pages (socket-mem "
				   "8192 MiB), 3 are free; reserve them: sluice-hugepages reserve "
				   "--size 1G --count 9 --node 0");
}

static void test_2m_rounds_up(void **state)
{
	(void)state;
	/* 2049 MiB is 1024.5 pages of 2 MiB: 1025. */
	configure("[dataplane]\nworker-cores = 1\nhugepages = 2M\nsocket-mem = 2049\n");
	expect_refusal("one-node", "hugepages = 2M: NUMA node 0 needs 1025 free 2M pages "
				   "(socket-mem 2049 MiB), 1000 are free; reserve them: "
				   "sluice-hugepages reserve --size 2M --count 1049 --node 0");
	configure("[dataplane]\nworker-cores = 1\nhugepages = 2M\nsocket-mem = 2000\n");
	expect_fit("one-node", "hugepages = 2M: using 2M pages from /dev/hugepages; node 0 needs "
			       "1000 of 1000 free");
}

static void test_no_1g_support(void **state)
{
	(void)state;
	configure("[dataplane]\nworker-cores = 1\nhugepages = 1G\nsocket-mem = 1024\n");
	expect_refusal("no-1g", "hugepages = 1G: this kernel offers no 1G pages (no "
				"/sys/kernel/mm/hugepages/hugepages-1048576kB); use hugepages = "
				"2M");
	/* auto takes 2M and says why not 1G. */
	configure("[dataplane]\nworker-cores = 1\nhugepages = auto\nsocket-mem = 512\n");
	expect_fit("no-1g", "hugepages = auto: using 2M pages from /dev/hugepages (1G: this "
			    "kernel offers no 1G pages); node 0 needs 256 of 512 free");
	assert_int_equal(plan.hugepages, HUGEPAGES_2M);
}

static void test_no_mount_of_that_size(void **state)
{
	(void)state;
	/* The 1G pages are free, but without a 1G mount DPDK cannot use them;
	 * 1G never falls back to the mounted 2M pages. */
	configure("[dataplane]\nworker-cores = 1\nhugepages = 1G\nsocket-mem = 1024\n");
	expect_refusal("no-mount", "hugepages = 1G: no hugetlbfs is mounted with 1G pages, so "
				   "DPDK cannot use them; mount one: sluice-hugepages mount --size "
				   "1G");
	configure("[dataplane]\nworker-cores = 1\nhugepages = auto\nsocket-mem = 1024\n");
	expect_fit("no-mount", "hugepages = auto: using 2M pages from /dev/hugepages (1G: no "
			       "hugetlbfs mount of 1G pages); node 0 needs 512 of 512 free");
}

static void test_fragmented(void **state)
{
	(void)state;
	configure("[dataplane]\nworker-cores = 1\nhugepages = 1G\nsocket-mem = 8192\n");
	expect_refusal("fragmented", "hugepages = 1G: NUMA node 0 needs 8 free 1G pages "
				     "(socket-mem 8192 MiB), 2 are free; reserve them: "
				     "sluice-hugepages reserve --size 1G --count 8 --node 0");
}

static void test_per_node_fits_one_node_only(void **state)
{
	(void)state;
	/* Node 1's two 1G pages are held by another process. */
	configure("[dataplane]\nworker-cores = 1,4\nhugepages = 1G\nsocket-mem = 1024,1024\n");
	expect_refusal("two-nodes", "hugepages = 1G: NUMA node 1 needs 1 free 1G page (socket-mem "
				    "gives node 1 1024 MiB), 0 are free; reserve them: "
				    "sluice-hugepages reserve --size 1G --count 3 --node 1");
	assert_int_equal(plan.nodes[0].need, 1);
	assert_int_equal(plan.nodes[0].free, 4);
	/* 2M pages are free on both: --socket-mem per node, --huge-dir. */
	configure("[dataplane]\nworker-cores = 1,4\nhugepages = 2M\nsocket-mem = 1024,1024\n"
		  "file-prefix = t\n");
	expect_fit("two-nodes", "hugepages = 2M: using 2M pages from /dev/hugepages; node 0 needs "
				"512 of 512 free, node 1 needs 512 of 512 free");
	assert_string_equal(eal_line(), "-l 0,1,4 --main-lcore 0 --file-prefix t --socket-mem "
					"1024,1024 --huge-dir /dev/hugepages --no-pci");
}

/* A total is spread as DPDK spreads it: by lcores per node. */
static void test_total_spread_by_lcores(void **state)
{
	(void)state;
	configure("[dataplane]\nworker-cores = 1,4\nhugepages = 1G\nsocket-mem = 3072\n");
	expect_refusal("two-nodes", "hugepages = 1G: NUMA node 1 needs 1 free 1G page (its share "
				    "of socket-mem 3072 MiB: 1 of 3 lcores), 0 are free; reserve "
				    "them: sluice-hugepages reserve --size 1G --count 3 --node 1");
	assert_int_equal(plan.nodes[0].need, 2);
	assert_int_equal(plan.nodes[0].mem_kb, 2048 * 1024);
	/* Every lcore on node 0: node 1 needs nothing. The mount point has a
	 * space in it. */
	configure("[dataplane]\nworker-cores = 1,2\nhugepages = 1G\nsocket-mem = 3072\n"
		  "file-prefix = t\n");
	expect_fit("two-nodes", "hugepages = 1G: using 1G pages from /mnt/huge 1G; node 0 needs 3 "
				"of 4 free");
	assert_string_equal(plan.huge_dir, "/mnt/huge 1G");
	eal_line();
	assert_string_equal(eal.argv[9], "--huge-dir");
	assert_string_equal(eal.argv[10], "/mnt/huge 1G");
}

static void test_pci_port_on_a_node_without_lcores(void **state)
{
	(void)state;
	configure("[dataplane]\nworker-cores = 1\nhugepages = 1G\nsocket-mem = 1024\n"
		  "[port uplink]\ntype = phy\ndevargs = af:00.0\n");
	expect_refusal("two-nodes", "hugepages = 1G: NUMA node 1 needs 1 free 1G page (the packet "
				    "pool of port 'uplink'), 0 are free; reserve them: "
				    "sluice-hugepages reserve --size 1G --count 3 --node 1");
}

static void test_per_node_leaves_a_used_node_empty(void **state)
{
	(void)state;
	configure("[dataplane]\nworker-cores = 1,4\nhugepages = 2M\nsocket-mem = 2048,0\n");
	expect_refusal("two-nodes", "socket-mem = 2048,0: NUMA node 1 gets no memory, but worker "
				    "core 4 is there; give it some, e.g. socket-mem = 2048,2048");
	configure("[dataplane]\nmain-core = 0\nworker-cores = 4,5\nhugepages = 2M\n"
		  "socket-mem = 0,1024\n");
	expect_refusal("two-nodes", "socket-mem = 0,1024: NUMA node 0 gets no memory, but main "
				    "core 0 is there; give it some, e.g. socket-mem = 1024,1024");
	configure("[dataplane]\nworker-cores = 1,2\nhugepages = 2M\nsocket-mem = 512,0\n"
		  "[port a]\ntype = phy\ndevargs = 0000:af:00.0\n"
		  "[port b]\ntype = phy\ndevargs = 0000:af:00.1,x=1\n");
	expect_refusal("two-nodes", "socket-mem = 512,0: NUMA node 1 gets no memory, but ports "
				    "'a', 'b' are there; give it some, e.g. socket-mem = 512,512");
}

static void test_per_node_names_a_missing_node(void **state)
{
	(void)state;
	configure("[dataplane]\nworker-cores = 1\nhugepages = 2M\nsocket-mem = 1024,1024\n");
	expect_refusal("one-node", "socket-mem = 1024,1024: this machine has no NUMA node 1 (it "
				   "has node 0); give a total instead: socket-mem = 2048");
}

static void test_none_checks_nothing(void **state)
{
	(void)state;
	/* --no-huge memory has no node: the per-node values add up to -m. */
	configure("[dataplane]\nworker-cores = 1\nhugepages = none\nsocket-mem = 256,256\n"
		  "file-prefix = t\n");
	assert_int_equal(check("no-1g"), 0);
	assert_int_equal(plan.hugepages, HUGEPAGES_NONE);
	assert_string_equal(plan.summary, "");
	assert_string_equal(eal_line(),
			    "-l 0,1 --main-lcore 0 --file-prefix t -m 512 --no-huge --no-pci");
}

static void test_auto(void **state)
{
	(void)state;
	configure("[dataplane]\nworker-cores = 1\nhugepages = auto\nsocket-mem = 2048\n");
	expect_fit("one-node", "hugepages = auto: using 1G pages from /dev/hugepages1G; node 0 "
			       "needs 2 of 3 free");
	assert_int_equal(plan.hugepages, HUGEPAGES_1G);
	/* Neither fits: the fix offered is 2M's, and 1G's shortfall is said. */
	configure("[dataplane]\nworker-cores = 1\nhugepages = auto\nsocket-mem = 8192\n");
	expect_refusal("one-node",
		       "hugepages = auto: no page size fits (1G: NUMA node 0 has 3 "
		       "free of the 8 it needs); for 2M pages: NUMA node 0 needs 4096 "
		       "free 2M pages (socket-mem 8192 MiB), 1000 are free; reserve "
		       "them: sluice-hugepages reserve --size 2M --count 4120 --node 0");
	assert_int_equal(plan.size_kb, HUGEPAGE_2M);
	expect_refusal("/nonexistent", "hugepages = auto: this kernel offers no 1G or 2M pages; "
				       "use hugepages = none");
}

/* The config syntax: socket-mem per node, hugepages = auto. */
static void expect_config_error(const char *text, const char *message)
{
	static struct config_host host;

	for (int i = 0; i < SLUICE_MAX_CPUS; i++)
		host.cpu_online[i] = true;
	assert_int_equal(config_load_string("t.ini", text, &host, &cfg, err, sizeof(err)), -1);
	assert_string_equal(err, message);
}

static void test_config_syntax(void **state)
{
	char text[512];
	size_t used;

	(void)state;
	configure("[dataplane]\nworker-cores = 1\nsocket-mem = 1024,1024\n");
	assert_int_equal(cfg.dataplane.socket_mem.n_nodes, 2);
	assert_int_equal(cfg.dataplane.socket_mem_mb, 2048);
	configure("[dataplane]\nworker-cores = 1\nsocket-mem = 1024, 0 ,512\n");
	assert_int_equal(cfg.dataplane.socket_mem.n_nodes, 3);
	assert_int_equal(cfg.dataplane.socket_mem.node_mb[1], 0);
	assert_int_equal(cfg.dataplane.socket_mem_mb, 1536);
	configure("[dataplane]\nworker-cores = 1\nsocket-mem = 4096\nhugepages = auto\n");
	assert_int_equal(cfg.dataplane.socket_mem.n_nodes, 0);
	assert_int_equal(cfg.dataplane.socket_mem_mb, 4096);
	assert_int_equal(cfg.dataplane.hugepages, HUGEPAGES_AUTO);

	expect_config_error("[dataplane]\nworker-cores = 1\nsocket-mem = 1024,\n",
			    "t.ini:3: key 'socket-mem': '1024,' is not MiB per NUMA node like "
			    "1024,1024");
	expect_config_error("[dataplane]\nworker-cores = 1\nsocket-mem = 0,32\n",
			    "t.ini:3: key 'socket-mem': '0,32' adds up to 32 MiB, out of range "
			    "64..1048576");
	expect_config_error("[dataplane]\nworker-cores = 1\nsocket-mem = 1024,x\n",
			    "t.ini:3: key 'socket-mem': 'x' is not a whole number");
	expect_config_error("[dataplane]\nworker-cores = 1\nsocket-mem = 32\n",
			    "t.ini:3: key 'socket-mem': 32 is out of range 64..1048576");
	expect_config_error("[dataplane]\nworker-cores = 1\nhugepages = 4K\n",
			    "t.ini:3: key 'hugepages': '4K' is not one of: none 2M 1G auto");
	used = (size_t)snprintf(text, sizeof(text), "[dataplane]\nworker-cores = 1\nsocket-mem = ");
	for (int i = 0; i < 33; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s64", i ? "," : "");
	snprintf(text + used, sizeof(text) - used, "\n");
	expect_config_error(text, "t.ini:3: key 'socket-mem': more than 32 NUMA nodes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_node_1g_fits),
	    cmocka_unit_test(test_one_node_too_few_1g),
	    cmocka_unit_test(test_2m_rounds_up),
	    cmocka_unit_test(test_no_1g_support),
	    cmocka_unit_test(test_no_mount_of_that_size),
	    cmocka_unit_test(test_fragmented),
	    cmocka_unit_test(test_per_node_fits_one_node_only),
	    cmocka_unit_test(test_total_spread_by_lcores),
	    cmocka_unit_test(test_pci_port_on_a_node_without_lcores),
	    cmocka_unit_test(test_per_node_leaves_a_used_node_empty),
	    cmocka_unit_test(test_per_node_names_a_missing_node),
	    cmocka_unit_test(test_none_checks_nothing),
	    cmocka_unit_test(test_auto),
	    cmocka_unit_test(test_config_syntax),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
