package org.auditledger.protocol.derived;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Organization;
import org.auditledger.protocol.entry.Ref;

/**
 * The derived state of a set of verified logs (protocol.md §10): the facts each entry contributes,
 * kept by entry, and the answers computed from them. An entry's facts depend only on the entry and
 * its judged claims, and every answer only on the set of facts, so the state is the same whatever
 * order entries are applied in (a node applies its own log and its mirrors as they commit; a
 * verifier applies what it verified), and applying an entry again (its claims judged anew)
 * replaces what it contributed. Only entries that say something derived state uses are kept:
 * findings, responses, assessments and references. Not thread-safe.
 */
public final class Accountability {
  /** Most entries a thread shows. */
  public static final int MAX_THREAD = 1_000;

  /** Orders {@code origin#index} keys by origin, then index as a number. */
  public static final Comparator<String> KEY_ORDER = Comparator
      .comparing((String k) -> k.substring(0, k.lastIndexOf('#')))
      .thenComparingLong(k -> Long.parseLong(k.substring(k.lastIndexOf('#') + 1)));

  record Finding(String key, Organization issuer, Instant logged, LocalDate responseDue, List<String> recommendations,
      Set<Organization> audited, String title) {}

  /** An answer to one recommendation ({@code "*"}: to the whole finding). */
  record Answer(String position, String actionPlan, String targetDate, String implementation) {}

  record Response(String key, Organization issuer, Instant logged, String finding, String position,
      Map<String, Answer> answers) {}

  record Assessment(String key, Organization issuer, Instant logged, String finding, Map<String, String> results) {}

  private final Map<String, Finding> findings = new TreeMap<>(KEY_ORDER);
  private final Map<String, Response> responses = new HashMap<>();
  private final Map<String, Assessment> assessments = new HashMap<>();
  // By finding key: the responses and assessments naming it, so a finding's view never scans.
  private final Map<String, Set<String>> responsesByFinding = new HashMap<>();
  private final Map<String, Set<String>> assessmentsByFinding = new HashMap<>();
  private final Map<String, List<Link>> out = new HashMap<>();
  private final Map<String, List<Link>> in = new HashMap<>();

  /**
   * Records what entry {@code index} of log {@code origin} contributes, given its claims as judged
   * ({@code claims} as {@code Claims.check} returns them: one per reference, in order).
   */
  public void apply(String origin, long index, Instant logged, EntryPayload p, List<Claim> claims) {
    String key = origin + "#" + index;
    forget(key);
    Organization issuer = p.issuerIn(origin);
    Set<Organization> audited = new LinkedHashSet<>();
    String respondsTo = null;
    String assesses = null;
    for (int i = 0; i < p.refs().size(); i++) {
      Ref r = p.refs().get(i);
      Claim c = i < claims.size() ? claims.get(i) : null;
      if (c == null || c.status() == Claim.Status.FAILS) {
        continue;
      }
      boolean held = c.status() == Claim.Status.HOLDS;
      Link l = new Link(key, r.targetIn(origin), r.rel(), held);
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
      in.computeIfAbsent(l.to(), k -> new ArrayList<>()).add(l);
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
    if (p.kind() == EntryKind.FINDING) {
      List<String> recs = new ArrayList<>();
      b.path("recommendations").forEach(r -> recs.add(r.path("id").asText()));
      LocalDate due = b.hasNonNull("responseDueDate") ? LocalDate.parse(b.get("responseDueDate").asText()) : null;
      findings.put(key, new Finding(key, issuer, logged, due, List.copyOf(recs), Set.copyOf(audited),
          b.path("title").asText()));
    } else if (p.kind() == EntryKind.RESPONSE && respondsTo != null) {
      Map<String, Answer> answers = new LinkedHashMap<>();
      if (b.has("answers")) {
        for (JsonNode a : b.get("answers")) {
          answers.put(a.path("recommendation").asText(), answer(a));
        }
      } else {
        answers.put(b.has("recommendation") ? b.get("recommendation").asText() : "*", answer(b));
      }
      responses.put(key, new Response(key, issuer, logged, respondsTo, b.path("position").asText(), answers));
      responsesByFinding.computeIfAbsent(respondsTo, k -> new LinkedHashSet<>()).add(key);
    } else if (p.kind() == EntryKind.ASSESSMENT && assesses != null) {
      Map<String, String> results = new LinkedHashMap<>();
      b.path("assessments").forEach(a -> results.put(a.path("recommendation").asText(), a.path("result").asText()));
      assessments.put(key, new Assessment(key, issuer, logged, assesses, results));
      assessmentsByFinding.computeIfAbsent(assesses, k -> new LinkedHashSet<>()).add(key);
    }
  }

  private static Answer answer(JsonNode a) {
    return new Answer(a.path("position").asText(), text(a, "actionPlan"), text(a, "targetDate"),
        text(a, "implementationStatus"));
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  private void forget(String key) {
    findings.remove(key);
    Response r = responses.remove(key);
    if (r != null) {
      unindex(responsesByFinding, r.finding(), key);
    }
    Assessment a = assessments.remove(key);
    if (a != null) {
      unindex(assessmentsByFinding, a.finding(), key);
    }
    List<Link> old = out.remove(key);
    if (old != null) {
      for (Link l : old) {
        List<Link> back = in.get(l.to());
        back.remove(l);
        if (back.isEmpty()) {
          in.remove(l.to());
        }
      }
    }
  }

  private static void unindex(Map<String, Set<String>> index, String finding, String key) {
    Set<String> keys = index.get(finding);
    keys.remove(key);
    if (keys.isEmpty()) {
      index.remove(finding);
    }
  }

  /**
   * The facts recorded, as JSON ({@link #absorb} reads them back): what a verifier keeps of a log
   * it verified, so that answers need no second pass over the log.
   */
  public ObjectNode facts() {
    JsonNodeFactory n = JsonNodeFactory.instance;
    ObjectNode o = n.objectNode();
    ArrayNode fs = o.putArray("findings");
    for (Finding f : findings.values()) {
      ObjectNode x = fs.addObject().put("key", f.key()).put("issuer", f.issuer().toString())
          .put("logged", f.logged().toString()).put("title", f.title());
      if (f.responseDue() != null) {
        x.put("responseDueDate", f.responseDue().toString());
      }
      f.recommendations().forEach(x.putArray("recommendations")::add);
      f.audited().stream().map(Organization::toString).sorted().forEach(x.putArray("audited")::add);
    }
    ArrayNode rs = o.putArray("responses");
    responses.values().stream().sorted(Comparator.comparing(Response::key, KEY_ORDER)).forEach(r -> {
      ObjectNode x = rs.addObject().put("key", r.key()).put("issuer", r.issuer().toString())
          .put("logged", r.logged().toString()).put("finding", r.finding()).put("position", r.position());
      ObjectNode answers = x.putObject("answers");
      r.answers().forEach((rec, a) -> {
        ObjectNode y = answers.putObject(rec).put("position", a.position());
        putIf(y, "actionPlan", a.actionPlan());
        putIf(y, "targetDate", a.targetDate());
        putIf(y, "implementationStatus", a.implementation());
      });
    });
    ArrayNode as = o.putArray("assessments");
    assessments.values().stream().sorted(Comparator.comparing(Assessment::key, KEY_ORDER)).forEach(a -> {
      ObjectNode x = as.addObject().put("key", a.key()).put("issuer", a.issuer().toString())
          .put("logged", a.logged().toString()).put("finding", a.finding());
      ObjectNode results = x.putObject("results");
      a.results().forEach(results::put);
    });
    ArrayNode ls = o.putArray("links");
    out.keySet().stream().sorted(KEY_ORDER).forEach(k -> out.get(k).forEach(l ->
        ls.addObject().put("from", l.from()).put("to", l.to()).put("rel", l.rel()).put("checked", l.checked())));
    return o;
  }

  /**
   * Adds the facts {@link #facts()} wrote (of one log, or several): the facts of different logs
   * never overlap, so absorbing each log's gives the state of all of them.
   *
   * @throws IllegalArgumentException if {@code facts} is not what {@link #facts()} writes
   */
  public void absorb(JsonNode facts) {
    try {
      for (JsonNode x : facts.get("findings")) {
        List<String> recs = new ArrayList<>();
        x.get("recommendations").forEach(r -> recs.add(r.asText()));
        Set<Organization> audited = new LinkedHashSet<>();
        x.get("audited").forEach(a -> audited.add(Organization.parse(a.asText())));
        String key = x.get("key").asText();
        findings.put(key, new Finding(key, Organization.parse(x.get("issuer").asText()), Instant.parse(x.get("logged").asText()),
            x.hasNonNull("responseDueDate") ? LocalDate.parse(x.get("responseDueDate").asText()) : null,
            List.copyOf(recs), Set.copyOf(audited), x.get("title").asText()));
      }
      for (JsonNode x : facts.get("responses")) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        x.get("answers").fields().forEachRemaining(e -> answers.put(e.getKey(), answer(e.getValue())));
        Response r = new Response(x.get("key").asText(), Organization.parse(x.get("issuer").asText()),
            Instant.parse(x.get("logged").asText()), x.get("finding").asText(), x.get("position").asText(), answers);
        responses.put(r.key(), r);
        responsesByFinding.computeIfAbsent(r.finding(), k -> new LinkedHashSet<>()).add(r.key());
      }
      for (JsonNode x : facts.get("assessments")) {
        Map<String, String> results = new LinkedHashMap<>();
        x.get("results").fields().forEachRemaining(e -> results.put(e.getKey(), e.getValue().asText()));
        Assessment a = new Assessment(x.get("key").asText(), Organization.parse(x.get("issuer").asText()),
            Instant.parse(x.get("logged").asText()), x.get("finding").asText(), results);
        assessments.put(a.key(), a);
        assessmentsByFinding.computeIfAbsent(a.finding(), k -> new LinkedHashSet<>()).add(a.key());
      }
      for (JsonNode x : facts.get("links")) {
        Link l = new Link(x.get("from").asText(), x.get("to").asText(), x.get("rel").asText(), x.get("checked").asBoolean());
        out.computeIfAbsent(l.from(), k -> new ArrayList<>()).add(l);
        in.computeIfAbsent(l.to(), k -> new ArrayList<>()).add(l);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("derived facts are not readable: " + e.getMessage(), e);
    }
  }

  /** Whether this state holds anything about {@code key} (a finding, or links from or to it). */
  public boolean knows(String key) {
    return findings.containsKey(key) || out.containsKey(key) || in.containsKey(key);
  }

  /**
   * Entry {@code key}'s status (protocol.md §10.1): superseded by and amended by the entries whose
   * {@code supersedes} / {@code amends} claims on it hold; current if superseded by none.
   */
  public ObjectNode status(String key) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    List<String> superseded = new ArrayList<>();
    List<String> amended = new ArrayList<>();
    for (Link l : in.getOrDefault(key, List.of())) {
      if (l.checked() && Ref.SUPERSEDES.equals(l.rel())) {
        superseded.add(l.from());
      } else if (l.checked() && Ref.AMENDS.equals(l.rel())) {
        amended.add(l.from());
      }
    }
    superseded.sort(KEY_ORDER);
    amended.sort(KEY_ORDER);
    o.put("entry", key);
    o.put("current", superseded.isEmpty());
    superseded.forEach(o.putArray("supersededBy")::add);
    amended.forEach(o.putArray("amendedBy")::add);
    return o;
  }

  /**
   * Entry {@code key}'s thread: every entry linked to it through references, in both directions
   * and across logs, with the links, in key order; at most {@link #MAX_THREAD} entries.
   */
  public ObjectNode thread(String key) {
    Set<String> seen = new LinkedHashSet<>();
    Set<Link> links = new LinkedHashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(key));
    seen.add(key);
    boolean truncated = false;
    while (!todo.isEmpty()) {
      String k = todo.poll();
      List<Link> around = new ArrayList<>(out.getOrDefault(k, List.of()));
      around.addAll(in.getOrDefault(k, List.of()));
      for (Link l : around) {
        links.add(l);
        String other = l.from().equals(k) ? l.to() : l.from();
        if (!seen.contains(other)) {
          if (seen.size() >= MAX_THREAD) {
            truncated = true;
            continue;
          }
          seen.add(other);
          todo.add(other);
        }
      }
    }
    List<String> entries = new ArrayList<>(seen);
    entries.sort(KEY_ORDER);
    List<Link> sorted = new ArrayList<>(links);
    sorted.sort(Comparator.comparing(Link::from, KEY_ORDER).thenComparing(Link::to, KEY_ORDER)
        .thenComparing(Link::rel));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("entry", key);
    entries.forEach(o.putArray("entries")::add);
    ArrayNode a = o.putArray("links");
    for (Link l : sorted) {
      a.addObject().put("from", l.from()).put("to", l.to()).put("rel", l.rel()).put("checked", l.checked());
    }
    o.put("truncated", truncated);
    return o;
  }

  /** {@link #thread(String)} with the {@link #status(String)} of every entry it shows ({@code statuses}). */
  public ObjectNode threadWithStatus(String key) {
    ObjectNode t = thread(key);
    ArrayNode statuses = t.putArray("statuses");
    t.get("entries").forEach(e -> statuses.add(status(e.asText())));
    return t;
  }

  /** Finding {@code key} as of {@code asOf}, or null if no finding has that key. */
  public ObjectNode finding(String key, LocalDate asOf) {
    Finding f = findings.get(key);
    return f == null ? null : view(f, asOf);
  }

  /**
   * Findings in key order after {@code after} (null: from the first), filtered by status and by
   * audited organization (either null for any), at most {@code limit}.
   */
  public ObjectNode findings(FindingStatus status, Organization audited, LocalDate asOf, String after, int limit) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("asOf", asOf.toString());
    ArrayNode a = o.putArray("findings");
    String last = null;
    boolean more = false;
    for (Finding f : findings.values()) {
      if (after != null && KEY_ORDER.compare(f.key(), after) <= 0) {
        continue;
      }
      if (audited != null && !f.audited().contains(audited)) {
        continue;
      }
      ObjectNode v = view(f, asOf);
      if (status != null && !status.jsonName().equals(v.get("status").asText())) {
        continue;
      }
      if (a.size() == limit) {
        more = true;
        break;
      }
      a.add(v);
      last = f.key();
    }
    o.put("next", more ? last : null);
    return o;
  }

  /**
   * The accountability figures of organization {@code org} as an audited party, as of {@code
   * asOf} (protocol.md §10.3); of every audited organization if {@code org} is null.
   */
  public ObjectNode stats(Organization org, LocalDate asOf) {
    Map<Organization, List<Finding>> byOrg = new TreeMap<>(Comparator.comparing(Organization::toString));
    for (Finding f : findings.values()) {
      for (Organization a : f.audited()) {
        if (org == null || org.equals(a)) {
          byOrg.computeIfAbsent(a, x -> new ArrayList<>()).add(f);
        }
      }
    }
    if (org != null) {
      byOrg.putIfAbsent(org, List.of());
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("asOf", asOf.toString());
    ArrayNode a = o.putArray("organizations");
    byOrg.forEach((k, v) -> a.add(stats(k, v, asOf)));
    return o;
  }

  private ObjectNode stats(Organization org, List<Finding> list, LocalDate asOf) {
    long answered = 0;
    long overdue = 0;
    List<Long> seconds = new ArrayList<>();
    Map<String, Long> assessed = new TreeMap<>();
    for (Finding f : list) {
      List<Response> rs = responsesTo(f.key()).stream().filter(r -> r.issuer().equals(org)).toList();
      if (!rs.isEmpty()) {
        answered++;
        seconds.add(Duration.between(f.logged(), rs.get(0).logged()).getSeconds());
      }
      ObjectNode v = view(f, asOf);
      if (FindingStatus.OVERDUE.jsonName().equals(v.get("status").asText())) {
        overdue++;
      }
      for (JsonNode r : v.get("recommendations")) {
        if (r.hasNonNull("assessed")) {
          assessed.merge(r.get("assessed").asText(), 1L, Long::sum);
        }
      }
    }
    seconds.sort(null);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("organization", org.toString());
    o.put("findings", list.size());
    o.put("answered", answered);
    o.put("overdue", overdue);
    putPercentile(o, "medianSecondsToFirstResponse", seconds, 50);
    putPercentile(o, "p90SecondsToFirstResponse", seconds, 90);
    ObjectNode rec = o.putObject("recommendationsAssessed");
    for (String r : List.of("implemented", "partially_implemented", "not_implemented")) {
      rec.put(r, assessed.getOrDefault(r, 0L));
    }
    return o;
  }

  /** Nearest-rank percentile (the value at rank ⌈p/100·n⌉ of the sorted values); null if none. */
  private static void putPercentile(ObjectNode o, String field, List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      o.putNull(field);
      return;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    o.put(field, sorted.get(Math.max(1, rank) - 1));
  }

  private List<Response> responsesTo(String finding) {
    return responsesByFinding.getOrDefault(finding, Set.of()).stream().map(responses::get)
        .sorted(Comparator.comparing(Response::logged).thenComparing(Response::key, KEY_ORDER)).toList();
  }

  private List<Assessment> assessmentsOf(String finding) {
    return assessmentsByFinding.getOrDefault(finding, Set.of()).stream().map(assessments::get)
        .sorted(Comparator.comparing(Assessment::logged).thenComparing(Assessment::key, KEY_ORDER)).toList();
  }

  /** A finding's lifecycle as of {@code asOf} (protocol.md §10.2). */
  private ObjectNode view(Finding f, LocalDate asOf) {
    List<Response> rs = responsesTo(f.key());
    List<Assessment> as = assessmentsOf(f.key());
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("finding", f.key());
    o.put("issuer", f.issuer().toString());
    o.put("title", f.title());
    o.put("logged", f.logged().toString());
    f.audited().stream().map(Organization::toString).sorted().forEach(o.putArray("audited")::add);
    if (f.responseDue() != null) {
      o.put("responseDueDate", f.responseDue().toString());
    }
    boolean claimedAll = !f.recommendations().isEmpty();
    boolean assessedAll = !as.isEmpty();
    ArrayNode recs = o.putArray("recommendations");
    for (String id : f.recommendations()) {
      ObjectNode r = recs.addObject();
      r.put("id", id);
      Answer latest = null;
      for (Response x : rs) {
        Answer a = x.answers().getOrDefault(id, x.answers().get("*"));
        if (a != null) {
          latest = a;
        }
      }
      if (latest != null) {
        r.put("position", latest.position());
        putIf(r, "actionPlan", latest.actionPlan());
        putIf(r, "targetDate", latest.targetDate());
        putIf(r, "implementation", latest.implementation());
      }
      claimedAll &= latest != null && "implemented".equals(latest.implementation());
      String result = null;
      for (Assessment x : as) {
        result = x.results().getOrDefault(id, result);
      }
      putIf(r, "assessed", result);
      assessedAll &= result != null;
    }
    if (f.recommendations().isEmpty()) {
      claimedAll = rs.stream().anyMatch(x -> x.answers().values().stream().anyMatch(a -> "implemented".equals(a.implementation())));
    }
    FindingStatus s = assessedAll ? FindingStatus.CLOSED
        : claimedAll ? FindingStatus.IMPLEMENTED
        : !rs.isEmpty() ? FindingStatus.RESPONDED
        : f.responseDue() != null && asOf.isAfter(f.responseDue()) ? FindingStatus.OVERDUE
        : FindingStatus.OPEN;
    o.put("status", s.jsonName());
    ArrayNode responseKeys = o.putArray("responses");
    rs.forEach(x -> responseKeys.add(x.key()));
    ArrayNode assessmentKeys = o.putArray("assessments");
    as.forEach(x -> assessmentKeys.add(x.key()));
    if (!rs.isEmpty()) {
      o.put("firstResponse", rs.get(0).logged().toString());
      o.put("secondsToFirstResponse", Duration.between(f.logged(), rs.get(0).logged()).getSeconds());
    }
    return o;
  }

  private static void putIf(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }
}
