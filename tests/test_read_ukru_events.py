"""Ukrainian and Russian events with a calibrated confidence (read/slavic_events.py), their actors
and targets, aid with donors named by adjective, months named alone, and search that finds a word
in any of its forms (read/forms.py). The sentences are the team's own."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert

from livebrief.publish.queries import search
from livebrief.read.forms import word_forms
from livebrief.read.slavic import language, read_parts, read_slavic
from livebrief.read.slavic_events import LABEL_TYPES, event_scorer, features, is_right, labelled_sentences
from livebrief.settings import Options
from livebrief.store import schema as t

FLOOR = Options.briefing_min_confidence


def _events(text: str, lang: str, published: str = "2025-03-15") -> list[tuple]:
    return [(e["type"], e["confidence"] >= FLOOR) for e in read_slavic(text, lang, published).events]


def test_a_strike_reported_today_is_briefed_and_the_same_strike_years_ago_is_not():
    assert _events("Сьогодні вночі окупанти обстріляли Херсон, поранено трьох людей.", "uk") == [
        ("explosions_remote_violence", True)]
    assert [b for _, b in _events("У 2022 році окупанти обстріляли Херсон, тоді загинули троє людей.", "uk")] in ([], [False])
    assert [b for _, b in _events("Два года назад ракета попала в этот же дом.", "ru")] in ([], [False])


def test_denials_forecasts_and_running_totals_are_not_briefed():
    for text, lang in (("У Міноборони Росії заперечили удар по лікарні.", "uk"),
                       ("Противник может нанести массированный удар по энергетике в ближайшие дни.", "ru"),
                       ("С начала года в области в результате обстрелов погибли 40 мирных жителей.", "ru")):
        assert all(not briefed for _, briefed in _events(text, lang)), text


def test_every_confidence_is_a_probability_and_the_scorer_is_small():
    scorer = event_scorer()
    assert scorer is not None and 0 < len(scorer.model.weights) < 200 and 0.0 <= scorer.veto < 1.0
    r = read_slavic("Вчора ввечері дрони атакували Суми, загинув чоловік. Росія б'є по містах щодня.", "uk", "2025-03-15")
    assert r.events and all(0.0 < e["confidence"] < 1.0 for e in r.events)


def test_a_toll_that_opens_the_next_sentence_belongs_to_the_strike_and_a_part_of_it_does_not():
    r = read_slavic("Ночью российские войска нанесли ракетный удар по Днепру. Погибли семь человек, в том числе "
                    "двое детей, ранены 25 человек.", "ru", "2025-04-20")
    assert [(e["type"], e["killed"], e["wounded"]) for e in r.events] == [
        ("explosions_remote_violence", 7, 25), ("explosions_remote_violence", 7, 25)]


def test_actor_and_target_in_english():
    uk = read_slavic("Уночі російські війська обстріляли лікарню в Херсоні.", "uk", "2025-03-15")
    ru = read_slavic("ВСУ атаковали Белгород, повреждена подстанция.", "ru", "2025-03-15")
    assert [(e["actor"], e["target"]) for e in uk.events] == [("Russian forces", "hospital")]
    assert [(e["actor"], e["target"]) for e in ru.events] == [("Armed Forces of Ukraine", "substation")]


def test_a_donor_named_by_its_adjective_and_a_sum_as_the_thing_given():
    uk = read_slavic("Нідерланди виділять Україні ще 400 млн євро на закупівлю дронів.", "uk", "2025-03-15")
    ru = read_slavic("Американские власти выделили Украине пакет помощи на 200 млн долларов.", "ru", "2025-03-15")
    assert [(a["donor"], a["amount"], a["currency"]) for a in uk.aid] == [("The Netherlands", 400_000_000, "EUR")]
    assert [(a["donor"], a["donor_country"], a["status"]) for a in ru.aid] == [("United States", "US", "pledged")]
    assert [(e["type"], e["sub_type"]) for e in uk.events + ru.events] == [("aid", "pledge"), ("aid", "pledge")]


def test_a_month_or_a_year_named_alone():
    uk = read_slavic("У березні ворог атакував місто, а у 2014 році окупував Крим.", "uk", "2025-05-02")
    ru = read_slavic("В декабре 2023 года начались переговоры.", "ru", "2025-05-02")
    assert [(d["text"], d["value"], d["granularity"]) for d in uk.dates] == [
        ("березні", "2025-03", "month"), ("2014", "2014", "year")]
    assert [(d["text"], d["value"]) for d in ru.dates] == [("декабре 2023", "2023-12")]


def test_a_word_has_its_inflected_forms():
    assert {"зеленський", "зеленського", "зеленському"} <= set(word_forms("Зеленського"))
    assert "харків" in word_forms("Харкова") and word_forms("Kyiv") == ("Kyiv",)


def test_search_finds_a_name_in_any_of_its_forms(store):
    with store.write() as conn:
        for i, (title, text) in enumerate((("Звернення", "Зеленський звернувся до партнерів."),
                                           ("Обращение", "Слова Зеленского прозвучали вечером."),
                                           ("Погода", "У Львові дощ.")), 1):
            conn.execute(insert(t.articles).values(id=i, content_hash=f"h{i}", title=title, text=text, ingested_at="x"))
    with store.read() as conn:
        assert {h["id"] for h in search(conn, "Зеленському")["results"]} == {1, 2}
        # a known person's name in the other language, or in English, finds both
        assert {h["id"] for h in search(conn, "Зеленский")["results"]} == {1, 2}
        assert {h["id"] for h in search(conn, "Zelenskyy")["results"]} == {1, 2}
        assert {h["id"] for h in search(conn, "Львова")["results"]} == {3}
        # a name with its forms beside another word: both must match (it was an FTS5 syntax error)
        assert {h["id"] for h in search(conn, "Зеленського партнерів")["results"]} == {1}
        assert {h["id"] for h in search(conn, "Zelenskyy вечером")["results"]} == {2}
        # a letter or two is no one's surname
        assert search(conn, "0:P")["results"] == [] and search(conn, "Zel")["results"] == []


def test_on_the_held_out_sentences_the_confidence_is_calibrated_better_than_a_fixed_half():
    """The packaged scorer on the team's held-out sentences (data/labels/ukru_sentences.tsv, never
    trained on): a Brier score well below the 0.25 of the fixed 0.5 it replaced (0.091 when built)."""
    scorer, errors = event_scorer(), []
    for row in labelled_sentences(Path(__file__).resolve().parent.parent / "data" / "labels" / "ukru_sentences.tsv"):
        if row["split"] != "heldout":
            continue
        for ev, cue in read_parts(row["text"], row["lang"], "2025-03-15").candidates:
            p = scorer.probability(features(cue, language(row["lang"]).context))
            errors.append((p - is_right(ev.type, cue, LABEL_TYPES[row["event"]])) ** 2)
    assert len(errors) > 50 and sum(errors) / len(errors) < 0.15


def test_a_pronoun_is_no_place_and_a_first_name_read_as_a_surname_keeps_its_surname():
    r = read_slavic("Він зустрівся з прем'єр-міністром Великої Британії Кіром Стармером.", "uk", "2025-01-01")
    assert [(e["text"], e["canonical"], e["label"]) for e in r.entities] == [("Кіром Стармером", "Keir Starmer", "PERSON")]


def _harm(text: str, lang: str) -> list[tuple]:
    return [(e["type"], e["killed"], e["wounded"]) for e in read_slavic(text, lang, "2025-03-15").events]


def test_a_toll_a_sentence_or_two_later_gives_the_strike_its_figures():
    # a toll with no event word of its own, past a sentence with none
    assert _harm("Увечері ворог вдарив ракетою по Черкасах. Уламки впали на подвір'я школи. Загинули двоє "
                 "людей, ще п'ятеро поранено.", "uk") == [("explosions_remote_violence", 2, 5)] * 2
    # a toll that points back at the strike ("В результате обстрела")
    assert _harm("Днем ВСУ выпустили по Донецку восемь снарядов. В результате обстрела погибла женщина, еще двое "
                 "ранены.", "ru") == [("explosions_remote_violence", 1, 2)] * 2
    # a toll in a village is not the town's strike's
    assert _harm("Росіяни обстріляли Нікополь з артилерії. У селі поруч загинув чоловік.", "uk")[0] == (
        "explosions_remote_violence", None, None)


def test_a_drone_that_drops_explosives_on_a_bus_attacks_civilians_and_troops_at_positions_fight_a_battle():
    assert _harm("Ворожий дрон скинув вибухівку на автобус у Херсоні, поранено водія.", "uk") == [
        ("violence_against_civilians", None, 1)]
    assert [ty for ty, *_ in _harm("Ворожий дрон скинув авіабомбу на Оріхів.", "uk")] == ["explosions_remote_violence"]
    assert [ty for ty, *_ in _harm("Противник атаковал позиции наших подразделений у Торецка, все атаки отбиты.",
                                   "ru")] == ["battles"]


def test_one_victim_past_an_age_two_joined_one_of_the_wounded_and_a_rising_count():
    assert _harm("Після обстрілу Ізюма загинула 63-річна жінка.", "uk") == [("explosions_remote_violence", 1, None)]
    assert _harm("Уранці окупанти обстріляли Бериславщину, поранено лікаря та медсестру.", "uk") == [
        ("explosions_remote_violence", None, 2)]
    # "one of the wounded" is no second toll
    assert _harm("Днем беспилотник атаковал Белгород, пострадали три человека. Один из раненых в тяжелом "
                 "состоянии.", "ru") == [("explosions_remote_violence", None, 3)]
    assert _harm("Кількість загиблих внаслідок ракетного удару по Сумах зросла до 21.", "uk") == [
        ("explosions_remote_violence", 21, None)]


def test_a_delivery_yet_to_come_is_a_pledge():
    r = read_slavic("Італія передасть Україні нову систему ППО.", "uk", "2025-03-15")
    assert [(a["donor"], a["status"]) for a in r.aid] == [("Italy", "pledged")]


def test_a_toll_opener_is_read_in_either_spelling_of_u_and_v():
    L = language("uk")
    assert L.alternate("Унаслідок удару") == L.alternate("Внаслідок удару") == "внаслідок вдару"
    for opener in ("Внаслідок", "Унаслідок"):
        r = read_slavic(f"Вранці ворог атакував Павлоград дронами. {opener} атаки поранено п'ятьох людей.",
                        "uk", "2025-06-01")
        assert [(e["type"], e["wounded"]) for e in r.events] == [("explosions_remote_violence", 5)] * 2, opener


def test_a_defence_ministry_summary_in_the_passive_is_current():
    text = ("Ударами авиации и артиллерии поражены склады боеприпасов ВСУ в 97 районах, сообщили в Минобороны России.\n"
            "Средствами ПВО за сутки сбиты 30 беспилотников.\n"
            "Подразделения группировки «Юг» нанесли поражение живой силе двух бригад ВСУ.")
    got = [(e["type"], e["confidence"] >= FLOOR) for e in read_slavic(text, "ru", "2025-06-01").events]
    assert got == [("explosions_remote_violence", True), ("explosions_remote_violence", True), ("battles", True)]
    # a defeat at an election is no battle
    assert read_slavic("Партия потерпела поражение на выборах.", "ru", "2025-06-01").events == []


def test_debris_that_fell_is_a_strike_and_an_attempt_to_break_through_a_battle():
    types = [e["type"] for e in read_slavic("Уламки збитого дрона впали на дах котельні у Полтаві.", "uk",
                                            "2025-03-15").events]
    assert types == ["explosions_remote_violence"]
    types = [e["type"] for e in read_slavic("У Ворошиловградской области противник пытался прорвать оборону "
                                            "наших войск.", "ru", "2025-03-15").events]
    assert types == ["battles"]


def test_a_prime_minister_announcing_aid_on_a_visit_is_aid_given_by_the_country_of_the_title():
    r = read_slavic("Прем'єр-міністр Швеції Ульф Крістерссон під час візиту до Львова оголосив про пакет "
                    "допомоги Україні на 300 мільйонів євро.", "uk", "2025-03-15")
    assert [e["type"] for e in r.events] == ["aid"]
    assert r.aid[0]["donor"] == "Sweden"


def test_troops_that_took_better_lines_fought_a_battle_and_a_stance_taken_is_no_event():
    assert [e["type"] for e in read_slavic("Підрозділи бригади зайняли вигідніші рубежі під Торецьком.", "uk",
                                           "2025-03-15").events] == ["battles"]
    assert read_slavic("Депутаты заняли выжидательную позицию.", "ru", "2025-03-15").events == []


def _tolls(text: str, lang: str, published: str = "2025-03-15") -> list[tuple]:
    return [(e["type"], e["killed"], e["wounded"]) for e in read_slavic(text, lang, published).events]


def test_tolls_of_several_places_in_one_sentence_add_up_and_a_victim_joined_to_a_figure_adds_to_it():
    assert _tolls("Вночі ворог гатив по Нікопольщині з артилерії. У Червоногригорівській громаді загинув "
                  "пенсіонер, у Марганці поранено трьох людей, у Нікополі травмовано жінку.", "uk") == [
        ("explosions_remote_violence", None, None), ("explosions_remote_violence", 1, 4)]
    assert _tolls("Днём беспилотник атаковал маршрутку в Горловке, ранены водитель и ещё четверо пассажиров.",
                  "ru") == [("explosions_remote_violence", None, 5)]
    # a figure that counts part of one before it is no more people
    assert _tolls("Ракета влучила в будинок у Запоріжжі, поранено шістьох людей, серед них дитину.", "uk") == [
        ("explosions_remote_violence", None, 6)]


def test_a_hit_told_after_its_strike_a_meetings_continuation_and_a_meeting_at_home_are_no_events():
    # where the strike hit, at its place, is the strike
    r = read_slavic("Уночі окупанти обстріляли Херсон з РСЗВ. Влучання зафіксовано в Корабельному районі, "
                    "вибито вікна в школі.", "uk", "2025-03-15")
    assert [e["type"] for e in r.events] == ["explosions_remote_violence"]
    r = read_slavic("Министр обороны Андрей Белоусов провел переговоры с министром обороны Индии. В переговорах "
                    "также приняли участие военные атташе. Белоусов встретился с депутатами Госдумы.", "ru",
                    "2025-03-15")
    assert [e["type"] for e in r.events] == ["diplomacy"]
    # a meeting with a foreign parliament's deputies is diplomacy
    r = read_slavic("Спікер Руслан Стефанчук зустрівся з депутатами Бундестагу.", "uk", "2025-03-15")
    assert [e["type"] for e in r.events] == ["diplomacy"]


def test_weapons_made_or_bought_are_no_strike_and_a_telephone_talk_is_diplomacy():
    r = read_slavic("Міністри обговорили спільне виготовлення безпілотників і артилерійських снарядів.", "uk",
                    "2025-03-15")
    assert [e["type"] for e in r.events if e["type"] == "explosions_remote_violence"] == []
    r = read_slavic("Вечером Сергей Лавров провёл телефонный разговор с министром иностранных дел Индии.", "ru",
                    "2025-03-15")
    assert [e["type"] for e in r.events] == ["diplomacy"]


def test_a_running_total_gives_no_toll_back_and_the_past_night_is_current():
    r = read_slavic("Вечером дрон атаковал Белгород, ранен мужчина. Всего за месяц в городе пострадали 52 человека.",
                    "ru", "2025-03-15")
    assert [(e["type"], e["killed"], e["wounded"], e["confidence"] >= FLOOR) for e in r.events][:1] == [
        ("explosions_remote_violence", None, 1, True)]
    assert all(not (e["wounded"] == 52 and e["confidence"] >= FLOOR) for e in r.events)
    assert _events("Минулої ночі росіяни атакували Кременчук ударними дронами.", "uk") == [
        ("explosions_remote_violence", True)]


def test_dates_of_the_eve_and_the_night_before_a_weekday_and_figures_over_n():
    # 2025-03-15 is a Saturday
    r = read_slavic("Напередодні ворог вдарив по Сумах, загинули більше ніж п'ятеро людей.", "uk", "2025-03-15")
    assert [(e["date"], e["killed"]) for e in r.events] == [("2025-03-14", 5)]
    r = read_slavic("У ніч проти п'ятниці дрони атакували Одесу.", "uk", "2025-03-15")
    assert [e["date"] for e in r.events] == ["2025-03-14"]
    r = read_slavic("Накануне переговоров ВСУ атаковали Курск, ранены более чем 12 человек.", "ru", "2025-03-15")
    assert [(e["date"], e["wounded"]) for e in r.events] == [("2025-03-15", 12)]


def test_attacks_on_a_front_direction_are_battles_and_repairs_are_no_event():
    r = read_slavic("На Запорізькому напрямку окупанти чотири рази атакували поблизу Степногірська. Захисники "
                    "зупинили 12 атак, ще два боєзіткнення тривають.", "uk", "2025-03-15")
    assert [e["type"] for e in r.events] == ["battles", "battles"]
    r = read_slavic("Ночью дрон повредил подстанцию в Курске. Энергетики приступили к ремонту сетей.", "ru",
                    "2025-03-15")
    assert [e["type"] for e in r.events] == ["infrastructure"]


def test_the_city_the_wounded_were_taken_to_is_not_the_tolls_place_and_a_nights_total_is_current():
    r = read_slavic("Дрон атаковал микроавтобус под Суджей. Погиб водитель, еще трое ранены и доставлены в Курск.",
                    "ru", "2025-03-15")
    assert [(e["killed"], e["wounded"]) for e in r.events][0] == (1, 3)
    assert _events("Загалом цієї ночі сили ППО збили над Черкащиною 19 ударних дронів.", "uk") == [
        ("explosions_remote_violence", True)]


def test_a_telephone_talk_that_was_had_is_current_and_a_victim_past_three_words():
    assert _events("Увечері прем'єр-міністерка мала телефонну розмову з прем'єром Канади.", "uk") == [
        ("diplomacy", True)]
    assert _tolls("Днём дрон сбросил гранату на автомобиль под Брянском, ранен 41-летний местный житель.", "ru") == [
        ("violence_against_civilians", None, 1)]
