package io.tuplespace.core;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;

import java.util.concurrent.TimeUnit;

/**
 * Leases of stored tuples, JavaSpaces style: a leased tuple is removed when its lease expires or is cancelled,
 * and a lease can be renewed. Only tuples written with a lease are tracked; a plain out stays until taken.
 * Expiry runs on a {@link TimerWheel}, never a scan. Lease ids are never reused.
 * <p>
 * A leased record carries its lease id and timer id ({@link StoredTuples#lease}), so removing it costs no lookup.
 * Two tables lead the other way, to the record: a map from the lease id a client may renew or cancel, and
 * {@link TimerSlots} from the id of a timer that expires. The leases of a batch out are never told to the client,
 * so they have no id and no entry in the map.
 */
final class TupleLeases implements DeadlineTimerWheel.TimerHandler
{
    static final long NEVER = -1;
    /** The lease id of a lease that no client knows: it can only expire, or go with its tuple. */
    static final long NO_LEASE_ID = 0;
    private static final long NO_TIMER = -1;
    private static final long MISSING = Long.MIN_VALUE;
    private static final int TICKS_PER_WHEEL = 1024;

    private final StoredTuples stored;
    private final TimerWheel timers;
    private final Long2LongHashMap handleByLeaseId = new Long2LongHashMap(MISSING);
    private final TimerSlots handleByTimerId = new TimerSlots(TICKS_PER_WHEEL, TupleArena.NULL);
    private long nextLeaseId = 1;
    private long count;
    private final IntArrayList expired = new IntArrayList();

    TupleLeases(final StoredTuples stored, final long nowMs)
    {
        this.stored = stored;
        this.timers = new TimerWheel(nowMs, TICKS_PER_WHEEL);
    }

    /**
     * @return a fresh lease id, for a leased tuple whether it is stored or handed straight to a waiting taker.
     */
    long newLeaseId()
    {
        return nextLeaseId++;
    }

    /**
     * Track a stored tuple's lease.
     *
     * @param leaseId {@link #NO_LEASE_ID} for a lease no client can renew or cancel.
     * @param handle  of a record added with room for a lease.
     */
    void track(final long leaseId, final int handle, final long leaseMs, final long nowMs)
    {
        if (NO_LEASE_ID != leaseId)
        {
            handleByLeaseId.put(leaseId, handle);
        }
        stored.lease(handle, leaseId, schedule(handle, leaseMs, nowMs));
        count++;
    }

    /**
     * @return true if the lease names a stored tuple, whose lease now lasts {@code leaseMs} from now.
     */
    boolean renew(final long leaseId, final long leaseMs, final long nowMs)
    {
        final long handle = handleByLeaseId.get(leaseId);
        if (MISSING == handle)
        {
            return false;
        }
        cancelTimer((int)handle);
        stored.lease((int)handle, leaseId, schedule((int)handle, leaseMs, nowMs));
        return true;
    }

    /**
     * Cancel a lease; the caller removes its tuple.
     *
     * @return the record of the lease's tuple, or {@link TupleArena#NULL} if the lease is unknown.
     */
    int cancel(final long leaseId)
    {
        final long handle = handleByLeaseId.get(leaseId);
        if (MISSING == handle)
        {
            return TupleArena.NULL;
        }
        onRemoved((int)handle);
        return (int)handle;
    }

    /**
     * Forget the lease of a leased record that is being removed (taken, cancelled or expired); a lease already
     * forgotten is left alone.
     */
    void onRemoved(final int handle)
    {
        final long leaseId = stored.leaseId(handle);
        final long timerId = stored.leaseTimerId(handle);
        if (NO_LEASE_ID == leaseId && NO_TIMER == timerId)
        {
            return;
        }
        cancelTimer(handle);
        if (NO_LEASE_ID != leaseId)
        {
            handleByLeaseId.remove(leaseId);
        }
        stored.lease(handle, NO_LEASE_ID, NO_TIMER);
        count--;
    }

    /**
     * Collect the records whose leases have expired by {@code nowMs}; the caller removes them.
     *
     * @return the records, valid until the next call.
     */
    IntArrayList expire(final long nowMs)
    {
        expired.clear();
        TimerWheels.expireUntil(timers, nowMs, this);
        return expired;
    }

    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final int handle = handleByTimerId.get(timerId);
        if (TupleArena.NULL != handle)
        {
            onRemoved(handle);
            expired.addInt(handle);
        }
        return true;
    }

    long count()
    {
        return count;
    }

    private long schedule(final int handle, final long leaseMs, final long nowMs)
    {
        if (NEVER == leaseMs)
        {
            return NO_TIMER;
        }
        final long timerId = timers.scheduleTimer(TimerWheels.deadline(nowMs, leaseMs));
        handleByTimerId.put(timerId, handle);
        return timerId;
    }

    private void cancelTimer(final int handle)
    {
        final long timerId = stored.leaseTimerId(handle);
        if (NO_TIMER != timerId)
        {
            timers.cancelTimer(timerId);
            handleByTimerId.remove(timerId);
        }
    }
}
