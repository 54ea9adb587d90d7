#!/usr/bin/env bash
# Builds the test guest under $1: a Debian kernel (vmlinuz) and a busybox initramfs whose
# /init loads the virtio-net modules, prints GUEST-READY and then, on every change, a
# GUEST-NET line listing its netdevs and PCI devices on the serial console. The console
# file is how the tests see what the guest sees. Kept: a second run reuses the result.
set -euo pipefail
guest=${1:?usage: build-guest.sh FOLDER}
[ -f "$guest/vmlinuz" ] && [ -f "$guest/initramfs.gz" ] && exit 0
downloads=$guest/downloads
mkdir -p "$downloads"
cd "$downloads"
if [ ! -f kernel.deb ] || [ ! -f busybox.deb ]; then
  kernel_package=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-6/{print $2; exit}')
  [ -n "$kernel_package" ] || { echo "build-guest: no linux-image-6.* package known to apt (run apt-get update)" >&2; exit 1; }
  rm -f ./*.deb
  # apt warns that root downloads unsandboxed; the log keeps it out of the way.
  apt-get download "$kernel_package" busybox-static > download.log 2>&1 || { cat download.log >&2; exit 1; }
  mv linux-image-*.deb kernel.deb
  mv busybox-static_*.deb busybox.deb
fi
rm -rf kernel busybox root
mkdir -p kernel busybox root/{bin,proc,sys,dev,tmp,lib/modules}
dpkg-deb --fsys-tarfile kernel.deb | tar -x -C kernel --wildcards './boot/vmlinuz-*' \
  './lib/modules/*/kernel/drivers/virtio/*' './lib/modules/*/kernel/drivers/net/virtio_net.ko' \
  './lib/modules/*/kernel/drivers/net/net_failover.ko' './lib/modules/*/kernel/net/core/failover.ko'
dpkg-deb -x busybox.deb busybox
cp busybox/bin/busybox root/bin/
find kernel/lib/modules -name '*.ko' -exec cp {} root/lib/modules/ \;
cat > root/init <<'EOI'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# Order matters: each module needs the ones before it.
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net; do
  insmod /lib/modules/$m.ko || echo "GUEST-ERROR insmod $m failed"
done
echo "GUEST-READY uptime=$(cut -d' ' -f1 /proc/uptime)"
last=""
while true; do
  now="netdevs=[$(ls /sys/class/net | tr '\n' ' ')] macs=[$(cat /sys/class/net/*/address | tr '\n' ' ')]"
  if [ "$now" != "$last" ]; then
    echo "GUEST-NET uptime=$(cut -d' ' -f1 /proc/uptime) $now"
    last="$now"
  fi
  sleep 0.1
done
EOI
chmod +x root/init
(cd root && find . | "$downloads/busybox/bin/busybox" cpio -o -H newc 2>/dev/null | gzip -1 > "$guest/initramfs.gz.tmp")
cp kernel/boot/vmlinuz-* "$guest/vmlinuz.tmp"
mv "$guest/initramfs.gz.tmp" "$guest/initramfs.gz"
mv "$guest/vmlinuz.tmp" "$guest/vmlinuz"
rm -rf kernel busybox root
