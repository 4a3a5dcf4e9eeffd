"""Extraction end to end, on conversations written for these tests: what a coach expects in the recap."""

from __future__ import annotations

from datetime import date

import pytest

from recap.domain import POSSIBLE_BELOW, Measure, Segment, Transcript
from recap.errors import RecapError
from recap.extract import extract
from recap.extract.context import question_kind
from recap.transcripts import parse_transcript

DAY = date(2026, 11, 18)  # a Wednesday


# How calls open: the exchanges under test come after it, where plans are made.
OPENING = [
    ("coach", "Hi, good to see you. How has the week been?"),
    ("client", "Busy, but okay."),
    ("coach", "Tell me more about that."),
    ("client", "Work was full on and I was tired most evenings."),
    ("coach", "That sounds like a lot."),
    ("client", "It was, yeah."),
]


def call(*turns: tuple[str, str]) -> list:
    """Items from a conversation given as (role, words) pairs, one cue each, after a short opening."""
    said = OPENING + list(turns)
    segs = [
        Segment(i * 5.0, i * 5.0 + 4.0, text, speaker=role.title(), role=role) for i, (role, text) in enumerate(said)
    ]
    return [it for it in extract(Transcript(segs), DAY) if it.start >= 5.0 * len(OPENING)]


def of(items, kind):
    return [it for it in items if it.kind == kind]


def test_a_promise_with_a_deadline():
    [item] = of(
        call(
            ("coach", "What will you do before we talk again?"),
            ("client", "Um, I'll ring the bank on Monday about the loan."),
        ),
        "commitment",
    )
    assert (item.owner, item.text, item.due, item.due_text) == (
        "client",
        "Ring the bank about the loan",
        date(2026, 11, 23),
        "on Monday",
    )
    assert item.rule == "i_will" and item.start == 35.0 and "ring the bank" in item.quote


def test_fillers_and_false_starts_do_not_hide_a_promise():
    [item] = of(call(("client", "I-I'll, uh, I'll call- call my sister, um, tonight.")), "commitment")
    assert item.text == "Call my sister" and item.due == DAY


@pytest.mark.parametrize(
    "said, words",
    [
        # An aside between two clauses leaves the comma that parts them ...
        ("I'll have my partner keep me honest, you know, she checks in every night.", "honest, she checks"),
        ("I'll walk at lunch, um, it clears my head.", "lunch, it clears"),
        # ... and none inside a phrase or after "and".
        ("I will probably, you know, call her tomorrow.", "probably call her"),
        ("And, um, it was hard.", "And it was hard"),
    ],
)
def test_an_aside_leaves_the_comma_between_clauses(said, words):
    from recap.extract.text import clean

    assert words in clean(said)


@pytest.mark.parametrize(
    "said",
    [
        "I called my sister last week and it went fine.",
        "I'll tell you about my week first.",
        "Will I ever manage to stop?",
        "I said I'd stop, but I never did.",
        "I'll call him, but honestly I can't promise anything.",
    ],
)
def test_not_promises(said):
    assert of(call(("coach", "How has it been?"), ("client", said)), "commitment") == []


def test_the_coach_promise_is_the_coach_s():
    items = call(("client", "That would really help."), ("coach", "Great, I'll send you the worksheet tonight."))
    [item] = of(items, "commitment")
    assert item.owner == "coach" and "worksheet" in item.text.lower() and item.due == DAY


def test_a_yes_to_a_proposal_commits_to_the_proposal():
    items = call(
        ("coach", "Would you be willing to keep a food diary until Friday?"), ("client", "Yeah, I can do that.")
    )
    [item] = of(items, "commitment")
    assert item.owner == "client" and "food diary" in item.text.lower() and item.due == date(2026, 11, 20)
    assert item.quote.startswith("Would you be willing") and item.rule == "accepts_proposal"
    assert (
        of(
            call(
                ("coach", "Would you be willing to keep a food diary until Friday?"),
                ("client", "No, I don't think so."),
            ),
            "commitment",
        )
        == []
    )


@pytest.mark.parametrize(
    "coach, want",
    [
        # A plan put back to the client, not asked: the yes still commits to it.
        ("So the plan is that you're gonna book the dentist this week.", "book the dentist"),
        ("Okay. So I think just email your landlord about the repairs.", "email my landlord"),
        # "Can you do that?" points back at the suggestion before it.
        ("If you walk the dog every evening, your sleep should improve. Can you do that?", "walk the dog"),
        ("Can I ask you to write down three wins each night this week?", "write down three wins"),
    ],
)
def test_a_vague_yes_takes_the_action_it_answers(coach, want):
    items = call(("coach", coach), ("client", "Yeah. I think I can do that."))
    [item] = of(items, "commitment")
    assert item.owner == "client" and want in item.text.lower()


def test_i_will_give_it_a_try_takes_the_request_made_earlier_in_the_turn():
    coach = (
        "Can I also ask you to keep a sleep log between now and next week? It is not much work. "
        "We have a sheet that a lot of people like. You write down when you go to bed. "
        "And when you wake up. Is that something you'd be willing to do?"
    )
    [item] = of(call(("coach", coach), ("client", "Okay, okay, I'll give it a try.")), "commitment")
    assert item.owner == "client" and item.text.lower().startswith("keep a sleep log")
    # A question that names no action of its own lends none: nothing to list.
    assert (
        of(
            call(("coach", "Is that something you'd be willing to do?"), ("client", "I'll give it a try.")),
            "commitment",
        )
        == []
    )


def test_a_habit_with_a_number_said_in_answer_is_the_game_worth_playing():
    [item] = call(
        ("coach", "So what would help you keep it going this time?"),
        (
            "client",
            "I think having my sister hold me accountable, you know, she texts me every night, "
            "and I do 15 minutes a day of stretching.",
        ),
        ("coach", "That sounds like a plan."),
    )
    assert item.kind == "commitment" and item.owner == "client"
    assert item.measure == Measure(15, "minutes", "daily") and "sister hold me accountable, she" in item.text


@pytest.mark.parametrize(
    "said, text",
    [
        ("I'm committing to walking the dog every evening.", "Walk the dog every evening"),
        ("The first thing I'll do is ring the printer on Monday.", "Ring the printer"),
    ],
)
def test_the_action_is_the_verb_committed_to(said, text):
    items = call(("coach", "What are you committing to this week?"), ("client", said), ("coach", "Great."))
    assert [it.text for it in of(items, "commitment")] == [text]


def test_a_time_said_before_the_promise_dates_it_and_a_done_by_reads_as_the_doing():
    [item] = of(
        call(
            ("client", "So by next Friday, I'll have written both reports and booked the venue."), ("coach", "Great.")
        ),
        "commitment",
    )
    assert (item.text, item.due) == ("Write both reports and book the venue", date(2026, 11, 27))


@pytest.mark.parametrize(
    "coach, client, kind",
    [
        ("What's one thing you'll take from today?", "That rest is part of the work, not a reward for it.", "insight"),
        ("Where do you want to be by the summer?", "Honestly? Running a 10k without stopping.", "goal"),
    ],
)
def test_closing_and_opening_questions_asked_in_other_words(coach, client, kind):
    items = call(("coach", coach), ("client", client))
    assert [it.kind for it in items] == [kind]


def test_a_remark_lends_no_action_to_i_will_try_it():
    items = call(("coach", "Nobody knows yet. We could find out."), ("client", "Okay. I'll try it."))
    assert of(items, "commitment") == []


def test_do_it_at_the_weekend_takes_what_was_put_two_turns_before():
    items = call(
        ("coach", "So let me check I've got it. You'll make a list of thirty songs. Just titles."),
        ("client", "By when? Next week?"),
        ("coach", "What feels right?"),
        ("client", "Oh, by Monday. I'll do it at the weekend."),
    )
    [item] = of(items, "commitment")
    assert item.text == "Make a list of thirty songs" and item.due == date(2026, 11, 21)


def test_a_dated_do_it_with_nothing_to_name_it_keeps_its_day():
    items = call(("coach", "So. What are you going to do?"), ("client", "Okay. So I'm going to do it Tuesday."))
    [item] = of(items, "commitment")
    assert (item.text, item.due) == ("Do it", date(2026, 11, 24))


def test_a_wish_put_in_the_past_reads_as_the_plan():
    items = call(
        ("coach", "What if you did, say, a two-hour walk on Saturday, and then went for a swim?"),
        ("client", "Okay. I'll try it."),
    )
    [item] = of(items, "commitment")
    assert item.text.startswith("Do a two-hour walk") and "and then go for a swim" in item.text


def test_an_aside_opening_the_next_cue_takes_its_comma_with_it():
    segs = [
        Segment(0.0, 4.0, "What would you like to be different?", speaker="Coach", role="coach"),
        Segment(5.0, 7.0, "I want to stop feeling like I'm,", speaker="Client", role="client"),
        Segment(7.2, 9.0, "like, hungover on my first day off.", speaker="Client", role="client"),
    ]
    [goal] = of(extract(Transcript(segs), DAY), "goal")
    assert goal.text == "Stop feeling like I'm hungover on my first day off"


def test_the_time_of_one_coordinated_action_does_not_date_the_next():
    segs = [
        Segment(0.0, 3.0, "What will you do this week?", speaker="Coach", role="coach"),
        Segment(4.0, 7.0, "I will finish the first two lessons tomorrow and", speaker="Client", role="client"),
        Segment(7.1, 10.0, "I am going to write for thirty minutes every morning.", speaker="Client", role="client"),
        Segment(11.0, 12.0, "Great.", speaker="Coach", role="coach"),
    ]
    dues = {it.text: it.due for it in of(extract(Transcript(segs), DAY), "commitment")}
    assert dues == {"Finish the first two lessons": date(2026, 11, 19), "Write for thirty minutes every morning": None}


def test_go_on_then_is_a_yes_not_a_plan():
    items = call(
        ("coach", "What if you kept a note of every task you take back? Would you be up for that?"),
        ("client", "Yeah, go on then. I'll give it a go."),
    )
    assert [it.text for it in of(items, "commitment")] == ["Keep a note of every task you take back"]


def test_a_yes_after_a_broken_off_start_still_answers_the_proposal():
    items = call(
        ("coach", "So just call your sister before the weekend."),
        ("client", "Okay."),
        ("coach", "And then-"),
        ("client", "I think I can do that."),
    )
    [item] = of(items, "commitment")
    assert "call my sister" in item.text.lower()


def test_a_vague_yes_to_nothing_proposed_is_not_an_item():
    items = call(("coach", "Your week sounds like it was hard."), ("client", "Yeah. I think I can do that."))
    assert of(items, "commitment") == []


@pytest.mark.parametrize(
    "cut, whole",
    [
        ("I want to think about", "I want to think about my options."),
        ("Well, I really want to be", "Well, I really want to be a nurse."),
        ("I'd like to get the", "I'd like to get the promotion this year."),
        # "her" ends a phrase as the determiner, a sentence as the object
        ("I want to spend more time with her", "I want to be closer to my sister and spend more time with her."),
    ],
)
def test_a_goal_cut_off_mid_phrase_is_not_an_item(cut, whole):
    assert of(call(("coach", "What would you like to change?"), ("client", cut)), "goal") == []
    assert of(call(("coach", "What would you like to change?"), ("client", whole)), "goal") != []


@pytest.mark.parametrize(
    "said, owner",
    [
        ("So the next step is to email three former colleagues about the role.", "client"),
        ("So the next step is to book a physio appointment.", "client"),
        ("So the next step is to send you the budget template.", "coach"),
        ("The next step is to book you in with the nutritionist.", "coach"),
    ],
)
def test_a_next_step_is_the_coach_s_only_when_it_is_done_for_the_client(said, owner):
    items = call(("client", "What should I do first?"), ("coach", said), ("client", "Okay, that sounds good."))
    [step] = of(items, "next_step")
    assert step.owner == owner


def test_the_next_session_is_a_next_step_and_dates_before_our_next_session():
    items = call(
        ("client", "I'll read the chapter before our next session."),
        ("coach", "Great. So let's meet again next Tuesday."),
    )
    [meet] = of(items, "next_step")
    assert meet.text == "Meet again next Tuesday" and meet.due == date(2026, 11, 24)
    [read] = of(items, "commitment")
    assert read.due == date(2026, 11, 24) and read.due_text == "before our next session"


def test_the_next_session_and_a_promise_in_one_cue_are_both_kept():
    items = call(
        ("client", "Can we do the same time next week?"),
        ("coach", "Next Wednesday it is. I'll send you the worksheet tonight."),
    )
    [meet] = of(items, "next_step")
    [send] = of(items, "commitment")
    assert meet.text.startswith("Meet again") and meet.due == date(2026, 11, 25) and meet.start == send.start
    assert send.owner == "coach" and "worksheet" in send.text.lower()


def test_a_session_asked_for_as_a_wish_is_scheduled():
    items = call(
        ("coach", "Do you think it would be all right if we met again next week to see how it goes?"),
        ("client", "Yeah, that would be okay."),
    )
    [meet] = of(items, "next_step")
    assert meet.text.startswith("Meet again") and meet.due == date(2026, 11, 27)


def test_the_scorer_hears_a_plain_yes_to_a_plan():
    from recap.extract.pipeline import candidates

    def answered(reply: str) -> dict[str, float]:
        said = OPENING + [("coach", "Shall we meet again next Tuesday?"), ("client", reply)]
        segs = [Segment(i * 5.0, i * 5.0 + 4.0, t, speaker=r.title(), role=r) for i, (r, t) in enumerate(said)]
        found, _ = candidates(Transcript(segs))
        [meet] = [c for c in found if c.kind == "next_step" and c.ctx.role == "coach"]
        return meet.features

    assert "next=agreement" in answered("Yeah, sure.")
    assert "next=agreement" not in answered("I'm not sure I can make Tuesday.")


def test_a_day_the_client_asks_for_and_the_coach_takes_is_the_next_session():
    items = call(
        ("coach", "Let's get the next one on the books. Same day in two weeks?"),
        ("client", "I am away then. Could we do next Friday instead, and then maybe space them out a bit after?"),
        ("coach", "Next Friday works. Ten o'clock, like today?"),
        ("client", "Lovely. Thanks so much."),
    )
    [meet] = of(items, "next_step")
    assert meet.text.startswith("Meet again") and meet.due is not None and meet.due.weekday() == 4
    assert meet.start == 5.0 * (len(OPENING) + 2)  # the coach's yes, where the day was settled


def test_a_goal_with_a_number_and_a_deadline_is_smart():
    [goal] = of(
        call(
            ("coach", "What do you want to achieve this year?"),
            ("client", "I want to launch my course with twenty paying students by the end of March."),
        ),
        "goal",
    )
    assert goal.due == date(2027, 3, 31) and goal.measure == Measure(20, "students")
    assert goal.smart and goal.smart.time_bound and goal.smart.measurable


def test_an_insight_is_the_client_s_own_and_not_the_coach_s_reflection():
    items = call(
        ("coach", "It sounds like you have been putting it off."),
        ("client", "Yeah. I realized I've been avoiding the launch because I'm afraid nobody will sign up."),
        ("coach", "I realized that you've been avoiding it because you're afraid."),
    )
    insights = of(items, "insight")
    assert [i.speaker for i in insights] == ["Client"]


def test_a_habit_with_a_number_is_the_measure():
    [item] = of(
        call(
            ("coach", "What will you do this week?"),
            ("client", "I'm going to do ten minutes a day of strength training."),
        ),
        "commitment",
    )
    assert item.measure == Measure(10, "minutes", "daily")


def test_when_asked_when_the_answer_dates_the_action():
    items = call(
        ("coach", "So what will you do about the group?"),
        ("client", "I'm going to call the clinic."),
        ("coach", "When will you do that?"),
        ("client", "By Friday."),
    )
    [item] = of(items, "commitment")
    assert item.due == date(2026, 11, 20) and item.due_text == "By Friday"


def test_a_promise_said_three_times_is_one_item():
    items = call(
        ("client", "I'll call the landlord tomorrow."),
        ("coach", "Good."),
        ("client", "Yeah, I'll call the landlord tomorrow, definitely."),
        ("coach", "Okay."),
        ("client", "So tomorrow I'll call the landlord."),
    )
    assert len(of(items, "commitment")) == 1


def test_two_promises_in_one_cue_are_one_item():
    [item] = of(call(("client", "I'll email my manager on Friday, and I'm going to walk every morning.")), "commitment")
    assert "email my manager" in item.text.lower() and "walk every morning" in item.text.lower()
    assert item.due == date(2026, 11, 20)


def test_with_speakers_unknown_nobody_owns_an_action():
    segs = [Segment(0, 4, "What will you do this week?"), Segment(5, 9, "I'll phone my mother on Sunday.")]
    items = extract(Transcript(segs, speakers_known=False), DAY)
    assert [(i.kind, i.owner) for i in items if i.kind == "commitment"] == [("commitment", None)]


def test_a_sentence_cut_over_zoom_cues_is_one_item():
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDana: What will you do before we meet?\n\n"
        "2\n00:00:04.000 --> 00:00:05.500\nPriya: I'm going to book three\n\n"
        "3\n00:00:05.500 --> 00:00:07.000\nPriya: discovery calls by Thursday.\n"
    )
    transcript = parse_transcript(vtt, coach="Dana")
    [item] = of(extract(transcript, DAY), "commitment")
    assert item.text == "Book three discovery calls" and item.due == date(2026, 11, 19)
    assert (item.start, item.end) == (4.0, 7.0) and item.measure == Measure(3, "calls")


def test_items_heard_in_uncertain_audio_are_possible():
    segs = [
        Segment(0, 4, "What will you do?", "Coach", "coach"),
        Segment(5, 9, "I'll call the pharmacy tomorrow.", "Sam", "client", uncertain=True),
    ]
    [item] = of(extract(Transcript(segs), DAY), "commitment")
    assert item.possible


# -- who is the coach -----------------------------------------------------------------

ZOOM_NO_BLANKS = """WEBVTT
1
00:00:01.000 --> 00:00:04.000
Dana Whitfield: So what are you going to do this week?
2
00:00:04.500 --> 00:00:09.000
Sam Ortiz: I'm going to send two proposals by Friday.
3
00:00:09.500 --> 00:00:12.000
Dana Whitfield: Great, and I'll send you the pricing sheet tonight.
"""


def test_an_export_without_blank_lines_between_cues_is_read():
    transcript = parse_transcript(ZOOM_NO_BLANKS, coach="Dana")
    assert [s.speaker for s in transcript.segments] == ["Dana Whitfield", "Sam Ortiz", "Dana Whitfield"]
    assert [s.role for s in transcript.segments] == ["coach", "client", "coach"]
    owners = {i.owner for i in extract(transcript, DAY) if i.kind == "commitment"}
    assert owners == {"client", "coach"}


def test_the_coach_is_found_by_name_first_name_label_or_questions():
    assert parse_transcript(ZOOM_NO_BLANKS, coach="dana whitfield").segments[0].role == "coach"
    labelled = parse_transcript("Coach: What will you do?\nCoachee: I'll call him.\n")
    assert [s.role for s in labelled.segments] == ["coach", "client"]
    asked = parse_transcript(
        "Ana: How was the week?\nBo: Busy, I had three deadlines.\nAna: What helped?\n"
        "Bo: I blocked my mornings.\nAna: What will you keep?\nBo: I'll keep the mornings.\n"
    )
    assert [s.role for s in asked.segments][:2] == ["coach", "client"]


@pytest.mark.parametrize("coach, problem", [("Kim", "matches no speaker"), ("Dana", "matches 2 speakers")])
def test_a_coach_name_that_matches_nobody_or_several_is_an_error_listing_the_speakers(coach, problem):
    text = "Dana Whitfield: Hi.\nDana Smith: Hello.\n"
    with pytest.raises(RecapError, match=problem) as err:
        parse_transcript(text, coach=coach)
    assert "Dana" in str(err.value)


def test_with_no_voices_known_the_line_after_a_question_answers_it():
    """One track, nobody's voice known: a line after a question is read as its answer."""
    from recap.extract.context import build_turns

    lines = ["Hi, good to see you.", "What will you do before our next session?", "I will call two prospects."]
    segs = [Segment(i * 4.0, i * 4.0 + 3.5, text) for i, text in enumerate(lines)]
    turns = build_turns(segs)
    assert len(turns) == 2 and turns[1].asked is not None and turns[1].asked.kind == "action"
    voiced = [Segment(s.start, s.end, s.text, speaker="Sam", role="client") for s in segs]
    assert len(build_turns(voiced)) == 1  # one known voice: one turn, whatever it asks


@pytest.mark.parametrize("said", ["I will run every May.", "I will run in May.", "I will run by May 3."])
def test_the_month_may_is_no_hedge(said):
    from recap.extract.pipeline import candidates

    def modals(text: str) -> set[str]:
        transcript = Transcript(segments=[Segment(0.0, 2.0, text, "Robin", "client")])
        return {f for c in candidates(transcript)[0] for f in c.features if f.startswith("modal=")}

    assert "modal=might" not in modals(said)
    assert "modal=might" in modals("I may run every day.")


def test_the_deadline_is_the_time_said_with_by_and_the_other_time_stays_in_the_action():
    items = call(
        ("coach", "And what's one thing you'll do before we speak again?"),
        ("client", "I'll enter the spring half marathon in April by this Saturday."),
    )
    assert not of(items, "next_step")  # "before we speak again" bounds the time; it schedules nothing
    [item] = of(items, "commitment")
    assert (item.text, item.due, item.due_text) == (
        "Enter the spring half marathon in April",
        date(2026, 11, 21),
        "by this Saturday",
    )


def test_a_habit_said_with_how_often_a_week_keeps_both_numbers():
    [item] = of(
        call(
            ("coach", "What will you do this week?"),
            ("client", "I'll do twenty minutes of yoga four mornings a week."),
        ),
        "commitment",
    )
    assert item.measure == Measure(20, "minutes", "4 mornings a week")


def test_a_yes_to_the_time_offered_dates_the_next_session_and_is_no_measure():
    items = call(
        ("coach", "Lovely. Same time in two weeks?"),
        ("client", "Perfect, see you then."),
    )
    [meet] = of(items, "next_step")
    assert (meet.text, meet.due, meet.measure) == ("Meet again in two weeks", date(2026, 12, 2), None)


def coach_asks(said: str) -> str | None:
    """What a coach's one-sentence turn asks for (the kind of its question or proposal)."""
    from recap.extract.context import asked_by, build_turns

    [turn] = build_turns([Segment(0.0, 4.0, said, speaker="Coach", role="coach")])
    found = asked_by(turn)
    return found.kind if found else None


def test_a_request_for_after_the_call_is_a_proposal_and_a_request_in_it_is_not():
    assert coach_asks("Can you ask her this weekend?") == "proposal"
    assert coach_asks("Could you maybe send him the draft by Friday?") == "proposal"
    assert coach_asks("Can you tell me more about that?") != "proposal"
    assert coach_asks("Can you remember when it started?") != "proposal"


def test_an_opener_and_a_time_clause_do_not_make_items_of_their_own():
    items = call(
        ("coach", "What did you notice when you stopped?"),
        ("client", "You know what, I think I stop whenever it starts to feel better."),
        ("coach", "What are you taking away from today?"),
        ("client", "That feeling better is exactly when I need to keep going."),
    )
    assert all(not it.text.lower().startswith("what") for it in items)
    assert not of(items, "goal")  # "when I need to keep going" is a time, not an aim
    assert any(it.text.startswith("I think I stop whenever") for it in of(items, "insight"))


@pytest.mark.parametrize(
    "said, text, due",
    [
        # a title's full stop ends no sentence
        ("Yeah, okay. I'm gonna ring Dr. Osei's surgery tomorrow.", "Ring Dr. Osei's surgery", date(2026, 11, 19)),
        # a plan started again after its time: the action is what follows the restart
        ("And I'm going to, first thing Friday, I'm clearing my inbox.", "Clear my inbox", date(2026, 11, 20)),
        # the present as a plan, with its day
        ("On Monday I'm booking the venue for the launch.", "Book the venue for the launch", date(2026, 11, 23)),
        # "let me" taking a task on
        ("Let me draft the letter this weekend.", "Draft the letter", date(2026, 11, 21)),
    ],
)
def test_promises_said_in_everyday_shapes(said, text, due):
    [item] = of(call(("coach", "So what will you do?"), ("client", said)), "commitment")
    assert (item.owner, item.text, item.due) == ("client", text, due)


@pytest.mark.parametrize(
    "said",
    [
        "I'll email the list to you tonight, and you can pick what fits.",
        "I'll email the list to you tonight and you can pick what fits.",
    ],
)
def test_another_person_s_part_ends_the_action(said):
    [item] = of(call(("coach", said)), "commitment")
    assert (item.owner, item.text, item.due) == ("coach", "Email the list to you", DAY)


def test_an_answer_that_lists_its_steps_gives_each():
    items = call(
        ("coach", "So, pulling it together: what are you committing to?"),
        (
            "client",
            "Okay. Um. Tomorrow, ring the landlord about the boiler. Also tomorrow, email the agency directly. "
            "And I'll book the van this week.",
        ),
        ("coach", "Great."),
    )
    # One cue holds one item of a kind: the steps are listed in it, each with its own time.
    assert [(it.text, it.due) for it in of(items, "commitment")] == [
        (
            "Ring the landlord about the boiler tomorrow; email the agency directly tomorrow; book the van this week",
            date(2026, 11, 19),
        )
    ]


def test_need_is_no_past_tense():
    from recap.extract.pipeline import candidates

    said = "I'm going to tell my team on Monday to stop copying me in unless they need me."
    transcript = Transcript(segments=[Segment(0.0, 2.0, said, "Robin", "client")])
    [found] = [c for c in candidates(transcript)[0] if c.kind == "commitment"]
    assert "past" not in found.features


def test_a_plan_said_with_a_rising_voice_is_no_question():
    items = call(
        ("coach", "When would you like the calls done?"),
        ("client", "And I'd like to have all five calls done by, like, the 14th?"),
    )
    [item] = [it for it in items if it.start == 35.0]
    assert item.kind == "goal" and "five calls done" in item.text and item.due == date(2026, 12, 14)


def test_a_day_that_names_a_meeting_stays_in_the_action_and_dates_it():
    [item] = of(
        call(("client", "I'm going to tell the team at Monday's stand-up to stop copying me in.")), "commitment"
    )
    assert (item.text, item.due) == ("Tell the team at Monday's stand-up to stop copying me in", date(2026, 11, 23))


def test_praise_for_the_other_s_own_plan_takes_nothing_on():
    items = call(
        ("client", "Let me try swapping the biscuits for fruit a couple of nights this week."),
        ("coach", "A couple of nights. Good."),
    )
    assert [it.owner for it in of(items, "commitment")] == ["client"]


def test_a_next_session_moved_in_the_same_breath_is_the_later_date():
    items = call(
        *[("coach", "Tell me more about the project."), ("client", "It is going slowly, but it is going.")] * 12,
        ("coach", "Shall we meet again next Thursday at ten?"),
        ("client", "Yes, next Thursday works."),
        ("client", "Oh wait, I've got a dentist appointment then."),
        ("coach", "No problem. Let's meet on Friday instead, same time."),
        ("client", "Friday's great."),
    )
    assert [(it.text, it.due) for it in of(items, "next_step")] == [("Meet again on Friday", date(2026, 11, 20))]


@pytest.mark.parametrize(
    "said, kind",
    [
        ("How did that land with you?", "feeling"),
        ("What's that like for you?", "feeling"),
        ("What stood out for you today?", "takeaway"),
        ("Tell me what stood out for you today.", "takeaway"),  # a request asks too
        ("That's a brave thing to notice.", None),  # a remark asks nothing
    ],
)
def test_what_the_coach_asks_for(said, kind):
    assert coach_asks(said) == kind


def test_a_start_said_twice_is_said_once():
    [item] = of(call(("client", "I think, um, I think I'll call the bank on Monday.")), "commitment")
    assert "I think I think" not in item.quote and item.text == "Call the bank"


def test_a_quotation_that_ends_a_sentence_ends_it():
    items = call(("client", 'I\'m not going to say "try." I will send the email by Friday.'))
    assert [(it.text, it.due) for it in of(items, "commitment")] == [("Send the email", date(2026, 11, 20))]


def test_an_answer_about_someone_else_is_not_the_client_s_goal():
    items = call(
        ("coach", "What would you like to be different by the summer?"),
        ("client", "She just wants me to be around more, honestly."),
    )
    assert not of(items, "goal")


def test_a_day_then_the_plain_present_is_a_plan():
    [item] = of(
        call(("coach", "So what happens next?"), ("client", "Thursday I walk Sam through the budget.")), "commitment"
    )
    assert (item.text, item.due) == ("Walk Sam through the budget", date(2026, 11, 19))


def test_promises_sharing_only_a_verb_and_a_pronoun_are_two_but_a_repeat_is_one():
    items = of(
        call(
            ("client", "I'll ask him if he wants to grab a coffee on Thursday."),
            ("coach", "Good. And what about the review he keeps missing?"),
            ("client", "Yeah. I'll ask him that too."),
            ("coach", "Great."),
            ("client", "So I'll ask him if he wants a coffee, on Thursday."),
        ),
        "commitment",
    )
    assert [it.text for it in items] == ["Ask him if he wants to grab a coffee", "Ask him that"]


def test_a_picture_of_the_future_asked_for_is_a_goal_question_answered_across_a_nod():
    goals = of(
        call(
            ("coach", "So if you imagine a month from now, and this is going better, what would you see?"),
            ("client", "Um, I'd be leaving the office at six most days."),
            ("coach", "Okay."),
            ("client", "And I'd have finished the hiring plan."),
        ),
        "goal",
    )
    assert [(g.rule, g.start) for g in goals] == [("answer_to_goal_question", 35.0), ("answer_to_goal_question", 45.0)]
    assert "leaving the office at six" in goals[0].text and "hiring plan" in goals[1].text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Picture yourself a year from now. What do you see?", "goal"),
        ("Just imagine it worked. What then?", "goal"),
        ("Can you imagine doing that?", "yes_no"),  # can it be done, not what is wanted
    ],
)
def test_what_a_picture_of_the_future_asks(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("So is that a decision?", "action"),
        ("What have you decided?", "action"),
        ("Is that a problem?", "fact"),
        ("Did you decide to go in the end?", "fact"),  # what happened, not what will be done
    ],
)
def test_a_decision_asked_for_is_an_action_asked_for(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(
    ("coach", "kind"),
    [
        ("You've said it always starts with the same three people. What do you make of that?", "takeaway"),
        ("Huh. What do you make of that?", "takeaway"),
        ("That's a big one. What do you think about that?", "takeaway"),
        # a fact just given: what the client makes of it is a reaction, not a finding
        ("The guideline is fourteen units a week, and six bottles is about forty. What do you make of that?", "open"),
        ("What do you make of that?", "open"),
    ],
)
def test_what_do_you_make_of_that_asks_for_a_finding_only_after_something_of_the_clients(coach, kind):
    from recap.extract.context import asked_by, build_turns

    [turn] = build_turns([Segment(0.0, 5.0, coach, "Coach", "coach")])
    assert asked_by(turn).kind == kind


def test_whether_someone_should_be_told_is_no_goal_question():
    assert question_kind("What about your wife, would you want her to know about the debt?") != "goal"
    assert question_kind("What would you want from her?") == "goal"


def test_that_s_all_after_the_answer_to_a_goal_question_is_not_a_second_goal():
    goals = of(
        call(
            ("coach", "What are you hoping for, from all this?"),
            ("client", "To sleep through the night again. That's all."),
        ),
        "goal",
    )
    assert [g.text for g in goals] == ["To sleep through the night again"]


def test_having_a_thing_done_by_a_day_is_a_promise_to_do_it():
    [item] = of(call(("client", "I'll have a draft done by Sunday.")), "commitment")
    assert item.text.startswith("Have a draft done") and item.due == date(2026, 11, 22)


def test_a_yes_to_try_doing_something_commits_to_doing_it():
    [item] = of(
        call(
            ("coach", "For the next week or so, try keeping a little tally of coding and people work."),
            ("client", "Yeah, I can do that."),
        ),
        "commitment",
    )
    assert item.text.startswith("Keep a little tally") and item.owner == "client"


def test_a_yes_to_a_habit_put_as_its_numbers_takes_the_habit_on():
    [item] = of(
        call(
            ("coach", "Ten minutes, twice a week? Monday and Thursday, after bedtime?"),
            ("client", "Yeah, I'll do that. Ten minutes is nothing."),
        ),
        "commitment",
    )
    assert item.text == "Ten minutes, twice a week, Monday and Thursday, after bedtime" and item.owner == "client"
    assert item.measure is not None and (item.measure.quantity, item.measure.unit) == (10, "minutes")
    # the routine's days offer no meeting
    assert not of(call(("coach", "Monday and Thursday, after bedtime?"), ("client", "Yes.")), "next_step")


def test_a_promise_taken_back_in_the_next_breath_is_not_one():
    items = of(
        call(
            ("coach", "What would make leaving at six possible?"),
            ("client", "I'll tell my team at stand-up. No, actually, I'll just block the calendar."),
        ),
        "commitment",
    )
    assert [it.text for it in items] == ["Block the calendar"]


def test_a_next_step_said_in_the_definition_s_own_frame_is_listed():
    [item] = of(
        call(
            ("client", "First of the month? That gives them three or four weeks notice."),
            ("coach", "Great. So the next step is talking to both cafés."),
            ("client", "Mm-hmm. Yeah."),
        ),
        "next_step",
    )
    assert (item.text, item.rule, item.owner) == ("Talk to both cafés", "plan_frame", "client")
    assert item.confidence >= POSSIBLE_BELOW  # listed, not only possible


def test_a_yes_to_start_takes_the_step_said_after_it_once():
    [item] = of(
        call(
            ("coach", "Could you start tomorrow morning? Keep the monitor next to the kettle?"),
            ("client", "Yeah. Yeah, I'll do that."),
        ),
        "commitment",
    )
    assert (item.text, item.due, item.due_text) == (
        "Keep the monitor next to the kettle",
        date(2026, 11, 19),
        "tomorrow morning",
    )


@pytest.mark.parametrize(
    ("coach", "client", "text", "due"),
    [
        (
            "Would it help to tell her the plan?",
            "Yeah, I'll tell her tonight. She'll throw a party.",
            "Tell her the plan",
            DAY,
        ),
        # the yes and the promise are one item, due when the client said
        (
            "Could you call him about the invoice before Friday?",
            "Yes. I'll call him tomorrow.",
            "Call him about the invoice",
            date(2026, 11, 19),
        ),
    ],
)
def test_a_promise_repeating_the_proposal_s_verb_and_pronoun_is_the_proposal_in_full(coach, client, text, due):
    [item] = of(call(("coach", coach), ("client", client)), "commitment")
    assert (item.text, item.due) == (text, due)


@pytest.mark.parametrize("said", ["Yeah I'll have a go.", "I'll show.", "Okay, I'll give it a try."])
def test_a_go_at_nothing_named_is_no_promise(said):
    assert not of(call(("coach", "Thanks everyone."), ("client", said)), "commitment")


def test_a_line_rehearsed_for_someone_not_on_the_call_is_not_said_on_it():
    items = call(
        ("client", "I need to have a coffee with Claudia next week, just the two of us."),
        ("coach", "How might you open it?"),
        ("client", "Maybe, uh, Claudia, I want that we work well together, and I will send you the numbers."),
        ("coach", "How does that sound to you?"),
        ("client", "A bit heavy. But I want to fix this with her before the board meeting."),
    )
    assert [it.start for it in items if it.start == 40.0] == []  # the rehearsed line gives nothing
    assert any(it.kind == "goal" and it.start == 50.0 for it in items)  # what is said to the coach still counts


def test_by_then_is_the_time_said_just_before():
    [goal] = of(
        call(
            ("coach", "Did you have a think about a number?"),
            (
                "client",
                "Yeah. So, my sister's wedding is the twenty-first of June. And I'd like to be sixty-three by then.",
            ),
        ),
        "goal",
    )
    assert (goal.text, goal.due) == ("Be sixty-three", date(2027, 6, 21))


def test_a_yes_to_what_if_we_takes_the_plan_and_keeps_where_it_moves():
    items = of(
        call(
            ("coach", "What if we move the Thursday session to Saturday? Late morning, after Parkrun."),
            ("client", "Monday and Wednesday."),
            ("coach", "Monday, Wednesday, Saturday. That's a better spread anyway."),
            ("client", "Yeah. Yeah, let's do that. Saturday I can actually do."),
        ),
        "commitment",
    )
    assert [(it.text, it.owner) for it in items] == [("Move the Thursday session to Saturday", "client")]


def test_a_yes_to_a_proposal_explained_at_length_takes_the_proposal():
    [item] = of(
        call(
            (
                "coach",
                "Okay. First one. I'd love you to talk to some people who are actually doing the job. "
                "Informational interviews, basically. Twenty minutes, a coffee or a video call. "
                "Ideally a couple who've switched careers themselves.",
            ),
            ("client", "Yeah. Yeah, let's do that. That actually sounds useful."),
        ),
        "commitment",
    )
    assert (item.text, item.owner, item.rule) == (
        "Talk to some people who are actually doing the job",
        "client",
        "accepts_proposal",
    )


def test_the_suggestion_is_a_proposal_a_later_do_that_takes_on():
    [item] = of(
        call(
            ("coach", "So, the suggestion is, rewrite the CV with that framing."),
            ("client", "Parents are stakeholders. Yeah. I can do that by the weekend."),
        ),
        "commitment",
    )
    assert item.text == "Rewrite the CV with that framing" and item.due == date(2026, 11, 21)


def test_do_it_on_a_day_takes_the_proposal_a_vague_own_plan_before_it_could_not_name():
    items = of(
        call(
            ("coach", "So, the suggestion is, rewrite the CV with that framing."),
            ("client", "I can do that by the weekend. I'll do it Saturday, I've got nothing on Saturday."),
        ),
        "commitment",
    )
    assert [it.text for it in items] == ["Rewrite the CV with that framing"]


def test_the_client_called_by_name_is_no_one_rehearsed_for():
    segments = [
        Segment(0.0, 3.0, "Hi Nadia. Can you hear me?", "COACH", "coach"),
        Segment(4.0, 6.0, "Hiya, yes.", "CLIENT", "client"),
        Segment(7.0, 12.0, "Nadia, what will you do before we talk again?", "COACH", "coach"),
        Segment(13.0, 18.0, "I will email three designers by Friday.", "CLIENT", "client"),
        Segment(19.0, 24.0, "Nadia, I'll send you the list of names tonight.", "COACH", "coach"),
    ]
    items = of(extract(Transcript(segments), DAY), "commitment")
    assert sorted(it.owner for it in items) == ["client", "coach"]


@pytest.mark.parametrize(
    "said, due, measure",
    [
        ("I'll send the proposal to Mark. By Friday.", date(2026, 11, 20), None),
        ("I'm going to call my sister. Probably tonight.", DAY, None),
        ("I'll go to the gym. Three times a week, before work.", None, Measure(3, "times", "weekly")),
        ("I'll practise the scales. Ten minutes a day, after dinner.", None, Measure(10, "minutes", "daily")),
    ],
)
def test_a_phrase_finishing_the_promise_gives_its_time_or_measure(said, due, measure):
    [item] = of(call(("coach", "What will you do this week?"), ("client", said)), "commitment")
    assert (item.due, item.measure, item.quote) == (due, measure, said)


@pytest.mark.parametrize(
    "said",
    [
        "I'll send the proposal to Mark. Good luck tonight with the launch.",  # a wish, not the promise's time
        "I'll send the proposal to Mark. I saw him on Friday.",  # a clause of its own
        "I'll write the plan as a one-pager. Three priorities, the hires, the budget.",  # a count that tracks nothing
    ],
)
def test_a_sentence_of_its_own_or_a_wish_adds_nothing_to_the_promise(said):
    [item] = of(call(("coach", "What will you do this week?"), ("client", said)), "commitment")
    assert (item.due, item.measure, item.quote) == (None, None, said.split(". ")[0] + ".")


def test_a_goal_s_number_and_date_said_in_the_next_breath_make_it_measurable_and_time_bound():
    [goal] = of(
        call(
            ("coach", "What do you want from our work together?"),
            ("client", "I want to grow the mailing list. Two thousand subscribers by the end of the year."),
        ),
        "goal",
    )
    assert (goal.text, goal.due, goal.measure) == (
        "Grow the mailing list",
        date(2026, 12, 31),
        Measure(2000, "subscribers"),
    )
    assert goal.smart is not None and goal.smart.measurable and goal.smart.time_bound


def test_a_plan_said_as_a_number_and_a_time_answers_what_will_you_do():
    [item] = of(
        call(
            ("coach", "And what will you do about the networking before we next talk?"),
            ("client", "Three coffee chats by the twenty-eighth."),
            ("coach", "Great."),
        ),
        "commitment",
    )
    assert (item.text, item.owner, item.due) == ("Three coffee chats", "client", date(2026, 11, 28))


def test_a_target_asked_for_is_a_goal_question():
    [goal] = of(
        call(("coach", "So what's the target for the walking?"), ("client", "Eight thousand steps a day.")), "goal"
    )
    assert (goal.text, goal.measure) == ("Eight thousand steps a day", Measure(8000, "steps", "daily"))


def test_why_don_t_you_proposes_and_a_yes_takes_it_on():
    items = call(("coach", "Why don't you call your sister this weekend?"), ("client", "I will."))
    assert [(it.kind, it.text, it.owner, it.due) for it in items] == [
        ("commitment", "Call my sister", "client", date(2026, 11, 21))
    ]


def test_when_to_start_is_no_meeting():
    items = call(("client", "Should I start on Monday?"), ("coach", "Monday sounds great."))
    assert not [it for it in items if it.rule == "schedules_next_session"]


@pytest.mark.parametrize(
    "coach, client, kind, text",
    [
        (
            "I'd like you to keep track of your blood sugar every morning.",
            "I can do that.",
            "commitment",
            "Keep track of my blood sugar every morning",
        ),
        (
            "For homework, I'd like you to write down every drink you have.",
            "Okay.",
            "next_step",
            "Write down every drink you have",
        ),
        (
            "So what I'm hearing is you'll cut down to two drinks on weekdays.",
            "Yeah, that's the plan.",
            "commitment",
            "Cut down to two drinks on weekdays",
        ),
    ],
)
def test_a_request_or_a_plan_put_back_in_a_counsellor_s_words(coach, client, kind, text):
    items = call(("coach", coach), ("client", client))
    assert (kind, text) in [(it.kind, it.text) for it in items]


def test_starting_with_something_is_a_plan_and_seeing_how_it_goes_is_no_part_of_it():
    [item] = of(
        call(
            ("client", "So I guess I'll start with the nicotine gum and see how it goes."),
            ("coach", "That sounds like a good plan."),
        ),
        "commitment",
    )
    assert (item.text, item.owner) == ("Start with the nicotine gum", "client")


def test_a_time_that_opens_the_answer_dates_the_step_after_it():
    [item] = of(
        call(("coach", "So what's the very first thing?"), ("client", "Tomorrow morning, first thing. Call the bank.")),
        "commitment",
    )
    assert (item.text, item.due) == ("Call the bank", date(2026, 11, 19))


def test_a_time_said_after_one_promise_does_not_date_the_next():
    [item] = of(
        call(
            ("coach", "Should we book the next one?"),
            ("client", "I'll book it in. Friday, ten. And I'll bring the report."),
        ),
        "commitment",
    )
    # the day is the booking's, said after it; the report has none of its own
    assert (item.text, item.due) == ("Book it in Friday; bring the report", date(2026, 11, 20))


def test_when_will_you_answered_with_a_time_is_the_promise_of_what_it_asks():
    [item] = of(
        call(
            ("coach", "And when will you sit down with the budget?"),
            ("client", "Sunday evening. After the kids are down."),
        ),
        "commitment",
    )
    assert (item.text, item.owner, item.due) == ("Sit down with the budget", "client", date(2026, 11, 22))


def test_an_insight_has_no_due_date_even_when_it_names_a_day():
    [insight] = of(
        call(
            ("coach", "What stood out for you today?"),
            ("client", "I realized today that I avoid her because I'm scared of the fight."),
        ),
        "insight",
    )
    assert (insight.due, insight.due_text) == (None, None)


def test_a_meeting_offered_and_declined_is_no_next_step():
    items = call(
        ("coach", "Do you want to book another session for next week?"),
        ("client", "I think I'll leave it for now, to be honest. I'm not ready to book anything."),
    )
    assert [(it.kind, it.text) for it in items] == []


def _session_offered(answer: str):
    """What schedules_next_session makes of the coach's offer, given the client's answer."""
    from recap.extract.context import build_turns, contexts
    from recap.extract.rules import REGISTRY

    turns = build_turns(
        [
            Segment(
                0.0, 5.0, "Would it be useful to come back and talk again? Maybe in a month or so?", "Coach", "coach"
            ),
            Segment(6.0, 9.0, answer, "Client", "client"),
        ]
    )
    offer = next(c for c in contexts(turns, 9.0) if c.text.startswith("Would it"))
    return REGISTRY["schedules_next_session"](offer)


@pytest.mark.parametrize("answer", ["I don't know. I don't see what there is to talk about.", "Not sure. We'll see."])
def test_a_meeting_offered_and_left_open_is_no_next_step(answer):
    assert _session_offered(answer) is None


@pytest.mark.parametrize("answer", ["Yeah, okay.", "I don't know, yeah, okay."])
def test_a_meeting_offered_and_taken_up_is_a_next_step(answer):
    hit = _session_offered(answer)
    assert hit is not None and hit.scheduling


def test_a_promise_with_nothing_in_it_is_none():
    assert call(("client", "You'll say it anyway."), ("coach", "I will anyway.")) == []


def test_a_bare_stretch_of_time_agreed_for_the_next_session_counts_from_the_call():
    [item] = of(
        call(("coach", "Okay, next session. Two weeks?"), ("client", "Two weeks is good. Same time?")), "next_step"
    )
    assert (item.text, item.due) == ("Meet again in two weeks", date(2026, 12, 2))


@pytest.mark.parametrize(
    "role, said, owner",
    [
        ("coach", "So the next step on my end is a referral to the physio.", "coach"),
        ("client", "So the next step for me is a proper talk with my manager.", "client"),
    ],
)
def test_a_step_named_by_what_happens_belongs_to_whoever_says_it_is_theirs(role, said, owner):
    other = "client" if role == "coach" else "coach"
    items = [it for it in call((other, "Okay."), (role, said)) if it.kind in ("next_step", "commitment")]
    assert [it.owner for it in items] == [owner]


@pytest.mark.parametrize("reply, kept", [("Yes, by the end of the month.", True), ("No, not yet.", False)])
def test_a_plan_put_as_a_question_is_the_plan_when_the_other_says_yes(reply, kept):
    items = call(
        ("client", "So the next step, it is to ask my supervisor about the course fees, yes?"),
        ("coach", reply),
    )
    steps = [it.text for it in items if it.kind in ("next_step", "commitment")]
    assert steps == (["Ask my supervisor about the course fees"] if kept else [])


def test_a_dash_after_is_introduces_the_plan_and_breaks_nothing_off():
    from recap.extract.text import sentences

    assert sentences("so the plan is — a short walk, every day") == ["so the plan is a short walk, every day"]
    assert sentences("I'll ring her — no, I won't") == ["I'll ring her", "no, I won't"]
    assert sentences("Because I was — in my head I'd hired a baker") == [
        "Because I was",
        "in my head I'd hired a baker",
    ]


def test_a_statement_with_you_know_on_the_end_is_no_question():
    from recap.extract.text import clean

    assert clean("Just to sleep through again, you know? That's all.") == "Just to sleep through again. That's all."
    assert clean("Do you know?") == "Do you know?"


def test_words_quoted_after_a_name_stay_in_the_quote_in_a_long_run_on_sentence():
    from recap.extract.text import clauses

    said = (
        "My brother phoned on Sunday about the wedding, and he said, Tom, I want you as best man, but not if you "
        "turn up the way you did at the barbecue last summer."
    )
    assert clauses(said) == [said]


def test_a_pause_before_a_lower_case_word_is_inside_the_sentence():
    from recap.extract.text import sentences

    assert sentences("It's... having someone to talk to. Like that... So.") == [
        "It's having someone to talk to.",
        "Like that...",
        "So.",
    ]


def test_a_step_named_as_the_plan_after_it_is_proposed_is_the_client_s():
    [item] = of(
        call(
            ("client", "What if, before next time, I just open the post every morning? Not sorting it. Just opening."),
            ("coach", "I like that a lot. Let's make that the plan."),
        ),
        "next_step",
    )
    assert (item.text, item.owner, item.rule) == ("Open the post every morning", "client", "named_as_plan")


def test_a_plan_put_back_with_its_day_books_no_session():
    items = call(("coach", "So for next week, you'll ring the clinic on Monday?"), ("client", "Yes, I will."))
    assert [(it.text, it.rule) for it in items] == [("Ring the clinic on Monday", "plan_frame")]


def test_a_promise_at_the_end_of_a_long_run_on_turn_is_found():
    said = (
        "Yeah, one call and he's round in ten minutes, that's the worst of it, it's too easy, and I've thought "
        "about blocking him before, plenty of times, but I always think what if I need him, which is daft, I know, "
        "but, okay, I'm blocking his number tonight, before I go to bed."
    )
    items = call(("coach", "You said his number's still in your phone."), ("client", said))
    assert [(it.kind, it.text, it.due) for it in items if it.kind in ("commitment", "next_step")] == [
        ("commitment", "Block his number, before I go to bed", DAY)
    ]


def test_an_action_ends_before_even_if():
    from recap.extract import grammar as g

    assert g.action_text("get the bus home, even if it's a faff") == "Get the bus home"


def test_a_wish_at_the_end_of_a_long_reported_story_is_the_client_s_goal():
    said = (
        "Well, the nurse said my reading was sixty-eight last time, which I know is high, she went through it all, "
        "and my sister's is under fifty and she eats worse than me, which is so annoying, but honestly I'd love to "
        "get mine under fifty-three by next summer."
    )
    goals = of(call(("coach", "Where would you like to be with it by next year?"), ("client", said)), "goal")
    assert [g.text for g in goals] == ["Get mine under fifty-three by next summer"]


def test_a_yes_to_a_suggestion_is_the_plan_settled_on():
    items = call(
        ("coach", "It's worth booking in with the optician before Friday, to get your eyes checked."),
        ("client", "Okay, that makes sense."),
    )
    [item] = of(items, "next_step")
    assert item.owner == "client" and "optician" in item.text.lower() and item.due == date(2026, 11, 20)
    assert item.quote.startswith("It's worth") and item.rule == "accepts_suggestion"
    # the same suggestion, the yes taken back at once: nothing settled
    said = ("coach", "It's worth booking in with the optician before Friday, to get your eyes checked.")
    assert not [
        it for it in call(said, ("client", "Yeah, but I won't, will I.")) if it.kind in ("commitment", "next_step")
    ]


def test_a_yes_to_meeting_again_is_the_next_session_once():
    items = call(
        ("coach", "Do you want to book in for after your hospital appointment, so we can talk it through?"),
        ("client", "Yes."),
    )
    [item] = of(items, "next_step")
    assert item.text == "Meet again" and item.quote.startswith("Do you want to book in")
    items = call(
        ("coach", "Would you be happy to come back and see me in two weeks?"), ("client", "Yeah, that's fine.")
    )
    [item] = of(items, "next_step")  # the session asked for and the yes to it: one item
    assert item.due == date(2026, 12, 2)


def test_a_call_arranged_from_a_service_is_the_client_s_next_step():
    items = call(
        ("coach", "I've sent the bloods off. The practice nurse will ring you on Friday with the results."),
        ("client", "Right, okay."),
    )
    [item] = of(items, "next_step")
    assert item.owner == "client" and "nurse will ring you" in item.text and item.due == date(2026, 11, 20)
    maybe = call(("coach", "You'll get a letter if it's anything serious, but it usually isn't."), ("client", "Okay."))
    assert not of(maybe, "next_step")
