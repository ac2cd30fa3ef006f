Feature: The inquiry's case studies
  Each scenario states, in our own words, the facts the inquiry gives about one case (all other
  details are invented to make a complete case), and what the engine finds: what it recommends,
  what it warns against, and what gap it flags. The inquiry is cited by paragraph. The same cases,
  with full dates, are in examples/ for `disrupt evaluate`.

  @rule:cawn-found-with-adult @rule:record-tactic
  Scenario: CS-A29 (¶10, ¶7): CAWNs served on two 19-year-old men she spent the night with
    The inquiry gives this as CAWNs used well; the same force's CAWNs could not be found in its
    searchable systems.
    Given a 14-year-old girl living at home
    And a 19-year-old man
    And a 19-year-old man
    And she went missing and was found with the man and the second man 2 weeks ago
    And officers asked where she had been and with whom
    And a CAWN was issued to the man 13 days ago
    And the CAWN is not recorded in a searchable system
    And a CAWN was issued to the second man 13 days ago
    And the CAWN is not recorded in a searchable system
    When the engine evaluates the case
    Then the engine does not recommend a CAWN against the man
    And the engine does not recommend a CAWN against the second man
    And the engine gives no warnings
    And the engine flags a gap: the tactic is not recorded in a searchable system

  @rule:classify-under-13 @rule:investigate-under-13-closed @rule:investigate-disclosed-name @rule:cawn-breach-explained @rule:breach-sro
  Scenario: CS-A114 (¶12): an offence against a 12-year-old recorded as one against a 13-year-old
    She named a 17-year-old when she was 13; she had been 12 when it happened. It was recorded as
    an offence against a 13-year-old and closed for evidential difficulties. Later a man who had
    been served a CAWN was arrested for abducting her.
    Given a 14-year-old girl living at home
    And a 17-year-old boy who is suspected of exploiting her
    And the boy committed a penetrative sexual offence against her when she was 12
    And it was reported 1 year ago
    And she named the boy 1 year ago
    And the police recorded it as sexual intercourse with a girl aged 13
    And it was closed for evidential difficulties
    And a 30-year-old man
    And a CAWN was issued to the man 3 months ago
    And the CAWN was breached
    And she went missing and was found with the man 1 month ago
    And officers asked where she had been and with whom
    And a prosecution for child abduction was issued against the man 3 weeks ago
    When the engine evaluates the case
    Then the engine finds:
      | the engine  | what                                                         | about       |
      | warns       | the offence is recorded as a lesser offence                  | the offence |
      | flags a gap | the offence must be investigated as rape of a child under 13 | the offence |
      | recommends  | an investigation                                             | the boy     |
      | warns       | breaching a CAWN is not itself an offence                    | the man     |
    And the engine does not recommend a Sexual Risk Order against the man
    And the engine does not recommend a prosecution for child abduction against the man
    And the engine cites paragraph 12 of the inquiry

  @rule:investigate-vehicle-sighting @rule:investigate-address-sighting @rule:investigate-left-to-social-care @rule:investigate-concern-subject
  Scenario: CS-A50 (¶13): cars, a house she left while missing, and a neighbour, none of them investigated
    Given a 13-year-old girl living at home
    And she was seen getting into a car with 2 unidentified men 4 months ago
    And police made no enquiry
    And a house
    And she went missing 3 months ago
    And she was seen leaving the house while missing 3 months ago
    And police made no enquiry
    And a 34-year-old man
    And a strategy meeting left the investigation of the man to children's social care
    When the engine evaluates the case
    Then the engine finds:
      | the engine  | what                                                 | about       |
      | flags a gap | nobody found out whose car it was                    |             |
      | flags a gap | nobody found out who lives at the house              |             |
      | flags a gap | the investigation was left to children's social care | the meeting |
      | recommends  | an investigation                                     | the man     |

  @rule:nrm-movement @rule:stro-movement @rule:share-information-movement @rule:clares-law-16-plus @rule:cawn-care-order-route @rule:housing-action-found
  Scenario: CS-A56 (¶15): Clare's Law, CAWNs, housing action and county lines
    The force had already done much of what the engine would advise: the engine confirms those
    tactics were open (she is 16 and in care) and adds what was left.
    Given a 16-year-old girl on a care order
    And a 25-year-old man
    And a 31-year-old man
    And a 23-year-old man
    And a flat linked to the second man
    And she is in an intimate relationship with the man
    And she made a Clare's Law application 3 months ago
    And she went missing and was found with the second man at the flat 2 months ago
    And officers asked where she had been and with whom
    And a CAWN was issued to the second man 2 months ago
    And housing action was issued for the flat 7 weeks ago
    And the third man moved her to another force's area 3 weeks ago
    When the engine evaluates the case
    Then the engine finds:
      | the engine  | what                                            | about        |
      | recommends  | an NRM referral                                 | the girl     |
      | recommends  | a Slavery and Trafficking Risk Order            | the third man |
      | flags a gap | information must be shared with the other force | the movement |
    And the engine does not recommend a Clare's Law application for the girl
    And the engine does not recommend a CAWN against the second man
    And the engine does not recommend housing action for the flat
    And the engine gives no warnings

  @rule:cawn-served-late @rule:cawn-breach-explained @rule:breach-s2-prosecution @rule:breach-s49-prosecution @rule:breach-sro @rule:recovery-order-frequently-missing @rule:trigger-plan-frequently-missing
  Scenario: CS-A1 and her mother CS-A2 (¶18): a slow CAWN, a confused breach, no recovery order
    A 14-year-old at high risk, frequently missing and spending time with one older man.
    Given a 14-year-old girl on a care order
    And a 45-year-old woman who is her mother
    And a 33-year-old man
    And a CSE assessment found she is being exploited
    And these missing episodes for her:
      | when         | found with | asked where and with whom |
      | 130 days ago | the man    | yes                       |
      | 80 days ago  | the man    | yes                       |
      | 60 days ago  | the man    | yes                       |
      | 30 days ago  | the man    | yes                       |
      | 9 days ago   | the man    | yes                       |
    And a CAWN was issued to the man 50 days ago
    And the CAWN was breached
    When the engine evaluates the case
    Then the engine finds:
      | the engine  | what                                          | about    |
      | flags a gap | the CAWN came too late                        | the man  |
      | warns       | breaching a CAWN is not itself an offence     | the man  |
      | recommends  | a recovery order                              | the girl |
      | recommends  | a trigger plan                                | the girl |
      | recommends  | a prosecution for child abduction             | the man  |
      | recommends  | a prosecution for abducting a child from care | the man  |
    And the engine does not recommend a Sexual Risk Order against the man
    And the engine does not recommend any tactic against the woman

  @rule:report-not-actioned @rule:interview-delay
  Scenario: CS-A300 (¶19): her carer's reports of stalking, with no recorded police action
    Given a 15-year-old girl on a care order
    And a 26-year-old man
    And the man committed a sexual offence against her 6 months ago
    And it was reported 6 months ago
    And the man was interviewed 10 days after it was reported
    And it is under investigation
    And officers first spoke to her 2 days after it was reported
    And her carer reported that she was being stalked 3 months ago
    When the engine evaluates the case
    Then the engine flags a gap about the report: the report was not acted on
    And the engine does not flag a gap: the suspect was not interviewed promptly
    And the engine does not flag a gap: officers did not speak to the child promptly

  @rule:cawn-only-cross-force @rule:cawn-instead-of-investigation @rule:investigate-after-cawn
  Scenario: CS-A212 (¶22): exploited in another force's area, which served CAWNs instead of investigating
    Given a 15-year-old girl living at home
    And a 29-year-old man
    And the man committed a sexual offence against her 5 months ago
    And it happened in another force's area
    And information was shared with that force
    And no investigation was opened
    And another force issued a CAWN to the man 4 months ago
    When the engine evaluates the case
    Then the engine finds:
      | the engine | what                                            | about   |
      | warns      | the other force's only response was a CAWN      | the man |
      | warns      | a CAWN is being used instead of an investigation | the man |
      | recommends | an investigation                                | the man |
    And the engine does not flag a gap: information must be shared with the other force

  @rule:share-information-cross-force @rule:share-information-movement @rule:nrm-movement
  Scenario: CS-A71 (¶22): exploited across force boundaries
    Given a 16-year-old girl living at home
    And she was taken to another force's area by people who were not identified 4 months ago
    And an unidentified man committed a sexual offence against her 4 months ago
    And it happened in another force's area
    And it is under investigation
    When the engine evaluates the case
    Then the engine finds:
      | the engine  | what                                            | about        |
      | flags a gap | information must be shared with the other force | the offence  |
      | flags a gap | information must be shared with the other force | the movement |
      | recommends  | an NRM referral                                 | the girl     |

  @rule:investigate-unidentified-adults @rule:patrols-park @rule:cawn-found-with-adult @rule:cawn-not-considered @rule:investigate-found-in-bed @rule:investigate-adult-found-in-bed @rule:interview-delay @rule:denial-not-end-of-enquiry
  Scenario: CS-A26 (¶23): a park, a holiday park, a bed, and a named 17-year-old who denied it
    Given a 14-year-old girl living at home
    And a park
    And she was seen with 3 unidentified men at the park when she was 11
    And police made no enquiry
    And a 35-year-old man
    And a holiday park
    And she went missing and was found with the man at the holiday park when she was 12
    And officers asked where she had been and with whom
    And a 28-year-old man
    And a 24-year-old man
    And she was found in bed with the second man and the third man when she was 13
    And police made no enquiry
    And a 17-year-old boy who is suspected of exploiting her
    And the boy committed a sexual offence against her 9 months ago
    And it was reported 9 months ago
    And the boy was interviewed 7 months after it was reported
    And it was closed because the boy denied it
    When the engine evaluates the case
    Then the engine finds:
      | the engine  | what                                                     | about          |
      | flags a gap | the adults with the child were not identified            |                |
      | recommends  | patrols                                                  | the park       |
      | recommends  | a CAWN                                                   | the man        |
      | flags a gap | no CAWN was considered                                   |                |
      | flags a gap | nobody investigated the adults she was found in bed with |                |
      | recommends  | an investigation                                         | the second man |
      | recommends  | an investigation                                         | the third man  |
      | flags a gap | the suspect was not interviewed promptly                 | the offence    |
      | flags a gap | a denial does not end the enquiry                        | the offence    |

  @rule:victim-guard
  Scenario: CS-A81 (¶26, ¶25): police plan a CAWN against the 13-year-old victim herself
    Two men were arrested and served CAWNs; police then planned CAWNs, with threats of arrest,
    to stop her seeing her friends.
    Given a 13-year-old girl living at home
    And a 24-year-old man
    And a 22-year-old man
    And the man committed a sexual offence against her 2 months ago
    And it is under investigation
    And the second man committed a sexual offence against her 2 months ago
    And it is under investigation
    And a CAWN was issued to the man 7 weeks ago
    And a CAWN was issued to the second man 7 weeks ago
    And police propose a CAWN against the girl
    When the engine evaluates the case
    Then the engine warns that the CAWN targets a child victim (about the girl)
    And the engine does not recommend any tactic against the girl
    And the engine does not warn that a CAWN is being used instead of an investigation

  @rule:child-spoken-to-late @rule:indicators-discounted-parties @rule:cse-assessment-parties
  Scenario: CS-A21 (¶27): parties with adult men, alcohol and drugs, judged no threat
    Given a 15-year-old girl living at home
    And she was at a party with adults where there was alcohol and drugs 8 weeks ago
    And she was at a party with adults where there was alcohol and drugs 6 weeks ago
    And an unidentified man committed a sexual offence against her 6 weeks ago
    And it was reported 6 weeks ago
    And it is under investigation
    And officers first spoke to her 5 weeks after it was reported
    And officers decided it was not CSE after speaking to her
    When the engine evaluates the case
    Then the engine finds:
      | the engine  | what                                         | about        |
      | flags a gap | officers did not speak to the child promptly | the offence  |
      | flags a gap | the warning signs were discounted            | the decision |
      | recommends  | a CSE assessment                             | the girl     |
    And the engine asks for whether the family was spoken to to be recorded

  @rule:not-cse-without-child @rule:hotel-notice-party @rule:cse-assessment-hotel-party @rule:trigger-plan-frequently-missing @rule:recovery-order-not-available
  Scenario: CS-A90 (¶28): "not CSE" after one phone call; no trigger plan; nothing done about the hotel
    A frequently missing boy went to parties in hotels at 13. At 14 officers decided it was not
    CSE without speaking to him or his family; peer mapping was agreed but never done.
    Given a 14-year-old boy whose legal status is not recorded
    And a hotel
    And he was at a party with adults at the hotel when he was 13
    And he went missing 4 times in the last 80 days
    And officers decided it was not CSE without speaking to him or his family
    And a trigger plan was proposed for the boy
    When the engine evaluates the case
    Then the engine finds:
      | the engine  | what                                                          | about        |
      | flags a gap | 'not CSE' was decided without speaking to the child or family | the decision |
      | recommends  | a CSE assessment                                              | the boy      |
      | recommends  | a trigger plan                                                | the boy      |
    And the engine asks for the boy's legal status to be recorded
    And the engine asks for whether there was alcohol at the party to be recorded, which would decide a hotel notice

  @rule:s49-inducement @rule:recovery-order-inducement @rule:cawn-contact-after-service @rule:online-contact-sro @rule:online-contact-investigate @rule:patrols-targeted-accommodation
  Scenario: CS-A59 (¶33): a boy in care induced to run away after a CAWN had failed
    Older men targeted him through social media apps; the supported accommodation proposed for
    him was targeted by unsafe adults. A CAWN did not stop the main perpetrator, who induced him
    to run away from care. The inquiry calls his s.49 prosecution a good example.
    Given a 15-year-old boy on a care order
    And a 33-year-old man
    And a 40-year-old man
    And a 30-year-old man who is an associate of the suspects
    And supported accommodation targeted by the third man
    And the man and the second man had sexual online contact with him 5 months ago
    And a CSE assessment found he is being exploited
    And he went missing and was found with the man 4 months ago
    And officers asked where he had been and with whom
    And a CAWN was issued to the man 4 months ago
    And he went missing and was found with the man 2 months ago
    And officers asked where he had been and with whom
    And the man induced him to run away from care 2 months ago
    When the engine evaluates the case
    Then the engine finds:
      | the engine | what                                          | about                       |
      | recommends | a prosecution for abducting a child from care | the man                     |
      | recommends | a recovery order                              | the boy                     |
      | warns      | the CAWN has been breached                    | the man                     |
      | recommends | a Sexual Risk Order                           | the second man              |
      | recommends | an investigation                              | the second man              |
      | recommends | patrols                                       | the supported accommodation |
    And the engine cites paragraph 33 of the inquiry

  @rule:sro-repeated-allegations @rule:cse-flag-repeated-allegations @rule:pdp-repeated-allegations @rule:allegation-closed-without-enquiry @rule:annual-review-overdue
  Scenario: The alleged perpetrator in ¶16: similar allegations, never interviewed, never flagged
    Young people on work experience with him made similar allegations; he was never formally
    spoken to, and each case was closed without a rationale.
    Given a 52-year-old man
    And the man has three similar allegations of exploiting young people on work experience, each closed without speaking to him, with no rationale recorded
    And the man was last reviewed 18 months ago
    When the engine evaluates the case
    Then the engine finds:
      | the engine  | what                                               | about   |
      | recommends  | a CSE flag                                         | the man |
      | recommends  | a PDP referral                                     | the man |
      | recommends  | a Sexual Risk Order                                | the man |
      | flags a gap | the allegations were closed without speaking to him | the man |
      | flags a gap | his annual review is overdue                       | the man |
    And the engine recommends a CSE flag before a PDP referral against the man
    And the engine recommends a PDP referral before a Sexual Risk Order against the man

  @rule:hotel-notice-party @rule:hotel-notice-found
  Scenario: The hotels in ¶17: a notice for each hotel used, none twice
    Given a 15-year-old girl living at home
    And a 40-year-old man
    And a hotel
    And a hotel
    And she was at a party with adults at the hotel 5 months ago
    And a hotel notice was issued for the hotel 4 months ago
    And she went missing and was found with the man at the second hotel 2 weeks ago
    And officers asked where she had been and with whom
    When the engine evaluates the case
    Then the engine does not recommend a hotel notice for the hotel
    And the engine recommends a hotel notice for the second hotel

  @rule:cawn-not-considered @rule:return-interview-where-with-whom @rule:cawn-delay-repeated @rule:cawn-found-with-adult
  Scenario: The missing-episode audit in ¶20 and ¶21: found with the same man, never asked, no CAWN
    Given a 14-year-old girl living at home
    And a 24-year-old man
    And these missing episodes for her:
      | when         | found with | asked where and with whom |
      | 12 weeks ago | the man    | no                        |
      | 7 weeks ago  | the man    | no                        |
      | 3 weeks ago  | the man    | no                        |
    When the engine evaluates the case
    Then the engine flags a gap for each missing episode: no CAWN was considered
    And the engine flags a gap for each missing episode: where the child had been and with whom was not established
    And the engine flags a gap about the man: the CAWN came too late
    And the engine recommends a CAWN against the man
