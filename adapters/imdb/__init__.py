"""IMDb through the synchronous ``imdbinfo`` library, run in a bounded thread pool."""

from adapters.imdb.client import ImdbClient, make_imdb_executor, sanitize_query
from adapters.imdb.waf_cookies import configure_imdbinfo

__all__ = ["ImdbClient", "configure_imdbinfo", "make_imdb_executor", "sanitize_query"]
