package io.tuplespace.javaspaces;

import net.jini.core.lease.Lease;

import java.time.Duration;

/**
 * How the millisecond arguments of the JavaSpaces API map to the client's durations.
 * <ul>
 * <li>A lease of {@link Lease#FOREVER} is the client's {@link io.tuplespace.client.Lease#FOREVER}.</li>
 * <li>{@link Lease#ANY} lets the space choose: it grants {@link #ANY_LEASE}, one day, as Outrigger did here.</li>
 * <li>A lease of 0 is granted 1 ms, the shortest lease the server keeps (JavaSpaces allows 0: the entry is gone at
 * once).</li>
 * <li>A timeout of {@link Long#MAX_VALUE} waits forever; {@link net.jini.space.JavaSpace#NO_WAIT} returns at
 * once.</li>
 * </ul>
 */
final class Durations
{
    /** What {@link Lease#ANY} grants: one day, as observed on Outrigger. */
    static final Duration ANY_LEASE = Duration.ofDays(1);

    private Durations()
    {
    }

    /**
     * @param durationMs a requested lease duration: non-negative, {@link Lease#ANY} or {@link Lease#FOREVER}.
     * @return the duration to ask the server for.
     * @throws IllegalArgumentException if it is negative and not {@link Lease#ANY}.
     */
    static Duration lease(final long durationMs)
    {
        if (Lease.ANY == durationMs)
        {
            return ANY_LEASE;
        }
        if (Lease.FOREVER == durationMs)
        {
            return io.tuplespace.client.Lease.FOREVER;
        }
        if (durationMs < 0)
        {
            throw new IllegalArgumentException(
                "a lease duration must not be negative unless it is Lease.ANY, got " + durationMs);
        }
        return Duration.ofMillis(Math.max(1, durationMs));
    }

    /**
     * @param durationMs a requested lease duration that must be positive or {@link Lease#ANY} (match sets and
     *                   availability registrations).
     * @return the duration to ask the server for.
     * @throws IllegalArgumentException if it is neither.
     */
    static Duration positiveLease(final long durationMs)
    {
        if (0 == durationMs || (durationMs < 0 && Lease.ANY != durationMs))
        {
            throw new IllegalArgumentException(
                "a lease duration must be positive or Lease.ANY, got " + durationMs);
        }
        return lease(durationMs);
    }

    /**
     * @param timeoutMs how long to wait, in ms.
     * @return the timeout, or null for {@link Long#MAX_VALUE}: wait forever.
     * @throws IllegalArgumentException if it is negative.
     */
    static Duration timeout(final long timeoutMs)
    {
        if (timeoutMs < 0)
        {
            throw new IllegalArgumentException("a timeout must not be negative, got " + timeoutMs);
        }
        return Long.MAX_VALUE == timeoutMs ? null : Duration.ofMillis(timeoutMs);
    }

    /**
     * @param granted a lease granted now.
     * @return its expiration in ms since the epoch, as {@link Lease#getExpiration()} reports it.
     */
    static long expiration(final Duration granted)
    {
        if (io.tuplespace.client.Lease.FOREVER.equals(granted))
        {
            return Lease.FOREVER;
        }
        final long nowMs = System.currentTimeMillis();
        final long expiration = nowMs + granted.toMillis();
        return expiration < nowMs ? Lease.FOREVER : expiration;
    }
}
