"""The portal's e-mail alerts: save a view of the public compendium, list
one's alerts, delete one. Each person sees and deletes only their own: another
person's alert is not found (404), so the portal never confirms it exists.
The links in the alerts' e-mails stop them without signing in."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from compendium.following import describe
from compendium.languages import language_of
from compendium.text import RefusesControlCharacters

from .. import alerts
from ..models import SavedAlert


class AlertForm(RefusesControlCharacters, forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Name of the alert"),
        max_length=SavedAlert._meta.get_field("label").max_length,
        help_text=gettext_lazy("Shown in your list of alerts and in the e-mails."),
    )
    query = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_query(self):
        self.view = alerts.view_or_error(self.cleaned_data["query"])
        return self.view.query_string

    def clean_label(self):
        return " ".join(self.cleaned_data["label"].split())


def _members_only(request):
    if not alerts.may_have_alerts(request.user):
        return render(
            request,
            "contributions/no_membership.html",
            {"is_staff": False},
            status=403,
        )
    return None


def _rows(owner):
    rows = []
    for alert in SavedAlert.objects.filter(owner=owner):
        view = alerts.view_of_alert(alert)
        rows.append(
            {
                "alert": alert,
                "description": describe(view),
                "browse_url": alerts.browse_path(alert.query),
                "feed_url": alerts.feed_path(alert.query),
            }
        )
    return rows


@login_required
def alert_list(request):
    if denied := _members_only(request):
        return denied
    return render(
        request,
        "contributions/alerts.html",
        {"rows": _rows(request.user), "limit": alerts.MAX_ALERTS_PER_PERSON},
    )


@login_required
def alert_create(request):
    """GET with a browse page's query: the view to save, named; POST saves it."""
    if denied := _members_only(request):
        return denied
    problems = []
    view = None
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            try:
                alerts.save_alert(
                    owner=request.user,
                    view=form.view,
                    label=form.cleaned_data["label"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Alert “%(label)s” saved. You will be e-mailed at each release.")
                    % {"label": form.cleaned_data["label"]},
                )
                return redirect("contributions:alerts")
        view = getattr(form, "view", None)
    else:
        try:
            view = alerts.view_or_error(request.GET.urlencode())
        except ValidationError as error:
            problems = error.messages
            form = None
        else:
            form = AlertForm(
                initial={"label": describe(view), "query": view.query_string}
            )
    return render(
        request,
        "contributions/alert_form.html",
        {
            "form": form,
            "problems": problems,
            "description": describe(view) if view else "",
            "browse_url": alerts.browse_path(view.query_string) if view else "",
        },
        status=400 if problems else 200,
    )


@login_required
def alert_delete(request, pk):
    if denied := _members_only(request):
        return denied
    alert = get_object_or_404(SavedAlert, pk=pk, owner=request.user)
    if request.method == "POST":
        alert.delete()
        messages.success(
            request,
            _("Alert “%(label)s” deleted. It will send no more e-mails.")
            % {"label": alert.label},
        )
        return redirect("contributions:alerts")
    return render(request, "contributions/alert_delete.html", {"alert": alert})


# The signed token in the address is what allows the stop, as the e-mail's
# reader holds it; mail programs send the one-click POST without a session or
# a CSRF cookie (RFC 8058), so a CSRF check would refuse them and guard nothing.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def alert_stop(request, token):
    """GET: the alerts a link from an e-mail stops, to confirm; POST (the
    button, or a mail program's one-click unsubscribe): stop them."""
    named = alerts.alerts_to_stop(token)
    if named is None:
        return render(request, "contributions/alert_stop.html", {}, status=400)
    owner, to_stop = named
    # The page is about the owner's e-mails: in the language they are sent in.
    with translation.override(language_of(owner)):
        listed = list(to_stop)
        stopped = request.method == "POST"
        if stopped:
            to_stop.delete()
        return render(
            request,
            "contributions/alert_stop.html",
            {"token_ok": True, "alerts": listed, "stopped": stopped},
        )
