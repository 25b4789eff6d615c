"""Kadrey v. Meta: the court's orders and minute entries, as short summaries we wrote.

Keyed by docket entry number (see kadrey.py). Nothing here is quoted from the court; each
text says in our own words what the order or hearing decided, as far as our sources tell.
"""

RULINGS = {
    56: [
        "## Summary",
        "The court grants Meta's motion to dismiss the counts it challenged. Count 1, direct "
        "copyright infringement under 17 U.S.C. § 501, was not challenged and proceeds.",
        "## Pleading standard",
        "A claim survives only if the complaint pleads facts that make it plausible. Bell "
        "Atlantic Corp. v. Twombly, 550 U.S. 544 (2007); Ashcroft v. Iqbal, 556 U.S. 662 (2009).",
        "## Rulings",
        "The court rejects the theory that the LLaMA models are themselves infringing derivative "
        "works of plaintiffs' books.",
        "Vicarious copyright infringement (Count 2): dismissed with leave to amend.",
        "Removal of copyright management information, 17 U.S.C. § 1202(b) (Count 3): dismissed "
        "with leave to amend.",
        "Unfair competition, Cal. Bus. & Prof. Code § 17200 (Count 4): dismissed with leave to amend.",
        "Unjust enrichment (Count 5): dismissed with leave to amend.",
        "Negligence (Count 6): dismissed with prejudice.",
        "## Next steps",
        "Plaintiffs may file an amended complaint addressing the counts dismissed with leave.",
    ],
    145: [
        "## Proceedings",
        "Hearing held.",
        "The court criticised plaintiffs' counsel's handling of the case.",
        "The discovery schedule is extended.",
        "## Background",
        "Discovery disputes in this case are referred to Magistrate Judge Thomas S. Hixson.",
    ],
    330: [
        "## Summary",
        "The court orders that papers filed with redactions be refiled without them, so that "
        "the material becomes part of the public record.",
        "## Background",
        "Court records are presumptively open to the public, and a party who wants material "
        "kept under seal must justify it. See Kamakana v. City and County of Honolulu, 447 F.3d "
        "1172 (9th Cir. 2006).",
    ],
    351: [
        "## Summary",
        "This is the public version of a discovery order, filed on January 17, 2025.",
        "Discovery matters in this case are referred to Magistrate Judge Thomas S. Hixson. The "
        "scope of discovery is governed by Fed. R. Civ. P. 26(b)(1).",
        "This demo summary does not describe the order's specific rulings.",
    ],
    471: [
        "## Summary",
        "The court rules on Meta's motion to dismiss the third amended consolidated complaint.",
        "## Rulings",
        "The claim under the California Comprehensive Computer Data Access and Fraud Act, "
        "Cal. Penal Code § 502, is dismissed.",
        "The claim for removal of copyright management information under 17 U.S.C. § 1202(b) "
        "survives and proceeds.",
        "## Pleading standard",
        "Bell Atlantic Corp. v. Twombly, 550 U.S. 544 (2007); Ashcroft v. Iqbal, 556 U.S. 662 (2009).",
    ],
    562: [
        "## Proceedings",
        "Hearing held before Judge Vince Chhabria on the parties' cross-motions for partial "
        "summary judgment on fair use under 17 U.S.C. § 107 and on the claim under "
        "17 U.S.C. § 1202(b).",
        "The court heard argument from both sides and took the motions under submission.",
    ],
    598: [
        "## Summary",
        "The court grants Meta's motion for partial summary judgment on fair use and denies "
        "plaintiffs' motion on the same issue.",
        "## Holding",
        "On the record before the court, Meta's use of these plaintiffs' books to train its "
        "Llama models was fair use under 17 U.S.C. § 107.",
        "## Limits of the ruling",
        "The ruling binds only these plaintiffs. It does not decide whether training language "
        "models on other authors' books is fair use.",
        "The claim that Meta infringed by distributing the books through torrenting is not "
        "decided by this order.",
        "## Framework",
        "The court applies the four factors of 17 U.S.C. § 107, as explained in Campbell v. "
        "Acuff-Rose Music, Inc., 510 U.S. 569 (1994), and Andy Warhol Found. for the Visual "
        "Arts, Inc. v. Goldsmith, 598 U.S. 508 (2023). The parties also addressed Authors Guild "
        "v. Google, Inc., 804 F.3d 202 (2d Cir. 2015).",
    ],
    601: [
        "## Summary",
        "The court grants Meta summary judgment on plaintiffs' claim under 17 U.S.C. "
        "§ 1202(b)(1) for removal of copyright management information.",
        "## Effect",
        "The DMCA claim, which survived the motion to dismiss in March 2025 (ECF 471), ends "
        "in judgment for Meta at the summary judgment stage.",
    ],
    608: [
        "## Proceedings",
        "Case management conference held.",
        "The plaintiffs' claim that Meta infringed their copyrights by distributing their books "
        "through torrenting (seeding), 17 U.S.C. § 106(3) and 17 U.S.C. § 501, remains in the "
        "case after the summary judgment rulings and proceeds.",
    ],
}
