"""The demo's logins and which case each may see (the ethical wall from both sides).

The people are fictional. Everyone shares one password, which `load_demo` prints.
"""

PASSWORD = "caselaw-demo"

# (username, first name, last name, is_staff and is_superuser)
USERS = [
    ("lawyer", "Lena", "Ortiz", False),
    ("paralegal", "Sam", "Okafor", False),
    ("client", "Dana", "Whitfield", False),
    ("outsider", "Noah", "Brandt", False),
    ("admin", "Ada", "Admin", True),
]

# (username, docket number, CaseMembership role). Staff see every case without one.
MEMBERSHIPS = [
    ("lawyer", "3:23-cv-03417-VC", "lawyer"),
    ("paralegal", "3:23-cv-03417-VC", "paralegal"),
    # The plaintiffs' own side: cleared for confidential, never attorneys' eyes only.
    ("client", "3:23-cv-03417-VC", "client"),
    ("outsider", "3:23-cv-03223-AMO", "lawyer"),
]

# Who uploads the demo documents.
UPLOADER = "paralegal"
WATCHER = "lawyer"  # has a saved search alerting on the torrenting evidence
