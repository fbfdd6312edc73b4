/* Check-in desk: a USB scanner types the badge then Enter; we post it to the API without
 * reloading, show the answer big, and keep the field focused for the next badge.
 * Without this script the form posts to the page itself and everything still works. */
(function () {
  "use strict";
  var root = document.getElementById("desk");
  var form = document.getElementById("scan-form");
  var input = document.getElementById("scan-input");
  var panel = document.getElementById("result");
  if (!root || !form || !input || !panel || !window.fetch) { return; }

  var TITLES = {
    ok: "Bienvenue", already_checked_in: "Déjà arrivé·e", revoked: "Badge révoqué",
    wrong_event: "Autre événement", invalid: "Badge invalide", pending: "Vérification…", error: "Erreur"
  };
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var latest = 0;  // only the answer to the latest scan is shown (answers may arrive out of order)

  function nonce() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function line(cls, text) {
    var p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    return p;
  }

  function show(result, body) {
    panel.className = "result result-" + result;
    panel.textContent = "";
    panel.appendChild(line("result-title", TITLES[result] || result));
    var person = body && body.person;
    if (person) {
      panel.appendChild(line("result-name", person.name));
      var detail = [person.organization, person.role_label].filter(Boolean).join(" · ");
      if (detail) { panel.appendChild(line("result-detail", detail)); }
    }
    if (body && body.message) { panel.appendChild(line("result-message", body.message)); }
  }

  function keepFocus() {
    var active = document.activeElement;
    if (!active || active === document.body || active === panel) { input.focus(); }
  }

  function send(token, id, attempt, seq) {
    var payload = { token: token, nonce: id, event: root.dataset.event };
    if (root.dataset.desk) { payload.desk = parseInt(root.dataset.desk, 10); }
    return fetch(root.dataset.api, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (seq === latest) {
          if (response.ok && body.result) { show(body.result, body); }
          else { show("error", { message: body.message || ("Erreur " + response.status + " : réessayez.") }); }
        }
        refresh();
      });
    }).catch(function () {
      // The answer may have been lost after the server recorded the scan: the same nonce
      // makes the retry safe (the server returns the first answer).
      if (attempt < 2) {
        return new Promise(function (resolve) { setTimeout(resolve, 800); })
          .then(function () { return send(token, id, attempt + 1, seq); });
      }
      if (seq === latest) { show("error", { message: "Réseau indisponible : scannez à nouveau dans un instant." }); }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = input.value.trim();
    input.value = "";
    input.focus();
    if (!token) { return; }
    show("pending", { message: "" });
    latest += 1;
    send(token, nonce(), 0, latest);
  });

  function fillCounts(data) {
    document.getElementById("total").textContent = data.checked_in;
    document.getElementById("expected").textContent = data.expected;
    var tbody = document.querySelector("#counts tbody");
    tbody.textContent = "";
    data.counts.forEach(function (c) {
      var tr = document.createElement("tr");
      [c.label, c.checked_in, c.expected].forEach(function (value) {
        var td = document.createElement("td");
        td.textContent = value;
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    var list = document.getElementById("recent");
    list.textContent = "";
    data.recent.forEach(function (scan) {
      var li = document.createElement("li");
      li.className = "scan-" + scan.result;
      var time = document.createElement("time");
      time.textContent = new Date(scan.at).toLocaleTimeString("fr-FR", { timeZone: "Europe/Paris" });
      var name = document.createElement("strong");
      name.textContent = scan.name || TITLES[scan.result] || scan.result;
      var more = document.createElement("span");
      more.className = "muted";
      more.textContent = " " + (TITLES[scan.result] || scan.result) + (scan.desk ? " · " + scan.desk : "");
      li.appendChild(time); li.appendChild(document.createTextNode(" ")); li.appendChild(name); li.appendChild(more);
      list.appendChild(li);
    });
  }

  function refresh() {
    fetch(root.dataset.status, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { fillCounts(data); } })
      .catch(function () { /* the next tick will try again */ });
  }

  input.addEventListener("blur", function () { setTimeout(keepFocus, 150); });
  document.addEventListener("click", function () { setTimeout(keepFocus, 150); });
  window.addEventListener("focus", keepFocus);
  setInterval(refresh, 5000);
  input.focus();
})();
