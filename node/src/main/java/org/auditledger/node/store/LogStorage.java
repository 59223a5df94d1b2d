package org.auditledger.node.store;

/** A store that is both read and written: what the sequencer and a mirror need. */
public interface LogStorage extends LogReader, LogWriter {}
