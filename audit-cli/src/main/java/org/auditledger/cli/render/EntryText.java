package org.auditledger.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Ref;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.merkle.Rfc6962;

/**
 * An entry as a person reads it: a header (index, log, kind, issuer with its home, logged time,
 * leaf hash, signers), the body of its kind in words, and its references. One-line summaries for
 * lists ({@code search}, {@code watch}). Pure: only the entry and its log's origin.
 */
public final class EntryText {
  private EntryText() {}

  /** The whole entry, as lines. */
  public static List<String> render(String origin, byte[] leaf, Entry e) {
    EntryPayload p = e.payload();
    JsonNode b = p.body();
    List<String> out = new ArrayList<>();
    out.add("entry " + e.leaf().index() + " of " + origin + ": " + p.kind().jsonName() + " by " + p.issuerIn(origin));
    out.add("  logged     " + e.leaf().logged() + " (created " + p.created() + ")");
    out.add("  leaf hash  " + Base64.getEncoder().encodeToString(Rfc6962.leafHash(leaf)));
    List<String> signers = new ArrayList<>();
    for (Ed25519PublicKey k : e.leaf().envelope().signers()) {
      signers.add(k.keyId());
    }
    out.add("  signed by  " + String.join(", ", signers));
    out.add("");
    switch (p.kind()) {
      case DECISION -> decision(b, out);
      case SPENDING -> spending(b, out);
      case FINDING -> finding(b, out);
      case RESPONSE -> response(b, out);
      case KEY -> key(b, out);
      case ASSESSMENT -> assessment(b, out);
    }
    if (!p.refs().isEmpty()) {
      out.add("");
      out.add("references:");
      for (Ref r : p.refs()) {
        out.add("  " + r.rel() + " " + r.targetIn(origin) + "  (leaf hash " + Base64.getEncoder().encodeToString(r.leafHash()) + ")");
      }
    }
    if (p.authority() != null) {
      out.add("authority: grant " + p.authority().target() + ", in that log's registry at size " + p.authority().size());
    }
    return out;
  }

  /** One line for lists: what the entry is about, in its kind's terms. */
  public static String summary(String origin, Entry e) {
    EntryPayload p = e.payload();
    JsonNode b = p.body();
    return switch (p.kind()) {
      case DECISION -> text(b, "title") + " [" + text(b, "result") + "]";
      case SPENDING -> {
        String amount = b.path("contract").has("value") ? money(b.path("contract").path("value"))
            : b.path("transactions").size() > 0 ? money(b.path("transactions").get(0).path("value")) : "";
        yield text(b, "ocid") + (amount.isEmpty() ? "" : " " + amount) + party(b, "supplier");
      }
      case FINDING -> text(b, "title") + " [" + text(b, "significance") + "]";
      case RESPONSE -> text(b, "position") + " to " + p.refs().stream().filter(r -> Ref.RESPONDS_TO.equals(r.rel()))
          .map(r -> r.targetIn(origin)).findFirst().orElse("?");
      case KEY -> text(b, "action") + " " + b.path("roles") + " for " + text(b, "organization") + " to "
          + text(b, "subject");
      case ASSESSMENT -> {
        List<String> results = new ArrayList<>();
        b.path("assessments").forEach(a -> results.add(text(a, "recommendation") + " " + text(a, "result")));
        yield String.join(", ", results) + " of " + p.refs().stream().filter(r -> Ref.ASSESSES.equals(r.rel()))
            .map(r -> r.targetIn(origin)).findFirst().orElse("?");
      }
    };
  }

  private static void decision(JsonNode b, List<String> out) {
    out.add(text(b, "title"));
    out.add("  decided by " + text(b, "decidedBy") + " on " + text(b, "date") + ": " + text(b, "result"));
    if (b.has("text")) {
      out.add("");
      out.add(indent(text(b, "text")));
    } else if (b.has("textSha256")) {
      out.add("  text: " + text(b, "documentUri") + " (SHA-256 " + text(b, "textSha256") + ")");
    }
    if (b.has("effectiveDate")) {
      out.add("  effective " + text(b, "effectiveDate"));
    }
    JsonNode v = b.path("voteEvent");
    if (!v.isMissingNode()) {
      List<String> counts = new ArrayList<>();
      v.path("counts").forEach(c -> counts.add(text(c, "option") + " " + c.path("value").asText()));
      out.add("  vote: " + text(v, "result") + (counts.isEmpty() ? "" : " (" + String.join(", ", counts) + ")"));
    }
    for (JsonNode vote : b.path("votes")) {
      out.add("  " + text(vote, "voter") + (vote.has("group") ? " (" + text(vote, "group") + ")" : "") + ": "
          + text(vote, "option"));
    }
  }

  private static void spending(JsonNode b, List<String> out) {
    out.add(text(b, "ocid") + (b.has("id") ? " release " + text(b, "id") : "") + "  " + text(b, "date") + "  "
        + printable(b.path("tag").toString()));
    release(b, out);
    if (b.has("procurementMethod")) {
      out.add("  procurement method: " + text(b, "procurementMethod"));
    }
    for (JsonNode party : b.path("parties")) {
      List<String> roles = new ArrayList<>();
      party.path("roles").forEach(r -> roles.add(printable(r.asText())));
      out.add("  " + String.join(", ", roles) + ": " + text(party, "name") + " (" + text(party, "id") + ")");
    }
    JsonNode c = b.path("contract");
    if (!c.isMissingNode()) {
      out.add("  contract " + text(c, "id") + (c.has("value") ? ": " + money(c.path("value")) : ""));
    }
    for (JsonNode t : b.path("transactions")) {
      out.add("  paid " + money(t.path("value")) + " on " + text(t, "date") + ": " + org(t.path("payer")) + " -> "
          + org(t.path("payee")));
    }
    JsonNode budget = b.path("budget");
    if (!budget.isMissingNode()) {
      out.add("  budget: " + text(budget, "direction") + ", " + text(budget, "phase") + ", "
          + text(budget.path("classification"), "code") + " " + text(budget.path("classification"), "label")
          + (budget.has("amount") ? ": " + money(budget.path("amount")) : ""));
    }
  }

  /** The parts of an OCDS release (payload version 2) a reader looks for first. */
  private static void release(JsonNode b, List<String> out) {
    JsonNode budget = b.path("planning").path("budget");
    if (budget.has("amount")) {
      out.add("  planned budget: " + money(budget.path("amount")) + (budget.has("description")
          ? " (" + text(budget, "description") + ")" : ""));
    }
    JsonNode tender = b.path("tender");
    if (tender.isObject()) {
      out.add("  tender " + text(tender, "id") + ": " + text(tender, "title")
          + (tender.has("value") ? ", " + money(tender.path("value")) : "")
          + (tender.has("procurementMethod") ? ", " + text(tender, "procurementMethod") : ""));
    }
    for (JsonNode a : b.path("awards")) {
      List<String> suppliers = new ArrayList<>();
      a.path("suppliers").forEach(s -> suppliers.add(org(s)));
      out.add("  award " + text(a, "id") + (a.has("value") ? ": " + money(a.path("value")) : "")
          + (suppliers.isEmpty() ? "" : " to " + String.join(", ", suppliers)));
    }
    for (JsonNode c : b.path("contracts")) {
      out.add("  contract " + text(c, "id") + (c.has("value") ? ": " + money(c.path("value")) : ""));
      for (JsonNode t : c.path("implementation").path("transactions")) {
        JsonNode v = t.has("value") ? t.path("value") : t.path("amount");
        out.add("    paid " + money(v) + " on " + text(t, "date"));
      }
    }
  }

  private static void finding(JsonNode b, List<String> out) {
    out.add(text(b, "title"));
    out.add("  " + text(b, "auditType") + " audit of " + text(b, "auditedEntity") + "; significance: "
        + text(b, "significance"));
    for (String part : List.of("condition", "criteria", "cause", "effect")) {
      out.add("  " + part + ": " + text(b, part));
    }
    if (b.has("auditPeriod")) {
      out.add("  period audited: " + text(b.path("auditPeriod"), "start") + " to " + text(b.path("auditPeriod"), "end"));
    }
    if (b.has("questionedAmount")) {
      out.add("  questioned: " + money(b.path("questionedAmount")));
    }
    if (b.has("potentialSavings")) {
      out.add("  potential savings: " + money(b.path("potentialSavings")));
    }
    for (JsonNode r : b.path("recommendations")) {
      out.add("  recommendation " + text(r, "id") + (r.has("priority") ? " [" + text(r, "priority") + "]" : "") + ": "
          + text(r, "text") + (r.has("addressee") ? " (to " + text(r, "addressee") + ")" : "")
          + (r.has("dueDate") ? " due " + text(r, "dueDate") : ""));
    }
    if (b.has("responseDueDate")) {
      out.add("  response due by " + text(b, "responseDueDate"));
    }
    evidence(b, out);
  }

  private static void response(JsonNode b, List<String> out) {
    out.add("position: " + text(b, "position") + (b.has("recommendation") ? " on recommendation "
        + text(b, "recommendation") : ""));
    out.add(indent(text(b, "text")));
    if (b.has("actionPlan")) {
      out.add("  action plan: " + text(b, "actionPlan") + (b.has("targetDate") ? " (by " + text(b, "targetDate") + ")" : ""));
    }
    if (b.has("implementationStatus")) {
      out.add("  implementation: " + text(b, "implementationStatus")
          + (b.has("progress") ? ", " + b.path("progress").asText() + "%" : ""));
    }
    for (JsonNode a : b.path("answers")) {
      out.add("  recommendation " + text(a, "recommendation") + ": " + text(a, "position")
          + (a.has("actionPlan") ? "; plan: " + text(a, "actionPlan") : "")
          + (a.has("targetDate") ? " (by " + text(a, "targetDate") + ")" : "")
          + (a.has("implementationStatus") ? "; implementation " + text(a, "implementationStatus") : ""));
    }
  }

  private static void assessment(JsonNode b, List<String> out) {
    out.add("assessment of implementation");
    for (JsonNode a : b.path("assessments")) {
      out.add("  recommendation " + text(a, "recommendation") + ": " + text(a, "result")
          + (a.has("note") ? " (" + text(a, "note") + ")" : ""));
    }
    out.add(indent(text(b, "text")));
    evidence(b, out);
  }

  private static void evidence(JsonNode b, List<String> out) {
    for (JsonNode e : b.path("evidence")) {
      out.add("  evidence: " + text(e, "name") + " (" + text(e, "mediaType") + ", " + e.path("size").asText()
          + " bytes, SHA-256 " + text(e, "sha256") + ")");
    }
  }

  private static void key(JsonNode b, List<String> out) {
    out.add(text(b, "action") + " " + b.path("roles") + " for " + text(b, "organization")
        + (b.has("organizationName") ? " (" + text(b, "organizationName") + ")" : ""));
    if (b.has("reason")) {
      out.add("  reason: " + text(b, "reason") + (b.has("distrustFrom") ? ", signatures distrusted from "
          + text(b, "distrustFrom") : ""));
    }
    out.add("  key " + text(b, "subject") + (b.has("name") ? " (" + text(b, "name") + ")" : ""));
    if (b.has("validUntil")) {
      out.add("  valid until " + text(b, "validUntil"));
    }
  }

  private static String money(JsonNode m) {
    JsonNode a = m.path("amount");
    // An OCDS amount is a JSON number read as a decimal: print every digit, never an exponent.
    String amount = a.isNumber() ? a.decimalValue().toPlainString() : text(m, "amount");
    return m.isMissingNode() ? "" : amount + " " + text(m, "currency");
  }

  private static String party(JsonNode b, String role) {
    for (JsonNode p : b.path("parties")) {
      for (JsonNode r : p.path("roles")) {
        if (role.equals(r.asText())) {
          return ", " + role + " " + text(p, "name");
        }
      }
    }
    return "";
  }

  private static String org(JsonNode ref) {
    return ref.has("name") ? text(ref, "name") : text(ref, "id");
  }

  private static String text(JsonNode n, String field) {
    return printable(n.path(field).asText(""));
  }

  /**
   * {@code s} without control characters but line breaks and tabs: an entry's text is shown to
   * a person, and must not drive their terminal (escape sequences) or forge lines of output.
   */
  public static String printable(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t')
          || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
      if (bad && b == null) {
        b = new StringBuilder(s.substring(0, i));
      }
      if (b != null) {
        b.append(bad ? '\ufffd' : c);
      }
    }
    return b == null ? s : b.toString();
  }

  private static String indent(String s) {
    return "  " + s.replace("\n", "\n  ");
  }
}
