/* rxq_assign(): which PMD polls which receive queue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/config.h"
#include "../../dataplane/rxq_assign.h"

static struct sluice_config cfg;
static struct rxq_plan plan;
static struct rxq_ref refs[SLUICE_MAX_WORKERS * SLUICE_DEFAULT_PORTS * SLUICE_MAX_QUEUES];

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(refs, 0xa5, sizeof(refs)); /* rxq_assign must not rely on a zeroed plan */
	rxq_plan_attach(&plan, refs, SLUICE_MAX_WORKERS);
	memset(plan.n, 0xa5, sizeof(plan.n));
	plan.n_pmds = 0xa5a5a5a5;
	return 0;
}

static void set_workers(uint32_t n, const uint32_t *cores)
{
	cfg.dataplane.worker_cores.n = n;
	for (uint32_t i = 0; i < n; i++)
		cfg.dataplane.worker_cores.cores[i] = cores[i];
}

static struct port_config *add_port(int type, uint32_t queues)
{
	struct port_config *p = &cfg.ports[cfg.n_ports];

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "p%u", cfg.n_ports);
	cfg.n_ports++;
	p->type = type;
	p->rx_queues = 1;
	p->max_queues = 8;
	if (type == PORT_TYPE_PHY)
		p->rx_queues = queues;
	else
		p->max_queues = queues;
	return p;
}

static void pin(struct port_config *p, uint32_t queue, uint32_t core)
{
	p->rxq_affinity.map[p->rxq_affinity.n].queue = queue;
	p->rxq_affinity.map[p->rxq_affinity.n].core = core;
	p->rxq_affinity.n++;
}

/* Asserts that worker w polls exactly the (port, queue) pairs given, in order. */
static void assert_worker(uint32_t w, uint32_t n, const uint16_t (*want)[2])
{
	if (plan.n[w] != n)
		fail_msg("worker %u has %u queues, want %u", w, plan.n[w], n);
	for (uint32_t i = 0; i < n; i++) {
		if (plan.rxq[w][i].port != want[i][0] || plan.rxq[w][i].queue != want[i][1])
			fail_msg("worker %u entry %u is port %u queue %u, want port %u queue %u", w,
				 i, plan.rxq[w][i].port, plan.rxq[w][i].queue, want[i][0],
				 want[i][1]);
	}
}

static void test_round_robin_in_port_order(void **state)
{
	static const uint32_t cores[] = {2, 3};

	(void)state;
	set_workers(2, cores);
	add_port(PORT_TYPE_PHY, 3);
	add_port(PORT_TYPE_PHY, 2);
	rxq_assign(&cfg, &plan);
	assert_int_equal(plan.n_pmds, 2);
	/* The deal continues across ports: p0q0 p0q1 p0q2 p1q0 p1q1 over w0 w1 w0 w1 w0. */
	assert_worker(0, 3, (const uint16_t[][2]){{0, 0}, {0, 2}, {1, 1}});
	assert_worker(1, 2, (const uint16_t[][2]){{0, 1}, {1, 0}});
}

static void test_affinity(void **state)
{
	static const uint32_t cores[] = {2, 3, 5};
	struct port_config *p0;

	(void)state;
	set_workers(3, cores);
	p0 = add_port(PORT_TYPE_PHY, 4);
	pin(p0, 0, 5);
	pin(p0, 3, 5);
	add_port(PORT_TYPE_PHY, 2);
	rxq_assign(&cfg, &plan);
	/* Pinned queues do not advance the round robin: p0q1 p0q2 p1q0 p1q1 go w0 w1 w2 w0. */
	assert_worker(0, 2, (const uint16_t[][2]){{0, 1}, {1, 1}});
	assert_worker(1, 1, (const uint16_t[][2]){{0, 2}});
	assert_worker(2, 3, (const uint16_t[][2]){{0, 0}, {0, 3}, {1, 0}});
}

static void test_all_pinned_to_one_core(void **state)
{
	static const uint32_t cores[] = {4, 6};
	struct port_config *p0;

	(void)state;
	set_workers(2, cores);
	p0 = add_port(PORT_TYPE_PHY, 2);
	pin(p0, 0, 6);
	pin(p0, 1, 6);
	rxq_assign(&cfg, &plan);
	assert_worker(0, 0, NULL);
	assert_worker(1, 2, (const uint16_t[][2]){{0, 0}, {0, 1}});
}

static void test_vhost_contributes_max_queues(void **state)
{
	static const uint32_t cores[] = {1, 2};
	struct port_config *vm;

	(void)state;
	set_workers(2, cores);
	add_port(PORT_TYPE_PHY, 1);
	vm = add_port(PORT_TYPE_VHOST, 3);
	vm->rx_queues = 16; /* ignored for vhost */
	/* Affinity is a phy key: a vhost port's queues still go round robin. */
	pin(vm, 0, 2);
	rxq_assign(&cfg, &plan);
	assert_worker(0, 2, (const uint16_t[][2]){{0, 0}, {1, 1}});
	assert_worker(1, 2, (const uint16_t[][2]){{1, 0}, {1, 2}});
}

static void test_no_workers(void **state)
{
	(void)state;
	add_port(PORT_TYPE_PHY, 2);
	rxq_assign(&cfg, &plan);
	assert_int_equal(plan.n_pmds, 0);
}

static void test_every_queue_once(void **state)
{
	static const uint32_t cores[] = {2, 3, 4, 5, 6};
	uint32_t total = 0, want = 0;
	static uint8_t seen[SLUICE_PORTS_CEILING][SLUICE_MAX_QUEUES];

	(void)state;
	set_workers(5, cores);
	for (uint32_t i = 0; i < 12; i++) {
		struct port_config *p =
		    add_port(i % 3 ? PORT_TYPE_PHY : PORT_TYPE_VHOST, 1 + i % SLUICE_MAX_QUEUES);

		if (p->type == PORT_TYPE_PHY && p->rx_queues > 1)
			pin(p, 1, cores[i % 5]);
		want += 1 + i % SLUICE_MAX_QUEUES;
	}
	rxq_assign(&cfg, &plan);
	memset(seen, 0, sizeof(seen));
	for (uint32_t w = 0; w < plan.n_pmds; w++) {
		total += plan.n[w];
		for (uint32_t i = 0; i < plan.n[w]; i++)
			seen[plan.rxq[w][i].port][plan.rxq[w][i].queue]++;
	}
	assert_int_equal(total, want);
	for (uint32_t p = 0; p < cfg.n_ports; p++) {
		uint32_t queues = cfg.ports[p].type == PORT_TYPE_PHY ? cfg.ports[p].rx_queues
								     : cfg.ports[p].max_queues;

		for (uint32_t q = 0; q < queues; q++)
			assert_int_equal(seen[p][q], 1);
	}
	/* Loads differ by at most the pinned queues. */
	for (uint32_t w = 0; w < plan.n_pmds; w++)
		assert_in_range(plan.n[w], want / 5 - 2, want / 5 + 3);
}

static void test_worker_index(void **state)
{
	static const uint32_t cores[] = {2, 3, 5};

	(void)state;
	set_workers(3, cores);
	assert_int_equal(rxq_worker_index(&cfg, 2), 0);
	assert_int_equal(rxq_worker_index(&cfg, 3), 1);
	assert_int_equal(rxq_worker_index(&cfg, 5), 2);
	assert_int_equal(rxq_worker_index(&cfg, 4), -1);
	assert_int_equal(rxq_worker_index(&cfg, 0), -1);
	set_workers(0, cores);
	assert_int_equal(rxq_worker_index(&cfg, 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_round_robin_in_port_order, setup),
	    cmocka_unit_test_setup(test_affinity, setup),
	    cmocka_unit_test_setup(test_all_pinned_to_one_core, setup),
	    cmocka_unit_test_setup(test_vhost_contributes_max_queues, setup),
	    cmocka_unit_test_setup(test_no_workers, setup),
	    cmocka_unit_test_setup(test_every_queue_once, setup),
	    cmocka_unit_test_setup(test_worker_index, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
