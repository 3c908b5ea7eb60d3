"""Shared text grammar used by every source format.

Paragraphs, dates, documents, resolutions, action points and attendance.
"""
