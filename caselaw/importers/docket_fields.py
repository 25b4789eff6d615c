"""What a docket's free text means for our models: an entry's kind from its description, a
party's role from its docket type, an attorney's firm and contact details from the contact
block, and the keys names are matched by. Pure functions, no database."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from caselaw.models import Party, Representation
from filings.models import Filing

Kind = Filing.Kind

# The first of these found in a description's opening words decides its kind; ties go to
# the earlier pattern ("STIPULATION AND [PROPOSED] ORDER" is a stipulation).
KIND_PATTERNS = [
    (r"\bnotice\s+of\s+motion\b", Kind.MOTION),
    (r"\bstipulat", Kind.STIPULATION),
    (r"\btranscript\b", Kind.TRANSCRIPT),
    (r"\bminute\s+entry\b|\bminutes\b|\bclerk'?s\s+notes\b", Kind.MINUTES),
    (r"\b(?:memorandum\s+in\s+|response\s+in\s+)?opposition\b|\bresponse\s+to\s+motion\b", Kind.OPPOSITION),
    (r"\breply\b", Kind.REPLY),
    (r"\b(?:proposed\s+)?judgment\b", Kind.JUDGMENT),
    (r"\border\b|\bopinion\b", Kind.ORDER),
    (r"\bcomplaint\b|\bpetition\b", Kind.COMPLAINT),
    (r"\banswer\b", Kind.ANSWER),
    (r"\bmotion\b", Kind.MOTION),
    (r"\bdeclaration\b|\baffidavit\b", Kind.DECLARATION),
    (r"\bsummons\b|\b(?:return|waiver)\s+of\s+service\b", Kind.SUMMONS),
    (r"\bexhibits?\b", Kind.EXHIBIT),
    (r"\bletter\b", Kind.LETTER),
    (r"\bnotice\b", Kind.NOTICE),
]
KIND_REGEXES = [(re.compile(pattern, re.IGNORECASE), kind) for pattern, kind in KIND_PATTERNS]
KIND_WINDOW = 80  # characters: a kind is what an entry starts with, not what it mentions later


def kind_from_description(description: str) -> str:
    """A guess at the entry's kind (a user can correct it; a re-import keeps the correction)."""
    opening = description[:KIND_WINDOW]
    best = None
    for regex, kind in KIND_REGEXES:
        match = regex.search(opening)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return str(best[1]) if best else str(Kind.OTHER)


Role = Party.Role

# A party's docket type ("Lead Plaintiff", "Counter Defendant") to our role; the first
# pattern found wins, so compound types go before their parts.
ROLE_PATTERNS = [
    (r"counter[\s-]*(claimant|plaintiff)", Role.COUNTER_CLAIMANT),
    (r"counter[\s-]*defendant", Role.COUNTER_DEFENDANT),
    (r"cross[\s-]*(claimant|plaintiff)", Role.CROSS_CLAIMANT),
    (r"cross[\s-]*defendant", Role.CROSS_DEFENDANT),
    (r"third[\s-]*party", Role.THIRD_PARTY),
    (r"intervenor", Role.INTERVENOR),
    (r"amicus|amici", Role.AMICUS),
    (r"plaintiff", Role.PLAINTIFF),
    (r"defendant", Role.DEFENDANT),
    (r"petitioner", Role.PETITIONER),
    (r"respondent", Role.RESPONDENT),
    (r"movant", Role.MOVANT),
    (r"interested\s+party|objector|claimant", Role.INTERESTED_PARTY),
]
ROLE_REGEXES = [(re.compile(pattern, re.IGNORECASE), role) for pattern, role in ROLE_PATTERNS]


def role_from_type(party_type: str) -> str:
    for regex, role in ROLE_REGEXES:
        if regex.search(party_type or ""):
            return str(role)
    return str(Role.OTHER)


ORGANIZATION_WORDS = re.compile(
    r"\b(inc|llc|llp|l\.l\.c|corp|corporation|company|co|ltd|limited|plc|lp|l\.p|n\.a|bank|trust|"
    r"trustees|association|university|college|academy|school|foundation|institute|fund|group|"
    r"partners|holdings|department|agency|board|commission|city|county|state|united states|"
    r"usa|government|office|society|union|church|hospital|services|systems|technologies|"
    r"platforms|media|international|et al)\b\.?",
    re.IGNORECASE,
)


def party_kind(name: str) -> str:
    """A guess at person or organisation from the name (a user can correct it)."""
    return str(Party.Kind.ORGANIZATION if ORGANIZATION_WORDS.search(name) else Party.Kind.PERSON)


TERMINATED = re.compile(r"^\s*TERMINATED:\s*(.*)$", re.IGNORECASE)
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def us_date(text: str) -> datetime.date | None:
    """A PACER date (01/17/2025), or None when it is not exactly one: never guessed."""
    match = US_DATE.match((text or "").strip())
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def representation_role(roles: list[str]) -> tuple[str, datetime.date | None, str]:
    """(role, date terminated, problem): the docket's roles ("LEAD ATTORNEY", "TERMINATED:
    06/22/2009", …) as one Representation.Role; `problem` names a date that cannot be read."""
    upper = [r.strip().upper() for r in roles]
    for text in roles:
        match = TERMINATED.match(text)
        if match:
            date = us_date(match.group(1))
            problem = "" if date else f"its termination date “{match.group(1).strip()}” cannot be read"
            return str(Representation.Role.TERMINATED), date, problem
    if "LEAD ATTORNEY" in upper:
        return str(Representation.Role.LEAD), None, ""
    if "PRO HAC VICE" in upper:
        return str(Representation.Role.PRO_HAC_VICE), None, ""
    return str(Representation.Role.ATTORNEY), None, ""


PHONE = re.compile(
    r"^(?:(?:tel|phone|telephone)[.:]?\s*)?[\d()+][\d()+\-./ ]{8,}(?:\s*(?:x|ext\.?)\s*\d+)?$", re.I
)
LABELLED = re.compile(r"^(email|e-mail|fax|facsimile|designation|bar status|pro se)\b\s*:?\s*(.*)$", re.I)
ADDRESS_START = re.compile(
    r"^(\d|p\.?\s*o\.?\s*box|post office|suite|ste\.?\s|floor|room|one |two |three )", re.I
)
FIRM_WORDS = re.compile(
    r"\b(llp|llc|l\.l\.p|p\.c|p\.a|pllc|law|lawyers|attorneys?|office|offices|associates|"
    r"department|counsel|group|firm|&)\b|&",
    re.IGNORECASE,
)


def parse_contact(contact: str) -> dict:
    """An attorney's contact block, as juriscraper returns it, split into firm, address,
    phone, fax and e-mail. The firm is the first line unless it reads like an address."""
    lines = [" ".join(line.split()) for line in (contact or "").splitlines()]
    lines = [line for line in lines if line]
    found = {"firm": "", "address": "", "phone": "", "fax": "", "email": ""}
    rest = []
    for line in lines:
        labelled = LABELLED.match(line)
        if labelled:
            label, value = labelled.group(1).lower(), labelled.group(2).strip()
            if label in ("email", "e-mail") and not found["email"] and valid_email(value):
                found["email"] = value
            elif label in ("fax", "facsimile") and not found["fax"]:
                found["fax"] = value[:40]
            continue  # designations and bar status are not contact details
        if PHONE.match(line) and not found["phone"]:
            found["phone"] = line[:40]
            continue
        rest.append(line)
    if rest and not ADDRESS_START.match(rest[0]) and (FIRM_WORDS.search(rest[0]) or len(rest) >= 3):
        found["firm"] = rest.pop(0)[:200]
    found["address"] = "\n".join(rest)
    return found


def valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return len(value) <= 254


def clean_name(name: str) -> str:
    """Names as PACER pads them ("Wayne   Scott  Kreger", "Boddy , Jr.") made readable."""
    name = " ".join((name or "").split())
    return re.sub(r"\s+,", ",", name)


def name_key(name: str) -> str:
    """The key a name is matched by: case, spacing and punctuation do not matter."""
    return re.sub(r"[^\w]+", " ", clean_name(name).casefold()).strip()


def text_key(text: str) -> str:
    return " ".join((text or "").split()).casefold()
