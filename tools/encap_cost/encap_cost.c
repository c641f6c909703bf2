/* TSC cycles per outer header: tunnel_encap_write() with its parameter
 * block filled per packet (what tunnel_output() did before templates) against
 * tunnel_template_write() (what it does now), for VXLAN and GRE. A CPU-bound
 * loop over varying remotes, MACs, source ports and lengths, without the
 * rest of the datapath: it isolates the header build, which the end-to-end
 * bench (tools/bench/tunnel) cannot on a shared 2-CPU machine.
 * Usage: encap_cost [HEADERS]   (pin it: taskset -c 1 encap_cost) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <x86intrin.h>

#include "../../dataplane/tunnel_encap.h"
#include "../../dataplane/tunnel_template.h"

static uint8_t out[1024 * 64];

static double cost_encap_write(const struct tunnel_encap_params *base, long n)
{
	uint64_t t0 = __rdtsc();

	for (long i = 0; i < n; i++) {
		struct tunnel_encap_params p;

		memset(&p, 0, sizeof(p));
		p.kind = base->kind;
		memcpy(p.src_mac, base->src_mac, 6);
		p.dst_mac[5] = (uint8_t)i;
		p.src_ip = base->src_ip;
		p.dst_ip = base->dst_ip + (uint32_t)(i & 7);
		p.ttl = base->ttl;
		p.df = base->df;
		p.vni = base->vni;
		p.udp_src_port = (uint16_t)(49152 + (i & 1023));
		tunnel_encap_write(&p, 64 + (uint32_t)(i & 63), out + (i & 1023) * 64);
	}
	return (double)(__rdtsc() - t0) / (double)n;
}

static double cost_template(const struct tunnel_template *t, uint32_t dst_ip, long n)
{
	uint64_t t0 = __rdtsc();

	for (long i = 0; i < n; i++) {
		uint8_t mac[6] = {0, 0, 0, 0, 0, (uint8_t)i};

		tunnel_template_write(t, mac, dst_ip + (uint32_t)(i & 7), 0,
				      (uint16_t)(49152 + (i & 1023)), 64 + (uint32_t)(i & 63),
				      out + (i & 1023) * 64);
	}
	return (double)(__rdtsc() - t0) / (double)n;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000000;
	struct tunnel_encap_params base = {
	    .src_mac = {2, 0, 0, 0, 0, 1},
	    .src_ip = 0x010012c6, /* 198.18.0.1 in network order on x86 */
	    .dst_ip = 0x020012c6,
	    .ttl = 64,
	    .df = true,
	    .vni = 100,
	};

	if (n <= 0) {
		fprintf(stderr, "usage: %s [HEADERS]\n", argv[0]);
		return 2;
	}
	printf("kind   encap_write  template  (TSC cycles per header, %ld headers, 3 runs)\n", n);
	for (int k = 0; k < 2; k++) {
		struct tunnel_template t;

		base.kind = k ? TUNNEL_GRE : TUNNEL_VXLAN;
		if (tunnel_template_build(&t, &base) < 0)
			return 1;
		for (int r = 0; r < 3; r++)
			printf("%-6s %11.1f %9.1f\n", k ? "gre" : "vxlan",
			       cost_encap_write(&base, n), cost_template(&t, base.dst_ip, n));
	}
	/* Read the output, so the writes cannot be optimised away. */
	printf("(byte %u)\n", out[100]);
	return 0;
}
