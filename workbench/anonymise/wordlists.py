"""Word lists for finding names: titles, roles, common words, verbs, particles."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words before a name that are never a finding themselves.
TITLES = _words(
    "ambassador brother capt captain chief col colonel commander commissioner dame director "
    "doctor don dott doña dr father fr frau gen general governor herr imam inspector judge "
    "justice lady lieutenant lord lt madame major mayor minister miss mlle mme monsieur mr "
    "mrs ms mx officer president prof professor rabbi secretary senator sergeant señor señora "
    "sgt sheikh signor signora sir sister sr sra"
)

# Speaker labels that name a part in the interview, not a person (a study adds its own).
ROLES = _words(
    "a audience chair fac facilitator guest host i inaudible int interpreter interviewee "
    "interviewer mod moderator note-taker notetaker observer p part participant q r resp "
    "respondent speaker translator unidentified unknown"
)

# Words that start sentences and name nobody, though the name list may hold some (So, Will).
COMMON_WORDS = _words(
    "a about above absolutely actually after again against ah all also although always am an "
    "and another any anyway arabic are around as at back basically be because been before "
    "being below between both but by bye can certainly come could dear definitely did do does "
    "doing done down during each either else end english er erm even ever every exactly "
    "finally fine first for french from further german give go good goodbye great had has "
    "have having he hello her here hers herself hey hi him himself his hm hmm how however i "
    "if in indeed interview into is it its itself just last later laughs let like look many "
    "may maybe me meanwhile mm more most mostly much must my myself never next no nobody none "
    "nor not note nothing now obviously of off often oh ok okay on once one only or other our "
    "ours ourselves out over own part pause perhaps please probably quite rather really "
    "recording right same say second section see session she should since so some something "
    "sometimes sorry spanish start still such sure take tell than thank thanks that the their "
    "theirs them themselves then there these they third this those though through thus to "
    "today together tomorrow too towards transcript true uh um under unless until up us "
    "usually very war was we well were what whatever when where whether which while who "
    "whoever whom whose why wie will with within without would yeah yes yesterday yet you "
    "your yours yourself yourselves"
)

# English contractions of "I" (straight and curly apostrophes): capitalised, never a name.
I_CONTRACTIONS = frozenset(
    f"i{apostrophe}{ending}" for apostrophe in "'’" for ending in ("d", "ll", "m", "ve")
)

# Words after which a first name that is also a town (Amara, Lima) is the town.
LOCATIVES = _words("across around at from in inside near of outside to via")

# Verbs after an unknown capitalised word that make it a person: "Smith was there".
SUBJECT_VERBS = _words(
    "and arrived asked called came could did does explained had has is knew left lived said "
    "says thinks thought told was went worked would wrote"
)

# Words a multi-word name may hold in lower case: van der Berg, bin Laden, de la Cruz.
PARTICLES = _words("al bin da das de del della den der di dos du el ibn la le van von")

# Short names people use for countries that pycountry does not hold as a name.
COUNTRY_ALIASES = _words(
    "Turkey Russia Iran Syria Korea Vietnam Bolivia Venezuela Tanzania Laos Moldova Britain "
    "England Scotland Wales Palestine Kosovo Macedonia Burma Swaziland Holland USA UK UAE"
)
