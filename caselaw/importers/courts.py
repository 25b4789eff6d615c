"""Which court a saved PACER page is from: the ECF host its links point to, its title, or
the district named in its heading, checked against courts-db (juriscraper's own list)."""

import re
from collections import Counter

from courts_db import find_court_by_id

from caselaw.importers.errors import DocketImportError

ECF_HOST = re.compile(r"\becf\.([a-z]{3,5})\.uscourts\.gov", re.IGNORECASE)
TITLE_COURT = re.compile(r"<title>\s*(?:([a-z]{3,5})-ECF\b|[^<]*District Court:\s*([a-z]{3,5})\b)", re.I)
COURT_HEADING = re.compile(
    r"U\.S\.\s+(?:District|Bankruptcy)\s+Court[^<]*<br\s*/?>\s*([^<(]+)", re.IGNORECASE
)
STATE_DIRECTION = re.compile(r"^(.+?)\s+(Northern|Southern|Eastern|Western|Middle|Central)\s+District$", re.I)


def court_from_page(text: str) -> str:
    """The court's PACER id: from the ECF host its links point to, its title, or the name
    in its heading ("California Northern District"), checked against courts-db."""
    hosts = Counter(m.lower() for m in ECF_HOST.findall(text))
    for host, _ in hosts.most_common():
        if find_court_by_id(host):
            return host
    title = TITLE_COURT.search(text[:3000])
    if title:
        code = (title.group(1) or title.group(2) or "").lower()
        if find_court_by_id(code):
            return code
    heading = COURT_HEADING.search(text)
    if heading:
        code = court_id_from_name(" ".join(heading.group(1).split()))
        if code and find_court_by_id(code):
            return code
    return ""


STATES = {
    "alabama": "al",
    "alaska": "ak",
    "arizona": "az",
    "arkansas": "ar",
    "california": "ca",
    "colorado": "co",
    "connecticut": "ct",
    "delaware": "de",
    "columbia": "dc",
    "florida": "fl",
    "georgia": "ga",
    "guam": "gu",
    "hawaii": "hi",
    "idaho": "id",
    "illinois": "il",
    "indiana": "in",
    "iowa": "ia",
    "kansas": "ks",
    "kentucky": "ky",
    "louisiana": "la",
    "maine": "me",
    "maryland": "md",
    "massachusetts": "ma",
    "michigan": "mi",
    "minnesota": "mn",
    "mississippi": "ms",
    "missouri": "mo",
    "montana": "mt",
    "nebraska": "ne",
    "nevada": "nv",
    "new hampshire": "nh",
    "new jersey": "nj",
    "new mexico": "nm",
    "new york": "ny",
    "north carolina": "nc",
    "north dakota": "nd",
    "northern mariana islands": "nmi",
    "ohio": "oh",
    "oklahoma": "ok",
    "oregon": "or",
    "pennsylvania": "pa",
    "puerto rico": "pr",
    "rhode island": "ri",
    "south carolina": "sc",
    "south dakota": "sd",
    "tennessee": "tn",
    "texas": "tx",
    "utah": "ut",
    "vermont": "vt",
    "virgin islands": "vi",
    "virginia": "va",
    "washington": "wa",
    "west virginia": "wv",
    "wisconsin": "wi",
    "wyoming": "wy",
}
DIRECTIONS = {"northern": "n", "southern": "s", "eastern": "e", "western": "w", "middle": "m", "central": "c"}


def court_id_from_name(name: str) -> str:
    """PACER's district ids are the state's postal code, the district's direction and d:
    "California Northern District" is cand, "District of Massachusetts" mad."""
    name = name.lower().strip()
    match = STATE_DIRECTION.match(name)
    if match:
        state, direction = match.group(1).strip(), match.group(2)
        return f"{STATES[state]}{DIRECTIONS[direction]}d" if state in STATES else ""
    match = re.match(r"^district of (?:the )?(.+?)$", name)
    if match:
        state = match.group(1).strip()
        state = "columbia" if state == "columbia" else state
        return f"{STATES[state]}d" if state in STATES else ""
    return ""


def clean_court_hint(hint: str) -> str:
    hint = (hint or "").strip().lower()
    if not hint:
        return ""
    if not find_court_by_id(hint):
        raise DocketImportError(f"“{hint}” is not a court's PACER id (e.g. cand, nysd).")
    return hint


def court_name(court_id: str) -> str:
    found = find_court_by_id(court_id)
    return found[0]["name"] if found else court_id
