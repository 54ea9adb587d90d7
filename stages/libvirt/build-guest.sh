#!/usr/bin/env bash
# Builds the test guest under $1: a Debian kernel (vmlinuz) and a busybox initramfs with
# stages/libvirt/guest-init.sh as its /init and the modules both stages need (virtio-net for
# the libvirt stage's guests; 9p, overlay, igb, igbvf, vfio-pci and macvtap for the real-VF
# stage, whose L1 host and nested L2 guest boot the same two files), each with the modules
# it depends on (read from the modules' own `depends=`), and a modules.dep so that
# `modprobe` resolves them. Kept: a second run reuses the result unless this script or the
# init changed since it was built.
set -euo pipefail
guest=${1:?usage: build-guest.sh FOLDER}
kit=$(cd "$(dirname "$0")" && pwd)
stamp=$(cat "$kit/build-guest.sh" "$kit/guest-init.sh" | sha256sum | cut -d' ' -f1)
if [ -f "$guest/vmlinuz" ] && [ -f "$guest/initramfs.gz" ] && [ "$(cat "$guest/built-from" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
modules="virtio_pci virtio_net 9pnet_virtio 9p overlay igb igbvf vfio-pci vfio_iommu_type1 macvtap tun"
# Where those and their dependencies live in the kernel package (extracting all of it
# would write 400 MB).
module_dirs="drivers/virtio drivers/net/*.ko net/core net/9p fs/9p fs/netfs fs/fscache fs/overlayfs
  drivers/net/ethernet/intel/igb drivers/net/ethernet/intel/igbvf drivers/dca drivers/i2c/algos
  drivers/ptp drivers/pps drivers/vfio virt/lib"
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
patterns=('./boot/vmlinuz-*' './lib/modules/*/modules.builtin' './lib/modules/*/modules.order')
for dir in $module_dirs; do
  case $dir in *.ko) patterns+=("./lib/modules/*/kernel/$dir") ;; *) patterns+=("./lib/modules/*/kernel/$dir/*") ;; esac
done
dpkg-deb --fsys-tarfile kernel.deb | tar -x -C kernel --wildcards --no-wildcards-match-slash "${patterns[@]}"
dpkg-deb -x busybox.deb busybox
version=$(ls kernel/lib/modules)
tree=kernel/lib/modules/$version

# Copies module $1 and, first, what it depends on; fails naming a module not extracted.
declare -A copied=()
copy_module() {
  local name=${1//-/_} file dependency
  [ -n "${copied[$name]:-}" ] && return 0
  file=$(cd "$tree" && find kernel -name '*.ko' | awk -v n="$name" '{b=$0; sub(/.*\//,"",b); sub(/\.ko$/,"",b); gsub(/-/,"_",b); if (b==n) {print; exit}}')
  if [ -z "$file" ]; then
    grep -q "/${1}.ko\$\|/${1//_/-}.ko\$" "$tree/modules.builtin" && { copied[$name]=builtin; return 0; }
    echo "build-guest: module $1 is neither extracted (module_dirs) nor built in" >&2
    return 1
  fi
  copied[$name]=$file
  for dependency in $(grep -a -o 'depends=[a-z0-9_,-]*' "$tree/$file" | head -1 | cut -d= -f2 | tr ',' ' '); do
    copy_module "$dependency"
  done
  mkdir -p "root/lib/modules/$version/$(dirname "$file")"
  cp "$tree/$file" "root/lib/modules/$version/$file"
}
for module in $modules; do copy_module "$module"; done
cp "$tree/modules.builtin" "$tree/modules.order" "root/lib/modules/$version/"
busybox/bin/busybox depmod -b root "$version"

cp busybox/bin/busybox root/bin/
cp "$kit/guest-init.sh" root/init
chmod +x root/init
(cd root && find . | "$downloads/busybox/bin/busybox" cpio -o -H newc 2>/dev/null | gzip -1 > "$guest/initramfs.gz.tmp")
cp kernel/boot/vmlinuz-* "$guest/vmlinuz.tmp"
mv "$guest/initramfs.gz.tmp" "$guest/initramfs.gz"
mv "$guest/vmlinuz.tmp" "$guest/vmlinuz"
echo "$stamp" > "$guest/built-from"
rm -rf kernel busybox root
