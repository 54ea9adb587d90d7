// libvirt's public C API, for the Libvirt module (pkg-config `libvirt`, Debian libvirt-dev).
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdlib.h>
