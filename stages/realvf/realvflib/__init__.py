"""The real-VF stage's helpers: the kernel, libvirt, the guest console, the service."""
