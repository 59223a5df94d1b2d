package org.auditledger.protocol.spending;

import java.util.List;

/**
 * A red flag raised by a rule of {@link RedFlags}: a prompt for a question, not a finding.
 *
 * @param rule the rule's id (protocol.md §10.5)
 * @param threshold the threshold the rule applies, as stated there
 * @param buyer the buyer concerned
 * @param ocid the process concerned, or null for a rule over a buyer's processes
 * @param detail what was found, with the figures
 * @param entries the entries the flag rests on ({@code origin#index}), in log order
 */
public record Flag(String rule, String threshold, String buyer, String ocid, String detail, List<String> entries) {
  public Flag {
    entries = List.copyOf(entries);
  }
}
