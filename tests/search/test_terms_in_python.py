"""The engines' matching rule in Python (for lists kept in memory): word starts, folded, every word needed."""

from __future__ import annotations

from abcd.search.terms import matches, parse_terms


def test_a_word_start_matches_whatever_the_case_or_accents() -> None:
    terms = parse_terms("cor")
    assert matches(terms, "Côr Meibion Caerdydd")
    assert not matches(terms, "Co-op Food Bank")
    assert not matches(terms, "Cowbridge Walkers")
    assert not matches(terms, "Llandaff Decor Club")  # inside a word, not at its start


def test_every_typed_word_is_needed_in_one_of_the_names() -> None:
    terms = parse_terms("sunday sing")
    assert matches(terms, "Adamsdown Sunday Singers")
    assert not matches(terms, "Sunday Walkers")
    assert matches(terms, None, "Cantorion Sunday Singers")  # the Welsh name alone


def test_a_synonym_stands_for_the_word_typed() -> None:
    terms = parse_terms("guitar", {"guitar": (("music",), ("cerddoriaeth",))})
    assert matches(terms, "Splott Music Makers")
    assert matches(terms, "Grŵp Cerddoriaeth")
    assert not matches(terms, "Splott Makers")


def test_a_phrase_alternative_needs_its_words_together() -> None:
    terms = parse_terms("litter picking", {"litter picking": (("clean", "up"),)})
    assert matches(terms, "Grangetown Clean Up Crew")
    assert not matches(terms, "Clean streets, up the valley")
