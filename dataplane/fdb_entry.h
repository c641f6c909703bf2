/* One FDB entry (fdb.h): its own header so the entries-array walk
 * (fdb_sweep.c) reads entries without including the table. */
#ifndef SLUICE_FDB_ENTRY_H
#define SLUICE_FDB_ENTRY_H

#include <stdint.h>

struct fdb_entry {
	uint16_t port;
	uint8_t is_static;  /* enum fdb_origin; 0 learned */
	uint8_t in_use;	    /* cleared the moment the key leaves the hash */
	uint32_t last_seen; /* seconds; written by PMDs without atomics (a torn age is harmless) */
	uint64_t key;	    /* the fdb_key as a word: lets a PMD's cache check its slot */
	/* Network order. 0: the MAC is behind port. Else behind this remote VTEP,
	 * and port is the VTEP's port. Written before port on a move; a PMD
	 * reading both across a move may send one packet to the old place,
	 * as it may for any move. */
	uint32_t remote;
};

#endif
