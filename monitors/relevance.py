"""Decide whether a monitored item is about people going missing, and say why.

Every item a monitor fetches passes through `assess()`. The model is a set of readable, weighted
phrase rules rather than a trained classifier, so that an officer can see which words decided an
item and a policy lead can argue with a rule. The rules follow the labelling rule in
`shared/relevance/README.md`:

- evidence: phrases that only ever mean a person going missing or whose whereabouts are unknown
  ("missing person", "ran away", "return home interview", "Herbert Protocol");
- ambiguous evidence: phrases that mean that only when a person is mentioned close by
  ("went missing", "unaccounted for", "cannot be found"); without one they count for little,
  and straight after a thing ("the passport went missing") they count against;
- against: "missing" in other senses (targets, data, funds, lost property, missing in action),
  which consume the word so it cannot count as evidence;
- context: words (child, care, police, exploitation...) that add weight only when they sit near
  evidence, and that choose the topics.

Title matches weigh more than body matches. The weighted features go through a logistic function
so that a score of 0.5 or more means relevant. Officers' triage decisions can nudge the weights
through `learn_weights()`, within bounds, and the result is stored as JSON.
"""

from __future__ import annotations

import argparse
import bisect
import html
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

TOPICS: dict[str, str] = {
    "missing_children": "Missing children",
    "missing_adults": "Missing adults",
    "missing_from_care": "Children missing from care",
    "return_interviews": "Return home interviews",
    "exploitation_and_missing": "Exploitation and going missing",
    "dementia_and_missing": "Dementia and going missing",
    "unaccompanied_asylum_seeking_children_missing": (
        "Unaccompanied asylum-seeking children going missing"
    ),
    "missing_persons_policing": "Policing of missing persons (including APP)",
    "families_of_missing_people": "Families of missing people",
    "mental_health_and_missing": "Mental health and going missing",
    "missing_persons_legislation_guardianship": "Missing persons law and guardianship",
    "children_missing_education_safeguarding": "Children missing education (safeguarding)",
}


def topic_label(slug: str) -> str:
    """Display label for a topic slug; an unknown slug (say, from older stored data) is shown
    as is rather than breaking the page."""
    return TOPICS.get(slug, slug)


# --- Rule vocabulary -----------------------------------------------------------------------------
# Patterns are written in lower case: text is lower-cased once before scanning.

_EVIDENCE = "evidence"
_AMBIGUOUS = "ambiguous"
_AGAINST = "against"
_CONTEXT = "context"

# Words for people. Ambiguous evidence needs one of these close by.
_PERSON = (
    r"child|children|child's|children's|kids?|young\s+(?:person|people)|youngsters?"
    r"|teen(?:ager)?s?|boys?|girls?|sons?|daughters?|pupils?|adults?|m[ae]n|wom[ae]n|persons?"
    r"|people|patients?|residents?|brothers?|sisters?|mother|father|parents?|husbands?|wife"
    r"|wives|relatives?|loved\s+ones?|famil(?:y|ies)|he|she|him|her|his|himself|herself"
    r"|someone|somebody|anyone|migrants?|refugees?|victims?|individuals?|\d{1,2}-year-olds?"
)
# The same without pronouns, for phrases like "search for a ..." where "her" could be "her keys".
_PERSON_NOUN = _PERSON.replace("|he|she|him|her|his|himself|herself", "")
_GAP5 = rf"(?:\W+(?!(?:{_PERSON}|who|whom|whose)\b)[\w'-]+){{0,5}}?"
_GO = r"(?:go|goes|going|went|gone|gets?|got|run|runs)"
# "whereabouts of" money or things.
_OF_THINGS = (
    r"\s+of\s+(?:the\s+|this\s+|these\s+|that\s+|those\s+|its\s+|their\s+|some\s+)?"
    r"(?:[£$€]|\d|funds?|funding|money|monies|cash|grants?|payments?|files?|documents?|records?"
    r"|equipment|assets?|goods|vehicles?|items?|property|artefacts?|paintings?|weapons?|devices?)"
)


@dataclass(frozen=True)
class _Rule:
    name: str
    kind: str
    pattern: str
    weight: float = 0.0
    # Weight of an ambiguous rule when no person is mentioned nearby.
    loose_weight: float = 0.0
    topics: tuple[str, ...] = ()
    # Context categories a context word belongs to.
    cues: tuple[str, ...] = ()
    # Acronyms count only when written in capitals ("CME", not "cme").
    acronym: bool = False
    # Context categories that turn an ambiguous phrase into evidence when near it.
    anchors: tuple[str, ...] = ("person",)


def _evidence(name: str, pattern: str, weight: float, *topics: str, acronym: bool = False) -> _Rule:
    return _Rule(name, _EVIDENCE, pattern, weight, topics=topics, acronym=acronym)


def _ambiguous(
    name: str,
    pattern: str,
    weight: float,
    loose: float,
    *topics: str,
    anchors: tuple[str, ...] = ("person",),
) -> _Rule:
    return _Rule(
        name, _AMBIGUOUS, pattern, weight, loose_weight=loose, topics=topics, anchors=anchors
    )


def _against(name: str, pattern: str, weight: float = -0.8) -> _Rule:
    return _Rule(name, _AGAINST, pattern, weight)


def _context(name: str, pattern: str, *cues: str, acronym: bool = False) -> _Rule:
    return _Rule(name, _CONTEXT, pattern, cues=cues, acronym=acronym)


# Where two rules can match at the same place the first listed wins, so within each group the
# specific comes before the general; context words come last.
_RULES: tuple[_Rule, ...] = (
    # --- Missing children and adults -------------------------------------------------------------
    _evidence(
        "missing_persons_unit",
        r"missing\s+persons?\s+(?:unit|bureau|teams?|coordinators?|co-ordinators?|leads?"
        r"|investigations?|searches|search|officers?|policy|procedures?)"
        r"|missing\s+(?:coordinators?|co-ordinators?|from\s+home\s+teams?)",
        3.5,
        "missing_persons_policing",
    ),
    _evidence("missing_person", r"missing[- ](?:persons?|people)(?:'s|')?", 3.5),
    _evidence(
        "missing_child",
        r"missing\s+(?:child|children|child's|children's|young\s+(?:person|people)|teenagers?"
        r"|teens?|boys?|girls?|sons?|daughters?|pupils?|\d{1,2}-year-olds?)",
        3.5,
        "missing_children",
    ),
    _evidence(
        "missing_adult",
        r"missing\s+(?:adults?|m[ae]n|wom[ae]n|relatives?|loved\s+ones?|brother's|sister's"
        r"|brothers?|sisters?|husbands?|wife|wives|partners?|fathers?|mothers?|family\s+members?"
        r"|individuals?|residents?)",
        3.5,
        "missing_adults",
    ),
    _evidence(
        "missing_episode",
        r"missing\s+(?:episodes?|incidents?|occurrences?|person\s+reports?|reports?"
        r"|children\s+and\s+adults)"
        r"|(?:episodes?|incidents?|occasions?|history)\s+of\s+(?:going\s+)?missing",
        3.5,
    ),
    _evidence(
        "missing_from_placement",
        r"missing\s+from\s+(?:[\w'-]+\s+){0,3}?(?:care|homes?|placements?|accommodation"
        r"|hotels?|hospitals?|wards?|units?|residences?)",
        3.5,
        "missing_from_care",
    ),
    # People who run away are the same population whether or not anyone says "missing".
    _evidence(
        "runaway",
        r"runaways?(?!\s+(?:inflation|costs?|prices?|trains?|success|victory|winners?|leaders?"
        r"|growth|spending|bride|lorry|lorries|trucks?|cars?|vehicles?|buses|bus|vans?|trams?"
        r"|coach(?:es)?|horses?|bulls?|cows?|cattle|trolleys?|reactions?|effects?|climate"
        r"|warming|bills?|deficits?|debts?|rents?|hits?|favourites?|majority))",
        2.5,
        "missing_children",
    ),
    _evidence(
        "search_for_person",
        r"search(?:es|ed|ing)?\s+(?:[\w'-]+\s+){0,4}?for\s+(?:a\s+|an\s+|the\s+)?(?:"
        + _PERSON_NOUN
        + r"|him)|(?:find|finding|locate|locating|trace|tracing)\s+(?:a\s+|an\s+|the\s+)?(?:"
        + _PERSON_NOUN
        + r"|him)",
        1.5,
    ),
    # The phrases of a police appeal for someone who has not come home.
    _evidence(
        "concern_for_welfare",
        r"(?:concerned|concerns?|worried|fears?)\s+for\s+(?:the\s+)?(?:his|her|their)\s+"
        r"(?:welfare|safety|wellbeing|well-being)",
        1.5,
    ),
    _evidence(
        "whereabouts_unknown",
        r"whereabouts\s+(?:(?:are|is|were|was|remain|remains|remained|became|becomes|become"
        r"|have\s+been"
        r"|had\s+been|has\s+been)\s+)?(?:still\s+)?(?:unknown|not\s+known|cannot\s+be\s+(?:established"
        r"|confirmed|found)|could\s+not\s+be\s+(?:established|confirmed))|unknown\s+whereabouts",
        3.5,
    ),
    _evidence(
        "search_and_rescue",
        r"(?:lowland|mountain|cave)\s+(?:search\s+and\s+)?rescue|search\s+and\s+rescue"
        r"|police\s+search\s+advis[eo]rs?",
        1.5,
        "missing_persons_policing",
    ),
    _evidence("polsa", r"polsa", 1.5, "missing_persons_policing", acronym=True),
    # --- Children missing from care --------------------------------------------------------------
    _evidence(
        "absent_from_placement",
        r"absen(?:t|ce|ces)\s+from\s+(?:(?:their|his|her|the|a|an|care|children's)\s+){0,2}"
        r"(?:placements?|care|homes?|accommodation|residences?|usual\s+place\s+of\s+residence)",
        3.0,
        "missing_from_care",
    ),
    # In a children's home this is the statutory phrase for going missing; about schools it is
    # attendance, so it counts only near a word about care or the police.
    _ambiguous(
        "unauthorised_absence",
        r"unauthori[sz]ed\s+absen(?:ce|ces|t)",
        2.0,
        0.2,
        "missing_from_care",
        anchors=("care", "police"),
    ),
    _evidence("philomena_protocol", r"philomena\s+protocol", 3.5, "missing_from_care"),
    # --- Return home interviews ------------------------------------------------------------------
    _evidence(
        "return_interview",
        r"(?:independent\s+)?return(?:[- ]home)?\s+interviews?|return\s+home\s+conversations?",
        3.5,
        "return_interviews",
    ),
    # --- Dementia ---------------------------------------------------------------------------------
    _evidence("herbert_protocol", r"herbert\s+protocol", 3.5, "dementia_and_missing"),
    # --- Mental health ---------------------------------------------------------------------------
    _evidence(
        "absent_without_leave",
        r"absent\s+without\s+(?:leave|permission)",
        3.0,
        "mental_health_and_missing",
    ),
    _evidence("awol", r"awol", 3.0, "mental_health_and_missing", acronym=True),
    _evidence("abscond", r"abscond(?:s|ed|ing|er|ers)?|abscon(?:sion|sions)", 2.5),
    # --- Families, law and guardianship ----------------------------------------------------------
    _evidence(
        "presumption_of_death",
        r"presum(?:ption|ed)\s+(?:of\s+)?death|presumed\s+dead"
        r"|declarations?\s+of\s+(?:presumed\s+death|absence)",
        3.5,
        "missing_persons_legislation_guardianship",
    ),
    # "Special guardianship" is a care order for children, not guardianship of a missing person.
    _against("special_guardianship", r"special\s+guardian(?:ship)?(?:\s+orders?)?", -0.3),
    _evidence(
        "guardianship_of_affairs",
        r"guardianship\s+\(missing\s+persons\)|guardianship\s+of\s+the\s+(?:property\s+and\s+)?"
        r"affairs|guardianship\s+orders?|guardians?\s+(?:for|of)\s+(?:a\s+|the\s+)?"
        r"(?:missing|absent)",
        2.5,
        "missing_persons_legislation_guardianship",
    ),
    # The families' own words for a disappearance, with no body and no answers.
    _evidence(
        "unresolved_loss",
        r"ambiguous\s+loss|living\s+bereavement|unresolved\s+loss|fate\s+(?:remains?\s+|is\s+)?"
        r"unknown|whose\s+fate|alive\s+or\s+dead|not\s+(?:been\s+)?known\s+to\s+be\s+alive",
        2.0,
        "families_of_missing_people",
    ),
    # --- Children missing education --------------------------------------------------------------
    _evidence(
        "children_missing_education",
        r"(?:child|children|pupils?)\s+missing\s+(?:from\s+)?education",
        3.5,
        "children_missing_education_safeguarding",
    ),
    _evidence("cme", r"cme", 2.0, "children_missing_education_safeguarding", acronym=True),
    # --- "Missing" in other senses ---------------------------------------------------------------
    _against("missing_out", r"miss(?:es|ed|ing)?\s+out"),
    _against("missing_trader", r"missing[- ]trader"),
    # Military casualties are excluded by the labelling rule however the word is used.
    _against("missing_in_action", r"missing\s+in\s+action|memorial\s+to\s+the\s+missing"),
    _against(
        "lost_or_missing",
        r"lost(?:\W+(?:stolen|damaged|destroyed))*\W+(?:or|and)\W+(?:is\s+|are\s+|was\s+)?missing"
        r"|missing,?\s+lost\s+or\s+stolen",
    ),
    _against(
        "missed_target",
        r"miss(?:es|ed|ing)?" + _GAP5 + r"\W+(?:targets?|deadlines?|standards?|appointments?"
        r"|penalty|penalties|goals?|milestones?|trajector(?:y|ies)|in-service\s+dates?"
        r"|opportunit(?:y|ies)|chances?|flights?|trains?|connections?|payments?)",
    ),
    # Time out of class as attainment: "pupils missing 10% of sessions", "missed lessons".
    _against(
        "missing_lessons",
        r"miss(?:es|ed|ing)?" + _GAP5 + r"\W+(?:sessions?|lessons?|classes|school\s+days?|learning"
        r"|exams?|teaching|schooling|school)(?!\s+(?:and|or)\s+(?:home|care))",
    ),
    _against(
        "missing_things",
        r"missing\s+(?:[\w-]+\s+){0,2}?(?:data|information|details|records?|documents?"
        r"|documentation|evidence|material|files?|paperwork|items?|pieces?|links?|money|funds?"
        r"|funding|revenue|tax|vat|income|cash|equipment|property|luggage|baggage|suitcases?"
        r"|parcels?|post|mail|pets?|dogs?|cats?|cargo|goods|stock|objects?|artefacts?|features?"
        r"|values?|fields?|ingredients?|signatures?|pages?|knowledge|skills|components?|parts?"
        r"|keys?|badges?|passports?|point|votes|answers?|entries|checks|teeth|maps?|meals?)",
    ),
    # --- Evidence that needs a person close by ---------------------------------------------------
    _ambiguous(
        "went_missing",
        r"(?:" + _GO + r"\s+|(?:reported|recorded|listed|found\s+to\s+be|remains?|remained|still"
        r"|been|declared)\s+(?:as\s+)?|who\s+(?:are|is|was|were|has\s+been|have\s+been"
        r"|had\s+been)\s+)missing(?!\s+(?:out\b|the\s+point|targets?|deadlines?))",
        2.5,
        0.8,
    ),
    _ambiguous("missing", r"missing", 1.6, 0.4),
    _ambiguous(
        "ran_away",
        r"run(?:s|ning)?\s+away|ran\s+away|(?:run(?:s|ning)?|ran)\s+from\s+(?:(?:that|the|their"
        r"|his|her|a|an)\s+)?(?:placements?|care|children's\s+homes?|foster\s+(?:care|homes?)"
        r"|home|hospital|wards?|units?)",
        2.5,
        0.5,
        "missing_children",
    ),
    _ambiguous(
        "found_safe",
        r"found\s+(?:[\w-]+\s+(?:but|and)\s+)?(?:safe|unharmed|alive)(?:\s+and\s+well)?"
        r"|return(?:ed|s)?\s+(?:home\s+)?safe(?:ly)?|traced\s+safe",
        2.0,
        0.5,
    ),
    _ambiguous(
        "absent_without_permission",
        r"(?:away|absent)\s+from\s+(?:[\w'-]+\s+){0,4}?without\s+(?:permission|authori[sz]ation"
        r"|authority|agreement|consent|leave)",
        2.8,
        0.4,
    ),
    _ambiguous(
        "away_from_home",
        r"(?:away|absent)\s+from\s+(?:(?:their|his|her|the|a)\s+)?(?:home|placements?"
        r"|care\s+homes?|children's\s+homes?|accommodation)|far\s+from\s+home"
        r"|stay(?:s|ed|ing)?\s+away\s+(?:from|overnight)",
        1.6,
        0.3,
    ),
    _ambiguous(
        "left_without_telling",
        r"(?:left|leave|leaves|leaving|walked\s+out\s+of|went\s+out)\s+(?:[\w'-]+\s+){0,6}?"
        r"(?:without\s+(?:(?:his|her|their)\s+(?:phone|mobile|wallet|purse|keys|medication|bag"
        r"|coat|belongings)|permission|authori[sz]ation|consent|agreement|leave|notice|warning"
        r"|telling|explanation|(?:staff|anyone|anybody|carers?|parents?)\s+(?:being\s+)?(?:knowing"
        r"|aware|noticing)|being\s+(?:seen|noticed))|unnoticed|unseen|undetected)",
        2.6,
        0.4,
    ),
    _ambiguous(
        "not_seen",
        r"(?:not|never)\s+(?:been\s+)?(?:seen\s+or\s+heard\s+from|seen\s+(?:by|for|since|again)"
        r"|heard\s+from\s+(?:since|for|again))|last\s+seen",
        2.4,
        0.3,
    ),
    _ambiguous(
        "found_after",
        r"after\s+(?:they|he|she|being|(?:the\s+)?(?:child|children|young\s+(?:person|people)))"
        r"\s+(?:(?:are|were|is|was|has|have|had)\s+)?(?:been\s+)?(?:found|located|traced)"
        r"(?!\s+(?:guilty|not\s+guilty|to|liable|responsible|in\s+breach|unfit|fit|eligible))",
        2.2,
        0.4,
    ),
    _ambiguous(
        "back_after_absence",
        r"(?:come|came|comes|coming|return(?:s|ed|ing)?|brought)\s+(?:back\s+|home\s+){1,2}"
        r"after\s+(?:being\s+|a\s+period\s+|(?:some\s+)?time\s+|an?\s+(?:episode|night|spell)\s+)?"
        r"(?:away|absent|missing)",
        2.4,
        0.4,
    ),
    _ambiguous("reappeared", r"reappear(?:s|ed|ing|ance)?|resurfac(?:e|es|ed)", 1.2, 0.2),
    _ambiguous("unaccounted_for", r"unaccounted\s+for", 2.6, 0.3),
    _ambiguous(
        "gone_for_days",
        r"(?:vanish|disappear)(?:ed|es|s|ing)?\s+for\s+(?:\w+\s+)?(?:hours|days|nights|weeks)",
        2.8,
        0.5,
    ),
    _ambiguous(
        "cannot_be_found",
        r"(?:cannot|could\s+not|can't|couldn't)\s+(?:\w+ly\s+)?be\s+(?:found|located|traced"
        r"|contacted)"
        r"|(?:never|not\s+yet|not\s+been|not\s+being)\s+(?:been\s+)?(?:found|located|traced)"
        r"|(?:cannot|can't|could\s+not|couldn't|unable\s+to|fail(?:s|ed)?\s+to)\s+(?:locate"
        r"|find|trace)"
        r"|without\s+(?:being\s+)?trac(?:ed|e)|vanish(?:ed|es|ing)?|(?:was|were|being)\s+traced"
        r"|(?:being|been|was|were|is)\s+located",
        2.2,
        0.3,
    ),
    _ambiguous("disappeared", r"disappear(?:ed|ance|ances|s|ing)?", 2.6, 0.3),
    _ambiguous(
        "out_of_sight",
        r"(?:dropp(?:ed|ing)|drops?|f[ae]ll(?:s|en|ing)?)\s+out\s+of\s+(?:sight|view)",
        2.4,
        0.3,
    ),
    _ambiguous(
        "destination_unknown",
        r"(?:destination|location|address)\s+(?:is\s+|are\s+|was\s+|remains?\s+)?(?:unknown"
        r"|not\s+known|(?:cannot|could\s+not|can't)\s+be\s+(?:established|confirmed|determined))|(?:know|knows|knowing|known|establish)\s+where\s+(?:the\s+|a\s+)?"
        r"(?:child|young|person|he|she|they)|without\s+a\s+known\s+(?:[\w-]+\s+){0,2}?"
        r"(?:destination|address|school)",
        2.2,
        0.4,
    ),
    _against(
        "whereabouts_of_things",
        r"(?:(?:establish|ascertain|confirm|determine|trace)(?:ed|ing|es|s)?\s+"
        r"(?:[\w'-]+\s+){0,3}?)?whereabouts" + _OF_THINGS,
    ),
    _ambiguous(
        "whereabouts_not_established",
        r"(?:establish|ascertain|confirm|determine|trace)(?:ed|ing|es|s)?\s+(?:[\w'-]+\s+){0,3}?"
        r"whereabouts",
        2.6,
        0.5,
    ),
    _ambiguous("whereabouts", r"whereabouts", 1.2, 0.5),
    _ambiguous(
        "wandered_or_lost",
        r"wander(?:s|ed|ing)?(?:\s+(?:off|away))?|walk(?:s|ed|ing)?\s+out|(?:got|gets|get|become"
        r"|becomes|became|becoming)\s+(?:lost|disorienta?ted)",
        2.5,
        0.1,
    ),
    _ambiguous("left_or_lost", r"left\s+(?:home|hospital)|leave\s+(?:home|hospital)", 0.8, 0.1),
    _ambiguous(
        "not_returned",
        r"(?:does|did|do)\s+not\s+return|fail(?:s|ed)?\s+to\s+return|not\s+(?:been\s+)?returned"
        r"|(?:never|not)\s+(?:came|come)\s+(?:back|home)",
        1.6,
        0.1,
    ),
    _ambiguous(
        "locate_and_return",
        r"locat(?:e|es|ed|ing)\s+and\s+return(?:s|ed|ing)?",
        3.0,
        0.8,
        "missing_persons_policing",
        anchors=("person", "police"),
    ),
    _ambiguous(
        "safe_and_well_check",
        r"safe\s+and\s+well\s+(?:checks?|conversations?)",
        1.8,
        0.4,
        "missing_persons_policing",
        anchors=("person", "police"),
    ),
    # --- Context ----------------------------------------------------------------------------------
    # Things that go missing: "the passport went missing" is lost property, not a person.
    _context(
        "object_context",
        r"data|information|details|records?|documents?|documentation|evidence|material|files?"
        r"|paperwork|items?|objects?|artefacts?|money|funds?|revenue|vat|tax|cash|equipment"
        r"|devices?|laptops?|phones?|weapons?|arms|ammunition|property|luggage|baggage|routes?"
        r"|buses|branches|species|banks?|shops?|pubs?|libraries|jobs|scripts|exam\s+papers"
        r"|coursework|samples?|[£$€]\d[\d,.]*(?:\s*(?:m|bn|million|billion))?"
        r"|suitcases?|bags?|parcels?|post|mail|passports?|badges?|licen[cs]es?|certificates?"
        r"|log\s+books?|keys?|pets?|dogs?|cats?|spaniels?|cargo|containers?|goods|stock|plaques?"
        r"|lead|metal|statues?|paintings?|crimes|offences|votes|ballots|answers?|pages?|owners"
        r"|signatures|entries|fields?|values?|components?|parts?|checks|vessels?|costs?"
        r"|spending|prices?|budgets?|inflation",
        "object",
    ),
    _context(
        "military_context",
        r"soldiers?|servicem[ae]n|airm[ae]n|sailors?|troops|casualt(?:y|ies)|war\s+dead"
        r"|prisoners\s+of\s+war",
        "military",
    ),
    _context(
        "care_context",
        r"looked[- ]after|in\s+care|children's\s+homes?|residential\s+(?:care|homes?|units?)"
        r"|foster(?:\s+care|\s+carers?|ing)?|placements?|care\s+placements?|care\s+leavers?"
        r"|supported\s+accommodation|placing\s+authorit(?:y|ies)|(?:living|lives|live|placed)\s+"
        r"(?:at|in)\s+the\s+home",
        "care",
    ),
    _context(
        "exploitation_context",
        r"exploit(?:ation|ed|ing|ers?)?|county\s+lines|traffick(?:ing|ed|ers?)|groom(?:ing|ed)"
        r"|modern\s+slavery|gangs?|drug\s+dealing|cuckooing",
        "exploitation",
    ),
    _context("exploitation_acronym", r"cse|cce", "exploitation", acronym=True),
    _context("dementia_context", r"dementia|alzheimer's|memory\s+loss", "dementia"),
    _context(
        "asylum_context",
        r"asylum(?:-seeking)?|unaccompanied|small\s+boats?|arrived\s+alone|age\s+assessments?"
        r"|hotels?",
        "asylum",
    ),
    _context("asylum_acronym", r"uasc", "asylum", acronym=True),
    _context(
        "mental_health_context",
        r"mental\s+(?:health|ill[- ]health|illness)|psychiatric|inpatients?|wards?|detained"
        r"|suicid(?:e|al)",
        "mental_health",
    ),
    _context(
        "police_context",
        r"police|polic(?:ing|ed)|officers?|constables?|national\s+crime\s+agency"
        r"|(?:high|medium|low)[- ]risk|risk[- ]assess(?:ment|ed|ing)?|searche?s?|searching",
        "police",
    ),
    _context("police_acronym", r"nca|npcc|app", "police", acronym=True),
    _context(
        "education_context",
        r"schools?|education|admission\s+register|off-roll(?:ed|ing)?|home[- ]educat(?:ed|ion)"
        r"|deregister(?:ed)?|not\s+in\s+school",
        "education",
    ),
    _context(
        "family_context",
        r"famil(?:y|ies)|relatives?|loved\s+ones?|bereave(?:d|ment)|next\s+of\s+kin"
        r"|family\s+liaison|counselling|peer\s+support",
        "family",
        "person",
    ),
    _context(
        "law_context",
        r"high\s+court|courts?|declarations?|guardian(?:ship)?|legislation|(?:power|powers)\s+of\s+"
        r"attorney|probate|property\s+and\s+(?:financial\s+)?affairs",
        "law",
    ),
    # Coming back, and the conversation that should follow it (a return home interview).
    _context(
        "return_context",
        r"return(?:s|ed|ing)?|came\s+(?:back|home)|interviews?|conversations?|debriefs?",
        "return",
    ),
    _context(
        "child_context",
        r"child|children|child's|children's|young\s+(?:person|people)|youngsters?"
        r"|teen(?:ager)?s?|boys?|girls?|sons?|daughters?|pupils?|\d{1,2}-year-olds?|minors?",
        "child",
        "person",
    ),
    _context(
        "adult_context",
        r"adults?|m[ae]n|wom[ae]n|husbands?|wife|wives|older\s+(?:people|person)|pensioners?",
        "adult",
        "person",
    ),
    _context("patient_context", r"patients?", "mental_health", "person"),
    _context("person_context", _PERSON, "person"),
)

# An ambiguous phrase right after one of these is about the thing, not a person.
_THING_MISSING = "said_of_a_thing"
_OTHER_SENSE_CUES = {"object": _THING_MISSING, "military": "missing_in_action"}
_OTHER_SENSE_WEIGHT = -0.8


def _outside_classes(pattern: str):
    """(index, character, group depth after it) for each unescaped character outside `[...]`."""
    depth, index, in_class = 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            depth += (char == "(") - (char == ")")
            yield index, char, depth
        index += 1


def _split_alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level `|`."""
    parts, start = [], 0
    for index, char, depth in _outside_classes(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


def _group_end(pattern: str) -> int:
    """Index just after the group that opens `pattern`."""
    for index, char, depth in _outside_classes(pattern):
        if char == ")" and depth == 0:
            return index + 1
    raise ValueError(f"unbalanced pattern: {pattern}")


def _literal_led(alternative: str) -> list[str]:
    """Rewrite an alternative that opens with a group into alternatives that open with a letter."""
    if not alternative.startswith("(?:"):
        return [alternative]
    end = _group_end(alternative)
    inner, rest = alternative[3 : end - 1], alternative[end:]
    optional = rest.startswith("?")
    if optional:
        rest = rest[1:]
    elif rest[:1] in ("*", "+", "{"):
        raise ValueError(f"a rule cannot open with a repeated group: {alternative}")
    led = [
        expanded
        for option in _split_alternatives(inner)
        for expanded in _literal_led(option + rest)
    ]
    return led + _literal_led(rest) if optional else led


# Characters after the first by which alternatives are grouped as well.
_GROUP_DEPTH = 1
# `\W` spelled for ASCII text. Python's regex engine tests `\W` with a Unicode lookup at every
# character, which was over half of a scan; on ASCII text this class matches exactly the same
# characters, about twice as fast.
_ASCII_NON_WORD = "[^0-9A-Za-z_]"


@dataclass(frozen=True)
class _Scanner:
    """The same rules compiled twice: for any text, and faster for ASCII text."""

    any_text: re.Pattern[str]
    ascii_text: re.Pattern[str]
    # The rule each group number stands for.
    rules: tuple[_Rule | None, ...]


def _literal_lead(alternative: str) -> str:
    """The alternative's first character if it is a letter or digit matched exactly once."""
    first, second = alternative[:1], alternative[1:2]
    return first if first.isalnum() and second not in ("?", "*", "+", "{") else ""


def _grouped(alternatives: list[str], depth: int) -> list[str]:
    """Alternatives grouped under their shared leading characters, `depth` characters deep.

    Alternatives under different leading characters cannot match at the same place, so grouping
    keeps which one matches; a group holding any alternative that does not open with a plain
    character is left in its order.
    """
    if depth == 0 or len(alternatives) < 2 or not all(map(_literal_lead, alternatives)):
        return alternatives
    by_lead: dict[str, list[str]] = {}
    for alternative in alternatives:
        by_lead.setdefault(alternative[0], []).append(alternative[1:])
    grouped = []
    for lead, rests in by_lead.items():
        inner = _grouped(rests, depth - 1)
        grouped.append(f"{lead}(?:{'|'.join(inner)})" if len(inner) > 1 else lead + inner[0])
    return grouped


def _compile_scanner(rules: Sequence[_Rule], prefix: str) -> _Scanner:
    """One regex for every rule, with alternatives grouped by their first letters.

    Python's regex engine tries each alternative at each word; grouped under shared first
    letters it rejects a whole group with one comparison, which keeps a scan of 50,000 items
    cheap. An empty named group at the end of each alternative says which rule matched. The
    pattern is applied to the text with one space in front (see `_Field`).
    """
    by_letter: dict[str, list[str]] = {}
    others: list[str] = []
    owners: dict[str, _Rule] = {}
    for index, rule in enumerate(rules):
        alternatives = (
            led
            for alternative in _split_alternatives(rule.pattern)
            for led in _literal_led(alternative)
        )
        for number, alternative in enumerate(alternatives):
            group = f"{prefix}{index}_{number}"
            owners[group] = rule
            if _literal_lead(alternative):
                by_letter.setdefault(alternative[0], []).append(f"{alternative[1:]}(?P<{group}>)")
            else:
                others.append(f"{alternative}(?P<{group}>)")
    branches = [
        f"{letter}(?:{'|'.join(_grouped(alts, _GROUP_DEPTH))})"
        for letter, alts in by_letter.items()
    ]
    # Starting at the non-word character before a word lets the engine skip through words.
    rules_pattern = "|".join(branches + others)
    any_text = re.compile(rf"\W(?:{rules_pattern})\b")
    by_number = dict.fromkeys(range(any_text.groups + 1))
    by_number.update((number, owners[name]) for name, number in any_text.groupindex.items())
    scanner = _Scanner(
        any_text=any_text,
        ascii_text=re.compile(rf"{_ASCII_NON_WORD}(?:{rules_pattern})\b"),
        rules=tuple(by_number.values()),
    )
    return scanner


# Evidence and against rules are looked for first; context words only in items that have some.
_SCANNER = _compile_scanner([r for r in _RULES if r.kind != _CONTEXT], "e")
_CONTEXT_SCANNER = _compile_scanner([r for r in _RULES if r.kind == _CONTEXT], "c")

# Context categories near evidence: the weight they add, and the topic they point to.
_BOOSTERS: dict[str, tuple[float, str | None, float]] = {
    "child": (0.5, "missing_children", 0.6),
    "adult": (0.3, "missing_adults", 0.8),
    "care": (0.6, "missing_from_care", 1.0),
    "return": (0.5, None, 0.0),
    "police": (0.5, "missing_persons_policing", 0.7),
    "exploitation": (0.6, "exploitation_and_missing", 1.2),
    "dementia": (0.6, "dementia_and_missing", 1.5),
    "asylum": (0.5, "unaccompanied_asylum_seeking_children_missing", 1.2),
    "mental_health": (0.5, "mental_health_and_missing", 1.0),
    "education": (0.3, "children_missing_education_safeguarding", 0.8),
    "family": (0.4, "families_of_missing_people", 0.9),
    "law": (0.3, "missing_persons_legislation_guardianship", 0.6),
}

# Per context rule, the boosters among its cues, each with its feature name.
_BOOSTER_CUES: dict[str, tuple[tuple[str, str], ...]] = {
    rule.name: tuple((cue, f"near:{cue}") for cue in rule.cues if cue in _BOOSTERS)
    for rule in _RULES
}

_BIAS = -3.0
_TITLE_FACTOR = 1.5
# Characters either side of a match in which a person or context word counts as "near".
_NEAR_BEFORE = 90
_NEAR_AFTER = 60
# How far back a thing ("passport", "soldiers") can sit and still be what went missing.
_THING_BEFORE = 40
# Limit on how far officers' labels may move any one weight, and the bias.
_MAX_ADJUSTMENT = 1.5


def _feature_names() -> tuple[str, ...]:
    names: list[str] = []
    for rule in _RULES:
        if rule.kind in (_EVIDENCE, _AGAINST):
            names.append(rule.name)
        elif rule.kind == _AMBIGUOUS:
            names += [rule.name, f"{rule.name}:alone"]
    names.append(_THING_MISSING)
    names += [f"near:{cue}" for cue in _BOOSTERS]
    return tuple(names)


FEATURES: tuple[str, ...] = _feature_names()
_DEFAULT_WEIGHTS: dict[str, float] = {
    **{rule.name: rule.weight for rule in _RULES if rule.kind != _CONTEXT},
    **{f"{r.name}:alone": r.loose_weight for r in _RULES if r.kind == _AMBIGUOUS},
    _THING_MISSING: _OTHER_SENSE_WEIGHT,
    **{f"near:{cue}": weight for cue, (weight, _, _) in _BOOSTERS.items()},
}


# --- Public types --------------------------------------------------------------------------------


@dataclass(slots=True)
class Reason:
    """One matched phrase and what it contributed, for showing an officer why.

    A plain record rather than a frozen one: every scored item makes several, and a frozen
    dataclass costs three times as much to build. Nothing changes a reason once made.
    """

    phrase: str
    start: int
    end: int
    field: str
    weight: float
    passage: str
    rule: str


@dataclass(frozen=True)
class Assessment:
    relevant: bool
    score: float
    topics: tuple[str, ...]
    reasons: tuple[Reason, ...]

    def highlight(self, text: str, field: str | None = None) -> str:
        return highlight(text, self.reasons, field=field)


@dataclass(frozen=True)
class Weights:
    """Officers' adjustments on top of the built-in rule weights.

    Only the adjustments are stored, so improving a rule's default later still takes effect for
    a team that has learned weights.
    """

    adjustments: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0

    @cached_property
    def table(self) -> dict[str, float]:
        """Every feature's weight with the adjustments applied, worked out once."""
        return {
            feature: weight + self.adjustments.get(feature, 0.0)
            for feature, weight in _DEFAULT_WEIGHTS.items()
        }

    @cached_property
    def shown(self) -> dict[tuple[str, bool], float]:
        """The weight a reason shows, by feature and whether it was found in the title."""
        return {
            (feature, in_title): round(weight * (_TITLE_FACTOR if in_title else 1.0), 3)
            for feature, weight in self.table.items()
            for in_title in (True, False)
        }

    @cached_property
    def nothing_found(self) -> Assessment:
        """The assessment of an item in which no phrase matched, which most items are."""
        return _assessment(_Analysis({}, (), {}), self)

    def to_json(self) -> str:
        return json.dumps(
            {"bias": self.bias, "adjustments": dict(sorted(self.adjustments.items()))},
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Weights:
        """Load stored weights; adjustments for rules that no longer exist are dropped."""
        data = json.loads(text)
        adjustments = {
            name: _clamp(float(value))
            for name, value in data.get("adjustments", {}).items()
            if name in _DEFAULT_WEIGHTS
        }
        return cls(adjustments=adjustments, bias=_clamp(float(data.get("bias", 0.0))))


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Metrics:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int
    tn: int


@dataclass(frozen=True)
class KeywordFilter:
    """The naive filter the model is measured against: any item that contains the word."""

    pattern: re.Pattern[str]

    def __call__(self, title: str, body: str = "") -> bool:
        return bool(self.pattern.search(title) or self.pattern.search(body))


KEYWORD_BASELINE = KeywordFilter(re.compile(r"\bmissing\b", re.IGNORECASE))


# --- Scoring -------------------------------------------------------------------------------------

# Same-length replacements so offsets into the lowered text are offsets into the original.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u2010": "-", "\u2011": "-", "\xa0": " "})
# Punctuation before a space, or a line break. Opening with one character class lets the engine
# skip to candidates instead of trying each alternative at every character.
_SENTENCE_END = re.compile(r"[\n.!?;:](?:(?<=\n)|(?=\s))")


def _padded(text: str) -> str:
    if text.isascii():
        # Nothing to fold, and lower-casing keeps every offset.
        return " " + text.lower()
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters (such as a dotted capital I) lower-case to two; keep those as they are.
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    # The leading space lets the scanners match a phrase at the very start of the text.
    return " " + lowered.translate(_FOLD)


@dataclass(slots=True)
class _Hit:
    rule: _Rule
    start: int
    end: int
    sentence: int
    # Feature the hit counts towards; for a context word, the booster it stands for.
    feature: str


class _Field:
    """One field of an item, scanned: its phrase hits and its sentence boundaries."""

    __slots__ = ("name", "text", "padded", "ascii", "boundaries", "hits", "contexts")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.padded = _padded(text)
        # ASCII text (most) pads to ASCII; other text may fold to it too.
        self.ascii = text.isascii() or self.padded.isascii()
        # Filled in by scan_context(), for the fields that have evidence.
        self.boundaries: Sequence[int] = ()
        self.hits = self._scan(_SCANNER)
        self.contexts: Sequence[_Hit] = ()

    def _scan(self, scanner: _Scanner, start: int = 0, end: int | None = None) -> list[_Hit]:
        hits = []
        # Offsets in the padded text, less the pad, are offsets in the text; each match opens
        # with the character before its phrase.
        text = self.text
        stop = len(text) if end is None else end
        pattern = scanner.ascii_text if self.ascii else scanner.any_text
        rules = scanner.rules
        append = hits.append
        for match in pattern.finditer(self.padded, start, stop + 1):
            # The empty group closing each alternative is the last group a match closes.
            rule = rules[match.lastindex]
            first, last = match.start(), match.end() - 1
            if rule.acronym and not text[first:last].isupper():
                continue
            append(_Hit(rule, first, last, 0, rule.name))
        return hits

    def scan_context(self) -> None:
        """Look for context words, but only in the sentences around evidence, which is the only
        place they count."""
        self.boundaries = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        if not self.boundaries:
            # One sentence: it is the only window, and every hit is in sentence 0 already.
            self.contexts = self._scan(_CONTEXT_SCANNER, 0, len(self.text))
            return
        edges = [0, *self.boundaries, len(self.text)]
        windows: list[list[int]] = []
        for hit in self.hits:
            hit.sentence = bisect.bisect_right(self.boundaries, hit.start)
            first = bisect.bisect_right(self.boundaries, max(0, hit.start - _NEAR_BEFORE))
            last = bisect.bisect_right(self.boundaries, hit.end + _NEAR_AFTER)
            lo, hi = edges[first], edges[min(last + 1, len(edges) - 1)]
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        self.contexts = [hit for lo, hi in windows for hit in self._scan(_CONTEXT_SCANNER, lo, hi)]
        for hit in self.contexts:
            hit.sentence = bisect.bisect_right(self.boundaries, hit.start)

    def passage(self, hit: _Hit, limit: int = 240) -> str:
        """The sentence a phrase came from, trimmed around it if the sentence is long."""
        left = self.boundaries[hit.sentence - 1] if hit.sentence else 0
        right = (
            self.boundaries[hit.sentence] if hit.sentence < len(self.boundaries) else len(self.text)
        )
        sentence = self.text[left:right]
        if len(sentence) > limit:
            centre = (hit.start + hit.end) // 2 - left
            lo = max(0, min(centre - limit // 2, len(sentence) - limit))
            sentence = (
                ("…" if lo else "")
                + sentence[lo : lo + limit]
                + ("…" if lo + limit < len(sentence) else "")
            )
        return sentence.strip()


def _near(hit: _Hit, other: _Hit) -> bool:
    """Same sentence, or a few words away across a sentence break."""
    return other.sentence == hit.sentence or (
        other.end >= hit.start - _NEAR_BEFORE and other.start <= hit.end + _NEAR_AFTER
    )


def _feature_of(hit: _Hit, contexts: Sequence[_Hit]) -> str:
    """Which feature an evidence or against hit counts towards, given the words around it.

    An ambiguous phrase counts against when the nearest noun before it is a thing ("the
    passport went missing"), as evidence when a person (or the rule's other anchor) is near,
    and for little on its own.
    """
    rule = hit.rule
    if rule.kind != _AMBIGUOUS:
        return rule.name
    nearest = None
    for context in contexts:
        if context.start >= hit.start:
            break
        if context.end >= hit.start - _THING_BEFORE and (
            "person" in context.rule.cues or context.rule.cues[0] in _OTHER_SENSE_CUES
        ):
            nearest = context
    if nearest is not None and nearest.rule.cues[0] in _OTHER_SENSE_CUES:
        return _OTHER_SENSE_CUES[nearest.rule.cues[0]]
    if any(_near(hit, c) for c in contexts if set(rule.anchors).intersection(c.rule.cues)):
        return rule.name
    return f"{rule.name}:alone"


def _saturate(title_count: int, body_count: int) -> float:
    """Repeating a phrase adds less each time; a title mention counts more than a body one."""
    value = _TITLE_FACTOR if title_count else 0.0
    if body_count:
        value += min(1.0 + 0.5 * math.log2(body_count), 2.5)
    return value


@dataclass(slots=True)
class _Analysis:
    features: dict[str, float]
    # Hits that carry weight, with their field: evidence, against, and one context word for
    # each booster.
    hits: tuple[tuple[_Field, _Hit], ...]
    topic_scores: dict[str, float]


_NOTHING = _Analysis({}, (), {})


def _analyse(title: str, body: str) -> _Analysis:
    fields = (_Field("title", title), _Field("body", body))
    if not fields[0].hits and not fields[1].hits:
        # Most items: no phrase at all, so no context to look for and nothing to count.
        return _NOTHING
    counted: list[tuple[_Field, _Hit]] = []
    # Per feature, its hits in the title and in the body.
    counts: dict[str, list[int]] = {}
    boosters: dict[str, tuple[_Field, _Hit]] = {}
    topic_scores: dict[str, float] = {}
    for side, field_ in enumerate(fields):
        hits = field_.hits
        for hit in hits:
            if hit.rule.kind != _AGAINST:
                field_.scan_context()
                break
        contexts = field_.contexts
        evidence = []
        for hit in hits:
            rule = hit.rule
            if rule.kind == _AMBIGUOUS:
                hit.feature = _feature_of(hit, contexts)
            counted.append((field_, hit))
            pair = counts.get(hit.feature)
            if pair is None:
                pair = counts[hit.feature] = [0, 0]
            pair[side] += 1
            if hit.feature == rule.name and rule.kind != _AGAINST:
                evidence.append(hit)
        if not evidence:
            continue
        factor = _TITLE_FACTOR if side == 0 else 1.0
        for hit in evidence:
            for topic in hit.rule.topics:
                topic_scores[topic] = topic_scores.get(topic, 0.0) + 2.0 * factor
        for context in contexts:
            cues = _BOOSTER_CUES[context.rule.name]
            if not cues:
                continue
            for hit in evidence:
                if _near(hit, context):
                    break
            else:
                continue
            for cue, name in cues:
                if name not in boosters:
                    booster = _Hit(context.rule, context.start, context.end, context.sentence, name)
                    boosters[name] = (field_, booster)
                _, topic, topic_weight = _BOOSTERS[cue]
                if topic:
                    topic_scores[topic] = topic_scores.get(topic, 0.0) + topic_weight * factor

    features = {name: _saturate(t, b) for name, (t, b) in counts.items()}
    features.update(dict.fromkeys(boosters, 1.0))
    return _Analysis(features, (*counted, *boosters.values()), topic_scores)


def _logit(features: dict[str, float], weights: Weights) -> float:
    total = _BIAS + weights.bias
    table = weights.table
    for name, value in features.items():
        total += table[name] * value
    return total


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def assess(title: str, body: str = "", *, weights: Weights | None = None) -> Assessment:
    """Score one item. `score >= 0.5` means relevant; reasons are strongest first."""
    weights = weights or DEFAULT_WEIGHTS
    analysis = _analyse(title, body)
    if analysis is _NOTHING:
        return weights.nothing_found
    return _assessment(analysis, weights)


def _assessment(analysis: _Analysis, weights: Weights) -> Assessment:
    score = _sigmoid(_logit(analysis.features, weights))
    relevant = score >= 0.5

    reasons = []
    table, shown = weights.table, weights.shown
    for field_, hit in analysis.hits:
        if table[hit.feature] == 0:
            continue
        reasons.append(
            Reason(
                field_.text[hit.start : hit.end],
                hit.start,
                hit.end,
                field_.name,
                shown[hit.feature, field_.name == "title"],
                field_.passage(hit),
                hit.feature,
            )
        )
    reasons.sort(key=lambda r: (-abs(r.weight), r.field != "title", r.start))

    topics: tuple[str, ...] = ()
    if relevant:
        ranked = sorted(analysis.topic_scores.items(), key=lambda kv: -kv[1])
        topics = tuple(slug for slug, value in ranked[:3] if value >= 0.5 * ranked[0][1])
        # Evidence with no topic of its own ("reported missing") is about people in general.
        topics = topics or ("missing_children",)
    return Assessment(relevant, round(score, 4), topics, tuple(reasons))


def highlight(text: str, reasons: Iterable[Reason], *, field: str | None = None) -> str:
    """HTML-escape third-party text and wrap the matched phrases in `<mark>`.

    Reasons whose offsets do not point at their phrase in `text` (another field, or edited text)
    are ignored, so a stale reason can never misplace markup. Phrases that count against
    relevance get `class="against"`.
    """
    spans = sorted(
        (r.start, r.end, r.weight < 0)
        for r in reasons
        if (field is None or r.field == field) and text[r.start : r.end] == r.phrase and r.phrase
    )
    parts: list[str] = []
    position = 0
    for start, end, against in spans:
        if start < position:
            continue
        parts.append(html.escape(text[position:start]))
        opening = '<mark class="against">' if against else "<mark>"
        parts.append(f"{opening}{html.escape(text[start:end])}</mark>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


# --- Learning from officers ----------------------------------------------------------------------


def _clamp(value: float) -> float:
    return max(-_MAX_ADJUSTMENT, min(_MAX_ADJUSTMENT, value))


def learn_weights(
    examples: Iterable[tuple[str, str, bool]],
    *,
    start: Weights | None = None,
    epochs: int = 200,
    strength: float = 4.0,
) -> Weights:
    """Fit bounded adjustments to the rule weights from officers' triage decisions.

    Plain logistic regression over the rule features, with an L2 pull of `strength` towards the
    built-in weights and every adjustment clamped to +/-1.5, so a handful of labels nudges
    borderline items without overturning the rules. Only features that occur in the examples
    move.
    """
    start = start or DEFAULT_WEIGHTS
    data = [
        (_analyse(title, body).features, 1.0 if label else 0.0) for title, body, label in examples
    ]
    adjustments = dict(start.adjustments)
    bias = start.bias
    if not data:
        return Weights(adjustments, bias)
    # Step size scaled to the data so the fit is stable for 5 labels or 5,000.
    rate = 1.0 / (len(data) + strength)
    for _ in range(epochs):
        gradient: dict[str, float] = {}
        bias_gradient = 0.0
        current = Weights(adjustments, bias)
        for features, label in data:
            error = _sigmoid(_logit(features, current)) - label
            bias_gradient += error
            for name, value in features.items():
                gradient[name] = gradient.get(name, 0.0) + error * value
        for name, value in gradient.items():
            adjustment = adjustments.get(name, 0.0)
            adjustments[name] = _clamp(adjustment - rate * (value + strength * adjustment))
        bias = _clamp(bias - rate * (bias_gradient + strength * bias))
    return Weights({k: round(v, 4) for k, v in adjustments.items() if abs(v) >= 1e-4}, bias)


# --- Evaluation ----------------------------------------------------------------------------------


def evaluate(
    examples: Iterable[tuple[str, str, bool]],
    *,
    weights: Weights | None = None,
    predict: Callable[[str, str], bool] | None = None,
) -> Metrics:
    """Precision and recall of the filter (or of `predict`, e.g. `KEYWORD_BASELINE`)."""
    if predict is None:

        def predict(title: str, body: str) -> bool:
            return assess(title, body, weights=weights).relevant

    tp = fp = fn = tn = 0
    for title, body, label in examples:
        guess = predict(title, body)
        if guess and label:
            tp += 1
        elif guess:
            fp += 1
        elif label:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metrics(round(precision, 4), round(recall, 4), round(f1, 4), tp, fp, fn, tn)


def load_labelled(path: str) -> list[dict]:
    """Read a labelled JSONL file (`id`, `title`, `body`, `label`, optional `topic`)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def as_examples(rows: Sequence[dict]) -> list[tuple[str, str, bool]]:
    return [(row["title"], row.get("body", ""), bool(row["label"])) for row in rows]


def _report(name: str, metrics: Metrics) -> str:
    return (
        f"{name:<22} precision {metrics.precision:.3f}  recall {metrics.recall:.3f}  "
        f"F1 {metrics.f1:.3f}  (tp {metrics.tp}, fp {metrics.fp}, fn {metrics.fn}, "
        f"tn {metrics.tn})"
    )


def _evaluate_command(path: str, weights_path: str | None) -> int:
    rows = load_labelled(path)
    examples = as_examples(rows)
    weights = None
    if weights_path:
        with open(weights_path, encoding="utf-8") as handle:
            weights = Weights.from_json(handle.read())
    started = time.perf_counter()
    results = [assess(title, body, weights=weights) for title, body, _ in examples]
    elapsed = time.perf_counter() - started
    print(_report("relevance filter", evaluate(examples, weights=weights)))
    print(_report("keyword 'missing'", evaluate(examples, predict=KEYWORD_BASELINE)))
    wrong = [
        f"{row['id']} ({'missed' if row['label'] else 'false alarm'}, score {result.score:.2f})"
        for row, result in zip(rows, results, strict=True)
        if result.relevant != bool(row["label"])
    ]
    print("misclassified:", ", ".join(wrong) if wrong else "none")
    topical = [
        (row["topic"], result.topics)
        for row, result in zip(rows, results, strict=True)
        if row["label"] and result.relevant and row.get("topic")
    ]
    if topical:
        first = sum(1 for topic, found in topical if found[:1] == (topic,))
        anywhere = sum(1 for topic, found in topical if topic in found)
        print(
            f"topic of caught relevant items: first {first}/{len(topical)}, "
            f"listed {anywhere}/{len(topical)}"
        )
    print(f"speed: {len(rows) / elapsed:,.0f} items/second")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m monitors.relevance")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_parser = commands.add_parser("evaluate", help="score a labelled JSONL file")
    evaluate_parser.add_argument("path")
    evaluate_parser.add_argument("--weights", help="JSON file of learned weights")
    args = parser.parse_args(argv)
    return _evaluate_command(args.path, args.weights)


if __name__ == "__main__":
    sys.exit(main())
