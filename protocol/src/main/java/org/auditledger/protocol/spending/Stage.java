package org.auditledger.protocol.spending;

/**
 * The stages of public money through a contracting process, as OCDS records them (OCDS 1.1
 * release reference: planning.budget.amount, tender.value, awards[].value, contracts[].value,
 * contracts[].implementation.transactions[].value).
 */
public enum Stage {
  PLANNED("planned"), TENDERED("tendered"), AWARDED("awarded"), CONTRACTED("contracted"), PAID("paid");

  private final String jsonName;

  Stage(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }
}
