/* [dataplane] max-ports and max-networks: their ranges, a config that
 * declares more than they allow (file:line, the count, the key and the value
 * to set), live additions at the limit (the key named), and a reload that
 * changes them (a restart). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/config.h"
#include "../../control/config_diff.h"
#include "../../control/config_size.h"
#include "../../control/schema.h"

static struct config_host host;
static struct sluice_config cfg, next; /* megabytes: never on the stack */
static struct config_diff diff;
static char err[1024];

static int load(struct sluice_config *c, const char *text)
{
	err[0] = '\0';
	return config_load_string("t.ini", text, &host, c, err, sizeof(err));
}

/* text fails with err starting "t.ini:LINE: " and containing want. */
static void expect_refused(const char *text, int line, const char *want)
{
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "t.ini:%d: ", line);
	if (load(&cfg, text) == 0)
		fail_msg("accepted:\n%s", text);
	if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, want))
		fail_msg("error '%s': want '%s' and '%s'", err, prefix, want);
}

static int group_setup(void **state)
{
	(void)state;
	for (int c = 0; c < 4; c++)
		host.cpu_online[c] = true;
	return 0;
}

static void test_defaults_and_range(void **state)
{
	(void)state;
	assert_int_equal(load(&cfg, "[dataplane]\nworker-cores = 1\n"), 0);
	assert_int_equal(cfg.dataplane.max_ports, 64);
	assert_int_equal(cfg.dataplane.max_networks, 64);
	assert_int_equal(load(&cfg, "[dataplane]\nworker-cores = 1\nmax-ports = 1024\n"
				    "max-networks = 4096\n"),
			 0);
	assert_int_equal(cfg.dataplane.max_ports, 1024);
	assert_int_equal(cfg.dataplane.max_networks, 4096);
	expect_refused("[dataplane]\nworker-cores = 1\nmax-ports = 1025\n", 3, "max-ports");
	expect_refused("[dataplane]\nworker-cores = 1\nmax-ports = 1\n", 3, "max-ports");
	expect_refused("[dataplane]\nworker-cores = 1\nmax-networks = 0\n", 3, "max-networks");
	expect_refused("[dataplane]\nworker-cores = 1\nmax-networks = 4097\n", 3, "max-networks");
	expect_refused("[dataplane]\nworker-cores = 1\nmax-networks = many\n", 3, "max-networks");
}

/* The section of the first port (network) over the limit is the line. */
static void test_config_over_the_limit(void **state)
{
	(void)state;
	expect_refused("[dataplane]\nworker-cores = 1\nmax-ports = 2\n"
		       "[port a]\ntype = phy\ndevargs = net_ring0\n"
		       "[port b]\ntype = phy\ndevargs = net_ring1\n"
		       "[port c]\ntype = phy\ndevargs = net_ring2\n",
		       10,
		       "the config declares 3 ports but [dataplane] max-ports = 2: set "
		       "max-ports = 3 (or more)");
	expect_refused("[dataplane]\nworker-cores = 1\nmax-networks = 1\n"
		       "[network x]\ntype = flat\n[network y]\ntype = flat\n",
		       6,
		       "the config declares 2 networks but [dataplane] max-networks = 1: set "
		       "max-networks = 2 (or more)");
	/* [dataplane] after the sections it limits: the same check. */
	expect_refused("[network x]\ntype = flat\n[network y]\ntype = flat\n"
		       "[dataplane]\nworker-cores = 1\nmax-networks = 1\n",
		       3, "max-networks = 2");
}

static void test_live_add_at_the_limit(void **state)
{
	struct port_config p;
	struct network_config n;

	(void)state;
	assert_int_equal(load(&cfg, "[dataplane]\nworker-cores = 1\nmax-ports = 2\n"
				    "max-networks = 1\n[network x]\ntype = flat\n"
				    "[port a]\ntype = phy\ndevargs = net_ring0\n"
				    "[port b]\ntype = phy\ndevargs = net_ring1\n"),
			 0);
	port_config_defaults(&p);
	strcpy(p.name, "c");
	p.type = PORT_TYPE_PHY;
	p.origin.key_line[schema_find_key(&schema_port, "type")] = 1;
	strcpy(p.devargs, "net_ring2");
	p.origin.key_line[schema_find_key(&schema_port, "devargs")] = 1;
	assert_int_equal(config_check_port(&cfg, &host, &p, err, sizeof(err)), -1);
	assert_string_equal(err, "sluice has its maximum of 2 ports ([dataplane] max-ports = 2): "
				 "raise max-ports (at most 1024) in the config file and restart "
				 "sluice");
	/* A hole left by a deleted port is a slot again. */
	cfg.ports[1].name[0] = '\0';
	if (config_check_port(&cfg, &host, &p, err, sizeof(err)) < 0)
		fail_msg("%s", err);

	network_config_defaults(&n);
	strcpy(n.name, "y");
	n.type = NETWORK_TYPE_FLAT;
	n.origin.key_line[schema_find_key(&schema_network, "type")] = 1;
	assert_int_equal(config_check_network(&cfg, &n, err, sizeof(err)), -1);
	if (!strstr(err, "([dataplane] max-networks = 1)"))
		fail_msg("%s", err);
	config_limit_full(err, sizeof(err), "networks", "max-networks", 4096, 4096);
	assert_string_equal(err, "sluice has its maximum of 4096 networks ([dataplane] "
				 "max-networks = 4096), its ceiling: delete one first");
}

static void test_reload_needs_restart(void **state)
{
	char refusal[512];

	(void)state;
	assert_int_equal(load(&cfg, "[dataplane]\nworker-cores = 1\n"), 0);
	assert_int_equal(load(&next, "[dataplane]\nworker-cores = 1\nmax-ports = 128\n"
				     "max-networks = 256\n"),
			 0);
	config_diff(&cfg, &next, &diff);
	assert_int_equal(config_diff_refusal(&diff, refusal, sizeof(refusal)), 2);
	assert_string_equal(diff.restart[0], "[dataplane] max-ports changed (64 -> 128)");
	assert_string_equal(diff.restart[1], "[dataplane] max-networks changed (64 -> 256)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults_and_range),
	    cmocka_unit_test(test_config_over_the_limit),
	    cmocka_unit_test(test_live_add_at_the_limit),
	    cmocka_unit_test(test_reload_needs_restart),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
