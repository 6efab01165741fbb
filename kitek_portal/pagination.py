"""One page of a list, in the context ``templates/_pagination.html`` expects."""

from django.core.paginator import Paginator


def paginate(request, items, per_page, count=None):
    """The context of one page of ``items`` for ``_pagination.html``; ``count``: the number
    of items when the caller already has it (saves the COUNT query)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "query": query.urlencode(),
    }
