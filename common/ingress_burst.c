#include "ingress_burst.h"

uint64_t port_ingress_burst_bytes(const struct port_config *port)
{
	/* Mbit/s -> bytes in 100 ms: rate * 1e6 / 8 / 10. */
	uint64_t auto_bytes = (uint64_t)port->ingress_rate * 12500;

	if (port->ingress_rate == 0)
		return 0;
	if (port->ingress_burst)
		return (uint64_t)port->ingress_burst * 1024;
	if (auto_bytes < INGRESS_BURST_MIN_KIB * 1024)
		auto_bytes = INGRESS_BURST_MIN_KIB * 1024;
	return auto_bytes;
}
