/* flowgen's options: defaults, ranges and the error each wrong value gets. */
#include "flowgen_args.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char flowgen_usage[] =
    "Usage: flowgen [EAL options] -- [options]\n"
    "\n"
    "Sends many flows through a switch between its DPDK ports 0 (the wire:\n"
    "phy or underlay) and 1 (the VM), counts what comes back and prints\n"
    "Mpps sent and received per port. Flow k goes from 02:10:KK:KK:KK:KK\n"
    "(port 0's side) to 02:11:KK:KK:KK:KK (port 1's side) and back.\n"
    "\n"
    "  --pairs N        MAC pairs, 1..1000000 (default 1: two MACs)\n"
    "  --size B         frame bytes without CRC, the inner frame's when tunnelled,\n"
    "                   60..9000 (default 64)\n"
    "  --mode MODE      loop: put --inflight packets in flight per port and send\n"
    "                   each one received out of the other port as the next flow\n"
    "                   (the PVP loop; lost packets are replaced); tx: send new\n"
    "                   packets at --rate and count what comes back (default loop)\n"
    "  --inflight N     loop: packets in flight per port, 1..65536 (default 1024)\n"
    "  --rate PPS       tx: packets per second per port, 0 = as fast as possible\n"
    "                   (default 0)\n"
    "  --tx-ports LIST  ports that send: 0, 1 or 0,1 (default 0,1)\n"
    "  --wire-queues N  port 0's receive queues, 1..16, all polled (it sends on\n"
    "                   one): a switch that sends on a queue per thread (default 1)\n"
    "  --seconds S      measured seconds (default 5)\n"
    "  --warmup S       seconds before measuring, while the switch learns (default 2)\n"
    "  --link-wait S    seconds to wait for the links to come up (default 10)\n"
    "  --encap KIND     none, vxlan or gre: port 0's frames come from remote VTEPs\n"
    "                   (default none)\n"
    "  --vteps N        remote VTEPs, 1..4096; VTEP i is --remote-ip + i with MAC\n"
    "                   02:2e:00:00:II:II (default 1)\n"
    "  --vnis N         VNIs (GRE keys) --vni, --vni + 1, ... (default 1)\n"
    "  --vni V          the first VNI or key (default 100)\n"
    "  --vlans N        port 0's (inner) frames tagged --vlan, --vlan + 1, ...\n"
    "                   (default 0: untagged)\n"
    "  --vlan ID        the first VLAN id (default 100)\n"
    "  --vtep-ip A      the switch's VTEP address (default 198.18.0.1)\n"
    "  --remote-ip A    the first remote VTEP (default 198.18.0.2)\n"
    "  --vtep-mac MAC   the switch's VTEP port MAC (default 02:00:00:00:ee:01)\n"
    "  --json           print the result as one JSON object\n"
    "  --help           this text\n";

static int fail(char *err, size_t errlen, const char *fmt, const char *opt, const char *val)
{
	snprintf(err, errlen, fmt, opt, val);
	return -1;
}

static int number(const char *opt, const char *val, uint64_t min, uint64_t max, uint64_t *out,
		  char *err, size_t errlen)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(val, &end, 10);
	if (errno || end == val || *end || val[0] == '-' || v < min || v > max) {
		snprintf(err, errlen, "--%s '%s': give a whole number from %llu to %llu", opt, val,
			 (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

static int seconds(const char *opt, const char *val, double min, double *out, char *err,
		   size_t errlen)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(val, &end);
	if (errno || end == val || *end || v < min || v > 3600)
		return fail(err, errlen, "--%s '%s': give seconds from 0 to 3600, e.g. 2.5", opt,
			    val);
	*out = v;
	return 0;
}

static int ipv4(const char *opt, const char *val, uint32_t *out, char *err, size_t errlen)
{
	struct in_addr a;

	if (inet_pton(AF_INET, val, &a) != 1)
		return fail(err, errlen, "--%s '%s': give an IPv4 address like 198.18.0.1", opt,
			    val);
	*out = ntohl(a.s_addr);
	return 0;
}

static int mac(const char *opt, const char *val, uint8_t out[6], char *err, size_t errlen)
{
	unsigned int b[6];
	char tail;

	if (sscanf(val, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6)
		return fail(err, errlen, "--%s '%s': give a MAC like 02:00:00:00:ee:01", opt, val);
	for (int i = 0; i < 6; i++)
		out[i] = (uint8_t)b[i];
	return 0;
}

static int choice(const char *opt, const char *val, const char *const *names, int n, int *out,
		  char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(val, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	snprintf(err, errlen, "--%s '%s': give one of", opt, val);
	for (int i = 0; i < n; i++) {
		size_t used = strlen(err);

		snprintf(err + used, errlen - used, " %s", names[i]);
	}
	return -1;
}

static int tx_ports(const char *val, uint8_t *out, char *err, size_t errlen)
{
	if (strcmp(val, "0") == 0)
		*out = 1;
	else if (strcmp(val, "1") == 0)
		*out = 2;
	else if (strcmp(val, "0,1") == 0 || strcmp(val, "1,0") == 0)
		*out = 3;
	else
		return fail(err, errlen, "--%s '%s': give 0, 1 or 0,1", "tx-ports", val);
	return 0;
}

static void defaults(struct flowgen_config *cfg)
{
	const uint8_t vtep_mac[6] = {0x02, 0x00, 0x00, 0x00, 0xee, 0x01};

	memset(cfg, 0, sizeof(*cfg));
	cfg->pairs = 1;
	cfg->frame_len = 64;
	cfg->mode = FLOWGEN_LOOP;
	cfg->inflight = 1024;
	cfg->tx_ports = 3;
	cfg->wire_queues = 1;
	cfg->seconds = 5;
	cfg->warmup = 2;
	cfg->link_wait = 10;
	cfg->encap = FLOW_ENCAP_NONE;
	cfg->vteps = 1;
	cfg->vnis = 1;
	cfg->vni = 100;
	cfg->vlan = 100;
	cfg->vtep_ip = 0xc6120001;   /* 198.18.0.1 */
	cfg->remote_ip = 0xc6120002; /* 198.18.0.2 */
	memcpy(cfg->vtep_mac, vtep_mac, 6);
}

uint32_t flowgen_wire_templates(const struct flowgen_config *cfg)
{
	uint32_t vteps = cfg->encap == FLOW_ENCAP_NONE ? 1 : cfg->vteps;
	uint32_t nets = cfg->encap == FLOW_ENCAP_NONE ? 1 : cfg->vnis;

	if (cfg->vlans > nets)
		nets = cfg->vlans;
	return vteps * nets;
}

/* One option; returns 0 or -1 with err set. */
static int option(struct flowgen_config *cfg, const char *name, const char *val, char *err,
		  size_t errlen)
{
	static const char *const modes[] = {"loop", "tx"};
	static const char *const encaps[] = {"none", "vxlan", "gre"};
	uint64_t v = 0;
	int c = 0, rc = 0;

	if (strcmp(name, "pairs") == 0) {
		rc = number(name, val, 1, FLOW_MAX_PAIRS, &v, err, errlen);
		cfg->pairs = (uint32_t)v;
	} else if (strcmp(name, "size") == 0) {
		rc = number(name, val, FLOW_MIN_FRAME, FLOW_MAX_FRAME, &v, err, errlen);
		cfg->frame_len = (uint16_t)v;
	} else if (strcmp(name, "mode") == 0) {
		rc = choice(name, val, modes, 2, &c, err, errlen);
		cfg->mode = (enum flowgen_mode)c;
	} else if (strcmp(name, "inflight") == 0) {
		rc = number(name, val, 1, 65536, &v, err, errlen);
		cfg->inflight = (uint32_t)v;
	} else if (strcmp(name, "rate") == 0) {
		rc = number(name, val, 0, 1000000000, &cfg->rate, err, errlen);
	} else if (strcmp(name, "tx-ports") == 0) {
		rc = tx_ports(val, &cfg->tx_ports, err, errlen);
	} else if (strcmp(name, "wire-queues") == 0) {
		rc = number(name, val, 1, 16, &v, err, errlen);
		cfg->wire_queues = (uint16_t)v;
	} else if (strcmp(name, "seconds") == 0) {
		rc = seconds(name, val, 0.1, &cfg->seconds, err, errlen);
	} else if (strcmp(name, "warmup") == 0) {
		rc = seconds(name, val, 0, &cfg->warmup, err, errlen);
	} else if (strcmp(name, "link-wait") == 0) {
		rc = seconds(name, val, 0, &cfg->link_wait, err, errlen);
	} else if (strcmp(name, "encap") == 0) {
		rc = choice(name, val, encaps, 3, &c, err, errlen);
		cfg->encap = (enum flow_encap)c;
	} else if (strcmp(name, "vteps") == 0) {
		rc = number(name, val, 1, 4096, &v, err, errlen);
		cfg->vteps = (uint32_t)v;
	} else if (strcmp(name, "vnis") == 0) {
		rc = number(name, val, 1, 4096, &v, err, errlen);
		cfg->vnis = (uint32_t)v;
	} else if (strcmp(name, "vni") == 0) {
		rc = number(name, val, 0, 0xffffffff, &v, err, errlen);
		cfg->vni = (uint32_t)v;
	} else if (strcmp(name, "vlans") == 0) {
		rc = number(name, val, 0, 4094, &v, err, errlen);
		cfg->vlans = (uint32_t)v;
	} else if (strcmp(name, "vlan") == 0) {
		rc = number(name, val, 1, 4094, &v, err, errlen);
		cfg->vlan = (uint32_t)v;
	} else if (strcmp(name, "vtep-ip") == 0) {
		rc = ipv4(name, val, &cfg->vtep_ip, err, errlen);
	} else if (strcmp(name, "remote-ip") == 0) {
		rc = ipv4(name, val, &cfg->remote_ip, err, errlen);
	} else if (strcmp(name, "vtep-mac") == 0) {
		rc = mac(name, val, cfg->vtep_mac, err, errlen);
	}
	return rc;
}

/* Combinations no single option can see. */
static int check(const struct flowgen_config *cfg, char *err, size_t errlen)
{
	if (cfg->vlans && cfg->vlan + cfg->vlans - 1 > 4094) {
		snprintf(err, errlen, "--vlan %u with --vlans %u goes past VLAN 4094", cfg->vlan,
			 cfg->vlans);
		return -1;
	}
	if (cfg->encap == FLOW_ENCAP_VXLAN && cfg->vni + cfg->vnis - 1 > 0xffffff) {
		snprintf(err, errlen, "--vni %u with --vnis %u goes past VNI 16777215", cfg->vni,
			 cfg->vnis);
		return -1;
	}
	if (flowgen_wire_templates(cfg) > FLOWGEN_MAX_TEMPLATES) {
		snprintf(err, errlen, "--vteps times --vnis (or --vlans) is over %u",
			 FLOWGEN_MAX_TEMPLATES);
		return -1;
	}
	return 0;
}

int flowgen_args_parse(int argc, char **argv, struct flowgen_config *cfg, char *err, size_t errlen)
{
	static const struct option opts[] = {
	    {"pairs", required_argument, NULL, 0},
	    {"size", required_argument, NULL, 0},
	    {"mode", required_argument, NULL, 0},
	    {"inflight", required_argument, NULL, 0},
	    {"rate", required_argument, NULL, 0},
	    {"tx-ports", required_argument, NULL, 0},
	    {"wire-queues", required_argument, NULL, 0},
	    {"seconds", required_argument, NULL, 0},
	    {"warmup", required_argument, NULL, 0},
	    {"link-wait", required_argument, NULL, 0},
	    {"encap", required_argument, NULL, 0},
	    {"vteps", required_argument, NULL, 0},
	    {"vnis", required_argument, NULL, 0},
	    {"vni", required_argument, NULL, 0},
	    {"vlans", required_argument, NULL, 0},
	    {"vlan", required_argument, NULL, 0},
	    {"vtep-ip", required_argument, NULL, 0},
	    {"remote-ip", required_argument, NULL, 0},
	    {"vtep-mac", required_argument, NULL, 0},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c, index;

	defaults(cfg);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, &index)) != -1) {
		if (c == 'h') {
			cfg->help = true;
		} else if (c == 'j') {
			cfg->json = true;
		} else if (c == 0) {
			if (option(cfg, opts[index].name, optarg, err, errlen) < 0)
				return -1;
		} else {
			snprintf(err, errlen, "unknown option or missing value '%s' (see --help)",
				 argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s' (see --help)", argv[optind]);
		return -1;
	}
	return check(cfg, err, errlen);
}
