"""Genre and page furniture: opinion, letters, editorials and analysis are told from news by
their title, URL, byline and opening; the page's own lines are told from the story's."""
from __future__ import annotations

import pytest

from livebrief.read.genre import classify, headline, is_furniture, lead


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
