package io.tuplespace.client;

import java.time.Duration;

import static io.tuplespace.client.ClientConnection.throwIfError;

/**
 * The requests behind {@link Lease}: renew and cancel a tuple's lease, and the wire form of a lease duration.
 * Thread-safe.
 */
final class Leases
{
    /** The wire value for a tuple without a lease. */
    static final long NO_LEASE = 0;
    /** The wire value for {@link Lease#FOREVER}. */
    private static final long LEASE_FOREVER = -1;

    private final ClientConnection connection;
    private final RequestProxy requestProxy;

    Leases(final ClientConnection connection)
    {
        this.connection = connection;
        this.requestProxy = connection.requestProxy();
    }

    /**
     * @return the lease the server granted, in ms, negative for forever.
     * @throws UnknownLeaseException if the tuple is gone: taken, expired, or cancelled.
     */
    long renew(final long leaseId, final long leaseMs)
    {
        final PendingRequest request = connection.register();
        requestProxy.renewLease(request.correlationId, leaseId, leaseMs);
        connection.awaitResponse(request, false);
        throwIfError(request);
        return request.grantedMs;
    }

    /**
     * @throws UnknownLeaseException if the tuple is gone already: taken, expired, or cancelled.
     */
    void cancel(final long leaseId)
    {
        final PendingRequest request = connection.register();
        requestProxy.cancelLease(request.correlationId, leaseId);
        connection.awaitResponse(request, false);
        throwIfError(request);
    }

    /**
     * @return the lease in ms as requests carry it, at least 1, or {@link #LEASE_FOREVER}.
     * @throws IllegalArgumentException if the lease is zero or negative.
     */
    static long toLeaseMs(final Duration lease)
    {
        if (Lease.FOREVER.equals(lease))
        {
            return LEASE_FOREVER;
        }
        if (lease.isNegative() || lease.isZero())
        {
            throw new IllegalArgumentException("a lease must be positive or Lease.FOREVER, got " + lease);
        }
        return Math.max(1, lease.toMillis());
    }
}
