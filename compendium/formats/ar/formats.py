"""Arabic: "3 ديسمبر 2026" and "3 ديسمبر 2026، 13:11", with the 24-hour clock the
United Nations writes; Django's own Arabic formats give no date with a time."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday
