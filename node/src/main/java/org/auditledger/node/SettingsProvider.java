package org.auditledger.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.json.StrictJson;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one source of defaults for every option of {@link NodeOptions}: the environment variable
 * {@code AUDIT_NODE_<OPTION>} (e.g. {@code AUDIT_NODE_MIRROR_POLL}; lists as one value, registrars
 * and cluster members comma-separated, peers and witnesses {@code ;}-separated), then the JSON
 * config file's key (the option in camelCase, e.g. {@code mirrorPoll}; lists also as arrays, and
 * {@code registrars}, {@code peers}, {@code witnesses} in the plural), then the option's own
 * default. Flags given on the command line win over all of them.
 */
final class SettingsProvider implements IDefaultValueProvider {
  private static final Map<String, String> PLURAL = Map.of("registrar", "registrars", "peer", "peers",
      "witness", "witnesses");
  private final Map<String, String> env;
  private final JsonNode file;
  private final Path fileName;

  private SettingsProvider(Map<String, String> env, JsonNode file, Path fileName) {
    this.env = env;
    this.file = file;
    this.fileName = fileName;
  }

  /**
   * Reads the config file named by {@code --config} in {@code args}, if any.
   *
   * @throws IllegalArgumentException if it cannot be read or is not a JSON object
   */
  static SettingsProvider of(String[] args, Map<String, String> env) {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[i + 1]);
      } else if (args[i].startsWith("--config=")) {
        file = Path.of(args[i].substring("--config=".length()));
      }
    }
    if (file == null && env.containsKey("AUDIT_NODE_CONFIG")) {
      file = Path.of(env.get("AUDIT_NODE_CONFIG"));
    }
    JsonNode json = null;
    if (file != null) {
      try {
        json = StrictJson.parse(Files.readAllBytes(file), "config file " + file);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
      } catch (MalformedException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      if (!json.isObject()) {
        throw new IllegalArgumentException("config file " + file + " is not a JSON object");
      }
    }
    return new SettingsProvider(env, json, file);
  }

  /** Refuses config file keys that name no option. */
  void checkKeys(Iterable<OptionSpec> options) {
    if (file == null) {
      return;
    }
    Set<String> known = new HashSet<>();
    for (OptionSpec o : options) {
      String name = name(o);
      known.add(camel(name));
      if (PLURAL.containsKey(name)) {
        known.add(PLURAL.get(name));
      }
    }
    Iterator<String> it = file.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new IllegalArgumentException("config file " + fileName + " has unknown key \"" + k
            + "\"; the keys are the options in camelCase, e.g. \"mirrorPoll\"");
      }
    }
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec o) || o.usageHelp() || o.versionHelp()) {
      return null;
    }
    String name = name(o);
    if (name.equals("config")) {
      return null;
    }
    String envName = "AUDIT_NODE_" + (PLURAL.containsKey(name) ? PLURAL.get(name) : name)
        .replace('-', '_').toUpperCase(Locale.ROOT);
    if (env.containsKey(envName)) {
      return env.get(envName);
    }
    if (file != null) {
      JsonNode v = file.has(camel(name)) ? file.get(camel(name)) : file.get(PLURAL.getOrDefault(name, camel(name)));
      if (v != null && !v.isNull()) {
        if (v.isArray()) {
          String sep = o.splitRegex().isEmpty() ? "," : o.splitRegex();
          StringBuilder b = new StringBuilder();
          v.forEach(x -> b.append(b.length() == 0 ? "" : sep).append(x.asText()));
          return b.toString();
        }
        return v.asText();
      }
    }
    return o.defaultValue();
  }

  private static String name(OptionSpec o) {
    return o.longestName().replaceFirst("^--", "");
  }

  private static String camel(String kebab) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : kebab.toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }
}
