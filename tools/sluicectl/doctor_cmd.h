/* The doctor command: gathers sluice's facts and prints doctor.c's findings. */
#ifndef SLUICECTL_DOCTOR_CMD_H
#define SLUICECTL_DOCTOR_CMD_H

#include <stdio.h>

#include "client.h"

/* argv: the words after "doctor" (none allowed). Exit code as client_run. */
int doctor_main(const struct client_options *opts, int argc, char *const argv[], FILE *out,
		FILE *err);

#endif
