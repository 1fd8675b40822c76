package io.tuplespace.javaspaces;

import io.tuplespace.client.Registration;
import io.tuplespace.client.TupleEvent;
import io.tuplespace.client.TupleListener;
import io.tuplespace.client.TupleSpaceClosedException;
import io.tuplespace.client.UnknownLeaseException;
import io.tuplespace.core.Template;
import net.jini.core.event.RemoteEvent;
import net.jini.core.event.RemoteEventListener;
import net.jini.core.event.UnknownEventException;

import java.rmi.MarshalledObject;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the client's events for one JavaSpaces registration into {@link RemoteEvent}s for its
 * {@link RemoteEventListener}. A registration with several templates is one client registration per template;
 * a tuple that matches several templates fires each of them, so an event of template {@code i} is dropped when the
 * tuple also matches a template before {@code i}, whose registration fires for the same transition: one event per
 * transition, as JavaSpace05 requires. Such a registration numbers its events itself, 1, 2, 3...; a notify
 * registration keeps the server's numbers, which are the same.
 * <p>
 * A listener that throws {@link UnknownEventException} (or {@link NoSuchObjectException}: it is gone) ends the
 * registration, as JavaSpaces allows. Events arrive one at a time on the client's event thread.
 */
final class EventBridge
{
    private final TupleSpaceJavaSpace source;
    private final RemoteEventListener listener;
    private final MarshalledObject<?> handback;
    private final List<Template> templates;
    private final Kind kind;
    private final ClassLoader loader;
    private final AtomicLong sequence = new AtomicLong();
    private volatile List<Registration> registrations;
    private volatile boolean isDropped;

    /**
     * Which JavaSpaces registration this is.
     */
    enum Kind
    {
        /** JavaSpace notify: plain {@link RemoteEvent}s, numbered by the server. */
        NOTIFY,
        /** registerForAvailabilityEvent: {@link net.jini.space.AvailabilityEvent}s, numbered here. */
        AVAILABILITY
    }

    EventBridge(
        final TupleSpaceJavaSpace source,
        final RemoteEventListener listener,
        final MarshalledObject<?> handback,
        final List<Template> templates,
        final Kind kind,
        final ClassLoader loader)
    {
        this.source = source;
        this.listener = listener;
        this.handback = handback;
        this.templates = templates;
        this.kind = kind;
        this.loader = loader;
    }

    /**
     * @param index of the template whose registration the listener serves.
     * @return the client listener for that registration.
     */
    TupleListener listenerFor(final int index)
    {
        return event -> onEvent(index, event);
    }

    /**
     * @param registrations one per template, in template order; cancelled now if the listener gave up already.
     */
    void attach(final List<Registration> registrations)
    {
        this.registrations = registrations;
        if (isDropped)
        {
            cancelQuietly();
        }
    }

    /**
     * @return the event id of the registration: its first client registration's id.
     */
    long eventId()
    {
        return registrations.get(0).id();
    }

    void renew(final java.time.Duration duration)
    {
        for (final Registration registration : registrations)
        {
            registration.renew(duration);
        }
    }

    void cancel()
    {
        isDropped = true;
        for (final Registration registration : registrations)
        {
            registration.cancel();
        }
    }

    private void onEvent(final int index, final TupleEvent event)
    {
        if (isDropped || matchesEarlier(index, event))
        {
            return;
        }
        final List<Registration> attached = registrations;
        final long eventId = null == attached ? event.registrationId() : attached.get(0).id();
        // The protocol does not say which transition fired an availability event; most are visibility transitions
        // (a write, a commit, an abort), the exception being a read lock's release, reported as one too.
        final RemoteEvent remoteEvent = Kind.NOTIFY == kind ?
            new RemoteEvent(source, eventId, event.sequenceNumber(), handback) :
            new SpaceAvailabilityEvent(source, eventId, sequence.incrementAndGet(), handback, true, event.tuple(),
                loader);
        try
        {
            listener.notify(remoteEvent);
        }
        catch (final UnknownEventException | NoSuchObjectException ex)
        {
            isDropped = true;
            if (null != registrations)
            {
                cancelQuietly();
            }
            // else attach() cancels them once they are known.
        }
        catch (final RemoteException | RuntimeException ex)
        {
            // JavaSpaces delivers events at most once: this one is lost for the listener, the next still comes.
            System.err.println("tuplespace-javaspaces: listener of event registration " + eventId + " threw " + ex);
        }
    }

    private boolean matchesEarlier(final int index, final TupleEvent event)
    {
        for (int i = 0; i < index; i++)
        {
            if (templates.get(i).matches(event.tuple()))
            {
                return true;
            }
        }
        return false;
    }

    void cancelQuietly()
    {
        isDropped = true;
        for (final Registration registration : registrations)
        {
            try
            {
                registration.cancel();
            }
            catch (final UnknownLeaseException | TupleSpaceClosedException ignore)
            {
                // Gone already: expired, cancelled, or the client closed.
            }
        }
    }
}
