"""Controlled vocabularies: (stable code, French label) pairs.

The Django side seeds its editable tables from these tuples; the codes are stable slugs that
profiles store, so a label can be reworded without touching any profile. Organizers may add
codes of their own: the scoring functions then take the label from the `labels` argument.
"""

INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("micro-credit", "micro-crédit"),
    ("pret-honneur", "prêt d'honneur"),
    ("subvention", "subvention"),
    ("pret-bancaire", "prêt bancaire"),
    ("garantie", "garantie"),
    ("fonds-propres", "fonds propres (equity)"),
    ("business-angels", "business angels"),
    ("love-money", "love money"),
    ("crowdfunding", "financement participatif (crowdfunding)"),
    ("crowdlending", "prêt participatif (crowdlending)"),
    ("epargne-solidaire", "épargne solidaire"),
    ("fonds-investissement", "fonds d'investissement"),
    ("finance-solidaire", "finance solidaire"),
    ("affacturage", "affacturage"),
    ("lease-back", "lease-back (cession-bail)"),
    ("troc", "troc (bartering)"),
    ("accompagnement", "accompagnement et expertise"),
)

# The same instruments as noun phrases with their article, for explanations that read as
# French sentences ("propose le prêt d'honneur que vous cherchez").
INSTRUMENT_PHRASES: dict[str, str] = {
    "micro-credit": "le micro-crédit",
    "pret-honneur": "le prêt d'honneur",
    "subvention": "la subvention",
    "pret-bancaire": "le prêt bancaire",
    "garantie": "la garantie",
    "fonds-propres": "l'apport en fonds propres",
    "business-angels": "l'investissement de business angels",
    "love-money": "la love money",
    "crowdfunding": "le financement participatif",
    "crowdlending": "le prêt participatif (crowdlending)",
    "epargne-solidaire": "l'épargne solidaire",
    "fonds-investissement": "l'entrée d'un fonds d'investissement",
    "finance-solidaire": "la finance solidaire",
    "affacturage": "l'affacturage",
    "lease-back": "le lease-back",
    "troc": "le troc",
    "accompagnement": "l'accompagnement",
}

THEMES: tuple[tuple[str, str], ...] = (
    ("jeunesse-education", "jeunesse et éducation"),
    ("seniors", "seniors et bien vieillir"),
    ("handicap", "handicap"),
    ("art-culture-tourisme", "art, culture et tourisme"),
    ("developpement-durable", "développement durable"),
    ("economie-circulaire", "économie circulaire et réemploi"),
    ("finance-solidaire", "finance solidaire"),
    ("emploi-insertion", "emploi et insertion"),
    ("alimentation", "alimentation durable"),
    ("mobilite", "mobilité"),
    ("habitat", "habitat et logement"),
    ("sante", "santé et bien-être"),
    ("lien-social", "solidarités et lien social"),
    ("egalite", "égalité femmes-hommes"),
    ("sport", "sport"),
    ("numerique", "numérique responsable et inclusion numérique"),
    ("energie", "transition énergétique"),
)

STAGES: tuple[tuple[str, str], ...] = (
    ("idee", "idée"),
    ("creation", "création"),
    ("developpement", "développement"),
    ("changement-echelle", "changement d'échelle"),
)

PURCHASE_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("nettoyage", "nettoyage et propreté"),
    ("espaces-verts", "espaces verts"),
    ("restauration-traiteur", "restauration et traiteur"),
    ("travaux-batiment", "travaux du bâtiment"),
    ("logistique", "logistique et manutention"),
    ("impression", "impression et reprographie"),
    ("textile", "textile et blanchisserie"),
    ("reemploi-informatique", "réemploi informatique"),
    ("services-personne", "services à la personne"),
    ("collecte-recyclage", "collecte et recyclage des déchets"),
    ("demenagement", "déménagement"),
    ("mise-a-disposition", "mise à disposition de personnel"),
    ("evenementiel", "événementiel"),
    ("accueil-secretariat", "accueil et secrétariat"),
    ("conditionnement", "conditionnement et sous-traitance"),
    ("transport-livraison", "transport et livraison"),
)

# Territories an offer may cover besides named communes. Department codes are also accepted.
TERRITORIES: tuple[tuple[str, str], ...] = (
    ("france", "France entière"),
    ("idf", "Île-de-France"),
    ("92", "Hauts-de-Seine"),
    ("75", "Paris"),
    ("93", "Seine-Saint-Denis"),
    ("94", "Val-de-Marne"),
    ("77", "Seine-et-Marne"),
    ("78", "Yvelines"),
    ("91", "Essonne"),
    ("95", "Val-d'Oise"),
)

# How to say "in <department>" in French, for explanations.
DEPARTMENT_PHRASES: dict[str, str] = {
    "92": "dans les Hauts-de-Seine",
    "75": "à Paris",
    "93": "en Seine-Saint-Denis",
    "94": "dans le Val-de-Marne",
    "77": "en Seine-et-Marne",
    "78": "dans les Yvelines",
    "91": "en Essonne",
    "95": "dans le Val-d'Oise",
}
IDF_DEPARTMENTS = frozenset(DEPARTMENT_PHRASES)

# The 36 communes of the Hauts-de-Seine, so that a commune typed without its postcode can be
# placed in the department (and in Île-de-France).
COMMUNES_92: tuple[str, ...] = (
    "Antony", "Asnières-sur-Seine", "Bagneux", "Bois-Colombes", "Boulogne-Billancourt", "Bourg-la-Reine",
    "Châtenay-Malabry", "Châtillon", "Chaville", "Clamart", "Clichy", "Colombes", "Courbevoie",
    "Fontenay-aux-Roses", "Garches", "La Garenne-Colombes", "Gennevilliers", "Issy-les-Moulineaux",
    "Levallois-Perret", "Malakoff", "Marnes-la-Coquette", "Meudon", "Montrouge", "Nanterre",
    "Neuilly-sur-Seine", "Le Plessis-Robinson", "Puteaux", "Rueil-Malmaison", "Saint-Cloud", "Sceaux",
    "Sèvres", "Suresnes", "Vanves", "Vaucresson", "Ville-d'Avray", "Villeneuve-la-Garenne",
)

VOCABULARIES: dict[str, tuple[tuple[str, str], ...]] = {
    "instruments": INSTRUMENTS,
    "themes": THEMES,
    "stages": STAGES,
    "purchase_categories": PURCHASE_CATEGORIES,
    "territories": TERRITORIES,
}


def label_of(vocabulary: tuple[tuple[str, str], ...], code: str) -> str:
    """The French label of `code` in `vocabulary`, or the code itself when it is not listed."""
    for known, label in vocabulary:
        if known == code:
            return label
    return code
