"""Watched patterns for the common families of health misinformation.

Moderators edit them in the admin afterwards (Comments > Watched phrases). Each
pattern is searched in the comment as screening sees it: lower case, curly quotes
made straight, one space between words. "Hold" is used where a pattern states a
claim (someone caused a disease on purpose, a cure, stop your medicine, a vaccine
injury, a sale); "flag" where the words are often ordinary talk, and two or more
different flagging phrases in one comment hold it (comments.screening.FLAGS_THAT_HOLD).
Patterns that check for a question mark ("(?![^.!?]{0,300}\\?)") leave a reader's
question to be flagged by a wider pattern rather than held. Some look behind by a
varying length, which the ``regex`` package that screening uses allows (``re`` does not).

Hand-written: rows are only added when missing, so re-running never undoes a
moderator's change, and reversing removes only rows nobody has changed. The one
seeded pattern this replaces (0003's "stop taking", which held readers saying
their own doctor had stopped a medicine) is updated only if still as seeded.
"""

from django.db import migrations

MISINFORMATION, ADVICE, PROMOTION = "misinformation", "medical_advice", "promotion"
HOLD, FLAG = "hold", "flag"

# Fragments the patterns below are built from. Each row stores the whole pattern.
# Not a question: a reader asking whether something is true is flagged, not held.
NOT_A_QUESTION = r"(?![^.!?]{0,300}\?)"
# Placed just after a claim's verb: no negation or hedge shortly before it in the
# sentence ("nothing cures it", "I hope it will cure it"). Bounded, so it stays quick.
NOT_HEDGED = (
    r"(?<!(n't|\b(no|not|never|nothing|cannot|hope|hoping|hopefully|might|maybe|if|wish|whether|impossible"
    r"|unable|myth|claim|claims|claimed|used to (think|believe))\b)[^.!?]{0,80})"
)
# Where an instruction starts: the start of a sentence or clause, or after "just", "you should"...
# A look-behind, so the matched words shown to moderators start at the instruction itself.
INSTRUCTION = (
    r"(?<=(^|[.!?;:,(] ?|\b(just|please|simply|so|then|and|you should|you need to|you must|you have to|best to"
    r"|better to|i'd|i would|i'd say|honestly|seriously|trust me) ))\b"
)
MEDICINES = (
    r"(meds|medications?|medicines?|drugs|pills|tablets|prescriptions?|prescription drugs|steroids|insulin|"
    r"inhalers?|injections?|chemo(therapy)?|statins|antidepressants|immunosuppressants|treatments?|plasma "
    r"exchange|ivig|immunoglobulin|infusions?|surgery|operation|radiotherapy)"
)
VACCINES = r"(vaccin\w*|vax\w*|jabs?|boosters?|mmr|mrna|shots?)"
TOXINS = (
    r"(heavy metals?|metal toxicity|mercury|aluminium|aluminum|amalgams?|fillings|toxins?|toxic load|toxicity"
    r"|parasites?|candida|glyphosate|fluoride)"
)
CULPRITS = (
    r"(5g|phone masts?|(cell|mobile|phone) (phone )?towers?|wi-?fi|chemtrails?|fluoride|glyphosate|aspartame|"
    r"seed oils?|big pharma|(?<!big )pharma\w*|drug companies|governments?|govt|the elites?|bill gates)"
)
HARM = (
    r"(caus\w*|creat\w*|engineer\w*|releas\w*|poison\w*|scrambl\w*|destroy\w*|damag\w*|to blame|behind "
    r"(it|this|all|most|these|many)|responsible for (this|it|all|most)|did (this|it)|made (us|people|everyone)"
    r" (sick|ill))"
)
ANY = r"\b[^.!?]{0,60}\b"

# (pattern, category, action, note)
PATTERNS = [
    # --- Someone causing a disease on purpose --------------------------------
    (
        rf"\b{CULPRITS}{ANY}{HARM}",
        MISINFORMATION,
        HOLD,
        "A government, big pharma, 5G and the like blamed for illness.",
    ),
    (
        r"\b(releas|spread|creat|caus|poison|infect|engineer|ma[dk]|put|add|spray)\w* (\w+ ){0,5}(on purpose|"
        r"deliberately|intentionally|by design)\b|\b(on purpose|deliberately) (\w+ ){0,2}(releas|spread|poison|"
        r"infect)",
        MISINFORMATION,
        HOLD,
        "Made or spread on purpose.",
    ),
    (
        r"\b(depopulation|population control|thin(ning)? out the (population|herd)|bio-?weapons?|man[- ]?made|"
        r"lab[- ]?made|plandemic|scamdemic|chemtrails?|spray(ing|s|ed)? (the skies|the sky|us|the air|"
        r"chemicals|over our)|they spray\w*|new world order|great reset|agenda 2030|microchip\w*|(were|was) engineered|(was|were) "
        r"planned|planned (years |long )?(in advance|ahead)|(created|engineered|invented|manufactured|released)"
        r" (this|the|these) (disease|illness|virus|condition)s?|to sell (more )?(vaccines|drugs|pills|meds))\b|\bthey (put|add|added|are putting|"
        r"are adding|slipped) (something|stuff|chemicals|poisons?|toxins|metals|nanoparticles|graphene|lithium"
        r"|fluoride) (in|into) (the|our|your)\b",
        MISINFORMATION,
        HOLD,
        "Depopulation, chemtrails, man-made disease.",
    ),
    (
        r"\b(want|wants|keep|keeps|keeping|need|needs|like|prefer) (us|you|people|everyone|patients|the public|"
        r"the population|customers) (sick|ill|unwell|dependent|dead|medicated|on (pills|drugs|meds|medication)"
        r"|coming back)\b",
        MISINFORMATION,
        HOLD,
        "'They want us sick'.",
    ),
    (
        r"\bpoison(ing|ed|s)? (us|people|everyone|the (water|population|public|food|air|kids|children)|our "
        r"(water|food|kids|children|bodies)|your (body|system|kids|children|family))\b",
        MISINFORMATION,
        HOLD,
        "Poisoning the public, or your body.",
    ),
    (
        r"\b(follow the money|wake up( (people|everyone|sheeple|folks|sheep))?(?=[.!,]|$)|sheeple|do (your|ur) "
        r"own research|(did|done|do) (my|the) research|the truth (is|about)|truth is out there|open your eyes|"
        r"ask yourself|funny how|no (accident|coincidence)|they don'?t want|why (isn'?t|is no one|aren'?t|"
        r"doesn'?t|don'?t|won'?t) (this|anyone|they|the news|the nhs|doctors)|everyone knows|everybody knows"
        r"|it'?s a fact|mark my words|(don'?t|never) let (anyone|them) tell you)\b|coincidence\?",
        MISINFORMATION,
        FLAG,
        "Conspiracy talk.",
    ),
    (
        r"\b(5g|phone masts?|(cell|mobile) towers?|wi-?fi|emfs?|chemtrails?|fluoride|glyphosate|aspartame|seed "
        r"oils?|gmos?|in the water|water supply)\b",
        MISINFORMATION,
        FLAG,
        "Things often blamed for illness without evidence.",
    ),
    (
        r"\b((?<!big )pharma\w*|pharmaceutical (companies|industry|giants?)|drug companies|the establishment|"
        r"medical establishment|the system|mainstream (medicine|doctors|science|media)|the elites?|globalists?|"
        r"bill gates|powers that be|the fda|the cdc)\b",
        MISINFORMATION,
        FLAG,
        "The industry or 'the system' as the villain.",
    ),
    (
        r"\b(profit\w*|money[- ]?mak\w*|money[- ]?maker|cash cow|(get|gets|getting) paid|paid (off|more|per|"
        r"for every)|no money in|makes? money (from|off|out of|on)|(doesn'?t|does not|won'?t) make money|racket|"
        r"scam\w*|hoax|business model)\b",
        MISINFORMATION,
        FLAG,
        "Profit as the motive.",
    ),
    (
        r"\b(look (it|this|that) up|look up (what|the|how|why)|research (the|it|this)|google (it|this)|watch "
        r"(the|this) (video|documentary)|read up on|tell me (that'?s|it'?s) (a )?coincidence|of course they "
        r"(say|would|want)|they('re| are)? (releasing|spraying|putting|testing|experimenting)|what they "
        r"(don'?t|won'?t)|they (don'?t|won'?t) put)\b",
        MISINFORMATION,
        FLAG,
        "'Look it up', 'they are releasing...'.",
    ),
    (
        r"\b(every (single )?(illness|disease|condition|one of (them|these))|all (illness|disease)|nobody "
        r"(talks|tells|will tell|mentions)|no (neurologist|doctor|gp) will (ever )?|everyone (with|who has) "
        r"(this|it)|the real (cause|disease|problem|reason)|root cause|environmental (poisoning|toxins|causes?)"
        r"|doctors can'?t explain|mask(s|ing)? (the )?symptoms|bonus(es)?|commission|incentives?|get training "
        r"from)\b",
        MISINFORMATION,
        FLAG,
        "Sweeping claims: the real cause, nobody talks about it.",
    ),
    (
        r"\b(caus\w*|triggered|brought on|induced|comes? from|due to) (by )?(the )?(radiation|smart meters?|"
        r"chemicals|antibiotics|gluten|sugar|yeast|mould|mold|graphene|adjuvants?|wi-?fi|emfs?|blocked "
        r"emotions?|trauma)\b" + NOT_A_QUESTION + r"|\b(graphene|nanoparticles|adjuvants?|smart meters?|"
        r"blocked emotions?)\b",
        MISINFORMATION,
        HOLD,
        "Radiation, chemicals, graphene or blocked emotions as the cause.",
    ),
    # --- Heavy metals, toxins, detox and chelation ---------------------------
    (
        rf"\b{TOXINS}{ANY}(caus\w*|behind|to blame|the (real |root )?(cause|reason)|attack\w*|damag\w*|"
        rf"destroy\w*|poison\w*|build\w* up|accumulat\w*|stor\w* in|lodg\w*|scrambl\w*){NOT_A_QUESTION}",
        MISINFORMATION,
        HOLD,
        "Heavy metals or toxins as the cause.",
    ),
    (
        r"\b(caus\w*|triggered|brought on|induced) by (the |a |your |my |his |her |their )?(heavy metals?|"
        r"mercury|aluminium|aluminum|toxins|fillings|amalgams?|5g|fluoride|chemtrails?|parasites)"
        + NOT_A_QUESTION,
        MISINFORMATION,
        HOLD,
        "Caused by heavy metals, toxins, 5G and the like.",
    ),
    (
        r"\b(it|this|that|they|yours|mine|it all)('s| is| are| was| turned out to be| is down to| comes from)"
        r"( really| actually| just| all| simply| basically| obviously| clearly| nothing but)* (heavy metal|"
        r"metal|mercury|aluminium|toxins|toxicity|poisoning|parasites|candida|glyphosate|fluoride|5g)",
        MISINFORMATION,
        HOLD,
        "'It is really heavy metals / toxins / parasites'.",
    ),
    (
        r"\b(flush|purg|cleans|draw|pull|drag|drain|detox|leach|sweat|suck|bind|remov)\w* (\w+ ){0,4}"
        r"(toxins?|metals?|mercury|aluminium|aluminum|poisons?|chemicals?|the (bad|black) stuff)\b",
        MISINFORMATION,
        HOLD,
        "Flushing or drawing toxins and metals out.",
    ),
    (
        r"\bflush\w* (it |them |this |everything )?out (naturally|of (your|the|my) (body|system|blood|nerves))"
        r"|\b(detox\w*|cleans\w*) (your |the |my )?(body|liver|blood|system|nerves|gut|colon|kidneys)\b"
        r"|\btoxic (liver|body|gut|blood|system|bowel)\b",
        MISINFORMATION,
        HOLD,
        "Detoxing or cleansing the body.",
    ),
    (
        r"\b(liver|colon|gut|blood|parasite|heavy metal|juice|body|kidney) (detox|cleanse|flush)\w*"
        r"|\bchelat\w*( therapy)? (\w+ ){0,3}(sorted|cured|fixed|worked|works|cleared|removes?|pulls?)",
        MISINFORMATION,
        HOLD,
        "Detox programmes and chelation presented as treatment.",
    ),
    (
        r"\b(heavy metals?|metal toxicity|mercury|aluminium|aluminum|amalgams?|chelat\w*|lead poisoning|"
        r"arsenic|cadmium)\b",
        MISINFORMATION,
        FLAG,
        "Heavy metals and chelation.",
    ),
    (
        r"\b(toxins?|toxic|toxicity|detox\w*|cleans(e|es|ing)|parasites?|candida|leaky gut|acidic|alkalin\w*|"
        r"purg(e|ing))\b",
        MISINFORMATION,
        FLAG,
        "Toxins, detox and cleanses.",
    ),
    (
        r"\b(zeolite|bentonite|clay|charcoal|chlorella|foot pads?|coffee enemas?|ionic foot|oil pulling|"
        r"enemas?)\b",
        MISINFORMATION,
        FLAG,
        "Detox products.",
    ),
    # --- Cure and reversal claims --------------------------------------------
    (
        r"\b(cures?|reverses?|heals|eliminates|repairs|regenerates|will (cure|reverse|heal|eliminate|"
        r"repair|regenerate)|can (cure|reverse|heal|repair|regenerate)|(how|way) to (cure|reverse|heal)|reverse)"
        + NOT_HEDGED
        + r" (it|this|that|you|all|everything|any|most|the|"
        r"your|my|neuromyotonia|nerve\w*|ms|cancer|diabetes|autism|dementia|\w+ syndrome|autoimmune)\b"
        + NOT_A_QUESTION,
        MISINFORMATION,
        HOLD,
        "'X cures it': cure and reversal claims (not questions, not 'nothing cures it').",
    ),
    (
        r"\b(completely|totally|fully|100%|permanently|naturally) (cured|reversed|healed)\b|\b(cured|reversed|"
        r"healed)\b[^.!?]{0,40}\b(for good|permanently|forever|naturally|completely|in (\d+|a few|two|three|"
        r"four|six) (days|weeks|months))\b",
        MISINFORMATION,
        HOLD,
        "Cured or reversed for good, naturally, in weeks.",
    ),
    (
        r"\bgot rid of\b[^.!?]{0,40}\b(for good|permanently|forever|naturally)\b|\b(can|could|will) be "
        r"(completely |totally |fully )?(reversed|cured) (with|by|through|using|naturally)\b",
        MISINFORMATION,
        HOLD,
        "Reversed with a diet or a remedy.",
    ),
    (
        r"(?<!\b(no|any|not a|isn't a|no such|there's no|there is no|is there a|selling|sell|so-called|fake|"
        r"these|those|about|of|for) )\b(natural|herbal|miracle|"
        r"secret|guaranteed|permanent|100%|ancient|hidden|suppressed|all-natural) (cures?|fix)\b"
        + NOT_A_QUESTION,
        MISINFORMATION,
        HOLD,
        "Natural, secret or guaranteed cures.",
    ),
    (
        r"\bno (drugs?|meds|medications?|medicines?|pills|tablets|surgery|doctors?) (needed|required|"
        r"necessary)\b|\bno need (for|of|to see|to take|to go to|for any) (a |any |the |your )?(drugs?|meds|"
        r"medications?|medicines?|pills|tablets|doctors?|gps?|neurologists?|anyone|anybody|surgery|treatment|"
        r"hospital)\b",
        MISINFORMATION,
        HOLD,
        "'No drugs needed', 'no need to see anyone'.",
    ),
    (
        r"\b(the |a )?cure (already )?(exists|is out there|has been found)\b|\bthere is a cure\b(?! for (some|"
        r"many|a few))" + NOT_A_QUESTION,
        MISINFORMATION,
        HOLD,
        "'The cure exists'.",
    ),
    (
        r"\b(cured|reversed|healed) (my|his|her|their|me|it|myself|himself|herself|this)\b|\b(bod(y|ies)) "
        r"(can |will )?(heals?|cures?|repairs?) (itself|themselves)\b|\bheal(ing|s)? (comes )?from within\b|"
        r"\b(cleared|gone|fixed|sorted|disappeared|vanished) (up )?(with)?in (a|one|two|three|four|six|\d+) "
        r"(days?|weeks?|months?)\b|\b(gone|no symptoms) since (i|we) (started|began|tried|switched)\b|\bhelped "
        r"(hundreds|thousands|so many)\b",
        MISINFORMATION,
        FLAG,
        "Cure stories that may be ordinary talk.",
    ),
    (
        r"\b(living proof|works every time|guaranteed|miracle|100 ?%|money back|results in \d+|will (fix|sort|"
        r"clear) (it|this|you|your)|kills (whatever|the|any|all|every) (virus|viruses|bacteria|pathogens?|"
        r"infections?|parasites?|germs|cancer))\b",
        MISINFORMATION,
        FLAG,
        "Miracle and promise talk.",
    ),
    (
        r"\b(homeopath\w*|naturopath\w*|hyperbaric|ozone (therapy|sauna)|reiki|grounding|earthing|energy "
        r"healing|crystals?|reflexology|functional medicine|biological dentist|iridology|kinesiology|"
        r"chiropract\w*|dr berg|protocol|tinctures?|distance healing)\b",
        MISINFORMATION,
        FLAG,
        "Alternative practitioners and therapies.",
    ),
    (
        r"\b(apple cider vinegar|acv|baking soda|bicarb\w*|turmeric|raw garlic|lemon water|essential oils?|cbd"
        r"|cannabis oil|oregano oil|frankincense|castor oil|magnesium oil|rick simpson|black seed|sea moss|"
        r"alkaline (water|diet)|carnivore|keto|juice (fast|cleanse|diet)|juicing|water fast\w*|raw vegan)\b",
        MISINFORMATION,
        FLAG,
        "Home remedies and diets often sold as cures.",
    ),
    (
        r"\b(cured|reversed|healed|beat|fixed|got rid of) (my |her |his |their |your |the |our )?"
        + r"(ms|multiple sclerosis|cancer|tumou?rs?|autism|dementia|alzheimer'?s|parkinson'?s|neuromyotonia|"
        r"isaacs|motor neurone|diabetes|lupus|arthritis|autoimmune \w+|nerve damage|neuropathy|epilepsy|"
        r"fibromyalgia|me|cfs|long covid)" + r"\b|\b" + r"(ms|multiple sclerosis|cancer|tumou?rs?|autism|dementia|alzheimer'?s|parkinson'?s|neuromyotonia|"
        r"isaacs|motor neurone|diabetes|lupus|arthritis|autoimmune \w+|nerve damage|neuropathy|epilepsy|"
        r"fibromyalgia|me|cfs|long covid)" + r" (went away|disappeared|vanished|"
        r"(is|was) gone|cleared|went into (total |full |complete )?remission)\b",
        MISINFORMATION,
        HOLD,
        "Cures of long-term conditions: MS, cancer, autism, neuromyotonia...",
    ),
    (
        r"\b(fixed|cured|cleared|sorted|healed|reversed) (up )?(my|it|his|her|their|this|the) (\w+ )?(with)?in "
        r"(\d+|a few|two|three|four|six) (days|weeks|months)\b|\b(symptoms|twitching|cramps|spasms|pain|"
        r"stiffness|it all)( all)? (gone|disappeared|vanished|stopped)\b|\b(disappear|disappeared|gone|went "
        r"away) (completely|for good|overnight)\b|\bbest thing i (ever )?did\b",
        MISINFORMATION,
        FLAG,
        "Symptoms gone after a remedy.",
    ),
    (
        r"\b(draw|pull|suck|drag)s? (\w+ )?out (the )?(inflammation|toxins|poison|infection|disease|illness)\b|"
        r"\b(body|it) knows how to heal\b|\b(gut|body) (is |was )?(overrun|full of|riddled with) (with )?"
        r"(yeast|toxins|parasites|candida)\b|\btoxins in (our |the |your )?(food|water|vaccines?|jabs?|air)\b",
        MISINFORMATION,
        HOLD,
        "Drawing illness out; the body heals itself; toxins in food and vaccines.",
    ),
    (
        r"\b(magnets?|magnetic therapy|copper bracelets?|celery juice|medical medium|raw food|fasting|"
        r"colon hydrotherapy|infrared sauna|bee venom|red light therapy)\b",
        MISINFORMATION,
        FLAG,
        "More remedies often sold as cures.",
    ),
    (
        r"\b(beat|beats|clear|clears|cleared) (this|it)( up)?( naturally| for good| in (days|weeks))?\b|\bfix(es)?"
        r" (itself|the root cause)|\breset (my|your|the) immune|\brebuild(s)? (the|your|my) (nerves|immune)|"
        r"\b(it did for me|i'?m living proof|got better after|(symptoms|twitching|cramps|spasms) (halved|gone))\b",
        MISINFORMATION,
        FLAG,
        "'Beat this naturally', 'it did for me'.",
    ),
    (
        r"\b(healers?|kinesiologists?|gerson|lion'?s mane|wormwood|black walnut|dry brushing|rebounding|raw "
        r"milk|gluten[- ]free|sugar[- ]free|no[- ]sugar|intermittent fasting|natural remed(y|ies)|nutritionists?"
        r"|herbalists?|detox tea)\b",
        MISINFORMATION,
        FLAG,
        "Healers, herbalists and diets.",
    ),
    (
        r"\b(sorted|fixed|cleared) (my|it|this|the|his|her) (\w+ )?(out|up)\b|\bfix the (food|gut|diet|cause)|"
        r"\binflammation from (bad |processed |the )?(food|diet|sugar)\b",
        MISINFORMATION,
        FLAG,
        "'Sorted me out', 'fix the food'.",
    ),
    # --- "Doctors won't tell you", suppressed cures ---------------------------
    (
        r"\b(doctors?|gps?|physicians?|neurologists?|consultants?|specialists?|hospitals?|nhs|they|pharma|"
        r"industry|government|media|system|establishment|fda|cdc|medicine|science)( \w+){0,2} (won'?t|will not|"
        r"never|refuse to|aren'?t allowed to|can'?t) (tell|tells|admit|mention|mentions)\b",
        MISINFORMATION,
        HOLD,
        "'Doctors won't tell you'.",
    ),
    (
        r"\b(don'?t|do not|doesn'?t|does not|never) want (you|us|people|anyone|patients|the public) to (know|"
        r"find out|hear|learn|be (cured|healthy|well))\b",
        MISINFORMATION,
        HOLD,
        "'They don't want you to know'.",
    ),
    (
        r"\b(hid(e|den|ing)|suppress\w*|bur(y|ied|ying)|cover(ing|ed|s)? up|censor\w*|silenc\w*) (\w+ ){0,3}"
        r"(cures?|treatments?|remed(y|ies)|the truth|evidence|studies|data|numbers|injuries|cases|research|"
        r"reports?|documents)\b|\b(shut|"
        r"shutting) (him|her|them|it) down\b|\bbecause it works\b",
        MISINFORMATION,
        HOLD,
        "Suppressed cures, hidden truth.",
    ),
    (
        r"\b(cures?|treatments?|remed(y|ies)|truth|numbers|evidence|cases)( \w+)? (is|are|has been|have been|"
        r"being|gets?|got|were|was) (\w+ )?(hidden|suppressed|buried|covered up|censored|never reported|"
        r"unreported)\b",
        MISINFORMATION,
        HOLD,
        "'The cure is being suppressed'.",
    ),
    (
        r"\b(nhs|government|doctors|they|pharma|media|scientists|officials|cdc|fda)('re| are| is| have been|"
        r" has been)? (covering (\w+ )?up|hiding|burying|suppressing|lying about)\b",
        MISINFORMATION,
        HOLD,
        "Cover-up by health bodies.",
    ),
    (
        r"\bno (money|profit) in (curing|cures?|a cure|healthy|being healthy|prevention)|\b(can'?t|cannot|"
        r"nobody can|no one can) (be )?patent(ed)?\b|\bcures? (isn'?t|aren'?t|is not|are not) profitable\b|\b"
        r"cures? (doesn'?t|does not|wouldn'?t|won'?t) make (them |any )?money\b",
        MISINFORMATION,
        HOLD,
        "'There is no money in a cure'.",
    ),
    (
        r"\b(kickbacks?|pill[- ]pushers?|push(ing)? pills|in the pockets? of|paid (off )?by (big )?pharma|"
        r"trained by (the )?(drug|pharma)\w*|bought and paid for)\b",
        MISINFORMATION,
        HOLD,
        "Doctors paid to prescribe.",
    ),
    (
        r"\b(forget|ignore|don'?t (trust|listen to|believe)|never (trust|listen to|believe)) (your |the |any |a )"
        r"?(doctors?|gps?|neurologists?|consultants?|specialists?|nhs|science|scientists|experts)\b|\b(doctors?"
        r"|gps?|neurologists?|establishment|nhs|medicine|science|they|pharma|government)( \w+){0,2} (refuses?|"
        r"refused|won'?t) (to )?(accept|admit|acknowledge|recogni[sz]e|test for)\b",
        MISINFORMATION,
        HOLD,
        "Telling readers to ignore their doctors; doctors 'refuse to admit it'.",
    ),
    (
        r"\beverything (they|you|we|doctors|your doctor)( have|'ve)?( been)? (taught|told|know|learned|learnt)"
        r"( \w+){0,4} (is|was) (wrong|a lie|lies|false|rubbish|nonsense)\b",
        MISINFORMATION,
        HOLD,
        "'Everything they taught you is wrong'.",
    ),
    (
        r"\b(doctors hate|(don'?t|never) trust|ignore (it|them|your|the|what)|accept what (they|doctors|your "
        r"doctor) (tell|say)|get a (new|different|better) (neurologist|doctor|gp)|they don'?t teach|not taught"
        r" in medical school|brainwash\w*|lies|lying to|lied to|liars?|germ theory|viruses? (don'?t|do not|"
        r"doesn'?t) exist|mainstream)\b",
        MISINFORMATION,
        FLAG,
        "Distrust of doctors and medicine.",
    ),
    (
        r"\b(doctors?|gps?|neurologists?|consultants?|the nhs)( were| are| was| is)? (baffled|clueless|stumped|"
        r"amazed|don'?t understand|don'?t know anything|know nothing|had no idea)\b|\b(drugs|meds|pills|"
        r"medication|tablets) for life\b|\bguinea pigs?\b|\b(pointless|a waste of (time|money)|official advice"
        r"|(they|doctors) just want)\b|\bstop trusting\b",
        MISINFORMATION,
        FLAG,
        "Doctors as clueless; tests and treatment as pointless.",
    ),
    (
        r"\b(they|doctors|hospitals|the nhs|pharma)( just| only)? want (to bill you|your money|to make money|"
        r"to sell you)\b|\b(tests?|treatments?|scans?|meds|medication|drugs)( are| is)? (just )?(a scam|a con|"
        r"a racket|a money[- ]?maker)\b",
        MISINFORMATION,
        HOLD,
        "Medicine as a money-making scheme.",
    ),
    (
        r"\bno wonder (we'?re|we are|people are|everyone is|so many)( all)? (sick|ill|unwell|getting)\b|\b(they|"
        r"pharma|doctors|the system)('ll| will)? never cure\b|\b(pills|drugs|meds|medications?|medicines?|"
        r"prescriptions?) (are|is) the (real )?(problem|cause|disease)\b|\b(nobody|no one|noone) (gets|ever "
        r"gets) (better|well|cured) (on|with|from|taking)\b|\b(better off|better) (with|without) [^.!?]{0,40}"
        r"\bthan (the )?(rubbish|drugs|pills|meds|medication|poison|what|anything)\b",
        MISINFORMATION,
        HOLD,
        "'Pills are the problem', 'nobody gets better on the drugs'.",
    ),
    (
        r"\b(pineal|calcif\w*|power lines|electric fields|electromagnetic|frequenc(y|ies)|vibrations?|energy "
        r"fields?|blocked energy|ph balance|horse tranquili[sz]er|rat poison|go natural|natural is (better|"
        r"best)|body will thank you|eat clean|clean eating|it'?s (all )?(really |just )?that simple|no more "
        r"(neuromyotonia|cramps|twitching|symptoms|meds|pills|tablets|doctors)|did you know|not a coincidence"
        r"|all the same thing|own urine)\b",
        MISINFORMATION,
        FLAG,
        "Pseudo-science and slogans.",
    ),
    # --- Stopping prescribed medicine ----------------------------------------
    (
        INSTRUCTION + r"(stop|quit|ditch|drop|bin|skip|avoid|refuse|cancel|come off|get off|say no to|don'?t "
        r"bother with|get rid of|forget|don'?t (do|have|get|start|take|agree to)|never (do|have|get|start|take"
        r"|agree to)) (taking |using |having )?(all )?(your|those|these|the|all|them|that|"
        r"this|of your|any)? ?(" + MEDICINES[1:-1] + r"|tests?|scans?|emg|bloods|blood tests|biopsy|screening)\b(?! (with|on|at|before|after|if|until|while|without|together))",
        ADVICE,
        HOLD,
        "Telling readers to stop or refuse their medicine.",
    ),
    (
        INSTRUCTION + r"(come|get|wean yourself) off (the|your|all|those|that) \w+",
        ADVICE,
        HOLD,
        "'Come off the ...': stopping a named medicine.",
    ),
    (
        r"\b(throw|chuck|bin|flush|dump) (your|those|the|all|these|them|it)(?! back) (\w+ ){0,2}(in the bin|"
        r"away|out|down the (toilet|loo|drain|sink))\b|\b(nobody|no one) should (be on|take|be taking) (that|"
        r"this|those|these|any)\b|\b(bin|ditch|dump) (your|those|all your) \w+",
        ADVICE,
        HOLD,
        "Throwing medicine away.",
    ),
    (
        r"\b(you|u|nobody|no one|people)( really| honestly)? (do not|don'?t|doesn'?t|never) (need|have to take) "
        r"(the |your |those |these |any |all )?(meds|medications?|medicines?|drugs|pills|tablets|insulin|"
        r"steroids|inhalers?|chemo|jabs?|vaccines?|treatment|immunosuppressants|them)\b",
        ADVICE,
        HOLD,
        "'You don't need your medicine'.",
    ),
    (
        r"\b(don'?t|do not|never) (let (them|anyone|your doctor|doctors?|the doctors?) (put|push|force|talk) you "
        r"(on|onto|into)|take (the|your|their|those|any) (meds|medications?|drugs|pills|tablets|steroids|statins|"
        r"chemo))\b(?! (with|on|at|before|after|if|until|while|without|together|on an empty))",
        ADVICE,
        HOLD,
        "'Don't let them put you on it'.",
    ),
    (
        r"\b(meds|medications?|medicines?|drugs|pills|tablets|chemo|statins|prescriptions?|vaccines?|jabs?|"
        r"it)('s| is| are) (pure |just |literally |nothing but )?(poison|toxic)\b|\b(chemo|drugs|meds|pharma) "
        r"(kills|kill|poisons?) (you|people|more)\b|\b(is|are|'s|'re)( slowly| literally| just)? (killing|"
        r"poisoning|destroying|rotting|wrecking|ruining) (your|people'?s?|our)\b|\b(more dangerous|worse|"
        r"deadlier|more harmful) than the (disease|condition|illness|virus)\b",
        ADVICE,
        HOLD,
        "Medicine called poison or worse than the disease.",
    ),
    (
        r"\b(instead of|rather than|replac\w*|swap\w*)" + NOT_HEDGED + r" (your |my |the |all |taking |using |of "
        r"|them |it )*(with |for )?(meds|"
        r"medications?|medicines?|drugs|pills|tablets|insulin|chemo|steroids|prescriptions?|prescribed)\b|\bwean "
        r"(yourself|yourselves|him|her|them|your \w+) off\b",
        ADVICE,
        HOLD,
        "A remedy instead of prescribed medicine; weaning yourself off.",
    ),
    (
        r"\b(stopped|quit|ditched|binned|came off|threw away|gave up|got off|dropped) (taking |using )?(all |my |"
        r"all my |the |those |his |her )?(meds|medications?|medicines?|drugs|pills|tablets|insulin|steroids|"
        r"inhalers?|chemo|treatment)\b|\bcold turkey\b",
        ADVICE,
        FLAG,
        "Stopping medicine, in a reader's own story.",
    ),
    (
        r"\b(herbs|diet|supplements|essential oils|fasting|vitamins|nutrition|natural remedies)( only| alone)\b",
        ADVICE,
        FLAG,
        "A remedy alone.",
    ),
    # --- Vaccine-injury claims ------------------------------------------------
    (
        rf"\b{VACCINES}\b[^.!?]{{0,50}}\b(caus\w*|gave|give|giving|damag\w*|injur\w*|trigger\w*|poison\w*|"
        rf"destroy\w*|attack\w*|kill\w*|disabl\w*|paralys\w*|autism|rewrit\w*|alter\w* (your )?dna|ruin\w*|"
        rf"wreck\w*|chang\w* (your |people'?s |the |our )?(blood|dna|genes|immune))"
        + NOT_A_QUESTION,
        MISINFORMATION,
        HOLD,
        "Vaccines blamed for injury or illness (not questions).",
    ),
    (
        r"\b(vaccin\w*|vax|jab|booster|mrna|shot)[- ](injur\w*|damag\w*|harm\w*|deaths?|induced)\b|\b(injured|"
        r"damaged|harmed|disabled|killed) by (the |my |his |her |a |their )?(vaccin\w*|jabs?|boosters?|shots?)",
        MISINFORMATION,
        HOLD,
        "'Vaccine injury'.",
    ),
    (
        r"\b(don'?t|do not|never|stop|avoid|refuse|skip) (get(ting)?|hav(e|ing)|tak(e|ing)|giv(e|ing)|let them "
        r"give)?( \w+){0,4}? (vaccin\w*|jabs?|boosters?|shots?)\b(?! (until|while|on the same|if you('re| are| have| "
        r"feel)? (a |got a )?(fever|temperature|cold|unwell|ill|poorly|sick)))|\b(don'?t|never|stop|refuse to)"
        r" vaccinat\w*",
        MISINFORMATION,
        HOLD,
        "Telling readers not to be vaccinated.",
    ),
    (
        r"\b(healthy|fine|normal|perfect)\b[^.!?]{0,30}\b(until|till|before) (his|her|my|their|the) (covid |flu "
        r")?(vaccin\w*|jabs?|boosters?|shots?|mmr)|\b(shedding|vaers|spike proteins?|turbo cancers?|died "
        r"suddenly|pure ?bloods?|the clot shot|death shot|kill shot)\b|\bun(vaxx?ed|vaccinated)\b[^.!?]{0,30}\b"
        r"(fine|healthy|healthier|better|never)\b",
        MISINFORMATION,
        HOLD,
        "Vaccine-injury stories and slogans.",
    ),
    (
        r"\b(got|developed|started|began|diagnosed|appeared)\b[^.!?]{0,40}\b(after|since) (my|the|his|her|their|"
        r"a) (covid |flu )?(vaccin\w*|jab|booster|shot|mmr)\b|\b(unvaxx?ed|unvaccinated|vaxx?ed|vaccinated "
        r"(people|ones|kids)|jabbed|anti-?vax\w*|natural immunity)\b",
        MISINFORMATION,
        FLAG,
        "Illness told as following a vaccine; vaccinated against unvaccinated.",
    ),
    # --- Selling and dosing advice -------------------------------------------
    (
        r"\b(dm|pm|inbox) (me|us)\b|\bdrop (me|us) a (message|line|dm|pm|text)\b|\b(message|contact|email|"
        r"text|call) (me|us) (for|on whatsapp|on telegram|to (order|buy|get))\b",
        PROMOTION,
        HOLD,
        "Moving readers to private messages to sell.",
    ),
    (
        r"\b(i|we) (sell|supply|stock|ship)\b|\b(for sale|free (shipping|delivery)|ships? (worldwide|to)|"
        r"worldwide (shipping|delivery)|discount code|promo code|use (my )?code|coupon|per bottle|link in (my )?"
        r"(bio|profile)|my (website|shop|store|online shop|protocol|formula|products?)|our (site|website|shop|"
        r"store|products?|formula)|order (now|today|yours|online|from|the \w+ from)|your money back)\b",
        PROMOTION,
        HOLD,
        "Selling.",
    ),
    (
        r"\b(link (below|above|in (the )?comments)|click (here|the link|my link)|only brand that (actually )?"
        r"works|buy (the|my|this|it|them|these|some|yours) (\w+ ){0,3}(i use|from|here|online|now|today|at))\b",
        PROMOTION,
        HOLD,
        "Links and calls to buy.",
    ),
    (
        r"\bwithout (going through|seeing|asking|involving|telling|a trip to) (your|a|the) (gp|doctor)\b|\b("
        r"spare|extra|leftover) (\w+ )?(pills|tablets|meds|capsules|gabapentin|tramadol|diazepam|codeine)\b",
        PROMOTION,
        HOLD,
        "Getting medicines around a doctor.",
    ),
    (
        r"\b(message|email|contact) (me|us)\b|\b(whatsapp|telegram)\b|[£$€] ?\d+|\b\d+ ?(pounds|quid|dollars|"
        r"euros)\b",
        PROMOTION,
        FLAG,
        "Contact details and prices.",
    ),
    (
        INSTRUCTION + r"(take|try|use|drink|swallow|have|start on|go up to|up it to|put|rub|apply|mix|add|"
        r"inject|eat|give) (\w+ ){0,3}?\d[\d,.]* ?(mg|mcg|µg|g|grams?|ml|iu|drops|capsules|tablets|pills|"
        r"teaspoons?|tsp|tbsp|spoons?)\b",
        ADVICE,
        HOLD,
        "Dosing instructions.",
    ),
    (
        r"\byou (need|should|must|have to|want)( be)?( to)?( taking| take)? (at least |about |around |up to |a "
        r"minimum of )"
        r"?\d[\d,.]* ?(mg|mcg|µg|g|grams?|ml|iu|drops|capsules|tablets)\b",
        ADVICE,
        HOLD,
        "'You need N mg'.",
    ),
    (
        r"\b(megados\w*|mega[- ]doses?|high[- ]doses? of|the dosage that works|proper doses?|up your dose|"
        r"triple (the|your) dose|(teaspoons?|tablespoons?|drops) (of it )?(a|per|every|each) (day|hour))\b",
        ADVICE,
        FLAG,
        "Dosing talk.",
    ),
    (
        r"\b(colloidal silver|mms|miracle mineral|chlorine dioxide|bleach|turpentine|borax|black salve|apricot "
        r"kernels?|laetrile|b17|ivermectin|hydrogen peroxide|kerosene|methylene blue|dmso|urine therapy)\b",
        ADVICE,
        HOLD,
        "Dangerous substances sold as remedies.",
    ),
]

# 0003's pattern and its replacement, which leaves "my doctor told me to stop taking..." alone.
OLD_STOP_TAKING = (
    r"\bstop taking (your |the |my |all |any )?(medication|medicines?|meds|tablets|pills|insulin)\b"
)
NEW_STOP_TAKING = (
    r"(?<!\b(i|we|he|she|they|to|me to|had to|have to|not|n't)\s)\bstop taking (your |the |all |any |those |"
    r"these )?(medication|medicines?|meds|tablets|pills|insulin)\b"
)


def seed(apps, schema_editor):
    WatchedPhrase = apps.get_model("comments", "WatchedPhrase")
    for pattern, category, action, note in PATTERNS:
        WatchedPhrase.objects.get_or_create(
            phrase=pattern, is_pattern=True, defaults={"category": category, "action": action, "note": note}
        )
    if not WatchedPhrase.objects.filter(phrase=NEW_STOP_TAKING, is_pattern=True).exists():
        WatchedPhrase.objects.filter(phrase=OLD_STOP_TAKING, is_pattern=True).update(phrase=NEW_STOP_TAKING)


def unseed(apps, schema_editor):
    WatchedPhrase = apps.get_model("comments", "WatchedPhrase")
    for pattern, category, action, note in PATTERNS:
        WatchedPhrase.objects.filter(
            phrase=pattern, is_pattern=True, category=category, action=action, note=note
        ).delete()
    if not WatchedPhrase.objects.filter(phrase=OLD_STOP_TAKING, is_pattern=True).exists():
        WatchedPhrase.objects.filter(phrase=NEW_STOP_TAKING, is_pattern=True).update(phrase=OLD_STOP_TAKING)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_watched_phrase_choices_checked"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
