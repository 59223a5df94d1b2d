package org.auditledger.protocol.spending;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One amount of a compiled process at one stage: what the totals add up.
 *
 * @param date the date the amount is counted at (its period), as the release writes it locally
 * @param suppliers the suppliers it goes to (empty before the award)
 * @param classifications every prefix of every item classification it covers ({@code scheme:digits})
 * @param technology the technology prefixes it matches
 */
public record Line(Stage stage, String currency, BigDecimal amount, LocalDate date, String buyer, String method,
    List<String> suppliers, List<String> classifications, List<String> technology) {}
