"""`rrmm-prep drugs`, `questions` and `explain`: every seed drug and brand, the regimens in the reference,
classes and targets, "did you mean" (never hiding a different drug), the words `explain` must know, output
formats, paging, and content shown as text (never as Rich markup)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from helpers import BASE, SGR_RE, colour_codes, flat, load_shipped, md_text, pretend_terminal, strip_ansi

SHIPPED = load_shipped()  # for tables of cases built at collection

# ------------------------------------------------------------------------------------ names -> generic names

SEED_DRUGS = [
    ("bortezomib", "bortezomib"),
    ("Velcade", "bortezomib"),
    ("carfilzomib", "carfilzomib"),
    ("Kyprolis", "carfilzomib"),
    ("ixazomib", "ixazomib"),
    ("Ninlaro", "ixazomib"),
    ("lenalidomide", "lenalidomide"),
    ("Revlimid", "lenalidomide"),
    ("pomalidomide", "pomalidomide"),
    ("Pomalyst", "pomalidomide"),
    ("thalidomide", "thalidomide"),
    ("Thalomid", "thalidomide"),
    ("daratumumab", "daratumumab"),
    ("Darzalex", "daratumumab"),
    ("Darzalex Faspro", "daratumumab"),
    ("isatuximab", "isatuximab"),
    ("Sarclisa", "isatuximab"),
    ("elotuzumab", "elotuzumab"),
    ("Empliciti", "elotuzumab"),
    ("belantamab mafodotin", "belantamab mafodotin"),
    ("Blenrep", "belantamab mafodotin"),
    ("selinexor", "selinexor"),
    ("Xpovio", "selinexor"),
    ("cyclophosphamide", "cyclophosphamide"),
    ("melphalan", "melphalan"),
    ("dexamethasone", "dexamethasone"),
]

NEWER_DRUGS = [
    ("Abecma", "idecabtagene vicleucel"),
    ("Carvykti", "ciltacabtagene autoleucel"),
    ("Tecvayli", "teclistamab"),
    ("Elrexfio", "elranatamab"),
    ("Talvey", "talquetamab"),
    ("Lynozyfic", "linvoseltamab"),
    ("Venclexta", "venetoclax"),
    ("Farydak", "panobinostat"),
    ("Pepaxto", "melphalan flufenamide"),
    ("Zometa", "zoledronic acid"),
    ("Xgeva", "denosumab"),
    ("idecabtagene vicleucel", "idecabtagene vicleucel"),
    ("ciltacabtagene autoleucel", "ciltacabtagene autoleucel"),
    ("teclistamab", "teclistamab"),
    ("elranatamab", "elranatamab"),
    ("talquetamab", "talquetamab"),
    ("linvoseltamab", "linvoseltamab"),
    ("venetoclax", "venetoclax"),
    ("panobinostat", "panobinostat"),
    ("melphalan flufenamide", "melphalan flufenamide"),
    ("zoledronic acid", "zoledronic acid"),
    ("denosumab", "denosumab"),
    # Issue 16: approvals and forms by late 2026.
    ("Zenbexus", "iberdomide"),
    ("iberdomide", "iberdomide"),
    ("Sarclisa Escena", "isatuximab"),
]

SPELLING_VARIANTS = [
    ("VELCADE", "bortezomib"),
    ("velcade", "bortezomib"),
    ("darzalex faspro", "daratumumab"),
    ("Darzalex-Faspro", "daratumumab"),
    ("  Velcade  ", "bortezomib"),
    ("dex", "dexamethasone"),
]


def _flat(text: str) -> str:
    return flat(text).lower()


@pytest.mark.parametrize(("query", "generic"), SEED_DRUGS + NEWER_DRUGS + SPELLING_VARIANTS)
def test_drug_or_brand_shows_the_generic_name(run, query, generic):
    result = run("drugs", query)
    assert result.exit_code == 0, result
    assert generic in _flat(result.stdout)
    assert result.stderr == ""

    data = json.loads(run("drugs", query, "--format", "json").stdout)
    assert data["kind"] == "drug"
    assert data["drug"]["name"] == generic


def test_every_shipped_drug_is_found_by_each_of_its_names(run, shipped):
    from rrmm_prep.content.lookup import Index

    index = Index(shipped)
    for drug in shipped.drugs:
        for name in (drug.id, drug.name, *drug.brands, *drug.aliases):
            match = index.find(name)
            assert match.kind == "drug" and match.drug.id == drug.id, (name, match)


CLASSES = [
    ("proteasome inhibitor", ["bortezomib", "carfilzomib", "ixazomib"]),
    ("proteasome inhibitors", ["bortezomib", "carfilzomib", "ixazomib"]),
    ("PI", ["bortezomib", "carfilzomib", "ixazomib"]),
    ("IMiD", ["lenalidomide", "pomalidomide", "thalidomide"]),
    ("imids", ["lenalidomide", "pomalidomide", "thalidomide"]),
    ("CAR-T", ["idecabtagene vicleucel", "ciltacabtagene autoleucel"]),
    ("CAR T", ["idecabtagene vicleucel", "ciltacabtagene autoleucel"]),
    ("car-t cell therapy", ["idecabtagene vicleucel", "ciltacabtagene autoleucel"]),
    ("bispecific", ["teclistamab", "elranatamab", "talquetamab", "linvoseltamab"]),
    ("bispecific antibodies", ["teclistamab", "elranatamab", "talquetamab", "linvoseltamab"]),
    ("steroid", ["dexamethasone"]),
    ("anti-CD38", ["daratumumab", "isatuximab"]),
    ("antibody-drug conjugate", ["belantamab mafodotin"]),
    ("alkylating chemotherapy", ["cyclophosphamide", "melphalan"]),
    ("nuclear export inhibitor", ["selinexor"]),
    ("CELMoD", ["iberdomide"]),
]


@pytest.mark.parametrize(("query", "generics"), CLASSES)
def test_class_lists_its_drugs(run, query, generics):
    result = run("drugs", query)
    assert result.exit_code == 0, result
    text = _flat(result.stdout)
    for generic in generics:
        assert generic in text
    data = json.loads(run("drugs", query, "--format", "json").stdout)
    assert data["kind"] == "class"
    assert set(generics) <= {d["name"] for d in data["drugs"]}


@pytest.mark.parametrize(
    ("query", "generics", "not_there"),
    [
        (
            "BCMA",
            [
                "belantamab mafodotin",
                "idecabtagene vicleucel",
                "ciltacabtagene autoleucel",
                "teclistamab",
                "elranatamab",
                "linvoseltamab",
            ],
            ["talquetamab", "daratumumab"],
        ),
        ("bcma", ["teclistamab"], ["talquetamab"]),
        ("CD38", ["daratumumab", "isatuximab"], ["elotuzumab"]),
        ("GPRC5D", ["talquetamab"], ["teclistamab"]),
    ],
)
def test_target_lists_the_drugs_that_aim_at_it(run, query, generics, not_there):
    result = run("drugs", query, "--format", "json")
    assert result.exit_code == 0, result
    names = {d["name"] for d in json.loads(result.stdout)["drugs"]}
    assert set(generics) <= names
    assert not set(not_there) & names
    text = _flat(run("drugs", query).stdout)
    for generic in generics:
        assert generic in text


# The "Regimen abbreviations" table of /work/shared/reference/drug-facts.md, spelling by spelling.
DEX = "dexamethasone"
REGIMENS = [
    ("DRd", ["daratumumab", "lenalidomide", DEX]),
    ("DVd", ["daratumumab", "bortezomib", DEX]),
    ("DPd", ["daratumumab", "pomalidomide", DEX]),
    ("DKd", ["daratumumab", "carfilzomib", DEX]),
    ("KRd", ["carfilzomib", "lenalidomide", DEX]),
    ("Kd", ["carfilzomib", DEX]),
    ("KPd", ["carfilzomib", "pomalidomide", DEX]),
    ("IsaPd", ["isatuximab", "pomalidomide", DEX]),
    ("IsaKd", ["isatuximab", "carfilzomib", DEX]),
    ("EPd", ["elotuzumab", "pomalidomide", DEX]),
    ("ERd", ["elotuzumab", "lenalidomide", DEX]),
    ("IRd", ["ixazomib", "lenalidomide", DEX]),
    ("PVd", ["pomalidomide", "bortezomib", DEX]),
    ("SVd", ["selinexor", "bortezomib", DEX]),
    ("XVd", ["selinexor", "bortezomib", DEX]),
    ("XPd", ["selinexor", "pomalidomide", DEX]),
    ("SPd", ["selinexor", "pomalidomide", DEX]),
    ("Xd", ["selinexor", DEX]),
    ("BVd", ["belantamab mafodotin", "bortezomib", DEX]),
    ("BPd", ["belantamab mafodotin", "pomalidomide", DEX]),
    ("Td", ["thalidomide", DEX]),
    ("VTd", ["bortezomib", "thalidomide", DEX]),
    ("VRd", ["bortezomib", "lenalidomide", DEX]),
    ("RVd", ["bortezomib", "lenalidomide", DEX]),
    ("VCd", ["bortezomib", "cyclophosphamide", DEX]),
    ("CyBorD", ["bortezomib", "cyclophosphamide", DEX]),
    ("Tec-Dara", ["teclistamab", "daratumumab"]),
    ("IberDd", ["iberdomide", "daratumumab", DEX]),
    # Issue 9: regimens a relapsed patient in 2026 is likely to list.
    ("Rd", ["lenalidomide", DEX]),
    ("Pd", ["pomalidomide", DEX]),
    ("D-VRd", ["daratumumab", "bortezomib", "lenalidomide", DEX]),
    ("Isa-VRd", ["isatuximab", "bortezomib", "lenalidomide", DEX]),
    ("DCEP", [DEX, "cyclophosphamide", "etoposide", "cisplatin"]),
    (
        "VDT-PACE",
        ["bortezomib", DEX, "thalidomide", "cisplatin", "doxorubicin", "cyclophosphamide", "etoposide"],
    ),
]
REGIMEN = dict(REGIMENS)

REGIMEN_SPELLINGS = [
    pytest.param(spelling, generics, id=spelling)
    for abbreviation, generics in REGIMENS
    for spelling in dict.fromkeys([abbreviation, abbreviation.lower()])
] + [
    pytest.param("KRD", REGIMEN["KRd"], id="KRD"),
    pytest.param("cybord", REGIMEN["CyBorD"], id="cybord"),
    pytest.param("TEC-DARA", REGIMEN["Tec-Dara"], id="TEC-DARA"),
    pytest.param("tec dara", REGIMEN["Tec-Dara"], id="tec dara"),
    pytest.param("Dara-VRd", REGIMEN["D-VRd"], id="Dara-VRd"),
    pytest.param("DVRd", REGIMEN["D-VRd"], id="DVRd"),
    pytest.param("Isa VRd", REGIMEN["Isa-VRd"], id="Isa VRd"),
    pytest.param("VTD-PACE", REGIMEN["VDT-PACE"], id="VTD-PACE"),
]


@pytest.mark.parametrize(("query", "generics"), REGIMEN_SPELLINGS)
def test_regimen_shows_its_drugs(run, query, generics):
    result = run("drugs", query, "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert data["kind"] == "regimen"
    assert sorted(d["name"] for d in data["drugs"]) == sorted(generics)


@pytest.mark.parametrize(("abbreviation", "generics"), REGIMENS)
def test_regimen_text_names_each_drug(run, abbreviation, generics):
    result = run("drugs", abbreviation)
    assert result.exit_code == 0, result
    text = _flat(result.stdout)
    for generic in generics:
        assert generic in text
    # Each drug of the combination is described, not only named.
    assert text.count("what to know") >= len(generics)


def test_overview_lists_every_class_and_drug(run, shipped):
    result = run("drugs")
    assert result.exit_code == 0, result
    text = _flat(result.stdout)
    for drug in shipped.drugs:
        assert drug.name.lower() in text
        for brand in drug.brands:
            assert brand.lower() in text
    for regimen in shipped.regimens:
        assert regimen.abbreviation.lower() in text


# ------------------------------------------------------------------------------------ status words


@pytest.mark.parametrize(
    ("query", "withdrawn"),
    [("Farydak", True), ("Pepaxto", True), ("panobinostat", True), ("Blenrep", False), ("Velcade", False)],
)
def test_withdrawn_drugs_say_so(run, query, withdrawn):
    data = json.loads(run("drugs", query, "--format", "json").stdout)
    assert data["drug"]["withdrawn"] is withdrawn
    text = _flat(run("drugs", query).stdout)
    if withdrawn:
        assert "withdrawn" in text or "no longer sold" in text
    else:
        assert "no longer sold" not in text


def _overview_rows(run) -> dict[str, str]:
    """Drug name -> its row of the overview table (Markdown: one row per line)."""
    text = run("drugs", "--format", "markdown").stdout
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4:
            rows[cells[0]] = line.lower()
    return rows


def test_overview_marks_each_withdrawn_and_off_label_drug_and_no_other(run, shipped):
    rows = _overview_rows(run)
    for drug in shipped.drugs:
        assert drug.name in rows, f"{drug.name} has no row in the overview"
        row = rows[drug.name]
        assert ("withdrawn" in row) is drug.withdrawn, row
        assert ("off-label" in row) is (drug.off_label and not drug.withdrawn), row


@pytest.mark.parametrize(
    ("name", "word"),
    [("panobinostat", "withdrawn"), ("melphalan flufenamide", "withdrawn"), ("venetoclax", "off-label")],
)
def test_the_overview_marks_the_drugs_the_issue_names(run, name, word):
    rows = _overview_rows(run)
    assert name in rows
    assert word in rows[name]


def test_venetoclax_is_off_label(run):
    data = json.loads(run("drugs", "Venclexta", "--format", "json").stdout)
    assert data["drug"]["off_label"] is True


@pytest.mark.parametrize("drug_id", [d.id for d in SHIPPED.drugs])
def test_every_drug_page_dates_its_status(shipped, drug_id):
    """Issue 9: status lines are checked again, with dates. Each page says when its status was true."""
    import datetime as dt

    from rrmm_prep.render import browse
    from rrmm_prep.render.text import render_text

    drug = shipped.drug_by_id[drug_id]
    day = dt.date.fromisoformat(drug.status_date)
    assert day <= dt.date.fromisoformat(drug.reviewed), "a status dated after the entry's review"
    text = flat(render_text(browse.drug_doc(shipped, drug), 1000))
    assert f"{flat(drug.status)} (as of {drug.status_date})" in text


# ------------------------------------------------------------------------------------ the US label (issue 16)

CAR_T_RISKS = ["CRS", "ICANS", "HLH", "IEC-HS", "low blood counts", "T-cell cancers"]
BISPECIFIC_RISKS = ["CRS", "neurologic toxicity", "ICANS"]
IMID_RISKS = ["birth defects", "blood clots"]
BOXED = {  # drug id -> what its boxed warning must name (current US labels, checked 2026-12-02)
    "lenalidomide": [*IMID_RISKS, "white blood cells and platelets", "heart attack"],
    "pomalidomide": [*IMID_RISKS, "heart attack"],
    "thalidomide": IMID_RISKS,
    "iberdomide": ["birth defects", "blood clots"],
    "belantamab-mafodotin": ["eye", "cornea", "before each dose"],
    "teclistamab": BISPECIFIC_RISKS,
    "elranatamab": BISPECIFIC_RISKS,
    "talquetamab": BISPECIFIC_RISKS,
    "linvoseltamab": BISPECIFIC_RISKS,
    "idecabtagene-vicleucel": CAR_T_RISKS,
    "ciltacabtagene-autoleucel": [*CAR_T_RISKS, "Parkinson", "Guillain-Barre", "enterocolitis"],
}
REMS = {
    "lenalidomide",
    "pomalidomide",
    "thalidomide",
    "belantamab-mafodotin",
    *[d for d in BOXED if BOXED[d] is BISPECIFIC_RISKS],
}


@pytest.mark.parametrize(("drug_id", "words"), BOXED.items(), ids=list(BOXED))
def test_each_boxed_warning_names_the_risks_on_its_label(shipped, drug_id, words):
    warning = shipped.drug_by_id[drug_id].boxed_warning or ""
    for word in words:
        assert word.lower() in warning.lower(), (
            f"{drug_id}: the boxed warning does not name {word!r}: {warning}"
        )


def test_only_the_drugs_with_a_boxed_warning_on_their_label_have_one(shipped):
    assert {d.id for d in shipped.drugs if d.boxed_warning} == set(BOXED)


def test_rems_is_named_where_the_label_requires_one_and_car_t_says_it_ended(shipped):
    assert {d.id for d in shipped.drugs if d.rems} == REMS
    for car_t in shipped.drugs_in("car-t"):
        assert "June 2025" in car_t.status and "REMS" in car_t.status, car_t.id
        know = " ".join(car_t.know)
        assert "2 weeks" in know and "drive" in know, f"{car_t.id}: no 2-week stay and no-driving line"


def test_the_cilta_cel_page_does_not_make_enterocolitis_its_only_boxed_warning(shipped):
    """Content review finding 8: the October 2025 addition joined a boxed warning that already named others."""
    d = shipped.drug_by_id["ciltacabtagene-autoleucel"]
    text = " ".join([*d.know, d.status])
    assert "a boxed warning for gut swelling" not in text
    assert "already named other serious risks" in d.status


def test_anti_cd38_pages_say_what_the_label_says_about_hepatitis_b_and_the_blood_bank(shipped):
    dara = " ".join(shipped.drug_by_id["daratumumab"].know)
    assert "hepatitis B" in dara and "before you start" in dara
    for d in shipped.drugs_in("anti-cd38-antibody"):
        assert "blood" in " ".join(d.know) and d.label_reviewed and not d.boxed_warning, d.id


def test_labels_say_cannot_have_a_transplant_not_when_none_is_planned(shipped):
    """Content review finding 9: the labels say transplant-ineligible."""
    texts = [d.status for d in shipped.drugs] + [r.note or "" for r in shipped.regimens]
    assert not [t for t in texts if "transplant is planned" in t or "transplant is not planned" in t]
    assert "cannot have a transplant" in shipped.drug_by_id["daratumumab"].status


@pytest.mark.parametrize(
    ("spelling", "regimen_id", "other"),
    [("CPd", "pcd", "carfilzomib"), ("D-CRd", "d-krd", "cyclophosphamide")],
)
def test_a_short_name_that_can_mean_two_mixes_says_so(run, spelling, regimen_id, other):
    out = _flat(run("drugs", spelling).stdout)
    assert other in out and "check which drugs" in out


@pytest.mark.parametrize("query", ["Tecvayli", "Blenrep", "Revlimid"])
def test_a_drug_page_shows_its_boxed_warning_and_rems_plainly(run, shipped, query):
    out = flat(run("drugs", query).stdout)
    assert "From the US label" in out
    assert "Boxed warning (the FDA's strongest warning):" in out
    assert "Safety program (REMS):" in out
    assert "Label checked 2026-12-02." in out
    data = json.loads(run("drugs", query, "--format", "json").stdout)
    assert data["drug"]["boxed_warning"] and data["drug"]["rems"] and data["drug"]["label_sources"]


def test_a_checked_label_without_a_boxed_warning_says_so(run):
    out = flat(run("drugs", "Darzalex").stdout)
    assert "No boxed warning on the US label." in out
    assert "Safety program (REMS)" not in out


def test_a_drug_without_a_label_note_shows_no_label_section(run):
    assert "From the US label" not in flat(run("drugs", "Velcade").stdout)


# ------------------------------------------------------------------------------------ typos and unknowns


@pytest.mark.parametrize(
    ("typo", "suggested"),
    [
        ("bortezmib", "bortezomib"),
        ("bortezomb", "bortezomib"),
        ("darzalx", "daratumumab"),
        ("pomalidomid", "pomalidomide"),
        ("Velcde", "bortezomib"),
        ("carfilzomb", "carfilzomib"),
        ("lenalidomid", "lenalidomide"),
        ("Revlimd", "lenalidomide"),
        ("Kiprolis", "carfilzomib"),
        ("teclistimab", "teclistamab"),
    ],
)
def test_typo_suggests_the_right_name(run, typo, suggested):
    result = run("drugs", typo)
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "did you mean" in result.stderr.lower()
    assert suggested in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("word", ["xyzzyplugh", "aspirin-zz", "12345"])
def test_unknown_word_without_a_close_match(run, word):
    result = run("drugs", word)
    assert result.exit_code != 0
    assert result.stdout == ""
    assert word in result.stderr
    assert "did you mean" not in result.stderr.lower()
    assert "rrmm-prep drugs" in result.stderr
    assert "Traceback" not in result.output


def _suggested(stderr: str) -> list[str]:
    """The suggestions of a "Did you mean: A (x and y); B?" message."""
    m = re.search(r"Did you mean: (.*)\?", flat(stderr))
    assert m, f"no suggestion in: {stderr}"
    return [x.strip() for x in m.group(1).split(";")]


def _short_regimen_typos() -> list:
    """A near miss (the last letter typed twice) of every short regimen name that is not itself a name."""
    from rrmm_prep.content.lookup import Index
    from rrmm_prep.errors import NotFoundError

    index = Index(SHIPPED)
    rows = []
    for r in SHIPPED.regimens:
        typo = r.abbreviation + r.abbreviation[-1]
        if len(r.abbreviation) > 4:
            continue
        try:
            index.find(typo)
        except NotFoundError:
            rows.append(pytest.param(typo, r.id, id=typo))
    return rows


@pytest.mark.parametrize("command", ["drugs", "explain"])
@pytest.mark.parametrize(
    ("typo", "meant"),
    [("Pdd", "Pd"), ("SPdd", "SPd"), ("Rdd", "Rd"), ("KRdd", "KRd"), ("DPdd", "DPd"), ("Xdd", "Xd")],
)
def test_a_near_miss_of_a_short_regimen_name_suggests_it_with_its_drugs(run, command, typo, meant):
    """Issue 9: "Pd" once suggested only "SPd", a selinexor combination. A suggestion always says its drugs."""
    result = run(command, typo)
    assert result.exit_code != 0
    shown = _suggested(result.stderr)
    [hit] = [x for x in shown if x.split(" (")[0] == meant]
    for drug in REGIMEN[meant]:
        assert drug in hit, f"'{meant}' is suggested without {drug}: {hit}"


@pytest.mark.parametrize(("typo", "meant"), _short_regimen_typos())
def test_no_regimen_is_ever_suggested_without_its_drugs(run, typo, meant):
    from rrmm_prep.content.lookup import Index

    index = Index(SHIPPED)
    result = run("drugs", typo)
    assert result.exit_code != 0
    shown = _suggested(result.stderr)
    found = [index.find(x.partition(" (")[0]) for x in shown]  # every suggestion is a name `drugs` knows
    assert meant in [m.regimen.id for m in found if m.regimen], "the regimen meant is not suggested"
    for suggestion in shown:
        name, _, rest = suggestion.partition(" (")
        match = index.find(name)
        if match.kind in ("regimen", "class"):
            assert rest, f"'{name}' is suggested for '{typo}' without its drugs"
            for drug in match.drugs:
                assert drug.name in rest, f"'{name}' is suggested for '{typo}' without {drug.name}"


# ------------------------------------------------------------------------------------ output formats

PIPED_COMMANDS = [
    ["drugs"],
    ["drugs", "Velcade"],
    ["drugs", "KRd"],
    ["drugs", "CAR-T"],
    ["drugs", "BCMA"],
    ["drugs", "teclistamab"],
    ["questions"],
    ["explain"],
    ["explain", "CRS"],
    ["drugs", "bortezmib"],
    ["--help"],
    ["drugs", "--help"],
]


@pytest.mark.parametrize("args", PIPED_COMMANDS, ids=" ".join)
def test_piped_output_has_no_escape_codes(run, args):
    result = run(*args, env={"TERM": "xterm-256color", "RRMM_PREP_DEBUG": None})
    assert result.stdout or result.stderr
    assert "\x1b[" not in result.stdout
    assert "\x1b[" not in result.stderr


@pytest.mark.parametrize(("typed", "code"), [("Velcade", 0), ("bortezmib", 1)])
def test_the_installed_script_writes_no_escape_codes_into_a_pipe(script, typed, code):
    """A real pipe, and a typo's message (stderr) through the installed script: no escape codes, no traceback."""
    result = script("drugs", typed, env={"TERM": "xterm-256color"})
    assert result.exit_code == code, result
    assert "bortezomib" in (result.stderr if code else result.stdout)
    assert "\x1b[" not in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def terminal(monkeypatch):
    """Standard output is a terminal (Rich writes escape codes into the captured stream); standard input is not,
    so nothing pages."""
    return pretend_terminal(monkeypatch)


@pytest.fixture
def markup_folder(tmp_path, build_tree):
    """Custom content whose text looks like Rich markup, Markdown and HTML."""
    files = dict(BASE)
    files["drug_classes.yaml"] = (
        files["drug_classes.yaml"]
        .replace(
            "what_it_does: It does a test thing.", 'what_it_does: "Use [bold]x[/] and [/] and [red]y here."'
        )
        .replace(
            "- One thing to know.", '- "Tags like <b>raw</b> and *stars* and [link](http://x.y) stay text."'
        )
        .replace("given: a pill by mouth", 'given: "a pill [/] by mouth"')
    )
    return build_tree(tmp_path, files)


MARKUP_TEXTS = ["Use [bold]x[/] and [/] and [red]y here.", "a pill [/] by mouth"]


@pytest.mark.parametrize("fmt", ["auto", "text"])
def test_content_that_looks_like_markup_is_shown_as_text_on_a_terminal(run, terminal, markup_folder, fmt):
    result = run("--content", markup_folder, "drugs", "zztestdrug", "--format", fmt, env=terminal)
    assert result.exit_code == 0, result
    if fmt == "auto":
        assert "\x1b[" in result.stdout, "the Rich terminal path was not taken"
    plain = _flat(strip_ansi(result.stdout))
    for text in MARKUP_TEXTS:
        assert _flat(text) in plain
    assert "<b>raw</b>" in plain


def test_class_and_regimen_views_show_markup_as_text(run, terminal, markup_folder):
    for query in ("zz test class", "ZZQd", "ZZTARGET"):
        result = run("--content", markup_folder, "drugs", query, env=terminal)
        assert result.exit_code == 0, result
        assert "a pill [/] by mouth" in _flat(strip_ansi(result.stdout))


@pytest.fixture
def escapes_folder(tmp_path, build_tree):
    """Custom content with terminal escapes (YAML escapes in quoted text): set the clipboard, clear the screen,
    a C1 control, a link."""
    files = dict(BASE)
    files["drug_classes.yaml"] = files["drug_classes.yaml"].replace(
        "what_it_does: It does a test thing.",
        'what_it_does: "It does \\e]52;c;SGVsbG8=\\a a \\e[2J\\e[H test \\x9b31m thing."',
    )
    files["glossary.yaml"] = files["glossary.yaml"].replace(
        "meaning: A made-up word used in tests.",
        'meaning: "A made-up \\e]8;;https://example.org\\e\\\\word\\e]8;;\\e\\\\ used in tests."',
    )
    return build_tree(tmp_path, files)


@pytest.mark.parametrize("fmt", ["auto", "text", "markdown", "json"])
@pytest.mark.parametrize("args", [["drugs", "zztestdrug"], ["explain", "zzterm"], ["explain"]], ids=" ".join)
def test_escapes_in_content_never_reach_the_terminal(run, terminal, escapes_folder, fmt, args):
    """Issue 12: OSC 52, clear-screen, OSC 8 and C1 controls in a content pack are shown, never acted on."""
    result = run("--content", escapes_folder, *args, "--format", fmt, env=terminal)
    assert result.exit_code == 0, result
    out = SGR_RE.sub("", result.stdout)  # Rich's own colours and bold; anything else came from the content
    for raw in ("\x1b", "\x07", "\x9b"):
        assert raw not in out, f"{raw!r} reached the terminal"
    if fmt == "json":
        assert "\\u001b" in result.stdout
    else:  # shown as a visible escape, as a Markdown viewer shows it too
        assert "^[" in (md_text(out) if fmt == "markdown" else out)


def test_markdown_keeps_markup_as_text(run, markup_folder):
    from markdown_it import MarkdownIt

    result = run("--content", markup_folder, "drugs", "zztestdrug", "--format", "markdown")
    assert result.exit_code == 0, result
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "Use [bold]x[/] and [/] and [red]y here." in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "*stars*" in html
    assert "<a href" not in html


def test_no_color_on_a_terminal(run, terminal, tmp_path, build_tree):
    # The made-up class has a warning sign, so the drug page has the red call-out box.
    folder = build_tree(tmp_path, BASE)
    coloured = run("--content", folder, "drugs", "zztestdrug", env=terminal)
    assert coloured.exit_code == 0, coloured
    assert colour_codes(coloured.stdout), "expected some colour without NO_COLOR (the call-out box)"
    plain = run("--content", folder, "drugs", "zztestdrug", env={**terminal, "NO_COLOR": "1"})
    assert plain.exit_code == 0, plain
    assert colour_codes(plain.stdout) == []
    assert _flat(strip_ansi(plain.stdout)) == _flat(strip_ansi(coloured.stdout))


@pytest.mark.parametrize(
    "args",
    [
        ["drugs"],
        ["drugs", "Velcade"],
        ["drugs", "KRd"],
        ["drugs", "IMiD"],
        ["drugs", "BCMA"],
        ["questions"],
        ["explain"],
        ["explain", "MRD"],
    ],
    ids=" ".join,
)
def test_json_output_parses(run, args):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert data


@pytest.mark.parametrize(
    ("args", "heading"),
    [
        (["drugs", "Velcade"], "bortezomib"),
        (["drugs", "KRd"], "KRd"),
        (["drugs", "IMiD"], "immunomodulatory"),
        (["drugs"], "class"),
        (["questions"], "question"),
        (["explain", "MRD"], "MRD"),
        (["explain"], "words"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_markdown_output_parses(run, args, heading):
    from markdown_it import MarkdownIt

    result = run(*args, "--format", "markdown")
    assert result.exit_code == 0, result
    assert "\x1b[" not in result.stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings, result.stdout
    assert heading.lower() in headings[0].lower()
    assert any(t.type in ("bullet_list_open", "ordered_list_open", "table_open") for t in tokens)


def test_markdown_overview_has_tables(run):
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(run("drugs", "--format", "markdown").stdout)
    assert sum(t.type == "table_open" for t in tokens) >= 5


# ------------------------------------------------------------------------------------ narrow terminals


def test_narrow_plain_text_wraps_without_losing_words(run, shipped):
    drug = shipped.drug_by_id["bortezomib"]
    result = run("drugs", "Velcade", env={"COLUMNS": "40"})
    assert result.exit_code == 0, result
    long_lines = [line for line in result.stdout.splitlines() if len(line) > 40]
    assert not long_lines, long_lines
    flat = " ".join(result.stdout.split())
    for text in (drug.what_it_does, *drug.know, drug.given):
        assert " ".join(text.split()) in flat


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("query", ["Velcade", "teclistamab", "KRd"])
def test_narrow_terminal_wraps_without_losing_words(run, terminal, query):
    """At 40 columns the terminal view holds every word the plain-text view holds, none cut or split."""
    plain = run("drugs", query, "--format", "text", env={"COLUMNS": "40"})
    result = run("drugs", query, env={**terminal, "COLUMNS": "40"})
    assert result.exit_code == 0, result
    out = strip_ansi(result.stdout)
    long_lines = [line for line in out.splitlines() if len(line) > 40]
    assert not long_lines, long_lines
    missing = _words(plain.stdout) - _words(out)
    assert not missing, f"words lost or split at 40 columns: {dict(missing)}\n{out}"


def test_narrow_overview_keeps_every_drug_name(run, terminal, shipped):
    result = run("drugs", env={**terminal, "COLUMNS": "40"})
    assert result.exit_code == 0, result
    out = strip_ansi(result.stdout)
    assert max(len(line) for line in out.splitlines()) <= 40
    words = _words(out)
    for drug in shipped.drugs:
        for name in (drug.name, *drug.brands):
            for word in _words(name):
                assert word in words, f"{word!r} (from {name!r}) is cut or split at 40 columns:\n{out}"


@pytest.mark.parametrize("query", ["Velcade", "teclistamab"])
def test_terminal_headings_stand_on_their_own_line(run, terminal, shipped, query):
    from rrmm_prep.content.lookup import Index
    from rrmm_prep.render import browse
    from rrmm_prep.render.doc import Heading

    doc = browse.match_doc(shipped, Index(shipped).find(query))
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings
    result = run("drugs", query, env=terminal)
    lines = {line.strip() for line in strip_ansi(result.stdout).splitlines()}
    run_together = [h for h in headings if h not in lines]
    assert not run_together, (
        f"headings sharing a line with other text: {run_together}\n{strip_ansi(result.stdout)}"
    )


# ------------------------------------------------------------------------------------ paging

BROWSING = [["drugs", "DPd"], ["drugs"], ["questions"], ["explain"], ["explain", "KRd"], ["visits", "show"]]


@pytest.fixture
def a_visit(run):
    from helpers import REPO

    result = run("new-visit", "--answers", REPO / "docs" / "sample-answers.yaml")
    assert result.exit_code == 0, result


@pytest.mark.parametrize("args", BROWSING, ids=" ".join)
def test_piped_browsing_output_never_pages_and_no_pager_is_accepted(run, a_visit, args):
    from rrmm_prep import ui

    piped = run(*args)
    assert piped.exit_code == 0, piped
    assert len(piped.stdout.splitlines()) > 30, "too short to page: the test would prove nothing"
    assert ui.PAGER_PROMPT.split(",")[0] not in piped.stdout
    no_pager = run(*args, "--no-pager")
    assert no_pager.exit_code == 0, no_pager
    assert no_pager.stdout == piped.stdout


@pytest.fixture
def key_presses(monkeypatch):
    """The pager's key reader, scripted: Space every time; the prompts it showed are kept in the list."""
    from rrmm_prep import ui

    shown: list[str] = []

    def read_key(prompt: str) -> str:
        shown.append(prompt)
        return " "

    monkeypatch.setattr(ui, "_read_key", read_key)
    return shown


@pytest.mark.parametrize("args", BROWSING, ids=" ".join)
def test_on_a_terminal_a_long_page_pages_and_no_pager_turns_it_off(
    run, monkeypatch, a_visit, key_presses, args
):
    from rrmm_prep import ui

    env = {**pretend_terminal(monkeypatch, stdin=True), "LINES": "24", "NO_COLOR": "1"}
    paged = run(*args, env=env)
    assert paged.exit_code == 0, paged
    assert key_presses, "a long page on a terminal did not page"
    assert all(p.startswith(ui.PAGER_PROMPT) for p in key_presses)
    key_presses.clear()
    whole = run(*args, "--no-pager", env=env)
    assert whole.exit_code == 0, whole
    assert key_presses == []
    # Space all the way through shows every line that --no-pager shows.
    assert _words(strip_ansi(paged.stdout)) == _words(strip_ansi(whole.stdout))


def test_a_terminal_page_that_fits_the_screen_does_not_page(run, monkeypatch, key_presses):
    env = {**pretend_terminal(monkeypatch, stdin=True), "LINES": "100"}
    result = run("explain", "MRD", env=env)
    assert result.exit_code == 0, result
    assert key_presses == []


# ------------------------------------------------------------------------------------ questions


def test_questions_lists_every_topic(run, shipped):
    result = run("questions")
    assert result.exit_code == 0, result
    text = _flat(result.stdout)
    for topic in shipped.topics:
        assert topic.title.lower() in text
        for question in topic.questions:
            assert _flat(question.text) in text


def test_each_topic_by_id_and_by_title(run, shipped):
    for topic in shipped.topics:
        for query in (topic.id, topic.title):
            result = run("questions", query)
            assert result.exit_code == 0, (query, result)
            text = _flat(result.stdout)
            for question in topic.questions:
                assert _flat(question.text) in text
            others = [
                t for t in shipped.topics if t.id != topic.id and t.title.lower() not in topic.title.lower()
            ]
            for other in others:
                assert other.title.lower() not in text.replace(topic.title.lower(), ""), (query, other.title)


@pytest.mark.parametrize("word", ["costs", "trials", "options", "side effects"])
def test_topics_the_issue_asks_for(run, word):
    result = run("questions", word)
    assert result.exit_code == 0, result
    assert result.stdout.strip()


def test_question_ids_are_unique(shipped):
    ids = [q.id for t in shipped.topics for q in t.questions]
    assert len(ids) == len(set(ids))


REVIEW_QUESTIONS = [  # content review 2026-12-02, findings 12, 17 and 22: (question, a treatment that suggests it)
    ("cell-therapy-fit", "lenalidomide"),  # cilta-cel and Tec-Dara are approved after one prior line
    ("side-effects-hepatitis-b", "daratumumab"),
    ("side-effects-vaccines-again", "ciltacabtagene-autoleucel"),
    ("side-effects-vaccines-again", "autologous-stem-cell-transplant"),
    ("side-effects-antibodies", "elranatamab"),
    ("cell-therapy-driving", "idecabtagene-vicleucel"),
    ("cell-therapy-driving-bispecific", "teclistamab"),
    ("cell-therapy-wallet-card", "talquetamab"),
    ("cell-therapy-comes-back", "ciltacabtagene-autoleucel"),
    ("cell-therapy-bcma-order", "belantamab-mafodotin"),
    ("myeloma-outlook", "idecabtagene-vicleucel"),
]


def _visit_with(drug_id: str = "", reason_id: str = ""):
    from rrmm_prep.model.visit import Treatment, Visit

    v = Visit(id="test-visit", created="2026-12-01T09:00:00")
    v.info.date = "2026-12-03"
    v.info.reason_ids = [reason_id] if reason_id else []
    if drug_id:
        v.treatments = [Treatment(name=drug_id, kind="drug", ref=drug_id, drugs=[drug_id])]
    return v


@pytest.mark.parametrize(
    ("question_id", "drug_id"), REVIEW_QUESTIONS, ids=[f"{q}-{d}" for q, d in REVIEW_QUESTIONS]
)
def test_the_questions_the_review_found_missing_are_suggested_by_what_the_person_had(
    shipped, question_id, drug_id
):
    from rrmm_prep.content import rules

    assert shipped.question_by_id[question_id].sources
    assert question_id in rules.suggestions(shipped, _visit_with(drug_id)), f"{question_id} after {drug_id}"


@pytest.mark.parametrize(
    "question_id",
    [
        "cell-therapy-bridging",
        "cell-therapy-bcma-order",
        "cell-therapy-car-t-stay",
        "cell-therapy-driving-bispecific",
    ],
)
def test_talking_about_car_t_or_a_bispecific_suggests_the_questions_to_ask_before(shipped, question_id):
    from rrmm_prep.content import rules

    assert question_id in rules.suggestions(shipped, _visit_with(reason_id="car-t-or-bispecific"))


def test_the_car_t_stay_and_driving_questions_say_two_weeks(shipped):
    for question_id in ("cell-therapy-car-t-stay", "cell-therapy-driving"):
        assert "2 weeks" in shipped.question_by_id[question_id].why, question_id


def test_unknown_topic(run, shipped):
    result = run("questions", "zzzz-nothing")
    assert result.exit_code != 0
    assert result.stdout == ""
    for topic in shipped.topics:
        assert topic.id in result.stderr
    assert "Traceback" not in result.output


def test_misspelt_topic_suggests_one(run, shipped):
    topic = max(shipped.topics, key=lambda t: len(t.id))
    typo = topic.id[0] + topic.id[2] + topic.id[1] + topic.id[3:]
    result = run("questions", typo)
    assert result.exit_code != 0
    assert "did you mean" in result.stderr.lower()
    assert f"'{topic.id}'" in result.stderr


# ------------------------------------------------------------------------------------ explain


@pytest.mark.parametrize(
    ("word", "term_word"),
    [
        ("refractory", "refractory"),
        ("Refractory", "refractory"),
        ("relapsed", "relapsed"),
        ("MRD", "mrd"),
        ("mrd", "mrd"),
        ("crs", "cytokine release"),
        ("CRS", "cytokine release"),
        ("ICANS", "icans"),
        ("REMS", "rems"),
        ("M-protein", "m-protein"),
        ("M spike", "m-protein"),
        ("free light chains", "free light chains"),
        ("triple-class exposed", "triple-class"),
    ],
)
def test_explain_a_word(run, shipped, word, term_word):
    result = run("explain", word)
    assert result.exit_code == 0, result
    text = _flat(result.stdout)
    assert term_word in text
    from rrmm_prep.content.lookup import find_term

    term = find_term(shipped, word)
    assert _flat(term.meaning) in text


@pytest.mark.parametrize(
    ("typo", "suggested"), [("refactory", "refractory"), ("relapsd", "relapsed"), ("ICANZ", "ICANS")]
)
def test_explain_typo_suggests(run, typo, suggested):
    result = run("explain", typo)
    assert result.exit_code != 0
    assert "did you mean" in result.stderr.lower()
    assert suggested.lower() in result.stderr.lower()


# Issue 9: every word the tool itself prints. (kind, id): a glossary word, or the drugs entry it falls back to.
EXPLAIN_WORDS = [
    ("CAR-T", "class", "car-t"),
    ("bispecific", "class", "bispecific-antibody"),
    ("IMiD", "class", "imid"),
    ("proteasome inhibitor", "class", "proteasome-inhibitor"),
    ("anti-CD38", "term", "cd38"),
    ("triple-class exposed", "term", "triple-class-exposed"),
    ("triple-class refractory", "term", "triple-class-refractory"),
    ("MRD", "term", "mrd"),
    ("IVIG", "term", "ivig"),
    ("IgG", "term", "igg-myeloma"),
    ("cytokine", "term", "cytokine"),
    ("cytokines", "term", "cytokine"),
    ("T cells", "term", "t-cell"),
    ("T cell", "term", "t-cell"),
]


@pytest.mark.parametrize(("word", "kind", "entry_id"), EXPLAIN_WORDS, ids=[w for w, _, _ in EXPLAIN_WORDS])
def test_explain_knows_every_word_the_tool_prints(run, shipped, word, kind, entry_id):
    result = run("explain", word)
    assert result.exit_code == 0, result
    data = json.loads(run("explain", word, "--format", "json").stdout)
    text = _flat(result.stdout)
    if kind == "term":
        assert data["id"] == entry_id
        assert _flat(shipped.term_by_id[entry_id].meaning) in text
    else:
        assert data["kind"] == "class" and data["drug_class"]["id"] == entry_id
        assert _flat(shipped.class_by_id[entry_id].how_it_works) in text
        for drug in shipped.drugs_in(entry_id):
            assert drug.name in text


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("Velcade", "drug"),
        ("bortezomib", "drug"),
        ("dex", "drug"),
        ("Darzalex Faspro", "drug"),
        ("steroid", "class"),
        ("KRd", "regimen"),
        ("D-VRd", "regimen"),
        ("Dara-VRd", "regimen"),
        ("Pd", "regimen"),  # not "PD", the glossary's progression: only the regimen is spelled "Pd"
        ("VDT-PACE", "regimen"),
    ],
)
def test_explain_shows_the_drugs_entry_for_a_drug_class_or_regimen_name(run, word, kind):
    result = run("explain", word)
    assert result.exit_code == 0, result
    assert result.stdout == run("drugs", word).stdout
    assert json.loads(run("explain", word, "--format", "json").stdout)["kind"] == kind


@pytest.mark.parametrize(
    ("word", "term_id"), [("PD", "progression"), ("pd", "progression"), ("BCMA", "bcma")]
)
def test_a_glossary_word_that_is_also_a_drugs_name_stays_the_glossary_word(run, shipped, word, term_id):
    result = run("explain", word)
    assert result.exit_code == 0, result
    assert _flat(shipped.term_by_id[term_id].meaning) in _flat(result.stdout)


def test_explain_unknown_word(run):
    result = run("explain", "xyzzyplugh")
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "xyzzyplugh" in result.stderr
    assert "rrmm-prep explain" in result.stderr
    assert "Traceback" not in result.output


def test_explain_lists_every_word(run, shipped):
    text = _flat(run("explain").stdout)
    for term in shipped.terms:
        assert term.term.lower() in text


def test_every_glossary_spelling_leads_to_one_word(shipped):
    from rrmm_prep.content.records import normalize

    owners: dict[str, str] = {}
    clashes = []
    for term in shipped.terms:
        for spelling in {normalize(s) for s in (term.id, term.term, *term.aliases)}:
            if spelling in owners and owners[spelling] != term.id:
                clashes.append(f"{spelling!r}: {owners[spelling]} and {term.id}")
            owners[spelling] = term.id
    assert not clashes


def test_drug_terms_are_shown_with_the_drug(run, shipped):
    drug = next(d for d in shipped.drugs if d.terms)
    text = _flat(run("drugs", drug.id).stdout)
    for term_id in drug.terms:
        assert _flat(shipped.term_by_id[term_id].meaning) in text


# ------------------------------------------------------------------------------------ a real terminal


@pytest.mark.terminal
@pytest.mark.parametrize("no_color", [False, True])
def test_real_terminal(tmp_path, build_tree, no_color):
    """The installed script in a pseudo-terminal: Rich styling, and colour (the red call-out box of the made-up
    drug's warning sign) only without NO_COLOR."""
    import os

    import pexpect

    from helpers import CONSOLE_SCRIPT

    folder = build_tree(tmp_path, BASE)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(TERM="xterm-256color", RRMM_PREP_CONTENT=str(folder))
    if no_color:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(
        str(CONSOLE_SCRIPT),
        ["drugs", "zztestdrug"],
        env=env,
        encoding="utf-8",
        dimensions=(50, 80),
        timeout=30,
    )
    out = child.read()
    child.close()
    assert child.exitstatus == 0, out
    assert "\x1b[" in out, "a terminal should get Rich styling"
    assert "it does a test thing." in strip_ansi(out).lower()
    assert bool(colour_codes(out)) is not no_color, out
