"""The home and About pages in the five other languages, as the Office would
translate them in Wagtail (Translate, in the page's actions), published."""

from wagtail.models import Locale

from compendium.models import HomePage, StandardPage

HOME = {
    "fr": {
        "title": "Recueil de pratiques sur la responsabilité de protéger",
        "lead": (
            "Pratiques concrètes des États Membres, des organisations régionales et "
            "sous-régionales et de la société civile pour protéger les populations du "
            "génocide, des crimes de guerre, du nettoyage ethnique et des crimes contre "
            "l'humanité."
        ),
        "body": (
            "<p>Dix ans après le Sommet mondial de 2005, le Conseiller spécial pour la "
            "responsabilité de protéger rassemble les manières dont la responsabilité de "
            "protéger est mise en œuvre. Le recueil de pratiques est une ressource "
            "d'information publique sur les trois piliers, organisée autour des six "
            "priorités essentielles pour la prochaine décennie énoncées dans le rapport "
            "du Secrétaire général de 2015 (A/69/981).</p>"
            "<p>Les États Membres, les organisations régionales et la société civile "
            "soumettent des fiches ; le Bureau les examine avec leurs auteurs et publie "
            "le recueil en éditions citables.</p>"
        ),
        "pillars_heading": "Les trois piliers",
        "priorities_heading": "Six priorités essentielles pour la prochaine décennie",
    },
    "es": {
        "title": "Compendio de prácticas sobre la responsabilidad de proteger",
        "lead": (
            "Prácticas concretas de los Estados Miembros, las organizaciones regionales "
            "y subregionales y la sociedad civil para proteger a las poblaciones del "
            "genocidio, los crímenes de guerra, la depuración étnica y los crímenes de "
            "lesa humanidad."
        ),
        "body": (
            "<p>Diez años después de la Cumbre Mundial de 2005, el Asesor Especial sobre "
            "la Responsabilidad de Proteger reúne las formas en que se está aplicando la "
            "responsabilidad de proteger. El compendio de prácticas es un recurso de "
            "información pública sobre los tres pilares, organizado en torno a las seis "
            "prioridades fundamentales para el próximo decenio enunciadas en el informe "
            "del Secretario General de 2015 (A/69/981).</p>"
            "<p>Los Estados Miembros, las organizaciones regionales y la sociedad civil "
            "aportan entradas; la Oficina las examina con sus autores y publica el "
            "compendio en ediciones citables.</p>"
        ),
        "pillars_heading": "Los tres pilares",
        "priorities_heading": "Seis prioridades fundamentales para el próximo decenio",
    },
    "ar": {
        "title": "خلاصة الممارسات المتعلقة بالمسؤولية عن الحماية",
        "lead": (
            "ممارسات ملموسة تضطلع بها الدول الأعضاء والمنظمات الإقليمية ودون الإقليمية "
            "والمجتمع المدني لحماية السكان من الإبادة الجماعية وجرائم الحرب والتطهير "
            "العرقي والجرائم المرتكبة ضد الإنسانية."
        ),
        "body": (
            "<p>بعد عشر سنوات من مؤتمر القمة العالمي لعام 2005، يجمع المستشار الخاص "
            "المعني بالمسؤولية عن الحماية السبل التي يجري بها تنفيذ المسؤولية عن "
            "الحماية. وخلاصة الممارسات مورد إعلامي عام يتناول الركائز الثلاث، وهو منظم "
            "حول الأولويات الأساسية الست للعقد المقبل الواردة في تقرير الأمين العام "
            "لعام 2015 (A/69/981).</p>"
            "<p>تقدم الدول الأعضاء والمنظمات الإقليمية والمجتمع المدني بنودا، ويستعرضها "
            "المكتب مع مقدميها، ثم يصدر الخلاصة في طبعات يمكن الاستشهاد بها.</p>"
        ),
        "pillars_heading": "الركائز الثلاث",
        "priorities_heading": "ست أولويات أساسية للعقد المقبل",
    },
    "ru": {
        "title": "Сборник практики в области ответственности по защите",
        "lead": (
            "Конкретная практика государств-членов, региональных и субрегиональных "
            "организаций и гражданского общества по защите населения от геноцида, "
            "военных преступлений, этнических чисток и преступлений против "
            "человечности."
        ),
        "body": (
            "<p>Спустя десять лет после Всемирного саммита 2005 года Специальный "
            "советник по вопросу об ответственности по защите собирает сведения о том, как "
            "осуществляется ответственность по защите. Сборник практики — общедоступный "
            "информационный ресурс по всем трем основным элементам, построенный вокруг "
            "шести ключевых приоритетов на следующее десятилетие, изложенных в докладе "
            "Генерального секретаря 2015 года (A/69/981).</p>"
            "<p>Государства-члены, региональные организации и гражданское общество "
            "представляют записи; Канцелярия рассматривает их вместе с авторами и "
            "выпускает сборник в виде изданий, на которые можно ссылаться.</p>"
        ),
        "pillars_heading": "Три основных элемента",
        "priorities_heading": "Шесть ключевых приоритетов на следующее десятилетие",
    },
    "zh-hans": {
        "title": "保护责任实践汇编",
        "lead": (
            "会员国、区域和次区域组织以及民间社会为保护人民免遭灭绝种族、战争罪、"
            "族裔清洗和危害人类罪而采取的具体做法。"
        ),
        "body": (
            "<p>2005年世界首脑会议十年之后，保护责任问题特别顾问汇集了履行保护责任的"
            "各种方式。实践汇编是一项公共信息资源，涵盖所有三大支柱，并围绕秘书长"
            "2015年报告（A/69/981）提出的未来十年六项核心优先事项编排。</p>"
            "<p>会员国、区域组织和民间社会提交条目；办公室与提交者共同审查，并以可供"
            "引用的版本发布汇编。</p>"
        ),
        "pillars_heading": "三大支柱",
        "priorities_heading": "未来十年的六项核心优先事项",
    },
}

ABOUT = {
    "fr": {
        "title": "À propos du recueil",
        "lead": "Comment le recueil est élaboré, et par qui.",
        "body": (
            "<h2>Objet</h2><p>Le recueil rassemble les pratiques qui aident les États à "
            "s'acquitter de leur responsabilité de protéger les populations contre les "
            "atrocités criminelles et leur incitation, afin que d'autres puissent s'en "
            "inspirer.</p><h2>Élaboration des fiches</h2><p>Les fiches sont soumises "
            "par les États Membres, les organisations régionales et sous-régionales et "
            "la société civile. Le Bureau du Conseiller spécial examine chaque fiche "
            "avec son auteur. Une version préliminaire est communiquée aux États Membres "
            "pour observations avant la publication de chaque édition officielle.</p>"
            "<h2>Éditions</h2><p>Chaque édition est figée dès sa publication : toute "
            "fiche peut être citée exactement telle qu'elle a été publiée.</p>"
        ),
    },
    "es": {
        "title": "Acerca del compendio",
        "lead": "Cómo se elabora el compendio y quién lo elabora.",
        "body": (
            "<h2>Finalidad</h2><p>El compendio recoge prácticas que ayudan a los Estados "
            "a cumplir su responsabilidad de proteger a las poblaciones de los crímenes "
            "atroces y su incitación, para que otros puedan aprender de ellas.</p>"
            "<h2>Cómo se elaboran las entradas</h2><p>Las entradas las presentan los "
            "Estados Miembros, las organizaciones regionales y subregionales y la "
            "sociedad civil. La Oficina del Asesor Especial examina cada entrada con su "
            "autor. Antes de publicar cada edición oficial, se comparte con los Estados "
            "Miembros una versión preliminar para que formulen observaciones.</p>"
            "<h2>Ediciones</h2><p>Cada edición queda fijada una vez publicada, de modo "
            "que cualquier entrada puede citarse tal como se publicó.</p>"
        ),
    },
    "ar": {
        "title": "نبذة عن الخلاصة",
        "lead": "كيف تُعد الخلاصة، ومن يعدها.",
        "body": (
            "<h2>الغرض</h2><p>تسجل الخلاصة الممارسات التي تساعد الدول على الوفاء "
            "بمسؤوليتها عن حماية السكان من الجرائم الفظيعة والتحريض عليها، لكي يستفيد "
            "منها الآخرون.</p><h2>كيف تُعد البنود</h2><p>تقدم البنودَ الدولُ الأعضاء "
            "والمنظمات الإقليمية ودون الإقليمية والمجتمع المدني. ويستعرض مكتب المستشار "
            "الخاص كل بند مع مقدمه. وتُتاح للدول الأعضاء نسخة أولية سابقة للنشر لإبداء "
            "ملاحظاتها قبل إصدار كل طبعة رسمية.</p><h2>الطبعات</h2><p>تُثبَّت كل طبعة "
            "عند إصدارها، بحيث يمكن الاستشهاد بأي بند كما نُشر تماما.</p>"
        ),
    },
    "ru": {
        "title": "О сборнике",
        "lead": "Как составляется сборник и кто его составляет.",
        "body": (
            "<h2>Цель</h2><p>В сборнике собрана практика, помогающая государствам "
            "выполнять их ответственность по защите населения от зверских преступлений и "
            "подстрекательства к ним, чтобы другие могли перенимать этот опыт.</p><h2>Как составляются "
            "записи</h2><p>Записи представляют государства-члены, региональные и "
            "субрегиональные организации и гражданское общество. Канцелярия Специального "
            "советника рассматривает каждую запись вместе с ее автором. Перед выпуском "
            "каждого официального издания государствам-членам направляется "
            "предварительный вариант для замечаний.</p><h2>Издания</h2><p>Каждое издание "
            "после выпуска не меняется, поэтому любую запись можно процитировать точно "
            "в том виде, в каком она была опубликована.</p>"
        ),
    },
    "zh-hans": {
        "title": "关于汇编",
        "lead": "汇编如何编写，由谁编写。",
        "body": (
            "<h2>宗旨</h2><p>汇编记录帮助各国履行保护人民免遭暴行罪及其煽动之责任的"
            "做法，供他人借鉴。</p><h2>条目如何编写</h2><p>条目由会员国、区域和次区域"
            "组织以及民间社会提交。特别顾问办公室与提交者共同审查每一条目。每一正式"
            "版本发布之前，先将初步的发布前版本分发给会员国征求意见。</p><h2>版本</h2>"
            "<p>每一版本一经发布即固定不变，因此任何条目都可以完全按照发布时的样子"
            "加以引用。</p>"
        ),
    },
}


def _translate(page, locale, fields):
    """The page's translation into `locale`, made if missing, with `fields`,
    published. Returns it."""
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale)
    translated = translated.specific
    changed = any(getattr(translated, name) != value for name, value in fields.items())
    if changed or not translated.live:
        for name, value in fields.items():
            setattr(translated, name, value)
        translated.draft_title = translated.title
        translated.save_revision().publish()
    return translated


def seed_page_translations():
    """Home and About in every language; the English pages are the migration's."""
    home = HomePage.objects.filter(locale__language_code="en").first()
    about = (
        StandardPage.objects.filter(locale__language_code="en", slug="about").first()
        if home
        else None
    )
    if home is None:
        return 0
    made = 0
    for code, fields in HOME.items():
        locale, _created = Locale.objects.get_or_create(language_code=code)
        _translate(home, locale, fields)
        made += 1
        if about is not None:
            _translate(about, locale, ABOUT[code])
    return made
