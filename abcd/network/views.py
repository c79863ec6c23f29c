"""The network pages: the interactive view with its accessible tables, its JSON, strengths and paths."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from abcd import permissions
from abcd.areas.services import local_authorities, wards
from abcd.assets.services import themes
from abcd.config import REPO_ROOT
from abcd.extensions import limiter
from abcd.i18n import current_language, record_name
from abcd.network import answers, services
from abcd.network.explore import Filters, shortest_paths
from abcd.network.graph import NodeRecord, record, split_key
from abcd.network.labels import KIND_COLOURS, describe_reasons, kind_label, link_phrase
from abcd.network.pathview import path_diagram
from abcd.rate_limits import account_or_address, limits_off, setting
from abcd.security import public
from abcd.text import clean_query

bp = Blueprint("network", __name__, url_prefix="/network")

# Browser libraries installed by npm at setup (package.json), served from node_modules, never committed.
VENDOR_FILES = {
    "sigma.min.js": "sigma/dist/sigma.min.js",
    "graphology.umd.min.js": "graphology/dist/graphology.umd.min.js",
}
_SENTINEL = 987654321  # stands for an id in URL templates handed to the script


def _node_cap() -> int:
    """Staff may draw the whole graph at once; anyone else the default, so an account made by script
    cannot take everyone it may see in one request (with RATELIMIT_BULK on the JSON)."""
    return answers.MAX_NODES if permissions.is_officer(current_user) else answers.DEFAULT_NODES


def _context_and_query() -> tuple[answers.Context, answers.NetworkQuery]:
    query = answers.NetworkQuery.from_args(request.args)
    query = replace(query, limit=min(query.limit, _node_cap()))
    context = answers.context_for(current_user)
    if query.focus and not answers.is_visible(context, query.focus):
        abort(404)  # hidden and missing look the same
    return context, query


def _by_name(rec: NodeRecord) -> str:
    return rec.label.casefold()


def _filter_choices(query: answers.NetworkQuery) -> dict[str, object]:
    return {
        "authorities": local_authorities(),
        "wards": wards(query.la),
        "themes": themes(),
        "kinds": answers.kinds_for_filter(),
        "colours": KIND_COLOURS,
    }


@bp.route("/")
def index() -> ResponseReturnValue:
    context, query = _context_and_query()
    text = clean_query(request.args.get("q"))
    matches = answers.node_choices(context, text) if text else []
    if len(matches) == 1:  # nothing to choose between: focus on it straight away
        return redirect(url_for("network.index", **query.as_args(focus=matches[0][0])))
    focus = record(context.bundle.graph, query.focus) if query.focus else None
    sub, _ = answers.subgraph(context, query)
    graph = context.bundle.graph
    unconnected = sorted((record(graph, key) for key in answers.folded(context, query)[1]), key=_by_name)
    graph_url = url_for("network.graph_json", **query.as_args())
    return render_template(
        "network/index.html",
        query=query,
        text=text,
        matches=matches,
        focus=focus,
        unconnected=unconnected,
        communities=answers.view_communities(context, query, current_language()),
        subgraph=sub,
        neighbours=answers.neighbours(context, query)[:200],
        strengths=answers.strengths(context, query.filters, with_suggestions=False),
        metrics=services.metrics_info(),
        graph_url=graph_url,
        kind_label=kind_label,
        link_phrase=link_phrase,
        **_filter_choices(query),
    )


def _page_urls() -> dict[str, str]:
    """URL templates of the pages a node may open, for the script."""
    return {
        "asset": url_for("assets.detail", asset_id=_SENTINEL).replace(str(_SENTINEL), "{id}"),
        "person": url_for("people.person_page", person_id=_SENTINEL).replace(str(_SENTINEL), "{id}"),
        "focus": url_for("network.index", focus=str(_SENTINEL)).replace(str(_SENTINEL), "{key}"),
    }


@bp.route("/graph.json")
@limiter.limit(setting("RATELIMIT_BULK"), key_func=account_or_address, exempt_when=limits_off)
def graph_json() -> Response:
    context, query = _context_and_query()
    urls = {
        **_page_urls(),
        "focus": url_for("network.index", **query.as_args(focus=str(_SENTINEL))).replace(str(_SENTINEL), "{key}"),
    }
    body = answers.graph_json(context, query, current_language(), urls)
    return Response(body, mimetype="application/json")


@bp.route("/vendor/<name>")
@public
def vendor(name: str) -> Response:
    relative = VENDOR_FILES.get(name)
    path = REPO_ROOT / "node_modules" / relative if relative else None
    if path is None or not path.is_file():
        abort(404)  # not installed: `make` runs npm ci
    # Read whole (a few hundred KB, in the OS cache) rather than streamed: no file handle left open.
    response = Response(path.read_bytes(), mimetype="text/javascript")
    response.cache_control.max_age = 86400
    response.add_etag()
    response.make_conditional(request)  # a 304 when the browser already has this version
    return response


@bp.route("/strengths")
def strengths() -> str:
    context, query = _context_and_query()
    area = Filters(la=query.la, ward=query.ward, theme=query.theme)
    theme_names = {t.slug: record_name(t) for t in themes()}
    return render_template(
        "network/strengths.html",
        query=query,
        strengths=answers.strengths(context, area),
        metrics=services.metrics_info(),
        kind_label=kind_label,
        theme_names=theme_names,
        describe=lambda reasons: describe_reasons(reasons, theme_names),
        **_filter_choices(query),
    )


@dataclass(frozen=True)
class End:
    """One end of a path: the chosen node, or the candidates when the text matched several."""

    text: str
    key: str | None
    choices: list[tuple[str, str, str]]


def _resolve(context: answers.Context, raw: str | None) -> End:
    text = clean_query(raw)
    if split_key(text) and answers.is_visible(context, text):
        return End(record(context.bundle.graph, text).label, text, [])
    choices = answers.node_choices(context, text) if text else []
    exact = [c for c in choices if c[1].casefold() == text.casefold()]
    if len(choices) == 1 or len(exact) == 1:
        chosen = (exact or choices)[0]
        return End(chosen[1], chosen[0], [])
    return End(text, None, choices)


@bp.route("/paths")
def paths() -> str:
    context = answers.context_for(current_user)
    start, end = _resolve(context, request.args.get("from")), _resolve(context, request.args.get("to"))
    through_skills = request.args.get("skills", "1") == "1"
    found: list[list[answers.Step]] = []
    keys: list[list[str]] = []
    if start.key and end.key:
        graph, sight = context.bundle.graph, context.sight
        keys = list(shortest_paths(graph, sight, start.key, end.key, through_skills=through_skills))
        found = [answers.path_steps(context, path) for path in keys]
    return render_template(
        "network/paths.html",
        start=start,
        end=end,
        through_skills=through_skills,
        paths=found,
        asked=bool(start.key and end.key),
        kind_label=kind_label,
        diagram=path_diagram(context, keys, current_language(), _page_urls()) if keys else None,
        kinds=answers.kinds_for_filter(),
    )
