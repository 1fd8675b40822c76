package io.tuplespace.client;

import java.time.Duration;

/**
 * An event registration made by {@link TupleSpace#notify} or {@link TupleSpace#registerForAvailability}: it lasts
 * until its lease expires or it is cancelled. Thread-safe.
 */
public final class Registration
{
    private final EventRegistrations registrations;
    private final long registrationId;

    Registration(final EventRegistrations registrations, final long registrationId)
    {
        this.registrations = registrations;
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
        registrations.renew(registrationId, Leases.toLeaseMs(duration));
    }

    /**
     * Stop the events.
     *
     * @throws UnknownLeaseException if it was cancelled already or has expired.
     */
    public void cancel()
    {
        registrations.cancel(registrationId);
    }

    public String toString()
    {
        return "Registration{id=" + registrationId + "}";
    }
}
