"""The Secretary-General's reports on the responsibility to protect named in
Arabic, Russian and Chinese by the titles the United Nations issued them under:
databases loaded before compendium/data/sg_report_titles.csv had them showed
the English title in those languages. A title the Office has written since is
kept."""

from django.db import migrations

TITLES = {
    "A/64/864": {
        "ar": "الإنذار المبكر والتقييم والمسؤولية عن الحماية",
        "ru": "Раннее предупреждение, оценка и обязанность по защите",
        "zh-hans": "预警、评估和保护责任",
    },
    "A/65/877": {
        "ar": "دور الترتيبات الإقليمية ودون الإقليمية في تنفيذ المسؤولية عن الحماية",
        "ru": "Роль региональных и субрегиональных механизмов в выполнении "
        "обязанности по защите",
        "zh-hans": "区域和次区域安排在履行保护责任方面的作用",
    },
    "A/66/874": {
        "ar": "المسؤولية عن الحماية: الاستجابة في الوقت المناسب وبطريقة حاسمة",
        "ru": "Обязанность по защите: своевременное и решительное реагирование",
        "zh-hans": "保护责任：及时果断的反应",
    },
    "A/67/929": {
        "ar": "المسؤولية عن الحماية: مسؤولية الدولة والمنع",
        "ru": "Обязанность по защите: ответственность государства и предотвращение",
        "zh-hans": "保护责任：国家责任和预防",
    },
    "A/68/947": {
        "ar": "الوفاء بمسؤوليتنا الجماعية: المساعدة الدولية والمسؤولية عن الحماية",
        "ru": "Выполнение нашей коллективной обязанности: международная помощь и "
        "обязанность по защите",
        "zh-hans": "履行我们的集体责任：国际援助和保护责任",
    },
    "A/69/981": {
        "ar": "التزام حيوي ودائم: تنفيذ المسؤولية عن الحماية",
        "ru": "Жизненно важное и неизменное обязательство: выполнение "
        "обязанности по защите",
        "zh-hans": "一项至关重要且持久的承诺：履行保护责任",
    },
}


def add_titles(apps, schema_editor):
    Report = apps.get_model("compendium", "SecretaryGeneralReport")
    for report in Report.objects.filter(symbol__in=TITLES):
        names = dict(report.names or {})
        for language, title in TITLES[report.symbol].items():
            if not names.get(language):
                names[language] = title
        if names != report.names:
            report.names = names
            report.save(update_fields=["names"])


def remove_titles(apps, schema_editor):
    Report = apps.get_model("compendium", "SecretaryGeneralReport")
    for report in Report.objects.filter(symbol__in=TITLES):
        names = dict(report.names or {})
        for language, title in TITLES[report.symbol].items():
            if names.get(language) == title:
                del names[language]
        if names != report.names:
            report.names = names
            report.save(update_fields=["names"])


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0024_term_descriptions"),
    ]

    operations = [migrations.RunPython(add_titles, remove_titles)]
