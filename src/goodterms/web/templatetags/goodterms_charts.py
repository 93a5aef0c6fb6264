"""`{% load goodterms_charts %}{% balance_chart person.ident %}`: the give/take chart
of one of the signed-in user's people (see goodterms.web.views.charts.balance_svg)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def balance_chart(context: Any, person_ident: str) -> SafeString:
    from goodterms.web.common import now, user_tz
    from goodterms.web.views.charts import balance_svg

    request = context["request"]
    return balance_svg(request.user, person_ident, user_tz(request), now(request))
