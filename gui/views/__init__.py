"""Views: widgets that only draw what the session holds."""
