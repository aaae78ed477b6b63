#!/usr/bin/env python3
"""Reading speed of Ukrainian and Russian articles against English ones of the same length.

    python bench/read_ukru.py [--articles 200] [--cold]

The articles are made here from sentences the team wrote (the same story told in the three
languages, with places, people and figures drawn at random), so the three sets have the same
length and content. Prints articles per second for each language and the ratio to English
(issue 27 asks for at least 0.5). ``--cold`` empties the Ukrainian/Russian reader's word caches
before each article, as if no two articles shared a word.
"""
from __future__ import annotations

import argparse
import random
import time

SENTENCES = {
    "uk": ["Уночі російські війська обстріляли {place_uk} з артилерії.",
           "Внаслідок удару загинули {n} людей, ще {m} поранені, повідомив голова ОВА {person_uk}.",
           "«Рятувальники розбирають завали, під ними можуть бути люди», — написав {person_uk} у телеграмі.",
           "За словами Генштабу ЗСУ, за добу відбулося 120 бойових зіткнень.",
           "Повітряні сили повідомили, що збили 30 безпілотників над {region_uk} областю.",
           "Президент Володимир Зеленський заявив, що Україні потрібно більше систем ППО.",
           "Пошкоджено житловий будинок, школу та лінію електропередач.",
           "Вчора ввечері у місті лунали вибухи.",
           "Евакуація мешканців прифронтових сіл триває.",
           "Міноборони Росії заявило, що його сили завдали удару по об'єктах енергетики."],
    "ru": ["Ночью российские войска обстреляли {place_ru} из артиллерии.",
           "В результате удара погибли {n} человек, еще {m} ранены, сообщил глава администрации {person_ru}.",
           "«Спасатели разбирают завалы, под ними могут быть люди», — написал {person_ru} в телеграме.",
           "По словам Генштаба ВСУ, за сутки произошло 120 боевых столкновений.",
           "В Минобороны России сообщили, что ПВО сбила 30 беспилотников над {region_ru} областью.",
           "Президент Владимир Зеленский заявил, что Украине нужно больше систем ПВО.",
           "Повреждены жилой дом, школа и линия электропередачи.",
           "Вчера вечером в городе раздавались взрывы.",
           "Эвакуация жителей прифронтовых сел продолжается.",
           "Минобороны России заявило, что его силы нанесли удар по объектам энергетики."],
    "en": ["Overnight Russian forces shelled {place_en} with artillery.",
           "The strike killed {n} people and wounded {m} more, the head of the regional administration, {person_en}, said.",
           "\"Rescuers are clearing the rubble, and people may be trapped under it,\" {person_en} wrote on Telegram.",
           "According to the General Staff, 120 combat clashes took place over the past day.",
           "The Air Force said it shot down 30 drones over the {region_en} region.",
           "President Volodymyr Zelensky said Ukraine needs more air defence systems.",
           "A residential building, a school and a power line were damaged.",
           "Explosions were heard in the city yesterday evening.",
           "The evacuation of residents from frontline villages is continuing.",
           "The Russian Defence Ministry said its forces struck energy facilities."],
}
SLOTS = [  # (uk accusative, ru accusative, en), region (uk instrumental, ru instrumental, en), person
    ("Харків", "Харьков", "Kharkiv"), ("Херсон", "Херсон", "Kherson"), ("Запоріжжя", "Запорожье", "Zaporizhzhia"),
    ("Суми", "Сумы", "Sumy"), ("Нікополь", "Никополь", "Nikopol"), ("Одесу", "Одессу", "Odesa"),
]
REGIONS = [("Харківською", "Харьковской", "Kharkiv"), ("Одеською", "Одесской", "Odesa"),
           ("Сумською", "Сумской", "Sumy"), ("Київською", "Киевской", "Kyiv")]
PEOPLE = [("Олег Синєгубов", "Олег Синегубов", "Oleh Syniehubov"), ("Іван Федоров", "Иван Федоров", "Ivan Fedorov"),
          ("Сергій Лисак", "Сергей Лысак", "Serhii Lysak")]


def articles(lang: str, n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    col = {"uk": 0, "ru": 1, "en": 2}[lang]
    out = []
    for _ in range(n):
        place, region, person = rnd.choice(SLOTS), rnd.choice(REGIONS), rnd.choice(PEOPLE)
        values = {f"place_{lang}": place[col], f"region_{lang}": region[col], f"person_{lang}": person[col],
                  "n": rnd.randint(2, 9), "m": rnd.randint(10, 40)}
        sents = SENTENCES[lang][:]
        rnd.shuffle(sents)
        # two paragraphs of the story, as a report of about 1,400 characters
        out.append("\n".join(" ".join(s.format(**values) for s in sents[k:k + 5]) for k in (0, 5)) * 2)
    return out


def _clear_caches() -> None:
    from livebrief.read import slavic

    for lang in slavic.LANGUAGES:
        slavic.language(lang).analyse.cache_clear()
        slavic.language(lang).name_lemma.cache_clear()
    slavic._place_called_cached.cache_clear()
    slavic._lookup.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--cold", action="store_true")
    args = ap.parse_args()
    from livebrief.read.nlp import get_nlp
    from livebrief.read.pipeline import read_one

    nlp = get_nlp()
    rates = {}
    for lang in ("en", "uk", "ru"):
        texts = articles(lang, args.articles)
        read_one(nlp, texts[0], "2025-05-02")   # loads the model or the dictionaries
        t = time.perf_counter()
        for text in texts:
            if args.cold:
                _clear_caches()
            r = read_one(nlp, text, "2025-05-02")
            assert r.status == "ok" and r.language == lang, (lang, r.language, r.status)
        rates[lang] = len(texts) / (time.perf_counter() - t)
        chars = sum(map(len, texts)) / len(texts)
        print(f"{lang}: {rates[lang]:7.1f} articles/s ({chars:.0f} characters each)")
    for lang in ("uk", "ru"):
        print(f"{lang} / en: {rates[lang] / rates['en']:.2f}")


if __name__ == "__main__":
    main()
