package org.auditledger.cli.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Leaf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind is rendered for a person: the fields that say what the entry is, in words. */
class EntryTextTest {
  private static final String ORIGIN = "municipality.example/log";

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      decision/valid-council-vote.json          | Renovation of the Westpark primary school | decided by Municipal council on 2026-03-14: adopted | vote: pass
      spending/valid-contract-payment.json      | supplier, payee: Westpark Builders Ltd    | contract C-2026-0042: 1250000.00 EUR               | paid 250000.00 EUR
      finding/valid-procurement-finding.json    | condition: The contract was awarded after a single quotation. | recommendation R1: | significance:
      response/valid-partial-concur.json        | position: partially_concur on recommendation R1 | action plan: A justification form | implementation: open, 10%
      key/valid-grant.json                      | grant ["decision","spending"] for municipality.example | (Clerk of the council) | valid until 2027-01-05T09:00:00Z
      assessment/valid-implementation-assessed.json | recommendation R1: implemented (Every urgent procedure since July has a justification.) | recommendation R2: partially_implemented | evidence: q3-files.zip (application/zip, 912344 bytes
      response/valid-several-recommendations.json | recommendation R1: concur; plan: A justification form is added to the procedure. (by 2026-09-30); implementation implemented | recommendation R2: partially_concur | position: partially_concur
      key/valid-revoke-compromised.json         | revoke ["decision","spending"] for municipality.example | reason: compromised | signatures distrusted from 2026-05-01T00:00:00Z
      """)
  void eachKindIsReadable(String example, String a, String b, String c) throws Exception {
    byte[] payload = Files.readAllBytes(Path.of("..", "schemas", "examples").resolve(example));
    Entry e = new Entry(new Leaf(Envelope.sign(payload, List.of(Fixtures.newKey())), 7,
        Instant.parse("2026-06-01T10:00:00Z"), new byte[32]), EntryPayload.parse(payload));
    String text = String.join("\n", EntryText.render(ORIGIN, e.leaf().encode(), e));
    for (String want : List.of(a.strip(), b.strip(), c.strip())) {
      assertTrue(text.contains(want), "missing \"" + want + "\" in:\n" + text);
    }
    assertTrue(text.startsWith("entry 7 of " + ORIGIN + ": " + e.payload().kind().jsonName() + " by "
        + e.payload().issuer() + "@" + ORIGIN), text);
    assertTrue(text.contains("leaf hash  "), text);
    String summary = EntryText.summary(ORIGIN, e);
    assertTrue(!summary.isBlank() && !summary.contains("null"), summary);
  }
}
