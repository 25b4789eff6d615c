"""Demo data: Kadrey v. Meta (a real case, summarised) and a small second case, loaded by
`python manage.py load_demo`. Facts live in kadrey.py and tremblay.py, document texts in
kadrey_texts.py and kadrey_rulings.py, PDF rendering in pdfs.py, the writes in loader.py."""
