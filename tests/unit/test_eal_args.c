/* eal_args_build(): the EAL command line derived from the config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/config.h"
#include "../../control/eal_args.h"

static struct sluice_config cfg;
static struct eal_args eal;
static char err[512];

/* A config as config_load() leaves it: main core 0, workers 2,3, no ports. */
static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.dataplane.main_core = 0;
	cfg.dataplane.worker_cores.n = 2;
	cfg.dataplane.worker_cores.cores[0] = 2;
	cfg.dataplane.worker_cores.cores[1] = 3;
	cfg.dataplane.hugepages = HUGEPAGES_NONE;
	cfg.dataplane.socket_mem_mb = 512;
	strcpy(cfg.dataplane.file_prefix, "sluice");
	return 0;
}

static void add_phy(const char *name, const char *devargs)
{
	struct port_config *p = &cfg.ports[cfg.n_ports++];

	port_config_defaults(p);
	strcpy(p->name, name);
	p->type = PORT_TYPE_PHY;
	strcpy(p->devargs, devargs);
}

static void add_vhost(const char *name, const char *socket)
{
	struct port_config *p = &cfg.ports[cfg.n_ports++];

	port_config_defaults(p);
	strcpy(p->name, name);
	p->type = PORT_TYPE_VHOST;
	strcpy(p->socket, socket);
}

static void build(void)
{
	memset(err, 0, sizeof(err));
	if (eal_args_build(&cfg, "sluice", &eal, err, sizeof(err)) != 0)
		fail_msg("eal_args_build failed: %s", err);
	assert_null(eal.argv[eal.argc]);
}

/* Index of the first argument equal to s, or -1. */
static int arg_index(const char *s)
{
	for (int i = 0; i < eal.argc; i++)
		if (strcmp(eal.argv[i], s) == 0)
			return i;
	return -1;
}

static int arg_count(const char *s)
{
	int n = 0;

	for (int i = 0; i < eal.argc; i++)
		n += strcmp(eal.argv[i], s) == 0;
	return n;
}

/* Asserts that option appears once and is followed by value. */
static void assert_option(const char *option, const char *value)
{
	int i = arg_index(option);

	if (i < 0)
		fail_msg("no %s in the EAL arguments", option);
	assert_int_equal(arg_count(option), 1);
	assert_true(i + 1 < eal.argc);
	assert_string_equal(eal.argv[i + 1], value);
}

static void test_basic_line(void **state)
{
	(void)state;
	build();
	assert_string_equal(eal.argv[0], "sluice");
	assert_option("-l", "0,2,3");
	assert_option("--main-lcore", "0");
	assert_option("--file-prefix", "sluice");
	assert_option("-m", "512");
	assert_int_equal(arg_count("--no-huge"), 1);
	assert_int_equal(arg_index("--in-memory"), -1);
	assert_int_equal(arg_count("--no-pci"), 1);
	assert_int_equal(arg_index("-a"), -1);
}

static void test_cores_and_prefix(void **state)
{
	(void)state;
	cfg.dataplane.main_core = 7;
	cfg.dataplane.worker_cores.n = 3;
	cfg.dataplane.worker_cores.cores[0] = 12;
	cfg.dataplane.worker_cores.cores[1] = 4;
	cfg.dataplane.worker_cores.cores[2] = 1023;
	cfg.dataplane.socket_mem_mb = 4096;
	strcpy(cfg.dataplane.file_prefix, "tenant-7");
	build();
	/* Main core first, then the workers in the order the config lists them. */
	assert_option("-l", "7,12,4,1023");
	assert_option("--main-lcore", "7");
	assert_option("--file-prefix", "tenant-7");
	assert_option("-m", "4096");
}

static void test_hugepages(void **state)
{
	(void)state;
	cfg.dataplane.hugepages = HUGEPAGES_2M;
	build();
	assert_int_equal(arg_count("--in-memory"), 0);
	assert_int_equal(arg_index("--no-huge"), -1);

	cfg.dataplane.hugepages = HUGEPAGES_1G;
	build();
	assert_int_equal(arg_count("--in-memory"), 0);
	assert_int_equal(arg_index("--no-huge"), -1);
}

static void test_vdevs_only_means_no_pci(void **state)
{
	(void)state;
	add_phy("tap", "net_tap0,iface=t0");
	add_phy("ring", "net_ring0");
	add_vhost("vm1", "/tmp/vm1.sock");
	build();
	assert_int_equal(arg_count("--no-pci"), 1);
	assert_int_equal(arg_index("-a"), -1);
	/* vdevs are probed after EAL init, not on the command line. */
	assert_int_equal(arg_index("net_tap0,iface=t0"), -1);
	assert_int_equal(arg_index("--vdev"), -1);
}

static void test_pci_ports_are_allowed(void **state)
{
	int first, second;

	(void)state;
	add_phy("tap", "net_tap0,iface=t0");
	add_phy("nic0", "0000:3b:00.0");
	add_vhost("vm1", "/tmp/vm1.sock");
	add_phy("nic1", "3b:00.1,rxq_cqe_comp_en=0");
	build();
	assert_int_equal(arg_index("--no-pci"), -1);
	assert_int_equal(arg_count("-a"), 2);
	first = arg_index("0000:3b:00.0");
	second = arg_index("3b:00.1,rxq_cqe_comp_en=0");
	assert_true(first > 0 && second > first);
	assert_string_equal(eal.argv[first - 1], "-a");
	assert_string_equal(eal.argv[second - 1], "-a");
}

static void test_extra_args(void **state)
{
	int log, last;

	(void)state;
	strcpy(cfg.dataplane.eal_args, "--log-level=lib.eal:debug  \t--telemetry -d /x/y");
	build();
	log = arg_index("--log-level=lib.eal:debug");
	assert_true(log > 0);
	/* Appended after everything sluice generates, split on spaces and tabs. */
	assert_true(log > arg_index("--no-pci"));
	assert_string_equal(eal.argv[log + 1], "--telemetry");
	assert_string_equal(eal.argv[log + 2], "-d");
	assert_string_equal(eal.argv[log + 3], "/x/y");
	last = log + 3;
	assert_int_equal(eal.argc, last + 1);
	assert_null(eal.argv[eal.argc]);
}

static void test_too_many_args(void **state)
{
	/* The generated line is 11 arguments here: argv0 -l L --main-lcore M
	 * --file-prefix P -m N --no-huge --no-pci. */
	char extra[512] = "";
	int base;

	(void)state;
	build();
	base = eal.argc;
	assert_int_equal(base, 11);
	for (int i = 0; i < EAL_ARGS_MAX - base; i++)
		strcat(extra, "-v ");
	strcpy(cfg.dataplane.eal_args, extra);
	build();
	assert_int_equal(eal.argc, EAL_ARGS_MAX);
	assert_null(eal.argv[EAL_ARGS_MAX]);

	/* One more does not fit. */
	strcat(extra, "-x");
	strcpy(cfg.dataplane.eal_args, extra);
	assert_int_equal(eal_args_build(&cfg, "sluice", &eal, err, sizeof(err)), -1);
	assert_string_equal(err, "EAL command line is too long at '-x'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_basic_line, setup),
	    cmocka_unit_test_setup(test_cores_and_prefix, setup),
	    cmocka_unit_test_setup(test_hugepages, setup),
	    cmocka_unit_test_setup(test_vdevs_only_means_no_pci, setup),
	    cmocka_unit_test_setup(test_pci_ports_are_allowed, setup),
	    cmocka_unit_test_setup(test_extra_args, setup),
	    cmocka_unit_test_setup(test_too_many_args, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
