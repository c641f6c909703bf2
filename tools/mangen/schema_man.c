/* Prints the config keys of sluice.ini(5) in scdoc, from the schema tables
 * the parser itself uses, so the manual lists every key with its real
 * default and range and cannot drift from the code.
 *   schema_man            the KEYS part of sluice.ini.5.scd
 *   schema_man --names    "section key" per line, for the tests */
#include <stdio.h>
#include <string.h>

#include "../../control/schema.h"

/* The order the manual presents the sections in. */
static const char *const sections[] = {"dataplane", "control", "metrics",
				       "vtep",	    "network", "port"};

static const char *type_text(const struct schema_key *k)
{
	switch (k->type) {
	case SCHEMA_UINT:
		return "number";
	case SCHEMA_STRING:
		return "string";
	case SCHEMA_PATH:
		return "socket path";
	case SCHEMA_ENUM:
		return "one of";
	case SCHEMA_CORE_LIST:
		return "core list";
	case SCHEMA_AFFINITY:
		return "queue:core list";
	case SCHEMA_MAC:
		return "MAC address";
	case SCHEMA_OCTAL:
		return "octal mode";
	case SCHEMA_SOCKET_MEM:
		return "MiB, total or per NUMA node";
	case SCHEMA_IPV4:
		return "IPv4 address";
	case SCHEMA_IPV4_PREFIX:
		return "IPv4 address/prefix";
	case SCHEMA_IP_LIST:
		return "IPv4/IPv6 address or prefix list";
	case SCHEMA_IPV4_LIST:
		return "IPv4 address list";
	case SCHEMA_UINT_AUTO:
		return "auto or a number";
	case SCHEMA_NEIGHBOUR_LIST:
		return "ADDRESS MAC list";
	}
	return "value";
}

static void print_applies(unsigned applies)
{
	static const struct {
		unsigned bit;
		const char *name;
	} kinds[] = {{SCHEMA_FOR_PHY, "phy"},
		     {SCHEMA_FOR_VHOST, "vhost"},
		     {SCHEMA_FOR_VXLAN, "vxlan"},
		     {SCHEMA_FOR_GRE, "gre"},
		     {SCHEMA_FOR_VLAN, "vlan"}};
	const char *sep = "";

	if (!applies)
		return;
	printf("; type ");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (applies & kinds[i].bit) {
			printf("%s%s", sep, kinds[i].name);
			sep = ", ";
		}
	}
	printf(" only");
}

/* scdoc reads * and _ as emphasis: the help texts are plain prose. */
static void print_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '*' || *s == '_' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
}

static void print_key(const struct schema_key *k)
{
	printf("*%s* = ", k->name);
	if (k->type == SCHEMA_ENUM && k->names) {
		for (int i = 0; k->names[i]; i++)
			printf("%s%s", i ? " | " : "", k->names[i]);
	} else {
		printf("_%s_", type_text(k));
	}
	printf("\n\t");
	print_escaped(k->help);
	printf(".\n\n\t");
	if (k->required)
		printf("Required");
	else if (k->default_text)
		printf("Default: %s", k->default_text[0] ? k->default_text : "empty");
	else
		printf("Optional");
	if ((k->type == SCHEMA_UINT || k->type == SCHEMA_UINT_AUTO) && k->max > 0)
		printf("; range %u to %u", k->min, k->max);
	print_applies(k->applies_to);
	printf(".\n\n");
}

int main(int argc, char **argv)
{
	bool names = argc > 1 && strcmp(argv[1], "--names") == 0;

	if (argc > 1 && !names) {
		fprintf(stderr, "usage: schema_man [--names]\n");
		return 2;
	}
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		const struct schema_object *obj = schema_find_object(sections[s]);

		if (!obj) {
			fprintf(stderr, "schema_man: no section '%s' in the schema\n", sections[s]);
			return 1;
		}
		if (!names)
			printf("## [%s%s]\n\n", obj->section, obj->named ? " NAME" : "");
		for (size_t i = 0; i < obj->n_keys; i++) {
			if (names)
				printf("%s %s\n", obj->section, obj->keys[i].name);
			else
				print_key(&obj->keys[i]);
		}
	}
	return 0;
}
