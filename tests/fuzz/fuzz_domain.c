/* libFuzzer target over sluice-virt's domain XML reader (tools/virt/domain.c):
 * libxml2 parsing, the XPath reads and the cpuset lists, as `sluice-virt
 * check` and `attach` run them on what libvirt hands back. Beyond "no crash,
 * no leak": a parsed domain keeps its counts within their arrays and its
 * strings terminated; a refused one says why. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "../../tools/virt/domain.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

#define TERMINATED(s) (memchr((s), '\0', sizeof(s)) != NULL)

static void check_parsed(const struct domain *d)
{
	FUZZ_CHECK(TERMINATED(d->name));
	FUZZ_CHECK(d->n_ifaces >= 0 && d->n_ifaces <= DOMAIN_IFACES_MAX);
	FUZZ_CHECK(d->n_disks >= 0 && d->n_disks <= DOMAIN_DISKS_MAX);
	for (int i = 0; i < d->n_ifaces; i++) {
		const struct domain_iface *f = &d->ifaces[i];

		FUZZ_CHECK(f->index == i);
		FUZZ_CHECK(TERMINATED(f->type) && TERMINATED(f->model) && TERMINATED(f->mac));
		FUZZ_CHECK(TERMINATED(f->alias) && TERMINATED(f->socket) && TERMINATED(f->mode));
		FUZZ_CHECK(TERMINATED(f->sluice_network) && TERMINATED(f->sluice_port));
	}
	for (int i = 0; i < d->n_disks; i++) {
		const struct domain_disk *k = &d->disks[i];

		FUZZ_CHECK(TERMINATED(k->target) && TERMINATED(k->io) && TERMINATED(k->cache));
	}
	for (int c = 0; c < DOMAIN_CPUS_MAX; c++)
		FUZZ_CHECK(d->cpus[c] <= 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct domain d;
	static unsigned char set[DOMAIN_CPUS_MAX];
	char err[512] = "";
	char *text;

	if (size > 1 << 20)
		return 0;
	if (domain_parse((const char *)data, size, &d, err, sizeof(err)) == 0)
		check_parsed(&d);
	else
		FUZZ_CHECK(err[0] != '\0' && TERMINATED(err));
	/* The cpuset grammar on its own too: the same bytes as a list. */
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (domain_parse_cpulist(text, set, DOMAIN_CPUS_MAX) == 0)
		for (int c = 0; c < DOMAIN_CPUS_MAX; c++)
			FUZZ_CHECK(set[c] <= 1);
	free(text);
	return 0;
}
