package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.DeadlineTimerWheel;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The requests of a {@link TupleSpaceEngine} that wait for a match, with what keeps track of them beside the index
 * of {@link WaitingRequests}: their deadlines on a timer wheel and the IfExists ones in {@link IfExistsWaiters}.
 * Owns every way a waiting request leaves other than being handed a tuple (which {@link TupleDelivery} does through
 * {@link #remove}): timed out, cancelled, its session gone, the server stopping, its transaction ended, or as an
 * IfExists request left with no held match to wait for. Each is answered here, except a gone session's.
 */
final class WaitingRoom implements DeadlineTimerWheel.TimerHandler
{
    private static final int TIMER_TICKS_PER_WHEEL = 1024;

    private final ResponseListener listener;
    private final Transactions transactions;
    private final WaitingRequests waiting = new WaitingRequests();
    private final IfExistsWaiters ifExistsWaiters = new IfExistsWaiters();
    private final ArrayList<WaitingRequest> unblocked = new ArrayList<>();
    private final Long2ObjectHashMap<WaitingRequest> waitingByTimerId = new Long2ObjectHashMap<>();
    private final TimerWheel timers;

    WaitingRoom(final ResponseListener listener, final Transactions transactions, final long nowMs)
    {
        this.listener = listener;
        this.transactions = transactions;
        this.timers = new TimerWheel(nowMs, TIMER_TICKS_PER_WHEEL);
    }

    /**
     * @return the index of the waiting requests, to find the ones a tuple matches.
     */
    WaitingRequests requests()
    {
        return waiting;
    }

    /**
     * @return must an IfExists request with this template wait, as a transaction holds a match against it?
     */
    boolean isIfExistsBlocked(final FieldsView template, final long transactionId, final MatchOperation operation)
    {
        return ifExistsWaiters.isBlocked(transactions, template, transactionId, operation);
    }

    /**
     * Something a transaction held may have gone: check the IfExists requests at the next
     * {@link #answerUnblockedIfExists()}.
     */
    void markIfExistsStale()
    {
        ifExistsWaiters.markStale();
    }

    /**
     * Let a request wait, until {@code nowMs + timeoutMs} unless that is {@link TupleSpaceEngine#WAIT_FOREVER}.
     *
     * @param buffer holding the encoded Template message; copied.
     */
    void park(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final int maxTuples,
        final long transactionId,
        final boolean isIfExists,
        final FieldsView template,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long timeoutMs,
        final long nowMs)
    {
        final WaitingRequest request = waiting.add(
            sessionId, correlationId, operation, maxTuples, transactionId, template, buffer, offset, length);
        request.isIfExists = isIfExists;
        if (isIfExists)
        {
            ifExistsWaiters.add(request);
        }
        if (TupleSpaceEngine.WAIT_FOREVER != timeoutMs)
        {
            request.timerId = timers.scheduleTimer(TimerWheels.deadline(nowMs, timeoutMs));
            waitingByTimerId.put(request.timerId, request);
        }
    }

    /**
     * Stop a request waiting, without answering it.
     */
    void remove(final WaitingRequest request)
    {
        if (request.isIfExists)
        {
            request.isIfExists = false;
            ifExistsWaiters.remove(request);
        }
        if (WaitingRequest.NO_TIMER != request.timerId)
        {
            timers.cancelTimer(request.timerId);
            waitingByTimerId.remove(request.timerId);
            request.timerId = WaitingRequest.NO_TIMER;
        }
        waiting.remove(request);
    }

    /**
     * Withdraw a waiting request, answering it {@link NoMatchReason#CANCELLED}; nothing if it is not waiting.
     */
    void cancel(final long sessionId, final long correlationId)
    {
        for (WaitingRequest.SessionLink link = waiting.firstOfSession(sessionId); null != link; link = link.next)
        {
            if (link.request.correlationId == correlationId)
            {
                remove(link.request);
                listener.onNoMatch(sessionId, correlationId, NoMatchReason.CANCELLED);
                return;
            }
        }
    }

    /**
     * Drop every waiting request of a session, without answering them.
     *
     * @return the number of requests dropped.
     */
    int removeSession(final long sessionId)
    {
        int removed = 0;
        for (WaitingRequest.SessionLink link = waiting.firstOfSession(sessionId); null != link;
            link = waiting.firstOfSession(sessionId))
        {
            remove(link.request);
            removed++;
        }
        return removed;
    }

    /**
     * Answer every waiting request with {@link ErrorCode#SHUTTING_DOWN}.
     *
     * @return the number of requests answered.
     */
    int shutdown()
    {
        int answered = 0;
        for (WaitingRequest request = waiting.any(); null != request; request = waiting.any())
        {
            final long sessionId = request.sessionId;
            final long correlationId = request.correlationId;
            remove(request);
            listener.onError(sessionId, correlationId, ErrorCode.SHUTTING_DOWN, "the tuple space server is stopping");
            answered++;
        }
        return answered;
    }

    /**
     * A transaction has ended: answer its waiting requests with {@link ErrorCode#UNKNOWN_TRANSACTION}.
     */
    void dropWaitersOf(final Transactions.Transaction transaction)
    {
        for (WaitingRequest.SessionLink link = waiting.firstOfSession(transaction.sessionId); null != link; )
        {
            final WaitingRequest request = link.request;
            link = link.next;
            if (request.transactionId == transaction.id)
            {
                final long correlationId = request.correlationId;
                remove(request);
                listener.onError(transaction.sessionId, correlationId, ErrorCode.UNKNOWN_TRANSACTION,
                    "transaction " + transaction.id + " ended while the request waited");
            }
        }
    }

    /**
     * Answer "no match" to the IfExists requests left with no held match to wait for.
     */
    void answerUnblockedIfExists()
    {
        ifExistsWaiters.collectUnblocked(transactions, unblocked);
        for (int i = 0, size = unblocked.size(); i < size; i++)
        {
            final WaitingRequest request = unblocked.get(i);
            final long sessionId = request.sessionId;
            final long correlationId = request.correlationId;
            remove(request);
            listener.onNoMatch(sessionId, correlationId, NoMatchReason.EMPTY);
        }
        unblocked.clear();
    }

    /**
     * Expire the requests whose deadline has passed, answering each {@link NoMatchReason#TIMED_OUT}.
     *
     * @return the number expired.
     */
    int expireUntil(final long nowMs)
    {
        return TimerWheels.expireUntil(timers, nowMs, this);
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
            final long sessionId = request.sessionId;
            final long correlationId = request.correlationId;
            remove(request);
            listener.onNoMatch(sessionId, correlationId, NoMatchReason.TIMED_OUT);
        }
        return true;
    }
}
