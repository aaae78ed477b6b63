"""Ingestion: reading files, feeds and URLs into items; fetching politely and safely; dedupe.

Modules: ``canonical`` (URLs), ``readers`` (files, feeds, HTML), ``fetch`` (address policy and
the polite fetcher), ``dedupe`` (URL, hash, MinHash LSH), ``pipeline`` (items -> store),
``sources`` (feeds to poll).
"""
