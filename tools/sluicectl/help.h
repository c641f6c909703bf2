/* --help text, all of it drawn from the command table. */
#ifndef SLUICECTL_HELP_H
#define SLUICECTL_HELP_H

#include <stdio.h>

#include "commands.h"

#define DEFAULT_SOCKET "/run/sluice/sluice.sock"

/* sluicectl --help: options and one line per command. */
void help_all(FILE *out);
/* sluicectl WORDS --help / sluicectl help WORDS: a command's usage, help and
 * example, or those of every command of a group ("port"). Returns the exit
 * code: 0, or 2 (with a message on err) for words naming no command. */
int help_words(FILE *out, FILE *err, int argc, char *const argv[]);
/* "usage: sluicectl port add NAME key=value..." */
void help_usage(FILE *out, const struct command *cmd);

#endif
