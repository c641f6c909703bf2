/* What MSS clamping costs per frame, without the noise of a PVP loop:
 * cycles per mss_clamp() call on the frames the datapath meets, best of
 * several rounds (the minimum is the cost; the rest is the machine).
 *
 *   build/tools/mss_cost [calls-per-round]
 *
 * Frames (tests/golden/mtu_golden.h, from scapy): a UDP datagram (the early
 * exit), a TCP segment with ACK (every data packet: parsed up to the flags),
 * a SYN already within the MTU (options walked, nothing written), and a SYN
 * clamped on every call (its MSS and checksum restored before each call; the
 * restore alone is measured and subtracted). Not a test. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

#include "../../../dataplane/mss_clamp.h"
#include "../../../tests/golden/mtu_golden.h"

#define ROUNDS 9
#define MTU 1450

static volatile int sink;

/* Cycles per call over n calls; restore: put the SYN's MSS back first. */
static double run(uint8_t *f, uint32_t len, uint32_t n, int call, const uint8_t *orig)
{
	double best = 1e30;

	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = __rdtsc();

		for (uint32_t i = 0; i < n; i++) {
			if (orig) {
				/* The MSS value (54..57) and the checksum (50, 51). */
				memcpy(f + 50, orig + 50, 2);
				memcpy(f + 56, orig + 56, 2);
			}
			if (call)
				sink += mss_clamp(f, len, MTU);
			__asm__ volatile("" ::: "memory");
		}
		double c = (double)(__rdtsc() - t0) / n;
		if (c < best)
			best = c;
	}
	return best;
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 2000000;
	static uint8_t udp[sizeof(syn4_linux)], ack[sizeof(ack4_with_mss)],
	    small[sizeof(syn4_small_mss)], syn[sizeof(syn4_linux)];
	double loop, restore, c_udp, c_ack, c_small, c_syn;

	memcpy(udp, syn4_linux, sizeof(udp));
	udp[14 + 9] = 17;
	memcpy(ack, ack4_with_mss, sizeof(ack));
	memcpy(small, syn4_small_mss, sizeof(small));
	memcpy(syn, syn4_linux, sizeof(syn));

	loop = run(udp, sizeof(udp), n, 0, NULL);
	restore = run(syn, sizeof(syn), n, 0, syn4_linux);
	c_udp = run(udp, sizeof(udp), n, 1, NULL) - loop;
	c_ack = run(ack, sizeof(ack), n, 1, NULL) - loop;
	c_small = run(small, sizeof(small), n, 1, NULL) - loop;
	c_syn = run(syn, sizeof(syn), n, 1, syn4_linux) - restore;
	if (memcmp(syn, syn4_linux_clamped, sizeof(syn)) != 0) {
		fprintf(stderr, "mss_cost: the SYN was not clamped as scapy says\n");
		return 1;
	}
	printf("mss_clamp() cycles per frame, best of %d rounds of %u calls (TSC):\n", ROUNDS, n);
	printf("| frame | cycles |\n|---|---|\n");
	printf("| UDP (not TCP) | %.1f |\n", c_udp);
	printf("| TCP ACK (not a SYN) | %.1f |\n", c_ack);
	printf("| SYN, MSS already within the MTU | %.1f |\n", c_small);
	printf("| SYN clamped (MSS 1460 -> 1410) | %.1f |\n", c_syn);
	return 0;
}
