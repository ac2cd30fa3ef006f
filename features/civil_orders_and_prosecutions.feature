Feature: Civil orders and prosecutions
  Sexual Risk Orders, Sexual Harm Prevention Orders, prosecutions for abducting a child from
  care, recovery orders and arrests for other offences were used too rarely. The engine
  recommends them where their legal conditions are met, and says so where they are not.
  Recommendations against one person are listed least intrusive first.
  (Inquiry ¶5, ¶14, ¶15, ¶16, ¶18, ¶20, ¶28, ¶29, ¶30, ¶33.)

  Rule: Repeated similar allegations without a conviction make a likely candidate for an SRO

    Background:
      Given a 52-year-old man

    @rule:sro-repeated-allegations @rule:cse-flag-repeated-allegations @rule:pdp-repeated-allegations
    Scenario Outline: The ruleset counts two similar allegations as repeated
      Given the man has <allegations> of exploiting young people on work experience
      When the engine evaluates the case
      Then the engine <outcome> a Sexual Risk Order against the man
      And the engine <outcome> a CSE flag against the man
      And the engine <outcome> a PDP referral against the man

      Examples:
        | allegations             | outcome            |
        | one allegation          | does not recommend |
        | two similar allegations | recommends         |
        | three similar allegations | recommends       |

    @rule:sro-repeated-allegations @rule:cse-flag-repeated-allegations @rule:pdp-repeated-allegations
    Scenario: Least intrusive first: a flag, then a PDP referral, then an SRO
      Given the man has 3 similar allegations of exploiting young people on work experience
      When the engine evaluates the case
      Then the engine recommends a CSE flag before a PDP referral against the man
      And the engine recommends a PDP referral before a Sexual Risk Order against the man

    @rule:cse-flag-repeated-allegations @rule:pdp-repeated-allegations
    Scenario: A man already flagged and managed under MAPPA
      Given the man has a CSE flag
      And the man is managed under MAPPA
      And the man has 3 similar allegations of exploiting young people on work experience
      When the engine evaluates the case
      Then the engine does not recommend a CSE flag against the man
      And the engine does not recommend a PDP referral against the man
      And the engine recommends a Sexual Risk Order against the man

    @rule:sro-repeated-allegations @rule:pdp-repeated-allegations
    Scenario Outline: A conviction is neither needed for an SRO nor a bar to one, or to a PDP referral
      Given the man was convicted of <offence> 5 years ago
      And the man has 2 similar allegations of exploiting young people on work experience
      When the engine evaluates the case
      Then the engine recommends a Sexual Risk Order against the man
      And the engine recommends a PDP referral against the man
      And the engine does not say "has no conviction"
      And the engine explains that "neither MAPPA management nor a Potentially Dangerous Person referral is recorded"

      Examples:
        | offence                                         |
        | theft                                           |
        | sexual activity with a child, a Schedule 3 offence |

    @rule:allegation-closed-without-enquiry
    Scenario: Allegations closed without ever speaking to him
      Given the man has 2 similar allegations of exploiting young people on work experience, each closed without speaking to him, with no rationale recorded
      When the engine evaluates the case
      Then the engine flags a gap about the man: the allegations were closed without speaking to him

  Rule: An SHPO is made at sentence, or later on application for conduct since a Schedule 3 or 5 conviction

    Background:
      Given a 40-year-old man

    @rule:shpo-review-conviction
    Scenario Outline: A conviction alone is a prompt to review, not grounds for an order
      Given the man was convicted of <offence>, a Schedule <schedule> offence 3 years ago
      When the engine evaluates the case
      Then the engine does not recommend a Sexual Harm Prevention Order against the man
      And the engine flags a gap about the man: whether an SHPO is needed must be reviewed
      And the engine explains that "a conviction alone does not make an SHPO necessary"

      Examples:
        | offence                      | schedule |
        | sexual activity with a child | 3        |
        | wounding with intent         | 5        |

    @rule:shpo-review-conviction
    Scenario: Schedule 5 offences are mostly violent: the engine does not call them sexual
      Given the man was convicted of wounding with intent, a Schedule 5 offence 3 years ago
      When the engine evaluates the case
      Then the engine does not say "sexual offence"

    @rule:shpo-on-sentence @rule:shpo-review-conviction
    Scenario Outline: On sentence, the court can make an SHPO for the conviction itself
      Given the man was convicted of sexual activity with a child, a Schedule 3 offence 2 weeks ago
      And the man <sentenced> sentenced for it
      When the engine evaluates the case
      Then the engine <SHPO> a Sexual Harm Prevention Order against the man
      And the engine <review> about the man: whether an SHPO is needed must be reviewed

      Examples:
        | sentenced        | SHPO               | review              |
        | has not yet been | recommends         | does not flag a gap |
        | has been         | does not recommend | flags a gap         |

    @rule:shpo-conduct-since-offence @rule:shpo-conduct-since-allegation @rule:shpo-conduct-since-online
    @rule:shpo-conduct-since-missing-child @rule:shpo-conduct-since-intimate-contact
    @rule:shpo-conduct-since-inducement @rule:shpo-review-conviction
    Scenario Outline: Conduct since the conviction opens an SHPO on application; conduct before it does not
      Given a 15-year-old girl living at home
      And the man was convicted of sexual activity with a child, a Schedule 3 offence 3 years ago
      And <conduct>
      When the engine evaluates the case
      Then the engine <SHPO> a Sexual Harm Prevention Order against the man
      And the engine <review> about the man: whether an SHPO is needed must be reviewed

      Examples:
        | conduct                                                          | SHPO               | review              |
        | the man committed a sexual offence against her 1 month ago       | recommends         | does not flag a gap |
        | the man committed a sexual offence against her 4 years ago       | does not recommend | flags a gap         |
        | the man has one allegation of exploiting young people             | recommends         | does not flag a gap |
        | the man had sexual online contact with her 1 month ago           | recommends         | flags a gap         |
        | she went missing and was found with the man 1 month ago          | recommends         | flags a gap         |
        | the man had intimate contact with her 1 month ago                | recommends         | does not flag a gap |
        | the man induced her to run away 1 month ago                      | recommends         | does not flag a gap |

    @rule:shpo-review-conviction-date-unknown
    Scenario: The conviction's date is not recorded, so whether conduct came since it cannot be decided
      Given a 15-year-old girl living at home
      And the man was convicted of sexual activity with a child, a Schedule 3 offence, on a date that is not recorded
      And the man committed a sexual offence against her 1 month ago
      When the engine evaluates the case
      Then the engine does not recommend a Sexual Harm Prevention Order against the man
      And the engine flags a gap about the man: whether an SHPO is needed must be reviewed
      And the engine explains that "the date of the conviction is not recorded"

    @rule:shpo-on-sentence @rule:shpo-review-conviction-date-unknown
    Scenario: Awaiting sentence, the conviction's date does not matter
      Given the man was convicted of sexual activity with a child, a Schedule 3 offence, on a date that is not recorded
      And the man has not yet been sentenced for it
      When the engine evaluates the case
      Then the engine recommends a Sexual Harm Prevention Order against the man
      And the engine does not flag a gap about the man: whether an SHPO is needed must be reviewed
      And the engine does not say "on not recorded"

    @rule:shpo-conduct-since-offence
    Scenario: The schedule is not recorded, so the engine asks for it
      Given a 15-year-old girl living at home
      And the man was convicted of sexual assault 3 years ago
      And the man committed a sexual offence against her 1 month ago
      When the engine evaluates the case
      Then the engine does not recommend a Sexual Harm Prevention Order against the man
      And the engine asks for the schedule of the man's conviction to be recorded, which would decide an SHPO

    @rule:shpo-conduct-since-allegation
    Scenario: Allegations are not a conviction
      Given the man has three similar allegations of sexual assault
      When the engine evaluates the case
      Then the engine does not recommend a Sexual Harm Prevention Order against the man

  Rule: A prosecution under section 49 and a recovery order are only for a child in care, under an EPO or in police protection

    Background:
      Given a 31-year-old man

    @rule:s49-inducement @rule:recovery-order-inducement
    Scenario Outline: Someone induces a child to run away
      Given a <age>-year-old boy <legal status>
      And the man induced him to run away 1 week ago
      When the engine evaluates the case
      Then the engine <s.49> a prosecution for abducting a child from care against the man
      And the engine <recovery> a recovery order for the boy

      Examples:
        | age | legal status                        | s.49               | recovery           |
        | 15  | on a care order                     | recommends         | recommends         |
        | 15  | under an emergency protection order | recommends         | recommends         |
        | 15  | living at home                      | does not recommend | does not recommend |
        | 17  | accommodated under section 20       | does not recommend | does not recommend |

    @rule:s49-inducement @rule:recovery-order-inducement @rule:s49-not-available-16-17
    Scenario Outline: An interim care order, an EPO and police protection open both routes at 17; section 20 does not at 16 or 17
      Given <boy>
      And the man induced him to run away 1 week ago
      When the engine evaluates the case
      Then the engine <s.49> a prosecution for abducting a child from care against the man
      And the engine <recovery> a recovery order for the boy
      And the engine <investigation> an investigation against the man

      Examples:
        | boy                                                    | s.49               | recovery           | investigation      |
        | a 17-year-old boy on an interim care order             | recommends         | recommends         | does not recommend |
        | a 17-year-old boy under an emergency protection order  | recommends         | recommends         | does not recommend |
        | a 17-year-old boy in police protection                 | recommends         | recommends         | does not recommend |
        | a 16-year-old boy accommodated under section 20        | does not recommend | does not recommend | recommends         |
        | a 17-year-old boy accommodated under section 20        | does not recommend | does not recommend | recommends         |

    @rule:s49-inducement @rule:recovery-order-inducement
    Scenario Outline: The prosecution takes his age on the day he was induced away; the recovery order his age now
      Given a boy who <birthday>, on a care order
      And the man induced him to run away <when>
      When the engine evaluates the case
      Then the engine <s.49> a prosecution for abducting a child from care against the man
      And the engine <recovery> a recovery order for the boy

      Examples:
        | birthday             | when       | s.49               | recovery           |
        | turns 18 tomorrow    | today      | recommends         | recommends         |
        | turned 18 today      | 1 week ago | recommends         | does not recommend |
        | turned 18 today      | today      | does not recommend | does not recommend |

    @rule:s49-not-available-under-16 @rule:s49-not-available-16-17
    Scenario Outline: A CAWN served now needs him to be under 16 now, not only when he was induced away
      Given a boy who <birthday>, living at home
      And the man induced him to run away 2 months ago
      When the engine evaluates the case
      Then the engine <CAWN> a CAWN against the man
      And the engine <investigation> an investigation against the man

      Examples:
        | birthday          | CAWN               | investigation      |
        | turns 16 tomorrow | recommends         | does not recommend |
        | turned 16 today   | does not recommend | recommends         |

    @rule:s49-not-available-under-16
    Scenario: A 15-year-old at home: no s.49, but a CAWN is available
      Given a 15-year-old boy living at home
      And the man induced him to run away 1 week ago
      When the engine evaluates the case
      Then the engine recommends a CAWN against the man
      And the engine explains that "s.49 and recovery orders apply only to a child in care"

    @rule:s49-not-available-16-17
    Scenario: A 17-year-old accommodated under section 20: investigate instead
      Given a 17-year-old boy accommodated under section 20
      And the man induced him to run away 1 week ago
      When the engine evaluates the case
      Then the engine recommends an investigation against the man
      And the engine does not recommend a CAWN against the man
      And the engine explains that "a Sexual Risk Order would need a recorded act of a sexual nature by man"
      And the engine does not say "consider a Sexual Risk Order"

    @rule:s49-inducement
    Scenario: A summary-only offence: the engine says when a prosecution must start
      Given a 15-year-old boy on a care order
      And the man induced him to run away 1 week ago
      When the engine evaluates the case
      Then the engine explains that "must normally start within 6 months of"
      And the recommendation of a prosecution under section 49 says what to confirm

    @rule:s49-inducement
    Scenario Outline: A summary-only offence: once 6 months have passed since he was induced away, no prosecution is recommended
      Given a 15-year-old boy on a care order
      And the man induced him to run away <when>
      When the engine evaluates the case
      Then the engine <s.49> a prosecution for abducting a child from care against the man

      Examples:
        | when          | s.49               |
        | 5 months ago  | recommends         |
        | on 2019-12-31 | recommends         |
        | on 2019-12-30 | does not recommend |
        | 1 year ago    | does not recommend |

    @rule:s49-inducement
    Scenario: Once a prosecution is under way, the engine does not recommend it again
      Given a 15-year-old boy on a care order
      And the man induced him to run away 1 month ago
      And a prosecution under section 49 was issued against the man 1 week ago
      When the engine evaluates the case
      Then the engine does not recommend a prosecution for abducting a child from care against the man

  Rule: A child in care who is frequently missing with an older man needs a recovery order

    @rule:recovery-order-frequently-missing
    Scenario Outline: The ruleset counts 3 missing episodes in 90 days as frequent
      Given a 14-year-old girl on a care order
      And a 30-year-old man
      And she went missing <count> times in the last 80 days and was found with the man each time
      When the engine evaluates the case
      Then the engine <outcome> a recovery order for the girl

      Examples:
        | count | outcome            |
        | 2     | does not recommend |
        | 3     | recommends         |

    @rule:recovery-order-not-available
    Scenario: A frequently missing child at home: no recovery order, and the engine says why
      Given a 14-year-old girl living at home
      And a 30-year-old man
      And she went missing 4 times in the last 80 days and was found with the man each time
      When the engine evaluates the case
      Then the engine does not recommend a recovery order for the girl
      And the engine recommends a trigger plan for the girl
      And the engine explains that "a recovery order (s.50) and a s.49 prosecution need a child in care"

    @rule:recovery-order-frequently-missing
    Scenario Outline: A recovery order is for a child: not after her 18th birthday
      Given a girl who <birthday>, on a care order
      And a 30-year-old man
      And she went missing 3 times in the last 80 days and was found with the man each time
      When the engine evaluates the case
      Then the engine <outcome> a recovery order for the girl

      Examples:
        | birthday          | outcome            |
        | turns 18 tomorrow | recommends         |
        | turned 18 today   | does not recommend |

  Rule: Suspects' other offending is grounds for arrest, without the child's disclosure

    @rule:arrest-other-offences
    Scenario: A suspect who deals drugs
      Given a 29-year-old man
      And the man is suspected of dealing drugs
      When the engine evaluates the case
      Then the engine recommends arrest for other offences against the man
      And the engine explains that "needs no disclosure from the child"

  Rule: Those who move children for exploitation face trafficking orders

    @rule:stro-movement
    Scenario: A man moves a 15-year-old to another force's area
      Given a 15-year-old girl living at home
      And a 27-year-old man
      And the man moved her to another force's area 2 weeks ago
      When the engine evaluates the case
      Then the engine recommends a Slavery and Trafficking Risk Order against the man
      And the engine explains that "a risk that man will commit a slavery or trafficking offence"
