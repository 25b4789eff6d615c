"""The processing pipeline: a claimed document goes through ordered steps until indexed.

claim (queued → processing) → open the PDF → for each batch of pages:
extract text → store pages and search vectors (upsert) → find citations → save
progress; then document steps → indexed. A worker leaves the pages that need OCR
(marked ocr_pending) for the OCR follow-up: the document is `searchable` meanwhile, and
`continue_ocr` reads those pages slice by slice, then runs the document steps → indexed.
"""
