"""Each person's notifications: unread first, open one to go where it leads,
mark everything read, and choose single e-mails or a daily digest. The portal and
the Wagtail admin show the same list in their own frames."""

import zoneinfo

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Notification

PER_PAGE = 20


class DigestForm(forms.Form):
    daily_digest = forms.TypedChoiceField(
        label=gettext_lazy("E-mail me"),
        choices=[
            ("0", gettext_lazy("each notification as it happens")),
            ("1", gettext_lazy("one daily digest")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Show dates and times in"),
        choices=[(name, name) for name in sorted(zoneinfo.available_timezones())],
        help_text=gettext_lazy("Closing times of feedback rounds also show UTC."),
    )


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "contributions/notifications.html"
    url_names = {
        "list": "contributions:notifications",
        "open": "contributions:notification_open",
        "read_all": "contributions:notifications_read_all",
        "digest": "contributions:notifications_digest",
        "time_zone": "contributions:time_zone",
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        everything = self.request.GET.get("show") == "all"
        notifications = Notification.objects.filter(recipient=self.request.user)
        unread_count = notifications.unread().count()
        if not everything:
            notifications = notifications.unread()
        page = Paginator(notifications, PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            show_all=everything,
            unread_count=unread_count,
            urls={
                name: reverse(url_name)
                for name, url_name in self.url_names.items()
                if name != "open"
            },
            open_url_name=self.url_names["open"],
            time_zone_form=TimeZoneForm(
                initial={"time_zone": self.request.user.time_zone}
            ),
            digest_form=DigestForm(
                initial={"daily_digest": "1" if self.request.user.daily_digest else "0"}
            ),
            query_string="show=all" if everything else "",
        )
        return context


class AdminNotificationListView(WagtailAdminTemplateMixin, NotificationListView):
    template_name = "contributions/admin/notifications.html"
    page_title = gettext_lazy("Notifications")
    header_icon = "mail"
    url_names = {
        "list": "notifications_admin:index",
        "open": "notifications_admin:open",
        "read_all": "notifications_admin:read_all",
        "digest": "notifications_admin:digest",
    }

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class OpenNotificationView(LoginRequiredMixin, View):
    """Mark one's own notification read and go where it leads."""

    def get(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        target = notification.path
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=False
        ) or not target.startswith("/"):
            target = "/"
        return HttpResponseRedirect(target)


class ReadAllView(LoginRequiredMixin, View):
    list_url_name = "contributions:notifications"

    def post(self, request):
        marked = (
            Notification.objects.filter(recipient=request.user)
            .unread()
            .update(read_at=timezone.now())
        )
        if marked:
            messages.success(request, _("All notifications marked as read."))
        return HttpResponseRedirect(reverse(self.list_url_name))


class DigestSettingView(LoginRequiredMixin, View):
    list_url_name = "contributions:notifications"

    def post(self, request):
        form = DigestForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose how you would like to be e-mailed."))
        else:
            request.user.daily_digest = form.cleaned_data["daily_digest"]
            request.user.save(update_fields=["daily_digest"])
            messages.success(
                request,
                _("You will get one e-mail a day with your notifications.")
                if request.user.daily_digest
                else _("You will get an e-mail for each notification."),
            )
        return HttpResponseRedirect(reverse(self.list_url_name))


class TimeZoneView(LoginRequiredMixin, View):
    def post(self, request):
        form = TimeZoneForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a time zone from the list."))
        else:
            request.user.time_zone = form.cleaned_data["time_zone"]
            request.user.save(update_fields=["time_zone"])
            messages.success(
                request,
                _("Dates and times are now shown in %(zone)s.")
                % {"zone": request.user.time_zone},
            )
        return HttpResponseRedirect(reverse("contributions:notifications"))


class AdminReadAllView(ReadAllView):
    list_url_name = "notifications_admin:index"


class AdminDigestSettingView(DigestSettingView):
    list_url_name = "notifications_admin:index"
