"""Download a council's modern.gov site into a local cache and ingest it into the store.

This package is the only code in minutes-tui that opens a socket. It lists a
site's committees and meetings (the ``mgWebService.asmx`` web service, or the
HTML calendar and committee pages when the service is switched off), reads each
meeting from one ``GetMeeting`` answer where the service carries the minutes
(else its page and the pages of the items it cuts short), keeps every response
in ``<store folder>/cache/<host>/`` with its ETag and Last-Modified, and hands
the files the store does not hold yet to ``store.ingest``. A re-run asks the
site only about meetings that can still change; a re-ingest needs no network.
"""
