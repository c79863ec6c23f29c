"""The import wizard (upload → map → preview → confirm → batch, with undo and the errors file) and exports."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from abcd.assets.directory import DirectoryFilters
from abcd.extensions import db
from abcd.imports import exports, jobs, mapping, services
from abcd.imports.forms import ConfirmForm, ReplaceForm, SourceForm, UploadForm
from abcd.imports.labels import LABELS, batch_error_message, sheet_error_message, undo_reasons
from abcd.imports.models import BatchStatus, ImportBatch, ImportMode
from abcd.imports.preview import Label
from abcd.imports.report import duplicate_message, errors_file, report_lines
from abcd.imports.sheets import Sheet, SheetError
from abcd.security import public

bp = Blueprint("imports", __name__, url_prefix="/imports")
SHOWN_ROWS = 300  # rows listed on the preview page; the totals and the errors file cover every row
MIME = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "geojson": "application/geo+json"}  # fmt: skip


def _require_importer() -> None:
    if not services.can_import(current_user):
        abort(403)


def _load(batch_id: int) -> ImportBatch:
    _require_importer()
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        abort(404)
    if not services.can_see_batch(current_user, batch):
        abort(403)
    return batch


def _uploaded() -> tuple[bytes, str]:
    upload = request.files["sheet"]
    return upload.read(), upload.filename or "sheet.csv"


@bp.before_request
def _allow_large_uploads() -> None:
    request.max_content_length = int(current_app.config["IMPORT_MAX_BYTES"])


@bp.route("/", methods=["GET", "POST"])
def index() -> str | BaseResponse:
    _require_importer()
    form = UploadForm()
    if form.validate_on_submit():
        try:
            batch, _sheet = services.start_batch(*_uploaded(), current_user, form.source.data)
        except SheetError as error:
            form.sheet.errors = [sheet_error_message(error)]
        else:
            db.session.commit()
            saved = batch.source and services.find_mapping(batch.source) is not None
            return redirect(url_for("imports.batch" if saved else "imports.columns", batch_id=batch.batch_id))
    return render_template("imports/index.html", form=form, batches=services.batches_for(current_user),
                           mappings=services.mappings(), statuses=LABELS.batch)  # fmt: skip


@bp.route("/<int:batch_id>/columns", methods=["GET", "POST"])
def columns(batch_id: int) -> str | BaseResponse:
    batch = _load(batch_id)
    if batch.status is not BatchStatus.UPLOADED:
        return redirect(url_for("imports.batch", batch_id=batch_id))
    sheet = services.sheet_of(batch)
    form = SourceForm(data={"source": batch.source})
    if form.validate_on_submit():
        plan = mapping.Plan(
            {column: request.form.get(f"column-{i}", "") for i, column in enumerate(sheet.columns)},
            {name: request.form.get(f"constant-{name}", "").strip() for name in mapping.CONSTANT_FIELDS},
            form.source.data,
        )
        plan = mapping.Plan({c: f for c, f in plan.columns.items() if f in mapping.FIELDS},
                            {f: v for f, v in plan.constants.items() if v}, plan.source)  # fmt: skip
        problems = mapping.plan_problems(plan, sheet)
        services.apply_plan(batch, plan)
        if problems:
            form.form_errors.extend(str(problem) for problem in problems)
            return _columns_page(batch, sheet, form)
        if form.remember.data:
            services.save_mapping(plan, current_user)
        db.session.commit()
        return redirect(url_for("imports.batch", batch_id=batch_id))
    return _columns_page(batch, sheet, form)


def _columns_page(batch: ImportBatch, sheet: Sheet, form: SourceForm) -> str:
    fields = [(name, mapping.label(name)) for name in mapping.FIELDS]
    samples = {i: [row.value(i) for row in sheet.rows[:3]] for i in range(len(sheet.columns))}
    return render_template("imports/columns.html", batch=batch, sheet=sheet, form=form, fields=fields,
                           constant_fields=[(n, mapping.label(n)) for n in mapping.CONSTANT_FIELDS],
                           plan=services.plan_of(batch), samples=samples)  # fmt: skip


@bp.route("/<int:batch_id>")
def batch(batch_id: int) -> str:
    batch = _load(batch_id)
    context: dict[str, Any] = {"batch": batch, "statuses": LABELS.batch, "labels": LABELS.rows}
    if batch.status is BatchStatus.UPLOADED or batch.status is BatchStatus.REFUSED:
        preview = services.preview_batch(batch, current_user)
        db.session.commit()  # the counts as last previewed
        form = ConfirmForm(data={"file_hash": batch.file_hash, "preview": preview.fingerprint()})
        shown = [row for row in preview.rows if row.label is not Label.UNCHANGED][:SHOWN_ROWS]
        context.update(preview=preview, form=form, replace_form=ReplaceForm(), shown=shown,
                       report=list(report_lines(preview)), duplicate_message=duplicate_message,
                       field_label=mapping.label, background=jobs.runs_in_background(batch),
                       has_duplicates=preview.totals[Label.DUPLICATE] > 0)  # fmt: skip
    elif batch.status is BatchStatus.COMMITTED:
        context["undo_form"] = ConfirmForm()
    context["undo_kept"] = undo_reasons(batch)
    return render_template("imports/batch.html", **context)


@bp.route("/<int:batch_id>/confirm", methods=["POST"])
def confirm(batch_id: int) -> BaseResponse:
    batch = _load(batch_id)
    form = ConfirmForm()
    if not form.validate_on_submit() or batch.status not in (BatchStatus.UPLOADED, BatchStatus.REFUSED):
        flash(_("This import was already confirmed, or the form expired. Check the preview again."), "error")
        return redirect(url_for("imports.batch", batch_id=batch_id))
    mode = ImportMode(form.mode.data) if form.mode.data in set(ImportMode) else ImportMode.ALL_OR_NOTHING
    if jobs.runs_in_background(batch) and batch.file_hash == form.file_hash.data:
        batch.mode, batch.include_duplicates = mode, bool(form.include_duplicates.data)
        jobs.queue(batch, form.preview.data or "")
        db.session.commit()
        jobs.enqueue(batch_id)
        return redirect(url_for("imports.batch", batch_id=batch_id))
    try:
        outcome = services.confirm(batch, current_user, form.file_hash.data or "", form.preview.data or "", mode,
                                   bool(form.include_duplicates.data))  # fmt: skip
    except services.BatchError as error:
        refused = batch.status is BatchStatus.REFUSED
        db.session.rollback()
        if refused:
            db.session.get(ImportBatch, batch_id).status = BatchStatus.REFUSED  # type: ignore[union-attr]
            db.session.commit()
        flash(batch_error_message(error), "error")
        return redirect(url_for("imports.batch", batch_id=batch_id))
    db.session.commit()
    flash(_("Imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged, %(held)d held.",
            **outcome.counts()), "success")  # fmt: skip
    return redirect(url_for("imports.batch", batch_id=batch_id))


@bp.route("/<int:batch_id>/file", methods=["POST"])
def replace(batch_id: int) -> BaseResponse:
    batch = _load(batch_id)
    form = ReplaceForm()
    if batch.status in (BatchStatus.UPLOADED, BatchStatus.REFUSED) and form.validate_on_submit():
        try:
            services.replace_file(batch, *_uploaded())
        except SheetError as error:
            flash(sheet_error_message(error), "error")
        else:
            batch.status = BatchStatus.UPLOADED
            db.session.commit()
            flash(_("The corrected file replaced the earlier one. Check the preview again."), "success")
    else:
        flash(_("Choose a CSV or XLSX file."), "error")
    return redirect(url_for("imports.batch", batch_id=batch_id))


@bp.route("/<int:batch_id>/errors")
def errors(batch_id: int) -> Response:
    batch = _load(batch_id)
    as_xlsx = request.args.get("format") == "xlsx"
    body = errors_file(services.preview_batch(batch, current_user), as_xlsx)
    db.session.rollback()
    name = f"import-{batch_id}-errors.{'xlsx' if as_xlsx else 'csv'}"
    return _download(body, name, MIME["xlsx" if as_xlsx else "csv"])


@bp.route("/<int:batch_id>/undo", methods=["POST"])
def undo(batch_id: int) -> BaseResponse:
    batch = _load(batch_id)
    if not services.can_undo(current_user, batch):
        abort(403)
    try:
        outcome = services.undo_batch(batch, current_user)
    except services.BatchError as error:
        db.session.rollback()
        flash(batch_error_message(error), "error")
        return redirect(url_for("imports.batch", batch_id=batch_id))
    batch.counts = {**(batch.counts or {}), "reverted": len(outcome.reverted), "kept": outcome.kept}
    db.session.commit()
    flash(_("Undone: %(reverted)d records reverted, %(kept)d kept.", reverted=len(outcome.reverted),
            kept=len(outcome.kept)), "success")  # fmt: skip
    return redirect(url_for("imports.batch", batch_id=batch_id))


@bp.route("/export/assets.<fmt>")
@public
def export(fmt: str) -> Response:
    """The directory's records as this viewer sees them (same filters as the directory)."""
    if fmt not in exports.FORMATS:
        abort(404)
    assets = exports.exported_assets(current_user, DirectoryFilters.from_args(request.args))
    return _download(exports.export(assets, fmt), f"assets.{fmt}", MIME[fmt])


def _download(body: bytes, name: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
