/* Results as human tables. Each printer takes the "result" member of a reply
 * and returns -1 when the result is not the shape it knows. */
#ifndef SLUICECTL_PRINT_H
#define SLUICECTL_PRINT_H

#include <stdio.h>

#include <jansson.h>

int print_version(FILE *out, const json_t *result);
int print_system(FILE *out, const json_t *result);
int print_log_level(FILE *out, const json_t *result);
int print_empty(FILE *out, const json_t *result);
int print_port(FILE *out, const json_t *result);
int print_ports(FILE *out, const json_t *result);
/* A vhost port's "security" line (print_security.c); nothing for others. */
void print_port_security(FILE *out, const json_t *port);
int print_network(FILE *out, const json_t *result);
int print_networks(FILE *out, const json_t *result);
int print_fdb_entry(FILE *out, const json_t *result);
int print_fdb(FILE *out, const json_t *result);
struct table;
/* One fdb.show page's rows, appended to *t (made on the first page) and
 * printed now: the table of a paged command printed as pages arrive. */
int print_fdb_page(FILE *out, const json_t *result, struct table **t);
int print_fdb_flush(FILE *out, const json_t *result);
int print_stats_ports(FILE *out, const json_t *result);
int print_stats_cores(FILE *out, const json_t *result);
int print_stats_memory(FILE *out, const json_t *result); /* print_memory.c */
int print_stats_stages(FILE *out, const json_t *result);
int print_stats_drops(FILE *out, const json_t *result);
int print_rxqs(FILE *out, const json_t *result);
int print_rebalance(FILE *out, const json_t *result);
int print_rxq_rebalance(FILE *out, const json_t *result);
int print_vtep(FILE *out, const json_t *result);
int print_evpn(FILE *out, const json_t *result);
/* Adds the MAC lists of a later evpn.show page to result (the first page's)
 * network by network (print_evpn.c). Returns 0, or -1 when page does not
 * have the shape of one. */
int evpn_page_merge(json_t *result, const json_t *page);
int print_neighbour(FILE *out, const json_t *result);
int print_neighbours(FILE *out, const json_t *result);
int print_reload(FILE *out, const json_t *result);

/* Any JSON value, indented, ending in a newline. */
void print_json(FILE *out, const json_t *value);

#endif
