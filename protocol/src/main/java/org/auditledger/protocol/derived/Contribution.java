package org.auditledger.protocol.derived;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.auditledger.protocol.spending.ReleaseProjection;
import org.auditledger.protocol.spending.Spending;

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
 * @param release set if the entry is a version 2 spending entry that counts: its OCDS release,
 *     projected onto what the open-budget views read (protocol.md §10.4)
 */
public record Contribution(String key, Finding finding, Response response, Assessment assessment, List<Link> links,
    List<Claim.Awaiting> awaiting, Spending.Release release) {

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

  public Contribution(String key, Finding finding, Response response, Assessment assessment, List<Link> links,
      List<Claim.Awaiting> awaiting) {
    this(key, finding, response, assessment, links, awaiting, null);
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
      // An entry whose issuer's authority is not proven speaks for nobody: its links are shown,
      // unchecked, and change no other entry's status.
      boolean held = c.status() == Claim.Status.HOLDS && authoritative;
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
    String answered = respondsTo;
    String assessed = assesses;
    Parts parts = authoritative ? p.readBody(b -> parts(p.kind(), b, issuer, logged, audited, answered, assessed))
        : new Parts(null, null, null);
    Finding finding = parts.finding();
    Response response = parts.response();
    Assessment assessment = parts.assessment();
    // A release counts for its buyer only if the issuer's authority holds, as a finding does.
    org.auditledger.protocol.entry.ReleaseKey rk = authoritative ? org.auditledger.protocol.entry.ReleaseKey.of(p, origin)
        : null;
    Spending.Release release = rk == null ? null : new Spending.Release(rk.buyer(), rk.ocid(), rk.id(),
        p.readBody(b -> StrictJson.write(ReleaseProjection.of(b))));
    if (finding == null && response == null && assessment == null && links.isEmpty() && awaiting.isEmpty()
        && release == null) {
      return null;
    }
    return new Contribution(key, finding, response, assessment, links, awaiting, release);
  }

  private record Parts(Finding finding, Response response, Assessment assessment) {}

  private static Parts parts(EntryKind kind, JsonNode b, Organization issuer, Instant logged, Set<Organization> audited,
      String respondsTo, String assesses) {
    if (kind == EntryKind.FINDING) {
      List<String> recs = new ArrayList<>();
      b.path("recommendations").forEach(r -> recs.add(r.path("id").asText()));
      LocalDate due = b.hasNonNull("responseDueDate") ? LocalDate.parse(b.get("responseDueDate").asText()) : null;
      return new Parts(new Finding(issuer, logged, due, List.copyOf(recs), Set.copyOf(audited), b.path("title").asText()),
          null, null);
    } else if (kind == EntryKind.RESPONSE && respondsTo != null) {
      Map<String, Answer> answers = new LinkedHashMap<>();
      if (b.has("answers")) {
        for (JsonNode a : b.get("answers")) {
          answers.put(a.path("recommendation").asText(), answer(a));
        }
      } else {
        answers.put(b.has("recommendation") ? b.get("recommendation").asText() : "*", answer(b));
      }
      return new Parts(null, new Response(issuer, logged, respondsTo, b.path("position").asText(), answers), null);
    } else if (kind == EntryKind.ASSESSMENT && assesses != null) {
      Map<String, String> results = new LinkedHashMap<>();
      b.path("assessments").forEach(a -> results.put(a.path("recommendation").asText(), a.path("result").asText()));
      return new Parts(null, null, new Assessment(issuer, logged, assesses, results));
    }
    return new Parts(null, null, null);
  }

  private static Answer answer(JsonNode a) {
    return new Answer(a.path("position").asText(), text(a, "actionPlan"), text(a, "targetDate"),
        text(a, "implementationStatus"));
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  // The encoding: a version byte, then the fields in order; strings as a length and UTF-8 bytes
  // (-1 for none), times as epoch second and nanosecond, dates as epoch day. Compact, because a
  // verifier reads back every contribution of a log to answer at once.
  // Version 2 added the release.
  private static final int VERSION = 2;
  private static final int MAX_STRING = 1 << 20;
  private static final int MAX_ITEMS = 1 << 16;

  /** The bytes a node stores beside the entry, and a verifier keeps in its state. */
  public byte[] encode() {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(128);
    try {
      write(new DataOutputStream(b));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /** Writes {@link #encode()}'s bytes to {@code out}. */
  public void write(DataOutputStream out) throws IOException {
    out.writeByte(VERSION);
    string(out, key);
    out.writeByte((finding != null ? 1 : 0) | (response != null ? 2 : 0) | (assessment != null ? 4 : 0)
        | (release != null ? 8 : 0));
    if (finding != null) {
      Finding f = finding;
      string(out, f.issuer().toString());
      instant(out, f.logged());
      out.writeLong(f.responseDue() == null ? Long.MIN_VALUE : f.responseDue().toEpochDay());
      strings(out, f.recommendations());
      strings(out, f.audited().stream().map(Organization::toString).sorted().toList());
      string(out, f.title());
    }
    if (response != null) {
      Response r = response;
      string(out, r.issuer().toString());
      instant(out, r.logged());
      string(out, r.finding());
      string(out, r.position());
      out.writeInt(r.answers().size());
      for (Map.Entry<String, Answer> e : r.answers().entrySet()) {
        string(out, e.getKey());
        string(out, e.getValue().position());
        string(out, e.getValue().actionPlan());
        string(out, e.getValue().targetDate());
        string(out, e.getValue().implementation());
      }
    }
    if (assessment != null) {
      Assessment a = assessment;
      string(out, a.issuer().toString());
      instant(out, a.logged());
      string(out, a.finding());
      out.writeInt(a.results().size());
      for (Map.Entry<String, String> e : a.results().entrySet()) {
        string(out, e.getKey());
        string(out, e.getValue());
      }
    }
    if (release != null) {
      string(out, release.buyer());
      string(out, release.ocid());
      string(out, release.id());
      string(out, release.projection());
    }
    out.writeInt(links.size());
    for (Link l : links) {
      string(out, l.to());
      string(out, l.rel());
      out.writeBoolean(l.checked());
    }
    out.writeInt(awaiting.size());
    for (Claim.Awaiting w : awaiting) {
      string(out, w.log());
      out.writeLong(w.size());
    }
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException if {@code bytes} are not such an encoding
   */
  public static Contribution decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Contribution c = read(in, new HashMap<>());
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("a derived contribution has " + in.remaining() + " bytes after it");
    }
    return c;
  }

  /**
   * Reads one contribution {@link #write} wrote from {@code in}'s position; {@code orgs} shares
   * the organizations read.
   *
   * @throws IllegalArgumentException if what is read is not such an encoding, or is cut short
   */
  public static Contribution read(ByteBuffer in, Map<String, Organization> orgs) {
    try {
      int version = in.get() & 0xFF;
      if (version != VERSION) {
        throw new IllegalArgumentException("version " + version + "; this reads " + VERSION);
      }
      String key = string(in);
      int parts = in.get() & 0xFF;
      Finding finding = null;
      Response response = null;
      Assessment assessment = null;
      if ((parts & 1) != 0) {
        Organization issuer = org(in, orgs);
        Instant logged = instant(in);
        long due = in.getLong();
        List<String> recs = strings(in);
        int n = count(in);
        Set<Organization> audited = n == 0 ? Set.of() : new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
          audited.add(org(in, orgs));
        }
        finding = new Finding(issuer, logged, due == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(due), recs,
            Set.copyOf(audited), string(in));
      }
      if ((parts & 2) != 0) {
        Organization issuer = org(in, orgs);
        Instant logged = instant(in);
        String f = string(in);
        String position = string(in);
        int n = count(in);
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          answers.put(string(in), new Answer(string(in), string(in), string(in), string(in)));
        }
        response = new Response(issuer, logged, f, position, answers);
      }
      if ((parts & 4) != 0) {
        Organization issuer = org(in, orgs);
        Instant logged = instant(in);
        String f = string(in);
        int n = count(in);
        Map<String, String> results = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          results.put(string(in), string(in));
        }
        assessment = new Assessment(issuer, logged, f, results);
      }
      Spending.Release release = null;
      if ((parts & 8) != 0) {
        release = new Spending.Release(string(in), string(in), string(in), string(in));
        if (release.buyer() == null || release.ocid() == null || release.id() == null || release.projection() == null) {
          throw new IllegalArgumentException("a release lacks its buyer, ocid, id or projection");
        }
      }
      int n = count(in);
      List<Link> links = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        links.add(new Link(key, string(in), string(in), in.get() != 0));
      }
      n = count(in);
      List<Claim.Awaiting> awaiting = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        awaiting.add(new Claim.Awaiting(string(in), in.getLong()));
      }
      if (key == null) {
        throw new IllegalArgumentException("no entry named");
      }
      return new Contribution(key, finding, response, assessment, links, awaiting, release);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("a derived contribution is cut short", e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a derived contribution is not readable: " + e.getMessage(), e);
    }
  }

  private static Organization org(ByteBuffer in, Map<String, Organization> orgs) {
    String s = string(in);
    if (s == null) {
      throw new IllegalArgumentException("an organization is missing");
    }
    return orgs.computeIfAbsent(s, Organization::parse);
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(ByteBuffer in) {
    int n = in.getInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > MAX_STRING || n > in.remaining()) {
      throw new IllegalArgumentException("a string of " + n + " bytes");
    }
    String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }

  private static void strings(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      string(out, s);
    }
  }

  private static List<String> strings(ByteBuffer in) {
    int n = count(in);
    if (n == 0) {
      return List.of();
    }
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = string(in);
    }
    return List.of(out);
  }

  private static int count(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > MAX_ITEMS || n > in.remaining()) {
      throw new IllegalArgumentException("a list of " + n + " items");
    }
    return n;
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant instant(ByteBuffer in) {
    return Instant.ofEpochSecond(in.getLong(), in.getInt());
  }

}
