"""Download a council's modern.gov site into a local cache and ingest it into the store.

This package is the only code in minutes-tui that opens a socket. It lists a
site's committees and meetings (the ``mgWebService.asmx`` web service, or the
HTML calendar and committee pages when the service is switched off), keeps
every response in ``<store folder>/cache/<host>/`` with its ETag and
Last-Modified, and hands the meeting pages, item pages and printed minutes to
``store.ingest``. A re-run asks the site only for what changed; a re-ingest
needs no network at all.
"""
