"""Command line: `python -m scheduling solve|check|explain|generate|bench`.

Exit codes: 0 done, 1 the schedule breaks a rule (check) or the problem is infeasible (solve),
2 malformed input (one French message per fault, naming its JSON path; never a traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from .errors import ProblemError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's messages are English; keep exit code 2
        self.print_usage(sys.stderr)
        print(f"Erreur d'arguments : {message}", file=sys.stderr)
        sys.exit(2)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"entier ≥ 1 attendu, trouvé « {text} »")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:  # the rule of options.time_limit_s
        raise argparse.ArgumentTypeError(f"nombre de secondes strictement positif attendu, trouvé « {text} »")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m scheduling", description="Moteur de planification des Rencontres ESS")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    solve = sub.add_parser("solve", help="calcule le planning d'un problème")
    solve.add_argument("problem")
    solve.add_argument("-o", "--output", help="fichier du planning (sinon la sortie standard)")
    solve.add_argument("--time-limit", type=_seconds, help="secondes (par défaut options.time_limit_s, sinon 10)")
    solve.add_argument("--workers", type=_positive_int, help="threads du solveur ; 1 = résultat reproductible à l'octet")
    solve.add_argument("--seed", type=int, help="graine (par défaut options.seed)")
    solve.add_argument("--quiet", action="store_true", help="sans ligne de progression")
    check = sub.add_parser("check", help="vérifie un planning (validateur indépendant)")
    check.add_argument("problem")
    check.add_argument("schedule")
    explain = sub.add_parser("explain", help="pré-contrôles rapides, en français")
    explain.add_argument("problem")
    gen = sub.add_parser("generate", help="génère un problème réaliste")
    gen.add_argument("--kind", choices=["mfi", "business"], default="mfi")
    gen.add_argument("--hosts", type=int, default=30)
    gen.add_argument("--guests", type=int, default=100)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--wishes", type=float, help="nombre moyen de souhaits par invité")
    gen.add_argument("-o", "--output")
    bench = sub.add_parser("bench", help="mesure le moteur face à la réservation « premier arrivé »")
    bench.add_argument("--sizes", help="liste séparée par des virgules parmi : "
                                       "mfi130,busi140,mfi190,replan190,mfi1200,busi2400 (défaut : tout)")
    bench.add_argument("--repeat", type=_positive_int, default=1, help="répétitions par taille (médianes)")
    bench.add_argument("--workers", type=_positive_int)
    return parser


def _read_json(path: str, what: str):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemError([("$", f"{what} illisible : {path} ({exc.strerror or exc})")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError([("$", f"{what} : JSON invalide ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})")]) from None


def _faults(error: ProblemError) -> int:
    for path, message in error.faults:
        print(f"{path} : {message}", file=sys.stderr)
    return 2


def _dump(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _write(document: dict, output: str | None) -> None:
    if output:
        Path(output).write_text(_dump(document), encoding="utf-8")
    else:
        sys.stdout.write(_dump(document))


def _strip_wall_times(value):
    """Under --workers 1 the output must be byte-identical: wall times go to stderr only."""
    if isinstance(value, dict):
        return {k: _strip_wall_times(v) for k, v in value.items() if k != "wall_time_s"}
    if isinstance(value, list):
        return [_strip_wall_times(v) for v in value]
    return value


def _progress_printer(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None
    names = {"coverage": "couverture", "moved": "déplacées", "weight": "poids", "idle": "attente"}

    def show(p: dict) -> None:
        bound = p.get("bound", {})
        print(f"\r  {p['elapsed_s']:6.1f} s  [{names.get(p['level'], p['level'])}]  couverture {p['coverage']}"
              f"/{bound.get('coverage', '?')}  poids {p['weight']}/{bound.get('weight', '?')}   ",
              end="", file=sys.stderr, flush=True)
    return show


def _solve(args) -> int:
    from .solver import solve

    problem = _read_json(args.problem, "problème")
    progress = _progress_printer(args.quiet)
    schedule = solve(problem, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed,
                     on_progress=progress)
    if progress:
        print(file=sys.stderr)
    wall = schedule["stats"].get("wall_time_s")
    _write(_strip_wall_times(schedule) if args.workers == 1 else schedule, args.output)
    m, b = schedule["metrics"], schedule["bound"]
    if schedule["status"] == "infeasible":
        print(f"Infaisable : {len(schedule['conflicts'])} conflit(s) entre rencontres verrouillées :", file=sys.stderr)
        for conflict in schedule["conflicts"]:
            print(f"- {conflict['message']}", file=sys.stderr)
        return 1
    names = {"coverage": "couverture", "moved": "déplacées", "weight": "poids", "idle": "attente"}
    proven = [names[lv["level"]] for lv in schedule["stats"]["levels"] if lv["status"] == "optimal"]
    if schedule["status"] == "optimal":
        status = "optimal"
    elif proven:
        status = f"réalisable ({', '.join(proven)} : optimum prouvé ; le reste non prouvé)"
    else:
        status = "réalisable (optimalité non prouvée)"
    moved = f", {m['moved']} déplacée(s)" if "changes" in schedule else ""
    print(f"Planning {status} en {wall} s : {m['meetings']} rencontres, {m['coverage']} invités servis "
          f"(borne {b['coverage']}), poids {m['weight']} (borne {b['weight']}), attente {m['idle']}{moved}, "
          f"{len(schedule['unscheduled'])} demande(s) non planifiée(s).", file=sys.stderr)
    return 0


def _check(args) -> int:
    from .problem import validate_problem
    from .validator import check

    problem = _read_json(args.problem, "problème")
    faults = validate_problem(problem)
    if faults:
        raise ProblemError(faults)
    try:
        schedule = _read_json(args.schedule, "planning")
    except ProblemError as error:
        return _faults(error)
    breaches = check(problem, schedule)
    for breach in breaches:
        print(f"- {breach}", file=sys.stderr)
    if breaches:
        print(f"Planning non valide : {len(breaches)} manquement(s).", file=sys.stderr)
        return 1
    print("Planning valide : toutes les règles sont respectées et les indicateurs sont exacts.", file=sys.stderr)
    return 0


def _explain(args) -> int:
    from .precheck import explain

    lines = explain(_read_json(args.problem, "problème"))
    for line in lines:
        print(f"- {line}")
    if not lines:
        print("Aucune impossibilité détectée par les pré-contrôles.")
    return 0


def _generate(args) -> int:
    from .generate import generate

    if args.hosts < 1 or args.guests < 1:
        print("--hosts et --guests doivent être au moins 1.", file=sys.stderr)
        return 2
    _write(generate(args.kind, args.hosts, args.guests, args.seed, args.wishes), args.output)
    return 0


def _bench(args) -> int:
    from .bench import run

    return run(sizes=args.sizes, repeat=args.repeat, workers=args.workers)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"solve": _solve, "check": _check, "explain": _explain, "generate": _generate, "bench": _bench}
    try:
        return handlers[args.command](args)
    except ProblemError as error:
        return _faults(error)
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130
