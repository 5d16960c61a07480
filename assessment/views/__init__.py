"""Views, one module per area: the questionnaire, saved reports, exports, share links and accounts."""
