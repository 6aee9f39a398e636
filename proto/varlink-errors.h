/* Error names used on the wire.  The standard Varlink ones are used where
 * they fit; the rest belong to the io.nsctl interfaces that declare them. */
#pragma once

#define VL_ERROR_INTERFACE_NOT_FOUND    "org.varlink.service.InterfaceNotFound"
#define VL_ERROR_METHOD_NOT_FOUND       "org.varlink.service.MethodNotFound"
#define VL_ERROR_METHOD_NOT_IMPLEMENTED "org.varlink.service.MethodNotImplemented"
#define VL_ERROR_INVALID_PARAMETER      "org.varlink.service.InvalidParameter"
#define VL_ERROR_PERMISSION_DENIED      "org.varlink.service.PermissionDenied"
#define VL_ERROR_EXPECTED_MORE          "org.varlink.service.ExpectedMore"

#define NSCTL_ERROR_MALFORMED_MESSAGE   "io.nsctl.Service.MalformedMessage"
#define NSCTL_ERROR_MESSAGE_TOO_LARGE   "io.nsctl.Service.MessageTooLarge"
#define NSCTL_ERROR_TOO_MANY_CONNECTIONS "io.nsctl.Service.TooManyConnections"
#define NSCTL_ERROR_SYSTEM              "io.nsctl.Service.SystemError"
#define NSCTL_ERROR_SERVICE_PERMISSION_DENIED "io.nsctl.Service.PermissionDenied"
#define NSCTL_ERROR_INVALID_DESCRIPTORS "io.nsctl.Service.InvalidDescriptors"

#define NSCTL_ERROR_NOT_FOUND           "io.nsctl.Namespace.NotFound"
#define NSCTL_ERROR_ALREADY_EXISTS      "io.nsctl.Namespace.AlreadyExists"
#define NSCTL_ERROR_INVALID_NAME        "io.nsctl.Namespace.InvalidName"
#define NSCTL_ERROR_UNSUPPORTED_TYPE    "io.nsctl.Namespace.UnsupportedType"
#define NSCTL_ERROR_INVALID_OPTION      "io.nsctl.Namespace.InvalidOption"
#define NSCTL_ERROR_BUSY                "io.nsctl.Namespace.Busy"
#define NSCTL_ERROR_NS_PERMISSION_DENIED "io.nsctl.Namespace.PermissionDenied"

#define NSCTL_ERROR_INVALID_TOPOLOGY    "io.nsctl.Topology.InvalidTopology"
#define NSCTL_ERROR_APPLY_FAILED        "io.nsctl.Topology.ApplyFailed"
#define NSCTL_ERROR_DESTROY_FAILED      "io.nsctl.Topology.DestroyFailed"
#define NSCTL_ERROR_TOPOLOGY_NOT_FOUND  "io.nsctl.Topology.NotFound"
#define NSCTL_ERROR_TOPOLOGY_DENIED     "io.nsctl.Topology.PermissionDenied"
#define NSCTL_ERROR_INVALID_HOST        "io.nsctl.Topology.InvalidHost"

#define NSCTL_ERROR_SESSION_NOT_FOUND   "io.nsctl.Session.NotFound"
#define NSCTL_ERROR_SESSION_INVALID     "io.nsctl.Session.InvalidArgument"
#define NSCTL_ERROR_SESSION_FAILED      "io.nsctl.Session.Failed"

#define NSCTL_ERROR_NET_INVALID         "io.nsctl.Network.InvalidArgument"
#define NSCTL_ERROR_NET_NOT_FOUND       "io.nsctl.Network.NotFound"
#define NSCTL_ERROR_NET_FAILED          "io.nsctl.Network.Failed"
