package org.auditledger.cli;

/**
 * Exit codes of {@code audit}, one per class of failure, so that scripts can tell a bad log from
 * a bad network or a bad input (docs/cli.md).
 */
public enum ExitCode {
  OK(0, "success"),
  INTERNAL(1, "an unexpected internal failure (a bug: please report it)"),
  USAGE(2, "invalid command line"),
  NETWORK(3, "a node could not be reached, or sent an incomplete or oversized answer"),
  LOCAL_INPUT(4, "invalid input: the entry built from the options, or a local file (key, payload, bundle, state)"),
  REFUSED(5, "the node refused the entry"),
  CLAIMS(6, "the log verified, but claims of some of its entries (references, authority in another log) do not hold"),
  MISMATCH(7, "the node's derived answer differs from the one computed from the entries verified"),
  CHECKPOINT(10, "the checkpoint is malformed or not signed by the trusted log key"),
  INCONSISTENT(11, "the log is not consistent with a checkpoint verified before (fork or rollback)"),
  TREE(12, "the entries do not hash to the signed root, or a proof does not verify"),
  ENTRY(13, "an entry is malformed, wrongly signed, off the schema, or breaks the chain"),
  AUTHORIZATION(14, "an entry's signer was not authorized"),
  WITNESS(15, "the checkpoint lacks the required witness cosignatures");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The JSON name, e.g. "inconsistent". */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
