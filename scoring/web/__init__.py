"""Fetching articles from the web: canonical URLs (:mod:`~scoring.web.urls`), an on-disk page
cache (:mod:`~scoring.web.cache`) and a polite HTTP client (:mod:`~scoring.web.client`).

Nothing is imported here, so ``import scoring.web.urls`` does not load httpx.
"""
