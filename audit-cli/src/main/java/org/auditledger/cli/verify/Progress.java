package org.auditledger.cli.verify;

/** Receives verification progress (entries checked), e.g. to draw a progress bar. */
public interface Progress {
  void start(long total);

  void advance(long entries);

  void done();

  Progress NONE = new Progress() {
    @Override
    public void start(long total) {}

    @Override
    public void advance(long entries) {}

    @Override
    public void done() {}
  };
}
