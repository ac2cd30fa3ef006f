Feature: Places and third parties
  Disruption is aimed at the places where adults exploit children as well as at the adults:
  hotels (hotel notices), addresses (housing action, closure notices), takeaways and other
  licensed premises (inspections and licence reviews), parks and other hotspots (patrols),
  supported accommodation targeted by unsafe adults, and the third parties who enable suspects,
  such as people who hire vehicles to them. What ties a place to exploitation is the adults'
  conduct there, never a child's presence alone, and no tactic is aimed at a child's own home
  or placement. (Inquiry ¶9, ¶14, ¶15, ¶17, ¶24, ¶25, ¶28, ¶29, ¶33.)

  Background:
    Given a 14-year-old girl living at home
    And a 36-year-old man

  Rule: A hotel notice needs a reasonable belief that the hotel is used to exploit children

    @rule:hotel-notice-party
    Scenario Outline: A party at a hotel: alcohol or drugs, not any party
      Given a hotel
      And <the party>
      When the engine evaluates the case
      Then the engine <outcome> a hotel notice for the hotel

      Examples:
        | the party                                                                      | outcome            |
        | she was at a party with adults where there was alcohol at the hotel 1 month ago | recommends         |
        | she was at a party with adults where there was drugs at the hotel 1 month ago   | recommends         |
        | she was at a party with adults at the hotel 1 month ago                         | does not recommend |

    @rule:hotel-notice-party
    Scenario: A hotel party where nobody recorded whether there was alcohol
      Given a hotel
      And she was at a party with adults at the hotel 1 month ago
      When the engine evaluates the case
      Then the engine asks for whether there was alcohol at the party to be recorded, which would decide a hotel notice

    @rule:hotel-notice-found
    Scenario Outline: Found at a hotel after going missing: only with an adult of concern
      Given a hotel
      And <someone else>
      And <found>
      When the engine evaluates the case
      Then the engine <outcome> a hotel notice for the hotel

      Examples:
        | someone else                                       | found                                                                     | outcome            |
        | a 16-year-old boy who is suspected of exploiting her | she went missing and was found with the man at the hotel 2 weeks ago      | recommends         |
        | a 16-year-old boy who is suspected of exploiting her | she went missing and was found alone at the hotel 2 weeks ago                   | does not recommend |
        | a 16-year-old boy who is suspected of exploiting her | she went missing and was found with the boy at the hotel 2 weeks ago      | does not recommend |
        | a 40-year-old woman who is her mother              | she went missing and was found with the woman at the hotel 2 weeks ago    | does not recommend |

    @rule:hotel-notice-linked-found @rule:hotel-notice-linked-sighting @rule:hotel-notice-linked-party
    Scenario Outline: A hotel linked to an adult suspect where a child was found, seen or at a party
      Given a 17-year-old boy who is suspected of exploiting her
      And a hotel linked to the <who>
      And <event>
      When the engine evaluates the case
      Then the engine <outcome> a hotel notice for the hotel

      Examples:
        | who | event                                                        | outcome            |
        | man | she went missing and was found alone at the hotel 2 weeks ago | recommends         |
        | man | she was seen at the hotel 1 week ago                          | recommends         |
        | man | she was at a party with adults at the hotel 1 month ago       | recommends         |
        | boy | she went missing and was found alone at the hotel 2 weeks ago | does not recommend |
        | boy | she was at a party with adults at the hotel 1 month ago       | does not recommend |

    @rule:hotel-notice-sighting
    Scenario Outline: Only the hotel without a notice in force gets one
      Given a hotel
      And she was seen with the man at the hotel 1 week ago
      And <what was done>
      When the engine evaluates the case
      Then the engine <outcome> a hotel notice for the hotel

      Examples:
        | what was done                                                | outcome            |
        | police identified the people involved                        | recommends         |
        | a hotel notice was issued for the hotel 3 days ago           | does not recommend |
        | a hotel notice was issued for the hotel on a date that is not recorded | does not recommend |

    @rule:hotel-notice-sighting
    Scenario Outline: A hotel notice lasts at most 6 months: an expired notice is no notice
      Given a hotel
      And she was seen with the man at the hotel 1 week ago
      And a hotel notice was issued for the hotel on <issued>
      When the engine evaluates the case
      Then the engine <outcome> a hotel notice for the hotel

      Examples: assessed on 30 June 2020; a notice expires at the latest 6 months after it was issued
        | issued           | latest expiry    | outcome            |
        | 28 December 2019 | 28 June 2020     | recommends         |
        | 29 December 2019 | 29 June 2020     | recommends         |
        | 30 December 2019 | 30 June 2020     | does not recommend |
        | 31 December 2019 | 30 June 2020     | does not recommend |

    @rule:hotel-notice-offence @rule:closure-order-offence-premises
    Scenario: A sexual offence at a hotel: the hotel notice first, as less intrusive than closure
      Given a hotel
      And no child lives at the hotel
      And the man committed a sexual offence against her 3 weeks ago
      And it happened at the hotel
      And it is under investigation
      When the engine evaluates the case
      Then the engine recommends a hotel notice before a closure order for child sex offences for the hotel
      And the engine cites paragraph 17 of the inquiry

    @rule:hotel-notice-offence
    Scenario Outline: Acts before 1 May 2004 are not child sexual exploitation under the 2003 Act
      Given a 30-year-old woman who is herself a victim of exploitation
      And a hotel
      And the man committed a sexual offence against the woman when the woman was <age>
      And it happened at the hotel
      When the engine evaluates the case
      Then the engine <outcome> a hotel notice for the hotel

      Examples: the woman turned 13 in March 2003
        | age | outcome            |
        | 13  | does not recommend |
        | 15  | recommends         |

  Rule: Addresses linked to suspects: housing action, and closure where the law allows; never a child's home

    @rule:housing-action-found
    Scenario Outline: Found with an adult of concern at a flat after going missing
      Given a 40-year-old woman who is her mother
      And a flat
      And <whose home>
      And she went missing and was found with <whom> at the flat 2 weeks ago
      When the engine evaluates the case
      Then the engine <outcome> housing action for the flat

      Examples:
        | whose home                 | whom      | outcome            |
        | no child lives at the flat | the man   | recommends         |
        | the flat is her home       | the man   | does not recommend |
        | no child lives at the flat | the woman | does not recommend |

    @rule:housing-action-found
    Scenario: Nobody recorded whose home the flat is
      Given a flat
      And she went missing and was found with the man at the flat 2 weeks ago
      When the engine evaluates the case
      Then the engine does not recommend housing action for the flat
      And the engine asks for whose home the flat is to be recorded, which would decide housing action

    @rule:housing-action-found-linked
    Scenario Outline: Found alone at a flat: housing action only where a suspect is linked to it
      Given a 60-year-old woman who is her mother
      And <the flat>
      And no child lives at the flat
      And she went missing and was found alone at the flat 2 weeks ago
      When the engine evaluates the case
      Then the engine <outcome> housing action for the flat

      Examples:
        | the flat                   | outcome            |
        | a flat linked to the man   | recommends         |
        | a flat linked to the woman | does not recommend |
        | a flat                     | does not recommend |

    @rule:housing-action-sighting
    Scenario Outline: Seen at a house: housing action where the house is linked to a suspect
      Given <the house>
      And no child lives at the house
      And she was seen at the house 1 week ago
      When the engine evaluates the case
      Then the engine <outcome> housing action for the house

      Examples:
        | the house                 | outcome            |
        | a house linked to the man | recommends         |
        | a house                   | does not recommend |

    @rule:housing-action-party
    Scenario Outline: A party at a house linked to a suspect, and not at a child's home
      Given a house linked to the man
      And <whose home>
      And she was at a party with adults at the house 3 weeks ago
      When the engine evaluates the case
      Then the engine <outcome> housing action for the house

      Examples:
        | whose home                  | outcome            |
        | no child lives at the house | recommends         |
        | the house is her home       | does not recommend |

    @rule:housing-action-party
    Scenario: A party at a house nobody has linked to a suspect
      Given a house
      And no child lives at the house
      And she was at a party with adults at the house 3 weeks ago
      When the engine evaluates the case
      Then the engine does not recommend housing action for the house

    @rule:closure-order-offence-address
    Scenario Outline: Closure for child sex offences: premises used in the last 3 calendar months
      Given a house linked to the man
      And no child lives at the house
      And the man committed a sexual offence against her
      And it happened on <date of the act>
      And it happened at the house
      And it is under investigation
      When the engine evaluates the case
      Then the engine <outcome> a closure order for child sex offences for the house

      Examples: assessed on 30 June 2020; the act on 30 March, exactly 3 months before, is counted out
        | date of the act | outcome            |
        | 31 March 2020   | recommends         |
        | 30 March 2020   | does not recommend |

    @rule:closure-order-offence-address
    Scenario Outline: A closure order lasts 6 months at most: a lapsed order does not stand in the way of a new one
      Given a house linked to the man
      And no child lives at the house
      And the man committed a sexual offence against her 3 weeks ago
      And it happened at the house
      And <what was done>
      When the engine evaluates the case
      Then the engine <outcome> a closure order for child sex offences for the house

      Examples: assessed on 30 June 2020; an order is made for up to 3 months and extended to 6 months in all at most
        | what was done                                                                                   | outcome            |
        | a closure order for child sex offences was granted for the house on 29 December 2019            | recommends         |
        | a closure order for child sex offences was granted for the house on 30 December 2019            | does not recommend |
        | a closure order for child sex offences was granted for the house on 1 March 2017                | recommends         |
        | a closure order for child sex offences was granted for the house on a date that is not recorded | does not recommend |
        | police applied for a closure order for child sex offences for the house 3 years ago             | does not recommend |

    @rule:closure-order-offence-address
    Scenario Outline: Closure for child sex offences: never the child's home, and only an address linked to a suspect
      Given <the house>
      And <whose home>
      And the man committed a sexual offence against her 3 weeks ago
      And it happened at the house
      When the engine evaluates the case
      Then the engine <outcome> a closure order for child sex offences for the house

      Examples:
        | the house                 | whose home                  | outcome            |
        | a house linked to the man | no child lives at the house | recommends         |
        | a house linked to the man | the house is her home       | does not recommend |
        | a house                   | no child lives at the house | does not recommend |

    @rule:closure-order-offence-address
    Scenario: Closure for child sex offences: nobody recorded whose home the house is
      Given a house linked to the man
      And the man committed a sexual offence against her 3 weeks ago
      And it happened at the house
      When the engine evaluates the case
      Then the engine does not recommend a closure order for child sex offences for the house
      And the engine asks for whose home the house is to be recorded, which would decide a closure order for child sex offences

    @rule:closure-order-offence-premises
    Scenario Outline: Closure of business premises used for a child sex offence in the last 3 months
      Given <the premises>
      And the man committed a sexual offence against her
      And it happened on <date of the act>
      And it happened at the <where>
      When the engine evaluates the case
      Then the engine <outcome> a closure order for child sex offences for the <where>

      Examples: a takeaway is nobody's home; assessed on 30 June 2020
        | the premises | where    | date of the act | outcome            |
        | a takeaway   | takeaway | 1 April 2020    | recommends         |
        | a takeaway   | takeaway | 30 March 2020   | does not recommend |
        | a pub        | pub      | 31 March 2020   | recommends         |

    @rule:closure-order-offence-premises
    Scenario: A hotel is closed only once it is known to be no child's home or placement
      Given a hotel
      And the man committed a sexual offence against her 3 weeks ago
      And it happened at the hotel
      When the engine evaluates the case
      Then the engine does not recommend a closure order for child sex offences for the hotel
      And the engine asks for whose home the hotel is to be recorded, which would decide a closure order for child sex offences

    @rule:closure-order-likely-use
    Scenario Outline: An older offence: closure where the premises are likely to be used again, under the 2003 Act only
      Given a 30-year-old woman who is herself a victim of exploitation
      And a house linked to the man
      And no child lives at the house
      And the house is likely to be used again for offences against children
      And the man committed a sexual offence against the woman when the woman was <age>
      And it happened at the house
      When the engine evaluates the case
      Then the engine <outcome> a closure order for child sex offences for the house

      Examples: the woman turned 13 in March 2003
        | age | outcome            |
        | 13  | does not recommend |
        | 15  | recommends         |

    @rule:closure-order-likely-use
    Scenario: An offence more than 3 months ago: the engine asks whether the house is likely to be used again
      Given a house linked to the man
      And no child lives at the house
      And the man committed a sexual offence against her 5 months ago
      And it happened at the house
      When the engine evaluates the case
      Then the engine does not recommend a closure order for child sex offences for the house
      And the engine asks for whether the house is likely to be used again for offences against children to be recorded, which would decide a closure order for child sex offences

    @rule:closure-order-repeated-missing
    Scenario Outline: The ruleset counts two missing episodes ending at one address as repeated
      Given a house linked to the man
      And no child lives at the house
      And the use of the house causes nuisance or disorder
      And she went missing and was found with the man at the house 5 weeks ago
      And <the next time>
      When the engine evaluates the case
      Then the engine <outcome> a closure order for nuisance or disorder for the house

      Examples:
        | the next time                                                       | outcome            |
        | she went missing and was found with the man at the house 1 week ago | recommends         |
        | she went missing and was found with the man 1 week ago              | does not recommend |

    @rule:closure-order-repeated-missing
    Scenario Outline: Closure for antisocial behaviour needs nuisance or disorder, recorded as such
      Given a house linked to the man
      And no child lives at the house
      And <nuisance>
      And she went missing and was found with the man at the house 5 weeks ago
      And she went missing and was found with the man at the house 1 week ago
      When the engine evaluates the case
      Then the engine <outcome> a closure order for nuisance or disorder for the house

      Examples:
        | nuisance                                              | outcome            |
        | the use of the house causes nuisance or disorder      | recommends         |
        | the use of the house does not cause nuisance or disorder | does not recommend |

    @rule:closure-order-repeated-missing
    Scenario: Nobody recorded whether the address causes nuisance or disorder
      Given a house linked to the man
      And no child lives at the house
      And she went missing and was found with the man at the house 5 weeks ago
      And she went missing and was found with the man at the house 1 week ago
      When the engine evaluates the case
      Then the engine asks for whether the use of the house causes nuisance or disorder to be recorded, which would decide a closure order for nuisance or disorder

    @rule:closure-order-repeated-missing
    Scenario: A relative's home where the child is repeatedly found is not closed
      Given a 60-year-old woman who is her mother
      And a house linked to the woman
      And no child lives at the house
      And the use of the house causes nuisance or disorder
      And she went missing and was found alone at the house 5 weeks ago
      And she went missing and was found alone at the house 1 week ago
      When the engine evaluates the case
      Then the engine does not recommend a closure order for nuisance or disorder for the house
      And the engine does not recommend housing action for the house

    @rule:closure-order-repeated-parties
    Scenario Outline: Parties at the same address
      Given a house linked to the man
      And no child lives at the house
      And the use of the house causes nuisance or disorder
      And she was at a party with adults at the house 5 weeks ago
      And <more>
      When the engine evaluates the case
      Then the engine <outcome> a closure order for nuisance or disorder for the house

      Examples:
        | more                                                      | outcome            |
        | she was at a party with adults at the house 1 week ago    | recommends         |
        | she was at a party with adults 1 week ago                 | does not recommend |

    @rule:closure-order-repeated-parties
    Scenario: Parties at the child's own home are no ground to close it
      Given a house linked to the man
      And the house is her home
      And the use of the house causes nuisance or disorder
      And she was at a party with adults at the house 5 weeks ago
      And she was at a party with adults at the house 1 week ago
      When the engine evaluates the case
      Then the engine does not recommend a closure order for nuisance or disorder for the house

  Rule: Takeaways and licensed premises where adults of concern meet children are inspected, and their licences reviewed

    @rule:licensing-review-found
    Scenario Outline: Found at a takeaway after going missing
      Given a takeaway
      And <found>
      When the engine evaluates the case
      Then the engine <outcome> a licensing review for the takeaway

      Examples:
        | found                                                                   | outcome            |
        | she went missing and was found with the man at the takeaway 1 week ago  | recommends         |
        | she went missing and was found alone at the takeaway 1 week ago               | does not recommend |

    @rule:licensing-review-sighting
    Scenario Outline: Seen at a pub
      Given a pub
      And <seen>
      When the engine evaluates the case
      Then the engine <outcome> a licensing review for the pub

      Examples:
        | seen                                       | outcome            |
        | she was seen with the man at the pub 1 week ago | recommends    |
        | she was seen at the pub 1 week ago          | does not recommend |

    @rule:licensing-review-sighting
    Scenario: A licence review says what to confirm
      Given a pub
      And she was seen with the man at the pub 1 week ago
      When the engine evaluates the case
      Then the recommendation of a licensing review says what to confirm

  Rule: Parks and other hotspots where adults meet children are patrolled

    @rule:patrols-park
    Scenario Outline: Seen in a park
      Given a park
      And <seen>
      When the engine evaluates the case
      Then the engine <outcome> patrols for the park

      Examples:
        | seen                                                      | outcome            |
        | she was seen with 3 unidentified men at the park 2 weeks ago | recommends      |
        | she was seen at the park 2 weeks ago                      | does not recommend |

    @rule:patrols-park-seen-with
    Scenario: Seen with an adult of concern in a park
      Given a park
      And she was seen with the man at the park 2 weeks ago
      When the engine evaluates the case
      Then the engine recommends patrols for the park

    @rule:patrols-park-found
    Scenario Outline: Found in a park after going missing
      Given a park
      And <found>
      When the engine evaluates the case
      Then the engine <outcome> patrols for the park

      Examples:
        | found                                                              | outcome            |
        | she went missing and was found with the man at the park 2 weeks ago | recommends         |
        | she went missing and was found alone at the park 2 weeks ago             | does not recommend |

    @rule:patrols-targeted-accommodation
    Scenario Outline: Supported accommodation targeted by unsafe adults
      Given <someone>
      And supported accommodation targeted by the <who>
      When the engine evaluates the case
      Then the engine <outcome> patrols for the supported accommodation

      Examples:
        | someone                                   | who    | outcome            |
        | a 15-year-old boy                         | man    | recommends         |
        | a 15-year-old boy                         | boy    | does not recommend |

  Rule: Third parties who enable suspects are disrupted too

    @rule:indirect-disruption-enabler
    Scenario Outline: Someone hires out vehicles to suspects
      Given a 50-year-old woman
      And <enabling>
      When the engine evaluates the case
      Then the engine <outcome> indirect disruption against the woman

      Examples:
        | enabling                                                 | outcome            |
        | the woman hires out vehicles to the man                  | recommends         |
        | the woman hires out vehicles to people who are not identified | does not recommend |
