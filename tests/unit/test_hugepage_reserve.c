/* hugepage_reserve() and hugepage_mount() on copies of the fake trees, with a
 * stand-in kernel: it grows a pool only as far as a test allows (fragmented
 * memory), refuses like a kernel refusing a non-root user, and mounts by
 * appending to the tree's /proc/mounts. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../hugepage/hugepage.h"
#include "../../hugepage/reserve.h"
#include "hugepage_fixture.h"

#define KERNEL_FINDS_NOTHING -2

struct kernel_stub {
	long gives;	 /* pages the pool reaches at most; KERNEL_FINDS_NOTHING: unchanged */
	int fail_errno;	 /* the write or mount fails with this */
	bool mount_lost; /* mount(2) succeeds but nothing shows in /proc/mounts */
	int writes, mounts;
	char written[512]; /* the last file written */
};

static struct kernel_stub kernel;
static struct hugepage_ops ops;
static char root[512];
static char msg[1024];

static int stub_write_count(const char *path, long n, void *ctx)
{
	struct kernel_stub *k = ctx;
	FILE *f;

	k->writes++;
	snprintf(k->written, sizeof(k->written), "%s", path + strlen(root));
	if (k->fail_errno) {
		errno = k->fail_errno;
		return -1;
	}
	if (k->gives == KERNEL_FINDS_NOTHING)
		return 0; /* the file keeps the pool the kernel already had */
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%ld\n", k->gives >= 0 && k->gives < n ? k->gives : n);
	fclose(f);
	return 0;
}

/* Appends the mount as the kernel shows it: 1G as pagesize=1024M. */
static int stub_mount(const char *mount_root, const char *dir, const char *options, void *ctx)
{
	struct kernel_stub *k = ctx;
	char path[600];
	FILE *f;

	k->mounts++;
	if (k->fail_errno) {
		errno = k->fail_errno;
		return -1;
	}
	if (k->mount_lost)
		return 0;
	snprintf(path, sizeof(path), "%s/proc/mounts", mount_root);
	f = fopen(path, "a");
	if (!f)
		return -1;
	fprintf(f, "none %s hugetlbfs rw,relatime,%s 0 0\n", dir,
		strcmp(options, "pagesize=1G") == 0 ? "pagesize=1024M" : options);
	fclose(f);
	return 0;
}

static int use_tree(const char *name)
{
	memset(&kernel, 0, sizeof(kernel));
	kernel.gives = -1;
	ops.write_count = stub_write_count;
	ops.mount = stub_mount;
	ops.ctx = &kernel;
	msg[0] = '\0';
	return fixture_copy(name, root, sizeof(root));
}

static int one_node(void **state)
{
	(void)state;
	return use_tree("one-node");
}

static int two_nodes(void **state)
{
	(void)state;
	return use_tree("two-nodes");
}

static int fragmented(void **state)
{
	(void)state;
	return use_tree("fragmented");
}

static int no_mount(void **state)
{
	(void)state;
	return use_tree("no-mount");
}

static int no_1g(void **state)
{
	(void)state;
	return use_tree("no-1g");
}

static int teardown(void **state)
{
	(void)state;
	return fixture_remove(root);
}

static enum hugepage_outcome reserve(uint64_t size_kb, long count, int node,
				     const struct hugepage_ops *with)
{
	struct hugepage_reserve_request req = {.size_kb = size_kb, .count = count, .node = node};

	return hugepage_reserve(root, &req, with, msg, sizeof(msg));
}

#define NODE0_1G "/sys/devices/system/node/node0/hugepages/hugepages-1048576kB/nr_hugepages"
#define NODE0_2M "/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages"
#define GLOBAL_1G "/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages"

/* The real write (NULL ops) on a plain file: what is written reads back. */
static void test_reserve_grows_the_pool(void **state)
{
	(void)state;
	assert_int_equal(reserve(HUGEPAGE_2M, 2048, 0, NULL), HUGEPAGE_DONE);
	assert_string_equal(msg, "2M pages on node 0: the pool now holds 2048 (it held 1024)");
	assert_string_equal(fixture_read(root, NODE0_2M), "2048");
}

static void test_reserve_is_idempotent(void **state)
{
	(void)state;
	assert_int_equal(reserve(HUGEPAGE_1G, 4, 0, &ops), HUGEPAGE_DONE);
	assert_string_equal(msg, "1G pages on node 0: the pool holds 4 already (asked for at least "
				 "4); nothing changed");
	/* Never shrinks a pool. */
	assert_int_equal(reserve(HUGEPAGE_1G, 1, -1, &ops), HUGEPAGE_DONE);
	assert_string_equal(msg, "1G pages: the pool holds 4 already (asked for at least 1); "
				 "nothing changed");
	assert_int_equal(kernel.writes, 0);
	assert_string_equal(fixture_read(root, NODE0_1G), "4");
}

/* Asked for 8, the kernel found no more contiguous 1 GiB blocks: the pool
 * reads back the 2 it had. */
static void test_reserve_fragmented(void **state)
{
	(void)state;
	kernel.gives = KERNEL_FINDS_NOTHING;
	assert_int_equal(reserve(HUGEPAGE_1G, 8, 0, &ops), HUGEPAGE_FAILED);
	assert_string_equal(msg,
			    "1G pages on node 0: asked for 8 and got 2: memory is too "
			    "fragmented (or too small) for more; reserve them at boot "
			    "instead: add 'default_hugepagesz=1G hugepagesz=1G hugepages=8' to "
			    "the kernel command line and reboot");
	assert_string_equal(kernel.written, NODE0_1G);
	assert_int_equal(reserve(HUGEPAGE_1G, 8, -1, &ops), HUGEPAGE_FAILED);
	assert_string_equal(kernel.written, GLOBAL_1G);
	assert_string_equal(msg, "1G pages: asked for 8 and got 2: memory is too fragmented (or "
				 "too small) for more; reserve them at boot instead: add "
				 "'default_hugepagesz=1G hugepagesz=1G hugepages=8' to the kernel "
				 "command line and reboot");
}

/* With several nodes the boot line keeps the other nodes' pools. */
static void test_reserve_partly_on_two_nodes(void **state)
{
	(void)state;
	kernel.gives = 5;
	assert_int_equal(reserve(HUGEPAGE_1G, 8, 1, &ops), HUGEPAGE_FAILED);
	assert_string_equal(msg, "1G pages on node 1: asked for 8 and got 5: memory is too "
				 "fragmented (or too small) for more; reserve them at boot "
				 "instead: add 'default_hugepagesz=1G hugepagesz=1G "
				 "hugepages=0:4,1:8' to the kernel command line and reboot");
	kernel.gives = 3000;
	assert_int_equal(reserve(HUGEPAGE_2M, 4096, -1, &ops), HUGEPAGE_FAILED);
	assert_string_equal(msg, "2M pages: asked for 4096 and got 3000: memory is too fragmented "
				 "(or too small) for more; reserve them at boot instead: add "
				 "'hugepagesz=2M hugepages=4096' to the kernel command line and "
				 "reboot");
	kernel.gives = -1;
	assert_int_equal(reserve(HUGEPAGE_1G, 6, 1, &ops), HUGEPAGE_DONE);
	assert_string_equal(msg, "1G pages on node 1: the pool now holds 6 (it held 5)");
}

static void test_reserve_no_1g(void **state)
{
	(void)state;
	assert_int_equal(reserve(HUGEPAGE_1G, 2, 0, &ops), HUGEPAGE_FAILED);
	assert_string_equal(msg, "the kernel offers no 1G pages (no "
				 "/sys/kernel/mm/hugepages/hugepages-1048576kB): this CPU (flag "
				 "pdpe1gb) or its hypervisor has no 1 GiB pages; use 2M pages");
	assert_int_equal(kernel.writes, 0);
}

static void test_reserve_missing_node(void **state)
{
	(void)state;
	assert_int_equal(reserve(HUGEPAGE_1G, 2, 2, &ops), HUGEPAGE_FAILED);
	assert_string_equal(msg, "NUMA node 2 does not exist (this machine has nodes 0,1)");
	assert_int_equal(kernel.writes, 0);
}

static void test_reserve_not_root(void **state)
{
	(void)state;
	kernel.fail_errno = EACCES;
	assert_int_equal(reserve(HUGEPAGE_1G, 8, 0, &ops), HUGEPAGE_NOT_ROOT);
	assert_string_equal(msg, "not root: cannot write 8 to " NODE0_1G
				 ": Permission denied; run it as root");
	kernel.fail_errno = EIO;
	assert_int_equal(reserve(HUGEPAGE_1G, 8, 0, &ops), HUGEPAGE_FAILED);
	assert_string_equal(msg, "cannot write 8 to " NODE0_1G ": Input/output error");
	assert_string_equal(fixture_read(root, NODE0_1G), "2");
}

static enum hugepage_outcome mount_at(uint64_t size_kb, const char *dir, char *used)
{
	return hugepage_mount(root, size_kb, dir, &ops, used, HUGEPAGE_PATH_MAX, msg, sizeof(msg));
}

static void test_mount_then_reuse(void **state)
{
	char used[HUGEPAGE_PATH_MAX], path[600], def[64];

	(void)state;
	hugepage_default_dir(HUGEPAGE_1G, def, sizeof(def));
	assert_string_equal(def, "/dev/hugepages1G");
	assert_int_equal(mount_at(HUGEPAGE_1G, def, used), HUGEPAGE_DONE);
	assert_string_equal(msg, "mounted 1G pages at /dev/hugepages1G (mount -t hugetlbfs -o "
				 "pagesize=1G none /dev/hugepages1G)");
	assert_string_equal(used, "/dev/hugepages1G");
	snprintf(path, sizeof(path), "%s/dev/hugepages1G", root);
	assert_int_equal(access(path, F_OK), 0);
	/* Again: reported, not mounted twice. */
	assert_int_equal(mount_at(HUGEPAGE_1G, def, used), HUGEPAGE_DONE);
	assert_string_equal(msg, "1G pages are mounted at /dev/hugepages1G already; nothing "
				 "changed");
	/* Another directory: the existing mount of that size is reused. */
	assert_int_equal(mount_at(HUGEPAGE_1G, "/mnt/other", used), HUGEPAGE_DONE);
	assert_string_equal(msg, "1G pages are mounted at /dev/hugepages1G already; using it "
				 "(nothing mounted at /mnt/other)");
	assert_string_equal(used, "/dev/hugepages1G");
	assert_int_equal(kernel.mounts, 1);
	/* 2M pages were mounted before we came. */
	assert_int_equal(mount_at(HUGEPAGE_2M, "/dev/hugepages2M", used), HUGEPAGE_DONE);
	assert_string_equal(msg, "2M pages are mounted at /dev/hugepages already; using it "
				 "(nothing mounted at /dev/hugepages2M)");
	assert_int_equal(kernel.mounts, 1);
}

static void test_mount_refusals(void **state)
{
	char used[HUGEPAGE_PATH_MAX], path[600];

	(void)state;
	assert_int_equal(mount_at(HUGEPAGE_1G, "/dev/hugepages", used), HUGEPAGE_FAILED);
	assert_string_equal(msg, "/dev/hugepages is a hugetlbfs mount of 2M pages already; choose "
				 "another --dir");
	assert_int_equal(mount_at(HUGEPAGE_1G, "/sys", used), HUGEPAGE_FAILED);
	assert_string_equal(msg, "/sys is a mount point already (sysfs); choose another --dir");
	assert_int_equal(mount_at(HUGEPAGE_1G, "dev/huge", used), HUGEPAGE_FAILED);
	assert_string_equal(msg, "'dev/huge' is not an absolute path");
	assert_int_equal(kernel.mounts, 0);

	/* Not root: the directory it created goes again. */
	kernel.fail_errno = EPERM;
	assert_int_equal(mount_at(HUGEPAGE_1G, "/dev/hugepages1G", used), HUGEPAGE_NOT_ROOT);
	assert_string_equal(msg, "not root: mount -t hugetlbfs -o pagesize=1G none "
				 "/dev/hugepages1G failed: Operation not permitted; run it as "
				 "root");
	snprintf(path, sizeof(path), "%s/dev/hugepages1G", root);
	assert_int_equal(access(path, F_OK), -1);
	assert_string_equal(used, "");

	kernel.fail_errno = 0;
	kernel.mount_lost = true;
	assert_int_equal(mount_at(HUGEPAGE_1G, "/dev/hugepages1G", used), HUGEPAGE_FAILED);
	assert_string_equal(msg, "mount -t hugetlbfs -o pagesize=1G none /dev/hugepages1G "
				 "succeeded, but /proc/mounts shows no 1G pages at "
				 "/dev/hugepages1G");
}

static void test_mount_no_1g(void **state)
{
	char used[HUGEPAGE_PATH_MAX];

	(void)state;
	assert_int_equal(mount_at(HUGEPAGE_1G, "/dev/hugepages1G", used), HUGEPAGE_FAILED);
	assert_string_equal(msg, "the kernel offers no 1G pages (no "
				 "/sys/kernel/mm/hugepages/hugepages-1048576kB): this CPU (flag "
				 "pdpe1gb) or its hypervisor has no 1 GiB pages; use 2M pages");
	assert_int_equal(kernel.mounts, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_reserve_grows_the_pool, one_node, teardown),
	    cmocka_unit_test_setup_teardown(test_reserve_is_idempotent, one_node, teardown),
	    cmocka_unit_test_setup_teardown(test_reserve_fragmented, fragmented, teardown),
	    cmocka_unit_test_setup_teardown(test_reserve_partly_on_two_nodes, two_nodes, teardown),
	    cmocka_unit_test_setup_teardown(test_reserve_no_1g, no_1g, teardown),
	    cmocka_unit_test_setup_teardown(test_reserve_missing_node, two_nodes, teardown),
	    cmocka_unit_test_setup_teardown(test_reserve_not_root, fragmented, teardown),
	    cmocka_unit_test_setup_teardown(test_mount_then_reuse, no_mount, teardown),
	    cmocka_unit_test_setup_teardown(test_mount_refusals, no_mount, teardown),
	    cmocka_unit_test_setup_teardown(test_mount_no_1g, no_1g, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
