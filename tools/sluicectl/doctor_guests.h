/* sluicectl doctor's view of the guests: sluice-virt check --all, run as a
 * child, its JSON lines turned into facts for doctor.c. */
#ifndef SLUICECTL_DOCTOR_GUESTS_H
#define SLUICECTL_DOCTOR_GUESTS_H

#include <stddef.h>

#include <jansson.h>

/* Lines of `sluice-virt --json check --all` (one object per domain) into
 * facts["guests"], an array. -1 with err when a line is not such an object. */
int doctor_guests_parse(const char *text, json_t *facts, char *err, size_t errlen);

/* Runs sluice-virt (virt: its path, or NULL to look beside this program,
 * then in PATH) against the control socket and stores facts["guests"], or
 * facts["guests_unchecked"] with why not (not installed, libvirt
 * unreachable, no answer in timeout seconds). */
void doctor_guests_gather(const char *virt, const char *socket, double timeout, json_t *facts);

#endif
