/* The Internet checksum (RFC 1071) over byte buffers, and its incremental
 * update (RFC 1624). Values are host-order numbers: store one with htons(). */
#ifndef SLUICE_CHECKSUM_H
#define SLUICE_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/* Adds the big-endian 16-bit words of buf to a running sum (start from 0). An
 * odd last byte counts as its word's high byte, as RFC 1071 pads it. */
uint32_t checksum_add(uint32_t sum, const uint8_t *buf, size_t len);

/* Folds a running sum to 16 bits and complements it: the checksum field. */
uint16_t checksum_fold(uint32_t sum);

/* The IPv4 header checksum over len bytes (20 plus options). Zero the
 * checksum field first to compute it; over a received header it gives 0
 * when the stored checksum is right. */
uint16_t checksum_ipv4_header(const uint8_t *header, size_t len);

/* RFC 1624 equation 3, HC' = ~(~HC + ~m + m'): the new checksum after one
 * 16-bit word covered by `check` changes from old_word to new_word (all
 * host-order values). Issue 5's MSS clamping rewrites a TCP option this way. */
uint16_t checksum_update16(uint16_t check, uint16_t old_word, uint16_t new_word);

#endif
