/* The schema's value parsers, lookups and key tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>

#include "../../control/config.h"
#include "../../control/schema.h"

static char err[512];

static void assert_err_contains(const char *want)
{
	if (!strstr(err, want))
		fail_msg("error '%s' does not contain '%s'", err, want);
}

static void test_parse_uint(void **state)
{
	uint32_t v = 77;

	(void)state;
	assert_int_equal(schema_parse_uint("5", 5, 10, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 5);
	assert_int_equal(schema_parse_uint("10", 5, 10, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 10);
	assert_int_equal(schema_parse_uint("007", 0, 10, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 7);

	v = 77;
	assert_int_equal(schema_parse_uint("4", 5, 10, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "4 is out of range 5..10");
	assert_int_equal(schema_parse_uint("11", 5, 10, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "11 is out of range 5..10");
	assert_int_equal(schema_parse_uint("12x", 0, 100, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "'12x' is not a whole number");
	assert_int_equal(schema_parse_uint("", 0, 100, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "'' is not a whole number");
	assert_int_equal(schema_parse_uint("-1", 0, 100, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "'-1' is not a whole number");
	assert_int_equal(schema_parse_uint("+1", 0, 100, &v, err, sizeof(err)), -1);
	assert_int_equal(schema_parse_uint(" 1", 0, 100, &v, err, sizeof(err)), -1);
	assert_int_equal(schema_parse_uint("0x10", 0, 100, &v, err, sizeof(err)), -1);
	/* Overflow of unsigned long long, and of uint32_t with the widest range. */
	assert_int_equal(
	    schema_parse_uint("18446744073709551616", 0, UINT32_MAX, &v, err, sizeof(err)), -1);
	assert_err_contains("out of range");
	assert_int_equal(schema_parse_uint("4294967296", 0, UINT32_MAX, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "4294967296 is out of range 0..4294967295");
	/* A failed parse leaves the output alone. */
	assert_int_equal(v, 77);
	assert_int_equal(schema_parse_uint("4294967295", 0, UINT32_MAX, &v, err, sizeof(err)), 0);
	assert_int_equal(v, UINT32_MAX);
}

static void test_parse_core_list(void **state)
{
	struct core_list list;

	(void)state;
	assert_int_equal(schema_parse_core_list("2,3", &list, err, sizeof(err)), 0);
	assert_int_equal(list.n, 2);
	assert_int_equal(list.cores[0], 2);
	assert_int_equal(list.cores[1], 3);

	assert_int_equal(schema_parse_core_list("2-5", &list, err, sizeof(err)), 0);
	assert_int_equal(list.n, 4);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(list.cores[i], 2 + i);

	assert_int_equal(schema_parse_core_list(" 2 , 3 ", &list, err, sizeof(err)), 0);
	assert_int_equal(list.n, 2);
	assert_int_equal(list.cores[0], 2);
	assert_int_equal(list.cores[1], 3);

	assert_int_equal(schema_parse_core_list("7,1-2", &list, err, sizeof(err)), 0);
	assert_int_equal(list.n, 3);
	assert_int_equal(list.cores[0], 7);
	assert_int_equal(list.cores[2], 2);

	assert_int_equal(schema_parse_core_list("4-4", &list, err, sizeof(err)), 0);
	assert_int_equal(list.n, 1);
	assert_int_equal(list.cores[0], 4);

	assert_int_equal(schema_parse_core_list("5-2", &list, err, sizeof(err)), -1);
	assert_string_equal(err, "range '5-2' runs backwards");
	assert_int_equal(schema_parse_core_list("1,1", &list, err, sizeof(err)), -1);
	assert_string_equal(err, "core 1 is listed twice");
	assert_int_equal(schema_parse_core_list("1-3,2", &list, err, sizeof(err)), -1);
	assert_string_equal(err, "core 2 is listed twice");
	assert_int_equal(schema_parse_core_list("", &list, err, sizeof(err)), -1);
	assert_string_equal(err, "empty list");
	assert_int_equal(schema_parse_core_list("a", &list, err, sizeof(err)), -1);
	assert_string_equal(err, "'a' is not a whole number");
	assert_int_equal(schema_parse_core_list("1024", &list, err, sizeof(err)), -1);
	assert_string_equal(err, "1024 is out of range 0..1023");
	assert_int_equal(schema_parse_core_list("0-31", &list, err, sizeof(err)), 0);
	assert_int_equal(list.n, SLUICE_MAX_WORKERS);
	assert_int_equal(schema_parse_core_list("0-32", &list, err, sizeof(err)), -1);
	assert_string_equal(err, "more than 32 cores");
}

static void test_parse_affinity(void **state)
{
	struct rxq_affinity aff;

	(void)state;
	assert_int_equal(schema_parse_affinity("0:2,1:3", &aff, err, sizeof(err)), 0);
	assert_int_equal(aff.n, 2);
	assert_int_equal(aff.map[0].queue, 0);
	assert_int_equal(aff.map[0].core, 2);
	assert_int_equal(aff.map[1].queue, 1);
	assert_int_equal(aff.map[1].core, 3);

	/* Two queues on one core is fine; one queue on two cores is not. */
	assert_int_equal(schema_parse_affinity("3:5, 1:5", &aff, err, sizeof(err)), 0);
	assert_int_equal(aff.n, 2);
	assert_int_equal(aff.map[1].queue, 1);
	assert_int_equal(aff.map[1].core, 5);

	assert_int_equal(schema_parse_affinity("0:2,0:3", &aff, err, sizeof(err)), -1);
	assert_string_equal(err, "queue 0 is assigned twice");
	assert_int_equal(schema_parse_affinity("x:1", &aff, err, sizeof(err)), -1);
	assert_string_equal(err, "'x' is not a whole number");
	assert_int_equal(schema_parse_affinity("0-2", &aff, err, sizeof(err)), -1);
	assert_string_equal(err, "'0-2' is not QUEUE:CORE");
	assert_int_equal(schema_parse_affinity("0:", &aff, err, sizeof(err)), -1);
	assert_string_equal(err, "'' is not a whole number");
	assert_int_equal(schema_parse_affinity("16:1", &aff, err, sizeof(err)), -1);
	assert_string_equal(err, "16 is out of range 0..15");
	assert_int_equal(schema_parse_affinity("", &aff, err, sizeof(err)), -1);
	assert_string_equal(err, "empty list");
}

static void test_parse_mac(void **state)
{
	static const uint8_t want[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
	uint8_t mac[6];

	(void)state;
	assert_int_equal(schema_parse_mac("52:54:00:ab:cd:ef", mac, err, sizeof(err)), 0);
	assert_memory_equal(mac, want, 6);
	memset(mac, 0, sizeof(mac));
	assert_int_equal(schema_parse_mac("52:54:00:AB:CD:EF", mac, err, sizeof(err)), 0);
	assert_memory_equal(mac, want, 6);

	assert_int_equal(schema_parse_mac("52:54:00:12:34", mac, err, sizeof(err)), -1);
	assert_string_equal(err, "'52:54:00:12:34' is not a MAC address like 52:54:00:12:34:56");
	assert_int_equal(schema_parse_mac("52:54:00:12:34:567", mac, err, sizeof(err)), -1);
	assert_int_equal(schema_parse_mac("52-54-00-12-34-56", mac, err, sizeof(err)), -1);
	assert_int_equal(schema_parse_mac("52:54:00:12:34:zz", mac, err, sizeof(err)), -1);
	assert_int_equal(schema_parse_mac("", mac, err, sizeof(err)), -1);
	/* Seventeen characters that sscanf("%2x") would take: a sign, a space. */
	assert_int_equal(schema_parse_mac("-2:54:00:12:34:56", mac, err, sizeof(err)), -1);
	assert_err_contains("is not a MAC address");
	assert_int_equal(schema_parse_mac("+2:54:00:12:34:56", mac, err, sizeof(err)), -1);
	assert_int_equal(schema_parse_mac("52: 4:00:12:34:56", mac, err, sizeof(err)), -1);

	assert_int_equal(schema_parse_mac("01:00:5e:00:00:01", mac, err, sizeof(err)), -1);
	assert_string_equal(err, "'01:00:5e:00:00:01' is a multicast address, not a NIC's");
	assert_int_equal(schema_parse_mac("ff:ff:ff:ff:ff:ff", mac, err, sizeof(err)), -1);
	assert_err_contains("multicast");
}

static void test_parse_neighbour_list(void **state)
{
	static const uint8_t mac2[6] = {0x02, 0, 0, 0, 0, 0x02};
	static const uint8_t mac3[6] = {0x52, 0x54, 0, 0xab, 0xcd, 0xef};
	struct neighbour_list l;

	(void)state;
	assert_int_equal(
	    schema_parse_neighbour_list("198.18.0.2 02:00:00:00:00:02", &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.entries[0].ip, htonl(0xc6120002));
	assert_memory_equal(l.entries[0].mac, mac2, 6);
	assert_int_equal(schema_parse_neighbour_list(
			     " 198.18.0.2   02:00:00:00:00:02 ,198.18.0.3\t52:54:00:AB:CD:EF ", &l,
			     err, sizeof(err)),
			 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.entries[1].ip, htonl(0xc6120003));
	assert_memory_equal(l.entries[1].mac, mac3, 6);

	assert_int_equal(schema_parse_neighbour_list("198.18.0.2", &l, err, sizeof(err)), -1);
	assert_string_equal(err,
			    "'198.18.0.2' is not ADDRESS MAC like 198.18.0.2 02:00:00:00:00:02");
	assert_int_equal(
	    schema_parse_neighbour_list("02:00:00:00:00:02 198.18.0.2", &l, err, sizeof(err)), -1);
	assert_err_contains("is not ADDRESS MAC");
	assert_int_equal(
	    schema_parse_neighbour_list("198.18.0 02:00:00:00:00:02", &l, err, sizeof(err)), -1);
	assert_string_equal(err, "'198.18.0' is not an IPv4 address like 198.18.0.1");
	assert_int_equal(
	    schema_parse_neighbour_list("198.18.0.2 02:00:00:00:00", &l, err, sizeof(err)), -1);
	assert_err_contains("is not a MAC address");
	assert_int_equal(
	    schema_parse_neighbour_list("198.18.0.2 ff:ff:ff:ff:ff:ff", &l, err, sizeof(err)), -1);
	assert_err_contains("multicast");
	assert_int_equal(
	    schema_parse_neighbour_list("224.0.0.1 02:00:00:00:00:02", &l, err, sizeof(err)), -1);
	assert_err_contains("not a unicast host address");
	assert_int_equal(schema_parse_neighbour_list("198.18.0.2 02:00:00:00:00:02, 198.18.0.2 "
						     "02:00:00:00:00:03",
						     &l, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "198.18.0.2 is listed twice");
	assert_int_equal(
	    schema_parse_neighbour_list("198.18.0.2 02:00:00:00:00:02 extra", &l, err, sizeof(err)),
	    -1);
	assert_int_equal(schema_parse_neighbour_list(",", &l, err, sizeof(err)), -1);
}

static void test_name_is_valid(void **state)
{
	(void)state;
	assert_true(schema_name_is_valid("phy0"));
	assert_true(schema_name_is_valid("a"));
	assert_true(schema_name_is_valid("tenant-a_1.b"));
	assert_true(schema_name_is_valid("abcdefghijabcdefghijabcdefghij1"));	/* 31 */
	assert_false(schema_name_is_valid("abcdefghijabcdefghijabcdefghij12")); /* 32 */
	assert_false(schema_name_is_valid(""));
	assert_false(schema_name_is_valid("a b"));
	assert_false(schema_name_is_valid("a/b"));
	assert_false(schema_name_is_valid("a:b"));
	assert_false(schema_name_is_valid("a,b"));
	assert_false(schema_name_is_valid("caf\xc3\xa9"));
}

static void test_find_object_and_key(void **state)
{
	int k;

	(void)state;
	assert_ptr_equal(schema_find_object("dataplane"), &schema_dataplane);
	assert_ptr_equal(schema_find_object("control"), &schema_control);
	assert_ptr_equal(schema_find_object("port"), &schema_port);
	assert_ptr_equal(schema_find_object("network"), &schema_network);
	assert_ptr_equal(schema_find_object("vtep"), &schema_vtep);
	assert_null(schema_find_object("vxlan"));
	assert_null(schema_find_object("Port"));
	assert_null(schema_find_object(""));

	assert_false(schema_dataplane.named);
	assert_false(schema_control.named);
	assert_true(schema_port.named);
	assert_true(schema_network.named);

	k = schema_find_key(&schema_port, "devargs");
	assert_true(k >= 0);
	assert_string_equal(schema_port.keys[k].name, "devargs");
	assert_true(schema_port.keys[k].required);
	assert_int_equal(schema_port.keys[k].applies_to, SCHEMA_FOR_PHY);
	k = schema_find_key(&schema_port, "max-queues");
	assert_true(k >= 0);
	assert_int_equal(schema_port.keys[k].applies_to, SCHEMA_FOR_VHOST);
	assert_int_equal(schema_port.keys[k].max, SLUICE_MAX_QUEUES);
	k = schema_find_key(&schema_dataplane, "worker-cores");
	assert_true(k >= 0);
	assert_int_equal(schema_dataplane.keys[k].type, SCHEMA_CORE_LIST);
	assert_int_equal(schema_find_key(&schema_port, "nope"), -1);
	assert_int_equal(schema_find_key(&schema_dataplane, "devargs"), -1);
	assert_int_equal(schema_find_key(&schema_network, "Type"), -1);
}

static void check_object(const struct schema_object *obj)
{
	assert_true(obj->n_keys > 0);
	assert_true(obj->n_keys <= SCHEMA_MAX_KEYS);
	for (size_t i = 0; i < obj->n_keys; i++) {
		const struct schema_key *key = &obj->keys[i];

		if (!key->help || key->help[0] == '\0')
			fail_msg("[%s] key '%s' has no help text", obj->section, key->name);
		if (!key->name || key->name[0] == '\0')
			fail_msg("[%s] key %zu has no name", obj->section, i);
		if (key->type == SCHEMA_ENUM && (!key->names || !key->names[0]))
			fail_msg("[%s] key '%s' is an enum without names", obj->section, key->name);
		if (key->type == SCHEMA_UINT && key->min > key->max)
			fail_msg("[%s] key '%s' has min > max", obj->section, key->name);
		/* An optional key says what its absence means. */
		if (!key->required && !key->default_text)
			fail_msg("[%s] key '%s' has no default text", obj->section, key->name);
		/* Names are unique within the object. */
		assert_int_equal(schema_find_key(obj, key->name), (int)i);
	}
}

static void test_key_tables(void **state)
{
	(void)state;
	check_object(&schema_dataplane);
	check_object(&schema_control);
	check_object(&schema_port);
	check_object(&schema_network);
	check_object(&schema_vtep);
}

static void test_set(void **state)
{
	struct port_config port;
	struct dataplane_config dp;
	char long_value[300];
	int k;

	(void)state;
	port_config_defaults(&port);
	k = schema_find_key(&schema_port, "socket");
	assert_int_equal(schema_set(&schema_port, k, &port, "/run/vm1.sock", err, sizeof(err)), 0);
	assert_string_equal(port.socket, "/run/vm1.sock");
	assert_int_equal(schema_set(&schema_port, k, &port, "vm1.sock", err, sizeof(err)), -1);
	assert_string_equal(err, "'vm1.sock' is not an absolute path");

	k = schema_find_key(&schema_port, "type");
	assert_int_equal(schema_set(&schema_port, k, &port, "vhost", err, sizeof(err)), 0);
	assert_int_equal(port.type, PORT_TYPE_VHOST);
	assert_int_equal(schema_set(&schema_port, k, &port, "VHOST", err, sizeof(err)), -1);
	assert_string_equal(err, "'VHOST' is not one of: phy vhost");

	k = schema_find_key(&schema_port, "mac");
	assert_int_equal(schema_set(&schema_port, k, &port, "02:00:00:00:00:01", err, sizeof(err)),
			 0);
	assert_true(port.mac.set);
	assert_int_equal(port.mac.bytes[5], 1);

	k = schema_find_key(&schema_port, "devargs");
	memset(long_value, 'a', sizeof(long_value) - 1);
	long_value[sizeof(long_value) - 1] = '\0';
	assert_int_equal(schema_set(&schema_port, k, &port, long_value, err, sizeof(err)), -1);
	assert_string_equal(err, "longer than 255 characters");

	memset(&dp, 0, sizeof(dp));
	k = schema_find_key(&schema_dataplane, "hugepages");
	assert_int_equal(schema_set(&schema_dataplane, k, &dp, "2M", err, sizeof(err)), 0);
	assert_int_equal(dp.hugepages, HUGEPAGES_2M);
	k = schema_find_key(&schema_dataplane, "socket-mem");
	assert_int_equal(schema_set(&schema_dataplane, k, &dp, "4096", err, sizeof(err)), 0);
	assert_int_equal(dp.socket_mem_mb, 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_uint),
	    cmocka_unit_test(test_parse_core_list),
	    cmocka_unit_test(test_parse_affinity),
	    cmocka_unit_test(test_parse_mac),
	    cmocka_unit_test(test_parse_neighbour_list),
	    cmocka_unit_test(test_name_is_valid),
	    cmocka_unit_test(test_find_object_and_key),
	    cmocka_unit_test(test_key_tables),
	    cmocka_unit_test(test_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
