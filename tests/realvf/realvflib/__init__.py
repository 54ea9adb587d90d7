"""The real-VF stage\x27s helpers: the kernel, libvirt, the guest console, the service."""
