package dev.upyd.cli.devtest;

/** How one test went on one device; {@code detail} says why it failed or was skipped (empty when it passed). */
public record TestOutcome(String device, String file, String name, Status status, long millis, String detail) {
    public enum Status { PASSED, FAILED, ERROR, SKIPPED }
}
