"""Reading Ukrainian and Russian (read/slavic.py): places, people, organisations, dates, harm,
events and quotations, in the record English texts are read into. The sentences are the team's own."""
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livebrief.aggregate.clustering import Clusterer
from livebrief.lexicon import lexicon
from livebrief.read.pipeline import read_one
from livebrief.read.slavic import english_gist, read_slavic


def _places(r):
    return [(p["text"], p["name"], p["feature"], p["country"]) for p in r.places]


def _people(r):
    return [(e["text"], e["canonical"]) for e in r.entities if e["label"] == "PERSON"]


def test_ukrainian_places_are_found_in_any_case_and_named_in_english():
    r = read_slavic("Уночі окупанти атакували Запоріжжя та Одесу, вибухи чули й у Кривому Розі та Києві.",
                    "uk", "2025-05-02")
    assert _places(r) == [("Запоріжжя", "Zaporizhzhya", "city", "UA"), ("Одесу", "Odesa", "city", "UA"),
                          ("Кривому Розі", "Kryvyy Rih", "city", "UA"), ("Києві", "Kyiv", "city", "UA")]


def test_a_region_is_its_adjective_before_oblast():
    uk = read_slavic("На Сумській області зранку тривала повітряна тривога.", "uk", "2025-05-02")
    ru = read_slavic("Над Брянской областью ночью работала ПВО.", "ru", "2025-05-02")
    assert _places(uk) == [("Сумській області", "Sumy", "admin1", "UA")]
    assert _places(ru) == [("Брянской областью", "Brjansk", "admin1", "RU")]


def test_russian_places_and_the_city_before_the_region_of_its_name():
    r = read_slavic("Делегация вылетела из Москвы в Белгород, а затем посетила Курск.", "ru", "2025-05-02")
    assert _places(r) == [("Москвы", "Moscow", "city", "RU"), ("Белгород", "Belgorod", "city", "RU"),
                          ("Курск", "Kursk", "city", "RU")]


def test_people_have_one_english_name_in_either_language():
    uk = read_slavic("Президент Володимир Зеленський провів нараду з військовими.", "uk", "2025-05-02")
    ru = read_slavic("В Кремле ответили на слова Зеленского, сообщил Дмитрий Песков.", "ru", "2025-05-02")
    assert _people(uk) == [("Володимир Зеленський", "Volodymyr Zelensky")]
    assert _people(ru) == [("Зеленского", "Volodymyr Zelensky"), ("Дмитрий Песков", "Dmitry Peskov")]


def test_an_unknown_person_is_romanised_from_the_base_form_and_a_surname_takes_the_full_name():
    r = read_slavic("Голова Сумської ОВА Олег Григоров попередив про загрозу. Пізніше Григоров уточнив деталі.",
                    "uk", "2025-05-02")
    assert _people(r) == [("Олег Григоров", "Oleh Hryhorov"),
                          ("Григоров", "Oleh Hryhorov")]


def test_organisations_by_lemma_and_acronym():
    r = read_slavic("Генштабу ЗСУ та СБУ відомо про атаку, заявили у Міноборони Росії. Підрозділи ЗСУ "
                    "відбили штурм.", "uk", "2025-05-02")
    assert [(e["text"], e["canonical"]) for e in r.entities if e["label"] == "ORG"] == [
        ("Генштабу ЗСУ", "General Staff of the Armed Forces of Ukraine"), ("СБУ", "Security Service of Ukraine"),
        ("Міноборони Росії", "Russian Ministry of Defence"), ("ЗСУ", "Armed Forces of Ukraine")]


def test_dates_day_month_relative_days_and_the_night_before_a_weekday():
    uk = read_slavic("Вибухи пролунали 24 лютого, а вчора знову.", "uk", "2025-03-06")
    ru = read_slavic("В ночь на среду дроны атаковали склад.", "ru", "2025-03-06")   # a Thursday
    assert [(d["text"], d["value"]) for d in uk.dates] == [("24 лютого", "2025-02-24"), ("вчора", "2025-03-05")]
    assert [(d["text"], d["value"]) for d in ru.dates] == [("В ночь на среду", "2025-03-05")]


def test_killed_and_wounded_in_a_ukrainian_strike():
    r = read_slavic("Після обстрілу Херсона загинули двоє людей, ще семеро поранені.", "uk", "2025-05-02")
    assert [(q["text"], q["value"], q["category"]) for q in r.quantities] == [
        ("двоє людей", 2, "killed"), ("семеро", 7, "wounded")]
    [ev] = r.events
    assert (ev["type"], ev["sub_type"], ev["place_name"], ev["killed"], ev["wounded"]) == (
        "explosions_remote_violence", "shelling/artillery/missile attack", "Kherson", 2, 7)


def test_killed_and_wounded_in_a_russian_report_and_one_victim_without_a_figure():
    r = read_slavic("В результате удара беспилотника по Курску ранены 4 человека. В селе погиб мужчина.",
                    "ru", "2025-05-02")
    # (the village's toll is its own, but of a strike too, as the report before it: the team's sets
    # annotate such a toll as the strikes it follows)
    assert [(ev["sub_type"], ev["place_name"], ev["killed"], ev["wounded"]) for ev in r.events] == [
        ("air/drone strike", "Kursk", None, 4), ("air/drone strike", None, 1, None)]


def test_quotations_direct_indirect_and_according_to():
    text = ("«Ворог бив по енергетиці всю ніч», — написав Дмитро Коваленко.\n"
            "Міністр Андрій Сибіга заявив, що партнери посилять санкції.\n"
            "За словами Нацполіції, рятувальники працюють на місці.")
    r = read_slavic(text, "uk", "2025-05-02")
    assert [(q["kind"], q["text"], q["speaker"], q["cue"]) for q in r.quotes] == [
        ("direct", "Ворог бив по енергетиці всю ніч", "Dmytro Kovalenko", "написав"),
        ("indirect", "партнери посилять санкції", "Andrii Sybiha", "заявив"),
        ("indirect", "рятувальники працюють на місці", "National Police of Ukraine", "за словами")]
    for q in r.quotes:
        assert text[q["start"]:q["end"]].startswith(q["text"])
        assert text[q["speaker_start"]:q["speaker_end"]] in text


def test_the_record_has_the_english_shape():
    r = read_slavic("Після обстрілу Харкова загинула жінка, повідомив Ігор Терехов.", "uk", "2025-05-02")
    assert set(r.places[0]) == {"text", "start", "end", "name", "geonameid", "feature", "country", "lat", "lon",
                                "precision"}
    assert set(r.events[0]) == {"type", "sub_type", "actor", "target", "place", "place_name", "country", "lat",
                                "lon", "date", "time_precision", "geo_precision", "killed", "wounded",
                                "displaced", "claim", "source", "start", "end", "confidence"}
    assert set(r.quantities[0]) == {"text", "start", "end", "value", "unit", "kind", "category", "vague",
                                    "cumulative"}


def test_read_one_sends_ukrainian_and_russian_to_their_reader():
    uk = read_one(None, "Увечері російські війська знову обстріляли Харків, є загиблі та поранені серед "
                        "мирних мешканців міста.", "2025-05-02")
    ru = read_one(None, "Вечером российские войска снова нанесли удар по Харькову, есть погибшие и "
                        "раненые среди мирных жителей.", "2025-05-02")
    assert (uk.language, uk.status, ru.language, ru.status) == ("uk", "ok", "ru", "ok")
    assert [p["name"] for p in uk.places] == ["Kharkiv"] and [p["name"] for p in ru.places] == ["Kharkiv"]


def test_a_ukrainian_and_an_english_report_of_one_strike_join_one_development():
    uk = ("Росія вдарила ракетами по Дніпру, загинули троє людей\n"
          "Зранку російські війська завдали ракетного удару по житловому кварталу Дніпра. Загинули троє "
          "людей, ще 12 поранені, повідомив голова Дніпропетровської ОВА Сергій Лисак.")
    t0 = datetime(2025, 5, 2, 8)
    cl = Clusterer()
    a, *_ = cl.assign(1, "Russian missile strike on Dnipro apartment block kills three, wounds 12", t0)
    c, *_ = cl.assign(2, "Zelensky visits troops near Kupiansk", t0 + timedelta(hours=1))
    b, *_ = cl.assign(3, english_gist(read_slavic(uk, "uk", "2025-05-02")), t0 + timedelta(hours=2))
    assert a == b != c


def test_every_language_folder_has_the_same_files_and_lists():
    uk, ru = lexicon("uk"), lexicon("ru")
    files = sorted(p.name for p in uk._root.iterdir() if p.name.endswith(".toml"))
    assert files == sorted(p.name for p in ru._root.iterdir() if p.name.endswith(".toml"))
    for f in files:
        assert set(uk._domain(f[:-5])) == set(ru._domain(f[:-5])), f


def test_a_region_by_its_own_noun():
    uk = read_slavic("На Харківщині та Донеччині тривають бої.", "uk", "2025-05-02")
    ru = read_slavic("На Белгородчине объявили эвакуацию.", "ru", "2025-05-02")
    assert _places(uk) == [("Харківщині", "Kharkiv", "admin1", "UA"), ("Донеччині", "Donetsk", "admin1", "UA")]
    assert _places(ru) == [("Белгородчине", "Belgorod", "admin1", "RU")]


def test_a_qualified_figure_keeps_its_qualifier():
    uk = read_slavic("Внаслідок атаки поранено понад 50 людей.", "uk", "2025-05-02")
    ru = read_slavic("Погибли не менее 10 человек.", "ru", "2025-05-02")
    assert [(q["text"], q["value"], q["category"]) for q in uk.quantities] == [("понад 50 людей", 50, "wounded")]
    assert [(q["text"], q["value"], q["category"]) for q in ru.quantities] == [("не менее 10 человек", 10, "killed")]


def test_the_lexicons_types_and_topics_are_the_records_values():
    from livebrief.records import EventType, Topic

    for lang in ("uk", "ru"):
        assert {r["type"] for r in lexicon(lang).get("events", "rules")} <= set(EventType.values())
        assert {k for k in lexicon(lang)._domain("topics")} == set(Topic.values())


@pytest.mark.model
def test_a_stored_ukrainian_article_joins_the_development_of_the_english_ones(store, options, tmp_path):
    import json

    from livebrief.flow import ingest
    from livebrief.publish.queries import list_developments, search

    arts = [
        {"id": "en1", "published": "2025-05-02T08:00:00+00:00", "title": "Russian missile strike on Dnipro kills three",
         "outlet": "Wire A", "text": "A Russian missile hit a residential block in Dnipro on Friday, killing three people "
                                     "and wounding 12, the regional governor Serhii Lysak said."},
        {"id": "uk1", "published": "2025-05-02T09:00:00+00:00", "title": "Ракетний удар по Дніпру: троє загиблих",
         "outlet": "Desk UA", "text": "Російська ракета влучила в житловий будинок у Дніпрі, загинули троє людей, ще 12 "
                                      "поранені, повідомив голова Дніпропетровської ОВА Сергій Лисак."},
        {"id": "en2", "published": "2025-05-02T10:00:00+00:00", "title": "Finland's parliament approves a defence budget",
         "outlet": "Wire B", "text": "Finland's parliament approved a larger defence budget on Friday, the speaker said."},
    ]
    f = tmp_path / "d.jsonl"
    f.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with store.read() as conn:
        groups = sorted(sorted(d["articles"]) for d in list_developments(conn))
        # search by a person's or a place's English name finds the Ukrainian article too
        by_person = {h["title"] for h in search(conn, "", person="Lysak")["results"]}
        by_place = {h["title"] for h in search(conn, "", place="Dnipro")["results"]}
    assert groups == [["en1", "uk1"], ["en2"]]
    assert by_person == by_place == {arts[0]["title"], arts[1]["title"]}


def test_a_list_of_region_adjectives_before_one_noun_names_each_region():
    r = read_slavic("ПВО работала над Брянской, Курской и Белгородской областями.", "ru", "2025-05-02")
    assert _places(r) == [("Брянской", "Brjansk", "admin1", "RU"), ("Курской", "Kursk", "admin1", "RU"),
                          ("Белгородской областями", "Belgorod", "admin1", "RU")]


def test_a_place_after_a_preposition_is_no_person_though_its_lemma_is_a_first_name():
    r = read_slavic("Увечері у Львові пролунав вибух.", "uk", "2025-05-02")
    assert _places(r) == [("Львові", "Lviv", "city", "UA")] and _people(r) == []


def test_an_age_is_no_count_of_people_and_one_wounded_man_is_counted():
    r = read_slavic("Внаслідок обстрілу Херсона поранено чоловіка 58 років.", "uk", "2025-05-02")
    assert [(q["text"], q["value"], q["category"]) for q in r.quantities] == [("чоловіка", 1, "wounded")]


def test_after_a_title_the_name_of_a_thing_belongs_to_the_title_not_to_the_person():
    uk = read_slavic("Голова Укрзалізниці Олександр Камишін розповів про евакуацію.", "uk", "2025-05-02")
    ru = read_slavic("Президент России Владимир Путин провел совещание.", "ru", "2025-05-02")
    assert _people(uk) == [("Олександр Камишін", "Oleksandr Kamyshin")]
    assert _people(ru) == [("Владимир Путин", "Vladimir Putin")]


def test_a_first_name_in_its_base_form_is_kept_and_russian_endings_are_spelt_as_in_english():
    uk = read_slavic("Про це повідомив Павло Кириленко.", "uk", "2025-05-02")
    ru = read_slavic("Об этом сообщил Дмитрий Лыков.", "ru", "2025-05-02")
    assert _people(uk) == [("Павло Кириленко", "Pavlo Kyrylenko")]
    assert _people(ru) == [("Дмитрий Лыков", "Dmitry Lykov")]


def test_an_adjective_alone_is_no_village():
    r = read_slavic("Штаб Южного военного округа работал в обычном режиме.", "ru", "2025-05-02")
    assert r.places == []


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def test_the_teams_sentences_are_read_as_well_as_issue_27_asks():
    """Places, people and event types by F1, killed and wounded of matched events, on 32 sentences
    the team wrote and labelled (tests/fixtures/ukru_gold.jsonl; the English names are the
    gazetteer's and the people registry's). The floors are the issue's, for articles not seen."""
    import json
    from pathlib import Path

    counts = {k: [0, 0, 0] for k in ("places", "people", "events")}
    harm_right = harm_all = 0
    for line in (Path(__file__).parent / "fixtures" / "ukru_gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        r = read_slavic(g["text"], g["lang"], g["published"])
        got = {"places": {p["name"] for p in r.places},
               "people": {e["canonical"] for e in r.entities if e["label"] == "PERSON"},
               "events": {e["type"] for e in r.events}}
        gold = {"places": set(g["places"]), "people": set(g["people"]), "events": {e[0] for e in g["events"]}}
        for k, c in counts.items():
            c[0] += len(got[k] & gold[k])
            c[1] += len(got[k] - gold[k])
            c[2] += len(gold[k] - got[k])
        for kind, killed, wounded in g["events"]:
            matched = [e for e in r.events if e["type"] == kind]
            if matched:
                harm_all += 1
                harm_right += any((e["killed"], e["wounded"]) == (killed, wounded) for e in matched)
    assert _f1(*counts["places"]) >= 0.85 and _f1(*counts["people"]) >= 0.85
    assert _f1(*counts["events"]) >= 0.75 and harm_right >= 0.8 * harm_all


@given(st.text(alphabet="абвгдеєжзиіїйклмнопрстуфхцчшщьюяАБВГДЕЄЖЗИІЇЙКЛМНОПРСТУХЦЧШЩЮЯЬыэъё .,;:!?«»„“\"'—-()\n0123456789",
               max_size=200),
       st.sampled_from(["uk", "ru"]), st.sampled_from([None, "2024-02-29", "not a date"]))
@settings(max_examples=150, deadline=None)
def test_any_text_is_read_and_every_offset_points_at_its_text(text, lang, published):
    r = read_slavic(text, lang, published)
    for kind in ("entities", "places", "dates", "quantities", "quotes"):
        for d in getattr(r, kind):
            assert text[d["start"]:d["end"]] == d["text"], (kind, d)
    for q in r.quotes:
        if q["speaker_start"] is not None:
            assert 0 <= q["speaker_start"] < q["speaker_end"] <= len(text)


def test_sums_with_their_currency():
    uk = read_slavic("Уряд отримав 1,5 млрд євро та 300 млн гривень.", "uk", "2025-05-02")
    ru = read_slavic("Сумма составила $400 млн.", "ru", "2025-05-02")
    assert [(q["text"], q["value"], q["unit"], q["kind"]) for q in uk.quantities] == [
        ("1,5 млрд євро", 1_500_000_000, "EUR", "money"), ("300 млн гривень", 300_000_000, "UAH", "money")]
    assert [(q["text"], q["value"], q["unit"]) for q in ru.quantities] == [("$400 млн", 400_000_000, "USD")]


def test_aid_pledged_approved_and_delivered_with_donor_sum_and_category():
    uk = read_slavic("Німеччина виділила Україні пакет військової допомоги на 500 млн євро. "
                     "Рада ЄС затвердила транш на 1,5 млрд євро.", "uk", "2025-05-02")
    ru = read_slavic("Норвегия передала Украине генераторы в рамках гуманитарной помощи.", "ru", "2025-05-02")
    assert [(a["donor"], a["donor_country"], a["amount"], a["currency"], a["category"], a["status"]) for a in uk.aid] == [
        ("Germany", "DE", 500_000_000, "EUR", "military", "pledged"),
        ("European Union", "EU", 1_500_000_000, "EUR", "financial", "approved")]
    assert [(a["donor"], a["category"], a["status"], a["recipient"]) for a in ru.aid] == [
        ("Norway", "humanitarian", "delivered", "Ukraine")]


def test_districts_and_names_in_guillemets_are_no_towns_and_a_community_is_its_towns():
    r = read_slavic("Уламки пошкодили будинки у Голосіївському та Дарницькому районах Києва. Пошкоджено готель "
                    "«Прага» у Харкові.", "uk", "2025-03-15")
    assert [p["name"] for p in r.places] == ["Kyiv", "Kharkiv"]
    r = read_slavic("Вибухи пролунали у Нікопольській та Марганецькій громадах.", "uk", "2025-03-15")
    assert [p["name"] for p in r.places] == ["Nikopol", "Marhanets"]
    r = read_slavic("Повреждения зафиксированы во Львовской и Полтавской областях.", "ru", "2025-03-15")
    assert [(p["name"], p["feature"]) for p in r.places] == [("Lviv", "admin1"), ("Poltava", "admin1")]


def test_a_known_surname_in_any_case_and_a_common_noun_that_opens_a_sentence_is_no_person():
    assert _people(read_slavic("За словами Сибіги, рішення ухвалять у червні.", "uk", "2025-03-15")) == [
        ("Сибіги", "Andrii Sybiha")]
    r = read_slavic("По словам Лысака, погибших нет. Ночью ракета попала в дом, сообщил Сергей Лысак.", "ru",
                    "2025-03-15")
    assert _people(r) == [("Лысака", "Serhii Lysak"), ("Сергей Лысак", "Serhii Lysak")]
    assert [q["speaker"] for q in r.quotes] == ["Serhii Lysak"] * len(r.quotes) and r.quotes
    assert _people(read_slavic("Станом на ранок загиблих немає.", "uk", "2025-03-15")) == []


@pytest.mark.model
def test_the_briefing_shows_a_ukrainian_sentence_with_its_language_and_english_names(store, options, tmp_path):
    import json

    from livebrief.flow import ingest
    from livebrief.publish.queries import list_developments

    art = {"id": "uk9", "published": "2025-05-03T09:00:00+00:00", "title": "Обстріл Нікополя: поранено двох людей",
           "outlet": "Desk UA", "text": "Уранці російські війська обстріляли Нікополь з артилерії, поранено двох людей, "
                                        "повідомив голова Дніпропетровської ОВА Сергій Лисак."}
    f = tmp_path / "u.jsonl"
    f.write_text(json.dumps(art, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with store.read() as conn:
        [dev] = list_developments(conn)
    [item] = dev["summary"]
    assert item["language"] == "uk" and item["sentence"].startswith("Уранці")
    assert item["english_names"] == ["Nikopol", "regional military administration", "Serhii Lysak"]


def test_a_foreign_name_in_cyrillic_takes_its_english_spelling_by_the_spelling_key():
    from livebrief.read.spellings import english_name, key

    # romanisations of one name, Ukrainian's, Russian's and English copy's, share one key
    assert key("Huterresh") == key("Guterres") and key("Sholts") == key("Scholz")
    assert key("Zelenskyi") == key("Zelenskyy") == key("Zelensky") and key("Fyodorov") == key("Fedorov")
    assert english_name(["Borys", "Pistorius"]) == "Boris Pistorius"
    assert english_name(["Mykhailo", "Fedorov"]) == "Mykhailo Fedorov"
    assert english_name(["Fedorov"]) is None   # two Fedorovs are known: a surname alone names neither
    assert english_name(["Petro", "Pistorius"]) is None   # another first name is someone else
    r = read_slavic("У Брюсселі Антоніу Гутерреш і Кая Каллас обговорили безпеку Чорного моря.", "uk", "2025-06-01")
    assert _people(r) == [("Антоніу Гутерреш", "António Guterres"), ("Кая Каллас", "Kaja Kallas")]
    r = read_slavic("Канцлер Фридрих Мерц пообещал новые поставки, Мерц выступал в Бундестаге.", "ru", "2025-06-01")
    assert [c for _, c in _people(r)] == ["Friedrich Merz", "Friedrich Merz"]
    # Russian writes an English W as "У"; a foreign name the dictionary mislemmatises is read as written
    assert key("Uitkoff") == key("Vitkoff") == key("Witkoff")
    r = read_slavic("Канцлер Австрії Крістіан Штокер зустрівся з прем'єром Діком Схофом.", "uk", "2025-06-01")
    assert "Dick Schoof" in [c for _, c in _people(r)]
    # a common word that opens a sentence is no one, though its key is a known surname's ("Costa")
    assert _people(read_slavic("Кошти підуть на ремонт шкіл.", "uk", "2025-06-01")) == []
    # a name no one knows stays romanised
    r = read_slavic("Про наслідки розповів староста села Петро Коваленко.", "uk", "2025-06-01")
    assert _people(r) == [("Петро Коваленко", "Petro Kovalenko")]


def test_a_ukrainian_official_is_known_in_russian_copy_from_one_definition():
    uk = read_slavic("Очільник Запорізької ОВА Іван Федоров заявив про нову атаку.", "uk", "2025-06-01")
    ru = read_slavic("Глава Запорожской ОВА Иван Федоров сообщил о новой атаке.", "ru", "2025-06-01")
    assert [c for _, c in _people(uk)] == [c for _, c in _people(ru)] == ["Ivan Fedorov"]
    # each language lists a known person's surname as it writes it; the English name is one
    assert "Ivan Fedorov" in lexicon("en").words("people", "known")
    for lang in ("uk", "ru"):
        from livebrief.read.spellings import known_people

        assert set(lexicon(lang).get("people", "surnames")) <= known_people(lang).keys(), lang


def test_a_weapon_named_like_a_surname_is_nobody():
    for text, lang in (("Росіяни випустили по Дніпру два Іскандери-М і Калібр.", "uk"),
                       ("Над регионом сбиты Искандер и три Шахеда, сообщил Вячеслав Гладков.", "ru")):
        assert all(c not in ("Iskander", "Kalibr", "Shakhed") and not c.startswith("Iskandery")
                   for _, c in _people(read_slavic(text, lang, "2025-06-01"))), text
    assert _people(read_slavic("Над регионом сбиты Искандер и три Шахеда, сообщил Вячеслав Гладков.", "ru",
                               "2025-06-01")) == [("Вячеслав Гладков", "Vyacheslav Gladkov")]


def test_a_foreign_person_outside_the_lexicon_has_english_first_name_and_surname_read_back():
    # first names from the lexicon's table, the surname by the foreign letters ("дж" inside a word,
    # Russian "Уо" for W), an indeclinable surname after an oblique first name as written
    r = read_slavic("Міністр провів розмову з Джеймсом Годжсоном та Петтері Орпо.", "uk", "2025-05-02")
    assert {c for _, c in _people(r)} == {"James Hodgson", "Petteri Orpo"}
    r = read_slavic("Посол встретился с сенатором Джеймсом Уолкером и Хаканом Фиданом.", "ru", "2025-05-02")
    assert {c for _, c in _people(r)} == {"James Walker", "Hakan Fidan"}


def test_a_surname_takes_the_case_of_its_first_name_and_a_title_word_before_a_first_name_is_no_name():
    # "Рябков" in the nominative is no genitive plural of "рябок"; "Совфеда" belongs to the title
    r = read_slavic("Замминистра Сергей Рябков и спикер Совфеда Валентина Матвиенко выступили в Москве.",
                    "ru", "2025-05-02")
    assert {c for _, c in _people(r)} == {"Sergei Ryabkov", "Valentina Matviyenko"}


def test_an_ordinary_word_opening_a_sentence_is_no_surname_unless_the_person_was_named_before():
    assert _people(read_slavic("Мороз скував річку біля села.", "uk", "2025-01-10")) == []
    r = read_slavic("Про обстріл повідомив Сергій Ткач. Ткач додав, що загиблих немає.", "uk", "2025-01-10")
    assert [c for _, c in _people(r)] == ["Serhii Tkach", "Serhii Tkach"]


def test_a_possessive_surname_read_as_an_adjective_a_lone_surname_in_any_case_and_a_known_persons_vowels():
    r = read_slavic("Губернатор провел встречу с Андреем Травниковым и Шоном Парнеллом.", "ru", "2025-05-02")
    assert {c for _, c in _people(r)} == {"Andrei Travnikov", "Sean Parnell"}
    r = read_slavic("Виступив Андрій Юсов. Юсову поставили запитання про обмін.", "uk", "2025-05-02")
    assert [c for _, c in _people(r)] == ["Andrii Yusov", "Andrii Yusov"]
    # a known person by an exact English first name and a surname a vowel apart ("Салліван")
    r = read_slavic("Міністр поговорив із Джейком Салліваном.", "uk", "2025-05-02")
    assert [c for _, c in _people(r)] == ["Jake Sullivan"]


def test_a_womans_surname_stays_feminine_and_each_part_of_a_double_surname_is_capitalised():
    r = read_slavic("На брифинге выступила Анастасия Кривошеева вместе с Дарьей Смирновой-Ковалевой.", "ru",
                    "2025-05-02")
    assert [c for _, c in _people(r)] == ["Anastasia Krivosheyeva", "Darya Smirnova-Kovaleva"]
