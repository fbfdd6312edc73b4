"""Figures of a published version, and the server-side SVG charts that draw them (no script, printable)."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from django.utils.safestring import SafeString, mark_safe

from backend.meetings import matching, selectors
from backend.meetings.models import TimetableVersion, Wish
from backend.meetings.problem import key_pk, slot_key

ACCENT, MUTED = "#0b6e4f", "#c2410c"


def version_stats(version: TimetableVersion) -> dict:
    block = version.block
    meetings = list(selectors.version_meetings(version=version))
    met = {(m.host_id, m.guest_id) for m in meetings}

    # Wishes fulfilled, by the guest's effective rank (declined wishes do not count).
    wishes = Wish.objects.filter(block=block).exclude(status=Wish.Status.DECLINED).order_by("guest_id", "rank", "id")
    by_rank_total, by_rank_met, position = Counter(), Counter(), Counter()
    for wish in wishes:
        position[wish.guest_id] += 1
        rank = position[wish.guest_id]
        by_rank_total[rank] += 1
        by_rank_met[rank] += (wish.host_id, wish.guest_id) in met
    total, fulfilled = sum(by_rank_total.values()), sum(by_rank_met.values())

    guests = list(selectors.members(block=block, side=selectors.GUEST))
    hosts = list(selectors.members(block=block, side=selectors.HOST))
    with_meeting = {m.guest_id for m in meetings}
    without = [g for g in guests if g.pk not in with_meeting]
    per_host = Counter(m.host_id for m in meetings)
    host_rows = sorted(((matching.label(h), per_host.get(h.pk, 0)) for h in hosts), key=lambda r: (-r[1], r[0]))

    idle = _idle(version, meetings)
    idle_hist = Counter(idle.values())
    slot_minutes = block.slot_minutes
    return {
        "meetings": len(meetings),
        "wishes": total, "fulfilled": fulfilled, "share": round(100 * fulfilled / total) if total else 0,
        "share_chart": share_bar(fulfilled, total),
        "by_rank": [(r, by_rank_met[r], by_rank_total[r]) for r in sorted(by_rank_total)],
        "by_rank_chart": bar_chart([(f"Choix n° {r}", round(100 * by_rank_met[r] / by_rank_total[r]))
                                    for r in sorted(by_rank_total)], unit=" %", max_value=100),
        "guests": len(guests), "without": without,
        "without_chart": share_bar(len(guests) - len(without), len(guests), labels=("avec rendez-vous", "sans")),
        "per_host": host_rows, "per_host_chart": bar_chart(host_rows),
        "idle_total_min": sum(idle.values()) * slot_minutes,
        "idle_people": sum(1 for v in idle.values() if v),
        "idle_chart": bar_chart([(f"{k} créneau{'x' if k > 1 else ''} vide{'s' if k > 1 else ''}", idle_hist[k])
                                 for k in sorted(idle_hist)], unit=" pers."),
    }


def _idle(version: TimetableVersion, meetings) -> dict[int, int]:
    """Empty available slots between each participant's first and last meeting."""
    problem = version.run.problem or {}
    order = [s["id"] for s in problem.get("slots", [])] or [slot_key(s.pk) for s in version.block.slots.all()]
    index = {sid: i for i, sid in enumerate(order)}
    available = {key_pk(p["id"]): {index[s] for s in p["available"] if s in index}
                 for p in problem.get("participants", []) if "available" in p}
    busy: dict[int, set[int]] = defaultdict(set)
    for m in meetings:
        position = index.get(slot_key(m.slot_id))
        if position is not None:
            busy[m.host_id].add(position)
            busy[m.guest_id].add(position)
    idle = {}
    for person, slots in busy.items():
        free = available.get(person, set(range(len(order))))
        idle[person] = sum(1 for i in range(min(slots), max(slots)) if i not in slots and i in free)
    return idle


def bar_chart(rows: list[tuple[str, int]], *, unit: str = "", max_value: int | None = None) -> SafeString:
    """Horizontal bars with their labels and values; readable printed in black and white too."""
    if not rows:
        return mark_safe('<p class="muted">Aucune donnée.</p>')
    top = max(max_value or 0, *(v for _, v in rows), 1)
    bar_h, gap, label_w, width = 18, 6, 320, 700
    height = len(rows) * (bar_h + gap)
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(rows):
        y = i * (bar_h + gap)
        w = (width - label_w - 70) * value / top
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(_short(label))}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{ACCENT}">'
                     f'<title>{escape(label)} : {value}{unit}</title></rect>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="12">{value}{unit}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _short(label: str, size: int = 46) -> str:
    return label if len(label) <= size else label[:size - 1] + "…"


def share_bar(part: int, total: int, *, labels: tuple[str, str] = ("réalisés", "non réalisés")) -> SafeString:
    share = part / total if total else 0
    width = 640
    done = width * share
    return mark_safe(
        f'<svg class="chart" role="img" viewBox="0 0 {width} 44" width="100%" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{part} sur {total} ({round(100 * share)} %)</title>'
        f'<rect x="0" y="0" width="{done:.1f}" height="24" fill="{ACCENT}"/>'
        f'<rect x="{done:.1f}" y="0" width="{width - done:.1f}" height="24" fill="{MUTED}" opacity="0.35"/>'
        f'<text x="4" y="40" font-size="12">{part} {escape(labels[0])} ({round(100 * share)} %)</text>'
        f'<text x="{width - 4}" y="40" font-size="12" text-anchor="end">{total - part} {escape(labels[1])}</text>'
        "</svg>")
