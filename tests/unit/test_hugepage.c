/* hugepage_free() and hugepage_preflight() against fake sysfs trees. */
#define _GNU_SOURCE
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../hugepage/hugepage.h"

#define SIZE_2M 2048
#define SIZE_1G 1048576

static char root[64];
static char err[1024];

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

/* Writes ROOT/sys/kernel/mm/hugepages/hugepages-SIZEkB/NAME. */
static void write_count(uint64_t size_kb, const char *name, const char *text)
{
	char dir[512], path[600];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/sys/kernel/mm/hugepages/hugepages-%llukB", root,
		 (unsigned long long)size_kb);
	make_dirs(dir);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A pool of nr pages of which free are free, as the kernel shows it. */
static void set_pool(uint64_t size_kb, long nr, long free_pages)
{
	char text[32];

	snprintf(text, sizeof(text), "%ld\n", nr);
	write_count(size_kb, "nr_hugepages", text);
	snprintf(text, sizeof(text), "%ld\n", free_pages);
	write_count(size_kb, "free_hugepages", text);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
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
	return nftw(root, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void assert_err_contains(const char *want)
{
	if (!strstr(err, want))
		fail_msg("error '%s' does not contain '%s'", err, want);
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
	write_count(SIZE_2M, "free_hugepages", "garbage\n");
	assert_int_equal(hugepage_free(root, SIZE_2M), -1);
}

static void test_enough_pages(void **state)
{
	(void)state;
	set_pool(SIZE_2M, 512, 512);
	assert_int_equal(hugepage_preflight(root, SIZE_2M, 1024, err, sizeof(err)), 0);
	assert_int_equal(hugepage_preflight(root, SIZE_2M, 64, err, sizeof(err)), 0);
	set_pool(SIZE_1G, 2, 2);
	assert_int_equal(hugepage_preflight(root, SIZE_1G, 2048, err, sizeof(err)), 0);
}

static void test_too_few_pages(void **state)
{
	(void)state;
	set_pool(SIZE_2M, 100, 100);
	assert_int_equal(hugepage_preflight(root, SIZE_2M, 1024, err, sizeof(err)), -1);
	assert_string_equal(err, "hugepages = 2M: socket-mem 1024 MiB needs 512 free 2M pages, "
				 "100 are free; reserve them: echo 512 > "
				 "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");

	set_pool(SIZE_1G, 1, 1);
	assert_int_equal(hugepage_preflight(root, SIZE_1G, 4096, err, sizeof(err)), -1);
	assert_err_contains("hugepages = 1G: socket-mem 4096 MiB needs 4 free 1G pages, 1 are "
			    "free");
	assert_err_contains("echo 4 > /sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages");
}

static void test_pages_in_use_by_others(void **state)
{
	(void)state;
	/* Another process holds 500 of 600 pages: the pool must grow to
	 * 500 + 512, not shrink to 512, for 512 to be free. */
	set_pool(SIZE_2M, 600, 100);
	assert_int_equal(hugepage_preflight(root, SIZE_2M, 1024, err, sizeof(err)), -1);
	assert_err_contains("needs 512 free 2M pages, 100 are free");
	assert_err_contains("echo 1012 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");
}

static void test_no_1g_support(void **state)
{
	(void)state;
	set_pool(SIZE_2M, 1024, 1024);
	assert_int_equal(hugepage_preflight(root, SIZE_1G, 1024, err, sizeof(err)), -1);
	assert_err_contains("hugepages = 1G: this kernel offers no 1G pages");
	assert_err_contains("hugepages-1048576kB");
	assert_err_contains("use hugepages = 2M");
	/* No 2M pages either (an empty tree). */
	assert_int_equal(
	    hugepage_preflight("/nonexistent-sluice-root", SIZE_2M, 64, err, sizeof(err)), -1);
	assert_err_contains("this kernel offers no 2M pages");
	assert_err_contains("use hugepages = none");
}

static void test_rounding_up(void **state)
{
	(void)state;
	/* 1025 MiB is 512.5 pages of 2 MiB: 513 are needed. */
	set_pool(SIZE_2M, 512, 512);
	assert_int_equal(hugepage_preflight(root, SIZE_2M, 1025, err, sizeof(err)), -1);
	assert_err_contains("socket-mem 1025 MiB needs 513 free 2M pages, 512 are free");
	set_pool(SIZE_2M, 513, 513);
	assert_int_equal(hugepage_preflight(root, SIZE_2M, 1025, err, sizeof(err)), 0);
	/* 1025 MiB of 1 GiB pages needs 2. */
	set_pool(SIZE_1G, 1, 1);
	assert_int_equal(hugepage_preflight(root, SIZE_1G, 1025, err, sizeof(err)), -1);
	assert_err_contains("needs 2 free 1G pages");
	assert_int_equal(hugepage_preflight(root, SIZE_1G, 1024, err, sizeof(err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_free_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_enough_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_too_few_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pages_in_use_by_others, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_1g_support, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rounding_up, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
