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

  /** A finding, with its key. */
  private record Finding(String key, Contribution.Finding f) {
    Organization issuer() {
      return f.issuer();
    }

    Instant logged() {
      return f.logged();
    }

    LocalDate responseDue() {
      return f.responseDue();
    }

    List<String> recommendations() {
      return f.recommendations();
    }

    Set<Organization> audited() {
      return f.audited();
    }

    String title() {
      return f.title();
    }
  }

  private record Response(String key, Contribution.Response r) {
    Organization issuer() {
      return r.issuer();
    }

    Instant logged() {
      return r.logged();
    }

    Map<String, Contribution.Answer> answers() {
      return r.answers();
    }
  }

  private record Assessment(String key, Contribution.Assessment a) {
    Instant logged() {
      return a.logged();
    }

    Map<String, String> results() {
      return a.results();
    }
  }

  private final Map<String, Contribution> contributions = new HashMap<>();
  private final Map<String, Finding> findings = new TreeMap<>(KEY_ORDER);
  // By finding key: the responses and assessments naming it, so a finding's view never scans.
  private final Map<String, Map<String, Response>> responsesByFinding = new HashMap<>();
  private final Map<String, Map<String, Assessment>> assessmentsByFinding = new HashMap<>();
  private final Map<String, List<Link>> in = new HashMap<>();

  /**
   * Records what entry {@code index} of log {@code origin} contributes, given its claims as judged
   * ({@code claims} as {@code Claims.check} returns them: one per reference, in order).
   */
  public void apply(String origin, long index, Instant logged, EntryPayload p, List<Claim> claims) {
    Contribution c = Contribution.of(origin, index, logged, p, claims);
    if (c == null) {
      remove(origin + "#" + index);
    } else {
      put(c);
    }
  }

  /** Records {@code c}, replacing what its entry contributed before. */
  public void put(Contribution c) {
    String key = c.key();
    remove(key);
    contributions.put(key, c);
    if (c.finding() != null) {
      findings.put(key, new Finding(key, c.finding()));
    }
    if (c.response() != null) {
      responsesByFinding.computeIfAbsent(c.response().finding(), k -> new HashMap<>())
          .put(key, new Response(key, c.response()));
    }
    if (c.assessment() != null) {
      assessmentsByFinding.computeIfAbsent(c.assessment().finding(), k -> new HashMap<>())
          .put(key, new Assessment(key, c.assessment()));
    }
    for (Link l : c.links()) {
      in.computeIfAbsent(l.to(), k -> new ArrayList<>()).add(l);
    }
  }

  /** Forgets what entry {@code key} contributed. */
  public void remove(String key) {
    Contribution old = contributions.remove(key);
    if (old == null) {
      return;
    }
    findings.remove(key);
    if (old.response() != null) {
      unindex(responsesByFinding, old.response().finding(), key);
    }
    if (old.assessment() != null) {
      unindex(assessmentsByFinding, old.assessment().finding(), key);
    }
    for (Link l : old.links()) {
      List<Link> back = in.get(l.to());
      back.remove(l);
      if (back.isEmpty()) {
        in.remove(l.to());
      }
    }
  }

  private static void unindex(Map<String, ? extends Map<String, ?>> index, String finding, String key) {
    Map<String, ?> keys = index.get(finding);
    keys.remove(key);
    if (keys.isEmpty()) {
      index.remove(finding);
    }
  }

  /** What entry {@code key} contributes, or null. */
  public Contribution contribution(String key) {
    return contributions.get(key);
  }

  /**
   * The facts recorded, as JSON ({@link #absorb} reads them back): what a verifier keeps of a log
   * it verified, so that answers need no second pass over the log.
   */
  public ObjectNode facts() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode a = o.putArray("entries");
    contributions.keySet().stream().sorted(KEY_ORDER).forEach(k -> a.add(contributions.get(k).toJson()));
    return o;
  }

  /**
   * Adds the facts {@link #facts()} wrote (of one log, or several): the facts of different logs
   * never overlap, so absorbing each log's gives the state of all of them.
   *
   * @throws IllegalArgumentException if {@code facts} is not what {@link #facts()} writes
   */
  public void absorb(JsonNode facts) {
    JsonNode entries = facts.get("entries");
    if (entries == null || !entries.isArray()) {
      throw new IllegalArgumentException("derived facts are not readable: no entries");
    }
    for (JsonNode x : entries) {
      put(Contribution.fromJson(x));
    }
  }

  /** Whether this state holds anything about {@code key} (a finding, or links from or to it). */
  public boolean knows(String key) {
    return contributions.containsKey(key) || in.containsKey(key);
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
      Contribution own = contributions.get(k);
      List<Link> around = new ArrayList<>(own == null ? List.of() : own.links());
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
   * asOf} (protocol.md §10.3); of every audited organization if {@code org} is null, in name
   * order, after {@code after} (null: from the first), at most {@code limit}.
   */
  public ObjectNode stats(Organization org, LocalDate asOf, String after, int limit) {
    Map<String, Organization> names = new TreeMap<>();
    Map<Organization, List<Finding>> byOrg = new HashMap<>();
    for (Finding f : findings.values()) {
      for (Organization a : f.audited()) {
        if (org == null || org.equals(a)) {
          byOrg.computeIfAbsent(a, x -> new ArrayList<>()).add(f);
          names.putIfAbsent(a.toString(), a);
        }
      }
    }
    if (org != null) {
      names.putIfAbsent(org.toString(), org);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("asOf", asOf.toString());
    ArrayNode a = o.putArray("organizations");
    String last = null;
    boolean more = false;
    for (Map.Entry<String, Organization> e : names.entrySet()) {
      if (after != null && e.getKey().compareTo(after) <= 0) {
        continue;
      }
      if (a.size() == limit) {
        more = true;
        break;
      }
      a.add(stats(e.getValue(), byOrg.getOrDefault(e.getValue(), List.of()), asOf));
      last = e.getKey();
    }
    o.put("next", more ? last : null);
    return o;
  }

  /** {@link #stats(Organization, LocalDate, String, int)} of the first 1,000 organizations. */
  public ObjectNode stats(Organization org, LocalDate asOf) {
    return stats(org, asOf, null, 1_000);
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
    return responsesByFinding.getOrDefault(finding, Map.of()).values().stream()
        .sorted(Comparator.comparing(Response::logged).thenComparing(Response::key, KEY_ORDER)).toList();
  }

  private List<Assessment> assessmentsOf(String finding) {
    return assessmentsByFinding.getOrDefault(finding, Map.of()).values().stream()
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
      Contribution.Answer latest = null;
      for (Response x : rs) {
        Contribution.Answer a = x.answers().getOrDefault(id, x.answers().get("*"));
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
