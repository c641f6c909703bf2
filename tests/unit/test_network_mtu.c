/* The network MTU (control/network_mtu.c): auto is the underlay minus the
 * encapsulation, an explicit value must fit, and the config file says so
 * with file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/config.h"
#include "../../common/network_mtu.h"

static void test_overhead(void **state)
{
	(void)state;
	assert_int_equal(network_mtu_overhead(NETWORK_TYPE_VXLAN, false), 50);
	assert_int_equal(network_mtu_overhead(NETWORK_TYPE_GRE, false), 42);
	assert_int_equal(network_mtu_overhead(NETWORK_TYPE_VXLAN, true), 54);
	assert_int_equal(network_mtu_overhead(NETWORK_TYPE_GRE, true), 46);
	assert_int_equal(network_mtu_overhead(NETWORK_TYPE_FLAT, true), 0);
}

static void test_resolve(void **state)
{
	uint32_t mtu = 0;
	char err[256];

	(void)state;
	assert_int_equal(network_mtu_resolve(NETWORK_TYPE_VXLAN, 0, 1500, false, &mtu, err, 256),
			 0);
	assert_int_equal(mtu, 1450);
	assert_int_equal(network_mtu_resolve(NETWORK_TYPE_GRE, 0, 1500, false, &mtu, err, 256), 0);
	assert_int_equal(mtu, 1458);
	assert_int_equal(network_mtu_resolve(NETWORK_TYPE_VXLAN, 0, 1500, true, &mtu, err, 256), 0);
	assert_int_equal(mtu, 1446);
	assert_int_equal(network_mtu_resolve(NETWORK_TYPE_VXLAN, 0, 9000, false, &mtu, err, 256),
			 0);
	assert_int_equal(mtu, 8950);
	assert_int_equal(network_mtu_resolve(NETWORK_TYPE_VXLAN, 1400, 1500, false, &mtu, err, 256),
			 0);
	assert_int_equal(mtu, 1400);
	assert_int_equal(network_mtu_resolve(NETWORK_TYPE_VXLAN, 1450, 1500, false, &mtu, err, 256),
			 0);
	assert_int_equal(mtu, 1450);
	mtu = 7;
	assert_int_equal(network_mtu_resolve(NETWORK_TYPE_VXLAN, 1451, 1500, false, &mtu, err, 256),
			 -1);
	assert_int_equal(mtu, 7);
	assert_string_equal(err, "mtu 1451 does not fit: 1451 + 50 bytes of encapsulation = 1501 "
				 "exceeds the underlay MTU 1500 (auto would be 1450)");
	assert_int_equal(network_mtu_resolve(NETWORK_TYPE_VXLAN, 0, 100, false, &mtu, err, 256),
			 -1);
	assert_non_null(strstr(err, "under the minimum 68"));
}

static const char *const base = "[dataplane]\nworker-cores = 1\n"
				"[port phy0]\ntype = phy\ndevargs = net_null0\n%s"
				"[vtep]\naddress = 198.18.0.1/24\nport = phy0\n"
				"[network t]\ntype = vxlan\nvni = 5\n%s";

static int load(const char *port_extra, const char *net_extra, struct sluice_config *cfg, char *err)
{
	struct config_host host = {0};
	char text[1024];

	host.cpu_online[0] = host.cpu_online[1] = true;
	snprintf(text, sizeof(text), base, port_extra, net_extra);
	return config_load_string("t.ini", text, &host, cfg, err, 512);
}

static void test_config(void **state)
{
	static struct sluice_config cfg;
	char err[512];

	(void)state;
	assert_int_equal(load("", "", &cfg, err), 0);
	assert_int_equal(cfg.networks[0].mtu, 0);
	assert_int_equal(cfg.networks[0].mss_clamp, 1);
	assert_int_equal(load("", "mtu = auto\nmss-clamp = no\n", &cfg, err), 0);
	assert_int_equal(cfg.networks[0].mtu, 0);
	assert_int_equal(cfg.networks[0].mss_clamp, 0);
	assert_int_equal(load("", "mtu = 1450\n", &cfg, err), 0);
	assert_int_equal(cfg.networks[0].mtu, 1450);
	/* The device default counts as 1500. */
	assert_int_equal(load("", "mtu = 1500\n", &cfg, err), -1);
	assert_string_equal(err, "t.ini:12: [network t]: key 'mtu': mtu 1500 does not fit: 1500 + "
				 "50 bytes of encapsulation = 1550 exceeds the underlay MTU 1500 "
				 "(auto would be 1450) of port 'phy0'");
	assert_int_equal(load("mtu = 9000\n", "mtu = 8950\n", &cfg, err), 0);
	assert_int_equal(load("", "mtu = big\n", &cfg, err), -1);
	assert_non_null(strstr(err, "t.ini:12: key 'mtu'"));
	assert_int_equal(load("", "mtu = 67\n", &cfg, err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_overhead),
	    cmocka_unit_test(test_resolve),
	    cmocka_unit_test(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
