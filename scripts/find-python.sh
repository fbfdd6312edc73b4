#!/bin/sh
# Prints the path of a Python 3.12+ interpreter, or fails with a French message.
# pyenv shims exist for versions that are not selected and fail when run,
# so every candidate is actually executed.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for c in "${PYTHON:-}" python3.14 python3.13 python3.12 python3 \
         "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
  [ -n "$c" ] || continue
  p=$(command -v "$c" 2>/dev/null) || continue
  if ok "$p"; then echo "$p"; exit 0; fi
done
echo "Aucun interpréteur Python 3.12 ou plus récent trouvé : installez-en un ou indiquez-le avec PYTHON=/chemin/python3.12" >&2
exit 1
