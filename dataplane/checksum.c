#include "checksum.h"

uint32_t checksum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
	uint64_t acc = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)buf[i] << 8 | buf[i + 1];
	if (len & 1)
		acc += (uint32_t)buf[len - 1] << 8;
	/* Fold the carries back in so the running sum stays in 32 bits. */
	while (acc >> 32)
		acc = (acc & 0xffffffff) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t checksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t checksum_ipv4_header(const uint8_t *header, size_t len)
{
	return checksum_fold(checksum_add(0, header, len));
}

uint16_t checksum_update16(uint16_t check, uint16_t old_word, uint16_t new_word)
{
	uint32_t sum = (uint16_t)~check;

	sum += (uint16_t)~old_word;
	sum += new_word;
	return checksum_fold(sum);
}
