/* sluice-virt: libvirt domains on sluice. Attaches vhost-user NICs (the
 * sluice port and the hot-plugged <interface> together), follows domains as
 * they start and stop, and checks a domain against the tuning rules. */
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "perm.h"
#include "virt.h"

#ifndef SLUICE_VERSION
#define SLUICE_VERSION "unknown"
#endif

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sluice-virt [OPTIONS] COMMAND ...\n"
		"\n"
		"Commands:\n"
		"  attach DOMAIN --network NET [--port NAME] [--queues N] [--mac MAC]\n"
		"         [--ips LIST] [--mode client|server] [--mtu N]\n"
		"                       create a vhost port in sluice and hot-plug the\n"
		"                       matching virtio-net NIC (mode, queues, host_mtu: the\n"
		"                       port's MTU as sluice reports it, or --mtu); the port\n"
		"                       gets the NIC's MAC (--mac, or a random 52:54:00 one),\n"
		"                       so port security is on: the guest may send IP only\n"
		"                       from --ips (addresses or prefixes, comma separated)\n"
		"  detach DOMAIN [--port NAME]\n"
		"                       unplug the domain's sluice NIC(s), remove the port(s)\n"
		"  watch [--network NET]\n"
		"                       follow libvirt: create sluice ports for a domain's\n"
		"                       vhostuser interfaces when it starts (with the XML's\n"
		"                       <mac>, and ips from <sluice:port ips=...>), remove\n"
		"                       them when it stops\n"
		"  check DOMAIN | check --xml FILE | check --all [--facts FILE] [--no-sluice]\n"
		"                       the domain against the tuning rules (--all: every\n"
		"                       domain with a vhostuser NIC); exit 1 on findings\n"
		"  facts                what check knows from sluice, as JSON (a --facts file)\n"
		"\n"
		"Options:\n"
		"  -c, --connect URI     libvirt URI (default: libvirt's, e.g. qemu:///system)\n"
		"  -s, --socket PATH     sluice's control socket (default %s)\n"
		"  -d, --socket-dir DIR  directory of the vhost-user sockets (default %s;\n"
		"                        created group QEMU's, mode 2770)\n"
		"  -u, --qemu-user USER  the user libvirt runs QEMU as (default %s)\n"
		"  -j, --json            machine-readable output\n"
		"  -h, --help            this text\n"
		"\n"
		"Exit status: 0 done (check: no findings), 1 check found something or the\n"
		"operation failed, 2 bad usage, 3 libvirt, sluice or a file unusable.\n"
		"See docs/libvirt.md.\n",
		SLUICE_SOCKET_DEFAULT, VIRT_SOCKET_DIR_DEFAULT, PERM_QEMU_USER_DEFAULT);
}

static void rules(FILE *out)
{
	fprintf(out, "Rules of 'check':\n");
	for (const struct check_rule *r = check_rules; r->rule; r++)
		fprintf(out, "  %-14s %s\n", r->rule, r->help);
}

/* The primary group of libvirt's QEMU user: sockets sluice listens on go to it. */
static void qemu_group(const char *user, char *out, size_t outlen)
{
	struct passwd *pw = getpwnam(user);
	struct group *g = pw ? getgrgid(pw->pw_gid) : NULL;

	snprintf(out, outlen, "%s", g ? g->gr_name : "");
}

int main(int argc, char **argv)
{
	static const struct option global[] = {{"connect", required_argument, NULL, 'c'},
					       {"socket", required_argument, NULL, 's'},
					       {"socket-dir", required_argument, NULL, 'd'},
					       {"json", no_argument, NULL, 'j'},
					       {"help", no_argument, NULL, 'h'},
					       {"version", no_argument, NULL, 'V'},
					       {NULL, 0, NULL, 0}};
	static const struct option sub[] = {
	    {"network", required_argument, NULL, 'n'}, {"port", required_argument, NULL, 'p'},
	    {"queues", required_argument, NULL, 'q'},  {"mac", required_argument, NULL, 'm'},
	    {"ips", required_argument, NULL, 'I'},     {"mode", required_argument, NULL, 'M'},
	    {"mtu", required_argument, NULL, 'T'},     {"xml", required_argument, NULL, 'x'},
	    {"facts", required_argument, NULL, 'f'},   {"no-sluice", no_argument, NULL, 'N'},
	    {"json", no_argument, NULL, 'j'},	       {"all", no_argument, NULL, 'A'},
	    {"help", no_argument, NULL, 'h'},	       {NULL, 0, NULL, 0}};
	struct virt_options o = {.socket = SLUICE_SOCKET_DEFAULT,
				 .socket_dir = VIRT_SOCKET_DIR_DEFAULT,
				 .qemu_user = PERM_QEMU_USER_DEFAULT};
	struct attach_request a = {.mode = "client", .queues = 1};
	const char *xml = NULL, *facts = NULL, *cmd, *domain = NULL;
	int c, all = 0;

	while ((c = getopt_long(argc, argv, "+c:s:d:u:jhV", global, NULL)) != -1) {
		switch (c) {
		case 'c':
			o.uri = optarg;
			break;
		case 's':
			o.socket = optarg;
			break;
		case 'd':
			o.socket_dir = optarg;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'u':
			o.qemu_user = optarg;
			break;
		case 'h':
			usage(stdout);
			rules(stdout);
			return VIRT_EXIT_OK;
		case 'V':
			printf("sluice-virt %s\n", SLUICE_VERSION);
			return VIRT_EXIT_OK;
		default:
			usage(stderr);
			return VIRT_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return VIRT_EXIT_USAGE;
	}
	qemu_group(o.qemu_user, o.qemu_group, sizeof(o.qemu_group));
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	/* 0, not 1: GNU getopt re-reads its optstring (options after DOMAIN too). */
	optind = 0;
	while ((c = getopt_long(argc, argv, "n:p:q:m:I:M:T:x:f:NjAh", sub, NULL)) != -1) {
		switch (c) {
		case 'n':
			a.network = optarg;
			break;
		case 'p':
			a.port = optarg;
			break;
		case 'q':
			a.queues = atoi(optarg);
			if (a.queues < 1 || a.queues > 16) {
				fprintf(stderr, "sluice-virt: --queues %s: want 1..16\n", optarg);
				return VIRT_EXIT_USAGE;
			}
			break;
		case 'm':
			a.mac = optarg;
			break;
		case 'I':
			a.ips = optarg;
			break;
		case 'M':
			if (strcmp(optarg, "client") != 0 && strcmp(optarg, "server") != 0) {
				fprintf(stderr, "sluice-virt: --mode %s: want client or server\n",
					optarg);
				return VIRT_EXIT_USAGE;
			}
			a.mode = optarg;
			break;
		case 'T':
			a.mtu = atoi(optarg);
			if (a.mtu < 68 || a.mtu > 65535) {
				fprintf(stderr, "sluice-virt: --mtu %s: want 68..65535\n", optarg);
				return VIRT_EXIT_USAGE;
			}
			break;
		case 'x':
			xml = optarg;
			break;
		case 'f':
			facts = optarg;
			break;
		case 'N':
			o.no_sluice = 1;
			break;
		case 'A':
			all = 1;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'h':
			usage(stdout);
			rules(stdout);
			return VIRT_EXIT_OK;
		default:
			return VIRT_EXIT_USAGE;
		}
	}
	if (optind < argc)
		domain = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "sluice-virt: %s: unexpected '%s'\n", cmd, argv[optind]);
		return VIRT_EXIT_USAGE;
	}

	if (strcmp(cmd, "check") == 0) {
		if (!!xml + !!domain + all != 1) {
			fprintf(stderr,
				"sluice-virt: check: give one of DOMAIN, --xml FILE, --all\n");
			return VIRT_EXIT_USAGE;
		}
		if (all)
			return virt_check_all(&o, facts);
		return virt_check(&o, domain, xml, facts);
	}
	if (strcmp(cmd, "facts") == 0) {
		struct facts *f = calloc(1, sizeof(*f));
		char err[512];
		json_t *j;

		if (f == NULL || sluice_facts(o.socket, f, err, sizeof(err)) < 0) {
			fprintf(stderr, "sluice-virt: %s\n", f ? err : "out of memory");
			free(f);
			return VIRT_EXIT_ERROR;
		}
		j = facts_to_json(f);
		json_dumpf(j, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(j);
		free(f);
		return VIRT_EXIT_OK;
	}
	if (strcmp(cmd, "attach") == 0) {
		if (!domain || !a.network) {
			fprintf(stderr,
				"sluice-virt: attach: DOMAIN and --network NET are needed\n");
			return VIRT_EXIT_USAGE;
		}
		a.domain = domain;
		return virt_attach(&o, &a);
	}
	if (strcmp(cmd, "detach") == 0) {
		if (!domain) {
			fprintf(stderr, "sluice-virt: detach: DOMAIN is needed\n");
			return VIRT_EXIT_USAGE;
		}
		return virt_detach(&o, domain, a.port);
	}
	if (strcmp(cmd, "watch") == 0)
		return virt_watch(&o, a.network);
	fprintf(stderr, "sluice-virt: unknown command '%s'\n", cmd);
	usage(stderr);
	return VIRT_EXIT_USAGE;
}
