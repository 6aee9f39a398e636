/* org.varlink.service and io.nsctl.Service: what the service is. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon.h"
#include "dispatch.h"
#include "interfaces.h"
#include "server.h"
#include "topo-engine.h"
#include "varlink-errors.h"

static int get_info(struct request *req) {
        json_object *p = json_object_new_object(), *ifaces = json_object_new_array();

        for (const struct vl_interface *i = vl_interfaces; i->name; i++)
                json_object_array_add(ifaces, json_object_new_string(i->name));
        json_object_object_add(p, "vendor", json_object_new_string("nsctl"));
        json_object_object_add(p, "product", json_object_new_string("nsctld"));
        json_object_object_add(p, "version", json_object_new_string(NSCTL_VERSION));
        json_object_object_add(p, "url", json_object_new_string("https://github.com/nsctl/nsctl"));
        json_object_object_add(p, "interfaces", ifaces);
        return reply(req, p);
}

static int get_interface_description(struct request *req) {
        const char *name = vl_params_string(req->call->parameters, "interface");

        for (const struct vl_interface *i = vl_interfaces; i->name; i++)
                if (strcmp(i->name, name) == 0) {
                        json_object *p = json_object_new_object();
                        json_object_object_add(p, "description", json_object_new_string(i->description));
                        return reply(req, p);
                }
        return reply_error_str(req, VL_ERROR_INTERFACE_NOT_FOUND, "interface", name);
}

static int get_status(struct request *req) {
        struct daemon *d = req->daemon;
        struct timespec now;
        json_object *p = json_object_new_object();

        clock_gettime(CLOCK_MONOTONIC, &now);
        json_object_object_add(p, "version", json_object_new_string(NSCTL_VERSION));
        json_object_object_add(p, "uptimeSeconds", json_object_new_int64(now.tv_sec - d->started.tv_sec));
        json_object_object_add(p, "socket", json_object_new_string(d->socket_path));
        json_object_object_add(p, "runtimeDirectory", json_object_new_string(d->rt.dir));
        json_object_object_add(p, "namespaces", json_object_new_int64((int64_t)d->store.count));
        /* Health: every set checked now, as List does. */
        struct ns_set **sets;
        size_t n, broken = 0;
        if (nsstore_list(&d->store, &sets, &n) < 0) {
                json_object_put(p);
                return -ENOMEM;
        }
        for (size_t i = 0; i < n; i++) {
                nsstore_check(&d->store, sets[i]);
                broken += sets[i]->broken != NULL;
        }
        free(sets);
        json_object_object_add(p, "brokenNamespaces", json_object_new_int64((int64_t)broken));
        char **topos;
        size_t n_topos = 0;
        if (topo_list(&d->store, &topos, &n_topos) == 0) {
                for (size_t i = 0; i < n_topos; i++)
                        free(topos[i]);
                free(topos);
        }
        json_object_object_add(p, "topologies", json_object_new_int64((int64_t)n_topos));
        json_object_object_add(p, "health", json_object_new_string(broken ? "degraded" : "ok"));
        json_object_object_add(p, "connections", json_object_new_int64(server_connection_count(d->server)));
        return reply(req, p);
}

static const struct vl_field no_params[] = { { 0 } };
static const struct vl_field interface_params[] = {
        { "interface", json_type_string, true },
        { 0 },
};

const struct method service_methods[] = {
        { "org.varlink.service.GetInfo", get_info, false, no_params, false },
        { "org.varlink.service.GetInterfaceDescription", get_interface_description, false, interface_params, false },
        { "io.nsctl.Service.GetStatus", get_status, false, no_params, false },
        { 0 },
};
