package org.auditledger.protocol.derived;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.claims.Claims;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Organization;
import org.auditledger.protocol.entry.Ref;
import org.auditledger.protocol.json.StrictJson;

/**
 * What one entry contributes to derived state (protocol.md §10): a function of the entry and its
 * claims as judged, nothing else. It is what a node stores beside the entry (its derived index)
 * and what a verifier keeps of each entry it verified, so neither ever reads the log again to
 * answer. An entry whose claims are unchecked says which log it {@code awaits}; it is judged
 * again when that log grows, and its contribution replaced.
 *
 * @param key the entry, {@code origin#index}
 * @param finding set if the entry is a finding that counts
 * @param response set if the entry is a response whose {@code responds-to} claim holds
 * @param assessment set if the entry is an assessment whose {@code assesses} claim holds
 * @param links one per reference whose claim does not fail
 * @param awaiting the logs whose growth may decide an unchecked claim
 */
public record Contribution(String key, Finding finding, Response response, Assessment assessment, List<Link> links,
    List<Claim.Awaiting> awaiting) {

  /** A finding: its audited parties are the issuers of its {@code about} subjects (claims that hold). */
  public record Finding(Organization issuer, Instant logged, LocalDate responseDue, List<String> recommendations,
      Set<Organization> audited, String title) {}

  /** An answer to one recommendation ({@code "*"}: to the whole finding). */
  public record Answer(String position, String actionPlan, String targetDate, String implementation) {}

  public record Response(Organization issuer, Instant logged, String finding, String position,
      Map<String, Answer> answers) {}

  public record Assessment(Organization issuer, Instant logged, String finding, Map<String, String> results) {}

  public Contribution {
    links = List.copyOf(links);
    awaiting = List.copyOf(awaiting);
  }

  /**
   * The contribution of entry {@code index} of log {@code origin}, given its claims as {@code
   * Claims.check} returns them (one per reference, in order, then the authority claim if any);
   * null if it contributes nothing. An entry filed for an organization homed elsewhere counts as
   * that organization's only if its {@code authority} claim holds; until then it only links.
   */
  public static Contribution of(String origin, long index, Instant logged, EntryPayload p, List<Claim> claims) {
    String key = origin + "#" + index;
    Organization issuer = p.issuerIn(origin);
    Set<Organization> audited = new LinkedHashSet<>();
    List<Link> links = new ArrayList<>();
    List<Claim.Awaiting> awaiting = new ArrayList<>();
    String respondsTo = null;
    String assesses = null;
    boolean authoritative = true;
    for (Claim c : claims) {
      if (c.status() == Claim.Status.UNCHECKED && c.awaiting() != null && !awaiting.contains(c.awaiting())) {
        awaiting.add(c.awaiting());
      }
      if (Claims.AUTHORITY.equals(c.rule()) && c.status() != Claim.Status.HOLDS) {
        authoritative = false;
      }
    }
    for (int i = 0; i < p.refs().size(); i++) {
      Ref r = p.refs().get(i);
      Claim c = i < claims.size() ? claims.get(i) : null;
      if (c == null || c.status() == Claim.Status.FAILS) {
        continue;
      }
      boolean held = c.status() == Claim.Status.HOLDS;
      Link l = new Link(key, r.targetIn(origin), r.rel(), held);
      links.add(l);
      if (!held) {
        continue;
      }
      switch (r.rel()) {
        case Ref.ABOUT -> {
          if (c.targetIssuer() != null) {
            audited.add(c.targetIssuer());
          }
        }
        case Ref.RESPONDS_TO -> respondsTo = l.to();
        case Ref.ASSESSES -> assesses = l.to();
        default -> { }
      }
    }
    JsonNode b = p.body();
    Finding finding = null;
    Response response = null;
    Assessment assessment = null;
    if (authoritative && p.kind() == EntryKind.FINDING) {
      List<String> recs = new ArrayList<>();
      b.path("recommendations").forEach(r -> recs.add(r.path("id").asText()));
      LocalDate due = b.hasNonNull("responseDueDate") ? LocalDate.parse(b.get("responseDueDate").asText()) : null;
      finding = new Finding(issuer, logged, due, List.copyOf(recs), Set.copyOf(audited), b.path("title").asText());
    } else if (authoritative && p.kind() == EntryKind.RESPONSE && respondsTo != null) {
      Map<String, Answer> answers = new LinkedHashMap<>();
      if (b.has("answers")) {
        for (JsonNode a : b.get("answers")) {
          answers.put(a.path("recommendation").asText(), answer(a));
        }
      } else {
        answers.put(b.has("recommendation") ? b.get("recommendation").asText() : "*", answer(b));
      }
      response = new Response(issuer, logged, respondsTo, b.path("position").asText(), answers);
    } else if (authoritative && p.kind() == EntryKind.ASSESSMENT && assesses != null) {
      Map<String, String> results = new LinkedHashMap<>();
      b.path("assessments").forEach(a -> results.put(a.path("recommendation").asText(), a.path("result").asText()));
      assessment = new Assessment(issuer, logged, assesses, results);
    }
    if (finding == null && response == null && assessment == null && links.isEmpty() && awaiting.isEmpty()) {
      return null;
    }
    return new Contribution(key, finding, response, assessment, links, awaiting);
  }

  private static Answer answer(JsonNode a) {
    return new Answer(a.path("position").asText(), text(a, "actionPlan"), text(a, "targetDate"),
        text(a, "implementationStatus"));
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  /** As JSON ({@link #fromJson} reads it back). */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("key", key);
    if (finding != null) {
      Finding f = finding;
      ObjectNode x = o.putObject("finding").put("issuer", f.issuer().toString()).put("logged", f.logged().toString())
          .put("title", f.title());
      if (f.responseDue() != null) {
        x.put("responseDueDate", f.responseDue().toString());
      }
      f.recommendations().forEach(x.putArray("recommendations")::add);
      f.audited().stream().map(Organization::toString).sorted().forEach(x.putArray("audited")::add);
    }
    if (response != null) {
      Response r = response;
      ObjectNode x = o.putObject("response").put("issuer", r.issuer().toString()).put("logged", r.logged().toString())
          .put("finding", r.finding()).put("position", r.position());
      ObjectNode answers = x.putObject("answers");
      r.answers().forEach((rec, a) -> {
        ObjectNode y = answers.putObject(rec).put("position", a.position());
        putIf(y, "actionPlan", a.actionPlan());
        putIf(y, "targetDate", a.targetDate());
        putIf(y, "implementationStatus", a.implementation());
      });
    }
    if (assessment != null) {
      Assessment a = assessment;
      ObjectNode x = o.putObject("assessment").put("issuer", a.issuer().toString()).put("logged", a.logged().toString())
          .put("finding", a.finding());
      ObjectNode results = x.putObject("results");
      a.results().forEach(results::put);
    }
    ArrayNode ls = o.putArray("links");
    links.forEach(l -> ls.addObject().put("to", l.to()).put("rel", l.rel()).put("checked", l.checked()));
    if (!awaiting.isEmpty()) {
      ArrayNode aw = o.putArray("awaiting");
      awaiting.forEach(w -> aw.addObject().put("log", w.log()).put("size", w.size()));
    }
    return o;
  }

  /** The UTF-8 JSON a node stores beside the entry. */
  public byte[] encode() {
    return toJson().toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads what {@link #encode} wrote. */
  public static Contribution decode(byte[] bytes) {
    return fromJson(StrictJson.parse(bytes, "derived contribution"));
  }

  /**
   * Reads what {@link #toJson} wrote.
   *
   * @throws IllegalArgumentException if {@code o} is not what {@link #toJson} writes
   */
  public static Contribution fromJson(JsonNode o) {
    try {
      String key = o.get("key").asText();
      Finding finding = null;
      Response response = null;
      Assessment assessment = null;
      if (o.has("finding")) {
        JsonNode x = o.get("finding");
        List<String> recs = new ArrayList<>();
        x.get("recommendations").forEach(r -> recs.add(r.asText()));
        Set<Organization> audited = new LinkedHashSet<>();
        x.get("audited").forEach(a -> audited.add(Organization.parse(a.asText())));
        finding = new Finding(Organization.parse(x.get("issuer").asText()), Instant.parse(x.get("logged").asText()),
            x.hasNonNull("responseDueDate") ? LocalDate.parse(x.get("responseDueDate").asText()) : null,
            List.copyOf(recs), Set.copyOf(audited), x.get("title").asText());
      }
      if (o.has("response")) {
        JsonNode x = o.get("response");
        Map<String, Answer> answers = new LinkedHashMap<>();
        x.get("answers").fields().forEachRemaining(e -> answers.put(e.getKey(), answer(e.getValue())));
        response = new Response(Organization.parse(x.get("issuer").asText()), Instant.parse(x.get("logged").asText()),
            x.get("finding").asText(), x.get("position").asText(), answers);
      }
      if (o.has("assessment")) {
        JsonNode x = o.get("assessment");
        Map<String, String> results = new LinkedHashMap<>();
        x.get("results").fields().forEachRemaining(e -> results.put(e.getKey(), e.getValue().asText()));
        assessment = new Assessment(Organization.parse(x.get("issuer").asText()), Instant.parse(x.get("logged").asText()),
            x.get("finding").asText(), results);
      }
      List<Link> links = new ArrayList<>();
      for (JsonNode l : o.get("links")) {
        links.add(new Link(key, l.get("to").asText(), l.get("rel").asText(), l.get("checked").asBoolean()));
      }
      List<Claim.Awaiting> awaiting = new ArrayList<>();
      for (JsonNode w : o.path("awaiting")) {
        awaiting.add(new Claim.Awaiting(w.get("log").asText(), w.get("size").asLong()));
      }
      return new Contribution(key, finding, response, assessment, links, awaiting);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a derived contribution is not readable: " + e.getMessage(), e);
    }
  }

  private static void putIf(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }
}
