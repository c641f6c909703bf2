/* flowgen's command line (after EAL's "--"): parsed into a config with an
 * error that says what to give instead. Pure: no DPDK. */
#ifndef FLOWGEN_ARGS_H
#define FLOWGEN_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow_template.h"

#define FLOWGEN_MAX_TEMPLATES 65536 /* VTEPs x VNIs (or VLANs) on the wire side */

enum flowgen_mode {
	FLOWGEN_LOOP, /* received packets are rewritten and sent out of the other port */
	FLOWGEN_TX, /* new packets at --rate (or as fast as possible); received ones counted, freed
		     */
};

struct flowgen_config {
	uint32_t pairs;
	uint16_t frame_len;
	enum flowgen_mode mode;
	uint32_t inflight;     /* loop: packets kept in flight per transmitting port */
	uint64_t rate;	       /* tx: packets/s per transmitting port, 0 = as fast as possible */
	uint8_t tx_ports;      /* bit p: port p transmits */
	uint16_t wire_queues;  /* port 0's queue pairs, all polled; sent on queue 0 */
	double seconds;	       /* measured */
	double warmup;	       /* before measuring: links settle, the switch learns */
	double link_wait;      /* at most this long for both links to come up */
	enum flow_encap encap; /* port 0's frames: tunnelled from remote VTEPs */
	uint32_t vteps;	       /* remote VTEPs, addresses remote_ip, remote_ip + 1, ... */
	uint32_t vnis;	       /* VNIs (or GRE keys) vni, vni + 1, ... */
	uint32_t vni;
	uint32_t vlans; /* port 0's inner frames tagged vlan, vlan + 1, ...; 0 untagged */
	uint32_t vlan;
	uint32_t vtep_ip;   /* host order: the switch's VTEP */
	uint32_t remote_ip; /* host order: the first remote VTEP */
	uint8_t vtep_mac[6];
	bool json;
	bool help;
};

/* Parses argv[1..argc-1] (getopt_long, so argv[0] is the program name) into
 * cfg, defaults first. Returns 0, or -1 with err holding the reason. */
int flowgen_args_parse(int argc, char **argv, struct flowgen_config *cfg, char *err, size_t errlen);

/* Templates port 0 needs: VTEPs (with encapsulation) times VNIs or VLANs. */
uint32_t flowgen_wire_templates(const struct flowgen_config *cfg);

/* The usage text. */
extern const char flowgen_usage[];

#endif
