#include "pmd_sleep.h"

uint32_t pmd_sleep_next(uint32_t last_us, uint32_t max_us, uint32_t packets)
{
	uint32_t next;

	if (packets || max_us == 0)
		return 0;
	next = last_us ? last_us * 2 : 1;
	return next > max_us ? max_us : next;
}
