/* Replays the fuzz corpus (tests/fuzz/corpus) through the fuzz target, so
 * every seed, and every crash input a fuzzing run saved there, is a
 * regression test in CI even where libFuzzer is not built. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void test_every_seed_replays(void **state)
{
	DIR *d = opendir(SEED_DIR);
	struct dirent *e;
	int seeds = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		uint8_t buf[1 << 16];
		FILE *f;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", SEED_DIR, e->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		assert_int_equal(LLVMFuzzerTestOneInput(buf, n), 0);
		seeds++;
	}
	closedir(d);
	assert_true(seeds >= 10);
}

static void test_edge_inputs(void **state)
{
	static uint8_t big[70000];

	(void)state;
	assert_int_equal(LLVMFuzzerTestOneInput((const uint8_t *)"", 0), 0);
	memset(big, '[', sizeof(big));
	assert_int_equal(LLVMFuzzerTestOneInput(big, sizeof(big)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_seed_replays),
	    cmocka_unit_test(test_edge_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
