"""Synthetic corpus generator and benchmark suite (``python -m benchmarks.run``)."""
