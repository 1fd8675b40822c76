package io.tuplespace.core;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;

import java.util.concurrent.TimeUnit;

/**
 * Leases of stored tuples, JavaSpaces style: a leased tuple is removed when its lease expires or is cancelled,
 * and a lease can be renewed. Only tuples written with a lease are tracked; a plain out stays until taken.
 * Expiry runs on a {@link DeadlineTimerWheel}, never a scan. Lease ids are never reused.
 */
final class TupleLeases implements DeadlineTimerWheel.TimerHandler
{
    static final long NEVER = -1;
    private static final long MISSING = Long.MIN_VALUE;

    private final StoredTuples stored;
    private final DeadlineTimerWheel timers;
    private final Long2LongHashMap handleByLeaseId = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap leaseIdByHandle = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap timerIdByLeaseId = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap leaseIdByTimerId = new Long2LongHashMap(MISSING);
    private long nextLeaseId = 1;
    private final IntArrayList expired = new IntArrayList();

    TupleLeases(final StoredTuples stored, final long nowMs)
    {
        this.stored = stored;
        this.timers = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, nowMs, 1, 1024);
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
     */
    void track(final long leaseId, final int handle, final long leaseMs, final long nowMs)
    {
        stored.markLeased(handle);
        handleByLeaseId.put(leaseId, handle);
        leaseIdByHandle.put(handle, leaseId);
        schedule(leaseId, leaseMs, nowMs);
    }

    /**
     * @return true if the lease names a stored tuple, whose lease now lasts {@code leaseMs} from now.
     */
    boolean renew(final long leaseId, final long leaseMs, final long nowMs)
    {
        if (MISSING == handleByLeaseId.get(leaseId))
        {
            return false;
        }
        cancelTimer(leaseId);
        schedule(leaseId, leaseMs, nowMs);
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
        forget(leaseId, (int)handle);
        return (int)handle;
    }

    /**
     * Forget the lease of a stored tuple that is being removed for another reason (taken).
     */
    void onRemoved(final int handle)
    {
        final long leaseId = leaseIdByHandle.get(handle);
        if (MISSING != leaseId)
        {
            forget(leaseId, handle);
        }
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
        final long leaseId = leaseIdByTimerId.remove(timerId);
        if (MISSING != leaseId)
        {
            timerIdByLeaseId.remove(leaseId);
            final long handle = handleByLeaseId.get(leaseId);
            forget(leaseId, (int)handle);
            expired.addInt((int)handle);
        }
        return true;
    }

    long count()
    {
        return handleByLeaseId.size();
    }

    private void schedule(final long leaseId, final long leaseMs, final long nowMs)
    {
        if (NEVER != leaseMs)
        {
            final long timerId = timers.scheduleTimer(TimerWheels.deadline(nowMs, leaseMs));
            timerIdByLeaseId.put(leaseId, timerId);
            leaseIdByTimerId.put(timerId, leaseId);
        }
    }

    private void cancelTimer(final long leaseId)
    {
        final long timerId = timerIdByLeaseId.remove(leaseId);
        if (MISSING != timerId)
        {
            timers.cancelTimer(timerId);
            leaseIdByTimerId.remove(timerId);
        }
    }

    private void forget(final long leaseId, final int handle)
    {
        cancelTimer(leaseId);
        handleByLeaseId.remove(leaseId);
        leaseIdByHandle.remove(handle);
    }
}
