#include "capture_file.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* pcapng (draft-ietf-opsawg-pcapng) block types and option codes. */
#define PCAPNG_SHB 0x0A0D0D0Au
#define PCAPNG_IDB 0x00000001u
#define PCAPNG_EPB 0x00000006u
#define PCAPNG_BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define OPT_END 0
#define SHB_USERAPPL 4
#define IF_NAME 2
#define IF_DESCRIPTION 3
#define IF_TSRESOL 9
#define LINKTYPE_ETHERNET 1
/* Where rte_pcapng_copy leaves the interface id and timestamp in its
 * packet block. */
#define EPB_INTERFACE_ID_OFFSET 8
#define EPB_TIMESTAMP_HI_OFFSET 12
#define EPB_TIMESTAMP_LO_OFFSET 16

#define BLOCK_MAX 1024
/* Segments per writev: far below the system's IOV_BATCH (1024). */
#define IOV_BATCH 256

struct block {
	uint8_t buf[BLOCK_MAX];
	uint32_t len;
};

static void put(struct block *b, const void *data, uint32_t len)
{
	memcpy(b->buf + b->len, data, len);
	b->len += len;
}

static void put32(struct block *b, uint32_t v)
{
	put(b, &v, 4);
}

/* An option: code, length, value padded to 32 bits. Text is cut to fit. */
static void put_option(struct block *b, uint16_t code, const void *data, uint16_t len)
{
	static const uint8_t zero[4];

	if (len > 256)
		len = 256;
	put(b, &code, 2);
	put(b, &len, 2);
	put(b, data, len);
	put(b, zero, (4 - len % 4) % 4);
}

/* Closes a block: option end, the total length at both ends. */
static int block_write(int fd, struct block *b)
{
	uint16_t end[2] = {OPT_END, 0};
	ssize_t w;

	put(b, end, 4);
	b->len += 4;
	memcpy(b->buf + 4, &b->len, 4);
	memcpy(b->buf + b->len - 4, &b->len, 4);
	w = write(fd, b->buf, b->len);
	if (w == (ssize_t)b->len)
		return 0;
	if (w >= 0)
		errno = ENOSPC;
	return -1;
}

int capture_file_begin(int fd, const char *ifname, const char *description)
{
	static const char app[] = "sluice";
	const uint8_t tsresol = 9; /* nanoseconds, as rte_pcapng_copy stamps */
	struct block shb = {.len = 0}, idb = {.len = 0};
	uint64_t section_length = UINT64_MAX; /* unknown */

	put32(&shb, PCAPNG_SHB);
	put32(&shb, 0); /* total length, at the end */
	put32(&shb, PCAPNG_BYTE_ORDER_MAGIC);
	put32(&shb, 1); /* version 1.0 */
	put(&shb, &section_length, 8);
	put_option(&shb, SHB_USERAPPL, app, sizeof(app) - 1);
	if (block_write(fd, &shb) < 0)
		return -1;

	put32(&idb, PCAPNG_IDB);
	put32(&idb, 0);
	put32(&idb, LINKTYPE_ETHERNET); /* link type, 16 bits reserved */
	put32(&idb, 0);			/* snap length: none */
	put_option(&idb, IF_NAME, ifname, (uint16_t)strlen(ifname));
	put_option(&idb, IF_DESCRIPTION, description, (uint16_t)strlen(description));
	put_option(&idb, IF_TSRESOL, &tsresol, 1);
	return block_write(fd, &idb);
}

void capture_clock_init(struct capture_clock *clk, uint64_t tsc, uint64_t ns, uint64_t hz)
{
	clk->tsc0 = tsc;
	clk->ns0 = ns;
	clk->hz = hz ? hz : 1;
}

uint64_t capture_clock_ns(const struct capture_clock *clk, uint64_t tsc)
{
	/* Signed: a PMD may have stamped a packet just before tsc0. */
	__int128 delta = (__int128)tsc - (__int128)clk->tsc0;

	return (uint64_t)((__int128)clk->ns0 + delta * 1000000000 / (__int128)clk->hz);
}

static void put_stamp(struct rte_mbuf *m, uint64_t v)
{
	uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;

	memcpy(rte_pktmbuf_mtod_offset(m, uint8_t *, EPB_TIMESTAMP_HI_OFFSET), &hi, 4);
	memcpy(rte_pktmbuf_mtod_offset(m, uint8_t *, EPB_TIMESTAMP_LO_OFFSET), &lo, 4);
}

static uint64_t get_stamp(const struct rte_mbuf *m)
{
	uint32_t hi, lo;

	memcpy(&hi, rte_pktmbuf_mtod_offset(m, const uint8_t *, EPB_TIMESTAMP_HI_OFFSET), 4);
	memcpy(&lo, rte_pktmbuf_mtod_offset(m, const uint8_t *, EPB_TIMESTAMP_LO_OFFSET), 4);
	return (uint64_t)hi << 32 | lo;
}

void capture_file_stamp_tsc(struct rte_mbuf *m, uint64_t tsc)
{
	put_stamp(m, tsc);
}

int capture_file_write(int fd, struct rte_mbuf **pkts, uint16_t n, const struct capture_clock *clk)
{
	struct iovec iov[IOV_BATCH];
	size_t total = 0;
	int cnt = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const uint32_t interface = 0;

		if (cnt + m->nb_segs > IOV_BATCH) {
			if (writev(fd, iov, cnt) != (ssize_t)total)
				return -1;
			cnt = 0;
			total = 0;
		}
		memcpy(rte_pktmbuf_mtod_offset(m, uint8_t *, EPB_INTERFACE_ID_OFFSET), &interface,
		       4);
		put_stamp(m, capture_clock_ns(clk, get_stamp(m)));
		for (; m; m = m->next) {
			iov[cnt].iov_base = rte_pktmbuf_mtod(m, void *);
			iov[cnt++].iov_len = rte_pktmbuf_data_len(m);
			total += rte_pktmbuf_data_len(m);
		}
	}
	if (cnt && writev(fd, iov, cnt) != (ssize_t)total)
		return -1;
	return 0;
}
