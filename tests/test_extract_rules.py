"""Extraction rules on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from recap.domain import POSSIBLE_BELOW, Measure, Segment, Transcript
from recap.extract import extract
from recap.extract.rules import RULES, clean

DAY = date(2026, 11, 18)  # a Wednesday


def call(*turns: tuple[str, str]) -> list:
    """Items from a conversation given as (role, text) pairs, one cue each."""
    segs = [
        Segment(i * 5.0, i * 5.0 + 4.0, text, speaker=role.title(), role=role)
        for i, (role, text) in enumerate(turns)
    ]
    return extract(Transcript(segs), DAY)


def kinds(items) -> list[str]:
    return [it.kind for it in items]


def test_every_rule_is_named_and_kinded():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert {r.kind for r in RULES} == {"commitment", "next_step", "insight", "goal"}


def test_first_person_future_is_a_commitment_with_owner_and_due():
    [item] = call(("client", "Um, I'll ring the bank on Monday about the loan."))
    assert item.kind == "commitment"
    assert item.owner == "client"
    assert item.text == "Ring the bank about the loan"
    assert item.due == date(2026, 11, 23)
    assert item.due_text == "on Monday"
    assert item.rule == "first_person_future"


def test_fillers_and_false_starts_do_not_hide_a_commitment():
    [item] = call(("client", "I-I'll, uh, you know, finish the, the- the budget sheet by Friday."))
    assert item.kind == "commitment"
    assert "budget sheet" in item.text
    assert item.due == date(2026, 11, 20)


def test_past_actions_are_not_commitments():
    assert call(("client", "I phoned my sister twice last week and we talked for hours.")) == []


def test_withdrawn_action_is_not_a_commitment():
    assert call(("client", "I guess I'll go to the gym but I can't promise anything.")) == []


def test_in_session_actions_are_not_commitments():
    items = call(
        ("client", "I'll tell you about my weekend first."),
        ("coach", "Let me ask you something about that."),
    )
    assert items == []


def test_questions_are_not_items():
    assert call(("coach", "Will you phone the landlord this week?")) == []


def test_accepted_proposal_is_one_client_commitment_with_the_proposal_text():
    items = call(
        ("coach", "Why don't you try a food diary this week?"),
        ("client", "Okay, I'll try that."),
    )
    assert len(items) == 1
    item = items[0]
    assert item.kind == "commitment"
    assert item.owner == "client"
    assert item.text == "Try a food diary"
    assert item.rule == "accepted_proposal"
    assert item.speaker == "Client"


def test_rejected_proposal_is_not_a_commitment():
    items = call(
        ("coach", "Why don't you try a food diary this week?"),
        ("client", "No, I don't think that would work for me."),
    )
    assert "commitment" not in kinds(items)


def test_coach_commitment_is_owned_by_the_coach_and_due_today():
    [item] = call(("coach", "I'll email you the worksheet tonight."))
    assert (item.kind, item.owner, item.due) == ("commitment", "coach", DAY)


def test_coach_assigning_work_gives_the_client_an_action():
    [item] = call(("coach", "And you'll send me the receipts by Friday."))
    assert item.kind == "next_step"
    assert item.owner == "client"
    assert item.due == date(2026, 11, 20)


def test_scheduling_the_next_session_is_a_next_step():
    [item] = call(("coach", "Let's meet again next Thursday at ten."))
    assert item.kind == "next_step"
    assert item.text.startswith("Meet again")
    assert item.due == date(2026, 11, 26)


def test_before_next_session_resolves_to_the_scheduled_session():
    items = call(
        ("client", "I'm going to write the first chapter before our next session."),
        ("coach", "Great, so I'll see you next Thursday."),
    )
    commitment = next(it for it in items if it.kind == "commitment")
    assert commitment.due_text == "before our next session"
    assert commitment.due == date(2026, 11, 26)


def test_before_next_session_without_a_schedule_keeps_words_only():
    [item] = call(("client", "I'm going to write the first chapter before our next session."))
    assert item.due is None
    assert item.due_text == "before our next session"


def test_repeated_commitment_is_one_item():
    items = call(
        ("client", "I'll walk the dog every morning."),
        ("coach", "Every morning?"),
        ("client", "Yes, I will walk the dog every morning."),
        ("coach", "Mm-hmm."),
        ("client", "Walk the dog every morning, I'll do it, I'll walk the dog every morning."),
    )
    assert kinds(items) == ["commitment"]
    assert items[0].start == 0.0


def test_utterance_split_across_two_cues_is_one_item():
    segs = [
        Segment(0.0, 2.0, "So I'm going to call the", speaker="Client", role="client"),
        Segment(2.0, 4.0, "insurance company tomorrow morning.", speaker="Client", role="client"),
    ]
    [item] = extract(Transcript(segs), DAY)
    assert item.text == "Call the insurance company"
    assert item.due == date(2026, 11, 19)
    assert (item.start, item.end) == (0.0, 4.0)


def test_interrupted_utterance_resumes_after_a_backchannel():
    items = call(
        ("client", "What I want is to be able to run a-"),
        ("coach", "Mm-hmm."),
        ("client", "-five k race without stopping."),
    )
    goals = [it for it in items if it.kind == "goal"]
    assert len(goals) == 1
    assert "five k race" in goals[0].text


def test_coordinated_promises_in_one_cue_are_one_commitment_listing_both():
    # One cue holds at most one item of each kind: the actions are listed in one item.
    [item] = call(
        ("client", "I'll email the landlord on Friday, and I'm going to jog for 20 minutes every evening.")
    )
    assert item.kind == "commitment"
    assert item.text == "Email the landlord on Friday; jog for 20 minutes every evening"
    assert item.due == date(2026, 11, 20)
    assert item.measure == Measure(20, "minutes", "daily")


def test_coordinated_promises_split_over_two_cues_are_two_commitments():
    segs = [
        Segment(0.0, 2.5, "I will repaint the back fence on Saturday,", speaker="Client", role="client"),
        Segment(2.5, 5.0, "and then I'll swim for 45 minutes twice a week.", speaker="Client", role="client"),
    ]
    first, second = extract(Transcript(segs), DAY)
    assert first.text == "Repaint the back fence"
    assert first.due == date(2026, 11, 21)
    assert (first.start, first.end) == (0.0, 2.5)
    assert second.text == "Swim for 45 minutes twice a week"
    assert second.due is None
    assert second.measure == Measure(45, "minutes", "weekly")
    assert (second.start, second.end) == (2.5, 5.0)


def test_one_action_with_two_verbs_stays_one_commitment():
    [item] = call(("client", "I'll finish the report and send it to Anna by Thursday."))
    assert item.text == "Finish the report and send it to Anna"
    assert item.due == date(2026, 11, 19)


def test_coordination_does_not_lift_a_promise_out_of_a_condition():
    assert call(("client", "If the clinic calls back, I'll book the scan, and I'll tell my manager.")) == []


def test_past_clause_before_a_promise_is_left_behind():
    [item] = call(("client", "I went to the gym twice, and I'll go back on Monday evening."))
    assert item.kind == "commitment"
    assert item.text.startswith("Go back")
    assert item.due == date(2026, 11, 23)


def test_commitments_and_next_steps_carry_their_measure():
    [item] = call(("client", "I'm going to read ten pages every night."))
    assert (item.kind, item.measure) == ("commitment", Measure(10, "pages", "daily"))
    [item] = call(("coach", "For next week, try walking for 15 minutes after lunch every day."))
    assert (item.kind, item.measure) == ("next_step", Measure(15, "minutes", "daily"))
    [item] = call(("client", "I'll clean out the first two cupboards tomorrow."))
    assert item.measure is None


@pytest.mark.parametrize(
    "said",
    [
        "I wish I had finished my degree.",  # a wish about the past
        "I wish I could swim.",  # counterfactual
        "I wanted to sell the house last year.",  # a past desire
        "I'd like to think I'm a patient person.",  # a belief, not an aim
        "I want to say thanks for fitting me in.",  # about the session
        "My brother keeps saying I need to get a real job.",  # someone else's words
        "If I had more money, I would like to travel the world.",  # hypothetical
        "I don't think I need to give up the car.",  # doubted necessity
        "I don't want to pay for a whole year up front.",  # a preference, not an outcome
        "Would you want to be doing this in ten years?",  # a question
    ],
)
def test_desire_words_that_are_not_goals(said):
    assert [it for it in call(("client", said)) if it.kind == "goal"] == []


def test_goals_still_found_behind_another_desire_word_or_as_an_outcome_to_avoid():
    [item] = call(("client", "I love my job, but I want to move into management."))
    assert (item.kind, item.text) == ("goal", "Move into management")
    [item] = call(("client", "I don't want to end up back in hospital."))
    assert item.kind == "goal"
    [item] = call(("client", "I want to be more patient with my kids."))
    assert item.kind == "goal"


def test_answer_to_a_what_next_question_is_a_step_not_a_goal():
    items = call(("coach", "What would you like to do next?"), ("client", "Call the recruitment agency on Monday."))
    assert kinds(items) == ["next_step"]


def test_hedged_commitment_is_less_confident_and_possible():
    firm, hedged = call(
        ("client", "I will clear out the garage on Saturday."),
        ("client", "I guess I'll maybe try to sort the attic at some point."),
    )
    assert firm.confidence > hedged.confidence
    assert hedged.possible and hedged.confidence < POSSIBLE_BELOW
    assert not firm.possible


def test_measure_is_read_from_the_action():
    [item] = call(("client", "I'm going to practise piano for 20 minutes every evening."))
    assert item.measure == Measure(20, "minutes", "daily")
    [item] = call(("client", "I'll call four new clients a week."))
    assert item.measure == Measure(4, "clients", "weekly")


def test_goal_from_a_desire_verb_with_smart_check():
    [item] = call(("client", "I'd like to run a half marathon by the end of June."))
    assert item.kind == "goal"
    assert item.owner is None
    assert item.due == date(2027, 6, 30)
    assert item.smart["time_bound"] is True
    assert "no deadline" not in item.smart["missing"]


def test_goal_attainable_from_a_rating_nearby():
    items = call(
        ("client", "My goal is to save two hundred pounds a month."),
        ("coach", "How confident are you, from zero to ten?"),
        ("client", "About a seven out of 10."),
    )
    goal = next(it for it in items if it.kind == "goal")
    assert goal.smart["attainable"] is True
    assert goal.smart["measurable"] is True


def test_client_realization_is_an_insight():
    [item] = call(("client", "I just realized I only snack when I'm stressed about work."))
    assert item.kind == "insight"
    assert item.rule == "realization"


def test_coach_reflection_is_never_an_insight():
    items = call(("coach", "So you realized you only snack when you're stressed about work."))
    assert "insight" not in kinds(items)


def test_unknown_speaker_may_still_give_insights_but_no_owner():
    segs = [Segment(0.0, 3.0, "I'll book the dentist for Tuesday.")]
    [item] = extract(Transcript(segs, speakers_known=False), DAY)
    assert item.kind == "commitment"
    assert item.owner is None


def test_items_come_back_in_time_order():
    items = call(
        ("client", "I want to get fit before the summer."),
        ("client", "I'll join the swimming club on Monday."),
        ("coach", "I'll send you the timetable tomorrow."),
    )
    starts = [it.start for it in items]
    assert starts == sorted(starts)
    assert kinds(items) == ["goal", "commitment", "commitment"]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("I-I'll go", "I'll go"),
        ("wh-what do you, um, think", "what do you think"),
        ("Uh, so, you know, it's fine", "so it's fine"),
    ],
)
def test_clean(raw, expected):
    assert clean(raw) == expected


def test_items_from_uncertain_audio_are_only_possible():
    from datetime import date

    from recap.domain import Segment, Transcript
    from recap.extract import extract

    said = "I will send the signed contract to the landlord by Friday."
    sure = extract(Transcript([Segment(0, 4, said, "Ana", "client")]), date(2026, 11, 16))
    unsure = extract(Transcript([Segment(0, 4, said, "Ana", "client", uncertain=True)]), date(2026, 11, 16))
    assert [i.kind for i in sure] == [i.kind for i in unsure] == ["commitment"]
    assert not sure[0].possible and unsure[0].possible


# --- commitment forms and their exclusions ----------------------------------


def commitments(items) -> list:
    return [it for it in items if it.kind == "commitment"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm definitely gonna phone the dentist tomorrow.", "Phone the dentist"),
        ("I really will clear out the garage on Saturday.", "Clear out the garage"),
        ("I'll have to renew my library card this week.", "Renew my library card"),
        ("I'm gonna have to like book the plumber.", "Book the plumber"),
    ],
)
def test_future_marker_with_adverb_or_obligation_is_a_commitment(text, expected):
    [item] = commitments(call(("client", text)))
    assert item.text == expected
    assert item.owner == "client"


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to be honest with you about the money.",
        "I'll tell you what happened at the party.",
        "I'm gonna say it was the worst week of the year.",
        "I'll be fine once the move is over.",
        "I'll be okay, honestly.",
        "I'll feel better when the exams are done.",
        "I'm gonna have to keep reminding myself that it's worth it.",
        "I'm going to fail that exam.",
        "I'm gonna get fired at this rate.",
        "I know I'm going to have to change.",
    ],
)
def test_states_outcomes_and_in_session_talk_are_not_commitments(text):
    assert commitments(call(("client", text))) == []


@pytest.mark.parametrize(
    "text",
    [
        "Like I said, I'll get home and I'll open a beer.",
        "Sometimes I'll skip lunch when the shop is busy.",
        "I usually tell myself I'll just have one.",
    ],
)
def test_routines_told_with_a_future_form_are_not_commitments(text):
    assert commitments(call(("client", text))) == []


def test_quoted_promise_after_a_reporting_clause_is_not_a_commitment():
    text = 'My brother kept asking, so I told him, "Fine, I\'ll come to the wedding."'
    assert commitments(call(("client", text))) == []


def test_quote_opened_before_a_backchannel_still_covers_the_promise():
    items = call(
        ("client", 'So at parties I just say, "No thanks, I\'m good-'),
        ("coach", "Right."),
        ("client", '-I\'ll grab a soda instead."'),
    )
    assert commitments(items) == []


def test_someone_elses_words_to_the_speaker_are_not_a_commitment():
    items = call(("client", "My dad told me to drive carefully. Then I'll pick you up at the station."))
    assert commitments(items) == []


def test_ability_answering_what_could_be_done_is_a_commitment():
    items = call(
        ("coach", "What could you do to remember the tablets?"),
        ("client", "I can put a note on the fridge."),
    )
    [item] = commitments(items)
    assert item.text == "Put a note on the fridge"
    assert item.rule == "ability_with_time"


def test_ability_after_this_appointment_is_a_commitment():
    [item] = commitments(call(("client", "Maybe I can stop by the pharmacy after this appointment.")))
    assert item.text.startswith("Stop by the pharmacy")


def test_ability_alone_is_not_a_commitment():
    assert commitments(call(("client", "I can swim two lengths of the pool."))) == []
    assert commitments(call(("client", "I wish I could take the train to work next week."))) == []


def test_i_really_would_accepts_a_would_you_like_proposal():
    items = call(
        ("coach", "Would you like to look up a swimming class near you?"),
        ("client", "Actually, I really would."),
    )
    [item] = commitments(items)
    assert "swimming class" in item.text
    assert item.owner == "client"


def test_accepting_a_suggestion_given_as_examples_takes_the_examples_as_text():
    items = call(
        ("coach", "Small things like packing a lunch instead of buying one can make a real difference."),
        ("client", "I can do that."),
    )
    [item] = commitments(items)
    assert item.text.lower().startswith("packing a lunch")
    assert "difference" not in item.text


def test_agreeing_to_a_pro_form_or_a_relative_clause_is_not_a_commitment():
    assert commitments(call(("coach", "So you're willing to at least try it?"), ("client", "Yes."))) == []
    assert commitments(call(("coach", "Is that what you need to do to feel settled?"), ("client", "Yeah."))) == []


def test_setting_up_another_appointment_is_scheduling():
    [item] = call(("coach", "We'll set up another appointment and take it from there."))
    assert (item.kind, item.text) == ("next_step", "Meet again")


@pytest.mark.parametrize(
    ("said", "rule"),
    [
        ("I guess what I'm realizing is that I keep saying yes to everyone but myself.", "realization"),
        ("I'm starting to see that the shopping is how I deal with feeling lonely.", "realization"),
        ("I've found that I sleep much better on the days I leave my phone downstairs.", "realization"),
        ("Honestly, the late shifts just don't fit with the kind of dad I want to be.", "reframe"),
        ("So it's really about feeling in control, not about the cigarettes.", "reframe"),
        ("The reason I stay up gaming is because the house is finally quiet.", "reframe"),
        ("It's not that I don't care about my health, it's that I'm exhausted all the time.", "reframe"),
        ("I always thought it was my job that was the problem, but it's how I handle stress.", "reframe"),
        ("When I skip breakfast, I end up raiding the vending machine by eleven.", "self_pattern"),
        ("Whenever I'm anxious I pick up my phone and scroll for hours.", "self_pattern"),
        ("Writing things down really helps because my head stops spinning.", "self_pattern"),
        ("Going to the gym in the mornings never works for me.", "self_pattern"),
        ("I just get so irritable when I haven't slept properly.", "self_pattern"),
        ("Maybe it's because I was lonely after the move that I started eating at night.", "makes_me_see"),
    ],
)
def test_client_putting_a_pattern_or_reason_into_words_is_an_insight(said, rule):
    items = [it for it in call(("client", said)) if it.kind == "insight"]
    assert [it.rule for it in items] == [rule]


def test_a_short_realization_still_counts():
    [item] = [it for it in call(("client", "It doesn't fit. I love it, but it doesn't sit with who I am.")) if it.kind == "insight"]
    assert item.text == "It doesn't fit"


@pytest.mark.parametrize(
    ("role", "said"),
    [
        ("client", "I've smoked since I was fifteen and my dad smoked too."),  # history
        ("client", "When I was little, I lived with my grandmother in Leeds."),  # a past when-clause
        ("client", "Yeah, exactly, that's right."),  # agreement
        ("client", "Is it really about the money, do you think?"),  # a question
        ("client", "Yes, that really helps, thank you."),  # thanks for the coach's help
        ("client", "I'm going to call her when I get back from the shop."),  # a plan
        ("client", "We don't see why it's a problem if the kids are asleep."),  # denial
        ("client", "I'm worried about my mum's operation next week."),  # a worry, not a realization
        ("coach", "So it's really about feeling in control, not about the cigarettes."),  # coach's reflection
        ("coach", "When you skip breakfast, you end up at the vending machine."),
    ],
)
def test_facts_agreement_questions_and_coach_reflections_are_not_insights(role, said):
    assert [it for it in call((role, said)) if it.kind == "insight"] == []


@pytest.mark.parametrize(
    ("said", "text"),
    [
        ("What I'd like to do is get my blood pressure under control.", "Get my blood pressure under control"),
        ("I'd love to be able to play football with my son again.", "Play football with my son again"),
        ("I hope to be back at work full time.", "Be back at work full time"),
        ("I'm aiming for three runs a week.", "Three runs a week"),
        ("The goal would be to get through a whole weekend without a drink.", "Get through a whole weekend without a drink"),
        ("My husband and I want to buy a house in the next two years.", "Buy a house in the next two years"),
        ("I'd really like to get back to where I was before the injury.", "Get back to where I was before the injury"),
        ("I don't want to make my asthma any worse.", "Not make my asthma any worse"),
    ],
)
def test_more_ways_a_goal_is_said(said, text):
    [item] = [it for it in call(("client", said)) if it.kind == "goal"]
    assert item.text == text


@pytest.mark.parametrize(
    ("role", "said"),
    [
        ("client", "I'd like to go back to what you said earlier about the diary."),  # about the session
        ("client", "I have an hour before I have to go back to the office."),  # a timing
        ("client", "I liked the walk back to where I was parked."),  # a past taste
        ("client", "What I'd like to know is how long the patches take to work."),  # a question in disguise
        ("client", "We wanted to move house last year but it fell through."),  # a past wish
        ("coach", "What I'd like to do is hear a bit more about your week."),  # the coach's agenda
    ],
)
def test_wishes_that_are_not_goals(role, said):
    assert [it for it in call((role, said)) if it.kind == "goal"] == []


# --- goals answering the coach's question, said in many shapes ---------------


@pytest.mark.parametrize(
    ("question", "answer", "text"),
    [
        ("What would you put down as your goal for the month?", "Hmm, realistically, no more than two coffees a day.",
         "No more than two coffees a day"),
        ("Where would you like to be in six months?", "Getting back in shape for the hiking season.",
         "Getting back in shape for the hiking season"),
        ("What would make these sessions worthwhile for you?", "More time with my kids in the evenings.",
         "More time with my kids in the evenings"),
        ("Where would you wanna go with your spending?", "I suppose, I can't promise, but I could try to save two hundred a month.",
         "Save two hundred a month"),
        ("What would you like to change?", "Well, I think the obvious thing would be to cut down on the takeaways.",
         "Cut down on the takeaways"),
    ],
)
def test_answer_to_a_goal_question_names_the_outcome(question, answer, text):
    items = [it for it in call(("coach", question), ("client", answer)) if it.kind == "goal"]
    assert [it.text for it in items] == [text]


def test_goal_question_survives_an_acknowledgement_and_a_filler_answer():
    items = call(
        ("coach", "So where do you see yourself going with the studying?"),
        ("client", "Oh, gosh."),
        ("coach", "Mm, take your time."),
        ("client", "Yeah. Getting my certificate before the summer."),
    )
    assert [(it.kind, it.text) for it in items] == [("goal", "Getting my certificate before the summer")]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("What would you like to change?", "More or less."),  # agreement, no outcome
        ("What would you like to change?", "I really do."),
        ("What would you want me to write down?", "Let's start on Monday."),  # a step, and the coach's action
        ("Where would you like to be in a year?", "If I lose the flat, my brother won't take me in."),  # a fear
        ("Where would you like to be in a year?", "My dad had a shop when I was a kid."),  # a story
        ("What would you like to change?", "I'd say about a six or a seven."),  # a rating
        ("What would you like to change?", "For about a month."),  # a length of time
        ("What would you like to change?", "So, I suppose it would be nice to"),  # cut off
    ],
)
def test_answers_to_goal_questions_that_name_no_outcome(question, answer):
    assert [it for it in call(("coach", question), ("client", answer)) if it.kind == "goal"] == []


def test_coach_never_states_a_goal_even_after_a_goal_question():
    items = call(("client", "What would you like to change?"), ("coach", "Getting back in shape, probably, like most people."))
    assert [it for it in items if it.kind == "goal"] == []


@pytest.mark.parametrize(
    ("said", "text"),
    [
        ("I'm trying to get back under eleven stone before the wedding.", "Get back under eleven stone before the wedding"),
        ("I'm hoping to get my evenings back.", "Get my evenings back"),
        ("I want to be able to climb the stairs without stopping.", "Climb the stairs without stopping"),
        ("I'd rather be settled in a steady job than moving every year.", "Be settled in a steady job than moving every year"),
        ("I need to get my spending under control.", "Get my spending under control"),
        ("The real thing is that I really want my daughter to feel safe at home.", "My daughter to feel safe at home"),
        ("We go camping a lot, and my wife and I wanna keep hiking and camping, things like that.", "Keep hiking and camping"),
    ],
)
def test_aims_said_as_hoping_trying_rather_and_need(said, text):
    [item] = [it for it in call(("client", said)) if it.kind == "goal"]
    assert item.text == text


@pytest.mark.parametrize(
    "said",
    [
        "I'm trying to get him to pick up his room.",  # someone else's behaviour
        "I'd rather not talk about my brother today.",  # about the session
        "I need to go to the toilet before we carry on.",  # not an aim
        "When I want to relax I just put the telly on.",  # the wish is inside a when-clause
    ],
)
def test_not_aims(said):
    assert [it for it in call(("client", said)) if it.kind == "goal"] == []


def test_outcome_to_avoid_pointing_back_and_for_ones_children():
    items = call(("client", "My mum shouted all the time, and I don't want to be like that."))
    assert [(it.kind, it.text) for it in items if it.kind == "goal"] == [("goal", "Not be like that")]
    items = call(("client", "I don't want my kids to grow up thinking drinking every night is normal."))
    assert [it.kind for it in items if it.kind == "goal"] == ["goal"]
    # wanting someone else not to know is no aim of the client's own
    assert [it for it in call(("client", "I don't want her to know about the loan.")) if it.kind == "goal"] == []


def test_subject_cut_off_by_an_interjection_still_states_the_wish():
    items = call(
        ("client", "Yeah, I-"),
        ("coach", "-so you've been thinking about the fights."),
        ("client", "-wanna stop arguing with my partner all the time."),
    )
    assert [(it.kind, it.text) for it in items] == [("goal", "Stop arguing with my partner all the time")]


def test_i_know_i_need_to_takes_the_aim_from_the_question():
    items = call(("coach", "It sounds like part of you wants to stop gambling?"), ("client", "Yeah. I know I need to."))
    assert [(it.kind, it.text) for it in items] == [("goal", "Stop gambling")]
    items = call(("coach", "Do you want to talk about that?"), ("client", "I do want to."))
    assert [it for it in items if it.kind == "goal"] == []


# --- next steps the conversation settles on -----------------------------------


@pytest.mark.parametrize(
    ("coach", "text"),
    [
        ("So what we'll do is you'll keep a food diary every evening.", "Keep a food diary every evening"),
        ("The idea would be that you phone the helpline when the urge hits.", "Phone the helpline when the urge hits"),
        ("What I'd suggest is that you start by walking to work twice a week.", "Start by walking to work twice a week"),
        ("You could start by clearing the sweets out of the cupboard.", "Clear the sweets out of the cupboard"),
    ],
)
def test_plans_laid_out_by_a_frame_are_next_steps(coach, text):
    items = call(("coach", coach), ("client", "The kids will moan about it."))
    assert [(it.kind, it.text, it.owner) for it in items] == [("next_step", text, "client")]


def test_a_framed_plan_turned_down_is_not_a_next_step():
    items = call(("coach", "The idea would be that you phone the helpline when the urge hits."),
                 ("client", "No, I won't ring strangers."))
    assert [it for it in items if it.kind == "next_step"] == []


@pytest.mark.parametrize(
    "coach",
    ["Would you be open to what we'll do is a diary?", "What I suggest is that.",
     "That's why I recommend that all my patients skip breakfast.", "My suggestion is in the future, if it happens, is that."],
)
def test_frames_without_a_plan_are_not_next_steps(coach):
    # also: advice about other people, and a frame whose plan is never said
    assert [it for it in call(("coach", coach)) if it.kind == "next_step"] == []


def test_next_time_we_will_talk_is_a_next_step_but_talking_now_is_not():
    [item] = call(("coach", "At our next appointment we'll talk more about your sleep."))
    assert item.kind == "next_step"
    assert call(("coach", "We'll talk about your sleep.")) == []


def test_looking_into_something_together_is_work_for_later():
    [item] = call(("coach", "So we can look into the evening classes at the college."))
    assert (item.kind, item.text) == ("next_step", "Look into the evening classes at the college")


def test_coach_referral_is_a_coach_commitment():
    [item] = call(("coach", "I'll refer you to the physio on the third floor."))
    assert (item.kind, item.owner) == ("commitment", "coach")


def test_so_you_can_continue_is_a_next_step():
    [item] = call(("client", "I'd just like to keep ticking the days off."), ("coach", "Okay, so you can continue with that."))
    assert [(it.kind, it.owner) for it in call(("coach", "Okay, so you can continue with that."))] == [("next_step", "client")]
    assert item.kind in ("goal", "next_step")
    assert call(("coach", "If you want, you can keep that copy.")) == []


def test_answer_to_what_would_it_take_is_a_next_step():
    items = call(("coach", "What would it take to get you to an eight?"), ("client", "Getting the biscuits out of the office."))
    assert [(it.kind, it.text) for it in items] == [("next_step", "Getting the biscuits out of the office")]
    items = call(("coach", "Is there anything else you could do?"), ("client", "I suppose I could take fruit in instead."))
    assert [(it.kind, it.owner) for it in items] == [("next_step", "client")]


def test_a_list_of_steps_goes_on_after_the_first():
    items = call(
        ("coach", "What could you do differently in the mornings?"),
        ("client", "Set the alarm for half six."),
        ("coach", "Mm, okay, so an earlier alarm."),
        ("client", "Yeah."),
        ("coach", "Right."),
        ("client", "And then have my sister call me if I'm not up."),
    )
    assert [it.kind for it in items] == ["next_step", "next_step"]
    # without a step before, a bare "have" sentence is no plan
    assert call(("client", "Have my sister call me if I'm not up.")) == []


def test_plan_summary_with_already_is_a_next_step():
    [item] = call(("coach", "You've already got a plan of cycling in on Tuesdays and Thursdays."))
    assert (item.kind, item.owner) == ("next_step", "client")


def test_a_word_said_twice_around_a_filler_is_said_once():
    assert clean("What else would, um, would help you?") == "What else would help you?"
    assert clean("I don't wanna- -end up there") == "I don't wanna end up there"


def test_accepted_start_by_proposal_is_the_clients_commitment():
    items = call(("coach", "You could start by clearing the sweets out of the cupboard."), ("client", "Okay, I'll do that."))
    assert [(it.kind, it.text, it.owner) for it in items] == [("commitment", "Clear the sweets out of the cupboard", "client")]


# --- coach recommendations, late acceptance, persistence, what set a change going ---

def test_coach_recommendation_is_a_next_step_for_the_client():
    items = call(("coach", "What I'd suggest is that you start by writing your expenses in a notebook."))
    [step] = [it for it in items if it.kind == "next_step"]
    assert step.owner == "client"
    assert step.rule == "coach_assigns"
    assert step.text.lower().startswith("start by writing your expenses")


def test_recommendation_for_the_session_or_for_others_is_not_a_next_step():
    assert "next_step" not in kinds(call(("coach", "I suggest you tell me a bit more about your week.")))
    assert "next_step" not in kinds(call(("coach", "I recommend that all my patients avoid sugary drinks.")))


def test_yes_after_questions_about_the_proposal_is_a_commitment():
    items = call(
        ("coach", "I'd suggest you take a short walk with your neighbour after lunch."),
        ("client", "With her?"),
        ("coach", "She mentioned she walks most days."),
        ("client", "Oh. Well, if she is going anyway and you think it helps, I'll try it."),
    )
    [c] = [it for it in items if it.kind == "commitment"]
    assert c.owner == "client"
    assert c.rule == "late_acceptance"
    assert "walk" in c.text.lower()


def test_late_yes_that_is_hedged_or_has_no_proposal_is_not_a_commitment():
    proposal = ("coach", "I'd suggest you take a short walk with your neighbour after lunch.")
    hedged = call(proposal, ("client", "Hmm."), ("coach", "It helps."), ("client", "Well, maybe I'll try it."))
    assert "commitment" not in kinds(hedged)
    nothing = call(("coach", "How was the weekend?"), ("client", "Fine. We went to the lake and I'll do it again."))
    assert "commitment" not in kinds(nothing)


def test_resolve_to_persist_is_not_a_next_step():
    asked = ("coach", "What would help you keep going to the pool?")
    assert "next_step" not in kinds(call(asked, ("client", "Um, I guess just keeping at it and not getting discouraged.")))
    assert "next_step" in kinds(call(asked, ("client", "Um, I guess just packing my swim bag the night before.")))


def test_naming_what_set_a_change_going_is_an_insight():
    items = call(("client", "Honestly, that doctor's visit was the wake-up call I needed to stop smoking."))
    assert "insight" in kinds(items)
    assert "insight" not in kinds(call(("client", "The visit was at ten and I needed to park.")))


def test_hedged_yes_to_a_proposal_is_a_low_confidence_commitment_with_the_proposal_text():
    proposal = ("coach", "Why don't you try leaving your phone in the kitchen at night?")
    [c] = [it for it in call(proposal, ("client", "Hmm, I could probably do that.")) if it.kind == "commitment"]
    assert c.owner == "client"
    assert "phone in the kitchen" in c.text
    assert c.confidence < POSSIBLE_BELOW
    [g] = call(proposal, ("client", "I guess I could probably try that."))
    assert (g.kind, g.owner, g.rule) == ("commitment", "client", "hedged_answer")
    assert "phone in the kitchen" in g.text and g.confidence < POSSIBLE_BELOW
    assert "commitment" not in kinds(call(proposal, ("client", "I guess I could probably try that, if my alarm still works.")))


def test_hedged_plan_named_when_asked_what_would_make_it_easier_is_a_commitment():
    asked = ("coach", "What would make it easier for you to skip the vending machine?")
    [c] = [it for it in call(asked, ("client", "Well, I can probably pack some fruit in my bag.")) if it.kind == "commitment"]
    assert c.owner == "client"
    assert c.text == "Pack some fruit in my bag"
    assert c.confidence < 0.6
    follow_up = ("coach", "Anything else that could make things easier?")
    items = call(asked, ("client", "Not sure."), follow_up, ("client", "I could probably take the stairs instead."))
    assert [it.text for it in items if it.kind == "commitment"] == ["Take the stairs instead"]


def test_hedged_refusal_condition_or_but_is_not_a_commitment():
    proposal = ("coach", "Do you think you could go three weeks without gambling?")
    assert "commitment" not in kinds(call(proposal, ("client", "Yeah, probably not.")))
    asked = ("coach", "What would make it easier for you to exercise?")
    for answer in (
        "If I had a bike, I could probably ride to work.",
        "I could probably ride to work if the weather was better.",
        "I could probably ride to work, but I doubt I will.",
        "I could probably not say.",
    ):
        assert "commitment" not in kinds(call(asked, ("client", answer))), answer
    # no question or proposal before it: musing, not a plan
    assert "commitment" not in kinds(call(("coach", "How was the trip?"), ("client", "I could probably swim all day there.")))


def test_telling_a_third_person_is_an_action_after_the_session():
    items = call(("client", "I'll tell my sister about the budget tomorrow."))
    assert kinds(items) == ["commitment"]
    assert "commitment" not in kinds(call(("client", "I'll tell you about my week.")))


def test_having_the_client_make_an_appointment_is_a_next_step():
    items = call(
        ("coach", "How about if I have you book an appointment for three weeks from now?"),
        ("client", "Sure."),
    )
    assert [(it.kind, it.rule) for it in items] == [("next_step", "schedule_next_session")]
    assert "next_step" not in kinds(call(("coach", "Did you book an appointment last time?"), ("client", "No.")))


def test_naming_a_state_of_mind_about_oneself_is_an_insight():
    assert "insight" in kinds(call(("client", "I guess I'm just tired of having to hide it from everyone.")))
    assert "insight" in kinds(call(("client", "Honestly I'm at war with myself because part of me likes the routine.")))
    assert "insight" not in kinds(call(("client", "I'm not tired of it at all, to be honest.")))
    assert "insight" not in kinds(call(("coach", "So you're just tired of having to hide it from everyone.")))
    assert "insight" not in kinds(call(("client", "Are you tired of hearing about my job by now?")))
