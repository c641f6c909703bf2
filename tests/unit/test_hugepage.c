/* Hugepage discovery (sizes, pools per node, mounts), NUMA topology, the
 * system-wide free count and the cleanup of hugepage files, against the fake
 * trees in fixtures/hugepages/ and trees made up in temp dirs. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../hugepage/hugepage.h"
#include "../../hugepage/topology.h"
#include "hugepage_fixture.h"

#define SIZE_2M 2048
#define SIZE_1G 1048576

static char root[64];

static void make_dirs(const char *path)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	mkdir(buf, 0755);
}

/* Writes ROOT/REL (directories created), text as given. */
static void write_file(const char *rel, const char *text)
{
	char path[512], dir[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	make_dirs(dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A system-wide pool of nr pages of which free are free. */
static void set_pool(uint64_t size_kb, long nr, long free_pages)
{
	char rel[128], text[32];

	snprintf(rel, sizeof(rel), "/sys/kernel/mm/hugepages/hugepages-%llukB/nr_hugepages",
		 (unsigned long long)size_kb);
	snprintf(text, sizeof(text), "%ld\n", nr);
	write_file(rel, text);
	snprintf(rel, sizeof(rel), "/sys/kernel/mm/hugepages/hugepages-%llukB/free_hugepages",
		 (unsigned long long)size_kb);
	snprintf(text, sizeof(text), "%ld\n", free_pages);
	write_file(rel, text);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/sluice-hugepage.XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_remove(root);
}

static void test_free_pages(void **state)
{
	(void)state;
	assert_int_equal(hugepage_free(root, SIZE_2M), -1);
	set_pool(SIZE_2M, 1024, 600);
	assert_int_equal(hugepage_free(root, SIZE_2M), 600);
	assert_int_equal(hugepage_free(root, SIZE_1G), -1);
	set_pool(SIZE_1G, 4, 0);
	assert_int_equal(hugepage_free(root, SIZE_1G), 0);
	write_file("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "garbage\n");
	assert_int_equal(hugepage_free(root, SIZE_2M), -1);
}

static void test_size_names(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(hugepage_size_parse("1G"), SIZE_1G);
	assert_int_equal(hugepage_size_parse("2M"), SIZE_2M);
	assert_int_equal(hugepage_size_parse("1024M"), SIZE_1G);
	assert_int_equal(hugepage_size_parse("2048kB"), SIZE_2M);
	assert_int_equal(hugepage_size_parse("2048k"), SIZE_2M);
	assert_int_equal(hugepage_size_parse("2097152"), SIZE_2M); /* bytes */
	assert_int_equal(hugepage_size_parse("1g"), SIZE_1G);
	assert_int_equal(hugepage_size_parse("0"), 0);
	assert_int_equal(hugepage_size_parse("G"), 0);
	assert_int_equal(hugepage_size_parse("1T"), 0);
	assert_int_equal(hugepage_size_parse("2MX"), 0);
	assert_int_equal(hugepage_size_parse("-2M"), 0);
	assert_string_equal(hugepage_size_name(SIZE_1G, buf, sizeof(buf)), "1G");
	assert_string_equal(hugepage_size_name(SIZE_2M, buf, sizeof(buf)), "2M");
	assert_string_equal(hugepage_size_name(64, buf, sizeof(buf)), "64K");
	assert_string_equal(hugepage_size_name(16 * SIZE_1G, buf, sizeof(buf)), "16G");
}

static void test_discover_one_node(void **state)
{
	struct hugepage_facts f;
	const struct hugepage_pool *p2, *p1;

	(void)state;
	assert_int_equal(hugepage_facts_read(fixture("one-node"), &f), 0);
	assert_true(f.numa);
	assert_int_equal(f.n_nodes, 1);
	assert_int_equal(f.default_size_kb, SIZE_2M);
	/* Ascending by size, whatever order readdir gave. */
	assert_int_equal(f.n_sizes, 2);
	assert_int_equal(f.sizes[0].size_kb, SIZE_2M);
	assert_int_equal(f.sizes[1].size_kb, SIZE_1G);
	p2 = hugepage_pool_find(&f, SIZE_2M);
	p1 = hugepage_pool_find(&f, SIZE_1G);
	assert_non_null(p2);
	assert_non_null(p1);
	assert_int_equal(p2->total, 1024);
	assert_int_equal(p2->free, 1000);
	assert_int_equal(hugepage_node_total(&f, p1, 0), 4);
	assert_int_equal(hugepage_node_free(&f, p1, 0), 3);
	assert_int_equal(hugepage_node_free(&f, p1, 1), -1);
	/* pagesize=1024M is how the kernel shows a 1G mount. Other file
	 * systems in /proc/mounts are not hugetlbfs mounts. */
	assert_int_equal(f.n_mounts, 2);
	assert_string_equal(hugepage_mount_find(&f, SIZE_2M)->dir, "/dev/hugepages");
	assert_string_equal(hugepage_mount_find(&f, SIZE_1G)->dir, "/dev/hugepages1G");
	assert_int_equal(hugepage_mount_at(&f, "/dev/hugepages1G")->size_kb, SIZE_1G);
	assert_null(hugepage_mount_at(&f, "/proc"));
}

static void test_discover_two_nodes(void **state)
{
	struct hugepage_facts f;
	const struct hugepage_pool *p1;

	(void)state;
	hugepage_facts_read(fixture("two-nodes"), &f);
	assert_int_equal(f.n_nodes, 2);
	assert_true(f.node_present[0] && f.node_present[1]);
	p1 = hugepage_pool_find(&f, SIZE_1G);
	assert_int_equal(p1->total, 6);
	assert_int_equal(p1->free, 4);
	assert_int_equal(hugepage_node_total(&f, p1, 0), 4);
	assert_int_equal(hugepage_node_free(&f, p1, 0), 4);
	assert_int_equal(hugepage_node_total(&f, p1, 1), 2);
	assert_int_equal(hugepage_node_free(&f, p1, 1), 0);
	/* No pagesize= option: the default size from /proc/meminfo. A space in
	 * the mount point is \040 in /proc/mounts. */
	assert_string_equal(hugepage_mount_find(&f, SIZE_2M)->dir, "/dev/hugepages");
	assert_string_equal(hugepage_mount_find(&f, SIZE_1G)->dir, "/mnt/huge 1G");
}

static void test_discover_no_1g(void **state)
{
	struct hugepage_facts f;

	(void)state;
	hugepage_facts_read(fixture("no-1g"), &f);
	assert_int_equal(f.n_sizes, 1);
	assert_null(hugepage_pool_find(&f, SIZE_1G));
	assert_null(hugepage_mount_find(&f, SIZE_1G));
	assert_non_null(hugepage_mount_find(&f, SIZE_2M));
}

/* A kernel without NUMA has no node directories: one node 0 holding the
 * system-wide counts; an empty root has nothing at all. */
static void test_discover_without_numa(void **state)
{
	struct hugepage_facts f;
	const struct hugepage_pool *p;

	(void)state;
	set_pool(SIZE_2M, 100, 80);
	hugepage_facts_read(root, &f);
	assert_false(f.numa);
	assert_int_equal(f.n_nodes, 1);
	p = hugepage_pool_find(&f, SIZE_2M);
	assert_int_equal(hugepage_node_total(&f, p, 0), 100);
	assert_int_equal(hugepage_node_free(&f, p, 0), 80);
	assert_int_equal(f.n_mounts, 0);
	assert_int_equal(f.default_size_kb, 0);

	hugepage_facts_read("/nonexistent-sluice-root", &f);
	assert_int_equal(f.n_sizes, 0);
	assert_int_equal(f.n_mounts, 0);
}

static void test_cpu_nodes(void **state)
{
	int16_t node[16];

	(void)state;
	assert_int_equal(topology_cpu_nodes(fixture("two-nodes"), node, 16), 8);
	assert_int_equal(node[0], 0);
	assert_int_equal(node[3], 0);
	assert_int_equal(node[4], 1);
	assert_int_equal(node[7], 1);
	assert_int_equal(node[8], -1);
	/* "0-3,8,10-11" */
	write_file("/sys/devices/system/node/node0/cpulist", "0-1\n");
	write_file("/sys/devices/system/node/node2/cpulist", "2-3,8,10-11\n");
	write_file("/sys/devices/system/node/node3/cpulist", "\n"); /* memory only */
	assert_int_equal(topology_cpu_nodes(root, node, 16), 7);
	assert_int_equal(node[1], 0);
	assert_int_equal(node[2], 2);
	assert_int_equal(node[8], 2);
	assert_int_equal(node[9], -1);
	assert_int_equal(node[11], 2);
	/* No NUMA in the kernel: every CPU on node 0. */
	assert_int_equal(topology_cpu_nodes("/nonexistent-sluice-root", node, 16), 16);
	assert_int_equal(node[15], 0);
}

static void test_pci_nodes(void **state)
{
	char addr[32];

	(void)state;
	assert_int_equal(topology_pci_node(fixture("two-nodes"), "0000:af:00.0"), 1);
	assert_int_equal(topology_pci_node(fixture("two-nodes"), "af:00.0,rxq_pkt_size=64"), 1);
	assert_int_equal(topology_pci_node(fixture("two-nodes"), "0000:3b:00.0"), 0);
	/* The kernel says -1 on a one-node machine; a missing device, or a
	 * vdev, is unknown too. */
	assert_int_equal(topology_pci_node(fixture("one-node"), "0000:3b:00.0"), -1);
	assert_int_equal(topology_pci_node(fixture("two-nodes"), "0000:5e:00.0"), -1);
	assert_int_equal(topology_pci_node(fixture("two-nodes"), "net_tap0,iface=t0"), -1);
	assert_int_equal(topology_pci_address("3B:00.1", addr, sizeof(addr)), 0);
	assert_string_equal(addr, "0000:3b:00.1");
	assert_int_equal(topology_pci_address("net_ring0", addr, sizeof(addr)), -1);
}

static void test_remove_files(void **state)
{
	char mounts[600], text[600], dir[128];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/huge", root);
	make_dirs(dir);
	write_file("/huge/sl1map_0", "x");
	write_file("/huge/sl1map_1", "x");
	write_file("/huge/sl10map_0", "x"); /* another prefix that starts alike */
	write_file("/huge/other", "x");
	snprintf(text, sizeof(text),
		 "proc /proc proc rw 0 0\nnone %s hugetlbfs rw,pagesize=2M 0 0\n", dir);
	write_file("/mounts", text);
	snprintf(mounts, sizeof(mounts), "%s/mounts", root);
	assert_int_equal(hugepage_remove_files(mounts, "sl1"), 2);
	snprintf(text, sizeof(text), "%s/sl1map_0", dir);
	assert_int_equal(access(text, F_OK), -1);
	snprintf(text, sizeof(text), "%s/sl10map_0", dir);
	assert_int_equal(access(text, F_OK), 0);
	snprintf(text, sizeof(text), "%s/other", dir);
	assert_int_equal(access(text, F_OK), 0);
	assert_int_equal(hugepage_remove_files(mounts, "sl1"), 0);
	assert_int_equal(hugepage_remove_files("/nonexistent-sluice-mounts", "sl1"), 0);
}

/* A file a running process locks (DPDK's shared flock) stays; the others of
 * the prefix, a killed process's, go. */
static void test_remove_stale_files(void **state)
{
	char mounts[600], text[600], dir[128], held[700];
	int fd;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/huge", root);
	make_dirs(dir);
	write_file("/huge/sl1map_0", "x");
	write_file("/huge/sl1map_1", "x");
	write_file("/huge/sl10map_0", "x");
	snprintf(text, sizeof(text), "none %s hugetlbfs rw,pagesize=2M 0 0\n", dir);
	write_file("/mounts", text);
	snprintf(mounts, sizeof(mounts), "%s/mounts", root);
	snprintf(held, sizeof(held), "%s/sl1map_1", dir);
	fd = open(held, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_SH), 0);
	assert_int_equal(hugepage_remove_stale_files(mounts, "sl1"), 1);
	snprintf(text, sizeof(text), "%s/sl1map_0", dir);
	assert_int_equal(access(text, F_OK), -1);
	assert_int_equal(access(held, F_OK), 0);
	snprintf(text, sizeof(text), "%s/sl10map_0", dir);
	assert_int_equal(access(text, F_OK), 0);
	close(fd);
	assert_int_equal(hugepage_remove_stale_files(mounts, "sl1"), 1);
	assert_int_equal(access(held, F_OK), -1);
	assert_int_equal(hugepage_remove_stale_files("/nonexistent-sluice-mounts", "sl1"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_free_pages, setup, teardown),
	    cmocka_unit_test(test_size_names),
	    cmocka_unit_test(test_discover_one_node),
	    cmocka_unit_test(test_discover_two_nodes),
	    cmocka_unit_test(test_discover_no_1g),
	    cmocka_unit_test_setup_teardown(test_discover_without_numa, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cpu_nodes, setup, teardown),
	    cmocka_unit_test(test_pci_nodes),
	    cmocka_unit_test_setup_teardown(test_remove_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_remove_stale_files, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
