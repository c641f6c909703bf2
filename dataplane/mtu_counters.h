/* What the MTU guard did to packets it let through or answered (its drops
 * are in drops.h): one table, summed and printed like the drops. */
#ifndef SLUICE_MTU_COUNTERS_H
#define SLUICE_MTU_COUNTERS_H

enum mtu_event {
	MTU_EVENT_MSS_CLAMPED,	     /* a SYN's MSS lowered */
	MTU_EVENT_MSS_MALFORMED,     /* a SYN with bad lengths, forwarded untouched */
	MTU_EVENT_ICMP4_SENT,	     /* fragmentation needed sent back */
	MTU_EVENT_ICMP6_SENT,	     /* packet too big sent back */
	MTU_EVENT_ICMP_RATE_LIMITED, /* an answer suppressed by the per-port limit */
	MTU_EVENT_FRAGMENTED,	     /* IPv4 packets without DF split to the MTU */
	MTU_EVENT_FRAGMENTS,	     /* the fragments they became */
	MTU_EVENT_COUNT,
};

struct mtu_event_info {
	const char *name;
	const char *help;
};

extern const struct mtu_event_info mtu_event_table[MTU_EVENT_COUNT];

#endif
