"""Kadrey v. Meta: the parties' filings, as short plain-English summaries we wrote.

Keyed by docket entry number (see kadrey.py). Nothing here is quoted from a filing; each
text says in our own words what the filing says. A paragraph starting with "## " is a
heading. The court's orders and minute entries are in kadrey_rulings.py.
"""

PARTY_FILINGS = {
    1: [
        "## Nature of the action",
        "Plaintiffs Richard Kadrey, Sarah Silverman and Christopher Golden are authors who own "
        "copyrights in their books. They bring this putative class action against Meta Platforms, "
        "Inc. for themselves and for other authors whose books, they allege, Meta used without "
        "permission to train its LLaMA large language models.",
        "## Jurisdiction",
        "The complaint invokes the court's federal-question jurisdiction over the copyright claims "
        "under 28 U.S.C. § 1331 and 28 U.S.C. § 1338(a), and supplemental jurisdiction over the "
        "California claims.",
        "## What the complaint alleges",
        "The complaint alleges that Meta copied plaintiffs' books into the data sets used to train "
        "LLaMA, that it did so without asking for or paying for a licence, and that the trained "
        "models, and the text they produce, are derived from those books.",
        "## Claims for relief",
        "Count 1: direct copyright infringement, 17 U.S.C. § 501.",
        "Count 2: vicarious copyright infringement, 17 U.S.C. § 501.",
        "Count 3: removal of copyright management information, 17 U.S.C. § 1202(b).",
        "Count 4: unfair competition, Cal. Bus. & Prof. Code § 17200.",
        "Count 5: unjust enrichment under California common law.",
        "Count 6: negligence under California common law.",
        "## Relief requested",
        "Plaintiffs ask the court to certify a class of authors, to award damages, to order Meta "
        "to stop the conduct the complaint describes, and to award costs and attorneys' fees.",
    ],
    23: [
        "## Relief sought",
        "Meta asks the court to dismiss every count of the complaint except Count 1, direct "
        "copyright infringement under 17 U.S.C. § 501. The motion does not ask the court to decide "
        "now whether Meta's copying of books to train LLaMA was lawful.",
        "## Legal standard",
        "Under Fed. R. Civ. P. 12(b)(6), a complaint must plead facts that make each claim "
        "plausible, not merely possible. Bell Atlantic Corp. v. Twombly, 550 U.S. 544 (2007); "
        "Ashcroft v. Iqbal, 556 U.S. 662 (2009).",
        "## Arguments, in summary",
        "The theory that the LLaMA models are themselves infringing derivative works of "
        "plaintiffs' books does not state a claim.",
        "Vicarious infringement (Count 2) depends on someone else's direct infringement, and Meta "
        "argues the complaint does not plead facts showing one.",
        "The claim under 17 U.S.C. § 1202(b) (Count 3) needs facts showing that copyright "
        "management information was removed, and Meta argues none are pleaded.",
        "The California claims (Counts 4 to 6), brought under Cal. Bus. & Prof. Code § 17200 and "
        "common law, rest on the same copying as the copyright claim; Meta argues they are "
        "preempted by the Copyright Act, 17 U.S.C. § 301, or fail on their own terms.",
    ],
    64: [
        "## Summary",
        "Following the court's order of November 20, 2023, plaintiffs file a first amended "
        "complaint. It adds further authors as plaintiffs.",
        "The amended complaint continues to assert direct copyright infringement under "
        "17 U.S.C. § 501, the count that survived the motion to dismiss.",
        "## Related case",
        "The case is consolidated with Chabon et al. v. Meta, a similar authors' action filed in 2023.",
    ],
    340: [
        "## Summary",
        "Following the court's order, plaintiffs refile papers that had been filed with "
        "redactions, this time without them, so that the material is public.",
        "## What the unsealed material says",
        "According to the unredacted material, use of LibGen (Library Genesis), an online shadow "
        "library of books, was approved inside Meta after the question was escalated to Meta's "
        "chief executive officer.",
        "The material also includes messages among Meta engineers discussing torrenting, a "
        "peer-to-peer method of downloading files in which downloaders typically also share "
        "the files with others.",
        "## Why plaintiffs say it matters",
        "Plaintiffs say the material shows how Meta obtained the books used to train its models, "
        "which bears on their claims under 17 U.S.C. § 501.",
    ],
    362: [
        "## Summary",
        "With leave of court granted in January 2025, plaintiffs file a third amended "
        "consolidated complaint. The plaintiffs are authors including Richard Kadrey, Sarah "
        "Silverman, Christopher Golden, Ta-Nehisi Coates, Junot Díaz, Andrew Sean Greer, "
        "David Henry Hwang, Matthew Klam, Laura Lippman, Rachel Louise Snyder, Jacqueline Woodson "
        "and Michael Chabon.",
        "## What the complaint alleges",
        "The complaint alleges that Meta obtained books for training from shadow libraries such "
        "as LibGen by torrenting, and that in torrenting the files Meta also made them available "
        "to others (seeding).",
        "## Claims for relief",
        "Direct copyright infringement, 17 U.S.C. § 501.",
        "Removal of copyright management information, 17 U.S.C. § 1202(b).",
        "Violation of the California Comprehensive Computer Data Access and Fraud Act, "
        "Cal. Penal Code § 502 (a new claim).",
        "Copyright infringement by distribution through torrenting, 17 U.S.C. § 106(3) and "
        "17 U.S.C. § 501 (a new claim).",
    ],
    395: [
        "## Relief sought",
        "Meta moves to dismiss two claims of the third amended consolidated complaint: the claim "
        "under the California Comprehensive Computer Data Access and Fraud Act, Cal. Penal Code "
        "§ 502, and the claim under 17 U.S.C. § 1202(b).",
        "## Legal standard",
        "Each claim must be supported by pleaded facts that make it plausible. Bell Atlantic "
        "Corp. v. Twombly, 550 U.S. 544 (2007); Ashcroft v. Iqbal, 556 U.S. 662 (2009).",
        "## Outcome",
        "The court decided this motion on March 7, 2025 (ECF 471).",
    ],
    417: [
        "## Summary",
        "Plaintiffs file emails that the court has unsealed.",
        "Plaintiffs say the emails show that Meta downloaded tens of terabytes of data by "
        "torrenting from shadow libraries, including LibGen, Z-Library and Anna's Archive.",
        "## Why plaintiffs say it matters",
        "Plaintiffs rely on the emails for their claim that Meta both copied and distributed "
        "their books, 17 U.S.C. § 106(3) and 17 U.S.C. § 501.",
    ],
    482: [
        "## Relief sought",
        "Plaintiffs move for partial summary judgment that Meta's copying of their books to "
        "train its Llama models is not fair use under 17 U.S.C. § 107.",
        "## Legal standard",
        "Summary judgment is proper where there is no genuine dispute of material fact and the "
        "movant is entitled to judgment as a matter of law. Fed. R. Civ. P. 56(a); Celotex Corp. "
        "v. Catrett, 477 U.S. 317 (1986); Anderson v. Liberty Lobby, Inc., 477 U.S. 242 (1986).",
        "## Fair use framework",
        "Fair use is judged on the four factors of 17 U.S.C. § 107: the purpose and character of "
        "the use, the nature of the work, the amount used, and the effect on the market for the "
        "work. Campbell v. Acuff-Rose Music, Inc., 510 U.S. 569 (1994); Andy Warhol Found. for "
        "the Visual Arts, Inc. v. Goldsmith, 598 U.S. 508 (2023).",
        "## Plaintiffs' position, in summary",
        "Plaintiffs argue that Meta copied their books in full, for a commercial purpose, and "
        "that the use harms the market for their works. The Supreme Court has treated the market "
        "factor as especially important. Harper & Row, Publishers, Inc. v. Nation Enterprises, "
        "471 U.S. 539 (1985).",
    ],
    489: [
        "## Summary",
        "This filing, made public without redactions, states that Meta receives a share of the "
        "revenue of companies that host its Llama models.",
        "The filing does not name any of those companies.",
        "## Context",
        "Whether a use is commercial is part of the first fair use factor under 17 U.S.C. § 107.",
    ],
    501: [
        "## Relief sought",
        "Meta cross-moves for partial summary judgment on two issues: that its use of the books "
        "to train its Llama models was fair use under 17 U.S.C. § 107, and that plaintiffs' "
        "claim under 17 U.S.C. § 1202(b)(1) fails.",
        "## Fair use, in summary",
        "Meta argues that training a language model is a highly transformative use of the books, "
        "and relies on Authors Guild v. Google, Inc., 804 F.3d 202 (2d Cir. 2015), where copying "
        "whole books to build a search tool was held fair use. The framework is that of Campbell "
        "v. Acuff-Rose Music, Inc., 510 U.S. 569 (1994), and Andy Warhol Found. for the Visual "
        "Arts, Inc. v. Goldsmith, 598 U.S. 508 (2023).",
        "## The DMCA claim, in summary",
        "Meta argues that the record does not support a claim under 17 U.S.C. § 1202(b)(1) for "
        "removal of copyright management information.",
        "## Legal standard",
        "Fed. R. Civ. P. 56(a); Celotex Corp. v. Catrett, 477 U.S. 317 (1986).",
    ],
}
