/* Capture on a phy port (ring-backed) and a vhost port (DPDK's virtio_user in
 * this process on sluice's socket, as in test_drops_vhost.c): the PMD's
 * copies reach a pcapng file that is read back block by block here; a ring
 * that overflows is counted; a count ends the capture by itself; the
 * control methods refuse a missing port, a path that cannot be written and
 * a second capture on a port, and change nothing then. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "../../control/commands.h"
#include "../../dataplane/capture.h"
#include "harness.h"

#define VM_MAC "52:54:00:00:00:01"
#define WIRE_MAC "02:00:00:00:00:99"
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct ring_port wire;
static struct datapath *dp;
static struct control ctl;
static char sock[108], dir[64];
static uint16_t vm;
static uint16_t wire_port, vm_port;

/* What a pcapng file holds, as far as these tests look. */
struct pcapng_summary {
	int sections, interfaces;
	char ifname[64];
	int packets, inbound, outbound;
	uint32_t first_len;
	uint8_t first[64]; /* the first packet's first bytes */
};

static uint32_t u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint16_t u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

/* Walks options from p to end: if_name (2) of an IDB, flags (2) of an EPB. */
static uint32_t option_code2(const uint8_t *p, const uint8_t *end, char *text, size_t len)
{
	while (p + 4 <= end && u16(p) != 0) {
		uint16_t code = u16(p), olen = u16(p + 2);

		if (code == 2) {
			if (text) {
				size_t n = olen < len - 1 ? olen : len - 1;

				memcpy(text, p + 4, n);
				text[n] = '\0';
			}
			return olen >= 4 ? u32(p + 4) : 0;
		}
		p += 4 + ((olen + 3u) & ~3u);
	}
	return 0;
}

/* Reads a pcapng file block by block; fails the test on a malformed one. */
static void pcapng_read(const char *path, struct pcapng_summary *s)
{
	FILE *f = fopen(path, "rb");
	static uint8_t buf[1 << 20];
	size_t size, off = 0;

	memset(s, 0, sizeof(*s));
	assert_non_null(f);
	size = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	while (off < size) {
		uint32_t type, len;
		const uint8_t *b = buf + off;

		assert_true(off + 12 <= size);
		type = u32(b);
		len = u32(b + 4);
		assert_true(len >= 12 && len % 4 == 0 && off + len <= size);
		assert_int_equal(u32(b + len - 4), len); /* the length at both ends */
		if (type == 0x0A0D0D0A) {
			assert_int_equal(u32(b + 8), 0x1A2B3C4D);
			s->sections++;
		} else if (type == 1) {
			assert_int_equal(u16(b + 8), 1); /* Ethernet */
			option_code2(b + 16, b + len - 4, s->ifname, sizeof(s->ifname));
			s->interfaces++;
		} else if (type == 6) {
			uint32_t cap = u32(b + 20), flags;

			assert_int_equal(u32(b + 8), 0); /* the file's one interface */
			assert_true(28 + cap <= len);
			assert_int_equal(u32(b + 24), cap); /* nothing cut */
			flags = option_code2(b + 28 + ((cap + 3) & ~3u), b + len - 4, NULL, 0);
			s->inbound += (flags & 3) == 1;
			s->outbound += (flags & 3) == 2;
			if (s->packets++ == 0) {
				s->first_len = cap;
				memcpy(s->first, b + 28, cap < 64 ? cap : 64);
			}
		}
		off += len;
	}
	assert_int_equal(off, size);
}

static json_t *call(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static json_t *call(const char *fmt, ...)
{
	char line[4096], *reply;
	json_t *j;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	reply = command_dispatch(&ctl, line, strlen(line));
	assert_non_null(reply);
	j = json_loads(reply, 0, NULL);
	assert_non_null(j);
	free(reply);
	return j;
}

static const char *message_of(json_t *reply)
{
	const char *m =
	    json_string_value(json_object_get(json_object_get(reply, "error"), "message"));

	return m ? m : "";
}

static int vm_ready(void)
{
	const struct port *p = &dp->ports[vm_port];

	return __atomic_load_n(&p->ready, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&p->n_enq, __ATOMIC_ACQUIRE) == 1;
}

static int vm_start(void)
{
	struct rte_eth_conf conf = {0};
	char args[256];

	snprintf(args, sizeof(args), "path=%s,queues=1,mac=" VM_MAC, sock);
	if (rte_vdev_init("net_virtio_user0", args) < 0 ||
	    rte_eth_dev_get_port_by_name("net_virtio_user0", &vm) < 0 ||
	    rte_eth_dev_configure(vm, 1, 1, &conf) < 0 ||
	    rte_eth_rx_queue_setup(vm, 0, 256, 0, NULL, harness_pool()) < 0 ||
	    rte_eth_tx_queue_setup(vm, 0, 256, 0, NULL) < 0)
		return -1;
	return rte_eth_dev_start(vm);
}

/* What the guest received: freed, counted. */
static unsigned vm_drain(void)
{
	struct rte_mbuf *got[BURST_SIZE];
	unsigned total = 0;
	uint16_t n;

	while ((n = rte_eth_rx_burst(vm, 0, got, BURST_SIZE)) > 0) {
		rte_pktmbuf_free_bulk(got, n);
		total += n;
	}
	return total;
}

static void vm_send(unsigned n, uint16_t len)
{
	for (unsigned i = 0; i < n; i++) {
		struct rte_mbuf *m = harness_frame(WIRE_MAC, VM_MAC, len);

		assert_int_equal(rte_eth_tx_burst(vm, 0, &m, 1), 1);
	}
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[1024], err[512];

	(void)state;
	snprintf(sock, sizeof(sock), "/tmp/sluice-test-capture-%d.sock", (int)getpid());
	snprintf(dir, sizeof(dir), "/tmp/sluice-test-capture-%d", (int)getpid());
	if (mkdir(dir, 0700) < 0)
		return -1;
	if (harness_eal_init("test_capture") < 0 || harness_ring_port(&wire, "cwire", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network net]\ntype = flat\n"
		 "[port wire]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port vm]\ntype = vhost\nsocket = %s\nmode = server\nnetwork = net\n",
		 wire.devargs, sock);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	ctl.dp = dp;
	wire_port = (uint16_t)datapath_find_port(dp, "wire");
	vm_port = (uint16_t)datapath_find_port(dp, "vm");
	if (vm_start() < 0)
		return -1;
	for (int i = 0; i < 200 && !vm_ready(); i++)
		rte_delay_ms(50);
	return vm_ready() ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	rte_eth_dev_stop(vm);
	rte_eth_dev_close(vm);
	rte_vdev_uninit("net_virtio_user0");
	datapath_destroy(dp);
	harness_eal_cleanup();
	unlink(sock);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void file_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* A phy port: what it receives (inbound) and what is sent on it (outbound). */
static void test_capture_phy(void **state)
{
	struct capture_status st;
	struct pcapng_summary s;
	char path[128], err[256];

	(void)state;
	file_path(path, sizeof(path), "phy.pcapng");
	assert_int_equal(
	    capture_start(dp, wire_port, CAPTURE_RX | CAPTURE_TX, 0, path, err, sizeof(err)), 0);
	for (int i = 0; i < 3; i++)
		harness_inject(&wire, harness_frame(BCAST, WIRE_MAC, 100));
	harness_poll(dp);
	assert_int_equal(vm_drain(), 3);
	vm_send(2, 80);
	harness_poll(dp);
	assert_int_equal(harness_drain(&wire), 2);
	assert_int_equal(capture_stop(dp, wire_port, &st), 0);
	assert_int_equal(st.written, 5);
	assert_int_equal(st.ring_full + st.pool_empty, 0);
	assert_int_equal(st.state, CAPTURE_DONE);
	assert_int_equal(dp->ports[wire_port].capture, 0);

	pcapng_read(path, &s);
	assert_int_equal(s.sections, 1);
	assert_int_equal(s.interfaces, 1);
	assert_string_equal(s.ifname, "wire");
	assert_int_equal(s.packets, 5);
	assert_int_equal(s.inbound, 3);
	assert_int_equal(s.outbound, 2);
	assert_int_equal(s.first_len, 100);
	assert_memory_equal(s.first, "\xff\xff\xff\xff\xff\xff\x02\x00\x00\x00\x00\x99", 12);
	/* Stopped: no more copies. */
	harness_inject(&wire, harness_frame(BCAST, WIRE_MAC, 100));
	harness_poll(dp);
	assert_int_equal(vm_drain(), 1);
	assert_int_equal(capture_status(dp, wire_port, &st), -1);
}

/* A vhost port: what the guest sends is inbound, what sluice gives it outbound. */
static void test_capture_vhost(void **state)
{
	struct capture_status st;
	struct pcapng_summary s;
	char path[128], err[256];

	(void)state;
	file_path(path, sizeof(path), "vhost.pcapng");
	assert_int_equal(
	    capture_start(dp, vm_port, CAPTURE_RX | CAPTURE_TX, 0, path, err, sizeof(err)), 0);
	vm_send(4, 60);
	harness_poll(dp);
	assert_int_equal(harness_drain(&wire), 4);
	harness_inject(&wire, harness_frame(VM_MAC, WIRE_MAC, 1514));
	harness_poll(dp);
	assert_int_equal(vm_drain(), 1);
	assert_int_equal(capture_stop(dp, vm_port, &st), 0);
	assert_int_equal(st.written, 5);

	pcapng_read(path, &s);
	assert_string_equal(s.ifname, "vm");
	assert_int_equal(s.packets, 5);
	assert_int_equal(s.inbound, 4);
	assert_int_equal(s.outbound, 1);
	assert_int_equal(s.first_len, 60);
	assert_memory_equal(s.first, "\x02\x00\x00\x00\x00\x99\x52\x54\x00\x00\x00\x01", 12);
}

/* rx only, and a control thread that does not keep up: the ring holds what
 * it can, the rest is counted, and nothing else is lost. */
static void test_capture_overflow(void **state)
{
	const unsigned polls = 40, sent = polls * BURST_SIZE;
	struct capture_status st;
	struct pcapng_summary s;
	char path[128], err[256];

	(void)state;
	file_path(path, sizeof(path), "overflow.pcapng");
	assert_int_equal(capture_start(dp, vm_port, CAPTURE_RX, 0, path, err, sizeof(err)), 0);
	for (unsigned p = 0; p < polls; p++) {
		vm_send(BURST_SIZE, 64);
		pmd_poll_once(dp->pmds[0]); /* no datapath_tick: nobody drains */
		harness_drain(&wire);
	}
	assert_int_equal(capture_status(dp, vm_port, &st), 0);
	assert_int_equal(st.written, 0);
	assert_int_equal(st.ring_full, sent - (CAPTURE_RING_SIZE - 1));
	assert_int_equal(st.pool_empty, 0);
	assert_int_equal(capture_stop(dp, vm_port, &st), 0);
	assert_int_equal(st.written, CAPTURE_RING_SIZE - 1);
	assert_int_equal(st.written + st.ring_full, sent);
	pcapng_read(path, &s);
	assert_int_equal(s.packets, CAPTURE_RING_SIZE - 1);
	assert_int_equal(s.outbound, 0);
	/* Every copy went back to its pool, which is gone with the capture. */
	assert_int_equal(harness_rx_packets(dp, "vm"), harness_tx_packets(dp, "wire"));
}

/* count: the capture ends by itself, the file holds exactly count. */
static void test_capture_count(void **state)
{
	struct capture_status st;
	struct pcapng_summary s;
	char path[128], err[256];

	(void)state;
	file_path(path, sizeof(path), "count.pcapng");
	assert_int_equal(capture_start(dp, wire_port, CAPTURE_RX, 5, path, err, sizeof(err)), 0);
	for (int i = 0; i < 10; i++)
		harness_inject(&wire, harness_frame(BCAST, WIRE_MAC, 64));
	harness_poll(dp);
	vm_drain();
	assert_int_equal(capture_status(dp, wire_port, &st), 0);
	assert_int_equal(st.state, CAPTURE_DONE);
	assert_int_equal(st.written, 5);
	assert_int_equal(dp->ports[wire_port].capture, 0);
	pcapng_read(path, &s);
	assert_int_equal(s.packets, 5);
	/* A finished capture may be replaced by a new one without a stop. */
	assert_int_equal(capture_start(dp, wire_port, CAPTURE_RX, 1, path, err, sizeof(err)), 0);
	assert_int_equal(capture_stop(dp, wire_port, &st), 0);
	assert_int_equal(st.written, 0);
}

/* The methods: errors change nothing. */
static void test_capture_methods(void **state)
{
	char path[128], bad[160];
	json_t *r;
	struct stat sb;

	(void)state;
	file_path(path, sizeof(path), "rpc.pcapng");
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"capture.start\",\"params\":{\"port\":"
		 "\"nope\","
		 "\"path\":\"%s\"}}",
		 path);
	assert_string_equal(message_of(r), "no port 'nope'");
	json_decref(r);
	assert_int_equal(stat(path, &sb), -1);

	snprintf(bad, sizeof(bad), "%s/no-such-dir/x.pcapng", dir);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"capture.start\",\"params\":{\"port\":"
		 "\"vm\","
		 "\"path\":\"%s\"}}",
		 bad);
	assert_non_null(strstr(message_of(r), "cannot write"));
	assert_non_null(strstr(message_of(r), "No such file or directory"));
	json_decref(r);
	assert_null(dp->captures[vm_port]);
	assert_int_equal(dp->ports[vm_port].capture, 0);

	r = call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"capture.start\",\"params\":{\"port\":"
		 "\"vm\","
		 "\"path\":\"relative.pcapng\"}}");
	assert_non_null(strstr(message_of(r), "not an absolute path"));
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"capture.start\",\"params\":{\"port\":"
		 "\"vm\","
		 "\"path\":\"%s\",\"direction\":\"sideways\"}}",
		 path);
	assert_non_null(strstr(message_of(r), "not rx, tx or both"));
	json_decref(r);

	r = call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"capture.start\",\"params\":{\"port\":"
		 "\"vm\","
		 "\"path\":\"%s\",\"count\":3,\"direction\":\"tx\"}}",
		 path);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r, "result"), "state")), "running");
	json_decref(r);
	assert_int_equal(dp->ports[vm_port].capture, CAPTURE_TX);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"capture.start\",\"params\":{\"port\":"
		 "\"vm\","
		 "\"path\":\"%s/other.pcapng\"}}",
		 dir);
	assert_non_null(strstr(message_of(r), "a capture already runs on port 'vm'"));
	json_decref(r);
	snprintf(bad, sizeof(bad), "%s/other.pcapng", dir);
	assert_int_equal(stat(bad, &sb), -1);

	r = call("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"capture.status\"}");
	assert_int_equal(json_array_size(json_object_get(json_object_get(r, "result"), "captures")),
			 1);
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"capture.stop\",\"params\":{\"port\":"
		 "\"vm\"}}");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r, "result"), "state")), "done");
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"capture.stop\",\"params\":{\"port\":"
		 "\"vm\"}}");
	assert_string_equal(message_of(r), "no capture on port 'vm'");
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_capture_phy),	     cmocka_unit_test(test_capture_vhost),
	    cmocka_unit_test(test_capture_overflow), cmocka_unit_test(test_capture_count),
	    cmocka_unit_test(test_capture_methods),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
