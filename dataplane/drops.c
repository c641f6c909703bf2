#include "drops.h"

const struct drop_info drop_table[DROP_REASON_COUNT] = {
    [DROP_RUNT] = {"runt", "frame shorter than an Ethernet header (14 bytes)"},
    [DROP_BAD_SOURCE_MAC] = {"bad-source-mac", "source MAC is multicast, broadcast or zero"},
    [DROP_SPOOFED_SOURCE] = {"spoofed-source", "source MAC differs from the vhost port's mac"},
    [DROP_NO_NETWORK] = {"no-network", "ingress port belongs to no network"},
    [DROP_SAME_PORT] = {"same-port", "destination MAC was learned on the ingress port"},
    [DROP_NO_DESTINATION] = {"no-destination", "no other port in the network to flood to"},
    [DROP_TX_QUEUE_FULL] = {"tx-queue-full", "phy transmit ring was full"},
    [DROP_VHOST_NOT_READY] = {"vhost-not-ready", "VM not connected or no rx queue enabled"},
    [DROP_VHOST_QUEUE_FULL] = {"vhost-queue-full", "guest rx ring had no free buffers"},
    [DROP_PORT_DOWN] = {"port-down", "egress port is not started"},
};
