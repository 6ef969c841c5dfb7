"""The dashboard: static files (HTML, JavaScript, CSS) served by the API app. Everything
is bundled here; pages load nothing from another origin, and every piece of article text
or metadata is put on the page as text, never as markup."""
