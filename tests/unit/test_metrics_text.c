/* The Prometheus page: families grouped whatever the order samples come
 * in, each once with HELP and TYPE, labels escaped, nothing for families
 * without samples. promtool checks the live page in test_metrics.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/metrics_text.h"

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_grouped_by_family(void **state)
{
	struct metrics_text t;
	char *page;
	const char *a, *b, *drops;

	(void)state;
	assert_int_equal(metrics_text_init(&t), 0);
	metrics_text_port_queue(&t, "vm1", 0, 10, 1000, 20, 2000);
	metrics_text_port_drops(&t, "vm1", "no-fdb", 3);
	metrics_text_port_queue(&t, "phy0", 1, 11, 1100, 21, 2100);
	metrics_text_port_drops(&t, "phy0", "spoofed", 4);
	page = metrics_text_finish(&t);
	assert_non_null(page);
	/* Both ports' rx lines follow one HELP, before the drops family. */
	assert_int_equal(count(page, "# TYPE sluice_port_rx_packets_total counter\n"), 1);
	a = strstr(page, "sluice_port_rx_packets_total{port=\"vm1\",queue=\"0\"} 10\n");
	b = strstr(page, "sluice_port_rx_packets_total{port=\"phy0\",queue=\"1\"} 11\n");
	drops = strstr(page, "# HELP sluice_port_drops_total");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(drops);
	assert_true(a < b && b < drops);
	assert_non_null(
	    strstr(page, "sluice_port_drops_total{port=\"phy0\",reason=\"spoofed\"} 4\n"));
	assert_non_null(
	    strstr(page, "sluice_port_tx_bytes_total{port=\"phy0\",queue=\"1\"} 2100\n"));
	/* No sample, no family. */
	assert_null(strstr(page, "sluice_fdb_entries"));
	free(page);
}

static void test_labels_escaped(void **state)
{
	struct metrics_text t;
	char *page;

	(void)state;
	metrics_text_init(&t);
	metrics_text_fdb(&t, "a\"b\\c\nd", 7);
	page = metrics_text_finish(&t);
	assert_non_null(strstr(page, "sluice_fdb_entries{network=\"a\\\"b\\\\c\\nd\"} 7\n"));
	free(page);
}

static void test_every_family(void **state)
{
	struct metrics_text t;
	char *page;

	(void)state;
	metrics_text_init(&t);
	metrics_text_port_queue(&t, "p", 0, 1, 2, 3, 4);
	metrics_text_port_drops(&t, "p", "r", 1);
	metrics_text_port_up(&t, "p", true);
	metrics_text_vhost(&t, "v", false, 2, 1);
	metrics_text_pmd(&t, 3, 100, 200, 5);
	metrics_text_fdb(&t, "lan", 2);
	metrics_text_neighbours(&t, 1, 0);
	metrics_text_scrapes(&t, 9);
	page = metrics_text_finish(&t);
	assert_int_equal(count(page, "# HELP "), MF_COUNT);
	assert_int_equal(count(page, "# TYPE "), MF_COUNT);
	assert_non_null(strstr(page, "sluice_port_up{port=\"p\"} 1\n"));
	assert_non_null(strstr(page, "sluice_vhost_connected{port=\"v\"} 0\n"));
	assert_non_null(strstr(page, "sluice_pmd_busy_cycles_total{core=\"3\"} 100\n"));
	assert_non_null(strstr(page, "sluice_vtep_neighbours{state=\"incomplete\"} 0\n"));
	assert_non_null(strstr(page, "sluice_metrics_scrapes_total 9\n"));
	assert_int_equal(page[strlen(page) - 1], '\n');
	free(page);
}

static void test_large_page(void **state)
{
	struct metrics_text t;
	char *page, name[32];

	(void)state;
	metrics_text_init(&t);
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "port%d", i);
		metrics_text_port_queue(&t, name, i % 16, (uint64_t)i, 1, 2, 3);
	}
	page = metrics_text_finish(&t);
	assert_non_null(page);
	assert_int_equal(count(page, "sluice_port_rx_packets_total{port=\"port"), 5000);
	assert_non_null(strstr(page, "{port=\"port4999\",queue=\"7\"} 4999\n"));
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grouped_by_family),
	    cmocka_unit_test(test_labels_escaped),
	    cmocka_unit_test(test_every_family),
	    cmocka_unit_test(test_large_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
