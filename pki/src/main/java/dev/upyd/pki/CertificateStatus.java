package dev.upyd.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * Validity of one certificate at a given time, worded as upydev's {@code kg ... status}:
 * {@code <file>: Valid [✔] @ 364 days, 23:59:59 left.} or {@code <file>: Not Valid [✘] @ <notAfter>}.
 */
public record CertificateStatus(String name, Instant notBefore, Instant notAfter, Instant at) {
    /** upydev warns when fewer days than this remain. */
    public static final Duration WARN_BEFORE = Duration.ofDays(30);

    public static CertificateStatus of(String name, X509Certificate cert, Instant at) {
        return new CertificateStatus(name, cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), at);
    }

    public boolean valid() {
        return !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }

    /** Time left until notAfter, negative once expired. */
    public Duration left() {
        return Duration.between(at, notAfter);
    }

    public long daysLeft() {
        return left().toDays();
    }

    /** Valid, but expiring within {@link #WARN_BEFORE}. */
    public boolean expiresSoon() {
        return valid() && left().compareTo(WARN_BEFORE) < 0;
    }

    /** upydev's line, timedelta style without the microseconds. */
    public String line() {
        if (!valid()) {
            String why = at.isBefore(notBefore) ? "not before " + notBefore : notAfter.toString();
            return name + ": Not Valid [\u2718] @ " + why;
        }
        Duration d = left();
        long days = d.toDays();
        Duration rest = d.minusDays(days);
        return String.format("%s: Valid [\u2714] @ %d day%s, %d:%02d:%02d left.", name, days, days == 1 ? "" : "s",
                rest.toHours(), rest.toMinutesPart(), rest.toSecondsPart());
    }

    /** The warning upydev prints in yellow, or null when none is due. */
    public String warning() {
        return expiresSoon() ? "WARNING: " + name + " expires in " + daysLeft()
                + " days, renew it soon (upyd kg ssl ...)" : null;
    }
}
