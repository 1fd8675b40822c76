package io.tuplespace.client;

import java.time.Duration;

/**
 * An event registration made by {@link TupleSpace#notify} or {@link TupleSpace#registerForAvailability}: it lasts
 * until its lease expires or it is cancelled. Thread-safe.
 */
public final class Registration
{
    private final TupleSpace space;
    private final long registrationId;

    Registration(final TupleSpace space, final long registrationId)
    {
        this.space = space;
        this.registrationId = registrationId;
    }

    /**
     * @return the id events carry.
     */
    public long id()
    {
        return registrationId;
    }

    /**
     * Extend the registration to {@code duration} from now.
     *
     * @param duration positive, or {@link Lease#FOREVER}.
     * @throws UnknownLeaseException if it was cancelled or has expired.
     */
    public void renew(final Duration duration)
    {
        space.renewRegistration(registrationId, TupleSpace.toLeaseMs(duration));
    }

    /**
     * Stop the events.
     *
     * @throws UnknownLeaseException if it was cancelled already or has expired.
     */
    public void cancel()
    {
        space.cancelRegistration(registrationId);
    }

    public String toString()
    {
        return "Registration{id=" + registrationId + "}";
    }
}
