"""Command line: `python -m badges bench` measures PDF building and token verification."""

import argparse
import sys
import time

import badges


def _bench(count: int, seconds: float) -> int:
    private_key = badges.generate_private_key()
    public_key = badges.public_key_of(private_key)
    event_id = 13_112_024
    tokens = [badges.issue_token(private_key=private_key, event_id=event_id, registration_id=9_000_000 + i,
                                 version=1 + i % 3) for i in range(count)]
    cards = [badges.BadgeCard(name=f"Participante n° {i} Lefèvre-Œuvray", organization="Les petites cantines",
                              role_label="Porteuse de projet", role_key="project_holder",
                              event_name="Rencontres ESS et Territoire",
                              event_date_label="mercredi 13 novembre 2024, Courbevoie", token=token)
             for i, token in enumerate(tokens)]

    for layout in badges.pdf.LAYOUTS:
        start, cpu = time.perf_counter(), time.process_time()
        pdf = badges.badge_pdf(cards, layout=layout)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"{count} badges, mise en page {layout} : {elapsed:.2f} s ({cpu:.2f} s de processeur, "
              f"{len(pdf) / 1e6:.2f} Mo)")

    start = time.perf_counter()
    done = 0
    while time.perf_counter() - start < seconds:
        for token in tokens:
            badges.verify_token(token, public_key=public_key, event_id=event_id)
        done += len(tokens)
    elapsed = time.perf_counter() - start
    print(f"vérifications de badge : {done / elapsed:,.0f} par seconde ({done} en {elapsed:.2f} s)".replace(",", " "))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m badges", description="Badges des Rencontres ESS")
    sub = parser.add_subparsers(dest="command", required=True)
    bench = sub.add_parser("bench", help="mesure la génération de PDF et la vérification des badges")
    bench.add_argument("--count", type=int, default=300, help="nombre de badges (300 par défaut)")
    bench.add_argument("--seconds", type=float, default=2.0, help="durée de la mesure de vérification")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count doit être au moins 1")
    return _bench(args.count, args.seconds)


if __name__ == "__main__":
    sys.exit(main())
