/* The pcapng blocks sluice writes around DPDK's packet blocks, and the TSC
 * to wall-clock conversion that replaces 22.11's wrapping one. No EAL: the
 * packet block is an mbuf made by hand over a buffer. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../dataplane/capture_file.h"

static uint32_t u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void test_clock(void **state)
{
	struct capture_clock clk;
	const uint64_t hz = 3000000000ull, ns0 = 1796000000ull * 1000000000ull;
	const uint64_t tsc0 = 7000000000000ull; /* a machine up for some 40 minutes */

	(void)state;
	capture_clock_init(&clk, tsc0, ns0, hz);
	assert_int_equal(capture_clock_ns(&clk, tsc0), ns0);
	assert_int_equal(capture_clock_ns(&clk, tsc0 + hz), ns0 + 1000000000ull);
	assert_int_equal(capture_clock_ns(&clk, tsc0 + 3), ns0 + 1);
	/* A stamp taken just before the capture's own reading. */
	assert_int_equal(capture_clock_ns(&clk, tsc0 - 3000), ns0 - 1000);
	/* A day in: (cycles * 1e9) no longer fits 64 bits, the result must. */
	assert_int_equal(capture_clock_ns(&clk, tsc0 + 86400 * hz), ns0 + 86400000000000ull);
}

/* Section header then interface block, each with its length at both ends. */
static void test_begin(void **state)
{
	char path[] = "/tmp/test_capture_file_XXXXXX";
	int fd = mkstemp(path);
	uint8_t buf[1024];
	uint32_t shb_len, idb_len;
	ssize_t n;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(capture_file_begin(fd, "vm1", "sluice vhost port vm1"), 0);
	n = pread(fd, buf, sizeof(buf), 0);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	assert_int_equal(u32(buf), 0x0A0D0D0A);
	shb_len = u32(buf + 4);
	assert_int_equal(u32(buf + 8), 0x1A2B3C4D);
	assert_int_equal(u32(buf + shb_len - 4), shb_len);
	assert_int_equal(u32(buf + shb_len), 1);
	idb_len = u32(buf + shb_len + 4);
	assert_int_equal(u32(buf + shb_len + idb_len - 4), idb_len);
	assert_int_equal(shb_len + idb_len, n);
	assert_int_equal(shb_len % 4, 0);
	assert_int_equal(idb_len % 4, 0);
	/* if_name (2), length 3, "vm1", padding. */
	assert_memory_equal(buf + shb_len + 16, "\x02\x00\x03\x00vm1\x00", 8);
	assert_non_null(memmem(buf, (size_t)n, "sluice vhost port vm1", 21));
}

/* A packet block as rte_pcapng_copy leaves it, TSC-stamped by the PMD: it is
 * written on interface 0 with the time in nanoseconds. */
static void test_write(void **state)
{
	char path[] = "/tmp/test_capture_file_XXXXXX";
	int fd = mkstemp(path);
	uint8_t block[64] = {0}, out[64];
	struct rte_mbuf m;
	struct capture_clock clk;
	uint32_t v;

	(void)state;
	memset(&m, 0, sizeof(m));
	v = 6;
	memcpy(block, &v, 4);
	v = 44; /* 28 header + 12 data + 4 trailer */
	memcpy(block + 4, &v, 4);
	memcpy(block + 40, &v, 4);
	v = 7; /* the DPDK port id DPDK left */
	memcpy(block + 8, &v, 4);
	m.buf_addr = block;
	m.data_off = 0;
	m.data_len = 44;
	m.pkt_len = 44;
	m.nb_segs = 1;
	capture_file_stamp_tsc(&m, 2000);
	capture_clock_init(&clk, 1000, 5000000000ull, 1000); /* 1 kHz: a cycle is 1 ms */
	assert_true(fd >= 0);
	assert_int_equal(capture_file_write(fd, (struct rte_mbuf *[]){&m}, 1, &clk), 0);
	assert_int_equal(pread(fd, out, sizeof(out), 0), 44);
	close(fd);
	unlink(path);
	assert_int_equal(u32(out + 8), 0);
	assert_int_equal((uint64_t)u32(out + 12) << 32 | u32(out + 16), 6000000000ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clock),
	    cmocka_unit_test(test_begin),
	    cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
