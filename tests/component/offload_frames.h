/* Frames for the offload tests (offload_frames.c). */
#ifndef SLUICE_TEST_OFFLOAD_FRAMES_H
#define SLUICE_TEST_OFFLOAD_FRAMES_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#define PAYLOAD_64K 65000
#define MSS 1448

/* The frame offload_frames_build() wrote last. */
extern uint8_t offload_frame[70000];

/* Payload byte i of every test frame. */
uint32_t offload_frames_payload_byte(uint32_t i);
/* Ethernet, IPv4 or IPv6, TCP (20 bytes, tcp_flags, sequence 0xfffff000)
 * or UDP, payload bytes; returns the frame length. The IPv4 header
 * checksum is right, the L4 checksum left as a guest leaves it. */
uint32_t offload_frames_build(bool ipv6, uint8_t proto, uint32_t payload, uint8_t tcp_flags);
/* The frame in a chain of mbufs, as rte_vhost dequeues a large one. */
struct rte_mbuf *offload_frames_mbuf(uint32_t len);
/* segs (freed here) are the payload bytes cut in segments of mss (the last
 * shorter): IP lengths, IPv4 ids counting up from 100, sequence numbers,
 * FIN and PSH on the last only, every checksum right, no offload flags. */
void offload_frames_check(struct rte_mbuf **segs, int n, bool ipv6, uint32_t payload, uint32_t mss,
			  uint8_t flags);

#endif
