package io.tuplespace.client;

import java.time.Duration;

/**
 * The lease of a tuple written with {@link TupleSpace#out(io.tuplespace.core.Tuple, Duration)}: the tuple leaves
 * the space when the lease expires or is cancelled, unless it is taken first. Like a JavaSpaces lease, it can be
 * renewed, cancelled, and passed to another thread of the same client.
 * <p>
 * Thread-safe.
 */
public final class Lease
{
    /** A lease duration that never expires; the tuple stays until taken or the lease is cancelled. */
    public static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

    private final Leases leases;
    private final long leaseId;
    private volatile long expirationNs;
    private volatile boolean isForever;

    Lease(final Leases leases, final long leaseId, final long grantedMs)
    {
        this.leases = leases;
        this.leaseId = leaseId;
        granted(grantedMs);
    }

    /**
     * @return the id the server knows the lease by.
     */
    public long id()
    {
        return leaseId;
    }

    /**
     * @return how long until the lease expires, as last granted by the server (zero if expired), or
     * {@link #FOREVER}.
     */
    public Duration remaining()
    {
        return isForever ? FOREVER : Duration.ofNanos(Math.max(0, expirationNs - System.nanoTime()));
    }

    /**
     * Extend the lease to {@code duration} from now.
     *
     * @param duration positive, or {@link #FOREVER}.
     * @throws UnknownLeaseException if the tuple is gone: taken, expired, or cancelled.
     */
    public void renew(final Duration duration)
    {
        granted(leases.renew(leaseId, Leases.toLeaseMs(duration)));
    }

    /**
     * Remove the tuple now.
     *
     * @throws UnknownLeaseException if the tuple is gone already: taken, expired, or cancelled.
     */
    public void cancel()
    {
        leases.cancel(leaseId);
        isForever = false;
        expirationNs = System.nanoTime();
    }

    private void granted(final long grantedMs)
    {
        isForever = grantedMs < 0;
        expirationNs = System.nanoTime() + Duration.ofMillis(Math.max(0, grantedMs)).toNanos();
    }

    public String toString()
    {
        return "Lease{id=" + leaseId + ", remaining=" + remaining() + "}";
    }
}
