package org.auditledger.protocol.derived;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Organization;
import org.auditledger.protocol.spending.Spending;
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
  /** Most links a thread looks at before it stops, truncated. */
  static final int MAX_THREAD_LINKS = 20_000;

  /**
   * Orders {@code origin#index} keys by origin, then index as a number (indexes have no leading
   * zeros, so a shorter one is smaller); compares in place, for maps of many keys.
   */
  public static final Comparator<String> KEY_ORDER = (a, b) -> {
    int ha = a.lastIndexOf('#');
    int hb = b.lastIndexOf('#');
    int n = Math.min(ha, hb);
    for (int i = 0; i < n; i++) {
      int c = Character.compare(a.charAt(i), b.charAt(i));
      if (c != 0) {
        return c;
      }
    }
    if (ha != hb) {
      return Integer.compare(ha, hb);
    }
    int la = a.length() - ha;
    int lb = b.length() - hb;
    if (la != lb) {
      return Integer.compare(la, lb);
    }
    for (int i = 1; i < la; i++) {
      int c = Character.compare(a.charAt(ha + i), b.charAt(hb + i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

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
  private final Spending spending;

  /** With the default technology-spending view ({@link Spending#TECHNOLOGY}). */
  public Accountability() {
    this(Spending.TECHNOLOGY);
  }

  /** With the technology-spending view of these classification prefixes (protocol.md §10.4). */
  public Accountability(List<String> technology) {
    this.spending = new Spending(technology);
  }
  private final Map<String, Finding> findings = new TreeMap<>(KEY_ORDER);
  // By finding key: the responses and assessments naming it, so a finding's view never scans.
  // Each list kept in log time order (logged, then key), so that no query sorts.
  private final Map<String, List<Response>> responsesByFinding = new HashMap<>();
  private final Map<String, List<Assessment>> assessmentsByFinding = new HashMap<>();
  private static final Comparator<Response> RESPONSE_ORDER = Comparator.comparing(Response::logged)
      .thenComparing(Response::key, KEY_ORDER);
  private static final Comparator<Assessment> ASSESSMENT_ORDER = Comparator.comparing(Assessment::logged)
      .thenComparing(Assessment::key, KEY_ORDER);
  private final Map<String, List<Link>> in = new HashMap<>();
  // Findings superseded (by entries whose supersedes claim holds): not counted in the figures.
  private final Map<String, List<String>> supersededBy = new HashMap<>();
  private boolean lifecycleIndexed;
  private boolean linksIndexed;

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
    if (c.release() != null) {
      spending.put(c.key(), c.release());
    } else {
      spending.remove(c.key());
    }
    Contribution old = contributions.put(c.key(), c);
    if (old != null) {
      unindexLifecycle(old);
      unindexLinks(old);
    }
    if (lifecycleIndexed) {
      indexLifecycle(c);
    }
    if (linksIndexed) {
      indexLinks(c);
    }
  }

  /** Forgets what entry {@code key} contributed. */
  public void remove(String key) {
    spending.remove(key);
    Contribution old = contributions.remove(key);
    if (old != null) {
      unindexLifecycle(old);
      unindexLinks(old);
    }
  }

  /**
   * Builds every index now. Queries build what they need on first use (so that reading a
   * verifier's facts for one answer costs only that answer); whoever shares this state between
   * threads calls this once, so that queries only read.
   */
  public void index() {
    lifecycle();
    links();
    spending.refresh();
  }

  /** The open-budget state of the same entries (protocol.md §10.4). */
  public Spending spending() {
    return spending;
  }

  // Findings, responses and assessments by finding: what lifecycles and figures need.
  private void lifecycle() {
    if (!lifecycleIndexed) {
      contributions.values().forEach(this::indexLifecycle);
      lifecycleIndexed = true;
    }
  }

  // Links by target: what threads and status need.
  private void links() {
    if (!linksIndexed) {
      contributions.values().forEach(this::indexLinks);
      linksIndexed = true;
    }
  }

  private void indexLifecycle(Contribution c) {
    String key = c.key();
    for (Link l : c.links()) {
      if (l.checked() && Ref.SUPERSEDES.equals(l.rel())) {
        supersededBy.computeIfAbsent(l.to(), k -> new ArrayList<>(1)).add(key);
      }
    }
    if (c.finding() != null) {
      findings.put(key, new Finding(key, c.finding()));
    }
    if (c.response() != null) {
      insert(responsesByFinding.computeIfAbsent(c.response().finding(), k -> new ArrayList<>(1)),
          new Response(key, c.response()), RESPONSE_ORDER);
    }
    if (c.assessment() != null) {
      insert(assessmentsByFinding.computeIfAbsent(c.assessment().finding(), k -> new ArrayList<>(1)),
          new Assessment(key, c.assessment()), ASSESSMENT_ORDER);
    }
  }

  private void unindexLifecycle(Contribution old) {
    if (!lifecycleIndexed) {
      return;
    }
    String key = old.key();
    for (Link l : old.links()) {
      if (l.checked() && Ref.SUPERSEDES.equals(l.rel())) {
        List<String> by = supersededBy.get(l.to());
        by.remove(key);
        if (by.isEmpty()) {
          supersededBy.remove(l.to());
        }
      }
    }
    findings.remove(key);
    if (old.response() != null) {
      unindex(responsesByFinding, old.response().finding(), key);
    }
    if (old.assessment() != null) {
      unindex(assessmentsByFinding, old.assessment().finding(), key);
    }
  }

  private void indexLinks(Contribution c) {
    for (Link l : c.links()) {
      in.computeIfAbsent(l.to(), k -> new ArrayList<>(1)).add(l);
    }
  }

  private void unindexLinks(Contribution old) {
    if (!linksIndexed) {
      return;
    }
    for (Link l : old.links()) {
      List<Link> back = in.get(l.to());
      back.remove(l);
      if (back.isEmpty()) {
        in.remove(l.to());
      }
    }
  }

  private static <T> void insert(List<T> list, T item, Comparator<T> order) {
    int at = list.size();
    while (at > 0 && order.compare(list.get(at - 1), item) > 0) {
      at--;
    }
    list.add(at, item);
  }

  private static void unindex(Map<String, ? extends List<? extends Record>> index, String finding, String key) {
    List<? extends Record> items = index.get(finding);
    items.removeIf(r -> key.equals(r instanceof Response x ? x.key() : ((Assessment) r).key()));
    if (items.isEmpty()) {
      index.remove(finding);
    }
  }

  /**
   * An entry whose unchecked claims could be judged with logs known to the given sizes (by
   * origin), if any: answers from this state would then depend on the order the logs were
   * verified in, so whoever holds it must judge those claims first.
   */
  public java.util.Optional<Claim.Awaiting> decidable(Map<String, Long> sizes, StringBuilder entry) {
    for (Contribution c : contributions.values()) {
      for (Claim.Awaiting w : c.awaiting()) {
        Long known = sizes.get(w.log());
        if (known != null && known >= w.size()) {
          entry.append(c.key());
          return java.util.Optional.of(w);
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static final byte[] FACTS_MAGIC = "auditledger-derived/1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The facts recorded ({@link #absorb} reads them back): every contribution, in key order. What
   * a verifier keeps of a log it verified, so that answers need no second pass over the log.
   */
  public byte[] facts() {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(64 + 256 * contributions.size());
    try {
      java.io.DataOutputStream out = new java.io.DataOutputStream(b);
      out.write(FACTS_MAGIC);
      out.writeInt(contributions.size());
      List<String> keys = new ArrayList<>(contributions.keySet());
      keys.sort(KEY_ORDER);
      for (String k : keys) {
        contributions.get(k).write(out);
      }
      out.flush();
      // A digest of all the above: damage to a kept file is found, never read as other facts.
      b.write(Digest.sha256(b.toByteArray()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /**
   * Adds the facts {@link #facts()} wrote (of one log, or several): the facts of different logs
   * never overlap, so absorbing each log's gives the state of all of them.
   *
   * @throws IllegalArgumentException if {@code facts} is not what {@link #facts()} writes
   */
  public void absorb(byte[] facts) {
    if (facts.length < FACTS_MAGIC.length + 4 + 32
        || !java.util.Arrays.equals(facts, 0, FACTS_MAGIC.length, FACTS_MAGIC, 0, FACTS_MAGIC.length)) {
      throw new IllegalArgumentException("derived facts are not readable: not a file of derived facts, version 1");
    }
    int end = facts.length - 32;
    if (!Digest.matches(facts, end)) {
      throw new IllegalArgumentException("derived facts are damaged: their digest does not match");
    }
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(facts, FACTS_MAGIC.length, end - FACTS_MAGIC.length);
    Map<String, Organization> orgs = new HashMap<>();
    int n = in.getInt();
    if (n < 0) {
      throw new IllegalArgumentException("derived facts are not readable: " + n + " entries");
    }
    for (int i = 0; i < n; i++) {
      Contribution c;
      try {
        c = Contribution.read(in, orgs);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("derived facts are not readable: item " + i + ": " + e.getMessage(), e);
      }
      put(c);
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("derived facts are not readable: " + in.remaining() + " bytes after the last");
    }
  }

  /**
   * Entry {@code key}'s status (protocol.md §10.1): superseded by and amended by the entries whose
   * {@code supersedes} / {@code amends} claims on it hold; current if superseded by none.
   */
  public ObjectNode status(String key) {
    links();
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
    links();
    Set<String> seen = new LinkedHashSet<>();
    Set<Link> links = new LinkedHashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(key));
    seen.add(key);
    boolean truncated = false;
    long examined = 0;
    search:
    while (!todo.isEmpty()) {
      String k = todo.poll();
      Contribution own = contributions.get(k);
      List<Link> around = new ArrayList<>(own == null ? List.of() : own.links());
      around.addAll(in.getOrDefault(k, List.of()));
      for (Link l : around) {
        // An entry named by very many others (a decision every payment cites) must not make one
        // thread cost more than a bounded amount of work.
        if (++examined > MAX_THREAD_LINKS) {
          truncated = true;
          break search;
        }
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
    // Only links between the entries shown: a truncated thread names no entry it leaves out.
    List<Link> sorted = new ArrayList<>();
    for (Link l : links) {
      if (seen.contains(l.from()) && seen.contains(l.to())) {
        sorted.add(l);
      }
    }
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
    lifecycle();
    Finding f = findings.get(key);
    return f == null ? null : view(f, asOf);
  }

  /**
   * Findings in key order after {@code after} (null: from the first), filtered by status and by
   * audited organization (either null for any), at most {@code limit}.
   */
  public ObjectNode findings(FindingStatus status, Organization audited, LocalDate asOf, String after, int limit) {
    lifecycle();
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
    return summary(org).stats(org, asOf, after, limit);
  }

  /** {@link #stats(Organization, LocalDate, String, int)} of the first 1,000 organizations. */
  public ObjectNode stats(Organization org, LocalDate asOf) {
    return stats(org, asOf, null, 1_000);
  }

  /**
   * The figures of every audited organization (of {@code org} only, if not null) apart from the
   * date they are asked for: what {@link #stats} answers from, and what a verifier keeps.
   */
  public StatsSummary summary(Organization org) {
    lifecycle();
    Map<Organization, List<Finding>> byOrg = new HashMap<>();
    for (Finding f : findings.values()) {
      if (supersededBy.containsKey(f.key())) {
        // Replaced by a later finding of its auditors (a correction): that one counts instead.
        continue;
      }
      for (Organization a : f.audited()) {
        if (org == null || org.equals(a)) {
          byOrg.computeIfAbsent(a, x -> new ArrayList<>()).add(f);
        }
      }
    }
    Map<String, StatsSummary.Figures> figures = new HashMap<>();
    byOrg.forEach((o, list) -> figures.put(o.toString(), figures(o, list)));
    return new StatsSummary(figures);
  }

  private StatsSummary.Figures figures(Organization org, List<Finding> list) {
    long answered = 0;
    long[] seconds = new long[list.size()];
    long[] unanswered = new long[list.size()];
    int unansweredCount = 0;
    long implemented = 0;
    long partially = 0;
    long not = 0;
    for (Finding f : list) {
      // The date only decides overdue, which summary leaves to the date asked (StatsSummary).
      Lifecycle l = lifecycle(f, LocalDate.MIN);
      Response first = null;
      for (Response r : l.responses()) {
        if (r.issuer().equals(org)) {
          first = r;
          break;
        }
      }
      if (first != null) {
        seconds[(int) answered++] = Duration.between(f.logged(), first.logged()).getSeconds();
      }
      // Overdue as of D: nobody answered, not closed, and D after the due date (§10.2).
      if (l.responses().isEmpty() && l.status() != FindingStatus.CLOSED && f.responseDue() != null) {
        unanswered[unansweredCount++] = f.responseDue().toEpochDay();
      }
      for (String result : l.assessed()) {
        if ("implemented".equals(result)) {
          implemented++;
        } else if ("partially_implemented".equals(result)) {
          partially++;
        } else if ("not_implemented".equals(result)) {
          not++;
        }
      }
    }
    long[] s = Arrays.copyOf(seconds, (int) answered);
    long[] u = Arrays.copyOf(unanswered, unansweredCount);
    Arrays.sort(s);
    Arrays.sort(u);
    return new StatsSummary.Figures(list.size(), answered, s, u, implemented, partially, not);
  }


  private List<Response> responsesTo(String finding) {
    return responsesByFinding.getOrDefault(finding, List.of());
  }

  private List<Assessment> assessmentsOf(String finding) {
    return assessmentsByFinding.getOrDefault(finding, List.of());
  }

  /**
   * Where a finding stands (protocol.md §10.2): its responses and assessments in log time order,
   * and per recommendation (in the finding's order) the latest answer and the latest assessed
   * result.
   */
  private record Lifecycle(FindingStatus status, List<Response> responses, List<Assessment> assessments,
      List<Contribution.Answer> answers, List<String> assessed) {}

  /** A finding's lifecycle as of {@code asOf}. */
  private Lifecycle lifecycle(Finding f, LocalDate asOf) {
    List<Response> rs = responsesTo(f.key());
    List<Assessment> as = assessmentsOf(f.key());
    boolean claimedAll = !f.recommendations().isEmpty();
    boolean assessedAll = !as.isEmpty();
    List<Contribution.Answer> answers = new ArrayList<>(f.recommendations().size());
    List<String> assessed = new ArrayList<>(f.recommendations().size());
    for (String id : f.recommendations()) {
      Contribution.Answer latest = null;
      for (Response x : rs) {
        Contribution.Answer a = x.answers().getOrDefault(id, x.answers().get("*"));
        if (a != null) {
          latest = a;
        }
      }
      answers.add(latest);
      claimedAll &= latest != null && "implemented".equals(latest.implementation());
      String result = null;
      for (Assessment x : as) {
        result = x.results().getOrDefault(id, result);
      }
      assessed.add(result);
      assessedAll &= result != null;
    }
    if (f.recommendations().isEmpty()) {
      claimedAll = rs.stream().anyMatch(x -> x.answers().values().stream().anyMatch(a -> "implemented".equals(a.implementation())));
    }
    // Only an audited party claims implementation; a finding that names none is answered by
    // anyone (§6.2), but closed only by its auditors' assessment.
    claimedAll &= !f.audited().isEmpty();
    FindingStatus s = assessedAll ? FindingStatus.CLOSED
        : claimedAll ? FindingStatus.IMPLEMENTED
        : !rs.isEmpty() ? FindingStatus.RESPONDED
        : f.responseDue() != null && asOf.isAfter(f.responseDue()) ? FindingStatus.OVERDUE
        : FindingStatus.OPEN;
    return new Lifecycle(s, rs, as, answers, assessed);
  }

  /** A finding as the API shows it, with its lifecycle as of {@code asOf}. */
  private ObjectNode view(Finding f, LocalDate asOf) {
    Lifecycle l = lifecycle(f, asOf);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("finding", f.key());
    o.put("issuer", f.issuer().toString());
    o.put("title", f.title());
    o.put("logged", f.logged().toString());
    f.audited().stream().map(Organization::toString).sorted().forEach(o.putArray("audited")::add);
    if (f.responseDue() != null) {
      o.put("responseDueDate", f.responseDue().toString());
    }
    ArrayNode recs = o.putArray("recommendations");
    for (int i = 0; i < f.recommendations().size(); i++) {
      ObjectNode r = recs.addObject();
      r.put("id", f.recommendations().get(i));
      Contribution.Answer latest = l.answers().get(i);
      if (latest != null) {
        r.put("position", latest.position());
        putIf(r, "actionPlan", latest.actionPlan());
        putIf(r, "targetDate", latest.targetDate());
        putIf(r, "implementation", latest.implementation());
      }
      putIf(r, "assessed", l.assessed().get(i));
    }
    o.put("status", l.status().jsonName());
    List<String> by = supersededBy.get(f.key());
    if (by != null) {
      List<String> sorted = new ArrayList<>(by);
      sorted.sort(KEY_ORDER);
      sorted.forEach(o.putArray("supersededBy")::add);
    }
    ArrayNode responseKeys = o.putArray("responses");
    l.responses().forEach(x -> responseKeys.add(x.key()));
    ArrayNode assessmentKeys = o.putArray("assessments");
    l.assessments().forEach(x -> assessmentKeys.add(x.key()));
    if (!l.responses().isEmpty()) {
      o.put("firstResponse", l.responses().get(0).logged().toString());
      o.put("secondsToFirstResponse", Duration.between(f.logged(), l.responses().get(0).logged()).getSeconds());
    }
    return o;
  }

  private static void putIf(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }
}
