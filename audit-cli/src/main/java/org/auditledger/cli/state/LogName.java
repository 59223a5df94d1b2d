package org.auditledger.cli.state;

/** A log known by a short name ({@code audit log add NAME URL VKEY}), like a git remote. */
public record LogName(String name, String url, String vkey) {}
