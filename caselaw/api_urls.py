from rest_framework.routers import DefaultRouter

from caselaw import api as case_api
from caselaw.accounts import api as account_api
from caselaw.importers import api as import_api
from filings import annotations_api
from filings import api as filing_api

router = DefaultRouter()
router.register("courts", case_api.CourtViewSet)
router.register("cases", case_api.CaseViewSet)
router.register("parties", case_api.PartyViewSet)
router.register("counsel", case_api.CounselViewSet)
router.register("allegations", case_api.AllegationViewSet)
router.register("memberships", case_api.MembershipViewSet)
router.register("audit-events", case_api.AuditEventViewSet)
router.register("tokens", account_api.ApiTokenViewSet, basename="apitoken")
router.register("docket-imports", import_api.DocketImportViewSet, basename="docketimport")
router.register("filings", filing_api.FilingViewSet)
router.register("documents", filing_api.DocumentViewSet)
router.register("annotations", annotations_api.AnnotationViewSet, basename="annotation")
router.register("claim-links", annotations_api.ClaimLinkViewSet, basename="claimlink")
