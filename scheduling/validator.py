"""The independent validator: a schedule checked against its problem, rule by rule.

It reads the raw JSON documents itself and shares no code with the model, the solver, the table
assignment or the metrics of the engine (only the problem's format check, to refuse a malformed
problem). It is the oracle of the engine's tests.
"""

from __future__ import annotations

from datetime import datetime

from .problem import validate_problem

STATUSES = ("optimal", "feasible", "infeasible", "invalid")


def check(problem: dict, schedule: dict) -> list[str]:
    """Every breach of the schedule, in French; empty when it is valid."""
    faults = validate_problem(problem)
    if faults:
        return [f"problème invalide : {path} : {message}" for path, message in faults]
    if not isinstance(schedule, dict):
        return ["le planning doit être un objet JSON"]
    breaches: list[str] = []
    if schedule.get("format") != "meeting-schedule/1":
        breaches.append("format : « meeting-schedule/1 » attendu")
    if schedule.get("status") not in STATUSES:
        breaches.append(f"status : valeur inconnue {schedule.get('status')!r}")
    meetings = schedule.get("meetings")
    if not isinstance(meetings, list) or not all(
            isinstance(m, dict) and isinstance(m.get("host"), str) and isinstance(m.get("guest"), str)
            and isinstance(m.get("slot"), str) and (m.get("table") is None or isinstance(m.get("table"), str))
            for m in meetings):
        return breaches + ["meetings : liste de rencontres {host, guest, slot, table} attendue"]
    ctx = _Context(problem)
    for i, m in enumerate(meetings):
        breaches += ctx.meeting_breaches(i, m)
    breaches += ctx.per_slot_breaches(meetings)
    breaches += ctx.per_person_breaches(meetings)
    breaches += ctx.locked_breaches(meetings)
    if schedule.get("status") in ("optimal", "feasible"):
        breaches += ctx.unscheduled_breaches(meetings, schedule.get("unscheduled"))
        breaches += ctx.metric_breaches(meetings, schedule.get("metrics"), schedule.get("bound"))
    return breaches


class _Context:
    def __init__(self, problem: dict):
        self.slots = [s["id"] for s in problem["slots"]]
        self.times = {s["id"]: (datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
                      for s in problem["slots"]}
        self.tables = {t["id"]: bool(t.get("accessible", False)) for t in problem.get("tables") or []}
        self.people = {p["id"]: p for p in problem["participants"]}
        self.requests = {(r["host"], r["guest"]): r["weight"] for r in problem["requests"]}
        self.locked = problem.get("locked") or []
        self.previous = problem.get("previous") or []
        self.consecutive = (problem.get("options") or {}).get("max_consecutive")

    def available(self, who: str) -> list[str]:
        person = self.people[who]
        return list(person["available"]) if "available" in person else list(self.slots)

    def meeting_breaches(self, i: int, m: dict) -> list[str]:
        where = f"meetings[{i}] ({m['host']} / {m['guest']})"
        out = []
        if (m["host"], m["guest"]) not in self.requests:
            return [f"{where} : aucune demande pour ce couple"]
        if m["slot"] not in self.times:
            return [f"{where} : créneau inconnu {m['slot']!r}"]
        for who in (m["host"], m["guest"]):
            if m["slot"] not in self.available(who):
                out.append(f"{where} : {who} n'est pas disponible au créneau {m['slot']}")
        fixed = self.people[m["host"]].get("table")
        if not self.tables:
            if m["table"] is not None:
                out.append(f"{where} : table {m['table']!r} alors que le problème n'a pas de tables")
            return out
        if m["table"] is None:
            return out + [f"{where} : aucune table attribuée"]
        if m["table"] not in self.tables:
            return out + [f"{where} : table inconnue {m['table']!r}"]
        if fixed is not None and m["table"] != fixed:
            out.append(f"{where} : {m['host']} siège à la table {fixed}, pas à {m['table']}")
        needs = any(self.people[w].get("needs_accessible", False) for w in (m["host"], m["guest"]))
        if needs and not self.tables[m["table"]]:
            out.append(f"{where} : la table {m['table']} n'est pas accessible")
        return out

    def per_slot_breaches(self, meetings: list[dict]) -> list[str]:
        out = []
        seen_person: dict[tuple[str, str], int] = {}
        seen_table: dict[tuple[str, str], int] = {}
        seen_pair: dict[tuple[str, str], int] = {}
        for i, m in enumerate(meetings):
            pair = (m["host"], m["guest"])
            if pair in seen_pair:
                out.append(f"meetings[{i}] : la demande {pair[0]} / {pair[1]} est planifiée deux fois")
            seen_pair[pair] = i
            for who in pair:
                if (who, m["slot"]) in seen_person:
                    out.append(f"meetings[{i}] : {who} a deux rencontres au créneau {m['slot']}")
                seen_person[(who, m["slot"])] = i
            if m["table"] is not None:
                if (m["table"], m["slot"]) in seen_table:
                    out.append(f"meetings[{i}] : la table {m['table']} a deux rencontres au créneau {m['slot']}")
                seen_table[(m["table"], m["slot"])] = i
        return out

    def per_person_breaches(self, meetings: list[dict]) -> list[str]:
        out = []
        busy: dict[str, set[str]] = {}
        counts: dict[str, int] = {}
        for m in meetings:
            for who in (m["host"], m["guest"]):
                busy.setdefault(who, set()).add(m["slot"])
                counts[who] = counts.get(who, 0) + 1
        for who, slots in sorted(busy.items()):
            limit = self.people.get(who, {}).get("max_meetings")
            count = counts[who]
            if limit is not None and count > limit:
                out.append(f"{who} a {count} rencontres pour un maximum de {limit}")
            if self.consecutive is not None:
                streak, previous_end = 0, None
                for sid in self.slots:
                    start, end = self.times[sid]
                    if sid in slots:
                        streak = streak + 1 if previous_end == start and streak else 1
                        if streak == self.consecutive + 1:
                            out.append(f"{who} a plus de {self.consecutive} rencontres d'affilée (jusqu'au créneau {sid})")
                    else:
                        streak = 0
                    previous_end = end
        return out

    def locked_breaches(self, meetings: list[dict]) -> list[str]:
        out = []
        placed = {(m["host"], m["guest"]): m for m in meetings}
        for i, lock in enumerate(self.locked):
            m = placed.get((lock["host"], lock["guest"]))
            if m is None:
                out.append(f"locked[{i}] ({lock['host']} / {lock['guest']}) : rencontre verrouillée absente du planning")
            elif m["slot"] != lock["slot"] or (lock.get("table") is not None and m["table"] != lock["table"]):
                out.append(f"locked[{i}] ({lock['host']} / {lock['guest']}) : rencontre verrouillée déplacée")
        return out

    def unscheduled_breaches(self, meetings: list[dict], unscheduled) -> list[str]:
        if not isinstance(unscheduled, list):
            return ["unscheduled : liste attendue"]
        placed = {(m["host"], m["guest"]) for m in meetings}
        listed = set()
        out = []
        for u in unscheduled:
            if not isinstance(u, dict) or not isinstance(u.get("reason"), str) or not u["reason"]:
                out.append(f"unscheduled : entrée sans raison {u!r}")
                continue
            pair = (u.get("host"), u.get("guest"))
            if pair in placed:
                out.append(f"unscheduled : {pair[0]} / {pair[1]} est pourtant planifiée")
            listed.add(pair)
        for pair in self.requests:
            if pair not in placed and pair not in listed:
                out.append(f"unscheduled : la demande {pair[0]} / {pair[1]} n'est ni planifiée ni expliquée")
        return out

    def metric_breaches(self, meetings: list[dict], metrics, bound) -> list[str]:
        if not isinstance(metrics, dict):
            return ["metrics : objet attendu"]
        expected = {
            "coverage": len({m["guest"] for m in meetings}),
            "weight": sum(self.requests.get((m["host"], m["guest"]), 0) for m in meetings),
            "meetings": len(meetings),
            "idle": self.idle(meetings),
            "moved": self.moved(meetings),
        }
        out = [f"metrics.{key} : {metrics.get(key)!r} annoncé, {value} recalculé"
               for key, value in expected.items() if metrics.get(key) != value]
        if isinstance(bound, dict):
            for key in ("coverage", "weight"):
                if isinstance(bound.get(key), int) and bound[key] < expected[key]:
                    out.append(f"bound.{key} : {bound[key]} est sous la valeur atteinte {expected[key]}")
        return out

    def idle(self, meetings: list[dict]) -> int:
        order = {sid: i for i, sid in enumerate(self.slots)}
        busy: dict[str, set[int]] = {}
        for m in meetings:
            if m["slot"] not in order:
                continue  # an unknown slot is already a breach of its own
            for who in (m["host"], m["guest"]):
                if who in self.people:
                    busy.setdefault(who, set()).add(order[m["slot"]])
        total = 0
        for who, taken in busy.items():
            first, last = min(taken), max(taken)
            total += sum(1 for sid in self.available(who) if first < order[sid] < last and order[sid] not in taken)
        return total

    def moved(self, meetings: list[dict]) -> int:
        placed = {(m["host"], m["guest"]): m for m in meetings}
        counted, moved = set(), 0
        for p in self.previous:
            pair = (p.get("host"), p.get("guest"))
            if pair not in self.requests or pair in counted:
                continue
            counted.add(pair)
            m = placed.get(pair)
            if m is None or m["slot"] != p["slot"]:
                moved += 1
            elif self.tables and p.get("table") is not None and m["table"] != p["table"]:
                moved += 1
        return moved
