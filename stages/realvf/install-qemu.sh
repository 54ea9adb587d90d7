#!/usr/bin/env bash
# Installs qemu-system-x86 at version $1 from Debian's bookworm-backports. apt reads a
# sources folder and a lists folder of its own under $2 (the machine's Debian sources, plus
# backports): the machine's apt configuration and lists are left exactly as they were, so
# later `apt-get install`s still see bookworm alone. The installed QEMU stays.
set -euo pipefail
version=${1:?usage: install-qemu.sh VERSION FOLDER} folder=${2:?usage: install-qemu.sh VERSION FOLDER}
rm -rf "$folder" && mkdir -p "$folder/sources" "$folder/lists/partial"
for source in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$source" ] && cp "$source" "$folder/sources/"
done
if [ -f /etc/apt/sources.list ]; then cp /etc/apt/sources.list "$folder/sources/machine.list"; fi
cat > "$folder/sources/backports.sources" <<'EOS'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
# The machine's lists as a start, so only backports' are downloaded.
cp -a /var/lib/apt/lists/. "$folder/lists/" 2>/dev/null || true
rm -f "$folder/lists/lock"
apt_options=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$folder/sources" -o "Dir::State::Lists=$folder/lists")
apt-get "${apt_options[@]}" update -qq
known=$(apt-cache "${apt_options[@]}" madison qemu-system-x86 | awk '{print $3}')
if ! grep -qxF "$version" <<< "$known"; then
  echo "install-qemu: qemu-system-x86 $version is not in bookworm-backports (apt knows: $(echo $known))" >&2
  exit 1
fi
DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y -qq --no-install-recommends \
  -t bookworm-backports "qemu-system-x86=$version" >/dev/null
rm -rf "$folder"
