"""Merging two records keeps the union of their links and memberships, answers 301 at the old address, and
unmerging from the snapshot gives both records back with their links; what cannot be carried is refused."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetStatus, SpecialCategory
from abcd.audit.models import AuditEntry
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from tests import factories
from tests.conftest import login
from tests.duplicates.conftest import Variants
from tests.factories import NEWPORT, Cast
from tests.rendered_forms import submit

Ends = tuple[str, int | None, int | None, int | None, int | None]


def _link(link_type: LinkType, **ends: int) -> Link:
    link = Link(link_type=link_type, visibility=Visibility.PUBLIC, **ends)
    db.session.add(link)
    return link


def _links_of(asset_id: int) -> set[Ends]:
    query = sa.select(Link).where(sa.or_(Link.source_asset_id == asset_id, Link.target_asset_id == asset_id))
    return {
        (link.link_type.value, link.source_person_id, link.source_asset_id, link.target_asset_id, link.link_id)
        for link in db.session.scalars(query)
    }


def _seed_links(app: Flask, variants: Variants) -> dict[str, int]:
    """Two members each, one shared, an organiser of the demo record who is a member of the other, a place
    each meets at (one shared), an offer, and a link between the two records."""
    with app.app_context():
        ann, bob, cai = (factories.make_person() for _ in range(3))
        hall, chapel = factories.make_asset(name_en="Clifton Hall"), factories.make_asset(name_en="Bethel Chapel")
        keep, fold = variants.singers, variants.singers_demo
        _link(LinkType.MEMBER_OF, source_person_id=ann.person_id, target_asset_id=keep)
        _link(LinkType.MEMBER_OF, source_person_id=cai.person_id, target_asset_id=keep)
        _link(LinkType.MEMBER_OF, source_person_id=ann.person_id, target_asset_id=fold)
        _link(LinkType.MEMBER_OF, source_person_id=bob.person_id, target_asset_id=fold)
        _link(LinkType.ORGANISES, source_person_id=cai.person_id, target_asset_id=fold)
        _link(LinkType.MEETS_AT, source_asset_id=keep, target_asset_id=hall.asset_id)
        _link(LinkType.MEETS_AT, source_asset_id=fold, target_asset_id=hall.asset_id)
        _link(LinkType.MEETS_AT, source_asset_id=fold, target_asset_id=chapel.asset_id)
        _link(LinkType.PARTNERS_WITH, source_asset_id=keep, target_asset_id=fold)
        db.session.add(VenueOffer(asset_id=fold, direction=OfferDirection.SEEKS, category=OfferCategory.SPACE))
        db.session.commit()
        ids = {"ann": ann.person_id, "bob": bob.person_id, "cai": cai.person_id}
        ids |= {"hall": hall.asset_id, "chapel": chapel.asset_id}
        db.session.remove()
    return ids


def _merge_page(client: FlaskClient, variants: Variants) -> str:
    return f"/duplicates/merge/{variants.singers}/{variants.singers_demo}"


def test_merge_lists_what_moves_then_keeps_the_union_and_redirects(
    app: Flask, client: FlaskClient, people: Cast, variants: Variants
) -> None:
    ids = _seed_links(app, variants)
    with app.app_context():
        before_keep, before_fold = _links_of(variants.singers), _links_of(variants.singers_demo)
    login(client, people.officer_cardiff)
    page = client.get(_merge_page(client, variants))
    text = page.get_data(as_text=True)
    assert "3 memberships" in text
    assert "3 links to other records" in text  # two places and the link between the two records
    assert "1 offer or request" in text
    assert "history entr" in text
    assert "kept once, not twice" in text
    response = submit(client, page, button="Merge these records", fill={"keep_name_cy": "merged"})
    assert response.status_code == 302
    merge_page = client.get(response.headers["Location"])
    assert "Undo this merge" in merge_page.get_data(as_text=True)

    with app.app_context():
        keep = db.session.get(factories.Asset, variants.singers)
        fold = db.session.get(factories.Asset, variants.singers_demo)
        assert keep is not None
        assert fold is not None
        assert keep.name_en == "Adamsdown Sunday Singers"
        assert keep.name_cy == "Cantorion Sul Adamsdown (demo)"  # chosen from the other record
        assert fold.status is AssetStatus.ARCHIVED
        assert _links_of(variants.singers_demo) == set()
        members = {(t, p) for t, p, _s, target, _id in _links_of(variants.singers) if p is not None}
        assert members == {("member_of", ids["ann"]), ("member_of", ids["bob"]), ("organises", ids["cai"])}
        places = {target for t, _p, s, target, _id in _links_of(variants.singers) if t == "meets_at"}
        assert places == {ids["hall"], ids["chapel"]}
        assert not any(t == "partners_with" for t, *_rest in _links_of(variants.singers))
        offers = db.session.scalars(sa.select(VenueOffer.asset_id)).all()
        assert offers == [variants.singers]
        channels = db.session.scalars(
            sa.select(AuditEntry.channel).where(
                AuditEntry.entity_type == "asset", AuditEntry.entity_id == keep.asset_id
            )
        ).all()
        assert "merge" in channels

    old = client.get(f"/assets/{variants.singers_demo}")
    assert old.status_code == 301
    assert old.headers["Location"].endswith(f"/assets/{variants.singers}")
    anonymous = app.test_client().get(f"/assets/{variants.singers_demo}")
    assert anonymous.status_code == 301

    undone = submit(client, merge_page, button="Undo this merge", follow_redirects=True)
    assert "separate again" in undone.get_data(as_text=True)
    with app.app_context():
        assert _links_of(variants.singers) == before_keep
        assert _links_of(variants.singers_demo) == before_fold
        fold = db.session.get(factories.Asset, variants.singers_demo)
        keep = db.session.get(factories.Asset, variants.singers)
        assert fold is not None
        assert keep is not None
        assert fold.status is AssetStatus.PUBLISHED
        assert keep.name_cy is None
        assert db.session.scalars(sa.select(VenueOffer.asset_id)).all() == [variants.singers_demo]
    assert client.get(f"/assets/{variants.singers_demo}").status_code == 200


def test_merge_refuses_a_record_changed_since_the_page_was_shown(
    app: Flask, client: FlaskClient, people: Cast, variants: Variants
) -> None:
    login(client, people.officer_cardiff)
    page = client.get(f"/duplicates/merge/{variants.library}/{variants.library_again}")
    with app.app_context():
        again = db.session.get(factories.Asset, variants.library_again)
        assert again is not None
        again.address = "Crickhowell Road"
        db.session.commit()
    response = submit(client, page, button="Merge these records")
    assert response.status_code == 200
    assert "One of these records changed since this page was shown" in response.get_data(as_text=True)
    with app.app_context():
        again = db.session.get(factories.Asset, variants.library_again)
        assert again is not None
        assert again.status is AssetStatus.PUBLISHED


def test_an_officer_cannot_merge_records_of_two_authorities(
    app: Flask, client: FlaskClient, people: Cast, variants: Variants
) -> None:
    with app.app_context():
        newport = factories.make_asset(name_en="St Mellons Library", la_code=NEWPORT).asset_id
    login(client, people.officer_cardiff)
    page = client.get(f"/duplicates/merge/{variants.library}/{newport}")
    text = page.get_data(as_text=True)
    assert "Only an administrator can merge them." in text
    assert "Merge these records" not in text


def test_a_group_with_memberships_awaiting_consent_is_not_merged(
    app: Flask, client: FlaskClient, people: Cast, variants: Variants
) -> None:
    with app.app_context():
        fold = db.session.get(factories.Asset, variants.singers_demo)
        assert fold is not None
        fold.special_category = SpecialCategory.RELIGION
        _link(LinkType.MEMBER_OF, source_person_id=factories.make_person().person_id, target_asset_id=fold.asset_id)
        db.session.commit()
    login(client, people.officer_cardiff)
    text = client.get(f"/duplicates/merge/{variants.singers}/{variants.singers_demo}").get_data(as_text=True)
    assert "Some memberships of these groups are waiting for their members" in text
    assert "Merge these records" not in text


def test_unmerge_is_refused_once_the_kept_record_was_edited(
    app: Flask, client: FlaskClient, people: Cast, variants: Variants
) -> None:
    login(client, people.officer_cardiff)
    page = client.get(f"/duplicates/merge/{variants.library}/{variants.library_again}")
    merged = submit(client, page, button="Merge these records")
    record_page = client.get(merged.headers["Location"])
    edited = submit(client, client.get(f"/assets/{variants.library}/edit"), button="Save", fill={"address": "Here"})
    assert edited.status_code == 302
    refused = submit(client, record_page, button="Undo this merge", follow_redirects=True)
    assert "A record was edited after the merge" in refused.get_data(as_text=True)
    assert client.get(f"/assets/{variants.library_again}").status_code == 301
