package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.DeadlineTimerWheel;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.concurrent.TimeUnit;

/**
 * The tuple space as a deterministic state machine: requests in, results out through a {@link ResponseListener},
 * time passed in by the caller. No threads, no clocks, no transport, so the same engine can run inside the server's
 * agent, inside a replicated service, or inside a unit test driven by a fake clock.
 * <p>
 * Ordering rules:
 * <ul>
 *   <li>Among stored matches, in and rd return the oldest.</li>
 *   <li>An arriving tuple is first seen by every waiting rd whose template matches, then goes to the oldest
 *       waiting in whose template matches; a tuple taken that way is never stored.</li>
 *   <li>A tuple whose delivery fails ({@link ResponseListener#onTuple} returns false) stays in the space.</li>
 * </ul>
 * Not thread-safe: one thread drives an engine.
 */
public final class TupleSpaceEngine implements DeadlineTimerWheel.TimerHandler
{
    /** A timeout that waits forever. */
    public static final long WAIT_FOREVER = -1;
    /** A timeout that returns at once: inp and rdp. */
    public static final long NO_WAIT = 0;

    private static final int TIMER_TICKS_PER_WHEEL = 1024;

    private final ResponseListener listener;
    @SuppressWarnings("unchecked")
    private final FifoList<StoredTuple>[] storedByArity = new FifoList[Fields.MAX_FIELDS + 1];
    @SuppressWarnings("unchecked")
    private final FifoList<WaitingRequest>[] waitingByArity = new FifoList[Fields.MAX_FIELDS + 1];
    private final Long2ObjectHashMap<WaitingRequest> waitingByTimerId = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel timers;
    private final FieldsView requestView = new FieldsView();
    private final FieldsView candidateView = new FieldsView();
    private long storedCount;
    private long storedBytes;
    private long waitingCount;

    /**
     * @param listener receives every result.
     * @param nowMs    the current time in milliseconds, in the same clock later calls use.
     */
    public TupleSpaceEngine(final ResponseListener listener, final long nowMs)
    {
        this.listener = listener;
        this.timers = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, nowMs, 1, TIMER_TICKS_PER_WHEEL);
        for (int arity = 1; arity <= Fields.MAX_FIELDS; arity++)
        {
            storedByArity[arity] = new FifoList<>();
            waitingByArity[arity] = new FifoList<>();
        }
    }

    /**
     * Linda out: hand the tuple to waiting requests or store it. Answers with
     * {@link ResponseListener#onOutAccepted} or, for an invalid encoding, {@link ResponseListener#onError}.
     *
     * @param buffer holding an encoded Tuple message; copied if stored.
     */
    public void out(
        final long sessionId,
        final long correlationId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final String invalid = requestView.wrapTuple(buffer, offset, length);
        if (null != invalid)
        {
            listener.onError(sessionId, correlationId, ErrorCode.INVALID_TUPLE, "invalid tuple: " + invalid);
            return;
        }

        if (!handToWaiters(requestView, buffer, offset, length))
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            storedByArity[requestView.count()].append(new StoredTuple(copy));
            storedCount++;
            storedBytes += length;
        }
        listener.onOutAccepted(sessionId, correlationId);
    }

    /**
     * Linda in / rd, blocking, timed or not ({@code inp} / {@code rdp}). Answers at once with the oldest stored
     * match, or {@link NoMatchReason#EMPTY} when {@code timeoutMs} is {@link #NO_WAIT}; otherwise the request waits
     * for a matching out, until {@code nowMs + timeoutMs} unless it is {@link #WAIT_FOREVER}.
     *
     * @param buffer holding an encoded Template message; copied if the request waits.
     */
    public void match(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final long timeoutMs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowMs)
    {
        final String invalid = requestView.wrapTemplate(buffer, offset, length);
        if (null != invalid)
        {
            listener.onError(sessionId, correlationId, ErrorCode.INVALID_TEMPLATE, "invalid template: " + invalid);
            return;
        }
        if (timeoutMs < WAIT_FOREVER)
        {
            listener.onError(sessionId, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "timeout must be -1 (forever), 0 (no wait) or positive, got " + timeoutMs);
            return;
        }

        final int arity = requestView.count();
        final StoredTuple match = oldestStoredMatch(requestView);
        if (null != match)
        {
            final boolean delivered = listener.onTuple(
                sessionId, correlationId, match.encoded, 0, match.encoded.capacity());
            if (delivered && MatchOperation.TAKE == operation)
            {
                removeStored(arity, match);
            }
            return;
        }

        if (NO_WAIT == timeoutMs)
        {
            listener.onNoMatch(sessionId, correlationId, NoMatchReason.EMPTY);
            return;
        }

        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final WaitingRequest request = new WaitingRequest(sessionId, correlationId, operation, copy, arity);
        if (WAIT_FOREVER != timeoutMs)
        {
            request.timerId = timers.scheduleTimer(saturatedAdd(nowMs, timeoutMs));
            waitingByTimerId.put(request.timerId, request);
        }
        waitingByArity[arity].append(request);
        waitingCount++;
    }

    /**
     * Withdraw a waiting request, answering it with {@link NoMatchReason#CANCELLED}. Does nothing if the request
     * is no longer waiting (it has been answered already).
     */
    public void cancel(final long sessionId, final long correlationId)
    {
        for (int arity = 1; arity <= Fields.MAX_FIELDS; arity++)
        {
            for (WaitingRequest request = waitingByArity[arity].head(); null != request; request = request.next)
            {
                if (request.sessionId == sessionId && request.correlationId == correlationId)
                {
                    removeWaiting(request);
                    listener.onNoMatch(sessionId, correlationId, NoMatchReason.CANCELLED);
                    return;
                }
            }
        }
    }

    /**
     * Drop every waiting request of a session that has gone away, without answering them.
     *
     * @return the number of requests dropped.
     */
    public int removeSession(final long sessionId)
    {
        int removed = 0;
        for (int arity = 1; arity <= Fields.MAX_FIELDS; arity++)
        {
            WaitingRequest request = waitingByArity[arity].head();
            while (null != request)
            {
                final WaitingRequest next = request.next;
                if (request.sessionId == sessionId)
                {
                    removeWaiting(request);
                    removed++;
                }
                request = next;
            }
        }
        return removed;
    }

    /**
     * Expire timed requests whose deadline has passed, answering each with {@link NoMatchReason#TIMED_OUT}.
     *
     * @param nowMs the current time.
     * @return the number of requests expired.
     */
    public int expireTimeouts(final long nowMs)
    {
        if (0 == timers.timerCount())
        {
            timers.resetStartTime(nowMs);
            return 0;
        }
        int expired = 0;
        // A poll expires the current tick, then advances at most one tick: catch up tick by tick to the one that
        // holds nowMs, then poll that one too.
        do
        {
            expired += timers.poll(nowMs, this, Integer.MAX_VALUE);
        }
        while (timers.currentTickTime() <= nowMs && timers.timerCount() > 0);
        if (timers.timerCount() > 0)
        {
            expired += timers.poll(nowMs, this, Integer.MAX_VALUE);
        }
        return expired;
    }

    /**
     * {@inheritDoc}
     */
    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final WaitingRequest request = waitingByTimerId.remove(timerId);
        if (null != request)
        {
            request.timerId = WaitingRequest.NO_TIMER;
            removeWaiting(request);
            listener.onNoMatch(request.sessionId, request.correlationId, NoMatchReason.TIMED_OUT);
        }
        return true;
    }

    /**
     * @return the number of tuples stored.
     */
    public long storedCount()
    {
        return storedCount;
    }

    /**
     * @return the encoded bytes of all stored tuples.
     */
    public long storedBytes()
    {
        return storedBytes;
    }

    /**
     * @return the number of requests waiting for a match.
     */
    public long waitingCount()
    {
        return waitingCount;
    }

    private boolean handToWaiters(
        final FieldsView tuple, final DirectBuffer buffer, final int offset, final int length)
    {
        final FifoList<WaitingRequest> waiting = waitingByArity[tuple.count()];
        WaitingRequest firstTaker = null;
        WaitingRequest request = waiting.head();
        while (null != request)
        {
            final WaitingRequest next = request.next;
            if (templateMatches(request, tuple))
            {
                if (MatchOperation.READ == request.operation)
                {
                    removeWaiting(request);
                    listener.onTuple(request.sessionId, request.correlationId, buffer, offset, length);
                }
                else if (null == firstTaker)
                {
                    firstTaker = request;
                }
            }
            request = next;
        }

        for (WaitingRequest taker = firstTaker; null != taker; )
        {
            final WaitingRequest next = nextMatchingTaker(taker.next, tuple);
            removeWaiting(taker);
            if (listener.onTuple(taker.sessionId, taker.correlationId, buffer, offset, length))
            {
                return true;
            }
            taker = next;
        }
        return false;
    }

    private WaitingRequest nextMatchingTaker(final WaitingRequest from, final FieldsView tuple)
    {
        for (WaitingRequest request = from; null != request; request = request.next)
        {
            if (MatchOperation.TAKE == request.operation && templateMatches(request, tuple))
            {
                return request;
            }
        }
        return null;
    }

    private boolean templateMatches(final WaitingRequest request, final FieldsView tuple)
    {
        candidateView.wrapTemplate(request.template, 0, request.template.capacity());
        return Matcher.matches(candidateView, tuple);
    }

    private StoredTuple oldestStoredMatch(final FieldsView template)
    {
        for (StoredTuple stored = storedByArity[template.count()].head(); null != stored; stored = stored.next)
        {
            candidateView.wrapTuple(stored.encoded, 0, stored.encoded.capacity());
            if (Matcher.matches(template, candidateView))
            {
                return stored;
            }
        }
        return null;
    }

    private void removeStored(final int arity, final StoredTuple stored)
    {
        storedByArity[arity].remove(stored);
        storedCount--;
        storedBytes -= stored.encoded.capacity();
    }

    private void removeWaiting(final WaitingRequest request)
    {
        waitingByArity[request.arity].remove(request);
        waitingCount--;
        if (WaitingRequest.NO_TIMER != request.timerId)
        {
            timers.cancelTimer(request.timerId);
            waitingByTimerId.remove(request.timerId);
            request.timerId = WaitingRequest.NO_TIMER;
        }
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
