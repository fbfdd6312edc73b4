"""Reading a meeting-problem/1 document: every fault with its JSON path, then an indexed instance.

The solver works on integer indexes (slots, tables, participants, requests); ids only come back
when the schedule is written.
"""

from __future__ import annotations

import math
from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from .errors import ProblemError

FORMAT = "meeting-problem/1"
DEFAULT_TIME_LIMIT_S = 10.0

TOP_KEYS = {"format", "name", "timezone", "slots", "tables", "participants", "requests", "locked",
            "previous", "options"}
TOP_REQUIRED = ("format", "slots", "participants", "requests")
SLOT_KEYS = {"id", "start", "end"}
TABLE_KEYS = {"id", "label", "accessible"}
PARTICIPANT_KEYS = {"id", "side", "name", "available", "max_meetings", "table", "needs_accessible"}
REQUEST_KEYS = {"host", "guest", "weight"}
MEETING_KEYS = {"host", "guest", "slot", "table"}
OPTION_KEYS = {"time_limit_s", "seed", "max_consecutive", "objective"}
OBJECTIVES = ("fair", "weight")


@dataclass(frozen=True)
class Slot:
    id: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Table:
    id: str
    label: str
    accessible: bool


@dataclass(frozen=True)
class Participant:
    id: str
    side: str  # "host" or "guest"
    name: str
    available: tuple[int, ...]  # slot indexes, increasing
    max_meetings: int | None
    table: int | None  # fixed table index (hosts only)
    needs_accessible: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name and self.name != self.id else self.id


@dataclass(frozen=True)
class Request:
    host: int
    guest: int
    weight: int


@dataclass(frozen=True)
class Placed:
    """A locked or previous meeting: request index (None if the request no longer exists)."""

    host: int
    guest: int
    slot: int
    table: int | None
    request: int | None
    raw: dict


@dataclass(frozen=True)
class Options:
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    seed: int = 0
    max_consecutive: int | None = None
    objective: str = "fair"


@dataclass
class Instance:
    name: str
    timezone: str
    slots: list[Slot]
    tables: list[Table]
    participants: list[Participant]
    requests: list[Request]
    locked: list[Placed]
    previous: list[Placed]  # only entries whose participants still exist
    has_previous: bool
    options: Options
    raw: dict

    @property
    def has_tables(self) -> bool:
        return bool(self.tables)

    @cached_property
    def locked_by_request(self) -> dict[int, Placed]:
        """request -> its locked meeting (read-only: shared by every part of the engine)."""
        return {p.request: p for p in self.locked if p.request is not None}

    @cached_property
    def published(self) -> dict[int, Placed]:
        """request -> its previous meeting, for requests that still exist (the first entry wins)."""
        out: dict[int, Placed] = {}
        for p in self.previous:
            if p.request is not None:
                out.setdefault(p.request, p)
        return out

    def host_changed_table(self, p: Placed) -> bool:
        """A previous meeting whose host now sits at another fixed table: it moves whatever we do."""
        host_table = self.participants[p.host].table
        return self.has_tables and host_table is not None and p.table is not None and p.table != host_table

    @cached_property
    def table_order(self) -> list[int]:
        """Tables in the order a floating meeting takes them: accessible ones last, kept for who needs them."""
        return sorted(range(len(self.tables)), key=lambda t: (self.tables[t].accessible, t))

    def locked_table(self, p: Placed) -> int | None:
        """The table a locked meeting occupies: its own, else its host's fixed table."""
        return p.table if p.table is not None else self.participants[p.host].table

    def pinned_table(self, r: int) -> int | None:
        """The table request r must use whatever the slot: its locked table, else its host's fixed one."""
        lock = self.locked_by_request.get(r)
        return self.locked_table(lock) if lock is not None else self.participants[self.requests[r].host].table

    def needs_accessible(self, r: int) -> bool:
        req = self.requests[r]
        return self.participants[req.host].needs_accessible or self.participants[req.guest].needs_accessible

    def no_table_for(self, r: int) -> bool:
        """Request r needs an accessible table and none can ever be its own (host's fixed one is not)."""
        if not (self.has_tables and self.needs_accessible(r)):
            return False
        table = self.participants[self.requests[r].host].table
        return not self.tables[table].accessible if table is not None else not any(t.accessible for t in self.tables)

    def runs(self) -> list[list[int]]:
        """Maximal runs of back-to-back slots (a gap such as a coffee break ends a run)."""
        runs: list[list[int]] = []
        for i, slot in enumerate(self.slots):
            if runs and self.slots[runs[-1][-1]].end == slot.start:
                runs[-1].append(i)
            else:
                runs.append([i])
        return runs

    def run_of_slots(self) -> dict[int, list[int]]:
        return {s: run for run in self.runs() for s in run}

    def meeting_dict(self, r: int, slot: int, table: int | None) -> dict:
        req = self.requests[r]
        return {"host": self.participants[req.host].id, "guest": self.participants[req.guest].id,
                "slot": self.slots[slot].id, "table": None if table is None else self.tables[table].id}


def validate_problem(problem: Any) -> list[tuple[str, str]]:
    """Every fault of the document as (JSON path, French message); empty when it is well formed."""
    reader = _Reader()
    reader.read(problem)
    return reader.faults


def parse_problem(problem: Any) -> Instance:
    """The indexed instance, or ProblemError listing every fault."""
    reader = _Reader()
    instance = reader.read(problem)
    if reader.faults or instance is None:
        raise ProblemError(reader.faults or [("$", "problème illisible")])
    return instance


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _describe(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"« {value} »"
    return text if len(text) <= 40 else text[:37] + "..."


class _Reader:
    """Walks the document once, collecting faults; builds the instance when there are none."""

    def __init__(self) -> None:
        self.faults: list[tuple[str, str]] = []

    def fault(self, path: str, message: str) -> None:
        self.faults.append((path, message))

    # -- generic helpers ---------------------------------------------------------------------
    def obj(self, value: Any, path: str, allowed: set[str], required: tuple[str, ...]) -> bool:
        if not isinstance(value, dict):
            self.fault(path, f"objet JSON attendu, trouvé {_describe(value)}")
            return False
        for key in value:
            if key not in allowed:
                self.fault(f"{path}.{key}", f"clé inconnue (clés admises : {', '.join(sorted(allowed))})")
        for key in required:
            if key not in value:
                self.fault(f"{path}.{key}", "clé obligatoire absente")
        return True

    def items(self, value: Any, path: str) -> list:
        if not isinstance(value, list):
            self.fault(path, f"liste attendue, trouvé {_describe(value)}")
            return []
        return value

    def text(self, value: Any, path: str, *, non_empty: bool = True) -> str | None:
        if not isinstance(value, str) or (non_empty and not value.strip()):
            what = "chaîne non vide" if non_empty else "chaîne"
            self.fault(path, f"{what} attendue, trouvé {_describe(value)}")
            return None
        return value

    def ids(self, entries: list, path: str) -> dict[str, int]:
        index: dict[str, int] = {}
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or "id" not in entry:
                continue
            ident = self.text(entry["id"], f"{path}[{i}].id")
            if ident is None:
                continue
            if ident in index:
                self.fault(f"{path}[{i}].id", f"identifiant {_describe(ident)} en double (déjà en {path}[{index[ident]}])")
            else:
                index[ident] = i
        return index

    def datetime(self, value: Any, path: str) -> datetime | None:
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                moment = None
            if moment is not None and moment.tzinfo is not None:
                return moment
        self.fault(path, f"date-heure ISO 8601 avec décalage horaire attendue (ex. 2024-11-13T10:00:00+01:00), trouvé {_describe(value)}")
        return None

    # -- sections ----------------------------------------------------------------------------
    def read(self, doc: Any) -> Instance | None:
        if not self.obj(doc, "$", TOP_KEYS, TOP_REQUIRED):
            return None
        if "format" in doc and doc["format"] != FORMAT:
            self.fault("$.format", f"« {FORMAT} » attendu, trouvé {_describe(doc['format'])}")
        name = self.text(doc.get("name", ""), "$.name", non_empty=False) or ""
        timezone = self.text(doc.get("timezone", "Europe/Paris"), "$.timezone") or "Europe/Paris"
        slots = self.read_slots(doc.get("slots", []))
        slot_ids = {s.id: i for i, s in enumerate(slots)} if slots is not None else {}
        tables = self.read_tables(doc.get("tables", []))
        table_ids = {t.id: i for i, t in enumerate(tables)}
        participants = self.read_participants(doc.get("participants", []), slot_ids, table_ids)
        pids = {p.id: i for i, p in enumerate(participants)}
        requests, request_index = self.read_requests(doc.get("requests", []), pids, participants)
        locked = self.read_placed(doc.get("locked", []), "$.locked", pids, participants, slot_ids,
                                  table_ids, request_index, ignore_unknown=False)
        previous = self.read_placed(doc.get("previous", []), "$.previous", pids, participants, slot_ids,
                                    table_ids, request_index, ignore_unknown=True)
        options = self.read_options(doc.get("options", {}))
        if self.faults or slots is None:
            return None
        return Instance(name=name, timezone=timezone, slots=slots, tables=tables,
                        participants=participants, requests=requests, locked=locked, previous=previous,
                        has_previous=bool(doc.get("previous")), options=options, raw=doc)

    def read_slots(self, value: Any) -> list[Slot] | None:
        entries = self.items(value, "$.slots")
        if isinstance(value, list) and not entries:
            self.fault("$.slots", "au moins un créneau est nécessaire")
        self.ids(entries, "$.slots")
        slots: list[Slot] = []
        complete = True
        for i, entry in enumerate(entries):
            path = f"$.slots[{i}]"
            if not self.obj(entry, path, SLOT_KEYS, ("id", "start", "end")):
                complete = False
                continue
            start = self.datetime(entry.get("start"), f"{path}.start") if "start" in entry else None
            end = self.datetime(entry.get("end"), f"{path}.end") if "end" in entry else None
            ident = entry.get("id")
            if start is None or end is None or not isinstance(ident, str):
                complete = False
                continue
            if end <= start:
                self.fault(f"{path}.end", "la fin du créneau doit être après son début")
                complete = False
                continue
            if slots and start < slots[-1].end:
                self.fault(f"{path}.start", f"commence avant la fin du créneau précédent « {slots[-1].id} » "
                                            "(les créneaux sont dans l'ordre, sans chevauchement)")
            slots.append(Slot(ident, start, end))
        return slots if complete else None

    def read_tables(self, value: Any) -> list[Table]:
        entries = self.items(value, "$.tables")
        self.ids(entries, "$.tables")
        tables = []
        for i, entry in enumerate(entries):
            path = f"$.tables[{i}]"
            if not self.obj(entry, path, TABLE_KEYS, ("id",)):
                continue
            label = self.text(entry.get("label", ""), f"{path}.label", non_empty=False) or ""
            accessible = entry.get("accessible", False)
            if not isinstance(accessible, bool):
                self.fault(f"{path}.accessible", f"booléen attendu (true/false), trouvé {_describe(accessible)}")
            tables.append(Table(str(entry.get("id")), label, accessible is True))
        return tables

    def read_participants(self, value: Any, slot_ids: dict[str, int], table_ids: dict[str, int]) -> list[Participant]:
        entries = self.items(value, "$.participants")
        self.ids(entries, "$.participants")
        result = []
        for i, entry in enumerate(entries):
            path = f"$.participants[{i}]"
            if not self.obj(entry, path, PARTICIPANT_KEYS, ("id", "side")):
                continue
            side = entry.get("side")
            if "side" in entry and side not in ("host", "guest"):
                self.fault(f"{path}.side", f"« host » ou « guest » attendu, trouvé {_describe(side)}")
            name = self.text(entry.get("name", ""), f"{path}.name", non_empty=False) or ""
            available = tuple(range(len(slot_ids)))
            if "available" in entry:
                seen: list[int] = []
                for j, sid in enumerate(self.items(entry["available"], f"{path}.available")):
                    if not isinstance(sid, str) or sid not in slot_ids:
                        self.fault(f"{path}.available[{j}]", f"créneau inconnu {_describe(sid)}")
                    elif slot_ids[sid] in seen:
                        self.fault(f"{path}.available[{j}]", f"créneau {_describe(sid)} en double")
                    else:
                        seen.append(slot_ids[sid])
                available = tuple(sorted(seen))
            max_meetings = entry.get("max_meetings")
            if max_meetings is not None and (not _is_int(max_meetings) or max_meetings < 0):
                self.fault(f"{path}.max_meetings", f"entier positif ou nul attendu, trouvé {_describe(max_meetings)}")
                max_meetings = None
            table = None
            if entry.get("table") is not None:
                tid = entry["table"]
                if side == "guest":
                    self.fault(f"{path}.table", "seul un hôte (host) a une table fixe ; un invité se déplace")
                elif not isinstance(tid, str) or tid not in table_ids:
                    self.fault(f"{path}.table", f"table inconnue {_describe(tid)}")
                else:
                    table = table_ids[tid]
            needs = entry.get("needs_accessible", False)
            if not isinstance(needs, bool):
                self.fault(f"{path}.needs_accessible", f"booléen attendu (true/false), trouvé {_describe(needs)}")
            result.append(Participant(str(entry.get("id")), str(side), name, available, max_meetings, table,
                                      needs is True))
        return result

    def read_requests(self, value: Any, pids: dict[str, int],
                      participants: list[Participant]) -> tuple[list[Request], dict[tuple[int, int], int]]:
        requests: list[Request] = []
        index: dict[tuple[int, int], int] = {}
        for i, entry in enumerate(self.items(value, "$.requests")):
            path = f"$.requests[{i}]"
            if not self.obj(entry, path, REQUEST_KEYS, ("host", "guest", "weight")):
                continue
            host = self.member(entry.get("host"), f"{path}.host", pids, participants, "host") if "host" in entry else None
            guest = self.member(entry.get("guest"), f"{path}.guest", pids, participants, "guest") if "guest" in entry else None
            weight = entry.get("weight")
            if "weight" in entry and (not _is_int(weight) or weight <= 0):
                self.fault(f"{path}.weight", f"entier strictement positif attendu, trouvé {_describe(weight)}")
                continue
            if host is None or guest is None or weight is None:
                continue
            if (host, guest) in index:
                self.fault(path, f"demande en double pour ({entry['host']}, {entry['guest']}) "
                                 f"(déjà en $.requests[{index[(host, guest)]}])")
                continue
            index[(host, guest)] = len(requests)
            requests.append(Request(host, guest, weight))
        return requests, index

    def member(self, value: Any, path: str, pids: dict[str, int], participants: list[Participant],
               side: str) -> int | None:
        if not isinstance(value, str) or value not in pids:
            self.fault(path, f"participant inconnu {_describe(value)}")
            return None
        p = pids[value]
        if p < len(participants) and participants[p].side != side:
            wanted = "un hôte (side: host)" if side == "host" else "un invité (side: guest)"
            self.fault(path, f"« {value} » doit être {wanted}")
            return None
        return p

    def read_placed(self, value: Any, path: str, pids: dict[str, int], participants: list[Participant],
                    slot_ids: dict[str, int], table_ids: dict[str, int],
                    request_index: dict[tuple[int, int], int], *, ignore_unknown: bool) -> list[Placed]:
        placed = []
        for i, entry in enumerate(self.items(value, path)):
            epath = f"{path}[{i}]"
            if not self.obj(entry, epath, MEETING_KEYS, ("host", "guest", "slot")):
                continue
            if ignore_unknown and any(isinstance(entry.get(k), str) and entry[k] not in pids for k in ("host", "guest")):
                continue  # a withdrawn participant: the meeting is cancelled (a non-string id is still a fault)
            host = self.member(entry.get("host"), f"{epath}.host", pids, participants, "host") if "host" in entry else None
            guest = self.member(entry.get("guest"), f"{epath}.guest", pids, participants, "guest") if "guest" in entry else None
            sid = entry.get("slot")
            if "slot" in entry and (not isinstance(sid, str) or sid not in slot_ids):
                self.fault(f"{epath}.slot", f"créneau inconnu {_describe(sid)}")
                continue
            table = None
            if entry.get("table") is not None:
                tid = entry["table"]
                if not isinstance(tid, str) or tid not in table_ids:
                    self.fault(f"{epath}.table", f"table inconnue {_describe(tid)}")
                    continue
                table = table_ids[tid]
            if host is None or guest is None or "slot" not in entry:
                continue
            placed.append(Placed(host, guest, slot_ids[sid], table, request_index.get((host, guest)), entry))
        return placed

    def read_options(self, value: Any) -> Options:
        if not self.obj(value, "$.options", OPTION_KEYS, ()):
            return Options()
        limit = value.get("time_limit_s", DEFAULT_TIME_LIMIT_S)
        if limit is None:
            limit = DEFAULT_TIME_LIMIT_S
        if isinstance(limit, bool) or not isinstance(limit, int | float) or not math.isfinite(limit) or limit <= 0:
            self.fault("$.options.time_limit_s", f"nombre de secondes strictement positif attendu, trouvé {_describe(limit)}")
            limit = DEFAULT_TIME_LIMIT_S
        seed = value.get("seed", 0)
        if seed is None:
            seed = 0
        if not _is_int(seed) or seed < 0:
            self.fault("$.options.seed", f"entier positif ou nul attendu, trouvé {_describe(seed)}")
            seed = 0
        consecutive = value.get("max_consecutive")
        if consecutive is not None and (not _is_int(consecutive) or consecutive < 1):
            self.fault("$.options.max_consecutive", f"null ou entier ≥ 1 attendu, trouvé {_describe(consecutive)}")
            consecutive = None
        objective = value.get("objective", "fair")
        if objective is None:
            objective = "fair"
        if objective not in OBJECTIVES:
            self.fault("$.options.objective", f"« fair » ou « weight » attendu, trouvé {_describe(objective)}")
            objective = "fair"
        return Options(float(limit), seed, consecutive, objective)


def streak_with(run: list[int], s: int, busy: Container[tuple[int, int]], who: int) -> int:
    """How many meetings in a row `who` would have, within `run`, with one more at slot `s`."""
    i = run.index(s)
    left = right = 0
    while i - left - 1 >= 0 and (who, run[i - left - 1]) in busy:
        left += 1
    while i + right + 1 < len(run) and (who, run[i + right + 1]) in busy:
        right += 1
    return left + right + 1
