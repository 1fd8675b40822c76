package io.tuplespace.javaspaces;

import io.tuplespace.client.TupleSpaceClosedException;
import net.jini.core.lease.Lease;
import net.jini.core.lease.LeaseDeniedException;
import net.jini.core.lease.LeaseMap;
import net.jini.core.lease.UnknownLeaseException;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A Jini {@link Lease} over one of the client's leased resources: a tuple's lease, a transaction, or event
 * registrations. Renewing or cancelling something the server no longer knows (taken, expired, cancelled, ended)
 * throws {@link UnknownLeaseException}, as Outrigger does for a second cancel or renew. Cancelling a transaction's
 * lease aborts the transaction, as with a Jini transaction manager.
 * <p>
 * {@link #getExpiration()} is computed here from what the server granted, in this JVM's clock. Thread-safe.
 */
final class SpaceLease implements Lease
{
    /**
     * What cancelling the leased resource does; it throws the client's unchecked exceptions.
     */
    @FunctionalInterface
    interface Canceller
    {
        void cancel();
    }

    private final Object space;
    private final UnaryOperator<Duration> renewer;
    private final Canceller canceller;
    private volatile long expiration;
    private volatile int serialFormat = DURATION;

    /**
     * @param space     whose resource this is; leases of one space can be batched in a {@link LeaseMap}.
     * @param granted   the duration the server granted.
     * @param renewer   renews the resource for a duration and returns what the server granted.
     * @param canceller cancels the resource.
     */
    SpaceLease(
        final Object space, final Duration granted, final UnaryOperator<Duration> renewer, final Canceller canceller)
    {
        this.space = space;
        this.renewer = renewer;
        this.canceller = canceller;
        this.expiration = Durations.expiration(granted);
    }

    /**
     * @return when the lease expires, in ms since the epoch; {@link Lease#FOREVER} if never.
     */
    public long getExpiration()
    {
        return expiration;
    }

    /**
     * Give the resource up now.
     *
     * @throws UnknownLeaseException if the space no longer knows it: taken, expired, cancelled or ended.
     * @throws RemoteException       if the server has gone.
     */
    public void cancel() throws UnknownLeaseException, RemoteException
    {
        try
        {
            canceller.cancel();
            expiration = System.currentTimeMillis();
        }
        catch (final RuntimeException ex)
        {
            throw translate(ex);
        }
    }

    /**
     * Extend the lease to {@code duration} from now.
     *
     * @param duration in ms: {@link Lease#ANY} (one day), {@link Lease#FOREVER}, or not negative.
     * @throws UnknownLeaseException    if the space no longer knows the resource.
     * @throws IllegalArgumentException if the duration is negative and not {@link Lease#ANY}.
     * @throws RemoteException          if the server has gone.
     */
    public void renew(final long duration) throws LeaseDeniedException, UnknownLeaseException, RemoteException
    {
        final Duration requested = Durations.lease(duration);
        try
        {
            expiration = Durations.expiration(renewer.apply(requested));
        }
        catch (final RuntimeException ex)
        {
            throw translate(ex);
        }
    }

    /**
     * @param format {@link Lease#DURATION} or {@link Lease#ABSOLUTE}; it only matters if the lease is serialized.
     */
    public void setSerialFormat(final int format)
    {
        if (DURATION != format && ABSOLUTE != format)
        {
            throw new IllegalArgumentException("serial format must be Lease.DURATION or Lease.ABSOLUTE: " + format);
        }
        serialFormat = format;
    }

    public int getSerialFormat()
    {
        return serialFormat;
    }

    /**
     * @param duration to renew this lease for when the map's {@link LeaseMap#renewAll()} runs.
     * @return a map holding this lease, to which other leases of the same space can be added.
     */
    public LeaseMap createLeaseMap(final long duration)
    {
        return new SpaceLeaseMap(space, this, duration);
    }

    /**
     * @param lease another lease.
     * @return true if it is a lease of the same space, so it can join this lease's {@link LeaseMap}.
     */
    public boolean canBatch(final Lease lease)
    {
        return lease instanceof SpaceLease && ((SpaceLease)lease).space == space;
    }

    Object space()
    {
        return space;
    }

    private static RuntimeException translate(final RuntimeException ex) throws UnknownLeaseException, RemoteException
    {
        if (ex instanceof io.tuplespace.client.UnknownLeaseException ||
            ex instanceof io.tuplespace.client.UnknownTransactionException)
        {
            final UnknownLeaseException unknown = new UnknownLeaseException(ex.getMessage());
            unknown.initCause(ex);
            throw unknown;
        }
        if (ex instanceof TupleSpaceClosedException)
        {
            throw new RemoteException(ex.getMessage(), ex);
        }
        throw ex;
    }

    public String toString()
    {
        return "SpaceLease{expiration=" + expiration + "}";
    }
}
