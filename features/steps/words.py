"""The words scenarios use, mapped to the ids the ruleset and the case file use.

A policy lead reads the left-hand side; the engine sees the right-hand side. To add a word,
add a row: no other code changes.
"""

from __future__ import annotations

# -- tactics (recommendations, actions) ---------------------------------------------------------
TACTICS: dict[str, str] = {
    "a CAWN": "cawn",
    "CAWN": "cawn",
    "CAWNs": "cawn",
    "a Child Abduction Warning Notice": "cawn",
    "a prosecution for child abduction": "s2_abduction_prosecution",
    "a prosecution under section 2": "s2_abduction_prosecution",
    "a prosecution for abducting a child from care": "s49_prosecution",
    "a prosecution under section 49": "s49_prosecution",
    "a Sexual Risk Order": "sro",
    "an SRO": "sro",
    "a Sexual Harm Prevention Order": "shpo",
    "an SHPO": "shpo",
    "a Slavery and Trafficking Risk Order": "stro",
    "a Slavery and Trafficking Prevention Order": "stpo",
    "arrest for other offences": "arrest_other_offences",
    "a CSE warning letter": "cse_warning_letter",
    "a PDP referral": "pdp_referral",
    "a Potentially Dangerous Person referral": "pdp_referral",
    "a CSE flag": "cse_flag",
    "an investigation": "investigate_suspect",
    "an investigation of the suspect": "investigate_suspect",
    "indirect disruption": "indirect_disruption",
    "a hotel notice": "hotel_notice",
    "a closure order for child sex offences": "closure_order_sexual",
    "a closure order for nuisance or disorder": "closure_order_asb",
    "housing action": "housing_action",
    "a licensing review": "licensing_review",
    "patrols": "location_patrols",
    "location patrols": "location_patrols",
    "police protection": "police_protection",
    "a recovery order": "recovery_order",
    "a National Referral Mechanism referral": "nrm_referral",
    "an NRM referral": "nrm_referral",
    "a passport marker": "passport_marker",
    "a Clare's Law application": "clares_law",
    "a return interview": "return_interview",
    "a trigger plan": "trigger_plan",
    "a missing trigger plan": "trigger_plan",
    "a CSE assessment": "cse_assessment",
    "a CSE risk assessment": "cse_assessment",
}

# -- warnings: something proposed or done that is harmful, unlawful or misapplied ----------------
WARNINGS: dict[str, str] = {
    "the CAWN targets a child victim": "victim_targeted",
    "a restrictive tactic targets a child victim": "victim_targeted",
    "the offence is recorded as a lesser offence": "misclassified_offence",
    "the offence is wrongly classified": "misclassified_offence",
    "a CAWN is being used instead of an investigation": "cawn_instead_of_investigation",
    "a CAWN does not reach online exploitation": "cawn_insufficient_online",
    "the other force's only response was a CAWN": "cawn_only_cross_force",
    "breaching a CAWN is not itself an offence": "cawn_breached",
    "the CAWN has been breached": "cawn_breached",
    "it is not recorded whether the boy is also a victim": "child_target_unconfirmed",
    "it is not recorded whether the child suspect is also a victim": "child_target_unconfirmed",
}

# -- gaps: a missed opportunity, or a duty not met ---------------------------------------------
GAPS: dict[str, str] = {
    "the offence must be investigated as rape of a child under 13": "investigate_suspect",
    "the offence against a child under 13 must be investigated": "investigate_suspect",
    "officers have not spoken to the child": "child_not_spoken_to",
    "nobody found out whose car it was": "investigate_suspect",
    "nobody found out who lives at the house": "investigate_suspect",
    "the adults with the child were not identified": "investigate_suspect",
    "the investigation was left to children's social care": "investigate_suspect",
    "a denial does not end the enquiry": "investigate_suspect",
    "nobody investigated the adults she was found in bed with": "investigate_suspect",
    "the suspect was not interviewed promptly": "interview_delay",
    "officers did not speak to the child promptly": "child_not_spoken_to",
    "no risk review of him is recorded": "annual_perpetrator_review",
    "the report was not acted on": "report_not_actioned",
    "'not CSE' was decided without speaking to the child or family": "not_cse_without_child",
    "the warning signs were discounted": "indicators_discounted",
    "where the child had been and with whom was not established": "return_interview",
    "no CAWN was considered": "cawn_not_considered",
    "the CAWN came too late": "cawn_delay",
    "the allegations were closed without speaking to him": "closed_without_enquiry",
    "Clare's Law does not apply under 16": "csods_disclosure",
    "the tactic is not recorded in a searchable system": "record_tactic",
    "information must be shared with the other force": "share_information_cross_force",
    "his annual review is overdue": "annual_perpetrator_review",
    "the network must be mapped in the problem profile": "problem_profile",
    # civil orders and protecting the child
    "whether an SHPO is needed must be reviewed": "shpo_review",
    "a review of whether an SHPO is needed": "shpo_review",
}

# -- legal status phrases (after the person's age and noun) -------------------------------------
LEGAL_STATUS: dict[str, str | None] = {
    "on a care order": "care_order",
    "on an interim care order": "interim_care_order",
    "under an emergency protection order": "emergency_protection_order",
    "in police protection": "police_protection",
    "accommodated under section 20": "s20_accommodated",
    "living at home": "none",
    "not in care": "none",
    "whose legal status is not recorded": None,
}

# -- people -------------------------------------------------------------------------------------
CHILD_NOUNS: dict[str, str] = {"girl": "female", "boy": "male", "child": "unknown", "young person": "unknown"}
ADULT_NOUNS: dict[str, str] = {"man": "male", "woman": "female", "adult": "unknown", "male": "male"}

# -- places -------------------------------------------------------------------------------------
PLACES: dict[str, str] = {
    "hotel": "hotel",
    "house": "residential",
    "flat": "residential",
    "address": "residential",
    "takeaway": "takeaway",
    "pub": "licensed_premises",
    "park": "park",
    "supported accommodation": "supported_accommodation",
    "holiday park": "other",
}

# -- how the force recorded an offence ----------------------------------------------------------
OFFENCES: dict[str, str] = {
    "rape of a child under 13": "rape_of_child_under_13",
    "sexual activity with a child": "sexual_activity_with_child",
    "sexual intercourse with a girl aged 13": "sexual_intercourse_with_female_aged_13",
    "sexual assault": "sexual_assault",
    # offence classification and investigation (issue 10): the under-13 offences (SOA 2003 ss.5–8)
    "assault of a child under 13 by penetration": "assault_of_child_under_13_by_penetration",
    "causing or inciting a child under 13 to engage in sexual activity": (
        "causing_or_inciting_child_under_13_to_engage_in_sexual_activity"
    ),
    "sexual assault of a child under 13": "sexual_assault_of_child_under_13",
}

# -- how a penetrative act was committed (the sentence's first word) -- issue 10 ------------------
PENETRATION: dict[str, str] = {
    "penetrated": "penile_by_suspect",  # "with his penis"; otherwise other_by_suspect
    "caused": "caused_or_incited_by_suspect",
    "incited": "caused_or_incited_by_suspect",
}

# -- the state of an investigation --------------------------------------------------------------
INVESTIGATION: dict[str, str] = {
    "no investigation was opened": "none",
    "it is under investigation": "open",
    "it was closed for evidential difficulties": "closed_evidential_difficulties",
    "it was closed with no further action": "closed_nfa",
    "it was referred to the CPS": "referred_to_cps",
    "the suspect was charged": "charged",
}

# -- what an action's status is, in words -------------------------------------------------------
STATUS: dict[str, str] = {
    "proposed": "proposed",
    "planned": "proposed",
    "issued": "issued",
    "served": "issued",
    "applied for": "applied",
    "granted": "granted",
    "refused": "refused",
    "breached": "breached",
    "withdrawn": "withdrawn",
}

# -- other offending a suspect is suspected of --------------------------------------------------
OTHER_OFFENCES: dict[str, str] = {
    "dealing drugs": "drugs",
    "theft": "theft",
    "robbery": "robbery",
    "violence": "violence",
    "driving offences": "driving",
}

# -- facts the engine may ask for (unknowns), in words ------------------------------------------
PERSON_FACTS: dict[str, str] = {
    "legal status": "legal_status",
    "date of birth": "date_of_birth",
    "last review": "last_reviewed",
    "status as a victim": "victim",
    "home force": "lives_in_force",
}
EVENT_FACTS: dict[str, tuple[str, str]] = {
    "whether police acted on the report": ("report", "police_action"),
    "whether officers asked where she had been": ("missing_episode", "asked_where"),
    "whether the family was spoken to": ("assessment", "family_spoken_to"),
    "whether police made enquiries": ("sighting", "police_enquiry"),
    # offence classification and investigation (issue 10)
    "how the act was committed": ("sexual_offence", "penetration"),
    "whether the act was penetrative": ("sexual_offence", "penetrative"),
    "when the offence was reported": ("sexual_offence", "reported_on"),
    # places and third parties (issue 10)
    "whether there was alcohol at the party": ("party", "alcohol"),
    "whether there were drugs at the party": ("party", "drugs"),
}

# -- facts about a place the engine may ask for (places and third parties, issue 10) -----------
# "whose home the flat is", "whether the use of the house causes nuisance or disorder", …
PLACE_FACTS: dict[str, str] = {
    r"whose home (?P<place>the [a-z ]+?) is": "home_of",
    r"whether the use of (?P<place>the [a-z ]+?) causes nuisance or disorder": "nuisance_or_disorder",
    r"whether (?P<place>the [a-z ]+?) is likely to be used again for offences against children": (
        "child_sex_offence_use_likely"
    ),
}
