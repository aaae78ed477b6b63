"""Ukrainian and Russian names the Cyrillic alone does not settle (read/slavic.py): foreign
surnames English copy spells otherwise, a person's country told by the title, a name set beside its
title, a known surname with another first name; and places: a region's name alone, a town of a
common name in the region the text names, a community named for its town. The sentences are the
team's own."""
from livebrief.read.slavic import read_slavic


def _people(text, lang):
    return [(e["text"], e["canonical"]) for e in read_slavic(text, lang, "2025-05-02").entities if e["label"] == "PERSON"]


def _full_names(cases):
    """Each (text, language, name as written, English name) reads one person, so named."""
    for text, lang, written, english in cases:
        assert _people(text, lang) == [(written, english)], text


def _places(text, lang):
    return [(p["text"], p["name"], p["feature"], p["country"], round(p["lat"], 1))
            for p in read_slavic(text, lang, "2025-05-02").places]


def test_a_foreign_surname_of_the_table_is_spelt_as_english_copy_spells_it_and_joins_its_full_name():
    assert _people("Сенатор Ліндсі Грем зустрівся у Львові з волонтерами. Грем пообіцяв підтримку.", "uk") == [
        ("Ліндсі Грем", "Lindsey Graham"), ("Грем", "Lindsey Graham")]


def test_the_country_of_a_title_reads_the_name_as_that_countrys():
    _full_names([
        # a Lithuanian's "г" is g, not the Ukrainian h
        ("Міністр економіки Литви Гінтарас Вайчюнас приїхав до Одеси.", "uk", "Гінтарас Вайчюнас", "Gintaras Vaichiunas"),
        # a first name the dictionary does not know, after the country that ends the title
        ("Министр иностранных дел Латвии Байба Браже прилетела в Ригу.", "ru", "Байба Браже", "Baiba Braze")])
    # ... and that country is no place of the story
    assert [p[1] for p in _places("Министр иностранных дел Латвии Байба Браже прилетела в Ригу.", "ru")] == ["Riga"]


def test_a_name_beside_its_title_is_read_in_the_titles_case():
    assert ("Маргусом Цахкною", "Margus Tsahkna") in _people(
        "Сибіга поговорив телефоном з естонським колегою Маргусом Цахкною.", "uk")


def test_a_known_surname_with_another_first_name_is_another_person():
    assert _people("Директорка школи Зоряна Гуменюк розповіла про укриття.", "uk") == [
        ("Зоряна Гуменюк", "Zoriana Humeniuk")]


def test_an_adjective_before_the_noun_it_agrees_with_is_no_one():
    assert _people("Голова Балаклійської міської ради повідомив про відключення світла.", "uk") == []


def test_a_regions_name_alone_is_its_city():
    assert _places("Увечері над Миколаєвом працювала протиповітряна оборона.", "uk") == [
        ("Миколаєвом", "Mykolayiv", "city", "UA", 47.0)]


def test_a_town_of_a_common_name_is_the_one_in_the_region_the_text_names():
    # (Lviv's Zolochiv is the larger)
    assert _places("Ворог обстріляв Золочів на Харківщині.", "uk")[0][4] == 50.3


def test_a_community_is_its_towns_by_the_vowel_its_adjective_changes():
    assert _places("У Гуляйпільській громаді поранено чоловіка.", "uk") == [
        ("Гуляйпільській", "Hulyaypole", "city", "UA", 47.7)]
    assert [p[:4] for p in _places("В Грайворонском округе дрон атаковал автомобиль.", "ru")] == [
        ("Грайворонском", "Grayvoron", "city", "RU")]


def test_an_oblasts_district_is_its_town_and_a_citys_district_is_none():
    assert [p[:4] for p in _places("Під обстріл потрапили села Ізюмського району.", "uk")] == [
        ("Ізюмського", "Izyum", "city", "UA")]
    # (a district of the city named just before, or followed by the city's noun)
    assert [p[1] for p in _places("Уночі дрони атакували Київ. Уламки впали в Дніпровському районі.", "uk")] == ["Kyiv"]
    assert _places("Снаряд влучив у будинок у Дніпровському районі міста.", "uk") == []


def test_in_the_area_of_a_town_is_a_place_not_a_person():
    r = _places("Бої тривають у районі Сіверська.", "uk")
    assert [p[:4] for p in r] == [("Сіверська", "Siversk", "city", "UA")]
    assert _people("Бої тривають у районі Сіверська.", "uk") == []
    # (the area's noun by its lemma, after a preposition, in either language)
    assert [p[1] for p in _places("Столкновения продолжаются в районе Торецка.", "ru")] == ["Toretsk"]
    assert _people("Столкновения продолжаются в районе Торецка.", "ru") == []


def test_a_country_in_a_title_past_the_body_it_sends_to_is_no_place():
    text = "Постійний представник України при ООН Андрій Мельник виступив у Нью-Йорку."
    assert [p[:4] for p in _places(text, "uk")] == [("Нью-Йорку", "New York City", "city", "US")]
    assert [p[1] for p in _places("Сполучені Штати передали Україні снаряди.", "uk")] == ["United States", "Ukraine"]


def test_a_lone_surname_that_is_also_a_word_is_a_person_by_its_verb_or_a_full_name_after_it():
    # (no noun "шевченко" is feminine; only a person explains)
    assert _people("Шевченко заявила журналістам про нові обстріли.", "uk") == [("Шевченко", "Shevchenko")]
    assert _people("Мельник пояснив, що рішення ухвалять у понеділок.", "uk") == [("Мельник", "Melnyk")]
    assert _people("Мороз скував річку.", "uk") == []
    assert _people("Коваль: ворог готує наступ\nКомандир бригади Петро Коваль розповів про бої.", "uk") == [
        ("Коваль", "Petro Koval"), ("Петро Коваль", "Petro Koval")]


def test_a_countrys_own_letters_come_back_in_its_peoples_names():
    # Polish, Czech and Japanese names, in either language, by the country the title names
    _full_names([
        ("Президент Польщі Кароль Навроцький прибув до Києва.", "uk", "Кароль Навроцький", "Karol Nawrocki"),
        ("Глава МИД Польши Радослав Сикорский прибыл в Киев.", "ru", "Радослав Сикорский", "Radoslaw Sikorski"),
        ("Міністр закордонних справ Словаччини Юрай Бланар прибув до Ужгорода.", "uk", "Юрай Бланар", "Juraj Blanar"),
        ("Министр иностранных дел Японии Такэси Ивая прибыл в Киев.", "ru", "Такэси Ивая", "Takeshi Iwaya")])


def test_a_known_person_whose_words_read_as_no_name():
    assert _people("Председатель КНР Си Цзиньпин прибыл в Москву.", "ru") == [("Си Цзиньпин", "Xi Jinping")]
