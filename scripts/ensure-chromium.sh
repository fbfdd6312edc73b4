#!/bin/sh
# Browser tests drive Debian's chromium package with Playwright; never a downloaded browser.
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation de chromium (paquet Debian) pour les tests navigateur..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; } \
    || echo "chromium n'a pas pu être installé : les tests navigateur seront ignorés."
else
  echo "chromium absent (installez le paquet Debian « chromium ») : les tests navigateur seront ignorés."
fi
exit 0
