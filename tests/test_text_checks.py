"""What text may hold (issue 12, bad-inputs B7, B15, C8, C9): control characters, bidirectional
controls, non-ASCII digits in dates, typed identifiers in RDF, lone carriage returns.

- A control character other than tab, LF and CR is refused in every field, at load, with the
  file, line, field and code point: XML cannot hold it, and rdflib's Turtle writer wrote a NUL
  raw, so the export of the memory store could not be read back. Tab, LF and CR round-trip
  through every RDF export of every local store.
- A bidirectional control loads with a warning in free text, is refused in an id, and is
  printed escaped by the command line.
- Dates are written in ASCII digits: ``２０１９`` and ``٢٠٢٠`` were accepted and stored as
  ill-typed literals.
- An identifier is a plain string in RDF: ``"007"^^xsd:integer`` was silently read as "007"
  and is 7 to RDF tools; the plain ``"007"`` comes back as ``"007"`` from every export.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import actorgraph
from _cases import DATA, SOURCE, dataset_of, minimal_with
from actorgraph._csvwrite import write_dataset
from actorgraph._dates import PartialDate

STORES = ["memory", "oxigraph"]


def _claim(quote: str, ident: str = "c1") -> str:
    quoted = '"' + quote.replace('"', '""') + '"'
    return f"{ident},EGY,backs,LNA,,,probable,{SOURCE},{quoted},,,,"


def _load_error(target) -> actorgraph.LoadError:
    with pytest.raises(actorgraph.LoadError) as caught:
        actorgraph.load(target)
    return caught.value


# -- control characters ---------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f",
                                  "\ufffe", "\uffff"])
def test_a_control_character_is_refused_with_its_place(tmp_path, char):
    """Any C0 control but tab, LF and CR (and the non-characters U+FFFE, U+FFFF) in a quote
    fails the load, naming file, line, field and the code point (B15)."""
    err = _load_error(minimal_with(tmp_path / "d", [_claim(f"backed{char}by Egypt")]))
    assert f"claims.csv:2: field 'quote': holds the character U+{ord(char):04X}" in str(err)
    assert len(err.problems) == 1


def test_a_control_character_is_refused_in_rdf_too(tmp_path):
    """The same check applies to a Turtle file (an escaped NUL in a literal)."""
    text = (DATA / "valid" / "minimal-turtle" / "minimal.ttl").read_text(encoding="utf-8")
    path = tmp_path / "nul.ttl"
    path.write_text(text.replace('rdfs:label "Egypt"', 'rdfs:label "Eg\\u0000ypt"'),
                    encoding="utf-8")
    err = _load_error(path)
    assert "actor 'EGY'): field 'label': holds the character U+0000" in str(err)


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
def test_tab_and_line_breaks_survive_every_rdf_export(tmp_path, store, suffix):
    """Tab, LF, CR and CRLF inside a quote come back unchanged from an export in every RDF
    format of every local store (the round trip of B15)."""
    quote = "one\ttwo\nthree\rfour\r\nfive"
    graph = actorgraph.load(minimal_with(tmp_path / "d", [_claim(quote)]), store=store)
    assert graph.claims()[0].quote == quote
    out = graph.export(tmp_path / f"out{suffix}")
    again = actorgraph.load(out)
    assert again.claims() == graph.claims()


# -- bidirectional controls -----------------------------------------------------------------------

BIDI = DATA / "valid" / "bidi-control-in-quote"


def test_a_bidi_control_in_text_loads_with_a_warning():
    """A right-to-left override in a quote is kept as written; the graph's warnings name
    file, line, field and the control (C8)."""
    graph = actorgraph.load(BIDI)
    assert "\u202e" in graph.claims()[0].quote
    (warning,) = graph.warnings
    assert warning.startswith("claims.csv:2: field 'quote': holds bidirectional control "
                              "characters (U+202E (RIGHT-TO-LEFT OVERRIDE), U+202C")


def test_the_command_line_prints_bidi_controls_escaped():
    """``actorgraph claims`` shows the override as ``\\u202e`` in its table, and the loader's
    warning as a ``warning:`` line on stderr: nothing reaches the terminal raw."""
    proc = subprocess.run([sys.executable, "-m", "actorgraph", "claims", "-d", str(BIDI)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "\\u202e" in proc.stdout and "\u202e" not in proc.stdout
    assert "\u202e" not in proc.stderr
    assert proc.stderr.startswith("warning: claims.csv:2: field 'quote'")


#: The value in the warning about BIDI's quote: each control written as one escape (six
#: characters, a backslash then u202e), never the control itself nor a doubled backslash.
BIDI_VALUE = r"(value: 'Haftar’s \u202eymra lanoitaN naybiL\u202c')"


def test_a_warning_shows_the_value_with_each_control_escaped_once():
    (warning,) = actorgraph.load(BIDI).warnings
    assert BIDI_VALUE in warning
    assert r"\\u202e" not in warning and "\u202e" not in warning


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_validate_shows_bidi_controls_escaped_once(fmt):
    r"""``validate`` prints the warning's value as ``\u202e`` (the table) or holds it so in
    JSON (``"\\u202e"`` in the text, six characters once read): it was escaped twice,
    shown as ``\\u202e``."""
    import json

    from click.testing import CliRunner

    from actorgraph._cli import cli

    result = CliRunner().invoke(cli, ["validate", str(BIDI), "--no-shacl", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert r"\\u202e" in result.stdout and r"\\\\u202e" not in result.stdout
        (row,) = json.loads(result.stdout)
        shown = row["message"]
    else:
        shown = result.stdout
    assert BIDI_VALUE in shown
    assert r"\\u202e" not in shown and "\u202e" not in shown


def test_the_table_escapes_terminal_control_sequences(tmp_path):
    """An escape sequence stored by another tool (a store's text is not the loader's) is
    printed as text: the table never sends ESC to the terminal."""
    import click
    from click.testing import CliRunner

    from actorgraph._cli import emit

    @click.command()
    def show():
        emit([{"quote": "a\x1b[2Jb\u2066c"}], "table")

    result = CliRunner().invoke(show)
    assert "a\\x1b[2Jb\\u2066c" in result.output
    assert "\x1b" not in result.output


@pytest.mark.parametrize("case", ["bidi-control-in-id", "zero-width-space-in-id"])
def test_an_invisible_character_in_an_id_is_named(case):
    """An id holding a bidirectional control or a zero-width space is refused, and the
    message names the character, which the user cannot see (C8, C9)."""
    err = _load_error(DATA / "invalid" / case)
    assert "it holds U+20" in str(err)


# -- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ascii_digits", [("２０１９", "2019"), ("٢٠٢٠", "2020"),
                                                ("۲۰۱۹-۰۸", "2019-08"), ("2019-０８-01", "2019-08-01")])
def test_dates_in_other_digits_are_refused_with_the_ascii_form(text, ascii_digits):
    """``\\d`` matched any script's digits; the date is refused and the message gives it in
    ASCII digits."""
    with pytest.raises(ValueError, match=f"in ASCII digits \\('{ascii_digits}'\\)"):
        PartialDate.parse(text)


def test_as_of_in_other_digits_is_a_clear_error():
    """The same rule holds for a filter's date."""
    with pytest.raises(actorgraph.DataError, match="ASCII digits"):
        actorgraph.load().claims(as_of="٢٠١٩")


@pytest.mark.parametrize("case", ["date-fullwidth-digits", "date-arabic-indic-digits"])
def test_no_ill_typed_date_reaches_a_store(case, tmp_path):
    """Before issue 12 these loaded and only SHACL saw the ill-typed literal."""
    assert not actorgraph.validate(DATA / "invalid" / case).ok


# -- identifiers in RDF -----------------------------------------------------------------------------

@pytest.mark.parametrize("literal, shown", [('"007"^^xsd:integer', "'007'^^xsd:integer"),
                                            ('"EGY"^^xsd:token', "'EGY'^^xsd:token"),
                                            ('"EGY"@en', "'EGY'@en")])
def test_a_typed_identifier_is_refused(tmp_path, literal, shown):
    """An identifier with a datatype (or a language) is refused, never read as its lexical
    form alone (B7)."""
    text = (DATA / "valid" / "minimal-turtle" / "minimal.ttl").read_text(encoding="utf-8")
    assert 'dcterms:identifier "EGY"' in text
    path = tmp_path / "typed.ttl"
    path.write_text(text.replace('dcterms:identifier "EGY"', f"dcterms:identifier {literal}"),
                    encoding="utf-8")
    err = _load_error(path)
    assert f"field 'id': typed literal {shown}: 'id' takes a plain string" in str(err)


def test_a_language_tag_on_free_text_is_accepted(tmp_path):
    """A label tagged ``@en`` is still a label (free text may carry a language)."""
    text = (DATA / "valid" / "minimal-turtle" / "minimal.ttl").read_text(encoding="utf-8")
    path = tmp_path / "tagged.ttl"
    path.write_text(text.replace('rdfs:label "Egypt"', 'rdfs:label "Egypt"@en'),
                    encoding="utf-8")
    assert actorgraph.load(path).actor("EGY").label == "Egypt"


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
def test_numeric_looking_ids_keep_their_lexical_form(tmp_path, store, suffix):
    """An id ``007`` is written as the plain string "007" and read back as "007" from every
    export (B7: lexical equality, never 7)."""
    folder = minimal_with(tmp_path / "d", [f"0010,EGY,backs,007,,,probable,{SOURCE},q,,,,"],
                          actors=["007,Libyan unit,armed_group,,LY,,"])
    graph = actorgraph.load(folder, store=store)
    again = actorgraph.load(graph.export(tmp_path / f"out{suffix}"))
    assert again.actor("007").id == "007"
    assert [c.id for c in again.claims()] == ["0010"]
    assert again.claims()[0].object == "007"


# -- lone carriage returns ------------------------------------------------------------------------

def test_lone_carriage_returns_are_part_of_their_field():
    """In a file with LF line ends, a CR alone is a character of its field, quoted or not
    (Python's csv.writer before 3.11.9 leaves it unquoted with lineterminator='\\n')."""
    claims = {c.id: c for c in actorgraph.load(DATA / "valid" / "lone-cr-in-fields").claims()}
    assert claims["c1"].quote == "Haftar’s Libyan\rNational Army"
    assert claims["c2"].quote == "backed by Egypt\rand others"


def test_a_dataset_written_with_lone_crs_reads_back(tmp_path):
    """What actorgraph's own writer makes of a CR in a quote (whatever the Python version
    quotes) loads back as the same claims."""
    graph = actorgraph.load(minimal_with(tmp_path / "d", [_claim("a\rb"), _claim("c\r\rd", "c2")]))
    out = tmp_path / "written"
    write_dataset(out, {"actor": graph.actors(), "source": graph.sources(),
                        "claim": graph.claims()})
    assert actorgraph.load(out).claims() == graph.claims()


def test_an_old_mac_file_is_still_split_at_its_crs(tmp_path):
    """A file with no LF at all (CR line ends) is read line by line, as before."""
    folder = minimal_with(tmp_path / "d")
    for name in ("actors.csv", "sources.csv", "claims.csv"):
        path = folder / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert len(actorgraph.load(folder).claims()) == 4


def test_the_valid_cases_hold_what_their_names_say():
    """The committed cases keep their bytes (an editor may normalise them away)."""
    assert b'Libyan\rNational' in (DATA / "valid" / "lone-cr-in-fields" / "claims.csv").read_bytes()
    assert "\u202e".encode() in (BIDI / "claims.csv").read_bytes()
    assert b"\x00" in (DATA / "invalid" / "nul-in-quote" / "claims.csv").read_bytes()
    assert Path(dataset_of(DATA / "invalid" / "rdf-typed-identifier")).suffix == ".ttl"


def test_a_zero_width_non_joiner_is_kept_in_names(tmp_path):
    """ZWNJ is part of Persian spelling: kept in a name, with no warning (C9)."""
    name = "می\u200cخواهم"
    graph = actorgraph.load(minimal_with(tmp_path / "d", actors=[f"FA,{name},person,,,,"]))
    assert graph.actor("FA").label == name and graph.warnings == []


def test_a_lone_surrogate_never_reaches_a_store(tmp_path):
    """An escaped lone surrogate in Turtle is refused when read, never written (H5)."""
    text = (DATA / "valid" / "minimal-turtle" / "minimal.ttl").read_text(encoding="utf-8")
    path = tmp_path / "surrogate.ttl"
    path.write_text(text.replace('rdfs:label "Egypt"', 'rdfs:label "Eg\\uD800ypt"'),
                    encoding="utf-8")
    _load_error(path)
