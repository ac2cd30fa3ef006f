Feature: Protecting the child
  Measures for the child bring help and information to the child; they never restrict what the
  child may do. After every missing episode officers find out where the child was and with whom;
  trafficking indicators lead to a National Referral Mechanism referral; intimate contact by an
  older person of concern leads to a disclosure and, with a child under 16, to an investigation
  of that person (it is abuse, not a relationship); immediate risk leads to police protection; and
  parties, hotels, cars, online contact and frequent missing episodes lead to a CSE risk
  assessment and a trigger plan. (Inquiry ¶13, ¶14, ¶15, ¶18, ¶21, ¶27, ¶28, ¶33.)

  Rule: After every missing episode, officers establish where the child was and with whom

    Background:
      Given a 15-year-old girl living at home
      And she went missing 2 weeks ago

    @rule:return-interview-where-with-whom
    Scenario Outline: What officers asked when she came back
      Given officers <asked>
      When the engine evaluates the case
      Then the engine <outcome> about the missing episode: where the child had been and with whom was not established

      Examples:
        | asked                                       | outcome             |
        | did not ask where she had been or with whom | flags a gap         |
        | asked where she had been but not with whom  | flags a gap         |
        | asked where she had been and with whom      | does not flag a gap |

    @rule:return-interview-where-with-whom
    Scenario: Nothing recorded about what she was asked counts as not established
      When the engine evaluates the case
      Then the engine flags a gap about the missing episode: where the child had been and with whom was not established
      And the engine explains that "not recorded"

  Rule: Trafficking indicators and a risk of removal abroad

    Background:
      Given a 15-year-old girl living at home
      And a 23-year-old man

    @rule:nrm-movement
    Scenario: Moved to another force's area for exploitation
      Given the man moved her to another force's area 1 week ago
      When the engine evaluates the case
      Then the engine recommends an NRM referral for the girl
      And the engine explains that "needs no consent"

    @rule:nrm-movement @rule:nrm-movement-now-adult
    Scenario Outline: Moved as a child: no consent is needed while she is a child, her consent once she is 18
      Given a girl who <birthday>, living at home
      And the man moved the second girl to another force's area 1 month ago
      When the engine evaluates the case
      Then the engine recommends an NRM referral for the second girl
      And the engine explains that "<reason>"

      Examples:
        | birthday          | reason                              |
        | turns 18 tomorrow | a child's referral needs no consent |
        | turned 18 today   | needs their informed consent        |

    @rule:passport-marker-removal
    Scenario Outline: A passport marker protects a child: not after her 18th birthday
      Given a girl who <birthday>, living at home
      And there is a risk that the second girl will be taken abroad
      When the engine evaluates the case
      Then the engine <outcome> a passport marker for the second girl

      Examples:
        | birthday          | outcome            |
        | turns 18 tomorrow | recommends         |
        | turned 18 today   | does not recommend |

    @rule:passport-marker-removal
    Scenario: At risk of being taken abroad
      Given there is a risk that she will be taken abroad
      When the engine evaluates the case
      Then the engine recommends a passport marker for the girl
      And the recommendation of a passport marker says what to confirm

  Rule: Intimate contact with a person of concern: Clare's Law from 16, otherwise the child sex offender route, and an investigation of anyone 16 or over with a child under 16

    Background:
      Given a 27-year-old man

    @rule:clares-law-16-plus @rule:csods-under-16
    Scenario Outline: 15 versus 16
      Given a <age>-year-old girl living at home
      And the man had intimate contact with her
      When the engine evaluates the case
      Then the engine <Clare's Law> a Clare's Law application for the girl
      And the engine <gap> about the girl: Clare's Law does not apply under 16

      Examples:
        | age | Clare's Law        | gap                 |
        | 15  | does not recommend | flags a gap         |
        | 16  | recommends         | does not flag a gap |

    @rule:clares-law-16-plus @rule:csods-under-16
    Scenario Outline: An application made now takes her age now, not her age when the contact was recorded
      Given a girl who <birthday>, living at home
      And the man had intimate contact with her 2 months ago
      When the engine evaluates the case
      Then the engine <Clare's Law> a Clare's Law application for the girl
      And the engine <gap> about the girl: Clare's Law does not apply under 16

      Examples:
        | birthday          | Clare's Law        | gap                 |
        | turns 16 tomorrow | does not recommend | flags a gap         |
        | turned 16 today   | recommends         | does not flag a gap |

    @rule:clares-law-16-plus
    Scenario: Clare's Law is for partners who are both 16 or over
      Given a 17-year-old girl living at home
      And a boy who turns 16 tomorrow, who is suspected of exploiting her
      And the boy had intimate contact with her
      When the engine evaluates the case
      Then the engine does not recommend a Clare's Law application for the girl

    @rule:relationship-under-16-investigate
    Scenario: An adult's intimate contact with a 15-year-old is investigated, and not called a relationship
      Given a 15-year-old girl living at home
      And the man had intimate contact with her
      When the engine evaluates the case
      Then the engine recommends an investigation against the man
      And the engine explains that "whatever the child says about consent"
      And the engine explains that "it is abuse, not a relationship"
      And the engine does not say "is in a relationship"
      And the engine does not say "in an intimate relationship with"

    @rule:relationship-under-13-investigate @rule:relationship-under-16-investigate
    Scenario Outline: With a child under 13 the offences are those of ss.5–8
      Given a girl who <birthday>, living at home
      And the man had intimate contact with her
      When the engine evaluates the case
      Then the engine recommends an investigation against the man
      And the engine's legal basis for an investigation includes "<law>"

      Examples:
        | birthday          | law                                |
        | turns 13 tomorrow | Sexual Offences Act 2003 ss.5–8    |
        | turned 13 today   | Sexual Offences Act 2003 ss.9–12   |

    @rule:relationship-under-16-investigate @rule:relationship-under-16-investigate-youth
    Scenario Outline: Anyone 16 or over is investigated: from 18 under ss.9–12, at 16 or 17 under s.13
      Given a 14-year-old girl living at home
      And a boy who <birthday>, who is suspected of exploiting her
      And the boy had intimate contact with her
      When the engine evaluates the case
      Then the engine <outcome> an investigation against the boy
      And the engine's legal basis for an investigation <law>

      Examples:
        | birthday          | outcome            | law                                                  |
        | turns 16 tomorrow | does not recommend | does not include "Sexual Offences Act 2003"          |
        | turned 16 today   | recommends         | includes "Sexual Offences Act 2003 s.13"             |
        | turns 18 tomorrow | recommends         | includes "Sexual Offences Act 2003 s.13"             |
        | turned 18 today   | recommends         | includes "Sexual Offences Act 2003 ss.9–12"          |

  Rule: Intimate contact with a child under 16 before 1 May 2004 is judged by the law of the time

    @rule:relationship-under-16-investigate @rule:relationship-under-16-before-2004
    Scenario Outline: Acts before 1 May 2004 fall under the law of the time
      Given the case is assessed on 2004-06-30
      And a 14-year-old girl living at home
      And a 27-year-old man
      And the man had intimate contact with her <when>
      When the engine evaluates the case
      Then the engine recommends an investigation against the man
      And the engine's legal basis for an investigation includes "<act>"
      And the engine does not say "<other act>"

      Examples:
        | when        | act                               | other act                 |
        | 61 days ago | Sexual Offences Act 1956          | Sexual Offences Act 2003  |
        | 60 days ago | Sexual Offences Act 2003 ss.9–12  | Sexual Offences Act 1956  |

  Rule: Immediate risk of significant harm calls for police protection

    @rule:police-protection-immediate-risk
    Scenario: An immediate risk
      Given a 13-year-old girl living at home
      And she is at immediate risk of significant harm
      When the engine evaluates the case
      Then the engine recommends police protection for the girl
      And the recommendation of police protection says what to confirm

    @rule:police-protection-immediate-risk
    Scenario: A risk that is not immediate does not call for police protection
      Given a 13-year-old girl living at home
      And she is at risk of significant harm
      When the engine evaluates the case
      Then the engine does not recommend police protection for the girl

    @rule:police-protection-immediate-risk
    Scenario: A child already in police protection is not taken into it again
      Given a 13-year-old girl in police protection
      And she is at immediate risk of significant harm
      When the engine evaluates the case
      Then the engine does not recommend police protection for the girl

    @rule:police-protection-immediate-risk
    Scenario Outline: Police protection lasts at most 72 hours: protection taken before the risk was recorded does not meet it
      Given a 13-year-old girl living at home
      And police protection was issued for her <when>
      And she is at immediate risk of significant harm
      When the engine evaluates the case
      Then the engine <outcome> police protection for the girl

      Examples:
        | when                           | outcome            |
        | 1 year ago                     | recommends         |
        | 1 week ago                     | recommends         |
        | today                          | does not recommend |
        | on a date that is not recorded | does not recommend |

  Rule: Signs of exploitation call for a CSE risk assessment and a trigger plan

    Background:
      Given a 14-year-old boy living at home

    @rule:cse-assessment-parties
    Scenario Outline: Parties with adults
      Given he was at a party with adults where there was <what> 2 weeks ago
      When the engine evaluates the case
      Then the engine <outcome> a CSE assessment for the boy
      And the engine does not say "the child attends parties"

      Examples:
        | what              | outcome    |
        | alcohol and drugs | recommends |
        | alcohol           | recommends |
        | drugs             | recommends |

    @rule:cse-assessment-parties
    Scenario: Once an assessment has found exploitation, the engine does not ask for another
      Given he was at a party with adults where there was alcohol 2 weeks ago
      And a CSE assessment found he is being exploited
      When the engine evaluates the case
      Then the engine does not recommend a CSE assessment for the boy

    @rule:cse-assessment-hotel-party
    Scenario: Parties in hotels
      Given a hotel
      And he was at a party at the hotel 3 weeks ago
      When the engine evaluates the case
      Then the engine recommends a CSE assessment for the boy

    @rule:cse-assessment-vehicles
    Scenario: Seen getting into cars
      Given he was seen getting into a car with 2 unidentified men 1 week ago
      When the engine evaluates the case
      Then the engine recommends a CSE assessment for the boy
      And the engine explains that "unidentified adults: 2"

    @rule:cse-assessment-online
    Scenario: Sexual online contact with an adult
      Given a 44-year-old man
      And the man had sexual online contact with him 1 week ago
      When the engine evaluates the case
      Then the engine recommends a CSE assessment for the boy
      And the engine explains that "sexual online contact with boy was recorded"

    @rule:cse-assessment-frequently-missing @rule:trigger-plan-frequently-missing
    Scenario Outline: The ruleset counts 3 missing episodes in 90 days as frequent
      Given he is on a care order
      And he went missing <count> times in the last 80 days
      When the engine evaluates the case
      Then the engine <outcome> a CSE assessment for the boy
      And the engine <outcome> a trigger plan for the boy

      Examples:
        | count | outcome            |
        | 2     | does not recommend |
        | 3     | recommends         |

    @rule:trigger-plan-frequently-missing
    Scenario: A trigger plan agreed but never put in place is still missing
      Given he is on a care order
      And he went missing 4 times in the last 80 days
      And a trigger plan was proposed for the boy 1 month ago
      When the engine evaluates the case
      Then the engine recommends a trigger plan for the boy

  Rule: A CSE risk assessment is for a child: not after the young person's 18th birthday

    @rule:cse-assessment-parties @rule:cse-assessment-hotel-party @rule:cse-assessment-vehicles
    @rule:cse-assessment-online @rule:cse-assessment-frequently-missing
    Scenario Outline: Signs recorded at 17, assessed the day before and on the 18th birthday
      Given a boy who <birthday>, living at home
      And a 44-year-old man
      And a hotel
      And <sign>
      When the engine evaluates the case
      Then the engine <outcome> a CSE assessment for the boy

      Examples:
        | birthday          | sign                                                              | outcome            |
        | turns 18 tomorrow | he was at a party with adults where there was alcohol 2 weeks ago | recommends         |
        | turned 18 today   | he was at a party with adults where there was alcohol 2 weeks ago | does not recommend |
        | turns 18 tomorrow | he was at a party at the hotel 3 weeks ago                        | recommends         |
        | turned 18 today   | he was at a party at the hotel 3 weeks ago                        | does not recommend |
        | turns 18 tomorrow | he was seen getting into a car with 2 unidentified men 1 week ago | recommends         |
        | turned 18 today   | he was seen getting into a car with 2 unidentified men 1 week ago | does not recommend |
        | turns 18 tomorrow | the man had sexual online contact with him 1 week ago             | recommends         |
        | turned 18 today   | the man had sexual online contact with him 1 week ago             | does not recommend |
        | turns 18 tomorrow | he went missing 3 times in the last 80 days                       | recommends         |
        | turned 18 today   | he went missing 3 times in the last 80 days                       | does not recommend |

    @rule:cse-assessment-parties
    Scenario: A child whose age is not recorded is still assessed
      Given a boy whose age is not recorded
      And he was at a party with adults where there was alcohol 2 weeks ago
      When the engine evaluates the case
      Then the engine recommends a CSE assessment for the boy
