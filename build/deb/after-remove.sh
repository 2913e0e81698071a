#!/bin/sh
# OnionDrop .deb postrm (fpm --after-remove; run by dpkg as root).
#
# Undoes what after-install.sh did, as electron-builder's default
# after-remove.tpl does: the /usr/bin/oniondrop link (or alternative) and the
# AppArmor profile. Only when the package really goes away: on an upgrade the
# new version's postinst keeps both, so the command never disappears.
# dpkg itself removes /etc/oniondrop.d/00_default.conf on purge (a conffile);
# files the administrator added there (30_whonix.conf, 50_user.conf) stay.
# Honours DPKG_ROOT like after-install.sh.
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
  remove | purge | abort-install | disappear) ;;
  *) exit 0 ;;
esac

# update-alternatives --remove takes the registered target, not the link.
if command -v update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove "$EXECUTABLE" "$APP_DIR/$EXECUTABLE" >/dev/null 2>&1 || true
fi
# The plain link after-install.sh falls back to.
if [ -L "$ROOT$LINK" ] && [ "$(readlink "$ROOT$LINK")" = "$APP_DIR/$EXECUTABLE" ]; then
  rm -f "$ROOT$LINK"
fi

installing_elsewhere() {
  [ -n "$ROOT" ] || { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }
}

APPARMOR_PROFILE_DEST="$ROOT/etc/apparmor.d/$EXECUTABLE"
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload before deleting, so the policy does not stay enforced until the
  # next reboot; only on the running system.
  if apparmor_status --enabled >/dev/null 2>&1; then
    if ! installing_elsewhere && command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

exit 0
