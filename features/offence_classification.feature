Feature: Offence classification and investigation
  The child's age on the date of the act decides the offence. Police investigate what happened
  to a child, and do not leave it to children's social care; they interview named suspects
  promptly, speak to the child, keep going when a suspect denies it, and act on what others
  report. (Inquiry ¶12, ¶13, ¶19, ¶23, ¶27, ¶28, ¶30.)

  Rule: The child's age on the date of the act decides the offence

    Background:
      Given a 14-year-old girl living at home
      And a 17-year-old boy who is suspected of exploiting her

    @rule:classify-under-13
    Scenario Outline: Rape of a child under 13 is not an offence against an older child, whatever it was recorded as
      Given the boy committed a penetrative sexual offence against her when she was <age at the time>
      And the boy penetrated her with his penis
      And the police recorded it as sexual activity with a child
      When the engine evaluates the case
      Then the engine <outcome> that the offence is wrongly classified

      Examples:
        | age at the time | outcome       |
        | 12              | warns         |
        | 13              | does not warn |

    @rule:classify-under-13
    Scenario Outline: The day before her 13th birthday she was under 13; on her birthday she was not
      Her 13th birthday fell after the act and before today: the age on the day of the act decides.
      Given the boy committed a penetrative sexual offence against her <when>
      And the boy penetrated her with his penis
      And the police recorded it as sexual intercourse with a girl aged 13
      When the engine evaluates the case
      Then the engine <outcome> that the offence is wrongly classified

      Examples:
        | when                             | outcome       |
        | the day before her 13th birthday | warns         |
        | on her 13th birthday             | does not warn |

    @rule:classify-under-13
    Scenario: Her age when she tells the police does not change the offence
      She is 14 now and told police this year; she was 12 when it happened.
      Given the boy committed a penetrative sexual offence against her when she was 12
      And the boy penetrated her with his penis
      And it was reported 2 months ago
      And the police recorded it as sexual intercourse with a girl aged 13
      When the engine evaluates the case
      Then the engine warns that the offence is wrongly classified
      And the engine explains that "was 12 on"
      And the engine explains that "rape of a child under 13"
      And the engine's warning about the offence cites "Sexual Offences Act 2003 s.5"
      And the engine cites paragraph 12 of the inquiry

    @rule:classify-under-13
    Scenario: A sexual assault without penetration is not misrecorded as one
      Given the boy committed a penetrative sexual offence against her when she was 12
      And the boy penetrated her with his penis
      And the police recorded it as sexual assault of a child under 13
      When the engine evaluates the case
      Then the engine warns that the offence is wrongly classified

    @rule:classify-under-13
    Scenario: Recorded correctly, there is nothing to warn about
      Given the boy committed a penetrative sexual offence against her when she was 12
      And the boy penetrated her with his penis
      And the police recorded it as rape of a child under 13
      When the engine evaluates the case
      Then the engine does not warn that the offence is wrongly classified

  Rule: How the act was committed decides which offence against a child under 13 it is; none of them is lesser

    Background:
      Given a 14-year-old girl living at home
      And a 30-year-old woman

    @rule:classify-under-13-assault-by-penetration
    Scenario Outline: Penetration other than with a penis is assault of a child under 13 by penetration
      Given the woman committed a penetrative sexual offence against her when she was 12
      And the woman penetrated her with her fingers
      And the police recorded it as <recorded as>
      When the engine evaluates the case
      Then the engine <outcome> that the offence is wrongly classified

      Examples:
        | recorded as                                | outcome       |
        | sexual activity with a child               | warns         |
        | sexual assault                             | warns         |
        | assault of a child under 13 by penetration | does not warn |

    @rule:classify-under-13-assault-by-penetration
    Scenario: The warning names assault by penetration, not rape
      Given the woman committed a penetrative sexual offence against her when she was 12
      And the woman penetrated her with her fingers
      And the police recorded it as sexual activity with a child
      When the engine evaluates the case
      Then the engine explains that "assault of a child under 13 by penetration"
      And the engine's warning about the offence cites "Sexual Offences Act 2003 s.6"
      And the engine's warning about the offence does not cite "s.5"

    @rule:classify-under-13-causing-or-inciting
    Scenario Outline: A woman who caused the child to penetrate her committed an offence under s.8
      Given the woman committed a penetrative sexual offence against her when she was 12
      And the woman caused her to penetrate her
      And the police recorded it as <recorded as>
      When the engine evaluates the case
      Then the engine <outcome> that the offence is wrongly classified

      Examples:
        | recorded as                                                      | outcome       |
        | sexual activity with a child                                     | warns         |
        | causing or inciting a child under 13 to engage in sexual activity | does not warn |

    @rule:classify-under-13-causing-or-inciting
    Scenario: The warning names causing or inciting, under s.8
      Given the woman committed a penetrative sexual offence against her when she was 12
      And the woman incited her to engage in penetrative sexual activity
      And the police recorded it as sexual activity with a child
      When the engine evaluates the case
      Then the engine explains that "causing or inciting a child under 13"
      And the engine's warning about the offence cites "Sexual Offences Act 2003 s.8"

    @rule:classify-under-13-penetration-undecided @rule:classify-under-13 @rule:classify-under-13-assault-by-penetration @rule:classify-under-13-causing-or-inciting
    Scenario: Who penetrated whom is not recorded: the engine does not guess rape
      Given the woman committed a penetrative sexual offence against her when she was 12
      And the police recorded it as sexual activity with a child
      When the engine evaluates the case
      Then the engine warns that the offence is wrongly classified
      And the engine explains that "which of the three it is depends on how the act was committed"
      And the engine's warning about the offence does not cite "Sexual Offences Act 2003 s.5"
      And the engine asks for how the act was committed to be recorded, which would decide the offence is wrongly classified

    @rule:classify-under-13-older-child-offence
    Scenario Outline: An offence against a child under 13 is not recorded as one against an older child, penetrative or not
      Given the woman committed a sexual offence against her when she was 12
      And the police recorded it as <recorded as>
      When the engine evaluates the case
      Then the engine <outcome> that the offence is wrongly classified

      Examples:
        | recorded as                         | outcome       |
        | sexual activity with a child        | warns         |
        | sexual assault of a child under 13  | does not warn |

  Rule: Acts before 1 May 2004 fall under the Sexual Offences Act 1956

    Background:
      Given the case is assessed on 2005-01-01
      And a girl born on 1991-09-01
      And a 30-year-old man

    @rule:classify-under-13 @rule:classify-under-13-before-2004
    Scenario Outline: On 30 April 2004 the 1956 Act applied; from 1 May 2004 the 2003 Act
      She was 12 on both days.
      Given the man committed a penetrative sexual offence against her <day>
      And the man penetrated her with his penis
      And the police recorded it as sexual intercourse with a girl aged 13
      When the engine evaluates the case
      Then the engine warns that the offence is wrongly classified
      And the engine's warning about the offence <2003 Act> "Sexual Offences Act 2003"
      And the engine's warning about the offence cites "<Act>"

      Examples:
        | day           | 2003 Act      | Act                          |
        | on 2004-04-30 | does not cite | Sexual Offences Act 1956     |
        | on 2004-05-01 | cites         | Sexual Offences Act 2003 s.5 |

    @rule:investigate-under-13-closed @rule:investigate-under-13-closed-before-2004
    Scenario Outline: A closed case from before 1 May 2004 is investigated under the 1956 Act
      Given the man committed a penetrative sexual offence against her <day>
      And it was closed for evidential difficulties
      When the engine evaluates the case
      Then the engine flags a gap about the offence: the offence against a child under 13 must be investigated
      And the engine's gap about the offence <2003 Act> "Sexual Offences Act 2003"
      And the engine's gap about the offence cites "<Act>"

      Examples:
        | day           | 2003 Act      | Act                          |
        | on 2004-04-30 | does not cite | Sexual Offences Act 1956     |
        | on 2004-05-01 | cites         | Sexual Offences Act 2003     |

  Rule: An offence against a child under 13 is not closed without a charge

    Background:
      Given a 14-year-old girl living at home
      And a 17-year-old boy who is suspected of exploiting her

    @rule:investigate-under-13-closed
    Scenario Outline: Closed for evidential difficulties or with no further action, it merits investigation
      Given the boy committed a penetrative sexual offence against her when she was <age>
      And <state of the case>
      When the engine evaluates the case
      Then the engine <outcome> about the offence: the offence against a child under 13 must be investigated

      Examples:
        | age | state of the case                         | outcome             |
        | 12  | it was closed for evidential difficulties | flags a gap         |
        | 12  | it was closed with no further action      | flags a gap         |
        | 12  | it is under investigation                 | does not flag a gap |
        | 13  | it was closed with no further action      | does not flag a gap |

    @rule:investigate-under-13-closed
    Scenario: The gap does not say the offence was rape when how it was committed is not recorded
      Given the boy committed a penetrative sexual offence against her when she was 12
      And it was closed with no further action
      When the engine evaluates the case
      Then the engine's gap about the offence cites "Sexual Offences Act 2003 ss.5–8"
      And the engine's gap about the offence does not cite "is rape"

  Rule: Without a date of birth, the engine says what it needs rather than guessing

    @rule:classify-under-13
    Scenario: Only her age today is known, and it does not settle her age two years ago
      Given a girl said to be 14, whose date of birth is not recorded
      And a 30-year-old man
      And the man committed a penetrative sexual offence against her 2 years ago
      And the police recorded it as sexual activity with a child
      When the engine evaluates the case
      Then the engine does not warn that the offence is wrongly classified
      And the engine asks for the girl's date of birth to be recorded, which would decide the offence is wrongly classified

  Rule: Police investigate; they do not leave it to children's social care

    Background:
      Given a 13-year-old girl living at home

    @rule:investigate-vehicle-sighting
    Scenario: Who owns the car she was seen getting into is a police enquiry
      Given she was seen getting into a car with 2 unidentified men 3 weeks ago
      And police made no enquiry
      When the engine evaluates the case
      Then the engine flags a gap about the sighting: nobody found out whose car it was

    @rule:investigate-unidentified-adults
    Scenario: Adults seen with her are identified
      Given a park
      And she was seen with 3 unidentified adults at the park
      And police made no enquiry
      When the engine evaluates the case
      Then the engine flags a gap about the sighting: the adults with the child were not identified

    @rule:investigate-vehicle-sighting @rule:investigate-unidentified-adults
    Scenario: Once police have identified the people involved, there is no gap
      Given she was seen getting into a car with 2 unidentified men
      And police identified the people involved
      When the engine evaluates the case
      Then the engine does not flag a gap: nobody found out whose car it was

    @rule:investigate-address-sighting @rule:investigate-address-occupier
    Scenario: The house she was seen leaving while missing, and the man who lives there
      Given a 41-year-old man
      And a house linked to the man
      And she was seen leaving the house while missing
      And police made no enquiry
      When the engine evaluates the case
      Then the engine flags a gap about the sighting: nobody found out who lives at the house
      And the engine recommends an investigation against the man

    @rule:investigate-seen-with-adult
    Scenario: A named man she was seen with is investigated
      Given a 35-year-old man
      And she was seen with the man 2 weeks ago
      And police made no enquiry
      When the engine evaluates the case
      Then the engine recommends an investigation against the man

    @rule:investigate-left-to-social-care @rule:investigate-concern-subject
    Scenario: A concern that a neighbour is grooming her is investigated by the police
      Given a 38-year-old man
      And a strategy meeting left the investigation of the man to children's social care
      When the engine evaluates the case
      Then the engine flags a gap about the meeting: the investigation was left to children's social care
      And the engine recommends an investigation against the man

    @rule:not-cse-without-child
    Scenario Outline: "Not CSE" is not decided without the child and the family
      Given officers decided it was not CSE <how>
      When the engine evaluates the case
      Then the engine <outcome>: 'not CSE' was decided without speaking to the child or family

      Examples:
        | how                                        | outcome                |
        | without speaking to her or her family      | flags a gap            |
        | after speaking to her but not her family   | flags a gap            |
        | after speaking to her and her family       | does not flag a gap    |

    @rule:not-cse-without-child
    Scenario: Whether the family was spoken to is not recorded
      Given officers decided it was not CSE after speaking to her
      When the engine evaluates the case
      Then the engine does not flag a gap: 'not CSE' was decided without speaking to the child or family
      And the engine asks for whether the family was spoken to to be recorded, which would decide 'not CSE' was decided without speaking to the child or family

    @rule:indicators-discounted-parties
    Scenario: Parties with adults, alcohol and drugs are not waved away
      Given she was at a party with adults where there was alcohol and drugs 3 weeks ago
      And officers decided it was not CSE after speaking to her and her family
      When the engine evaluates the case
      Then the engine flags a gap about the decision: the warning signs were discounted

  Rule: Named suspects are interviewed promptly, and the child is spoken to promptly

    Background:
      Given a 15-year-old girl living at home
      And a 22-year-old man
      And the man committed a sexual offence against her 8 months ago
      And it was reported 8 months ago
      And it is under investigation

    @rule:interview-delay
    Scenario Outline: The ruleset allows 28 days to interview a named suspect
      Given the man was interviewed <delay> after it was reported
      When the engine evaluates the case
      Then the engine <outcome> about the offence: the suspect was not interviewed promptly

      Examples:
        | delay    | outcome             |
        | 3 weeks  | does not flag a gap |
        | 4 weeks  | does not flag a gap |
        | 5 weeks  | flags a gap         |
        | 7 months | flags a gap         |

    @rule:interview-overdue
    Scenario: A named suspect who has still not been interviewed
      Given the man has not been interviewed
      When the engine evaluates the case
      Then the engine flags a gap about the offence: the suspect was not interviewed promptly
      And the engine explains that "has no recorded interview"

    @rule:child-spoken-to-late
    Scenario Outline: Officers speak to the child within 14 days of the report
      Given the man was interviewed 1 week after it was reported
      And officers first spoke to her <delay> after it was reported
      When the engine evaluates the case
      Then the engine <outcome> about the offence: officers did not speak to the child promptly

      Examples:
        | delay   | outcome             |
        | 1 week  | does not flag a gap |
        | 5 weeks | flags a gap         |

    @rule:child-not-spoken-to
    Scenario Outline: A child nobody has spoken to since the report is a gap too
      Given officers spoke to her <when>
      When the engine evaluates the case
      Then the engine <outcome> about the offence: officers have not spoken to the child

      Examples:
        | when         | outcome             |
        | 8 months ago | does not flag a gap |
        | 9 months ago | flags a gap         |

    @rule:child-not-spoken-to
    Scenario: The gap says what is missing, and not more
      Given officers spoke to her 9 months ago
      When the engine evaluates the case
      Then the engine explains that "there is no record of officers speaking to the child since"

    @rule:investigate-disclosed-name
    Scenario Outline: A person the child names is investigated
      Given a 30-year-old man
      And she named the second man
      And the second man committed a sexual offence against her 2 months ago
      And <state of the case>
      When the engine evaluates the case
      Then the engine <outcome> an investigation against the second man

      Examples:
        | state of the case           | outcome            |
        | no investigation was opened | recommends         |
        | it is under investigation   | does not recommend |

    @rule:investigate-disclosed-name
    Scenario: An investigation of the man she named for an offence against another child does not cover hers
      Given a 30-year-old man
      And the girl named the second man
      And a 12-year-old girl
      And the second man committed a sexual offence against the second girl 2 months ago
      And it is under investigation
      When the engine evaluates the case
      Then the engine recommends an investigation against the second man

  Rule: Without a report date, the delays run from when she named the suspect

    Background:
      Given a 15-year-old girl living at home
      And a 22-year-old man
      And the man committed a sexual offence against her 8 months ago
      And it is under investigation

    @rule:interview-overdue
    Scenario Outline: She named the man; he has no recorded interview
      Given she named the man <when>
      When the engine evaluates the case
      Then the engine <outcome> about the offence: the suspect was not interviewed promptly

      Examples:
        | when        | outcome             |
        | 28 days ago | does not flag a gap |
        | 29 days ago | flags a gap         |

    @rule:interview-delay
    Scenario Outline: He was interviewed some time after she named him
      Given she named the man 6 months ago
      And the man was interviewed <delay> after she named him
      When the engine evaluates the case
      Then the engine <outcome> about the offence: the suspect was not interviewed promptly

      Examples:
        | delay   | outcome             |
        | 28 days | does not flag a gap |
        | 29 days | flags a gap         |

    @rule:interview-overdue @rule:child-not-spoken-to
    Scenario: Neither a report nor a disclosure is recorded: the engine asks, and does not drop it
      Given she named the man 9 months ago
      When the engine evaluates the case
      Then the engine does not flag a gap: the suspect was not interviewed promptly
      And the engine asks for when the offence was reported to be recorded, which would decide the suspect was not interviewed promptly
      And the engine asks for when the offence was reported to be recorded, which would decide officers have not spoken to the child

    @rule:child-not-spoken-to
    Scenario Outline: Officers have 14 days from her disclosure to speak to her
      Given she named the man <when>
      When the engine evaluates the case
      Then the engine <outcome> about the offence: officers have not spoken to the child

      Examples:
        | when        | outcome             |
        | 14 days ago | does not flag a gap |
        | 15 days ago | flags a gap         |

  Rule: A denial is not the end of an enquiry where adults were found in bed with the child

    Background:
      Given a 13-year-old girl living at home
      And a 30-year-old man
      And a 24-year-old man

    @rule:investigate-found-in-bed @rule:investigate-adult-found-in-bed
    Scenario: Police find two men in bed with her
      Given she was found in bed with the man and the second man 1 year ago
      And police made no enquiry
      When the engine evaluates the case
      Then the engine flags a gap about the sighting: nobody investigated the adults she was found in bed with
      And the engine recommends an investigation against the man
      And the engine recommends an investigation against the second man

    @rule:denial-not-end-of-enquiry
    Scenario: A case closed because the suspect denied it, though men had been found in bed with her
      Given she was found in bed with the man and the second man 1 year ago
      And police identified the people involved
      And a 17-year-old boy who is suspected of exploiting her
      And the boy committed a sexual offence against her 3 months ago
      And it was closed because the boy denied it
      When the engine evaluates the case
      Then the engine flags a gap about the offence: a denial does not end the enquiry

    @rule:investigate-found-in-bed @rule:investigate-adult-found-in-bed @rule:denial-not-end-of-enquiry
    Scenario: The reasons name what the adults did, not what the child did
      Given she was found in bed with the man and the second man 1 year ago
      And police made no enquiry
      And a 17-year-old boy who is suspected of exploiting her
      And the boy committed a sexual offence against her 3 months ago
      And it was closed because the boy denied it
      When the engine evaluates the case
      Then the engine explains that "adults were found in bed with girl"
      And the engine explains that "man was found in bed with girl"
      And the engine explains that "adults had been found in bed with the child"
      And the engine does not explain that "girl was found in bed"
      And the engine does not explain that "the child had been found in bed"

  Rule: Reports made about the child are acted on

    Background:
      Given a 15-year-old girl on a care order

    @rule:report-not-actioned
    Scenario Outline: Her carer reports that she is being stalked
      Given her carer reported that she was being stalked<what police did>
      When the engine evaluates the case
      Then the engine <outcome> about the report: the report was not acted on

      Examples:
        | what police did                | outcome             |
        |                                | flags a gap         |
        | , and police took no action    | flags a gap         |
        | , and police acted on it       | does not flag a gap |
