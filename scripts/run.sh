#!/bin/sh
# Serves the demo: the web server and the background task worker, stopped together by Ctrl-C.
PORT="${1:-8000}"
PY=.venv/bin/python
# The demo publishes two timetables: their invitations go to files, not over the banner below.
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"
URL="http://127.0.0.1:$PORT"
mkdir -p var
# The worker logs every task: in a file, so that the banner below stays readable.
$PY manage.py db_worker --queue-name "*" --interval 1 >> var/worker.log 2>&1 &
WORKER=$!
$PY manage.py runserver "127.0.0.1:$PORT" --noreload --skip-checks &
SERVER=$!
stop() {
  trap - INT TERM
  echo "\nArrêt du serveur et du worker..."
  kill "$SERVER" "$WORKER" 2>/dev/null
  wait "$SERVER" "$WORKER" 2>/dev/null
  exit 0
}
trap stop INT TERM
sleep 2
if ! kill -0 "$SERVER" 2>/dev/null; then
  echo "Le serveur web n'a pas démarré : le port $PORT est-il déjà pris ? Essayez : make run PORT=8123" >&2
  kill "$WORKER" 2>/dev/null
  exit 1
fi
cat <<MSG

  Rencontres ESS est servi sur $URL
    Accueil et programme : $URL/
    Documentation de l'API : $URL/api/docs/
    Administration : $URL/admin/

  Comptes de démonstration (mot de passe : rencontres-demo)
    organisateur : l'équipe ESS du Département (administration, planning, accueil)
    financeur    : France Active Métropole (agenda de la table, demandes reçues)
    porteur      : BicyclAide (souhaits, agenda, badge)
    accueil      : poste d'accueil (scan des badges le matin)

  E-mails envoyés (invitations, confirmations) : var/mails/
  Journal du worker des tâches de fond (calculs, envois) : var/worker.log
  Ctrl-C arrête le serveur et le worker.
MSG
wait "$SERVER"
stop
