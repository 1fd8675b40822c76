package io.tuplespace.core;

import io.tuplespace.codecs.EventKind;
import org.agrona.DeadlineTimerWheel;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Registrations for events, JavaSpaces style: {@link EventKind#WRITE} (notify) fires for every matching tuple
 * written, once it is visible; {@link EventKind#AVAILABILITY} fires whenever a matching tuple becomes visible
 * (written, committed, restored by an abort) or, unless visibility-only, becomes takeable (a read lock released).
 * Each registration numbers its events 1, 2, 3... and lives under a lease. Every visible change is checked
 * against every registration: registrations are expected to be few.
 * <p>
 * A registration made under a transaction (JavaSpaces notify or registerForAvailabilityEvent with a transaction)
 * also sees the tuples written under that transaction, as they are written: they are visible, and available, to
 * it. It ends when the transaction commits or aborts, as the JavaSpaces specification says, so it never sees the
 * same write twice (once under the transaction, once at its commit).
 */
final class EventRegistrations implements DeadlineTimerWheel.TimerHandler
{
    static final long NEVER = -1;

    /**
     * One registration.
     */
    static final class Registration
    {
        final long id;
        final long sessionId;
        final EventKind kind;
        final boolean isVisibilityOnly;
        final long transactionId;
        final ExpandableArrayBuffer template = new ExpandableArrayBuffer(64);
        long sequence;
        long timerId = DeadlineTimerWheel.NULL_DEADLINE;

        Registration(
            final long id,
            final long sessionId,
            final EventKind kind,
            final boolean isVisibilityOnly,
            final long transactionId,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            this.id = id;
            this.sessionId = sessionId;
            this.kind = kind;
            this.isVisibilityOnly = isVisibilityOnly;
            this.transactionId = transactionId;
            this.template.putBytes(0, buffer, offset, length);
        }
    }

    /**
     * How a tuple changed, as far as events care.
     */
    enum Change
    {
        /** Written and visible (an out, or a committed out under a transaction). */
        WRITTEN,
        /** Visible again: a take under a transaction was aborted. */
        RESTORED,
        /** Takeable again: the last read lock on it was released. */
        RELEASED
    }

    private final TimerWheel timers;
    private final Long2ObjectHashMap<Registration> byId = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Registration> byTimerId = new Long2ObjectHashMap<>();
    private final ArrayList<Registration> all = new ArrayList<>();
    private final FieldsView templateView = new FieldsView();
    private long nextId = 1;

    EventRegistrations(final long nowMs)
    {
        this.timers = new TimerWheel(nowMs, 1024);
    }

    Registration register(
        final long sessionId,
        final EventKind kind,
        final boolean isVisibilityOnly,
        final long transactionId,
        final DirectBuffer template,
        final int offset,
        final int length,
        final long leaseMs,
        final long nowMs)
    {
        final Registration registration =
            new Registration(nextId++, sessionId, kind, isVisibilityOnly, transactionId, template, offset, length);
        byId.put(registration.id, registration);
        all.add(registration);
        schedule(registration, leaseMs, nowMs);
        return registration;
    }

    boolean renew(final long registrationId, final long leaseMs, final long nowMs)
    {
        final Registration registration = byId.get(registrationId);
        if (null == registration)
        {
            return false;
        }
        cancelTimer(registration);
        schedule(registration, leaseMs, nowMs);
        return true;
    }

    boolean cancel(final long registrationId)
    {
        final Registration registration = byId.get(registrationId);
        if (null == registration)
        {
            return false;
        }
        remove(registration);
        return true;
    }

    /**
     * Drop the registrations made under a transaction that is ending.
     */
    void endTransaction(final long transactionId)
    {
        for (int i = all.size() - 1; i >= 0; i--)
        {
            if (all.get(i).transactionId == transactionId)
            {
                remove(all.get(i));
            }
        }
    }

    /**
     * @return the registrations a session holds. A scan, as each tuple written already walks every registration.
     */
    int countOfSession(final long sessionId)
    {
        int count = 0;
        for (int i = 0, size = all.size(); i < size; i++)
        {
            if (all.get(i).sessionId == sessionId)
            {
                count++;
            }
        }
        return count;
    }

    void removeSession(final long sessionId)
    {
        for (int i = all.size() - 1; i >= 0; i--)
        {
            if (all.get(i).sessionId == sessionId)
            {
                remove(all.get(i));
            }
        }
    }

    int expire(final long nowMs)
    {
        return TimerWheels.expireUntil(timers, nowMs, this);
    }

    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final Registration registration = byTimerId.remove(timerId);
        if (null != registration)
        {
            registration.timerId = DeadlineTimerWheel.NULL_DEADLINE;
            remove(registration);
        }
        return true;
    }

    /**
     * Send an event to every registration the change and the tuple match.
     */
    void onChange(
        final Change change,
        final FieldsView tuple,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final ResponseListener listener)
    {
        for (int i = 0, size = all.size(); i < size; i++)
        {
            final Registration registration = all.get(i);
            if (isInterested(registration, change))
            {
                sendIfMatches(registration, tuple, buffer, offset, length, listener);
            }
        }
    }

    private void sendIfMatches(
        final Registration registration,
        final FieldsView tuple,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final ResponseListener listener)
    {
        templateView.wrapValidTemplate(registration.template, 0);
        if (Matcher.matches(templateView, tuple))
        {
            listener.onEvent(registration.sessionId, registration.id, ++registration.sequence, buffer, offset, length);
        }
    }

    /**
     * A tuple was written under a transaction: visible, and available, to that transaction's registrations only.
     */
    void onWriteUnder(
        final long transactionId,
        final FieldsView tuple,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final ResponseListener listener)
    {
        for (int i = 0, size = all.size(); i < size; i++)
        {
            final Registration registration = all.get(i);
            if (registration.transactionId == transactionId)
            {
                sendIfMatches(registration, tuple, buffer, offset, length, listener);
            }
        }
    }

    boolean isEmpty()
    {
        return all.isEmpty();
    }

    private static boolean isInterested(final Registration registration, final Change change)
    {
        if (EventKind.WRITE == registration.kind)
        {
            return Change.WRITTEN == change;
        }
        return Change.RELEASED != change || !registration.isVisibilityOnly;
    }

    private void remove(final Registration registration)
    {
        cancelTimer(registration);
        byId.remove(registration.id);
        all.remove(registration);
    }

    private void schedule(final Registration registration, final long leaseMs, final long nowMs)
    {
        if (NEVER != leaseMs)
        {
            registration.timerId = timers.scheduleTimer(TimerWheels.deadline(nowMs, leaseMs));
            byTimerId.put(registration.timerId, registration);
        }
    }

    private void cancelTimer(final Registration registration)
    {
        if (DeadlineTimerWheel.NULL_DEADLINE != registration.timerId)
        {
            timers.cancelTimer(registration.timerId);
            byTimerId.remove(registration.timerId);
            registration.timerId = DeadlineTimerWheel.NULL_DEADLINE;
        }
    }
}
