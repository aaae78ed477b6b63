"""Genre and page furniture: opinion, letters, editorials and analysis are told from news by
their title, URL, byline and opening; the page's own lines are told from the story's."""
from __future__ import annotations

import pytest

from livebrief.read.genre import classify, headline, is_furniture, lead, lede_shape


@pytest.mark.parametrize("kw,genre", [
    ({"url": "https://paper.example/world/2024/05/01/ports-reopen", "text": "Ports reopened on Monday."}, "news"),
    ({"url": "https://paper.example/opinion/2024/05/01/why-ports-matter", "text": "Ports matter."}, "opinion"),
    ({"url": "https://paper.example/commentary/ports", "text": "Ports matter."}, "opinion"),
    ({"url": "https://paper.example/letters/2024/ports", "text": "Ports matter."}, "letters"),
    ({"title": "Letters: The port deal deserves more scrutiny", "text": "The port deal deserves more scrutiny"},
     "letters"),
    ({"title": "Opinion: Europe must pay for its own defence", "text": "Europe must pay."}, "opinion"),
    ({"text": "Editor’s Note: Jane Roe is a senior fellow at a research institute. The views expressed in this "
              "commentary are her own.\n\nThe ceasefire will not hold."}, "opinion"),
    ({"author": "Mark Doe, Columnist", "text": "The ceasefire will not hold."}, "opinion"),
    ({"text": "The March 3 editorial on grain corridors was right to urge patience."}, "letters"),
    ({"text": "This article is an editorial on what the city expects from the talks."}, "editorial"),
    ({"title": "Analysis: Why the offensive stalled", "text": "The offensive stalled."}, "analysis"),
    ({"url": "https://paper.example/world/live/2024/may/01/ukraine-war-live", "text": "Follow along."}, "live"),
    # a page with no story under no headline: a newsletter sign-up saved as an article
    ({"text": "Newsletter Weekly\n\nSign up for our morning briefing newsletter"}, "furniture"),
    ({"title": "Kherson retaken", "text": "Kherson retaken"}, "news"),
    # a news story that mentions opinion, letters or an editorial is news
    ({"text": "The minister said in a letter to parliament that the opinion of the court was clear."}, "news"),
])
def test_genre_from_title_url_byline_and_opening(kw, genre):
    assert classify(**kw) == genre


@pytest.mark.parametrize("line", [
    "NEW You can now listen to Example News articles!",
    "Sign up for our morning briefing newsletter",
    "By entering your address you accept the Example News privacy terms",
    "Editor’s Note: Jane Roe is a senior fellow at a research institute.",
    "Hong Kong CNN —",
    "CNN —",
    "By Anna Kowalska and Piotr Nowak",
    "A soldier walks past a destroyed tank near the village (Ivan Petrov/AFP via Getty Images)",
    "Newsletter Thursdays",
])
def test_page_furniture_is_recognised(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "Ukraine’s allies have yet to sign up to a tribunal for the crime of aggression.",
    "Navy orders four patrol boats able to carry reconnaissance drones",
    "By nightfall the convoy had reached the border, officials said.",
    "The Senate passed a $95 billion aid bill on Tuesday.",
])
def test_story_lines_are_not_furniture(line):
    assert not is_furniture(line)


def test_the_lead_skips_the_pages_furniture():
    text = ("NEW You can now listen to Example News articles!\n\n"
            "Editor’s Note: Jane Roe is the Jonathan Q. Public Professor of History. The views expressed are hers.\n\n"
            "Moscow CNN —\n\n"
            "Russia announced new drills on Monday near the border. More followed.")
    s, e = lead(text)
    assert text[s:e] == "Russia announced new drills on Monday near the border."


def test_a_text_cut_at_an_initial_has_no_lead():
    assert lead("Jane Roe is the Jonathan Q.") is None


@pytest.mark.parametrize("title,shown", [
    ("Letters: The port deal deserves more scrutiny", "The port deal deserves more scrutiny"),
    ("NEW You can now listen to Example News articles!", None),
    ("Editor’s Note: Jane Roe is the Jonathan Q.", None),
    ("Kyiv and Warsaw agree on grain transit", "Kyiv and Warsaw agree on grain transit"),
])
def test_a_headline_is_shown_without_its_label_and_never_as_furniture(title, shown):
    assert headline(title) == shown


@pytest.mark.parametrize("sentence,shape", [
    ("At first glance the new envoy seems an unlikely pick for the post.", "scene"),
    ("Meet the volunteers who drive insulin to the front every week.", "scene"),
    ("Ever since the dam burst, the villages downstream have lived on bottled water.", "background"),
    ("Since the start of the year, drones have struck the refinery four times.", "background"),
    ("In 2019, the port handled twice the grain it handles now.", "background"),
    ("Will the ceasefire survive the winter?", "question"),
    ("I am standing in what was the main square of the town.", "first person"),
    ("We drove north at dawn, past fields of burnt wheat.", "first person"),
    # news ledes, a statement quoted first, the writer's "US" that is a country
    ("Russian drones struck a power plant near Sumy overnight, the regional governor said.", None),
    ("KYIV, May 3 (Wire) – The US pledged new air defence missiles on Friday.", None),
    ("“We will rebuild the bridge,” the mayor said on Monday.", None),
    ("- We did not see the attack coming, said the commander.", None),
    ("In 2024, the budget doubles again, the minister said.", None),
])
def test_a_lede_is_read_for_the_shape_of_a_feature_a_column_or_background(sentence, shape):
    assert lede_shape(sentence, year=2024) == shape


def test_a_photo_caption_credited_to_a_photographer_working_for_a_paper_is_no_lede():
    text = ("A nurse walks past the shelled clinic. She has worked there for ten years. (Anna Doe for The Example "
            "Post)\n\nThe clinic in Kupiansk was hit by a glide bomb on Tuesday, the regional governor said.")
    s, e = lead(text)
    assert text[s:e].startswith("The clinic in Kupiansk")
    # a title in brackets that names an office is the story's
    text = "The talks were led by the deputy. (Deputy Minister for Foreign Affairs)\n\nMore later."
    s, e = lead(text)
    assert text[s:e] == "The talks were led by the deputy."
