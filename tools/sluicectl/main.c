/* sluicectl: the command line client of sluice's control socket. */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "help.h"

static int parse_timeout(const char *text, double *out)
{
	char *end;
	double v = strtod(text, &end);

	if (end == text || *end != '\0' || !isfinite(v) || v <= 0 || v > 86400)
		return -1;
	*out = v;
	return 0;
}

static int parse_count(const char *text, long *out)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (end == text || *end != '\0' || v < 0 || v > UINT32_MAX)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"socket", required_argument, NULL, 's'},
	    {"json", no_argument, NULL, 'j'},
	    {"timeout", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {"root", required_argument, NULL, 'R'},
	    {"facts", required_argument, NULL, 'F'},
	    {"dry-run", no_argument, NULL, 'Y'},
	    {"count", required_argument, NULL, 'n'},
	    {"direction", required_argument, NULL, 'd'},
	    {"write", required_argument, NULL, 'w'},
	    {"duration", required_argument, NULL, 'D'},
	    {"stop", no_argument, NULL, 'S'},
	    {"macs", no_argument, NULL, 'M'},
	    {NULL, 0, NULL, 0},
	};
	struct client_options opts = {
	    .socket = getenv("SLUICE_SOCKET"),
	    .timeout = CLIENT_TIMEOUT_DEFAULT,
	    .capture_count = -1,
	};
	int opt;

	if (!opts.socket || !opts.socket[0])
		opts.socket = DEFAULT_SOCKET;
	opterr = 0;
	/* Options may follow the command words ("port show --json"); "--" ends
	 * them, for a name that starts with '-'. */
	while ((opt = getopt_long(argc, argv, ":s:jt:hw:", longopts, NULL)) != -1) {
		switch (opt) {
		case 's':
			opts.socket = optarg;
			break;
		case 'j':
			opts.json = 1;
			break;
		case 't':
			if (parse_timeout(optarg, &opts.timeout) < 0) {
				fprintf(stderr,
					"sluicectl: --timeout: '%s' is not a number of seconds "
					"above 0\n",
					optarg);
				return CLIENT_EXIT_USAGE;
			}
			break;
		case 'h':
			opts.help = 1;
			break;
		case 'R':
			opts.root = optarg;
			break;
		case 'F':
			opts.facts = optarg;
			break;
		case 'Y':
			opts.dry_run = 1;
			break;
		case 'n':
			if (parse_count(optarg, &opts.capture_count) < 0) {
				fprintf(stderr,
					"sluicectl: --count: '%s' is not a number of "
					"packets\n",
					optarg);
				return CLIENT_EXIT_USAGE;
			}
			break;
		case 'd':
			if (strcmp(optarg, "rx") && strcmp(optarg, "tx") &&
			    strcmp(optarg, "both")) {
				fprintf(stderr,
					"sluicectl: --direction: '%s' is not rx, tx or "
					"both\n",
					optarg);
				return CLIENT_EXIT_USAGE;
			}
			opts.capture_direction = optarg;
			break;
		case 'w':
			opts.capture_write = optarg;
			break;
		case 'D':
			if (parse_timeout(optarg, &opts.capture_duration) < 0) {
				fprintf(stderr,
					"sluicectl: --duration: '%s' is not a number of "
					"seconds above 0\n",
					optarg);
				return CLIENT_EXIT_USAGE;
			}
			break;
		case 'S':
			opts.capture_stop = 1;
			break;
		case 'M':
			opts.macs = 1;
			break;
		case ':':
			fprintf(stderr, "sluicectl: %s needs a value; see 'sluicectl --help'\n",
				argv[optind - 1]);
			return CLIENT_EXIT_USAGE;
		default:
			fprintf(stderr, "sluicectl: unknown option '%s'; see 'sluicectl --help'\n",
				argv[optind - 1]);
			return CLIENT_EXIT_USAGE;
		}
	}
	return client_run(&opts, argc - optind, argv + optind, stdout, stderr);
}
