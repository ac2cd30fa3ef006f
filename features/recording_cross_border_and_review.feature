Feature: Recording, cross-border and review duties
  Every tactic used is recorded, with its date and target, in a system that can be searched, so
  that a force can say which tactics it used, when and against whom, and whether they worked.
  Exploitation across force boundaries is shared with the other force, which is expected to
  investigate, not only to serve CAWNs. Every identified actual or potential perpetrator is
  reviewed at least yearly, and networks of suspects are mapped in the problem profile.
  (Inquiry ¶7, ¶8, ¶9, ¶15, ¶16, ¶22, ¶24, ¶31, ¶32.)

  Background:
    Given a 15-year-old girl living at home
    And a 25-year-old man

  Rule: Every tactic used is recorded in a searchable form

    @rule:record-tactic
    Scenario Outline: A CAWN served but not recorded where it can be found
      Given a CAWN was issued to the man 1 month ago
      And the CAWN <is or is not> recorded in a searchable system
      When the engine evaluates the case
      Then the engine <outcome>: the tactic is not recorded in a searchable system

      Examples:
        | is or is not | outcome             |
        | is not       | flags a gap         |
        | is           | does not flag a gap |

  Rule: Exploitation in another force's area is shared, and acted on there

    @rule:share-information-cross-force
    Scenario Outline: An offence against her in another force's area
      Given the man committed a sexual offence against her 2 months ago
      And it happened in another force's area
      And <what is recorded>
      When the engine evaluates the case
      Then the engine <outcome> about the offence: information must be shared with the other force

      Examples:
        | what is recorded                          | outcome             |
        | no information was shared with that force | flags a gap         |
        | it is under investigation                 | flags a gap         |
        | information was shared with that force    | does not flag a gap |

    @rule:share-information-cross-force @rule:share-information-child-home-force
    Scenario: A child placed out of area, abused where she lives: still another force from the one holding the case
      Given she is placed in another force's area
      And the man committed a sexual offence against her 2 months ago
      And it happened in another force's area
      When the engine evaluates the case
      Then the engine flags a gap about the offence: information must be shared with the other force

    @rule:share-information-cross-force
    Scenario: Where the child lives is not recorded: the force holding the case still decides
      Given where she lives is not recorded
      And the man committed a sexual offence against her 2 months ago
      And it happened in another force's area
      When the engine evaluates the case
      Then the engine flags a gap about the offence: information must be shared with the other force

    @rule:share-information-child-home-force
    Scenario: Abused in the area of the force holding the case, where she lives is not recorded: the engine asks
      Given where she lives is not recorded
      And the man committed a sexual offence against her 2 months ago
      And it happened in the area of the force holding the case
      When the engine evaluates the case
      Then the engine does not flag a gap about the offence: information must be shared with the other force
      And the engine asks for the girl's home force to be recorded, which would decide information must be shared with the other force

    @rule:share-information-movement @rule:share-information-movement-holder
    Scenario: Moved into another force's area
      Given the man moved her to another force's area 3 weeks ago
      When the engine evaluates the case
      Then the engine flags a gap about the movement: information must be shared with the other force

    @rule:cawn-only-cross-force
    Scenario: The other force served a CAWN and did nothing else
      Given the man committed a sexual offence against her 2 months ago
      And it happened in another force's area
      And information was shared with that force
      And no investigation was opened
      And another force issued a CAWN to the man 1 month ago
      When the engine evaluates the case
      Then the engine warns that the other force's only response was a CAWN (about the man)
      And the engine warns that a CAWN is being used instead of an investigation

    @rule:cawn-only-cross-force
    Scenario: The other force served a CAWN and sent the file to the CPS
      Given the man committed a sexual offence against her 2 months ago
      And it happened in another force's area
      And it was referred to the CPS
      And another force issued a CAWN to the man 1 month ago
      When the engine evaluates the case
      Then the engine does not warn that the other force's only response was a CAWN

  Rule: Every identified suspect's risk is reviewed at least yearly

    @rule:annual-review-never
    Scenario: A suspect never reviewed is the most overdue of all
      When the engine evaluates the case
      Then the engine flags a gap about the man: no risk review of him is recorded

    @rule:annual-review-never
    Scenario: A suspect reviewed recently is not flagged
      Given the man was last reviewed 2 months ago
      When the engine evaluates the case
      Then the engine does not flag a gap about the man: no risk review of him is recorded

    @rule:annual-review-overdue
    Scenario Outline: The ruleset allows 365 days between reviews
      Given the man was last reviewed <when>
      When the engine evaluates the case
      Then the engine <outcome> about the man: his annual review is overdue

      Examples:
        | when          | outcome             |
        | 11 months ago | does not flag a gap |
        | 13 months ago | flags a gap         |

  Rule: Networks of suspects are mapped in the problem profile

    @rule:problem-profile-network
    Scenario Outline: The ruleset counts 3 suspects as a network
      Given <more> more men suspected of exploiting her
      When the engine evaluates the case
      Then the engine <outcome> about the girl: the network must be mapped in the problem profile

      Examples:
        | more | outcome             |
        | one  | does not flag a gap |
        | two  | flags a gap         |

    @rule:problem-profile-location
    Scenario: Three men linked to one flat
      Given a 31-year-old man
      And a 44-year-old man
      And a flat linked to the man, the second man and the third man
      When the engine evaluates the case
      Then the engine flags a gap about the flat: the network must be mapped in the problem profile
