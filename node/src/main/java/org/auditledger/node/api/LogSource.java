package org.auditledger.node.api;

import org.auditledger.node.sequencer.LogHead;
import org.auditledger.node.store.LogStore;

/** A log the read endpoints serve: this node's own, or a verified mirror of a peer's. */
public interface LogSource {
  String origin();

  /** The head readers may see: a size with its signed checkpoint. */
  LogHead head();

  LogStore store();
}
