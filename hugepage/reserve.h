/* Reserving hugepages (nr_hugepages) and mounting hugetlbfs, idempotently:
 * asking for what is already there changes nothing and succeeds.
 *
 * The two actions that change the machine go through struct hugepage_ops so
 * the unit tests can stand in for the kernel: a write to nr_hugepages that
 * yields fewer pages (fragmented memory), a mount that appends to a fake
 * /proc/mounts. */
#ifndef SLUICE_HUGEPAGE_RESERVE_H
#define SLUICE_HUGEPAGE_RESERVE_H

#include <stddef.h>
#include <stdint.h>

/* What an action came to; also the exit status of sluice-hugepages. */
enum hugepage_outcome {
	HUGEPAGE_DONE = 0,     /* done now, or it already was */
	HUGEPAGE_FAILED = 1,   /* the kernel cannot, or gave less than asked */
	HUGEPAGE_NOT_ROOT = 3, /* the kernel refused: permission denied */
};

struct hugepage_ops {
	/* Writes n to the nr_hugepages file at path; the kernel then grows the
	 * pool as far as it can, and the file reads back what it got. Returns
	 * 0 or -1 with errno. */
	int (*write_count)(const char *path, long n, void *ctx);
	/* mount -t hugetlbfs -o options none ROOT/dir. Returns 0 or -1 with errno. */
	int (*mount)(const char *root, const char *dir, const char *options, void *ctx);
	void *ctx;
};

/* The real kernel's: write(2) and mount(2). */
extern const struct hugepage_ops hugepage_ops_kernel;

struct hugepage_reserve_request {
	uint64_t size_kb;
	long count; /* the pool should hold at least this many pages */
	int node;   /* -1: the system-wide pool, the kernel spreads it over nodes */
};

/* Grows the pool of req->size_kb pages (of one node, or system-wide) to at
 * least req->count pages; never shrinks it. The message says what happened;
 * on a shortfall it gives the kernel command line that reserves the pages at
 * boot. ops NULL means hugepage_ops_kernel. */
enum hugepage_outcome hugepage_reserve(const char *root, const struct hugepage_reserve_request *req,
				       const struct hugepage_ops *ops, char *msg, size_t msglen);

/* Makes sure a hugetlbfs of size_kb pages is mounted: an existing mount of
 * that size (at dir or anywhere) is reported and reused; otherwise dir is
 * created and mounted. The directory in use is written to used_dir.
 * ops NULL means hugepage_ops_kernel. */
enum hugepage_outcome hugepage_mount(const char *root, uint64_t size_kb, const char *dir,
				     const struct hugepage_ops *ops, char *used_dir,
				     size_t used_len, char *msg, size_t msglen);

/* The directory sluice-hugepages mounts by default: /dev/hugepages1G,
 * /dev/hugepages2M. */
const char *hugepage_default_dir(uint64_t size_kb, char *buf, size_t len);

#endif
