/* rte_vhost's thread looks up the port of every connection, vring change and
 * disconnection while the control thread adds and deletes ports (issue 11,
 * finding 5). A virtio_user "VM" connects and disconnects again and again
 * while a thread in the control thread's role (the only one that changes
 * ports meanwhile) adds and deletes another vhost port as fast as it can; then the VM's own port is
 * deleted while the VM is connected (destroy_device then runs on the control thread, inside
 * port.del) and added back.
 *
 * Honest limit: the old code's fault was an unsynchronised read, which shows
 * as a crash or a wrong port only when the two threads meet in a window of a
 * few instructions. This test drives both sides of that window as often as a
 * handful of connections allows; it cannot make them meet on demand. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "../../control/commands.h"
#include "harness.h"

#define VM_MAC "52:54:00:00:00:01"
#define WIRE_MAC "02:00:00:00:00:99"
#define VM_VDEV "net_virtio_user0"
#define CYCLES 4

static struct ring_port wire;
static struct datapath *dp;
static struct control ctl;
static char vm_sock[108], spare_sock[108];
static unsigned churns;

static int call(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Sends a request; 0 for a result, else its error code. */
static int call(const char *fmt, ...)
{
	char line[1024];
	char *reply;
	json_t *j, *e;
	va_list ap;
	int code;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	reply = command_dispatch(&ctl, line, strlen(line));
	assert_non_null(reply);
	j = json_loads(reply, 0, NULL);
	assert_non_null(j);
	e = json_object_get(j, "error");
	code = e ? (int)json_integer_value(json_object_get(e, "code")) : 0;
	if (code)
		fprintf(stderr, "%s -> %s", line, reply);
	free(reply);
	json_decref(j);
	return code;
}

static const struct port *vm_port(void)
{
	int i = datapath_find_port(dp, "vm");

	assert_true(i >= 0);
	return &dp->ports[i];
}

/* One port.add and port.del of another vhost port: the control thread
 * rewriting a port slot, registering and unregistering a socket. */
static void churn(void)
{
	assert_int_equal(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.add\",\"params\":"
			      "{\"name\":\"spare\",\"type\":\"vhost\",\"socket\":\"%s\","
			      "\"mode\":\"server\",\"network\":\"net\"}}",
			      spare_sock),
			 0);
	assert_int_equal(call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"port.del\","
			      "\"params\":{\"name\":\"spare\"}}"),
			 0);
	churns++;
}

/* The control thread's role while a VM connects and disconnects: port.add
 * and port.del of another vhost port, over and over. */
static void *churn_main(void *arg)
{
	const int *stop = arg;

	while (!__atomic_load_n(stop, __ATOMIC_ACQUIRE))
		churn();
	return NULL;
}

/* Waits until the VM's port is ready (up) or not (down), for at most about
 * 10 s: rte_vhost's event thread polls with a 1 s timeout. */
static int wait_vm(bool up)
{
	for (int i = 0; i < 1000; i++) {
		if ((__atomic_load_n(&vm_port()->ready, __ATOMIC_ACQUIRE) != 0) == up)
			return 0;
		rte_delay_ms(10);
	}
	return -1;
}

static int vm_start(uint16_t *port_id)
{
	struct rte_eth_conf conf = {0};
	char args[256];

	snprintf(args, sizeof(args), "path=%s,queues=1,mac=" VM_MAC, vm_sock);
	if (rte_vdev_init(VM_VDEV, args) < 0 || rte_eth_dev_get_port_by_name(VM_VDEV, port_id) < 0)
		return -1;
	if (rte_eth_dev_configure(*port_id, 1, 1, &conf) < 0 ||
	    rte_eth_rx_queue_setup(*port_id, 0, 256, 0, NULL, harness_pool()) < 0 ||
	    rte_eth_tx_queue_setup(*port_id, 0, 256, 0, NULL) < 0)
		return -1;
	return rte_eth_dev_start(*port_id);
}

static void vm_stop(uint16_t port_id)
{
	rte_eth_dev_stop(port_id);
	rte_eth_dev_close(port_id);
	rte_vdev_uninit(VM_VDEV);
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[2048], err[512];

	(void)state;
	/* The VM writes to its socket after port.del closed it, as QEMU may. */
	signal(SIGPIPE, SIG_IGN);
	snprintf(vm_sock, sizeof(vm_sock), "/tmp/sluice-test-churn-%d-vm.sock", (int)getpid());
	snprintf(spare_sock, sizeof(spare_sock), "/tmp/sluice-test-churn-%d-spare.sock",
		 (int)getpid());
	if (harness_eal_init("test_vhost_churn") < 0 || harness_ring_port(&wire, "wire", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network net]\ntype = flat\n"
		 "[port wire]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port vm]\ntype = vhost\nsocket = %s\nmode = server\nnetwork = net\n",
		 wire.devargs, vm_sock);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	ctl.dp = dp;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

/* Each connection and disconnection meets port.add/port.del on the other
 * thread; every one is seen, on the right port. */
static void test_guest_comes_and_goes_under_port_churn(void **state)
{
	pthread_t thread;
	int stop = 0;
	uint16_t vm;

	(void)state;
	assert_int_equal(pthread_create(&thread, NULL, churn_main, &stop), 0);
	for (unsigned cycle = 1; cycle <= CYCLES; cycle++) {
		assert_int_equal(vm_start(&vm), 0);
		assert_int_equal(wait_vm(true), 0);
		vm_stop(vm);
		assert_int_equal(wait_vm(false), 0);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	printf("   %u port.add/port.del pairs across %d connections\n", churns, CYCLES);
	assert_int_equal(vm_port()->connects, CYCLES);
	assert_int_equal(vm_port()->disconnects, CYCLES);
	assert_true(churns >= CYCLES);
	assert_int_equal(datapath_find_port(dp, "spare"), -1);
}

/* port.del of a connected VM's port: destroy_device runs inside it, on the
 * control thread, and finds the port; the port comes back and the VM
 * reconnects and forwards. */
static void test_delete_port_of_connected_guest(void **state)
{
	struct rte_mbuf *m = NULL;
	uint16_t vm;

	(void)state;
	assert_int_equal(vm_start(&vm), 0);
	assert_int_equal(wait_vm(true), 0);
	assert_int_equal(call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"port.del\","
			      "\"params\":{\"name\":\"vm\"}}"),
			 0);
	assert_int_equal(datapath_find_port(dp, "vm"), -1);
	vm_stop(vm);
	assert_int_equal(call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"port.add\",\"params\":"
			      "{\"name\":\"vm\",\"type\":\"vhost\",\"socket\":\"%s\","
			      "\"mode\":\"server\",\"network\":\"net\"}}",
			      vm_sock),
			 0);
	assert_int_equal(vm_start(&vm), 0);
	assert_int_equal(wait_vm(true), 0);
	assert_int_equal(vm_port()->connects, 1);
	/* VM to wire. */
	m = harness_frame(WIRE_MAC, VM_MAC, 100);
	assert_int_equal(rte_eth_tx_burst(vm, 0, &m, 1), 1);
	m = NULL;
	for (int i = 0; i < 100 && !m; i++) {
		harness_poll(dp);
		m = harness_take(&wire);
		if (!m)
			rte_delay_ms(10);
	}
	assert_non_null(m);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 100);
	rte_pktmbuf_free(m);
	vm_stop(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_guest_comes_and_goes_under_port_churn),
	    cmocka_unit_test(test_delete_port_of_connected_guest),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
