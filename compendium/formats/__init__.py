"""The project's date and time formats, one module per language
(FORMAT_MODULE_PATH): each language reads dates one way everywhere. A language
without a module here falls back to Django's own formats for it; adding one is
adding its folder."""
