/* The one table of drop reasons (dataplane/drops.c), and the MTU guard's
 * table of events (dataplane/mtu_counters.c): every entry has a name and a
 * help text, names are unique and look alike. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../dataplane/drops.h"
#include "../../dataplane/mtu_counters.h"

static void test_every_reason_named(void **state)
{
	(void)state;
	for (int d = 0; d < DROP_REASON_COUNT; d++) {
		const char *name = drop_table[d].name;

		assert_non_null(name);
		assert_non_null(drop_table[d].help);
		assert_true(strlen(drop_table[d].help) > 10);
		/* Counter names go into JSON keys and telemetry: a-z, 0-9, '-'. */
		assert_true(strlen(name) > 0 && strlen(name) <= 24);
		assert_int_equal(strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-"),
				 strlen(name));
		for (int e = 0; e < d; e++)
			assert_string_not_equal(name, drop_table[e].name);
	}
}

static void test_every_mtu_event_named(void **state)
{
	(void)state;
	for (int e = 0; e < MTU_EVENT_COUNT; e++) {
		const char *name = mtu_event_table[e].name;

		assert_non_null(name);
		assert_non_null(mtu_event_table[e].help);
		assert_true(strlen(mtu_event_table[e].help) > 10);
		/* JSON keys in stats' "mtu" object and the text output's column. */
		assert_true(strlen(name) > 0 && strlen(name) <= 21);
		assert_int_equal(strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-"),
				 strlen(name));
		for (int o = 0; o < e; o++)
			assert_string_not_equal(name, mtu_event_table[o].name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_reason_named),
	    cmocka_unit_test(test_every_mtu_event_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
