#!/bin/busybox sh
# /init of the test guest (stages/libvirt/build-guest.sh). Two roles, by kernel argument:
#
# - a guest (the default): the libvirt stage's domains and the real-VF stage's nested L2.
#   Loads virtio-net and igbvf, prints GUEST-READY, then on every change a GUEST-NET line
#   (its netdevs and MACs) and a GUEST-PCI line (each PCI function's vendor:device and
#   driver, from sysfs, which is what lspci reads; busybox has no lspci). The console file
#   is how the tests see what the guest sees.
# - realvf_host=1: the real-VF stage's L1 host (stages/realvf). Mounts the host's root
#   read-only over 9p (tag hostroot) under a tmpfs overlay and the stage's work folder
#   writable (tag work) at realvf_work, chroots into that root and runs the script named
#   by realvf_run (a path on the host) with bash; prints REALVF-EXIT status=N and powers
#   off. So L1 runs the host's own binaries and nothing is installed in a second image.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
argument() { for word in $(cat /proc/cmdline); do case $word in "$1"=*) echo "${word#*=}" ;; esac; done; }
uptime() { cut -d' ' -f1 /proc/uptime; }

if [ "$(argument realvf_host)" = 1 ]; then
  for m in virtio_pci 9pnet_virtio 9p overlay igb igbvf vfio-pci vfio_iommu_type1 macvtap tun; do
    modprobe $m || echo "REALVF-ERROR modprobe $m failed"
  done
  # The service and its tests talk over loopback.
  ip link set lo up
  work=$(argument realvf_work) run=$(argument realvf_run)
  mkdir -p /host /work /ovl /newroot
  mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro,cache=loose hostroot /host || echo "REALVF-ERROR 9p hostroot"
  mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 work /work || echo "REALVF-ERROR 9p work"
  mount -t tmpfs tmpfs /ovl && mkdir -p /ovl/upper /ovl/work
  mount -t overlay overlay -o lowerdir=/host,upperdir=/ovl/upper,workdir=/ovl/work /newroot || echo "REALVF-ERROR overlay"
  mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts && mount -t tmpfs tmpfs /dev/shm
  for d in proc sys dev; do mount --rbind /$d /newroot/$d; done
  # /tmp stays the overlay's: what the host keeps there (a work folder) is seen.
  mount -t tmpfs tmpfs /newroot/run
  # This kernel's modules where the host's modprobe (run by libvirt) looks for them.
  mkdir -p "/newroot/lib/modules/$(uname -r)" "/newroot$work"
  mount --bind "/lib/modules/$(uname -r)" "/newroot/lib/modules/$(uname -r)"
  mount --bind /work "/newroot$work"
  echo "REALVF-HOST uptime=$(uptime) modules=[$(cut -d' ' -f1 /proc/modules | tr '\n' ' ')]"
  chroot /newroot /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 /bin/bash "$run" "$work" < /dev/null
  echo "REALVF-EXIT status=$? uptime=$(uptime)"
  sync
  poweroff -f
fi

for m in virtio_pci virtio_net igbvf; do
  modprobe $m || echo "GUEST-ERROR modprobe $m failed"
done
echo "GUEST-READY uptime=$(uptime)"
# Shell built-ins only (globs, read, expansions): under nested TCG (the real-VF stage's L2)
# every fork costs seconds, and a loop of forks kept the guest from printing at all.
last="" last_pci=""
while true; do
  netdevs="" macs=""
  for path in /sys/class/net/*; do
    read -r mac < "$path/address"
    netdevs="$netdevs${path##*/} " macs="$macs$mac "
  done
  now="netdevs=[$netdevs] macs=[$macs]"
  if [ "$now" != "$last" ]; then
    echo "GUEST-NET uptime=$(uptime) $now"
    last="$now"
  fi
  pci=""
  for path in /sys/bus/pci/devices/*; do
    read -r vendor < "$path/vendor"
    read -r device < "$path/device"
    driver=""
    for bound in /sys/bus/pci/drivers/*/"${path##*/}"; do
      [ -e "$bound" ] && driver=${bound%/*} && driver=${driver##*/}
    done
    pci="$pci${path##*/}=${vendor#0x}:${device#0x}:$driver "
  done
  if [ "$pci" != "$last_pci" ]; then
    echo "GUEST-PCI uptime=$(uptime) devices=[$pci]"
    last_pci="$pci"
  fi
  sleep 0.2
done
