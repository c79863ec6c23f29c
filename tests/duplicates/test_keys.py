"""Name keys and pair scores, without an app: OpenRefine-style fingerprints and n-grams, in English and Welsh."""

from __future__ import annotations

from abcd.duplicates import keys
from abcd.duplicates.scoring import Record, pairs_within, score_candidates, score_pair


def test_fingerprint_sets_aside_case_punctuation_accents_saint_and_demo_suffix() -> None:
    assert keys.fingerprint("St. Mellons Library") == keys.fingerprint("St Mellons library")
    assert keys.fingerprint("Saint Mellons Library") == keys.fingerprint("st mellons library")
    assert keys.fingerprint("Adamsdown Sunday Singers (demo)") == keys.fingerprint("Adamsdown Sunday Singers")
    assert keys.fingerprint("Canolfan Gymunedol Pen-y-Bryn") == keys.fingerprint("canolfan gymunedol pen y bryn")
    assert keys.fingerprint("Neuadd Tŵr") == keys.fingerprint("Neuadd Twr")
    assert keys.fingerprint("Splott Library") != keys.fingerprint("Splott Pool")


def test_contact_keys_ignore_formatting() -> None:
    assert keys.phone_key("+44 29 2000 1234") == keys.phone_key("029 2000 1234")
    assert keys.email_key(" Hello@Example.org ") == "hello@example.org"
    assert keys.website_key("https://www.example.org/") == keys.website_key("example.org")
    assert keys.postcode_district("CF3 0AB") == "CF3"
    assert keys.postcode_district("cf240lz") == "CF24"


def test_variants_pair_up_with_their_reasons() -> None:
    library = Record(1, ("St. Mellons Library",), postcode="CF3 0AB")
    variant = Record(2, ("St Mellons library",), postcode="CF3 0AB")
    match = score_pair(library, variant)
    assert {reason.code for reason in match.reasons} == {"same_name", "same_postcode"}
    assert match.score >= 0.7


def test_welsh_name_of_one_matches_english_name_of_the_other() -> None:
    english = Record(1, ("Canton Welsh Chat", "Clonc Treganna"))
    welsh_only = Record(2, ("Clonc Treganna (demo)",))
    assert [reason.code for reason in score_pair(english, welsh_only).reasons] == ["same_name"]


def test_unrelated_neighbours_do_not_pair() -> None:
    singers = Record(1, ("Adamsdown Sunday Singers",), postcode="CF24 0LZ")
    neighbours = [
        Record(2, ("Adamsdown Community Garden",), postcode="CF24 0LZ"),
        Record(3, ("Adamsdown Sunday School",), postcode="CF24 0LZ"),
        Record(4, ("Splott Library",), postcode="CF24 0LZ"),
    ]
    assert score_candidates(singers, neighbours) == []
    assert pairs_within([[singers, *neighbours]]) == []


def test_a_typo_pairs_when_the_postcode_matches_too() -> None:
    first = Record(1, ("Riverside Bike Menders",), postcode="CF11 6AA")
    typo = Record(2, ("Riverside Bike Mender",), postcode="CF11 6AA")
    match = score_pair(first, typo)
    assert [reason.code for reason in match.reasons] == ["similar_name", "same_postcode"]
    assert [m.second.record_id for m in score_candidates(first, [typo])] == [2]
