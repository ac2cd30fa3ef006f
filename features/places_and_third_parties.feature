Feature: Places and third parties
  Disruption is aimed at the places where children are exploited as well as at the people:
  hotels (hotel notices), addresses (housing action, closure notices), takeaways and other
  licensed premises (inspections and licence reviews), parks and other hotspots (patrols),
  supported accommodation targeted by unsafe adults, and the third parties who enable suspects,
  such as people who hire vehicles to them. (Inquiry ¶9, ¶14, ¶15, ¶17, ¶24, ¶28, ¶29, ¶33.)

  Background:
    Given a 14-year-old girl living at home
    And a 36-year-old man

  Rule: Hotels used to exploit children get a hotel notice

    @rule:hotel-notice-party
    Scenario: A party at a hotel
      Given a hotel
      And she was at a party with adults at the hotel 1 month ago
      When the engine evaluates the case
      Then the engine recommends a hotel notice for the hotel
      And the engine cites paragraph 17 of the inquiry

    @rule:hotel-notice-found
    Scenario: Found at a hotel after going missing
      Given a hotel
      And she went missing and was found with the man at the hotel 2 weeks ago
      When the engine evaluates the case
      Then the engine recommends a hotel notice for the hotel

    @rule:hotel-notice-sighting
    Scenario Outline: Only the hotel without a notice gets one
      Given a hotel
      And she was seen with the man at the hotel 1 week ago
      And <what was done>
      When the engine evaluates the case
      Then the engine <outcome> a hotel notice for the hotel

      Examples:
        | what was done                                  | outcome            |
        | police identified the people involved          | recommends         |
        | a hotel notice was issued for the hotel 3 days ago | does not recommend |

  Rule: Addresses linked to exploitation: housing action, and closure where the law allows

    @rule:housing-action-found
    Scenario: Found at a flat after going missing
      Given a flat
      And she went missing and was found with the man at the flat 2 weeks ago
      When the engine evaluates the case
      Then the engine recommends housing action for the flat

    @rule:housing-action-sighting
    Scenario Outline: Seen at a house: housing action where the house is linked to suspects
      Given <the house>
      And she was seen at the house 1 week ago
      When the engine evaluates the case
      Then the engine <outcome> housing action for the house

      Examples:
        | the house                | outcome            |
        | a house linked to the man | recommends         |
        | a house                  | does not recommend |

    @rule:housing-action-party
    Scenario: A party at a house
      Given a house
      And she was at a party with adults at the house 3 weeks ago
      When the engine evaluates the case
      Then the engine recommends housing action for the house

    @rule:closure-order-offence-premises
    Scenario: A house where a sexual offence against her took place
      Given a house
      And the man committed a sexual offence against her 3 weeks ago
      And it happened at the house
      And it is under investigation
      When the engine evaluates the case
      Then the engine recommends a closure order for child sex offences for the house

    @rule:closure-order-repeated-missing
    Scenario Outline: The ruleset counts two missing episodes ending at one address as repeated
      Given a house
      And she went missing and was found with the man at the house 5 weeks ago
      And <the next time>
      When the engine evaluates the case
      Then the engine <outcome> a closure order for nuisance or disorder for the house

      Examples:
        | the next time                                                       | outcome            |
        | she went missing and was found with the man at the house 1 week ago | recommends         |
        | she went missing and was found with the man 1 week ago              | does not recommend |

    @rule:closure-order-repeated-parties
    Scenario Outline: Parties at the same address
      Given a house
      And she was at a party with adults at the house 5 weeks ago
      And <more>
      When the engine evaluates the case
      Then the engine <outcome> a closure order for nuisance or disorder for the house

      Examples:
        | more                                                      | outcome            |
        | she was at a party with adults at the house 1 week ago    | recommends         |
        | she was at a party with adults 1 week ago                 | does not recommend |

  Rule: Takeaways and licensed premises are inspected, and their licences reviewed

    @rule:licensing-review-found
    Scenario: Found at a takeaway after going missing
      Given a takeaway
      And she went missing and was found with the man at the takeaway 1 week ago
      When the engine evaluates the case
      Then the engine recommends a licensing review for the takeaway

    @rule:licensing-review-sighting
    Scenario: Seen with the man at a pub
      Given a pub
      And she was seen with the man at the pub 1 week ago
      When the engine evaluates the case
      Then the engine recommends a licensing review for the pub
      And the recommendation of a licensing review says what to confirm

  Rule: Parks and other hotspots are patrolled

    @rule:patrols-park
    Scenario: Seen with older men in a park
      Given a park
      And she was seen with 3 unidentified men at the park 2 weeks ago
      When the engine evaluates the case
      Then the engine recommends patrols for the park

    @rule:patrols-park-found
    Scenario: Found in a park after going missing
      Given a park
      And she went missing and was found with the man at the park 2 weeks ago
      When the engine evaluates the case
      Then the engine recommends patrols for the park

    @rule:patrols-targeted-accommodation
    Scenario: Supported accommodation targeted by unsafe adults
      Given supported accommodation targeted by the man
      When the engine evaluates the case
      Then the engine recommends patrols for the supported accommodation

  Rule: Third parties who enable suspects are disrupted too

    @rule:indirect-disruption-enabler
    Scenario: Someone hires out vehicles to a suspect
      Given a 50-year-old woman
      And the woman hires out vehicles to the man
      When the engine evaluates the case
      Then the engine recommends indirect disruption against the woman
