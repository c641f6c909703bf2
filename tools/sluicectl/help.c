#include "help.h"

#include <ctype.h>
#include <string.h>

void help_usage(FILE *out, const struct command *cmd)
{
	fprintf(out, "usage: sluicectl %s%s%s\n", cmd->words, cmd->usage[0] ? " " : "", cmd->usage);
}

void help_all(FILE *out)
{
	int width = 0;

	for (size_t i = 0; i < commands_count; i++) {
		int w = (int)(strlen(commands[i].words) + 1 + strlen(commands[i].usage));

		if (w > width)
			width = w;
	}
	fprintf(out, "usage: sluicectl [--socket PATH] [--json] [--timeout SECONDS] COMMAND ...\n"
		     "\n"
		     "Client of sluice's control socket (docs/control-protocol.md).\n"
		     "\n"
		     "Commands:\n");
	for (size_t i = 0; i < commands_count; i++) {
		char words[128];

		snprintf(words, sizeof(words), "%s %s", commands[i].words, commands[i].usage);
		fprintf(out, "  %-*s  %s\n", width, words, commands[i].help);
	}
	fprintf(out, "  %-*s  %s\n", width, "help [COMMAND]", "this help, or a command's");
	fprintf(out,
		"\n"
		"Options:\n"
		"  -s, --socket PATH      the control socket (default: $SLUICE_SOCKET, else\n"
		"                         " DEFAULT_SOCKET ")\n"
		"  -j, --json             print the JSON-RPC reply as it came, for scripts\n"
		"  -t, --timeout SECONDS  wait this long for the reply (default 10)\n"
		"  -h, --help             this help; 'sluicectl COMMAND --help' for one command\n"
		"      --root DIR         doctor: read /proc and /sys under DIR\n"
		"      --facts FILE       doctor: sluice's answers from a JSON file\n"
		"      --count N          capture: stop after N packets; trace: N packets\n"
		"      --direction D      capture: rx, tx or both\n"
		"  -w, --write FILE       capture: the pcapng file\n"
		"      --duration S       capture, trace: stop after S seconds\n"
		"      --stop             capture: stop PORT's capture\n"
		"\n"
		"Exit status: 0 ok, 1 sluice answered with an error, 2 usage error,\n"
		"3 no answer (cannot connect, timed out, connection closed).\n");
}

static void help_command(FILE *out, const struct command *cmd)
{
	help_usage(out, cmd);
	/* The one-line help starts lower case for the command list. */
	fprintf(out, "\n%c%s.\n", toupper((unsigned char)cmd->help[0]), cmd->help + 1);
	if (cmd->detail)
		fprintf(out, "%s\n", cmd->detail);
	fprintf(out, "\nExample:\n  %s\n", cmd->example);
}

int help_words(FILE *out, FILE *err, int argc, char *const argv[])
{
	const struct command *cmd;
	int n, shown = 0;

	if (argc == 0) {
		help_all(out);
		return 0;
	}
	cmd = command_find(argc, argv, &n);
	if (cmd) {
		help_command(out, cmd);
		return 0;
	}
	if (argc == 1 && command_group_exists(argv[0])) {
		for (size_t i = 0; i < commands_count; i++) {
			char group[32];

			if (strcmp(command_group(&commands[i], group, sizeof(group)), argv[0]))
				continue;
			if (shown++)
				fputc('\n', out);
			help_command(out, &commands[i]);
		}
		return 0;
	}
	fprintf(err, "sluicectl: no command '%s%s%s'; see 'sluicectl --help'\n", argv[0],
		argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	return 2;
}
