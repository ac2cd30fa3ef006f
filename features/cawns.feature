Feature: CAWNs
  A Child Abduction Warning Notice (CAWN) tells an adult that they have no permission to be
  with a child, and that taking or keeping the child after it can lead to a prosecution. It is
  only lawful where that prosecution could follow: the child is under 16 (Child Abduction Act
  1984 s.2), or under 18 and in care, under an emergency protection order or in police
  protection (Children Act 1989 s.49). Being accommodated under section 20 alone is not enough.
  A CAWN is served promptly, never on a child victim, never instead of an investigation, and its
  breach is evidence for the next step rather than an offence in itself.
  (Inquiry ¶4, ¶6, ¶10, ¶18, ¶20, ¶21, ¶22, ¶25, ¶26, ¶33.)

  Rule: A CAWN needs a route to prosecution: a child under 16, or under 18 and in care

    Background:
      Given a 19-year-old man

    @rule:cawn-found-with-adult @rule:cawn-not-available-s20
    Scenario Outline: 15 is under the s.2 route; 16 is not, unless the child is in care
      Given a <age>-year-old girl living at home
      And she went missing and was found with the man
      When the engine evaluates the case
      Then the engine <CAWN> a CAWN against the man
      And the engine <investigation> an investigation against the man

      Examples:
        | age | CAWN               | investigation      |
        | 15  | recommends         | does not recommend |
        | 16  | does not recommend | recommends         |

    @rule:cawn-care-order-route @rule:cawn-not-available-s20 @rule:cawn-not-available-warning-letter
    Scenario Outline: At 17, a care order opens the s.49 route; accommodation under section 20 does not
      Given a 17-year-old girl <legal status>
      And she went missing and was found with the man
      When the engine evaluates the case
      Then the engine <CAWN> a CAWN against the man
      And the engine <letter> a CSE warning letter against the man

      Examples:
        | legal status                        | CAWN               | letter             |
        | on a care order                     | recommends         | does not recommend |
        | on an interim care order            | recommends         | does not recommend |
        | under an emergency protection order | recommends         | does not recommend |
        | in police protection                | recommends         | does not recommend |
        | accommodated under section 20       | does not recommend | recommends         |
        | living at home                      | does not recommend | recommends         |

    @rule:cawn-not-available-s20
    Scenario: The engine says why a CAWN is not available
      Given a 17-year-old girl accommodated under section 20
      And she went missing and was found with the man
      When the engine evaluates the case
      Then the engine recommends an investigation against the man
      And the engine explains that "accommodation under s.20 alone does not open the s.49 route"

    @rule:cawn-care-order-route
    Scenario: A 17-year-old's legal status is not recorded, so the engine asks for it
      Given a 17-year-old girl whose legal status is not recorded
      And she went missing and was found with the man
      When the engine evaluates the case
      Then the engine does not recommend a CAWN against the man
      And the engine asks for the girl's legal status to be recorded, which would decide a CAWN

    @rule:cawn-not-available-sro
    Scenario: At 17 and not in care, a man who offended against her faces a Sexual Risk Order, not a letter
      Given a 17-year-old girl accommodated under section 20
      And the man committed a sexual offence against her 1 month ago
      And she went missing and was found with the man
      When the engine evaluates the case
      Then the engine recommends a Sexual Risk Order against the man
      And the engine does not recommend a CSE warning letter against the man

    @rule:cawn-not-available-warning-letter @rule:cawn-not-available-s20
    Scenario Outline: A warning letter is for a person of concern suspected of no offence: not for a man suspected of offending against another child
      Given a 17-year-old girl accommodated under section 20
      And a 14-year-old girl living at home
      And <what>
      And the girl went missing and was found with the man
      When the engine evaluates the case
      Then the engine <letter> a CSE warning letter against the man
      And the engine recommends an investigation against the man

      Examples:
        | what                                                                   | letter             |
        | the man committed a sexual offence against the second girl 1 month ago | does not recommend |
        | the man has one allegation of sexual exploitation                      | does not recommend |
        | no CAWN was considered                                                 | recommends         |

    @rule:cawn-found-with-adult
    Scenario: A CAWN is not for the child's own parent
      Given a 14-year-old girl living at home
      And a 45-year-old man who is her father
      And she went missing and was found with the second man
      When the engine evaluates the case
      Then the engine does not recommend a CAWN against the second man

    @rule:cawn-found-with-adult @rule:cawn-not-available-s20 @rule:cawn-not-considered
    Scenario Outline: A CAWN served now needs the route open now: the day before and the day of her 16th birthday
      Given a girl who <birthday>, living at home
      And she went missing and was found with the man 2 months ago
      When the engine evaluates the case
      Then the engine <CAWN> a CAWN against the man
      And the engine <investigation> an investigation against the man
      And the engine flags a gap: no CAWN was considered

      Examples:
        | birthday          | CAWN               | investigation      |
        | turns 16 tomorrow | recommends         | does not recommend |
        | turned 16 today   | does not recommend | recommends         |

    @rule:cawn-found-with-adult @rule:cawn-care-order-route @rule:cawn-not-considered
    Scenario Outline: Found with him at 15; at 16 today only a child in care can still be protected by a CAWN
      Given a 16-year-old girl <legal status>
      And she went missing and was found with the man when she was 15
      When the engine evaluates the case
      Then the engine <CAWN> a CAWN against the man
      And the engine flags a gap: no CAWN was considered

      Examples:
        | legal status                        | CAWN               |
        | living at home                      | does not recommend |
        | accommodated under section 20       | does not recommend |
        | on a care order                     | recommends         |
        | on an interim care order            | recommends         |
        | under an emergency protection order | recommends         |
        | in police protection                | recommends         |

    @rule:cawn-not-considered
    Scenario Outline: A missed CAWN is judged by her age on the day she was found: the day before and the day of her 16th birthday
      Given a 17-year-old girl living at home
      And she went missing and was found with the man <when>
      When the engine evaluates the case
      Then the engine <gap>: no CAWN was considered

      Examples:
        | when                             | gap                 |
        | the day before her 16th birthday | flags a gap         |
        | on her 16th birthday             | does not flag a gap |

    @rule:cawn-care-order-route @rule:cawn-not-available-s20
    Scenario Outline: The s.49 route ends on the 18th birthday: the day before and the day of
      Given a girl who <birthday>, on a care order
      And she went missing and was found with the man 2 months ago
      When the engine evaluates the case
      Then the engine <CAWN> a CAWN against the man

      Examples:
        | birthday          | CAWN               |
        | turns 18 tomorrow | recommends         |
        | turned 18 today   | does not recommend |

  Rule: Restrictive tactics are never aimed at a child victim; a child who exploits others may be warned

    Background:
      Given a 13-year-old girl living at home

    @rule:cawn-found-with-adult @rule:victim-guard
    Scenario Outline: A child perpetrator may get a CAWN; a child victim never does
      Given a 15-year-old boy <who he is>
      And she went missing and was found with the boy
      When the engine evaluates the case
      Then the engine <CAWN> a CAWN against the boy
      And the engine <warning> that a restrictive tactic targets a child victim

      Examples:
        | who he is                               | CAWN               | warning       |
        | who is suspected of exploiting her      | recommends         | does not warn |
        | who is himself a victim of exploitation | does not recommend | warns         |

    @rule:cawn-found-with-adult @rule:victim-guard
    Scenario: A boy recorded as not a victim, whom the case names as the victim of a sexual offence, is a child victim
      Given a 15-year-old boy who is suspected of exploiting her
      And a 30-year-old man
      And the man committed a sexual offence against the boy 2 months ago
      And she went missing and was found with the boy
      When the engine evaluates the case
      Then the engine does not recommend a CAWN against the boy
      And the engine warns that a restrictive tactic targets a child victim

    @rule:victim-guard
    Scenario: Police propose a CAWN against the girl herself
      Given a 20-year-old man
      And a CAWN was issued to the man 1 month ago
      And police propose a CAWN against the girl
      When the engine evaluates the case
      Then the engine warns that the CAWN targets a child victim (about the girl)
      And the engine does not recommend any tactic against the girl

    @rule:child-suspect-victim-unknown
    Scenario: A CAWN against a boy whose status as a victim was never recorded
      Given a 15-year-old boy whose status as a victim is not recorded
      And police propose a CAWN against the boy
      When the engine evaluates the case
      Then the engine warns that it is not recorded whether the boy is also a victim

    @rule:cawn-found-with-adult @rule:victim-guard
    Scenario Outline: The engine itself never recommends a CAWN against a child whose status as a victim is not recorded
      Given a 17-year-old boy whose status as a victim is not recorded<role>
      And she went missing and was found with the boy
      When the engine evaluates the case
      Then the engine does not recommend a CAWN against the boy
      And the engine warns that it is not recorded whether the boy is also a victim
      And the engine asks for the boy's status as a victim to be recorded, which would decide a CAWN

      Examples:
        | role                                   |
        |                                        |
        | , who is an associate of the suspects |

    @rule:investigate-after-cawn @rule:victim-guard
    Scenario: An investigation is not a restrictive measure: no warning about an investigation nobody proposed
      Given a 15-year-old boy who is himself a victim of exploitation
      And the boy committed a sexual offence against her 2 months ago
      And no investigation was opened
      And a 20-year-old man
      And a CAWN was issued to the boy 1 month ago
      When the engine evaluates the case
      Then the engine warns that a restrictive tactic targets a child victim (about the boy)
      And the engine does not recommend an investigation against the boy

  Rule: A CAWN is not a substitute for investigating an offence

    Background:
      Given a 14-year-old girl living at home
      And a 26-year-old man

    @rule:cawn-instead-of-investigation @rule:investigate-after-cawn
    Scenario: A CAWN served where an offence was reported and nothing else was done
      Given the man committed a sexual offence against her 2 months ago
      And no investigation was opened
      And a CAWN was issued to the man 1 month ago
      When the engine evaluates the case
      Then the engine warns that a CAWN is being used instead of an investigation
      And the engine recommends an investigation against the man
      And the engine explains that "investigate first"

    @rule:cawn-instead-of-investigation @rule:investigate-after-cawn
    Scenario: A CAWN followed by "no further action" is still a CAWN instead of an investigation
      Given the man committed a sexual offence against her 2 months ago
      And it was closed with no further action
      And a CAWN was issued to the man 1 month ago
      When the engine evaluates the case
      Then the engine warns that a CAWN is being used instead of an investigation
      And the engine recommends an investigation against the man

    @rule:cawn-instead-of-investigation
    Scenario: A CAWN alongside an investigation is fine
      Given the man committed a sexual offence against her 2 months ago
      And it is under investigation
      And a CAWN was issued to the man 1 month ago
      When the engine evaluates the case
      Then the engine does not warn that a CAWN is being used instead of an investigation

    @rule:cawn-after-disclosure
    Scenario: A CAWN served on a man she named, with no investigation
      Given she named the man 2 months ago
      And a CAWN was issued to the man 1 month ago
      When the engine evaluates the case
      Then the engine warns that a CAWN is being used instead of an investigation

  Rule: A CAWN does not reach exploitation that happens online

    Background:
      Given a 14-year-old girl living at home
      And a 33-year-old man

    @rule:cawn-online-only
    Scenario Outline: A CAWN alone for online exploitation is not enough
      Given the man committed <kind> sexual offence against her 2 months ago
      And it is under investigation
      And a CAWN was issued to the man 1 month ago
      When the engine evaluates the case
      Then the engine <outcome> that a CAWN does not reach online exploitation

      Examples:
        | kind     | outcome       |
        | an online | warns        |
        | a        | does not warn |

    @rule:online-contact-investigate @rule:online-contact-sro
    Scenario: A man in sexual online contact with her is investigated and may face an SRO
      Given the man had sexual online contact with her 3 weeks ago
      When the engine evaluates the case
      Then the engine recommends an investigation against the man
      And the engine recommends a Sexual Risk Order against the man
      And the engine recommends an investigation before a Sexual Risk Order against the man

  Rule: Serve CAWNs promptly; a breach is evidence for the next step, not an offence in itself

    @rule:cawn-delay-repeated
    Scenario: Found with the same man again and again, and still no CAWN
      Given a 14-year-old girl living at home
      And a 24-year-old man
      And she went missing 3 times in the last 60 days and was found with the man each time
      When the engine evaluates the case
      Then the engine flags a gap about the man: the CAWN came too late
      And the engine recommends a CAWN against the man

    @rule:cawn-delay-repeated-care
    Scenario: A 17-year-old in care, found with the same man again and again
      Given a 17-year-old girl on a care order
      And a 24-year-old man
      And she went missing 2 times in the last 60 days and was found with the man each time
      When the engine evaluates the case
      Then the engine flags a gap about the man: the CAWN came too late

    @rule:cawn-served-late
    Scenario Outline: The ruleset expects a CAWN within 14 days of the first time she was found with him
      Given a 14-year-old girl living at home
      And a 24-year-old man
      And she went missing and was found with the man 60 days ago
      And a CAWN was issued to the man <days later>
      When the engine evaluates the case
      Then the engine <outcome> about the man: the CAWN came too late

      Examples:
        | days later  | outcome             |
        | 50 days ago | does not flag a gap |
        | 40 days ago | flags a gap         |

    @rule:cawn-breach-explained @rule:breach-sro
    Scenario: A breached CAWN is evidence, not an offence; with no act of a sexual nature recorded, no SRO yet
      Given a 14-year-old girl living at home
      And a 24-year-old man
      And a CAWN was issued to the man 2 months ago
      And the CAWN was breached
      When the engine evaluates the case
      Then the engine warns that breaching a CAWN is not itself an offence
      And the engine explains that "also needs an act of a sexual nature by man"
      And the engine does not recommend a Sexual Risk Order against the man

    @rule:breach-sro
    Scenario: A breached CAWN and a recorded sexual offence: escalate to a Sexual Risk Order
      Given a 14-year-old girl living at home
      And a 24-year-old man
      And the man committed a sexual offence against her 3 months ago
      And it is under investigation
      And a CAWN was issued to the man 2 months ago
      And the CAWN was breached
      When the engine evaluates the case
      Then the engine recommends a Sexual Risk Order against the man

    @rule:cawn-contact-after-service @rule:breach-s2-prosecution @rule:contact-after-cawn-sro
    Scenario: Found with him again after the CAWN: escalate to an SRO and a prosecution under section 2
      Given a 14-year-old girl living at home
      And a 24-year-old man
      And the man committed a sexual offence against her 3 months ago
      And it is under investigation
      And a CAWN was issued to the man 2 months ago
      And she went missing and was found with the man 1 week ago
      When the engine evaluates the case
      Then the engine warns that the CAWN has been breached
      And the engine recommends a Sexual Risk Order against the man
      And the engine recommends a prosecution for child abduction against the man
      And the engine recommends a Sexual Risk Order before a prosecution for child abduction against the man
      And the engine does not recommend a prosecution for abducting a child from care against the man

    @rule:cawn-contact-after-service @rule:contact-after-cawn-sro
    Scenario: Found with him again after the CAWN, with no act of a sexual nature recorded: evidence towards an SRO, not yet one
      Given a 14-year-old girl living at home
      And a 24-year-old man
      And a CAWN was issued to the man 2 months ago
      And she went missing and was found with the man 1 week ago
      When the engine evaluates the case
      Then the engine warns that the CAWN has been breached
      And the engine does not recommend a Sexual Risk Order against the man

    @rule:breach-s49-prosecution
    Scenario Outline: At 17, only a child in care opens a prosecution under section 49
      Given a 17-year-old girl <legal status>
      And a 24-year-old man
      And a CAWN was issued to the man 2 months ago
      And she went missing and was found with the man 1 week ago
      When the engine evaluates the case
      Then the engine <outcome> a prosecution for abducting a child from care against the man
      And the engine does not recommend a prosecution for child abduction against the man

      Examples:
        | legal status                  | outcome            |
        | on a care order               | recommends         |
        | accommodated under section 20 | does not recommend |

    @rule:breach-s49-prosecution
    Scenario Outline: A prosecution under section 49 is summary only: it is not recommended once 6 months have passed since she was kept away
      Given a 16-year-old girl on a care order
      And a 40-year-old man
      And a CAWN was issued to the man on 2019-10-01
      And she went missing and was found with the man <when>
      When the engine evaluates the case
      Then the engine <outcome> a prosecution for abducting a child from care against the man

      Examples:
        | when          | outcome            |
        | on 2019-12-31 | recommends         |
        | on 2019-12-30 | does not recommend |
        | on 2019-11-01 | does not recommend |

    @rule:breach-s49-prosecution
    Scenario: Kept away again after the CAWN: an inducement too old to prosecute does not hide the recent offence
      Given a 16-year-old girl on a care order
      And a 40-year-old man
      And the man induced her to run away 1 year ago
      And a CAWN was issued to the man 2 months ago
      And she went missing and was found with the man 1 week ago
      When the engine evaluates the case
      Then the engine recommends a prosecution for abducting a child from care against the man

  Rule: Every child found with an adult is a CAWN opportunity

    @rule:cawn-not-considered
    Scenario: A 14-year-old found with a man, and no CAWN considered
      Given a 14-year-old girl living at home
      And a 24-year-old man
      And she went missing and was found with the man 2 weeks ago
      When the engine evaluates the case
      Then the engine flags a gap about the missing episode: no CAWN was considered

    @rule:cawn-not-considered-care
    Scenario Outline: A 17-year-old found with a man: a CAWN opportunity only if she is in care
      Given a 17-year-old girl <legal status>
      And a 24-year-old man
      And she went missing and was found with the man 2 weeks ago
      When the engine evaluates the case
      Then the engine <outcome> about the missing episode: no CAWN was considered

      Examples:
        | legal status                  | outcome             |
        | on an interim care order      | flags a gap         |
        | accommodated under section 20 | does not flag a gap |

    @rule:cawn-not-considered
    Scenario: A CAWN that was considered and withdrawn still counts as considered
      Given a 14-year-old girl living at home
      And a 24-year-old man
      And she went missing and was found with the man 2 weeks ago
      And a CAWN was withdrawn for the man 1 week ago
      When the engine evaluates the case
      Then the engine does not flag a gap about the missing episode: no CAWN was considered
