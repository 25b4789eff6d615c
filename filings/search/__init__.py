"""Full-text search over pages, behind one small interface:

    parse_search(params) -> SearchRequest        (or SearchError with a message for the user)
    search_pages(user, request) -> SearchResults

Views and the API only call these two, so the query builder, ranking and snippets can
change without touching them.
"""

from filings.search.engine import SearchResults, search_pages
from filings.search.query import SearchError, SearchRequest, parse_search

__all__ = ["SearchError", "SearchRequest", "SearchResults", "parse_search", "search_pages"]
