#include "sluice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sluicectl/client.h"

int sluice_call(const char *socket, const char *method, json_t *params, json_t **result, char *err,
		size_t errlen)
{
	static json_int_t next_id = 1;
	json_t *request, *reply = NULL, *error;
	char *line = NULL;
	int rc;

	*result = NULL;
	request = json_pack("{s:s,s:I,s:s}", "jsonrpc", "2.0", "id", next_id++, "method", method);
	if (params)
		json_object_set_new(request, "params", params);
	rc = client_call(socket, request, CLIENT_TIMEOUT_DEFAULT, &reply, &line, err, errlen);
	json_decref(request);
	free(line);
	if (rc != CLIENT_EXIT_OK)
		return -1;
	error = json_object_get(reply, "error");
	if (error) {
		snprintf(err, errlen, "sluice: %s: %s", method,
			 json_string_value(json_object_get(error, "message"))
			     ? json_string_value(json_object_get(error, "message"))
			     : "error");
		json_decref(reply);
		return -1;
	}
	*result = json_incref(json_object_get(reply, "result"));
	json_decref(reply);
	return 0;
}

int sluice_facts(const char *socket, struct facts *f, char *err, size_t errlen)
{
	json_t *ports = NULL, *rxqs = NULL, *nets = NULL;
	int rc = -1;

	if (sluice_call(socket, "port.show", NULL, &ports, err, errlen) == 0 &&
	    sluice_call(socket, "network.show", NULL, &nets, err, errlen) == 0 &&
	    sluice_call(socket, "rxq.show", NULL, &rxqs, err, errlen) == 0)
		rc = facts_from_sluice(ports, nets, rxqs, "/sys", f, err, errlen);
	json_decref(ports);
	json_decref(nets);
	json_decref(rxqs);
	return rc;
}
