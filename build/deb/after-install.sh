#!/bin/sh
# OnionDrop .deb postinst (fpm --after-install; run by dpkg as root).
#
# Does what electron-builder's default after-install.tpl does: links
# /usr/bin/oniondrop to the app (through update-alternatives where present),
# sets up chrome-sandbox, refreshes the MIME and desktop databases and
# installs the AppArmor profile where AppArmor supports it. Differences:
# - POSIX sh that passes shellcheck;
# - the user-namespace test runs as an unprivileged user, because that is who
#   starts the app: root can create user namespaces even where
#   kernel.unprivileged_userns_clone=0 (a hardening Kicksecure and Whonix
#   users apply) forbids them to everyone else, and Chromium then needs the
#   SUID sandbox helper;
# - it honours DPKG_ROOT (dpkg --root, image builders): files are changed
#   under that root and nothing is loaded into the running kernel.
#
# Shell variables are written $VAR, never with braces: electron-builder reads
# a dollar sign, a brace and a word as one of its macros and fails on a name
# it does not know.
set -e

APP_DIR=/opt/OnionDrop
EXECUTABLE=oniondrop
LINK=/usr/bin/oniondrop
ROOT="$DPKG_ROOT"

case "$1" in
  configure | abort-upgrade | abort-remove | abort-deconfigure) ;;
  *) exit 0 ;;
esac

# The command on PATH, for the GUI and the CLI (`oniondrop share ...`).
# update-alternatives works under DPKG_ROOT by itself; paths given to it are
# the ones inside the root.
if command -v update-alternatives >/dev/null 2>&1; then
  # A plain link left by an older install blocks update-alternatives.
  if [ -L "$ROOT$LINK" ] && [ "$(readlink "$ROOT$LINK")" != "/etc/alternatives/$EXECUTABLE" ]; then
    rm -f "$ROOT$LINK"
  fi
  update-alternatives --install "$LINK" "$EXECUTABLE" "$APP_DIR/$EXECUTABLE" 100 ||
    ln -sf "$APP_DIR/$EXECUTABLE" "$ROOT$LINK"
else
  ln -sf "$APP_DIR/$EXECUTABLE" "$ROOT$LINK"
fi

# Chromium sandboxes with user namespaces where an ordinary user may create
# them, and needs the SUID helper everywhere else.
unprivileged_userns_work() {
  [ -L /proc/self/ns/user ] || return 1
  if command -v setpriv >/dev/null 2>&1; then
    setpriv --reuid=65534 --regid=65534 --clear-groups unshare --user true >/dev/null 2>&1
  else
    unshare --user true >/dev/null 2>&1
  fi
}
if unprivileged_userns_work; then
  chmod 0755 "$ROOT$APP_DIR/chrome-sandbox" || true
else
  chmod 4755 "$ROOT$APP_DIR/chrome-sandbox" || true
fi

if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database "$ROOT/usr/share/mime" >/dev/null 2>&1 || true
fi

if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database "$ROOT/usr/share/applications" >/dev/null 2>&1 || true
fi

# Not the running system: a chroot, or a root given to dpkg.
installing_elsewhere() {
  [ -n "$ROOT" ] || { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }
}

# AppArmor profile (Ubuntu 24.04 and later restrict user namespaces to
# profiled programs). Installed only when this AppArmor can parse it: the
# profile uses abi/4.0, which older AppArmor rejects, and the app runs fine
# without it there.
if apparmor_status --enabled >/dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE="$ROOT$APP_DIR/resources/apparmor-profile"
  APPARMOR_PROFILE_TARGET="$ROOT/etc/apparmor.d/$EXECUTABLE"
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" >/dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! installing_elsewhere && command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET" || true
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi

exit 0
