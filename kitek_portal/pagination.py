"""One page of a list, in the context ``templates/_pagination.html`` expects."""

from django.core.paginator import Paginator


def paginate(request, items, per_page):
    """The context of one page of ``items`` for ``_pagination.html``."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "query": query.urlencode(),
    }
