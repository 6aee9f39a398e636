/* The Varlink interface descriptions, generated from the proto .varlink files. */
#pragma once

struct vl_interface {
        const char *name;        /* e.g. "io.nsctl.Namespace" */
        const char *description; /* the .varlink file's text */
};

/* Terminated by an entry whose name is NULL. */
extern const struct vl_interface vl_interfaces[];
