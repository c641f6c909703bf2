#include "mtu_counters.h"

const struct mtu_event_info mtu_event_table[MTU_EVENT_COUNT] = {
    [MTU_EVENT_MSS_CLAMPED] = {"mss-clamped", "TCP SYN or SYN-ACK whose MSS was lowered"},
    [MTU_EVENT_MSS_MALFORMED] = {"mss-malformed",
				 "TCP SYN with a bad header length or option length, forwarded "
				 "untouched"},
    [MTU_EVENT_ICMP4_SENT] = {"icmp-frag-needed-sent",
			      "ICMP fragmentation needed sent back for an IPv4 packet with DF"},
    [MTU_EVENT_ICMP6_SENT] = {"icmpv6-too-big-sent", "ICMPv6 packet too big sent back"},
    [MTU_EVENT_ICMP_RATE_LIMITED] = {"icmp-rate-limited",
				     "too-big answer not sent: over the port's rate limit"},
    [MTU_EVENT_FRAGMENTED] = {"fragmented",
			      "IPv4 packets without DF fragmented before encapsulation"},
    [MTU_EVENT_FRAGMENTS] = {"fragments", "fragments those packets became"},
};
