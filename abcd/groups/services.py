"""Membership of associations. Services never commit.

Joining a group whose membership reveals special-category data needs the person's explicit consent,
recorded separately and tied to that one membership.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from abcd.assets.labels import SPECIAL_CATEGORY_LABELS
from abcd.assets.models import Asset, AssetKind, AssetStatus, Membership, SpecialCategory
from abcd.auth.models import User
from abcd.extensions import db
from abcd.i18n import record_name
from abcd.links.models import REQUESTED, Link, LinkType
from abcd.models_base import Visibility, utcnow
from abcd.notices import services as notices
from abcd.notices.models import Notice
from abcd.people import consent
from abcd.people.models import ConsentRecord, EnteredBy, LawfulBasis, Person
from abcd.people.visibility import Viewer, effective, membership_clause, visible_clause

MEMBER, ORGANISER = "member", "organiser"
CONSENT_PAGE = "/people/me/consent/groups"  # where a member answers (abcd.people.consent_views)
JOIN_REQUEST = "join_request"  # consent purpose: the name a request shows its organisers


class MembershipError(ValueError):
    """A membership change that cannot be made; ``code`` says why (safe to map to a message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def is_association(asset: Asset) -> bool:
    return asset.kind is AssetKind.ASSOCIATION


def membership(person_id: int | None, association: Asset) -> Link | None:
    if person_id is None:
        return None
    return db.session.scalar(
        sa.select(Link).where(
            Link.source_person_id == person_id,
            Link.target_asset_id == association.asset_id,
            Link.link_type.in_([LinkType.MEMBER_OF, LinkType.ORGANISES]),
        )
    )


def is_organiser(person_id: int | None, association: Asset) -> bool:
    link = membership(person_id, association)
    return link is not None and link.link_type is LinkType.ORGANISES


def join(
    person: Person,
    association: Asset,
    visibility: Visibility,
    explicit_consent: bool,
    recorded_by_id: int | None,
) -> Link:
    """Join (or change how one's membership is shown); for an invitation-only group, ask to join, which
    shows the organisers the person's name (recorded, in the words shown: ``request_wording``).
    Raises MembershipError: not_association, not_published, explicit_consent_needed, withdrawn (someone
    who withdrew consent to be listed cannot ask: asking would show their name)."""
    if not is_association(association):
        raise MembershipError("not_association")
    if association.status is not AssetStatus.PUBLISHED:
        raise MembershipError("not_published")
    if association.special_category is not None and not explicit_consent:
        raise MembershipError("explicit_consent_needed")
    link = membership(person.person_id, association)
    invited_only = association.membership is Membership.INVITE
    if link is None and invited_only and person.withdrawn_at is not None:
        raise MembershipError("withdrawn")
    asking = link is None and invited_only
    if link is None:
        link = Link(
            link_type=LinkType.MEMBER_OF, source_person_id=person.person_id,
            target_asset_id=association.asset_id, role=REQUESTED if invited_only else MEMBER,
            created_by_id=recorded_by_id,
        )  # fmt: skip
        db.session.add(link)
    link.visibility = visibility
    db.session.flush()
    if asking:
        consent.record_consent(person, JOIN_REQUEST, request_wording(association, person), EnteredBy.SELF,
                               recorded_by_id, link_id=link.link_id)  # fmt: skip
    if association.special_category is not None:
        consent.record_consent(
            person, consent.SPECIAL, consent_wording(association), EnteredBy.SELF, recorded_by_id,
            lawful_basis=LawfulBasis.EXPLICIT_CONSENT, link_id=link.link_id,
        )  # fmt: skip
    return link


def consent_wording(association: Asset) -> str:
    """The explicit-consent sentence for this special-category group, wholly in the current language (the
    group's name too). Pages show exactly this and ``join``/``consent_to_membership`` store exactly this,
    so the record of what a person agreed to is the sentence they read, in the language they read it."""
    category = association.special_category
    label = str(SPECIAL_CATEGORY_LABELS[category]) if category is not None else ""
    return consent.special_category_wording(record_name(association), label)


def request_wording(association: Asset, person: Person) -> str:
    """What someone asking to join an invitation-only group is told, and agrees to, in the current language."""
    return _(
        "This group is by invitation: when you ask to join, its organisers will see your name, “%(name)s”, "
        "with your request, whoever you show it to elsewhere.",
        name=person.display_name,
    )


def leave(person: Person, association: Asset) -> None:
    """Leaving removes the membership, and with it the explicit consent that covered it."""
    link = membership(person.person_id, association)
    if link is not None:
        db.session.delete(link)
        db.session.flush()


def add_organiser(person: Person, association: Asset, recorded_by_id: int | None) -> Link:
    link = membership(person.person_id, association)
    if link is None:
        link = Link(
            source_person_id=person.person_id, target_asset_id=association.asset_id, created_by_id=recorded_by_id
        )
        db.session.add(link)
    link.link_type, link.role = LinkType.ORGANISES, ORGANISER
    db.session.flush()
    return link


def listed_request(viewer: Viewer, association: Asset, link_id: int) -> tuple[Person, Link]:
    """A request as the organisers' list shows it to ``viewer``: organisers act only on what they are shown,
    so a hidden or withdrawn requester is never named, approved or told. Raises MembershipError("no_request")."""
    for person, link in requests(viewer, association):
        if link.link_id == link_id:
            return person, link
    raise MembershipError("no_request")


def approve(viewer: Viewer, association: Asset, link_id: int) -> Link:
    _person, link = listed_request(viewer, association, link_id)
    link.role = MEMBER
    db.session.flush()
    return link


def members(viewer: Viewer, association: Asset) -> list[tuple[Person, Link]]:
    """Members this viewer may see, organisers first; requests are for organisers and officers."""
    query = (
        sa.select(Person, Link)
        .join(Link, Link.source_person_id == Person.person_id)
        .where(
            Link.target_asset_id == association.asset_id,
            Link.link_type.in_([LinkType.MEMBER_OF, LinkType.ORGANISES]),
            membership_clause(viewer),
        )
        .order_by(Link.link_type.desc(), Person.display_name)
    )
    return list(db.session.execute(query).tuples())


def requests(viewer: Viewer, association: Asset) -> list[tuple[Person, Link]]:
    """Requests to join, for the group's organisers (and officers) ``viewer``: never from someone who has
    withdrawn, and only with a name its person agreed to show them when asking, or that the viewer may
    see anyway. (A request made before asking told people that, from a hidden name, stays unlisted.)"""
    shown_when_asking = (
        sa.select(ConsentRecord.consent_id)
        .where(ConsentRecord.link_id == Link.link_id, ConsentRecord.purpose == JOIN_REQUEST)
        .where(ConsentRecord.withdrawn_at.is_(None))
        .exists()
    )
    query = (
        sa.select(Person, Link)
        .join(Link, Link.source_person_id == Person.person_id)
        .where(Link.target_asset_id == association.asset_id, Link.role == REQUESTED)
        .where(Person.withdrawn_at.is_(None), sa.or_(shown_when_asking, visible_clause(viewer)))
        .order_by(Link.created_at)
    )
    return list(db.session.execute(query).tuples())


def meeting_places(association: Asset) -> list[Asset]:
    query = (
        sa.select(Asset)
        .join(Link, Link.target_asset_id == Asset.asset_id)
        .where(
            Link.source_asset_id == association.asset_id,
            Link.link_type == LinkType.MEETS_AT,
            Asset.status == AssetStatus.PUBLISHED,
        )
        .order_by(Asset.name_en)
    )
    return list(db.session.scalars(query))


def candidate_places(association: Asset) -> list[Asset]:
    """Published places in the group's authority that it does not already meet at."""
    current = {a.asset_id for a in meeting_places(association)}
    query = sa.select(Asset).where(
        Asset.kind == AssetKind.PLACE, Asset.status == AssetStatus.PUBLISHED, Asset.la_code == association.la_code
    )
    return [a for a in db.session.scalars(query.order_by(Asset.name_en)) if a.asset_id not in current]


def add_meeting_place(association: Asset, place: Asset, recorded_by_id: int | None) -> Link:
    if place.kind is not AssetKind.PLACE or place.status is not AssetStatus.PUBLISHED:
        raise MembershipError("not_a_place")
    link = Link(
        link_type=LinkType.MEETS_AT, source_asset_id=association.asset_id, target_asset_id=place.asset_id,
        visibility=Visibility.PUBLIC, created_by_id=recorded_by_id,
    )  # fmt: skip
    db.session.add(link)
    db.session.flush()
    return link


# --- special category switched on: hide, ask, and record the answer --------------------------------


def hide_unconsented_memberships(
    association: Asset, actor_id: int | None, previous: SpecialCategory | None = None
) -> list[Link]:
    """Call whenever an association's special category is set or changed (``actor_id`` made the change).

    Every membership not covered by its member's active explicit consent is narrowed to community officers
    at most (the visibility helper then lets only the member and officers of their authority see it while
    consent is awaited), and the member is asked in their language. The stored audience itself is narrowed,
    so removing the category later never republishes a hidden membership. Consent to reveal one category
    is not consent to reveal another: given the ``previous`` category, a change withdraws earlier consents.
    Returns those memberships; [] for a group without a special category. Never commits.
    """
    if association.special_category is None:
        return []
    if previous is not None and previous is not association.special_category:
        _withdraw_explicit_consents(association)
    waiting = list(
        db.session.scalars(
            sa.select(Link)
            .where(
                Link.target_asset_id == association.asset_id,
                Link.link_type.in_(consent.MEMBERSHIP_TYPES),
                ~consent.explicit_consent_given(Link.link_id),
            )
            .order_by(Link.link_id)
        )
    )
    for link in waiting:
        link.visibility = effective(link.visibility, Visibility.OFFICERS)
    db.session.flush()
    # A request still waiting for the organisers is narrowed too, but only members are asked: a request
    # approved later shows nowhere until its member consents.
    asked = [link.source_person_id for link in waiting if link.role != REQUESTED]
    for person in db.session.scalars(sa.select(Person).where(Person.person_id.in_(asked))) if asked else []:
        ask_for_consent(person, association)
    return waiting


def _withdraw_explicit_consents(association: Asset) -> None:
    # Row by row (a group's members, not a table): the change feed then names each member whose sight changed.
    members = sa.select(Link.link_id).where(Link.target_asset_id == association.asset_id)
    now = utcnow()
    for record in db.session.scalars(
        sa.select(ConsentRecord)
        .where(ConsentRecord.link_id.in_(members), ConsentRecord.purpose == consent.SPECIAL)
        .where(ConsentRecord.withdrawn_at.is_(None))
    ):
        record.withdrawn_at = now


def ask_for_consent(person: Person, association: Asset) -> Notice | None:
    """Ask the member, in their own language (their account's choice), to consent to showing this
    membership or to leave; the notice links to the page where they answer. Someone without an
    account cannot be asked: None."""
    user = db.session.get(User, person.user_id) if person.user_id is not None else None
    if user is None:
        return None
    return notices.send(user, lambda: _consent_request(association), link_path=CONSENT_PAGE)


def _consent_request(association: Asset) -> tuple[str, str]:
    """Subject and body, rendered in whatever language is in force (``notices.send`` forces the member's)."""
    group = record_name(association)
    category = association.special_category
    label = str(SPECIAL_CATEGORY_LABELS[category]) if category is not None else ""
    subject = _("Your membership of %(group)s needs your consent", group=group)
    body = "\n\n".join(
        [
            _(
                "Membership of %(group)s can now reveal: %(category)s. Until you give your explicit consent, "
                "only you and community officers of your council can see that you belong to it.",
                group=group,
                category=label,
            ),
            _("If you agree, these are the words you agree to:"),
            consent_wording(association),
            _("Follow the title of this notice to choose who may see your membership, or to leave the group."),
        ]
    )
    return subject, body


def awaiting_consent(person_id: int | None) -> list[tuple[Link, Asset]]:
    """This person's memberships waiting for their explicit consent, with their groups."""
    if person_id is None:
        return []
    query = (
        sa.select(Link, Asset)
        .join(Asset, Asset.asset_id == Link.target_asset_id)
        .where(Link.source_person_id == person_id, consent.awaiting_explicit_consent())
        .order_by(Asset.name_en)
    )
    return list(db.session.execute(query).tuples())


def has_awaiting_consent(user_id: int) -> bool:
    """Whether this account's person has any membership waiting for explicit consent: one EXISTS query,
    cheap enough for the notice every signed-in page may show."""
    query = sa.select(
        sa.select(Link.link_id)
        .join(Person, Person.person_id == Link.source_person_id)
        .where(Person.user_id == user_id, consent.awaiting_explicit_consent())
        .exists()
    )
    return bool(db.session.scalar(query))


def waiting_membership(person_id: int | None, link_id: int) -> tuple[Link, Asset] | None:
    """One of this person's memberships waiting for their explicit consent; None if it is not that."""
    return next(((link, group) for link, group in awaiting_consent(person_id) if link.link_id == link_id), None)


def consent_to_membership(
    person: Person, link: Link, association: Asset, visibility: Visibility, recorded_by_id: int | None
) -> ConsentRecord:
    """The member gives explicit consent, in the words shown to them now, and chooses who sees the membership.
    Call only for a membership from ``waiting_membership``."""
    link.visibility = visibility
    return consent.record_consent(
        person, consent.SPECIAL, consent_wording(association), EnteredBy.SELF, recorded_by_id,
        lawful_basis=LawfulBasis.EXPLICIT_CONSENT, link_id=link.link_id,
    )  # fmt: skip


# --- refusing a request to join (helper "links"; kept apart from the consent functions above) -------


def reject_request(viewer: Viewer, association: Asset, link_id: int) -> Person:
    """Refuse a request to join an invitation-only group: the request goes, and the person is told in
    their language. Raises MembershipError("no_request")."""
    person, link = listed_request(viewer, association, link_id)
    db.session.delete(link)
    db.session.flush()
    account = db.session.get(User, person.user_id) if person.user_id else None
    if account is not None:

        def compose() -> tuple[str, str]:  # rendered in the person's language, the group's name too
            name = record_name(association)
            return (
                _("Your request to join %(group)s", group=name),
                _("The organisers of %(group)s did not accept your request to join.", group=name),
            )

        notices.send(account, compose, link_path=f"/groups/{association.asset_id}")
    return person
