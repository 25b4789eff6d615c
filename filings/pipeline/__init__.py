"""The processing pipeline: a claimed document goes through ordered steps until indexed.

claim (queued → processing) → open the PDF → for each batch of pages:
extract text (OCR where the page has no usable text layer) → store pages and search
vectors (upsert) → find citations → save progress; then document steps → indexed.
"""
