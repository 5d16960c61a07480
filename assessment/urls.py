from django.urls import path

from assessment.views import (
    account_data,
    accounts,
    digest,
    exports,
    job_ads,
    plans,
    privacy,
    questionnaire,
    reports,
    sharing,
)

app_name = "assessment"

urlpatterns = [
    path("assess/", questionnaire.start, name="start"),
    path("assess/<uuid:pk>/", questionnaire.resume, name="resume"),
    # Before the step pattern: "review" is no step's slug (questionnaire steps are categories and fixed slugs).
    path("assess/<uuid:pk>/review/", questionnaire.review, name="review"),
    path("assess/<uuid:pk>/<slug:slug>/", questionnaire.step, name="step"),
    path("job-ads/", job_ads.job_ad_new, name="job-ad-new"),
    path("job-ads/<uuid:pk>/", job_ads.job_ad_detail, name="job-ad"),
    path("job-ads/<uuid:pk>/score/", job_ads.job_ad_score, name="job-ad-score"),
    path("job-ads/<uuid:pk>/delete/", job_ads.job_ad_delete, name="job-ad-delete"),
    path("reports/", reports.report_list, name="report-list"),
    path("reports/compare/", reports.report_compare, name="report-compare"),
    path("reports/progress/", reports.report_progress, name="report-progress"),
    path("reports/<uuid:pk>/", reports.report_detail, name="report"),
    path("reports/<uuid:pk>/delete/", reports.report_delete, name="report-delete"),
    path("account/", accounts.account, name="account"),
    path("reports/<uuid:pk>/export.pdf", exports.report_pdf, name="report-pdf"),
    path("reports/<uuid:pk>/export.csv", exports.report_csv, name="report-csv"),
    path("reports/<uuid:pk>/export.json", exports.report_json, name="report-json"),
    path("reports/<uuid:pk>/share/", sharing.share_create, name="share-create"),
    path("reports/<uuid:pk>/share/<int:link_id>/revoke/", sharing.share_revoke, name="share-revoke"),
    path("s/<str:token>/", sharing.shared_report, name="shared-report"),
    path("account/data/", account_data.account_data, name="account-data"),
    path("account/delete/", account_data.account_delete, name="account-delete"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("reports/<uuid:pk>/adopt/", plans.plan_adopt, name="plan-adopt"),
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/digest/", plans.digest_settings, name="digest-settings"),
    path("plans/digest/unsubscribe/<str:token>/", digest.digest_unsubscribe, name="digest-unsubscribe"),
    path("plans/<uuid:pk>/", plans.plan_detail, name="plan"),
    path("plans/<uuid:pk>/pace/", plans.plan_pace, name="plan-pace"),
    path("plans/<uuid:pk>/items/<int:item_id>/", plans.plan_item_update, name="plan-item"),
    path("plans/<uuid:pk>/plan.ics", plans.plan_ics, name="plan-ics"),
    path("plans/<uuid:pk>/recheck/", plans.plan_recheck, name="plan-recheck"),
]
