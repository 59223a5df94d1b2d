package org.auditledger.protocol.derived;

/**
 * One reference that links two entries, {@code from} naming {@code to} ({@code origin#index}
 * each) with relation {@code rel}; {@code checked} is false when its claim could not be judged
 * (the target's log was not known). References whose claims fail link nothing.
 */
public record Link(String from, String to, String rel, boolean checked) {}
