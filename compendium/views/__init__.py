"""The public site's views, one module for each thing they serve: the browse
page, an entry, the editions and what changed, country profiles, statistics,
downloads, and what feed readers and search engines ask for. What they read
(browse.py, editions.py, search.py, the files of downloads.py) stays beside
the models, so that the API, the admin and the commands read the same."""
