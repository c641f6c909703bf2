#include "pkt_meta.h"

#include <rte_errno.h>

int pkt_meta_offset = -1;

int pkt_meta_register(void)
{
	static const struct rte_mbuf_dynfield desc = {
	    .name = "sluice_pkt_meta",
	    .size = sizeof(struct pkt_meta),
	    .align = __alignof__(struct pkt_meta),
	};
	int off = rte_mbuf_dynfield_register(&desc);

	if (off < 0)
		return -1;
	pkt_meta_offset = off;
	return 0;
}
