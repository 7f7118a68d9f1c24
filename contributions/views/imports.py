"""Wagtail admin screens for importing spreadsheets: upload, check, confirm,
result. Each job is seen only by the person who uploaded it."""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contributions.choices import ImportKind, ImportStatus
from contributions.imports import jobs, runner
from contributions.models import ImportJob

ERRORS_PER_PAGE = 50
JOBS_SHOWN = 20


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8, UTF-16 or Latin-1) or XLSX, with one row of column "
            "names; download a template below."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    submit_entries = forms.BooleanField(
        label=gettext_lazy("Submit new entries for review"),
        required=False,
        help_text=gettext_lazy(
            "Otherwise they wait as drafts for their organisation to check and submit."
        ),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]


def _kinds_or_403(user):
    kinds = jobs.kinds_for(user)
    if not kinds:
        raise PermissionDenied
    return kinds


class ImportIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contributions/admin/import_index.html"
    page_title = gettext_lazy("Import")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.kinds = _kinds_or_403(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": _("Import")},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=form or ImportForm(kinds=self.kinds),
            kinds=self.kinds,
            jobs=ImportJob.objects.filter(created_by=self.request.user)[:JOBS_SHOWN],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES, kinds=self.kinds)
        if form.is_valid():
            try:
                job = jobs.start(
                    user=request.user,
                    uploaded=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    submit=form.cleaned_data["submit_entries"],
                )
            except jobs.ImportProblem as problem:
                form.add_error("file", problem.message)
            else:
                return redirect(reverse("imports:job", args=[job.pk]))
        return self.render_to_response(self.get_context_data(form=form))


def _own_job(request, pk):
    _kinds_or_403(request.user)
    return get_object_or_404(ImportJob, pk=pk, created_by=request.user)


class ImportJobView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contributions/admin/import_job.html"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.job = _own_job(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import of %(file)s") % {"file": self.job.file_name}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("imports:index"), "label": _("Import")},
            {"url": "", "label": self.job.file_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        headings = {
            name: str(heading)
            for name, heading, *_rest in runner.resource_module(job.kind).COLUMNS
        }
        errors = Paginator(
            [
                {**error, "column": headings.get(error["column"], error["column"])}
                for error in job.errors
            ],
            ERRORS_PER_PAGE,
        ).get_page(self.request.GET.get("page"))
        context.update(
            job=job,
            errors=errors,
            more_errors=job.error_count > 0 and len(job.errors) < job.error_count,
            rows_read=jobs.rows_read(job.pk) if job.is_running else 0,
            token=jobs.confirmation_token(job) if job.may_confirm else "",
            is_entries=job.kind == ImportKind.ENTRIES,
            statuses=ImportStatus,
        )
        return context


@require_POST
def confirm_import(request, pk):
    job = _own_job(request, pk)
    try:
        jobs.confirm(user=request.user, job=job, token=request.POST.get("token"))
    except jobs.ImportProblem as problem:
        messages.error(request, problem.message)
    return redirect(reverse("imports:job", args=[job.pk]))


@require_POST
def cancel_import(request, pk):
    job = _own_job(request, pk)
    try:
        jobs.cancel(user=request.user, job=job)
    except jobs.ImportProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(
            request,
            _("The import of %(file)s is cancelled; nothing was written.")
            % {"file": job.file_name},
        )
    return redirect(reverse("imports:index"))


def import_template(request, kind, extension):
    """The expected columns (required ones marked *) and one example row."""
    kinds = _kinds_or_403(request.user)
    if kind not in kinds or extension not in ("csv", "xlsx"):
        raise Http404
    headings, example = jobs.template_rows(kind)
    name = f"compendium-{kind}-template.{extension}"
    if extension == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headings)
        writer.writerow(example)
        response = HttpResponse(
            "\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = str(ImportKind(kind).label)[:31]
        sheet.append(headings)
        sheet.append(example)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 24
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
