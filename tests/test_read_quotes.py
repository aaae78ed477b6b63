"""Quotes: must find / must not find, on short texts the team wrote."""
from __future__ import annotations

import pytest

from livebrief.read.nlp import get_nlp
from livebrief.read.pipeline import read_one
from livebrief.read.quotes import find_direct


def quotes(text, published="2023-03-01"):
    return read_one(get_nlp(), text, published).quotes


def by_text(qs, fragment):
    hits = [q for q in qs if fragment in q["text"]]
    assert hits, f"no quote containing {fragment!r} in {[q['text'] for q in qs]}"
    return hits[0]


@pytest.mark.parametrize("text,inside", [
    ('He said "we will hold the line" today.', ["we will hold the line"]),
    ("She said “we will hold the line” today.", ["we will hold the line"]),
    ("Il a dit « nous tiendrons » hier.", ["nous tiendrons"]),
    ("Er sagte „wir halten durch“ gestern.", ["wir halten durch"]),
    ("The slogan ‘never again’ was painted on the wall.", ["never again"]),
    ("The minister's aides said the talks' outcome was 'far from certain' on Monday.", ["far from certain"]),
    ("“First part,” he said. “Second part.”", ["First part,", "Second part."]),
])
def test_every_quotation_mark_style(text, inside):
    assert [text[s:e] for s, e in find_direct(text)] == inside


def test_apostrophes_are_not_quotes():
    assert find_direct("The allies’ tanks and Ukraine's guns arrived at the army’s bases.") == []


def test_quote_left_open_runs_to_paragraph_end_and_continues():
    text = "“We will rebuild every school,\n“and every hospital,” the mayor said."
    assert [text[s:e] for s, e in find_direct(text)] == ["We will rebuild every school,", "and every hospital,"]


def test_speaker_after_the_quote_and_canonical_name():
    qs = quotes('NATO chief Jens Stoltenberg spoke in Brussels. "Our support will not waver," Stoltenberg said.')
    q = by_text(qs, "Our support will not waver")
    assert (q["kind"], q["speaker"], q["cue"]) == ("direct", "Jens Stoltenberg", "said")


def test_quote_interrupted_by_its_attribution_is_two_quotes_same_speaker():
    qs = quotes('Foreign Minister Dmytro Kuleba spoke on Monday. "We need air defense now," he said. '
                '"Every day of delay costs lives."')
    first, second = by_text(qs, "We need air defense"), by_text(qs, "Every day of delay")
    assert first["speaker"] == second["speaker"] == "Dmytro Kuleba"


def test_speaker_through_a_pronoun_prefers_the_last_speaker():
    qs = quotes('Volodymyr Zelenskyy met Joe Biden at the White House on Wednesday. Zelenskyy thanked Congress '
                'for its support. "Your money is not charity," he told lawmakers.')
    assert by_text(qs, "Your money is not charity")["speaker"] == "Volodymyr Zelenskyy"


def test_speaker_through_a_title():
    qs = quotes('Antonio Guterres, the UN secretary-general, visited Kyiv on Thursday. '
                'The secretary-general said the attacks on power stations were unacceptable.')
    q = by_text(qs, "the attacks on power stations were unacceptable")
    assert (q["kind"], q["speaker"]) == ("indirect", "Antonio Guterres")


def test_speaker_before_the_quote_with_colon():
    qs = quotes('Kremlin spokesman Dmitry Peskov said: "The supplies will not change anything on the ground."')
    assert by_text(qs, "The supplies will not change")["speaker"] == "Dmitry Peskov"


def test_fragment_inside_reported_speech_goes_to_the_reporter():
    qs = quotes('Jens Stoltenberg said Russia was using "winter as a weapon of war" against civilians.')
    assert by_text(qs, "winter as a weapon")["speaker"] == "Jens Stoltenberg"
    ind = [q for q in qs if q["kind"] == "indirect"]
    assert ind and ind[0]["text"].startswith("Russia was using")


def test_indirect_after_speech_verbs():
    qs = quotes("German Chancellor Olaf Scholz said that Germany would send more air-defense systems. "
                "Scholz also urged allies to speed up deliveries of ammunition. "
                "The chancellor accused Moscow of targeting civilians.")
    texts = {q["text"]: q["speaker"] for q in qs if q["kind"] == "indirect"}
    assert texts["Germany would send more air-defense systems"] == "Olaf Scholz"
    assert texts["allies to speed up deliveries of ammunition"] == "Olaf Scholz"
    assert texts["Moscow of targeting civilians"] == "Olaf Scholz"


def test_according_to_attributes_to_an_organisation():
    qs = quotes("More than 5,000 people were evacuated from the border areas, according to the UN refugee agency.")
    q = [q for q in qs if q["cue"] == "according to"][0]
    assert q["text"].startswith("More than 5,000 people were evacuated")
    assert q["speaker"] and "agency" in q["speaker"]


def test_place_in_a_speakers_title_is_not_the_speaker():
    qs = quotes('Georgia\'s Prime Minister Irakli Garibashvili said on Monday that his government backed Kyiv.')
    q = by_text(qs, "his government backed Kyiv")
    assert q["speaker"] == "Irakli Garibashvili"


def test_unattributed_quotation_has_no_speaker():
    qs = quotes('A banner reading "Stand with Ukraine" hung over the square.')
    assert by_text(qs, "Stand with Ukraine")["speaker"] is None


def test_unbalanced_marks_and_hostile_characters_do_not_crash():
    for text in ('He said "this never closes', "”backwards“ marks ” everywhere “", "\u202eevil\u200b said 'x",
                 '"' * 50, "a" * 5 + '"' + "b" * 5):
        quotes(text)


# ---------------------------------------------------------------- speakers: harder cases

def test_she_does_not_go_to_a_man_the_article_called_he():
    text = ("Olena Marchuk, who won the regional title in May, has trained in Lviv since the invasion.\n\n"
            "Andriy Bondar praised Marchuk after the final and posed with her for photographs.\n\n"
            "He later said the whole city had watched the match.\n\n"
            "\"I play for the people who cannot leave their shelters,\" she said on Sunday.")
    q = by_text(quotes(text), "I play for the people")
    assert q["speaker"] == "Olena Marchuk"


def test_he_said_after_a_surname_the_model_took_for_a_place_is_that_speaker():
    # the small model tags a lone "Zelenskyy" as a place or an organisation; "he said" right after
    # his reported speech is still his, not the earlier "Putin"
    text = ("Putin said the strikes were retaliation for the explosion on the bridge. He warned of a harsh response.\n\n"
            "Zelenskyy said Russia was trying to destroy Ukraine's energy system. \"They are trying to destroy us,\" "
            "he said in a video.")
    assert by_text(quotes(text), "They are trying to destroy us")["speaker"] == "Zelenskyy"
    # (names the model tags as a people, or leaves untagged)
    for name in ("Klitschko", "Danilov"):
        text = ("Putin said the strikes were retaliation. He warned of more.\n\n"
                f"{name} said Russia was trying to destroy the grid. \"They are trying to destroy us,\" he said.")
        assert by_text(quotes(text), "They are trying to destroy us")["speaker"] == name
    # (a company's statement is still "it said")
    text = "Naftogaz said it had paid the bill. \"We will not pay more,\" it said."
    assert by_text(quotes(text), "We will not pay more")["speaker"] == "Naftogaz"


def test_it_said_means_the_organisation_last_reported():
    text = ("The Institute for the Study of War pointed out that the depot was a key supply hub.\n\n"
            "It said the strikes were part of \"a coherent counter-offensive\" in the south.")
    qs = quotes(text)
    # the canonical name of an organisation is the acronym readers know, where there is one
    assert by_text(qs, "a coherent counter-offensive")["speaker"] in ("ISW", "Institute for the Study of War")


def test_expletive_it_is_nobody():
    text = ("The agency said the grid was stable on Monday.\n\n"
            "It is noted that \"repairs will take weeks\" in the eastern regions.")
    assert by_text(quotes(text), "repairs will take weeks")["speaker"] != "agency"


def test_passive_speech_verb_subject_hears_it():
    text = ("A Berlin daily reported on Sunday that, under one draft, Moscow would be assured that "
            "Kyiv would not join the alliance \"in the next ten years\".")
    q = by_text(quotes(text), "in the next ten years")
    assert q["speaker"] != "Moscow"


def test_heading_above_a_paragraph_is_not_its_speaker():
    text = ("LIVE COVERAGE: SUMMIT OPENS IN VILNIUS\n\n"
            "The president appealed to the allies on Tuesday, arguing that the war was \"a test of will\".")
    q = by_text(quotes(text), "a test of will")
    assert q["speaker"] is None or "COVERAGE" not in q["speaker"]


def test_second_cue_of_the_sentence_keeps_the_speaker():
    text = ("Kremlin aide Yuri Sokolov told reporters: \"Tension has reached its peak\" but added that "
            "\"the leaders will keep talking\".")
    qs = quotes(text)
    assert by_text(qs, "Tension has reached its peak")["speaker"] == "Yuri Sokolov"
    assert by_text(qs, "the leaders will keep talking")["speaker"] == "Yuri Sokolov"


@pytest.mark.parametrize("text,fragment,speaker", [
    # an honorific tells the gender: "she" is not Mr Hrytsenko
    ("Mrs Kovalenko and Mr Hrytsenko met the donors in Warsaw on Monday.\n\n"
     "\"We need generators before the frost,\" she told them.", "We need generators", "Kovalenko"),
    # the issuer of a statement speaks through it
    ("Ukraine's air navigation agency Aeronavigatsia issued a statement declaring the airspace "
     "over the bay a \"zone of potential danger\" until Friday.", "zone of potential danger", "Aeronavigatsia"),
    # a described organisation speaks by its name
    ("Prosecutors asked for four years in prison, according to the Russian state news agency, RIA Novosti.",
     "Prosecutors asked for four years", "RIA Novosti"),
    # a party label points back to the person named
    ("Kyiv invited Governor Dale Merritt to visit, after the Republican dismissed the invasion "
     "as a \"border quarrel\".", "border quarrel", "Dale Merritt"),
    # a quotation goes on after its attribution's sentence, however long the speaker's description
    ('"The plan adds nothing new," said Olena Marchenko, an economist who advised the finance ministry for a '
     'decade and now teaches at a university in Lviv. "It moves the same money from one budget line to another."',
     "moves the same money", "Olena Marchenko"),
    # a definite description refers back to the organisation named before
    ("The talks had stalled, the Polish foreign ministry said on Monday.\n\n“Both sides will meet again in "
     "Warsaw once the convoy has crossed,” the ministry added.", "Both sides will meet", "Polish foreign ministry"),
    # a description that ends in a name is the name
    ('"The decision on the tanks will be taken together," said the head of Polish diplomacy Radoslaw Sikorski.',
     "decision on the tanks", "Radoslaw Sikorski"),
    # a quotation that is a sentence of its own goes on with the speech reported just before it
    ('Foreign Minister Dmytro Kuleba said on Monday that the talks had stalled again. "Nobody in Moscow is ready '
     'to listen to anything but its own demands."', "Nobody in Moscow", "Dmytro Kuleba"),
])
def test_speaker_named_elsewhere_in_the_sentence(text, fragment, speaker):
    assert by_text(quotes(text), fragment)["speaker"] == speaker


def test_headlines_inside_the_text_are_not_reported_speech():
    text = ("The president spoke to the nation on Tuesday evening.\n\n"
            "LEADER WARNS OF 'LONG WINTER' AS ENERGY TALKS STALL: LIVE UPDATES\n\n"
            "He said that the talks would resume after the holidays.\n\n"
            "The minister said the grid would hold\nREAD MORE ON THE ENERGY CRISIS HERE")
    qs = quotes(text)
    assert not [q for q in qs if q["cue"] == "WARNS"]
    assert by_text(qs, "the talks would resume after the holidays")["kind"] == "indirect"
    grid = by_text(qs, "the grid would hold")
    assert "READ MORE" not in grid["text"]          # the clause stops at its paragraph's end


@pytest.mark.parametrize("text,fragment,speaker", [
    ("Vladimir Putin has once again mocked Kyiv's \"western puppets\" in a televised meeting.", "western puppets",
     "Vladimir Putin"),
    ("Railing against \"self-fulfilling prophecies\", Emmanuel Macron urged calm on Sunday.",
     "self-fulfilling prophecies", "Emmanuel Macron"),
])
def test_scare_quotes_belong_to_whom_the_sentence_is_about(text, fragment, speaker):
    assert by_text(quotes(text), fragment)["speaker"] == speaker


def test_scare_quotes_of_a_place_or_the_writer_stay_unattributed():
    qs = quotes("Russia passed a law against spreading \"fake\" information about the army.\n\n"
                "The so-called \"special operation\" entered its second year.")
    assert by_text(qs, "fake")["speaker"] is None
    assert by_text(qs, "special operation")["speaker"] is None


@pytest.mark.parametrize("text,fragment,speaker", [
    ('"I do not see it happening," Mr. Rove said.', "I do not see it happening", "Rove"),
    ('"Nothing is decided yet," said Sen. John Thune on Tuesday.', "Nothing is decided yet", "John Thune"),
    ('"We will keep the corridor open," Gen. Valerii Zaluzhnyi told reporters.', "keep the corridor open",
     "Valerii Zaluzhnyi"),
])
def test_an_abbreviation_does_not_end_the_attribution(text, fragment, speaker):
    assert by_text(quotes(text), fragment)["speaker"] == speaker


def test_a_described_speaker_keeps_what_names_it():
    q = by_text(quotes("A spokesman for the regional military administration said the bridge was closed."),
                "the bridge was closed")
    assert q["speaker"] == "spokesman for the regional military administration"
    q = by_text(quotes("Mr. Kuleba's aides said the visit would go ahead."), "the visit would go ahead")
    assert "Kuleba" in q["speaker"]


@pytest.mark.parametrize("text,fragment,speaker", [
    # a name and a colon, no speech verb: a round-up of commentators
    ('Olena Hrytsenko, Kyiv Independent: "The winter will test the grid more than the front."',
     "The winter will test the grid", "Olena Hrytsenko"),
    # a gerund after a preposition speaks for its clause's subject
    ("The mayor calmed the city by telling residents the shelters would stay open all night.",
     "the shelters would stay open all night", "mayor"),
    # a report that suggests speaks for the organisation it is by
    ("A U.N. report released on Thursday suggesting that grain exports had halved worried traders.",
     "grain exports had halved", "U.N"),   # a document speaks for its author
    ("\"The corridor will hold,\" Kuleba gushed after the call.", "The corridor will hold", "Kuleba"),
    # the period of a dotted acronym does not end the attributing sentence
    ("Mrs. Marchuk assured donors on Monday that the U.N. review would \"reach the same conclusion as ours.\"",
     "reach the same conclusion", "Marchuk"),
    # (parsed as a verbless sentence whose root is the name)
    ("Sen. Ann Rowe, a senior figure in the party leadership, called on the minister to resign.",
     "the minister to resign", "Ann Rowe"),
    # (emails are a document: who released them speaks for them)
    ("The grain deal had collapsed, according to emails released by WikiLeaks.", "The grain deal had collapsed",
     "WikiLeaks"),
    ("The state-financed network suggested that the ruling curbed its freedom of speech.", "the ruling curbed",
     "state-financed network"),
])
def test_more_ways_of_naming_the_speaker(text, fragment, speaker):
    assert by_text(quotes(text), fragment)["speaker"] == speaker


def test_findings_of_polls_and_inquiries_are_reported_content():
    qs = quotes("On Monday, interviews conducted by the Kyiv Independent with rescuers found that the shelter had no "
                "exit.\n\n"
                "A poll released on Monday showed that most voters backed the talks.\n\n"
                "Officials went to the site to find out what had happened.")
    # (interviews are a document: who conducted them speaks for them)
    assert by_text(qs, "the shelter had no exit")["speaker"] == "the Kyiv Independent"
    assert by_text(qs, "most voters backed the talks")["cue"] == "showed"
    assert not [q for q in qs if "what had happened" in q["text"]]


def test_adding_after_a_reported_clause_is_the_reporters():
    text = ("Kallas said that training Ukraine's soldiers on Estonian soil would not be escalatory, adding that "
            "\"the Kremlin needs no excuse.\"")
    assert by_text(quotes(text), "the Kremlin needs no excuse")["speaker"] == "Kallas"


def test_asking_for_anonymity_reports_nothing():
    qs = quotes("A senior official, who asked not to be named, said the convoy had reached Kherson.")
    assert not [q for q in qs if "named" in q["text"]]
    assert by_text(qs, "the convoy had reached Kherson")["kind"] == "indirect"


def test_a_heading_run_into_the_next_sentence_is_not_its_speaker():
    text = ("\"We will not be intimidated,\" Jens Stoltenberg said.\n"
            "SEE ALSO: Weekly Briefing: Will The Alliance Hold?The NATO chief also said that the alliance "
            "would keep supplying Kyiv.")
    q = by_text(quotes(text), "the alliance would keep supplying Kyiv")
    assert q["speaker"] == "Jens Stoltenberg"


def test_warning_of_a_thing_is_a_topic_not_a_statement():
    qs = quotes("Johnson warned of a lightning strike on Kyiv. He warned that the West would respond.")
    assert not [q for q in qs if "lightning strike" in q["text"]]
    assert by_text(qs, "the West would respond")["speaker"] == "Johnson"


def test_a_lead_that_describes_before_it_names():
    text = ("The commander of Poland's land forces has compared the mood in Warsaw to the eve of a storm, warning "
            "that the country faces \"its hardest winter in decades\".\n\n"
            "In a speech on Thursday, General Tomasz Nowak is expected to say the army must double its reserves.")
    q = by_text(quotes(text), "its hardest winter in decades")
    assert q["speaker"] == "Tomasz Nowak"
    # a description with a person already named refers back, not forward
    qs = quotes("Olena Kovalenko spoke first. The mayor said that \"the bridge is closed\".\n\n"
                "Later Petro Bondar arrived.")
    assert by_text(qs, "the bridge is closed")["speaker"] == "Olena Kovalenko"


def test_a_possessor_parsed_as_subject_is_not_the_speaker():
    for text in ("Some context: In March of 2023, Petrov’s then 10-year-old son Ilya drew a picture of rockets "
                 "hitting a house and wrote “No more war” during a lesson, according to a local outlet.",
                 "Some context: In March of 2023, Petrov’s then 10-year-old son Ilya drew rockets and wrote "
                 "“No more war” in class."):
        q = [q for q in quotes(text) if q["kind"] == "direct" and q["text"] == "No more war"][0]
        assert q["speaker"] == "Ilya"


def test_it_said_after_someone_wrote_a_letter_is_the_writer():
    text = ("On Friday, according to her lawyer, Irina wrote her brother a letter from the detention centre. "
            "“Stay strong, we will see each other soon,” it said.")
    assert by_text(quotes(text), "Stay strong")["speaker"] == "Irina"


def test_a_fragment_in_a_that_clause_is_the_claimants():
    text = ("Former Czech minister Pavel Dvorak has been spreading the idea that Prague has \"lost its "
            "air defences\" because of its allies.")
    assert by_text(quotes(text), "lost its air defences")["speaker"] == "Pavel Dvorak"


def test_a_fragment_outside_the_cues_clause_belongs_to_its_own_subject():
    text = ("As Britain’s Rishi Sunak warned of a “long winter”, Emmanuel Macron talked about a “historic” "
            "turning point for Europe.")
    qs = quotes(text)
    assert by_text(qs, "historic")["speaker"] == "Emmanuel Macron"
    assert by_text(qs, "long winter")["speaker"] == "Rishi Sunak"
    # a parenthetical attribution still owns the sentence's fragment
    qs = quotes("Buying the network, Mr. Halvorsen said, would \"speed up our plans\" by years.")
    assert by_text(qs, "speed up our plans")["speaker"] == "Halvorsen"


def test_a_quotation_paragraph_carries_on_the_speech_before_it():
    text = ("In her evening address, Finance Minister Maria Hrytsenko said the budget gap had narrowed.\n\n"
            "“Every hryvnia we save now is a hryvnia for the front.”\n\n"
            "The session ended at noon.\n\n"
            "“Nobody expected this.”")
    qs = quotes(text)
    assert by_text(qs, "Every hryvnia")["speaker"] == "Maria Hrytsenko"
    assert by_text(qs, "Nobody expected this")["speaker"] is None   # the paragraph before reports no speech


def test_the_possessor_of_words_owns_their_fragment():
    qs = quotes("Mr Lukashenko's accusations of the West trying to \"strangle Belarus\" came on Monday.")
    assert by_text(qs, "strangle Belarus")["speaker"] == "Lukashenko"


def test_an_excerpt_that_opens_with_he_said_takes_the_person_named_next():
    text = ("He said: “We are ready to talk about arms control at any time.”\n\n"
            "Mr Macron’s remarks came hours after the vote in Moscow.")
    assert by_text(quotes(text), "ready to talk about arms control")["speaker"] == "Macron"


def test_a_description_goes_forward_only_in_the_lead_and_never_past_a_name():
    # the description carries its own name
    text = ("The head of Polish diplomacy Radek Nowicki warned on Thursday that \"the border will stay shut\".\n\n"
            "On the other hand, the deputy minister Ivan Petrenko spoke of talks.")
    assert "Nowicki" in by_text(quotes(text), "the border will stay shut")["speaker"]
    # plural: not one person
    text = ("The senators said in a statement that \"the condition for talks is a withdrawal\".\n\n"
            "Ambassador Olha Marchenko welcomed the document.")
    assert by_text(quotes(text), "the condition for talks")["speaker"] != "Olha Marchenko"
    # far into an article, a description with nobody named before it stays a description
    filler = "The session went on for hours without a break. " * 12
    text = filler + ("The commander of the northern group has said that \"the line will hold\".\n\n"
                     "General Taras Bondar visited the positions.")
    assert by_text(quotes(text), "the line will hold")["speaker"] != "Taras Bondar"


def test_a_pronoun_inside_a_fragment_clause_and_a_thing_as_subject():
    text = ("Minister Oksana Hrytsak told reporters on Monday that while the build-up \"poses a threat\", she believes "
            "it is \"not enough for an offensive\".")
    assert by_text(quotes(text), "not enough for an offensive")["speaker"] == "Oksana Hrytsak"


def test_a_title_naming_one_country_is_never_another_countrys_official():
    text = ("Ukrainian President Volodymyr Zelenskiy said on Sunday that talks must go on.\n\n"
            "Talks in Berlin stalled. The Russian president keeps asking for \"security guarantees\" in writing.")
    assert by_text(quotes(text), "security guarantees")["speaker"] != "Volodymyr Zelenskiy"
    text = ("US President Joe Biden met Ukraine's President Volodymyr Zelenskiy on Monday.\n\n"
            "The US president said that \"help will keep coming\".")
    assert by_text(quotes(text), "help will keep coming")["speaker"] == "Joe Biden"


# ------------------------------------------------------------------ layout, documents, descriptions

def test_transcript_turns_are_quotes_of_the_labelled_speaker():
    text = ("Transcript of the press briefing at the State Department, Tuesday.\n\n"
            "SECRETARY BLINKEN: Good afternoon. We have sent more air defence to Ukraine this week.\n\n"
            "Q: Will there be more tanks as well?\n\n"
            "SECRETARY BLINKEN: We are talking with our allies about armour every day.\n\n"
            "MR. PRICE: We will take two more questions.")
    qs = quotes(text)
    first = by_text(qs, "We have sent more air defence")
    assert first["kind"] == "direct" and first["speaker"] == "Blinken" and first["cue"] == ":"
    assert by_text(qs, "talking with our allies")["speaker"] == "Blinken"
    assert by_text(qs, "more tanks as well")["speaker"] is None    # the reporter is not named
    assert by_text(qs, "two more questions")["speaker"] == "Price"


def test_transcript_label_goes_to_the_person_the_article_names():
    text = ("Vice-presidential candidate Mike Pence spoke to the host Chris Wallace on Sunday.\n\n"
            "WALLACE: Why did the campaign invite her to the debate?\n\n"
            "PENCE: Look, the voters want a serious conversation about the economy.\n\n"
            "WALLACE: If I may, sir, we have limited time.")
    qs = quotes(text)
    assert by_text(qs, "serious conversation")["speaker"] == "Mike Pence"
    assert by_text(qs, "limited time")["speaker"] == "Chris Wallace"


def test_a_lone_heading_with_a_colon_is_not_a_transcript():
    text = "UPDATE: The mayor of Odesa said the port reopened on Friday after the strike."
    assert not any(q["cue"] == ":" and q["kind"] == "direct" for q in quotes(text))


def test_a_quotation_signed_after_a_dash_is_the_signers():
    text = ("Parents wrote to the school board before the vote.\n\n"
            "“We only want the buses to run on time for our children.” ― Teresa Alvarado\n\n"
            "“Nobody asked the teachers what they need.” — Omar Castellanos, a father of three")
    qs = quotes(text)
    assert by_text(qs, "buses to run on time")["speaker"] == "Teresa Alvarado"
    assert by_text(qs, "Nobody asked the teachers")["speaker"] == "Omar Castellanos"


def test_a_document_is_never_a_speaker():
    text = ("The annual threat assessment reveals that \"Moscow will need years to rebuild its army after the "
            "losses in Ukraine.\" The same report reveals that \"the army has lost many of its tanks.\"")
    for q in quotes(text):
        assert q["speaker"] is None or "report" not in q["speaker"].lower() and "assessment" not in q["speaker"].lower()


def test_a_document_speaks_for_the_organisation_that_wrote_it():
    text = ("Refugee numbers rose by a third last year, according to a report released on Monday by the UNHCR, "
            "which counted most of the new arrivals in Poland.")
    assert by_text(quotes(text), "Refugee numbers rose")["speaker"] == "UNHCR"


def test_a_description_of_a_named_person_goes_to_that_person():
    text = ("Vladimir Putin addressed the Federal Assembly in Moscow on Tuesday. Brimming with confidence, the "
            "Russian strongman ended his speech by declaring: \"Together we will overcome every difficulty that "
            "the West puts in our way.\"")
    assert by_text(quotes(text), "Together we will overcome")["speaker"] == "Vladimir Putin"


# ------------------------------------------------------------------ the attribution model

def test_reported_speech_carries_the_models_calibrated_confidence():
    q = by_text(quotes("The mayor of Kharkiv said that the metro would reopen on Monday."), "metro would reopen")
    assert q["kind"] == "indirect" and 0.0 < q["confidence"] <= 1.0


def test_statements_beyond_speech_verbs_only_when_the_setting_asks():
    from livebrief.read.quotes import extract_quotes

    text = "Senator Maria Cantwell wants the Pentagon to publish the full cost of the programme before the vote."
    doc = get_nlp()(text)
    assert not any("publish the full cost" in q.text for q in extract_quotes(doc, 1.0))
    broad = [q for q in extract_quotes(doc, 0.05) if "publish the full cost" in q.text]
    assert broad and broad[0].speaker == "Maria Cantwell" and broad[0].cue == "wants"


def test_the_attribution_model_is_packaged_and_scores_in_zero_one():
    from livebrief.read.attribution import attribution_model

    model = attribution_model()
    assert model is not None and model.trained_on > 0
    assert 0.0 < model.probability(["l=say", "d=ccomp", "s=ent-PERSON"]) < 1.0
    assert model.probability(["l=say", "d=ccomp", "mark=that"]) > model.probability(["l=eat", "d=dobj"])


def test_a_quotation_goes_on_past_its_speakers_own_participle():
    text = ("“The voters have made up their minds,” said Halyna Bondar, speaking of the mayoral race. "
            "“Nobody in this district will change sides now.”")
    assert by_text(quotes(text), "Nobody in this district")["speaker"] == "Halyna Bondar"


def test_two_apostrophes_make_a_double_quotation_mark():
    text = "The museum opened on Saturday.\n\n''We have waited a long time for this day,'' Mr. Okafor said."
    q = by_text(quotes(text), "waited a long time")
    assert q["kind"] == "direct" and q["speaker"] == "Okafor"


def test_a_dateline_in_capitals_is_no_speaker():
    q = by_text(quotes("KHARKIV (Reuters) — The governor says the city lost power twice overnight."), "lost power")
    assert q["speaker"] is None or "KHARKIV" not in q["speaker"]


def test_a_document_speaks_for_who_issued_it_the_sentence_before():
    text = "The Kremlin released a letter on Monday. The letter said Russia would not attend the talks in Geneva."
    assert by_text(quotes(text), "would not attend the talks")["speaker"] == "Kremlin"
    text = "A statement said the border crossing at Rafah would stay closed until further notice."
    assert by_text(quotes(text), "border crossing")["speaker"] is None


def test_the_head_of_state_is_the_president_named_before():
    text = ("Polish President Andrzej Duda visited the garrison in Rzeszow on Friday. The head of state said that "
            "Poland would buy more tanks this year.")
    assert by_text(quotes(text), "buy more tanks")["speaker"] == "Andrzej Duda"


def test_a_name_before_a_description_between_commas_speaks():
    qs = quotes('“The front is holding. Our brigades have what they need,” Syrskyi, the army chief, said '
                'on Friday. “We expect more shells by spring.”')
    assert [by_text(qs, f)["speaker"] for f in ("front is holding", "more shells")] == ["Syrskyi", "Syrskyi"]


def test_the_name_of_a_programme_where_it_was_said_is_not_a_quotation():
    qs = quotes('The minister said on “Morning Report Live” that the grain corridor would stay open.')
    assert [q["text"] for q in qs if q["kind"] == "direct"] == []


def test_a_video_is_no_speaker():
    qs = quotes("A video posted on Sunday showed that the bridge near the border had collapsed.")
    assert all(q["speaker"] != "video" for q in qs)


def test_a_quotation_over_several_paragraphs_is_the_speaker_named_at_its_end():
    qs = quotes('Mayor Vitali Klitschko described the night to reporters.\n\n'
                '"The strikes began at two in the morning and did not stop until dawn. Three districts lost power.\n\n'
                '"We have opened twelve heating points, and the water is back in most of the city.\n\n'
                '"Our crews will work through the weekend," he said.')
    assert [q["speaker"] for q in qs if q["kind"] == "direct"] == ["Vitali Klitschko"] * 3


def test_a_byline_and_a_dateline_are_not_reported_speech():
    qs = quotes("By Anna Kovalenko and Mark Ellis\n\nKYIV -- Ukrainian forces repelled an assault near "
                "Avdiivka on Tuesday, the general staff said.")
    assert [q["text"] for q in qs] == ["Ukrainian forces repelled an assault near Avdiivka on Tuesday"]


def test_a_press_release_quotes_its_own_official():
    qs = quotes('WASHINGTON -- The Department of Defense today announced a new package of air defense '
                'munitions for Ukraine.\n\n"This package reflects our enduring commitment," said Defense '
                'Secretary Lloyd Austin. "Our support for Kyiv will not waver this winter."\n\n'
                'For more information, contact the press office.')
    assert [q["speaker"] for q in qs if q["kind"] == "direct"] == ["Lloyd Austin", "Lloyd Austin"]


def test_as_attributions_one_record_per_cue_content():
    from livebrief.read.nlp import get_nlp
    from livebrief.read.quotes import as_attributions, extract_quotes

    text = ('"We will hold the line," Zelensky said on Monday. "Every town matters."\n\n'
            'Kuleba said the partners had promised "more shells by spring" at the meeting.')
    doc = get_nlp()(text)
    assert len([q for q in doc._.lb_quotes if q.kind == "direct"]) == 3
    units = as_attributions(text, extract_quotes(doc))
    assert [(q.kind, q.text) for q in units] == [
        ("direct", 'We will hold the line," Zelensky said on Monday. "Every town matters.'),
        ("indirect", 'the partners had promised "more shells by spring" at the meeting')]


def test_a_heading_glued_to_a_name_stays_out_of_the_speaker():
    qs = quotes("Why does Moscow trust its own propaganda?Sergei Lavrov said on Tuesday that the West had lied "
                "about the grain deal.")
    assert {q["speaker"] for q in qs} == {"Sergei Lavrov"}


def test_a_heading_label_before_a_colon_is_not_the_speaker():
    qs = quotes("The Latest: Governor Hanna Berg urges voters to check their polling stations.\n\n"
                "Hanna Berg spoke in Dover on Monday.")
    assert {q["speaker"] for q in qs} == {"Hanna Berg"}


def test_the_programme_a_speaker_spoke_on_is_not_the_speaker():
    qs = quotes("Colonel Ivo Marsh joined the panel. “The supply lines are thin,” Marsh, a retired planner, "
                "said Sunday on Channel Nine’s “Dawn and Friends.” “They will not last the winter.”")
    assert [q["speaker"] for q in qs if q["kind"] == "direct" and "Friends" not in q["text"]] == ["Ivo Marsh"] * 2


def test_a_quotation_goes_on_past_a_passive_speech_verb():
    qs = quotes('"Deadlines are not suggestions," board chair Rep. Lena Voss (R-Idaho) said after Mr. Dale missed '
                'the third session he was formally called to this month. "Mr. Dale is a key witness for us."')
    assert [q["speaker"] for q in qs if q["kind"] == "direct"] == ["Lena Voss", "Lena Voss"]


def test_a_heading_in_capitals_before_the_speaker_is_not_the_speaker():
    qs = quotes("THE SAVINGS Years ago, when she ran the fund, Ms. Okafor said that she saw credit cards as a trap.")
    assert {q["speaker"] for q in qs if q["kind"] == "indirect"} == {"Okafor"}


def test_a_relative_clause_quotes_its_own_subject():
    qs = quotes("Lena Marsh runs the port. Given the council's push for a levy -- which the port's chief executive, "
                "Lena Marsh, called \"a tax on bread\" -- one question remains.")
    assert by_text(qs, "a tax on bread")["speaker"] == "Lena Marsh"


def test_a_name_with_a_party_tag_and_a_description_speaks():
    qs = quotes("State Senator Ruth Alder (D), the budget committee's ranking member, said the cuts would close "
                "three rural clinics.")
    assert by_text(qs, "three rural clinics")["speaker"] == "Ruth Alder"


def test_a_headline_label_speaks_its_quotation():
    qs = quotes("Mayor Dana Holt: River bridge 'will reopen by June' despite floods.\n\n"
                "Mayor Dana Holt spoke to reporters on Monday about the repairs.")
    assert by_text(qs, "will reopen by June")["speaker"] == "Dana Holt"


def test_a_fragment_goes_to_the_name_beside_a_described_subject():
    qs = quotes('The plan enraged critics. Another critic, Ada H. Lowe, likened the rules to "lighting a bonfire" '
                "- a charge that stung.")
    assert by_text(qs, "lighting a bonfire")["speaker"] == "Ada H. Lowe"


def test_as_someone_put_it_attributes_the_sentence():
    qs = quotes("Nora Varga runs the network. As Ms. Varga put it in July, the channel offers "
                "''a view from elsewhere.'' She put it on the shelf.")
    assert by_text(qs, "a view from elsewhere")["speaker"] == "Nora Varga"


def test_a_speech_verb_and_a_comma_introduce_the_quotation():
    qs = quotes("Omar Reyes debated Lina Park. When Park noted that Reyes had paid no rent for years ― as was "
                "plain from the records the court made public ― Reyes boasted, “That makes me thrifty.” He smiled.")
    assert by_text([q for q in qs if q["kind"] == "direct"], "That makes me thrifty")["speaker"] == "Omar Reyes"


@pytest.mark.parametrize("text,content,speaker", [
    ("The new dam, Governor Alma Reyes said, would flood three valleys before the spring.",
     "The new dam, Governor Alma Reyes said, would flood three valleys before the spring", "Alma Reyes"),
    ("Too often, Dr. Imre Kovacs said, the clinics in the north are closed on weekends.",
     "Too often, Dr. Imre Kovacs said, the clinics in the north are closed on weekends", "Imre Kovacs"),
])
def test_reported_speech_its_attribution_interrupts_keeps_both_parts(text, content, speaker):
    q = by_text([q for q in quotes(text) if q["kind"] == "indirect"], "three valleys" if "dam" in text else "clinics")
    assert (q["text"], q["speaker"], q["cue"]) == (content, speaker, "said")
    assert text[q["start"]:q["end"]] == q["text"]


def test_reported_speech_before_its_attribution_still_stops_at_the_speaker():
    text = "The bridge over the Tisza was closed overnight, the county engineer said."
    q = by_text(quotes(text), "bridge")
    assert q["text"] == "The bridge over the Tisza was closed overnight"


def test_a_heading_run_into_the_sentence_is_not_its_speaker():
    # a site's "more stories" line and a headline glued before the paragraph's first sentence
    text = ("More Stories Latvia’s Minister: Border Fence Will Not Stop Smugglers From Belarus Rinkevics said that "
            "the fence along the eastern border would be finished by the autumn.")
    q = by_text(quotes(text), "fence along the eastern border")
    assert q["speaker"] == "Rinkevics"


def test_marks_around_numbers_links_and_markup_values_are_not_quotes():
    text = ('The council voted on Monday. <post id="550012345678" author="cityhall">The vote</post> '
            'The clerk pinned "www.example.com/minutes" and "4412" to the board.')
    assert [q for q in quotes(text) if q["kind"] == "direct"] == []


def test_a_semicolon_ends_the_reported_clause():
    text = "Officials said the ferry would resume on Friday; the harbour has been closed since March."
    assert by_text(quotes(text), "ferry")["text"] == "the ferry would resume on Friday"


def test_a_gerund_is_not_inverted_with_its_object():
    text = "Mayor Ilse Brandt praised the crews but stopped short of calling Weber's plan “a disaster for the town”."
    assert by_text(quotes(text), "a disaster")["speaker"] == "Ilse Brandt"


def test_quotations_carry_how_often_their_speaker_is_right():
    from livebrief.read.attribution import speaker_calibration

    cal = speaker_calibration()
    text = ("“The road will open in May,” said Mayor Ilse Brandt on Monday.\n\n"
            "The old ferry across the river was renamed last year after a local poet, and its timetable was "
            "cut to two crossings a day. Above the gate hung a banner with the words “Closed until spring” in red.")
    qs = quotes(text)
    named, nobody = by_text(qs, "road will open"), by_text(qs, "Closed until spring")
    assert named["speaker"] == "Ilse Brandt" and nobody["speaker"] is None
    assert named["confidence"] == cal.confidence("cue-after", True)
    assert nobody["confidence"] == cal.confidence("fragment-owner", False)
    assert 0 < nobody["confidence"] < 1 and 0 < named["confidence"] < 1


def test_a_long_quotation_inside_a_sentence_without_a_speech_verb_is_its_subjects():
    text = ("Senator Ada Lowe has gone after the plan as “a gift to the few who already own "
            "nearly every field in the valley”.")
    assert by_text(quotes(text), "a gift to the few")["speaker"] == "Ada Lowe"


def test_the_name_a_participle_follows_speaks():
    text = "The advert replays footage of Senator Ada Lowe asking, “Who will pay for the bridge?”"
    assert by_text(quotes(text), "Who will pay")["speaker"] == "Ada Lowe"


def test_a_nickname_inside_a_name_is_not_a_quotation():
    text = "State Del. Ruth \"Roo\" Alvarez, who chairs the committee, said \"we will vote on Friday\" after the hearing."
    assert [q["text"] for q in quotes(text) if q["kind"] == "direct"] == ["we will vote on Friday"]


def test_a_name_that_ends_a_clause_before_a_colon_is_no_speakers_label():
    text = ("Extracts from declassified assessments challenge the claim that Moscow could fight the "
            "alliance and win a war with NATO: \"Its army has lost more troops than in any war since 1945.\"")
    # (the claim's that-clause is reported speech of its own, whose maker the sentence does not name)
    assert [q["speaker"] for q in quotes(text)] == [None, None]
    assert [q["speaker"] for q in quotes("Andrea Mitchell, NBC News: \"The talks broke up without a date.\"")] \
        == ["Andrea Mitchell"]
