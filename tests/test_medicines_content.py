"""Medicines that are not myeloma treatments (glossary words with ``medicine: true``): people type them as a
"treatment", so each must be found by the names people use (generic, US brand, common misspellings), lead to
the glossary and never to a drug, class or regimen, and be sourced from the pages the content relies on for
medicines (MedlinePlus, NCI, IMF, MMRF, LLS, ACS, the US label on DailyMed or the FDA)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from helpers import load_shipped
from rrmm_prep.content.lookup import Index, find_term
from rrmm_prep.content.records import Term, normalize

ALLOWED_HOSTS = (
    "medlineplus.gov",
    "cancer.gov",
    "myeloma.org",
    "themmrf.org",
    "lls.org",
    "dailymed.nlm.nih.gov",
    "fda.gov",
    "accessdata.fda.gov",
    "cancer.org",
)

# What people type, and the glossary word it must lead to.
NAMES = {
    "ivig": ["IVIG", "IV immunoglobulin", "immune globulin", "Gammagard", "Privigen"],
    "antiviral": ["antiviral", "antivirals"],
    "acyclovir": ["acyclovir", "Acyclovir", "Zovirax", "aciclovir", "acylovir"],
    "valacyclovir": ["valacyclovir", "Valtrex", "valcyclovir"],
    "antibiotic": ["antibiotic", "antibiotics", "preventive antibiotics"],
    "levofloxacin": ["levofloxacin", "Levaquin"],
    "trimethoprim-sulfamethoxazole": [
        "trimethoprim-sulfamethoxazole",
        "trimethoprim sulfamethoxazole",
        "Bactrim",
        "Bactrim DS",
        "bactrim ds",
        "Septra",
        "TMP-SMX",
        "TMP/SMX",
        "SMX-TMP",
        "co-trimoxazole",
    ],
    "loperamide": ["loperamide", "Imodium", "imodium a-d"],
    "anti-nausea-medicine": ["anti-nausea medicine", "antiemetic", "nausea medicine"],
    "ondansetron": ["ondansetron", "Zofran", "Zofran ODT", "ondansatron"],
    "prochlorperazine": ["prochlorperazine", "Compazine"],
    "blood-thinner": ["blood thinner", "blood thinners", "anticoagulant"],
    "aspirin": ["aspirin", "baby aspirin", "aspirin 81", "ASA", "asprin"],
    "apixaban": ["apixaban", "Eliquis", "eliquis"],
    "rivaroxaban": ["rivaroxaban", "Xarelto"],
    "enoxaparin": ["enoxaparin", "Lovenox", "LMWH"],
    "warfarin": ["warfarin", "Coumadin"],
    "g-csf": ["G-CSF", "GCSF"],
    "filgrastim": ["filgrastim", "Neupogen", "Zarxio"],
    "pegfilgrastim": ["pegfilgrastim", "Neulasta", "Neulasta Onpro", "Udenyca"],
    "calcium-and-vitamin-d": [
        "calcium",
        "calcium and vitamin D",
        "vitamin D",
        "vitamin D3",
        "calcium carbonate",
    ],
    "acetaminophen": ["acetaminophen", "Tylenol", "paracetamol", "acetominophen"],
    "diphenhydramine": ["diphenhydramine", "Benadryl"],
    "opioid": ["opioid", "opioids", "opioid pain medicine", "oxycodone", "Percocet", "morphine", "narcotics"],
    "tocilizumab": ["tocilizumab", "Actemra", "toci"],
    "allopurinol": ["allopurinol", "Zyloprim"],
    "proton-pump-inhibitor": ["proton pump inhibitor", "PPI", "Nexium"],
    "omeprazole": ["omeprazole", "Prilosec", "Prilosec OTC"],
    "pantoprazole": ["pantoprazole", "Protonix"],
    "laxative": ["laxative", "laxatives", "stool softener", "stool softeners"],
    "senna": ["senna", "Senokot", "sennosides"],
    "docusate": ["docusate", "Colace", "docusate sodium"],
    "polyethylene-glycol": ["polyethylene glycol", "MiraLAX", "Miralax", "PEG 3350"],
}


def _allowed(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in ALLOWED_HOSTS)


def _medicines(content) -> list[Term]:
    return [t for t in content.terms if t.medicine]


def test_the_medicines_are_marked(shipped):
    assert {t.id for t in _medicines(shipped)} >= set(NAMES)


@pytest.mark.parametrize("term", _medicines(load_shipped()), ids=lambda t: t.id)
def test_every_medicine_has_a_source_from_an_allowed_host(term):
    assert any(_allowed(url) for url in term.sources), f"{term.id}: no source from {', '.join(ALLOWED_HOSTS)}"


@pytest.mark.parametrize("term", _medicines(load_shipped()), ids=lambda t: t.id)
def test_medicine_sources_are_only_from_allowed_hosts(term):
    """No aggregators or blogs: a medicine's explanation rests on MedlinePlus, NCI, the myeloma foundations or the
    US label."""
    others = [url for url in term.sources if not _allowed(url)]
    assert not others, f"{term.id}: sources from other hosts: {others}"


@pytest.mark.parametrize(
    ("term_id", "name"), [(tid, name) for tid, names in NAMES.items() for name in names], ids=lambda v: v
)
def test_every_name_finds_its_medicine(shipped, term_id, name):
    found = find_term(shipped, name)
    assert isinstance(found, Term), f"{name!r} found {found!r}, not a glossary word"
    assert found.id == term_id, f"{name!r} found the word {found.id!r}, not {term_id!r}"
    assert found.medicine, f"{name!r} found {found.id!r}, which is not marked medicine: true"


def test_no_medicine_name_is_a_drug_class_or_regimen_name(shipped):
    """A medicine typed as a treatment goes on the list of medicines; a name that is also a drug, class or regimen
    name would lead to two places (the drugs index also tries a typed plural without its "s")."""
    names = Index(shipped).names
    clashes = []
    for term in _medicines(shipped):
        for spelling in (term.id, term.term, *term.aliases):
            key = normalize(spelling)
            hit = names.get(key) or (names.get(key[:-1]) if key.endswith("s") else None)
            if hit is not None:
                clashes.append(f"{term.id}: '{spelling}' is also {hit[0]} {getattr(hit[1], 'id', hit[1])}")
    assert not clashes, "\n".join(clashes)


def test_myeloma_drugs_are_not_medicines(shipped):
    """Dexamethasone and the other drugs in the drug list are myeloma treatments, never a medicine word."""
    for name in (
        "dexamethasone",
        "dex",
        "Decadron",
        "prednisone",
        "lenalidomide",
        "zoledronic acid",
        "Xgeva",
    ):
        assert not isinstance(find_term(shipped, name), Term), name
