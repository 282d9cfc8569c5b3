"""The rules as data: the phrases that decide relevance, their weights, and the words around them.

This is the file a policy lead reads and argues with. Patterns are written in lower case, as text
is lower-cased once before scanning. Where two rules can match at the same place the first listed
wins. How the rules are found in text is in `scanner`; how they add up to a decision, in `scoring`.
"""

from __future__ import annotations

from dataclasses import dataclass

# Patterns are written in lower case: text is lower-cased once before scanning.

_EVIDENCE = "evidence"
_AMBIGUOUS = "ambiguous"
_AGAINST = "against"
_CONTEXT = "context"

# What a phrase about going missing counts towards in an item that is about something else which
# has its own missing: a story (novel, drama, song), or a population count.
_IN_A_STORY = "said_in_a_story"
_OF_A_POPULATION = "said_of_a_population"
_OF_PRISONERS = "said_of_prisoners"
_OF_SOLDIERS = "said_of_soldiers"
_OF_AN_ANIMAL = "said_of_an_animal"
_AS_A_TRICK = "said_of_a_trick"
_OF_ANCESTORS = "said_of_ancestors"
_SET_ASIDE_WEIGHTS = {
    _IN_A_STORY: -0.5,
    _OF_A_POPULATION: -0.5,
    _OF_PRISONERS: -0.5,
    _OF_SOLDIERS: -0.5,
    _OF_AN_ANIMAL: -0.5,
    _AS_A_TRICK: -0.5,
    _OF_ANCESTORS: -0.5,
}

# A story word that is contrasted or denied ("unlike what you see on TV shows", "this isn't a TV
# drama; it's real life", "misrepresented in movies") is a guide setting a real case against
# fiction, not a story: it sets nothing aside and counts for nothing. Looked for in the words
# just before the story word (and "real life" just after it).
_CONTRAST = (
    r"\b(?:unlike|isn't|is\s+not|not\s+(?:a|like|true)|aren't|are\s+not|myths?|misrepresent\w*"
    r"|contrary\s+to|in\s+reality|real\s+life)\b"
)
_CONTRAST_BEFORE = 80
_CONTRAST_AFTER = 30

# Words for people. Ambiguous evidence needs one of these close by.
_PERSON = (
    r"child|children|child's|children's|kids?|young\s+(?:person|people)|youngsters?"
    r"|teen(?:ager)?s?|boys?|girls?|sons?|daughters?|pupils?|adults?|m[ae]n|wom[ae]n|persons?"
    r"|people|patients?|residents?|brothers?|sisters?|mother|father|parents?|husbands?|wife"
    r"|wives|relatives?|loved\s+ones?|famil(?:y|ies)|he|she|him|her|his|himself|herself"
    r"|someone|somebody|anyone|migrants?|refugees?|victims?|individuals?|\d{1,2}-year-olds?"
    r"|walkers?|hikers?|climbers?|ramblers?|pensioners?|students?|tourists?|backpackers?"
    r"|grandfathers?|grandmothers?|grandparents?|swimmers?|surfers?|kayakers?|canoeists?"
    r"|paddle-?boarders?|bathers?"
    # Relatives beyond the household, small children, and a veteran or soldier, who can go
    # missing at home like anyone else (the war dead are set aside by `war_dead`).
    r"|cousins?|nephews?|nieces?|uncles?|aunts?|aunties|grandsons?|granddaughters?"
    r"|grandchild(?:ren)?|boyfriends?|girlfriends?|toddlers?|bab(?:y|ies)|infants?|guys?"
    r"|veterans?|soldiers?|servicem[ae]n|servicewom[ae]n"
    # New Zealand's word for a walker.
    r"|trampers?|school(?:girls?|boys?|children|kids?)"
    # A couple who have not arrived; not "a couple of" days or files.
    r"|couples?(?!\s+of\b)"
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
    # A story, a song or a population count: found anywhere in an item, it sets aside what the
    # item says about people going missing, which counts towards this feature instead.
    sets_aside: str = ""
    # Looked for in the title only (a heading's form, which a body's words do not have).
    title_only: bool = False
    # Every word after the first must be capitalised, as names are ("by April Henry").
    names: bool = False


def _evidence(name: str, pattern: str, weight: float, *topics: str, acronym: bool = False) -> _Rule:
    return _Rule(name, _EVIDENCE, pattern, weight, topics=topics, acronym=acronym)


def _ambiguous(
    name: str,
    pattern: str,
    weight: float,
    loose: float,
    *topics: str,
    anchors: tuple[str, ...] = ("person",),
    acronym: bool = False,
) -> _Rule:
    return _Rule(
        name,
        _AMBIGUOUS,
        pattern,
        weight,
        loose_weight=loose,
        topics=topics,
        anchors=anchors,
        acronym=acronym,
    )


def _against(name: str, pattern: str, weight: float = -0.8) -> _Rule:
    return _Rule(name, _AGAINST, pattern, weight)


def _story(name: str, pattern: str, weight: float = -2.5) -> _Rule:
    """Words that show an item is a novel, a drama or a song. Its missing girl is a character:
    every phrase about going missing in the item counts against, as said in a story."""
    return _Rule(name, _AGAINST, pattern, weight, sets_aside=_IN_A_STORY)


def _population(name: str, pattern: str, weight: float = -2.5) -> _Rule:
    """Words that show "missing women" or "missing girls" are a deficit in a population count
    (sex ratios), not people who went anywhere: the item's missing phrases count against."""
    return _Rule(name, _AGAINST, pattern, weight, sets_aside=_OF_A_POPULATION)


def _custody(name: str, pattern: str, weight: float = -2.5) -> _Rule:
    """Words that show an item is about prisoners escaping or absconding from custody: they are
    wanted, not missing, so what the item says of absconding or disappearing counts against."""
    return _Rule(name, _AGAINST, pattern, weight, sets_aside=_OF_PRISONERS)


def _soldiers(name: str, pattern: str, weight: float = -2.5) -> _Rule:
    """Words that show an item is about soldiers: the war dead with no known grave, or servicemen
    absent without leave or deserting. Neither are missing people in the charity's sense, so what
    the item says of going missing or being AWOL counts against."""
    return _Rule(name, _AGAINST, pattern, weight, sets_aside=_OF_SOLDIERS)


def _animal(name: str, pattern: str, weight: float = -2.5) -> _Rule:
    """Words that show an item is about a pet or another animal that went missing ("Shadow went
    missing when his owners were moving"): what it says of going missing counts against."""
    return _Rule(name, _AGAINST, pattern, weight, sets_aside=_OF_AN_ANIMAL)


def _trick(name: str, pattern: str, weight: float = -2.5) -> _Rule:
    """Words that show an item is about stage magic: a conjuror makes a coin or a silk vanish, so
    what the item says of disappearing and vanishing counts against."""
    return _Rule(name, _AGAINST, pattern, weight, sets_aside=_AS_A_TRICK)


def _ancestry(name: str, pattern: str, weight: float = -2.5) -> _Rule:
    """Words that show an item is about family history: ancestors "missing" from a census or not
    found in parish registers are records not yet traced, so what the item says of finding people
    or of their going missing counts against."""
    return _Rule(name, _AGAINST, pattern, weight, sets_aside=_OF_ANCESTORS)


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
    # "Families of people who are missing": people said to be missing, in a clause of their own.
    _evidence(
        "people_who_are_missing",
        r"(?:people|persons|children|adults|relatives|loved\s+ones)\s+who\s+(?:are|were|have\s+been"
        r"|had\s+been|remain)\s+missing(?!\s+(?:out\b|from|in\s+action|the\s+point|school"
        r"|lessons?|classes|education|appointments?|meals?|payments?))",
        3.0,
    ),
    _evidence(
        "missing_child",
        r"missing\s+(?:child|children|child's|children's|young\s+(?:person|people)|teenagers?"
        r"|teens?|boys?|girls?|sons?|daughters?|pupils?|(?:\d|1[0-7])-year-olds?"
        r"|school(?:girls?|boys?|children|kids?))"
        # Children described before they are named: "missing unaccompanied asylum-seeking
        # children", "missing vulnerable young people".
        r"|missing\s+(?:(?:unaccompanied|asylum[- ]seeking|vulnerable|looked[- ]after|trafficked"
        r"|migrant|teenage|exploited|autistic|disabled|refugee|separated)\s+){1,3}(?:child|children"
        r"|minors?|young\s+(?:person|people)|teenagers?|boys?|girls?)",
        3.5,
        "missing_children",
    ),
    _evidence(
        "missing_adult",
        r"missing\s+(?:adults?|m[ae]n|wom[ae]n|relatives?|loved\s+ones?|brother's|sister's"
        r"|brothers?|sisters?|husbands?|wife|wives|partners?|fathers?|mothers?|family\s+members?"
        r"|individuals?|residents?|walkers?|hikers?|climbers?|ramblers?|pensioners?|students?"
        r"|tourists?|backpackers?|grandfathers?|grandmothers?|grandparents?|teachers?|doctors?"
        r"|(?:1[89]|[2-9]\d)-year-olds?|swimmers?|surfers?|kayakers?|canoeists?"
        # A veteran or soldier missing at home: "missing Army vet", "missing soldier".
        r"|veterans?|(?:army|navy|military|marine|air\s+force|war|combat|vietnam)\s+vets?"
        r"|soldiers?|servicem[ae]n|servicewom[ae]n|service\s+members?"
        r"|cousins?|nephews?|nieces?|uncles?|aunts?|boyfriends?|girlfriends?"
        r"|(?:elderly\s+|older\s+|married\s+)?couples?(?!\s+of\b)"
        r"|nurses?|presenters?|broadcasters?|celebrit(?:y|ies)|(?:tv|television|radio)\s+"
        r"(?:personality|personalities|stars?|hosts?)"
        r"|(?:psychiatric\s+|mental\s+health\s+|hospital\s+|vulnerable\s+|elderly\s+)?"
        r"patients?(?!\s+(?:data|records?|information|notes|files)))"
        # Walkers and climbers lost on the hills are searched for as missing people.
        r"|lost\s+(?:walkers?|hikers?|climbers?|ramblers?|hill\s*walkers?|fell\s*walkers?"
        r"|backpackers?|swimmers?)",
        3.5,
        "missing_adults",
    ),
    _evidence(
        "missing_episode",
        # "Missing, episode 1" is television, not a missing episode.
        r"missing\s+(?:episodes?(?!\s+(?:\d|one|two|three|four|five|six|seven|eight)\b)"
        r"|incidents?|occurrences?|person\s+reports?|reports?"
        r"|children\s+and\s+adults)"
        r"|(?:episodes?|incidents?|occasions?|history)\s+of\s+(?:going\s+)?missing",
        3.5,
    ),
    # "Have they been missing before?", "what happened whilst they were missing": the questions
    # of a missing-person risk assessment, asked of people whoever "they" are.
    _evidence(
        "missing_before",
        r"(?:been|gone|go|goes|went|going)\s+missing\s+(?:before|previously|again|repeatedly"
        r"|several\s+times|many\s+times|\d+\s+times)"
        r"|(?:while|whilst)\s+(?:(?:they|he|she)\s+(?:were|was|are|is)\s+)?missing"
        r"(?!\s+(?:out|the|a|an|their|its|his|her|our|your|targets?|deadlines?)\b)",
        2.5,
    ),
    _evidence(
        "missing_from_placement",
        r"missing\s+from\s+(?:[\w'-]+\s+){0,3}?(?:care|homes?|placements?|accommodation"
        r"|hotels?|hospitals?|wards?|units?|residences?)"
        # "Children who go missing from home or care": said with the verb, only of people (a cat
        # can go missing from its home, but not from care or a ward).
        r"|(?:go|goes|going|went|gone)\s+missing\s+from\s+(?:home\s+or\s+)?(?:[\w'-]+\s+){0,2}?"
        r"(?:care|placements?|accommodation|hotels?|hospitals?|wards?)",
        3.5,
        "missing_from_care",
    ),
    # People who run away are the same population whether or not anyone says "missing". Said of
    # prices or an economy ("in economics, the term runaway..."), it is about the thing.
    _ambiguous(
        "runaway",
        r"runaways?(?!\s+(?:inflation|costs?|prices?|trains?|success|victory|winners?|leaders?"
        r"|growth|spending|bride|lorry|lorries|trucks?|cars?|vehicles?|buses|bus|vans?|trams?"
        r"|coach(?:es)?|horses?|bulls?|cows?|cattle|sheep|pigs?|goats?|reptiles?|tortoises?"
        r"|animals?|pets?|dogs?|cats?|trolleys?|reactions?|effects?|climate"
        r"|warming|bills?|deficits?|debts?|rents?|hits?|favourites?|majority))",
        2.5,
        1.5,
        "missing_children",
        anchors=("person", "care", "police"),
    ),
    _evidence(
        "search_for_person",
        r"search(?:es|ed|ing)?\s+(?:[\w'-]+\s+){0,4}?for\s+(?:a\s+|an\s+|the\s+)?"
        # "Search for Monrovia hiker": a place or a name may stand before the person (but "search
        # for missing walkers" is a missing adult).
        r"(?:(?!missing\b|lost\b)[\w'-]+\s+)?(?:"
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
        # "No idea of the whereabouts of 222 vulnerable children", not of money or things.
        r"(?:no\s+idea|not\s+know|no\s+knowledge)\s+(?:of\s+|about\s+)?(?:the\s+|their\s+"
        r"|his\s+|her\s+)?whereabouts(?!" + _OF_THINGS.replace(r"|\d", "") + r")"
        r"|whereabouts\s+(?:(?:are|is|were|was|remain|remains|remained|became|becomes|become"
        r"|have\s+been"
        r"|had\s+been|has\s+been)\s+)?(?:still\s+)?(?:unknown|not\s+known|cannot\s+be\s+(?:established"
        r"|confirmed|found)|could\s+not\s+be\s+(?:established|confirmed))|unknown\s+whereabouts",
        3.5,
    ),
    # Lowland search and rescue teams are volunteers whom the police call out to search for
    # missing people: "what a lowland search involves".
    _evidence(
        "lowland_search",
        r"lowland\s+(?:search(?:es)?|rescue)(?:\s+and\s+rescue)?",
        3.0,
        "missing_persons_policing",
    ),
    # The public alerts of North America and Australia for a missing adult with dementia
    # (Silver Alert) or someone missing and at risk ("endangered missing").
    _evidence(
        "missing_alert",
        r"silver\s+alerts?|endangered\s+(?:missing|runaways?)|(?:missing|at-risk)\s+(?:and|&)\s+"
        r"endangered|endangered\s+(?:adults?|persons?)\s+(?:alerts?|advisor(?:y|ies)|notices?)",
        3.5,
        "missing_adults",
    ),
    # An Amber or Child Rescue Alert is for a child taken or missing; "amber alert" is also said of
    # weather ("older people urged to stay indoors"), so it needs a child near.
    _ambiguous(
        "child_alert",
        r"(?:amber|child\s+rescue)\s+alerts?",
        3.0,
        0.5,
        "missing_children",
        anchors=("child",),
    ),
    _evidence(
        "search_and_rescue",
        r"(?:mountain|cave)\s+(?:search\s+and\s+)?rescue|search[- ]and[- ]rescue"
        r"|police\s+search\s+advis[eo]rs?",
        1.5,
        "missing_persons_policing",
    ),
    _evidence("polsa", r"polsa", 1.5, "missing_persons_policing", acronym=True),
    # A long-term disappearance, marked by family and the press on its anniversary: "six years to
    # the day since John went missing", "ten years since son vanished".
    _evidence(
        "years_since_disappearance",
        r"(?:years?|months?|decades?)\s+(?:to\s+the\s+day\s+)?since\s+(?:[\w'-]+\s+){0,3}?"
        r"(?:went\s+missing|was\s+reported\s+missing|disappeared|vanished)",
        3.0,
        "families_of_missing_people",
    ),
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
    # A patient absent without leave is missing from care; a soldier absent without leave is
    # sought by his unit, and keys "AWOL for two weeks" are lost. So these count in full only near
    # a word about mental health care, care or the police, and not after a thing.
    _ambiguous(
        "absent_without_leave",
        r"absent\s+without\s+(?:leave|permission)",
        3.0,
        0.5,
        "mental_health_and_missing",
        anchors=("mental_health", "care", "police"),
    ),
    _ambiguous(
        "awol",
        r"awol",
        3.0,
        0.5,
        "mental_health_and_missing",
        anchors=("mental_health", "care", "police"),
        acronym=True,
    ),
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
    # Children a government "lost track of" after placing them with sponsors: missing in all
    # but the word ("lost track of nearly 1,500 migrant children"). Not "lost track of" alone,
    # which is said of pension pots and waiting lists.
    _evidence(
        "lost_track_of_children",
        r"lost\s+track\s+of\s+(?:[\w,]+\s+){0,4}?(?:migrant|unaccompanied|asylum-seeking"
        r"|children|minors)",
        3.0,
        "unaccompanied_asylum_seeking_children_missing",
    ),
    # Children exploited into going missing: "coerced into going missing", "groomed into running
    # away". The exploiter's verb makes it a person even when none is named close by.
    _evidence(
        "exploited_into_going_missing",
        r"(?:coerced|groomed|pressured|forced|lured|persuaded|exploited|manipulated)\s+(?:\w+\s+)?"
        r"into\s+(?:going|running)\s+(?:missing|away)",
        3.0,
        "exploitation_and_missing",
    ),
    # The US national database of missing and unidentified persons, and the phrase itself: the
    # missing and the unidentified dead are matched against each other.
    _evidence(
        "missing_and_unidentified",
        r"missing\s+and\s+unidentified|unidentified\s+and\s+missing|namus",
        3.0,
    ),
    # Police in England and Wales recorded people as "missing" or "absent" until 2022; the
    # two together are always said of people.
    _evidence(
        "missing_and_absent",
        r"missing\s+and\s+absent\s+(?:persons?|people|children|adults|cases|episodes|incidents)"
        r"|absent\s+and\s+missing\s+(?:persons?|people|children|adults|cases|episodes)",
        3.0,
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
    # Novels and their reviews: a missing woman in a thriller is a plot, not a case.
    _story(
        "fiction",
        r"(?:book|novel)\s+reviews?|(?:crime|detective|mystery|suspense|thriller)\s+(?:novels?"
        r"|fiction|writers?|books?)|psychological\s+thrillers?|thrillers?"
        r"|novels|novelists?|(?:debut|latest|bestselling|crime|detective|mystery|suspense)\s+novel"
        r"|(?:the|this|her|his)\s+novel(?=\s*[,.;:!?]|\s+(?:is|was|by|follows|tells|opens|ends))"
        r"|protagonists?|narrators?|page[- ]turners?"
        # The words of book reviews and readers' blogs ("domestic fiction", "this book",
        # "the main character", "my rating: 4 of 5 stars"), never used of a real case.
        r"|fiction(?<!fact\sor\sfiction)|fictional|(?:this|the|her|his|a|new|latest|debut|next|great"
        r"|good)\s+book(?!\s+(?:an?\s+appointment|a\s+place))|book\s+(?:clubs?|bloggers?|blogs?"
        r"|tours?|series)|bookworms?|bookish|goodreads|best-?sell(?:er|ers|ing)"
        r"|(?:main|lead|central|fictional)\s+characters?|my\s+rating|(?:of|out\s+of)\s+(?:5|five)"
        r"\s+stars"
        r"|the\s+reader(?!\s+(?:should|must|may|is\s+referred))|gripping|genres?|villains?"
        r"|heroines?|suspense|storytell(?:er|ers|ing)|sleuths?|prologue|epilogue"
        r"|(?:a|an)\s+(?:quick|good|great|gripping|compelling|enjoyable|riveting|easy)\s+read"
        r"|must-read"
        # A title that opens "Review:" reviews a book, a film or an album.
        r"|review(?=:)(?<=^\sreview)",
        -2.5,
    ),
    # Television and film: a drama about a missing child is a script, not a case.
    _story(
        "drama_and_film",
        r"(?:tv|television|netflix|itv|bbc|crime|daytime|period|police)\s+(?:dramas?|shows?|series)"
        r"|drama\s+(?:series|serial)|(?:first|second|third|new|latest|final|next)\s+series"
        # A numbered episode reviewed or recapped ("series 2 episode 1 review").
        r"|(?:series|seasons?)\s+(?:\d{1,2}|one|two|three|four|five),?\W+episode\s+(?:\d{1,2}"
        r"|one|two|three)\s+(?:reviews?|recaps?)|(?:series|seasons?|episode)\s+(?:\d{1,2}|one"
        r"|two|three|four|five)\s+(?:reviews?|recaps?|finale|premiere)"
        r"|box\s+sets?|screenplay|starring|spoilers?"
        r"|(?:the|this)\s+(?:show|series|film|movie|book|story|plot)\s+(?:is|was|follows|focuses"
        r"|centres|centers|revolves|tells|opens|begins|starts|ends|shows)"
        r"|(?:film|movie|tv|television|drama|series|episode)\s+reviews?"
        r"|plot\s*(?:lines?|twists?)|storylines?|red\s+herrings?|whodunn?its?|cliffhangers?"
        r"|sequels?|prequels?|actress(?:es)?|paperbacks?|hardbacks?|audiobooks?"
        # The words of film and television reviews: a film, its cast and director, an episode
        # recap ("1x01"), a premiere. Documentaries about real cases say "documentary" instead.
        r"|films?|movies?|cinemas?|film-?makers?|dramas?|actors?|(?:the|whole|small|strong"
        r"|supporting|stellar)\s+cast|cast\s+(?:includes|members?|list)|directed\s+by|recaps?"
        r"|(?:1|2|3|4|5|6|7|8|9)\d?x\d\d|premiered?|hollywood|box\s+office"
        r"|(?:amazon\s+)?prime\s+video|streaming\s+(?:services?|platforms?)"
        # Comedies: "Runaway Bride falls short of its predecessor's comedic smarts".
        r"|comedic|rom-?coms?|romantic\s+comed(?:y|ies)|screwball",
    ),
    # "Series 2, episode 1": a drama's, but podcasts and radio programmes number their episodes
    # too, so a number alone weighs against without setting the item aside.
    _against(
        "episode_number",
        r"(?:series|seasons?)\s+(?:\d{1,2}|one|two|three|four|five)(?:,?\W+episode\s+\d{1,2})?"
        r"|episode\s+(?:\d{1,2}|one|two|three)",
        -1.0,
    ),
    # Music: Missing Persons is also a band, and songs are full of people who went away.
    _story(
        "music",
        r"albums?|(?:the|a|their|this)\s+band|band's|(?:new\s+wave|synth[- ]?pop|punk|indie|rock"
        r"|pop|folk)\s+(?:bands?|acts?|groups?|music|albums?|songs?)|(?:hit\s+)?singles|songs"
        r"|(?:the|this|hit|new|debut)\s+(?:song|single)|vocals|vocalists?|lyrics|guitarists?"
        r"|record\s+labels?|gigs?|new\s+music"
        # A band's fans and critics: "my fave Missing Persons tune", "80's new wave", "made a splash
        # thanks to MTV", "singer Dale Bozzio and her husband, drummer Terry".
        r"|tunes?(?!\s+(?:in|of)\b)(?<!fine-tune)(?<!fine-tunes)|new\s+wave|mtv|drummers?|bassists?"
        r"|keyboardists?|synth(?:s|esi[sz]ers?)?|frontm[ae]n|frontwom[ae]n"
        # A record's sides and sound: "the classic B-side", "a delicate guitar melody".
        r"|b-sides?|a-sides?|vinyl|melod(?:y|ies)|(?:title|opening|closing|bonus)\s+tracks?"
        r"|one-hit[- ]wonders?|dance\s+(?:songs?|tracks?|hits?|music)",
    ),
    # Games: a video game's "Missing Persons" quest, an escape room or a murder-mystery party.
    # Not "quest" alone: a mother's quest to find her son is a real search. Not "gaming", "video
    # games" or a game's name: children groomed on gaming platforms go missing for real.
    _story(
        "game",
        r"gameplay|quests|questlines?"
        r"|(?:side|main)\s+quests?|quest\s+(?:items?|lines?|givers?|logs?|rewards?|chains?)"
        r"|walkthroughs?|playthroughs?|npcs?|non-player|escape\s+(?:rooms?|games?)|board\s+games?"
        r"|role-?playing\s+games?|rpgs?|murder\s+mystery\s+(?:games?|part(?:y|ies)|nights?)"
        r"|puzzle\s+(?:hunts?|games?|rooms?|pieces?|boxes|books?)|jigsaws?"
        # The person playing a game, as reviews say ("the player gets a personal request to
        # help find two people"). Not "players": footballers are players too.
        r"|the\s+player(?!s)",
    ),
    # A video game named in the title ("Missing (Video Game)", "Video Games Featuring Missing
    # Persons Cases"). Only in the title: in a body, "video games" is where children are groomed.
    _Rule("game_title", _AGAINST, r"video\s+games?", -2.5, sets_aside=_IN_A_STORY, title_only=True),
    # A title that names a book and its author ("The Night She Disappeared by April Henry"):
    # the last words of the title are a capitalised first name and surname after "by". Not after
    # a headline's verb ("Missing Hiker Found by Search Team", "Girl Rescued by Dog Walker"; not
    # every verb in -ed: "The Night She Disappeared by April Henry" is a book), and not a
    # name that is the police or a charity ("found by Police Scotland", "an appeal by Missing
    # People"), which headlines in title case also end with.
    _Rule(
        "book_heading",
        _AGAINST,
        r"by(?<!found\sby)(?<!rescued\sby)(?<!located\sby)(?<!spotted\sby)(?<!seen\sby)"
        r"(?<!taken\sby)(?<!held\sby)(?<!caught\sby)(?<!shot\sby)(?<!hit\sby)(?<!struck\sby)"
        r"(?<!killed\sby)(?<!abducted\sby)(?<!kidnapped\sby)(?<!attacked\sby)(?<!arrested\sby)"
        r"(?<!charged\sby)(?<!murdered\sby)(?<!saved\sby)(?<!traced\sby)(?<!identified\sby)"
        r"(?<!reported\sby)(?<!led\sby)(?<!run\sby)(?<!sought\sby)(?<!issued\sby)"
        r"(?<!launched\sby)(?<!released\sby)(?<!hosted\sby)(?<!organised\sby)(?<!organized\sby)"
        r"(?<!funded\sby)(?<!backed\sby)(?<!supported\sby)"
        # Headlines about exploitation: "Runaways Are Targeted by Sexual Predators".
        r"(?<!targeted\sby)(?<!groomed\sby)(?<!exploited\sby)(?<!lured\sby)(?<!stalked\sby)"
        r"(?<!trafficked\sby)(?<!preyed\son\sby)"
        r"\s+(?!(?:the|police|missing|search|sheriff|deputy|officers?|detectives?)\b)[a-z]+"
        r"(?:\s+[a-z]\.)?\s+(?!(?:police|people|persons|scotland|service|team|trust|charity"
        r"|council|constabulary)\b)[a-z'-]+$",
        -2.5,
        sets_aside=_IN_A_STORY,
        title_only=True,
        names=True,
    ),
    # Dating: a partner who stops replying "vanishes" or is "ghosting", not missing.
    _against("dating", r"ghost(?:ing|ed|ers?)|dating", -2.5),
    # Demography: Amartya Sen's "missing women" are a deficit in a population, not people who
    # went anywhere.
    _population(
        "sex_ratio",
        r"sex\s+ratios?|ratios?\s+of\s+(?:men|males|boys)\s+to\s+(?:women|females|girls)"
        r"|(?:preference|prefer)\s+for\s+sons|son\s+preference|sex[- ]selective"
        r"|female\s+(?:foeticide|feticide|infanticide|population|deficit)"
        r"|excess\s+(?:female\s+)?mortality",
    ),
    _against("demography", r"gender\s+(?:discrimination|imbalance)|demograph(?:y|ers?)", -1.5),
    # Prisoners who abscond or escape are unlawfully at large: sought to be recaptured, not
    # missing people (patients absent from hospital are another matter, under "awol").
    _custody(
        "prison_escape",
        r"(?:prisoners?|inmates?|convicts?|offenders?)\s+(?:who\s+)?(?:abscond|escap|fled|flee)\w*"
        r"|(?:prison|jail)\s+(?:escapes?|escapees?|breaks?)|unlawfully\s+at\s+large"
        r"|(?:escaped|absconded|fled|absconds?|escapes?)\s+(?:from\s+)?(?:an?\s+|the\s+)?"
        r"(?:open\s+|closed\s+)?(?:prisons?|jails?)|returned\s+to\s+(?:prison\s+)?custody"
        r"|recaptured",
    ),
    # Voters missing from the electoral register are unregistered, not unaccounted for.
    _against(
        "electoral_register",
        r"electoral\s+(?:registers?|rolls?|registration|commission)|(?:missing|unregistered"
        r"|eligible)\s+voters|voter\s+registration|registered\s+to\s+vote",
        -2.5,
    ),
    # Stolen and recovered art: "The Boy in the Red Vest remained missing" is a painting.
    _against(
        "art_theft",
        r"(?:stolen|missing|lost|looted|recovered)\s+(?:art(?:works?)?|paintings?|masterpieces?"
        r"|sculptures?|antiquities)|art\s+(?:thefts?|heists?|recovery|crime)"
        r"|art\s+collections?|works\s+of\s+art"
        r"|(?:paintings?|artworks?|masterpieces?)\s+(?:was|were|went|had\s+been|have\s+been)\s+"
        r"(?:stolen|missing|recovered)",
        -2.0,
    ),
    # Family history: "searching for people in parish registers online and not finding them".
    _ancestry(
        "family_history",
        r"genealog(?:y|ical|ists?)|ancestors?|ancestry|parish\s+registers?|family\s+trees?"
        r"|family\s+histor(?:ians?|y\s+(?:research|societ(?:y|ies)|help|records?))"
        r"|census\s+(?:records?|returns?|enumerators?)",
    ),
    # A joke or a forum quip: "Oh great. Now we're helping the Secret Police be more effective at
    # disappearing people" under "A better vanish technique". Weighs against without setting the
    # item aside.
    _against(
        "humour",
        # Not "jokes": "you can bet the 'lost lieutenant' jokes will fly" of a real search.
        r"joking|jokingly|lol|lmao|rofl|haha(?:ha)*|punchlines?|satir(?:e|ical|ists?)"
        r"|parod(?:y|ies)|memes?|tongue[- ]in[- ]cheek|pun(?:s|ny)|humou?r(?:ous|ist|ists)?"
        r"|comed(?:y|ies)|comedians?|comical|hyperbole|hilarious",
        -1.5,
    ),
    # Football: "Who's missing: Saka remains absent for Arsenal's title tilt", a striker missing a
    # match through injury. Weighs against without setting the item aside: a footballer can go
    # missing like anyone else.
    _against(
        "sport",
        r"premier\s+league|champions\s+league|fa\s+cup|world\s+cup|strikers?|midfielders?"
        r"|goalkeepers?|injury\s+(?:list|crisis|setbacks?|concerns?|doubts?)|hamstring|matchday"
        r"|title\s+(?:race|tilt|challenge)",
        -1.5,
    ),
    # Longing for someone, not their going missing: "missing my grandchildren during lockdown",
    # "what to do when you're missing your family and friends".
    _against(
        "longing",
        # Not "missing my son" or "missing your loved one": a parent of a missing child says it too.
        r"missing\s+(?:my|our|your)\s+(?:[\w'-]+\s+)?(?:family|friends|grandchildren|grandkids"
        r"|parents|mum|mom|dad|home)|homesick(?:ness)?",
        -1.5,
    ),
    # A walkout is a protest: MPs who "walked out of the chamber" are not wandering off.
    _against(
        "walkout",
        r"walk(?:s|ed|ing)?\s+out\s+(?:of\s+(?:the\s+)?(?:commons|chamber|house|meeting|talks"
        r"|debate|studio|interview|hearing|negotiations|parliament)|in\s+protest|on\s+strike)"
        r"|walk-?outs?",
        -0.5,
    ),
    _against("missing_trader", r"missing[- ]trader"),
    # Military casualties are excluded by the labelling rule however the word is used.
    # The war dead: "memorials to the missing" name soldiers with no known grave.
    _soldiers(
        "war_dead",
        r"war\s+dead|war\s+graves?|no\s+known\s+graves?|killed\s+in\s+action|missing\s+in\s+action"
        r"|memorials?\s+(?:to|for|of)\s+['\"]?(?:the\s+)?['\"]?missing|the\s+missing\s+of\s+the"
        r"|unknown\s+soldiers?|cwgc|commonwealth\s+war\s+graves"
        # America's war missing: the Defense POW/MIA Accounting Agency (DPAA) and POWs.
        r"|pow/mia|pows|dpaa"
        # The soldiers of a past war, and the army's word for them: "posted missing".
        r"|(?:first|second|great|boer|korean|vietnam|crimean)\s+(?:world\s+)?war\s+(?:soldiers?"
        r"|servicem[ae]n|airm[ae]n|sailors?|dead|casualt(?:y|ies)|missing)|(?:soldiers?|servicem[ae]n"
        r"|airm[ae]n|sailors?|troops)\s+(?:of|from|in)\s+the\s+(?:first|second|great|boer|korean"
        r"|vietnam|crimean)\s+(?:world\s+)?war|posted\s+missing"
        r"|(?:world\s+war\s+(?:i|ii|one|two|1|2)|ww(?:i|ii|1|2))\s+(?:soldiers?|servicem[ae]n|airm[ae]n"
        r"|sailors?|pows?|dead|casualt(?:y|ies)|missing)",
    ),
    # Soldiers absent without leave are deserters in military law, sought by their unit.
    _soldiers(
        "military_absence",
        # Not "soldier" or "service member" alone: a soldier can go missing like anyone else.
        r"desertion|deserters?|courts?[- ]martial|ucmj|military\s+(?:law|justice|discipline)"
        r"|uniform\s+code\s+of\s+military\s+justice"
        r"|absent\s+from\s+(?:his|her|their)\s+(?:unit|regiment|post)",
    ),
    # A lost pet: the microchip that brings it home, the shelter that scans it, its owners.
    _animal(
        "lost_pet",
        r"microchip(?:s|ped)?|humane\s+society|animal\s+(?:shelters?|rescues?|services|control"
        r"|protection|welfare)|rspca|dog\s+wardens?|(?:dog|cat|pet)\s+owners?"
        r"|veterinar(?:y|ian|ians)|(?:lost|missing|stray)\s+(?:dogs?|cats?)"
        # Not a search-and-rescue dog, which is looking for a person (the look back follows
        # "rescue" so that the pattern still opens with a letter, which the scanner groups).
        r"|rescue(?<!search-and-rescue)(?<!search\sand\srescue)d?\s+(?:dogs?|cats?)"
        r"|(?:dogs?|cats?)\s+(?:reunited|reunites|found|returns?|returned|goes\s+missing"
        r"|went\s+missing)",
    ),
    # An animal named in passing ("her puppy", "the tortoise") weighs against without setting the
    # item aside: a girl can go missing with her puppy.
    _against(
        "animal",
        r"pets?|pupp(?:y|ies)|kittens?|tortoises?|paws?|(?:the|local|our|their|your)\s+vets?",
        -1.5,
    ),
    # Stage magic: "how do you make stuff disappear?", "a magician makes a silk vanish".
    _trick(
        "conjuring",
        r"magicians?|magic\s+(?:tricks?|acts?|shows?|wands?|circles?)|(?:stage|close-up|street)\s+"
        r"magic|conjur(?:ors?|ers?|ing)"
        r"|illusionists?|sleight\s+of\s+hand|card\s+tricks?|(?:make|makes|making|made)\s+"
        r"(?:stuff|things|objects?|coins?|cards?|a\s+coin|a\s+card|silks?|a\s+silk|cigarettes?"
        r"|a\s+cigarette|it)\s+(?:disappear|vanish)"
        # A "vanish" is a conjuror's move: "a better vanish technique".
        r"|vanish\s+(?:techniques?|tricks?|methods?|moves?)",
    ),
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
        r"|flights?|trains?|connections?|payments?)",
    ),
    # Missed chances are another sense of the word, but reviews of how children who went missing
    # were failed say it too, so it only stops the word counting, and weighs little against.
    _against(
        "missed_opportunity",
        r"miss(?:es|ed|ing)?" + _GAP5 + r"\W+(?:opportunit(?:y|ies)|chances?)",
        -0.2,
    ),
    # Time out of class as attainment: "pupils missing 10% of sessions", "missed lessons".
    _against(
        "missing_lessons",
        r"miss(?:es|ed|ing)?" + _GAP5 + r"\W+(?:sessions?|lessons?|classes|school\s+days?|learning"
        r"|exams?|teaching|schooling|school)(?!\s+(?:and|or)\s+(?:home|care))",
    ),
    _against(
        "missing_things",
        r"missing\s+(?:['\"]?[\w-]+['\"]?\s+){0,2}?(?:data|information|details|records?|documents?"
        r"|documentation|evidence|material|files?|paperwork|items?|pieces?|links?|money|funds?"
        r"|funding|revenue|tax|vat|income|cash|equipment|property|luggage|baggage|suitcases?"
        r"|parcels?|post|mail|pets?|dogs?|cats?|tortoises?|reptiles?|parrots?|horses?|animals?"
        r"|cargo|goods|stock|objects?|artefacts?|features?"
        r"|values?|fields?|ingredients?|signatures?|pages?|knowledge|skills|components?|parts?"
        r"|keys?|badges?|passports?|point|votes|answers?|entries|checks|teeth|maps?|meals?"
        r"|socks?|sox|gloves?|mittens?|garments?|clothes|clothing|shoes?|boots?|umbrellas?"
        r"|earrings?|jewell?ery|spoons?|lids?|remotes?)",
    ),
    # --- Evidence that needs a person close by ---------------------------------------------------
    # A plot told in the present tense: "the fathers whose daughters go missing", "her son
    # disappears into the rain-forest". Reports say "went missing", and guidance speaks of
    # children in general ("when a child goes missing"); reviews and blurbs tell a story this way.
    _against(
        "told_as_a_plot",
        r"(?:daughters?|sons?|wife|husband|girlfriend|boyfriend|fianc[e\u00e9]e?|mother|father"
        r"|sisters?|brothers?|best\s+friend|neighbou?r)\s+(?:goes\s+missing|go\s+missing"
        r"|disappears?|vanish(?:es)?)",
        -1.0,
    ),
    # Reporting someone missing is what families and carers do for people, not for things: said
    # near a person it weighs more than going missing, which stories and pets also do.
    # Open cases of missing people, as the police count them ("876 long term missing cases",
    # "follow up on missing cases"); with a person or the police close by.
    _ambiguous(
        "missing_cases",
        r"(?:long[- ]term\s+)?missing\s+cases",
        3.2,
        0.8,
        anchors=("person", "police"),
    ),
    _ambiguous(
        "reported_missing",
        r"(?:reported|reporting|report|reports)\s+(?:(?:him|her|them|someone|somebody|anyone"
        r"|a\s+person)\s+)?(?:as\s+)?missing(?!\s+(?:out\b|in\s+action|the\s+point|targets?|deadlines?"
        r"|items?"
        r"|property|goods|bags?|luggage|pets?|dogs?|cats?|weapons?|guns?|equipment|devices?|data))"
        r"|reported\s+(?:themselves|himself|herself)\s+(?:as\s+)?lost",
        3.2,
        0.8,
    ),
    _ambiguous(
        "went_missing",
        r"(?:" + _GO + r"\s+|(?:reported|reporting|report|recorded|listed|found\s+to\s+be|remains?"
        r"|remained|still|been|declared)\s+(?:(?:him|her|them|someone|somebody|anyone)\s+)?"
        r"(?:as\s+)?|who\s+(?:are|is|was|were|has\s+been|have\s+been"
        r"|had\s+been)\s+)missing(?!\s+(?:out\b|the\s+point|targets?|deadlines?|in\s+action))",
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
        r"found\s+(?:(?:him|her|them)\s+|[\w-]+\s+(?:but|and)\s+)?(?:safe|unharmed|alive)"
        r"(?:\s+and\s+well)?"
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
        r"|heard\s+from\s+(?:since|for|again))|(?:has|have|had)n't\s+been\s+(?:seen|heard\s+from)"
        r"|last\s+seen|last\s+(?:confirmed\s+|reported\s+)?"
        r"sightings?|(?:became|become|becomes|got|gets|get|been|was|were)\s+separated\s+from\s+"
        r"(?:his|her|their|the)\s+(?:family|parents?|group|friends|carers?|companions|party)",
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
    # A swimmer or walker not back when expected: "reported as overdue" (not a library book).
    _ambiguous(
        "overdue",
        r"(?:reported|listed|recorded|was|were|is|are)\s+(?:as\s+)?overdue",
        2.4,
        0.2,
    ),
    _ambiguous(
        "gone_for_days",
        r"(?:(?:vanish|disappear)(?:ed|es|s|ing)?|lost)\s+for\s+(?:[\w-]+\s+){0,4}?(?:hours|days"
        r"|nights|weeks)",
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
        r"|(?:(?:disappear|vanish)(?:ed|es|s|ing)?\s+)?without\s+(?:being\s+|a\s+)?trac(?:ed|e)"
        r"|vanish(?:ed|es|ing)?|(?:was|were|being)\s+traced|untraced"
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
        r"|(?:never|not)\s+(?:came|come)\s+(?:back|home)|not\s+having\s+(?:come|gone)\s+(?:back|home)"
        r"|not\s+having\s+returned"
        # People overdue at where they were going: "they have yet to arrive".
        r"|(?:have|has|had)\s+yet\s+to\s+arrive|(?:never|did\s+not|didn't|failed\s+to)\s+arrive[ds]?",
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
    # A child found on their own, or someone found wandering: whoever looks after them may not
    # know where they are ("a young boy was found alone on Dare Road, the Sheriff's Office said").
    _ambiguous(
        "found_alone",
        r"found\s+(?:wandering|alone|unattended|roaming|walking\s+alone)|(?:wandering|walking"
        r"|roaming)\s+(?:alone|unattended)",
        2.6,
        0.4,
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
        r"|spending|prices?|budgets?|inflation|economics|economy|economies|ships?|boats?|yachts?"
        r"|planes?|aircraft|airplanes?|aeroplanes?|airliners?|jets?|helicopters?|submarines?"
        r"|cars?|vans?|lorries|trucks?|bikes?|bicycles?|tortoises?|parrots?|horses?|ponies"
        r"|cattle|cows?|sheep|snakes?|reptiles?|animals?|livestock|artworks?|sculptures?"
        r"|treasures?|jewell?ery|diamonds?"
        # Things that go missing about the house: "another half-dozen socks go missing".
        r"|socks?|sox|gloves?|mittens?|laundry|washing|garments?|umbrellas?|remotes?|tupperware"
        r"|lids?|pens?|spoons?|earrings?",
        "object",
    ),
    _context(
        "military_context",
        # Not "soldier": a soldier can go missing at home like anyone else, so it is a person.
        r"troops|casualt(?:y|ies)|war\s+dead"
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
        "adult_care_context",
        r"(?:aged|nursing|respite|residential|elderly)\s+care|care\s+(?:facility|facilities)"
        r"|nursing\s+homes?|care\s+homes?\s+for\s+(?:older|elderly)",
        "adult_care",
    ),
    _context(
        "exploitation_context",
        r"exploit(?:ation|ed|ing|ers?)?|county\s+lines|traffick(?:ing|ed|ers?)|groom(?:ing|ed)"
        r"|modern\s+slavery|gangs?|drug\s+dealing|cuckooing",
        "exploitation",
    ),
    _context("exploitation_acronym", r"cse|cce", "exploitation", acronym=True),
    _context("dementia_context", r"dementia|alzheimer's|memory\s+loss", "dementia"),
    # A condition that makes someone vulnerable when they disappear: "who suffered from a
    # significant cognitive impairment, disappeared on 8th May".
    _context(
        "vulnerability_context",
        r"cognitive\s+(?:impairments?|decline|difficult(?:y|ies))|learning\s+disabilit(?:y|ies)"
        r"|autis(?:m|tic)|(?:acquired\s+)?brain\s+injur(?:y|ies)",
        "vulnerable",
    ),
    _context(
        "asylum_context",
        r"asylum(?:-seeking)?|unaccompanied|small\s+boats?|arrived\s+alone|age\s+assessments?"
        r"|hotels?",
        "asylum",
    ),
    _context("asylum_acronym", r"uasc", "asylum", acronym=True),
    _context("care_acronym", r"cla|lac", "care", "person", acronym=True),
    _context(
        "mental_health_context",
        r"mental\s+(?:health|ill[- ]health|illness)|psychiatric|inpatients?|wards?|detained"
        r"|suicid(?:e|al)",
        "mental_health",
    ),
    _context(
        "police_context",
        r"police|polic(?:ing|ed)|officers?|constables?|national\s+crime\s+agency"
        # Police by other names: America's sheriffs and deputies, Canada's RCMP, Ireland's Gardaí.
        r"|sheriffs?|sheriff's|deputies|troopers?|mounties|rcmp|garda[i\u00ed]?"
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
        r"attorney|probate|property\s+and\s+(?:financial\s+)?affairs"
        r"|(?:financial|legal)\s+(?:and\s+(?:legal|financial)\s+)?affairs",
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
        r"|teen(?:ager)?s?|boys?|girls?|sons?|daughters?|pupils?|(?:\d|1[0-7])-year-olds?|minors?",
        "child",
        "person",
    ),
    _context(
        "adult_context",
        r"adults?|m[ae]n|wom[ae]n|husbands?|wife|wives|older\s+(?:people|person)|pensioners?"
        r"|(?:1[89]|[2-9]\d)-year-olds?",
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


# Context categories near evidence: the weight they add, and the topic they point to.
_BOOSTERS: dict[str, tuple[float, str | None, float]] = {
    "child": (0.5, "missing_children", 0.6),
    "adult": (0.3, "missing_adults", 0.8),
    "care": (0.6, "missing_from_care", 1.0),
    "adult_care": (0.5, "missing_adults", 0.8),
    "return": (0.5, None, 0.0),
    "police": (0.5, "missing_persons_policing", 0.7),
    "exploitation": (0.6, "exploitation_and_missing", 1.2),
    "dementia": (0.6, "dementia_and_missing", 1.5),
    "vulnerable": (0.6, None, 0.0),
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
    names += [_THING_MISSING, *_SET_ASIDE_WEIGHTS]
    names += [f"near:{cue}" for cue in _BOOSTERS]
    return tuple(names)


FEATURES: tuple[str, ...] = _feature_names()
_DEFAULT_WEIGHTS: dict[str, float] = {
    **{rule.name: rule.weight for rule in _RULES if rule.kind != _CONTEXT},
    **{f"{r.name}:alone": r.loose_weight for r in _RULES if r.kind == _AMBIGUOUS},
    _THING_MISSING: _OTHER_SENSE_WEIGHT,
    **_SET_ASIDE_WEIGHTS,
    **{f"near:{cue}": weight for cue, (weight, _, _) in _BOOSTERS.items()},
}


def _clamp(value: float) -> float:
    return max(-_MAX_ADJUSTMENT, min(_MAX_ADJUSTMENT, value))


# What each rule means, in the words shown to officers when a decision is explained. Every
# evidence, ambiguous and against rule has one (the suite checks); context words are described by
# the booster they stand for.
MEANINGS: dict[str, str] = {
    # Evidence: phrases that only ever mean people going missing.
    "missing_persons_unit": "a missing persons unit, team or investigation",
    "missing_person": "a missing person or missing people",
    "people_who_are_missing": "people who are, or have been, missing",
    "missing_child": "a missing child or young person",
    "missing_adult": "a missing adult, relative or member of the public",
    "missing_episode": "a missing episode, incident or report",
    "missing_before": "the questions of a missing-person risk assessment",
    "missing_from_placement": "someone missing from care, a placement, a hotel or a hospital",
    "runaway": "a runaway",
    "search_for_person": "a search for a person",
    "concern_for_welfare": "a police appeal's concern for someone's welfare",
    "whereabouts_unknown": "someone whose whereabouts are unknown, or no one knows",
    "lowland_search": "a lowland search, or lowland search and rescue teams",
    "missing_alert": "a Silver Alert or an endangered-missing alert for someone at risk",
    "child_alert": "an Amber or Child Rescue Alert for a missing child",
    "search_and_rescue": "search and rescue teams",
    "polsa": "a police search adviser (PolSA)",
    "years_since_disappearance": "years since someone went missing or vanished",
    "absent_from_placement": "absence from a placement or care",
    "unauthorised_absence": "unauthorised absence from care",
    "philomena_protocol": "the Philomena Protocol",
    "return_interview": "a return home interview",
    "herbert_protocol": "the Herbert Protocol",
    "absent_without_leave": "a patient absent without leave",
    "awol": "a patient absent without leave (AWOL)",
    "abscond": "absconding",
    "presumption_of_death": "a presumption or declaration of death",
    "guardianship_of_affairs": "guardianship of a missing person's affairs",
    "unresolved_loss": "families' words for a disappearance (ambiguous loss, fate unknown)",
    "children_missing_education": "children missing education",
    "cme": "children missing education (CME)",
    # Ambiguous: phrases that mean going missing when a person is mentioned close by.
    "missing_cases": "open cases of missing people",
    "reported_missing": "someone reported missing",
    "went_missing": "someone going, or being reported, missing",
    "missing": "the word missing",
    "ran_away": "running away",
    "found_safe": "someone found or returned safe",
    "absent_without_permission": "being away without permission",
    "away_from_home": "being away from home or a placement",
    "left_without_telling": "leaving without telling anyone",
    "not_seen": "someone not seen or heard from since",
    "found_after": "someone found or traced after being away",
    "back_after_absence": "coming back after time away",
    "reappeared": "reappearing",
    "unaccounted_for": "someone unaccounted for",
    "overdue": "someone reported overdue, not back when expected",
    "gone_for_days": "vanishing for days",
    "cannot_be_found": "someone who cannot be found, located or traced",
    "disappeared": "a disappearance",
    "out_of_sight": "dropping out of sight",
    "destination_unknown": "a location or destination not known",
    "whereabouts_not_established": "whereabouts not established",
    "whereabouts": "someone's whereabouts",
    "wandered_or_lost": "wandering off or getting lost",
    "left_or_lost": "leaving home or hospital",
    "not_returned": "not coming back, or not arriving",
    "locate_and_return": "locating and returning someone",
    "safe_and_well_check": "a safe and well check",
    "found_alone": "a child or vulnerable person found alone or wandering",
    # Against: "missing" in other senses, and subjects that have missing people of their own.
    "special_guardianship": "special guardianship, a care order for children",
    "missing_out": "missing out, on money or chances",
    "fiction": "a novel or a review of one: its missing people are characters",
    "drama_and_film": "a television drama or film: its missing people are characters",
    "episode_number": "an episode or series number, as dramas, podcasts and programmes have",
    "music": "a band, album or song",
    "game": "a video game, an escape room or a puzzle: its missing people are characters",
    "sex_ratio": 'a population\'s sex ratio: its "missing women" are a statistic',
    "demography": "demography",
    "prison_escape": "prisoners escaping or absconding: they are wanted, not missing",
    "electoral_register": "voters missing from the electoral register",
    "art_theft": "stolen or missing works of art",
    "family_history": "family history: ancestors missing from the records are not missing people",
    "humour": "a joke or a humour column",
    "sport": "football: players missing a match through injury or suspension",
    "longing": "missing someone in the sense of longing for them, or homesickness",
    "walkout": "a walkout in protest",
    "missing_trader": "missing trader fraud",
    "told_as_a_plot": "a story told in the present tense, as reviews and blurbs tell a plot",
    "missing_in_action": "soldiers missing in action, the war dead",
    "war_dead": "the war dead with no known grave, named on memorials to the missing",
    "military_absence": "soldiers absent without leave or deserting: their unit seeks them",
    "conjuring": "stage magic: what a magician makes disappear is a trick",
    "lost_pet": "a lost pet, its owners, its microchip or its shelter",
    "animal": "a pet or another animal",
    "lost_or_missing": "lost or stolen property",
    "missed_target": "a missed target, deadline, appointment or payment",
    "missed_opportunity": "a missed opportunity or chance",
    "missing_lessons": "missed lessons or school days, as attainment",
    "missing_things": "missing data, documents, money, pets or other things",
    "whereabouts_of_things": "the whereabouts of money or things",
    "lost_track_of_children": "children the authorities lost track of",
    "exploited_into_going_missing": "someone coerced or groomed into going missing",
    "missing_and_unidentified": "the missing and the unidentified dead (NamUs)",
    "missing_and_absent": "people recorded as missing or absent, as police record them",
    "game_title": "a video game named in the title: its missing people are characters",
    "book_heading": "a title naming a book and its author: its missing people are characters",
    "dating": "dating: a partner who stops replying (ghosting) is not missing",
}
