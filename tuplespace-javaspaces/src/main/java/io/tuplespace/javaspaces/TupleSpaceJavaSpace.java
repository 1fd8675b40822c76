package io.tuplespace.javaspaces;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.Registration;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import net.jini.core.entry.Entry;
import net.jini.core.entry.UnusableEntryException;
import net.jini.core.event.EventRegistration;
import net.jini.core.event.RemoteEventListener;
import net.jini.core.lease.Lease;
import net.jini.core.transaction.Transaction;
import net.jini.core.transaction.TransactionException;
import net.jini.core.transaction.server.TransactionManager;
import net.jini.entry.UnusableEntriesException;
import net.jini.space.JavaSpace05;
import net.jini.space.MatchSet;

import java.rmi.MarshalledObject;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A drop-in {@link JavaSpace05} over a tuple space server, so a program written against the JavaSpaces API runs
 * unchanged. Get one with a single call against a running server, and transactions from its manager:
 * <pre>{@code
 * try (TupleSpaceJavaSpace space = TupleSpaceJavaSpace.connect())       // the default server, this machine
 * {
 *     JavaSpace05 js = space;
 *     Transaction.Created created = TransactionFactory.create(space.transactionManager(), 30_000);
 *     js.write(new Task(42L, "render"), null, Lease.FOREVER);
 *     Task task = (Task)js.take(new Task(), created.transaction, JavaSpace.NO_WAIT);
 *     created.transaction.commit();
 * }
 * }</pre>
 * Entries map to tuples as {@link EntryCodec} describes (null template fields are wildcards, a template also
 * matches entries of its subclasses). Semantics, and every difference from JavaSpaces, are listed in
 * {@code docs/javaspaces-drop-in.md}; in short:
 * <ul>
 * <li>A bulk take over several templates that has to wait sweeps them again each time an availability event
 * for one of them arrives: the server waits on one template per request (see {@link MultiTemplateTake}).</li>
 * <li>{@link Lease#ANY} grants one day.</li>
 * <li>Transactions must come from {@link #transactionManager()}: the space takes part in no other.</li>
 * </ul>
 * Failures: a server that has gone is a {@link RemoteException}; a transaction that has ended (its lease ran out)
 * is a {@link net.jini.core.transaction.UnknownTransactionException}. Thread-safe, like the client it wraps.
 */
public final class TupleSpaceJavaSpace implements JavaSpace05, AutoCloseable
{
    private final TupleSpace space;
    private final SpaceTransactionManager manager;

    private TupleSpaceJavaSpace(final TupleSpace space)
    {
        this.space = space;
        this.manager = new SpaceTransactionManager(space);
    }

    /**
     * Connect to the server with the default settings (system properties, see {@link ClientContext}).
     *
     * @return the space; close it when done.
     * @throws io.tuplespace.client.ServerNotRunningException naming the directory it looked in, if no server answers.
     */
    public static TupleSpaceJavaSpace connect()
    {
        return connect(new ClientContext());
    }

    /**
     * Connect to the server.
     *
     * @param ctx where the server is and how to talk to it.
     * @return the space; close it when done.
     * @throws io.tuplespace.client.ServerNotRunningException naming the directory it looked in, if no server answers.
     */
    public static TupleSpaceJavaSpace connect(final ClientContext ctx)
    {
        return new TupleSpaceJavaSpace(TupleSpace.connect(ctx));
    }

    /**
     * @return the transaction manager to pass to {@code TransactionFactory.create}; the space takes part only in
     * its transactions.
     */
    public TransactionManager transactionManager()
    {
        return manager;
    }

    /**
     * Disconnect. The server aborts this space's open transactions and drops its event registrations.
     */
    public void close()
    {
        space.close();
    }

    public Lease write(final Entry entry, final Transaction txn, final long lease)
        throws TransactionException, RemoteException
    {
        final Tuple tuple = EntryCodec.toTuple(entry);
        final Duration duration = Durations.lease(lease);
        final io.tuplespace.client.Transaction transaction = manager.resolve(txn);
        try
        {
            return entryLease(space.out(tuple, duration, transaction));
        }
        catch (final RuntimeException ex)
        {
            throw Failures.operation(ex, manager, transaction);
        }
    }

    public Entry read(final Entry tmpl, final Transaction txn, final long timeout)
        throws UnusableEntryException, TransactionException, InterruptedException, RemoteException
    {
        return match(false, tmpl, txn, Durations.timeout(timeout));
    }

    /**
     * As {@link #read}, but returns null at once when no matching entry exists; when the only matches are held by
     * other transactions (written and not committed, or taken), waits up to {@code timeout} for one of them to be
     * let go, returning null as soon as none is left.
     */
    public Entry readIfExists(final Entry tmpl, final Transaction txn, final long timeout)
        throws UnusableEntryException, TransactionException, InterruptedException, RemoteException
    {
        return matchIfExists(false, tmpl, txn, Durations.timeout(timeout));
    }

    public Entry take(final Entry tmpl, final Transaction txn, final long timeout)
        throws UnusableEntryException, TransactionException, InterruptedException, RemoteException
    {
        return match(true, tmpl, txn, Durations.timeout(timeout));
    }

    /**
     * As {@link #take}, but returns null at once when no matching entry exists; when the only matches are held by
     * other transactions (written and not committed, taken, or read), waits up to {@code timeout} for one of them to
     * be let go, returning null as soon as none is left.
     */
    public Entry takeIfExists(final Entry tmpl, final Transaction txn, final long timeout)
        throws UnusableEntryException, TransactionException, InterruptedException, RemoteException
    {
        return matchIfExists(true, tmpl, txn, Durations.timeout(timeout));
    }

    /**
     * An event for every matching entry written from now on and visible to all (under a transaction: at its
     * commit), numbered 1, 2, 3..., delivered on the client's event thread. Under {@code txn}, also an event for
     * every matching entry written under {@code txn}, as it is written; the registration then ends when
     * {@code txn} commits or aborts (its lease becomes unknown).
     */
    public EventRegistration notify(
        final Entry tmpl,
        final Transaction txn,
        final RemoteEventListener listener,
        final long lease,
        final MarshalledObject handback) throws TransactionException, RemoteException
    {
        return register(Collections.singletonList(tmpl), txn, listener, Durations.lease(lease), handback,
            EventBridge.Kind.NOTIFY, false);
    }

    /**
     * The entry marshalled once, as a tuple and as a template, so passing it again and again to this space's
     * methods skips marshalling it each time. It holds the entry's values as they are now, and may only be passed
     * back to this space's methods (see {@link EntrySnapshot}); null stays null.
     *
     * @throws java.rmi.MarshalException if a field cannot be serialized.
     * @throws IllegalArgumentException  if the entry's class is not a valid entry class.
     */
    public Entry snapshot(final Entry entry) throws RemoteException
    {
        return EntryCodec.snapshot(entry);
    }

    /**
     * Write several entries, in order, each with its own lease. Without a transaction they are written under one
     * of the space's own, so that either all are written or none is.
     */
    public List write(final List entries, final Transaction txn, final List leaseDurations)
        throws TransactionException, RemoteException
    {
        final List<Tuple> tuples = new ArrayList<>();
        final List<Duration> leases = new ArrayList<>();
        Arguments.entriesAndLeases(entries, leaseDurations, tuples, leases);
        final io.tuplespace.client.Transaction transaction = manager.resolve(txn);
        try
        {
            return BatchWrite.write(space, tuples, leases, transaction).stream().map(this::entryLease).toList();
        }
        catch (final RuntimeException ex)
        {
            throw Failures.operation(ex, manager, transaction);
        }
    }

    /**
     * Take up to {@code maxEntries} matches of any of the templates (a null template matches every entry), waiting
     * up to {@code timeout} for the first. With one template this is one bulk take on the server (as many as fit one
     * message); with several, see {@link MultiTemplateTake}.
     */
    public Collection take(final Collection tmpls, final Transaction txn, final long timeout, final long maxEntries)
        throws UnusableEntriesException, TransactionException, RemoteException
    {
        final List<Template> templates = Arguments.templates(tmpls);
        final Duration wait = Durations.timeout(timeout);
        final int maxTuples = Arguments.maxEntries(maxEntries);
        final io.tuplespace.client.Transaction transaction = manager.resolve(txn);
        final List<Tuple> tuples;
        try
        {
            tuples = 1 == templates.size() ?
                space.inAll(templates.get(0), maxTuples, null == wait ? Duration.ofMillis(Long.MAX_VALUE) : wait,
                    transaction) :
                new MultiTemplateTake(space, templates, transaction, maxTuples).take(wait);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted while waiting to take", ex);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.operation(ex, manager, transaction);
        }
        return Arguments.decodeAll(tuples, EntryCodec.loaderOf(Arguments.firstNonNull(tmpls)));
    }

    /**
     * A match set over every visible entry matching any of the templates, at most {@code maxEntries} of them. It is
     * not leased ({@link MatchSet#getLease()} is null): it holds nothing on the server. See {@link SpaceMatchSet}.
     */
    public MatchSet contents(final Collection tmpls, final Transaction txn, final long leaseDuration,
        final long maxEntries) throws TransactionException, RemoteException
    {
        final List<Template> templates = Arguments.templates(tmpls);
        Durations.positiveLease(leaseDuration);
        if (maxEntries <= 0)
        {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        return new SpaceMatchSet(space, manager, templates, manager.resolve(txn), maxEntries,
            EntryCodec.loaderOf(Arguments.firstNonNull(tmpls)));
    }

    /**
     * Events when a matching entry becomes visible (written, committed, restored by an abort) or, unless
     * {@code visibilityOnly}, takeable again (a read lock released); one event per transition however many templates
     * the entry matches. Every event reports {@code isVisibilityTransition()} true: the protocol does not say yet
     * which transition it was. Under {@code txn}, entries written under {@code txn} are available to it as they are
     * written, and the registration ends when {@code txn} commits or aborts.
     */
    public EventRegistration registerForAvailabilityEvent(
        final Collection tmpls,
        final Transaction txn,
        final boolean visibilityOnly,
        final RemoteEventListener listener,
        final long leaseDuration,
        final MarshalledObject handback) throws TransactionException, RemoteException
    {
        final List<Entry> entries = Arguments.entryList(tmpls);
        return register(entries, txn, listener, Durations.positiveLease(leaseDuration), handback,
            EventBridge.Kind.AVAILABILITY, visibilityOnly);
    }

    public String toString()
    {
        return "TupleSpaceJavaSpace{" + space + "}";
    }

    private Entry match(final boolean isTake, final Entry tmpl, final Transaction txn, final Duration timeout)
        throws UnusableEntryException, TransactionException, InterruptedException, RemoteException
    {
        final Template template = EntryCodec.toTemplate(tmpl);
        final io.tuplespace.client.Transaction transaction = manager.resolve(txn);
        final Optional<Tuple> tuple;
        try
        {
            tuple = isTake ? space.in(template, timeout, transaction) : space.rd(template, timeout, transaction);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.blocking(ex, manager, transaction);
        }
        return tuple.isPresent() ? EntryCodec.toEntry(tuple.get(), EntryCodec.loaderOf(tmpl)) : null;
    }

    private Entry matchIfExists(final boolean isTake, final Entry tmpl, final Transaction txn, final Duration timeout)
        throws UnusableEntryException, TransactionException, InterruptedException, RemoteException
    {
        final Template template = EntryCodec.toTemplate(tmpl);
        final io.tuplespace.client.Transaction transaction = manager.resolve(txn);
        final Optional<Tuple> tuple;
        try
        {
            tuple = isTake ? space.inIfExists(template, timeout, transaction) :
                space.rdIfExists(template, timeout, transaction);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.blocking(ex, manager, transaction);
        }
        return tuple.isPresent() ? EntryCodec.toEntry(tuple.get(), EntryCodec.loaderOf(tmpl)) : null;
    }

    private EventRegistration register(
        final List<Entry> tmpls,
        final Transaction txn,
        final RemoteEventListener listener,
        final Duration lease,
        final MarshalledObject<?> handback,
        final EventBridge.Kind kind,
        final boolean visibilityOnly) throws TransactionException, RemoteException
    {
        if (null == listener)
        {
            throw new NullPointerException("listener is null");
        }
        final io.tuplespace.client.Transaction transaction = manager.resolve(txn);
        final List<Template> templates = new ArrayList<>(tmpls.size());
        for (final Entry tmpl : tmpls)
        {
            templates.add(EntryCodec.toTemplate(tmpl));
        }
        final EventBridge bridge = new EventBridge(this, listener, handback, templates, kind,
            EntryCodec.loaderOf(Arguments.firstNonNull(tmpls)));
        final List<Registration> registrations = new ArrayList<>(templates.size());
        try
        {
            for (int i = 0; i < templates.size(); i++)
            {
                registrations.add(EventBridge.Kind.NOTIFY == kind ?
                    space.notify(templates.get(i), lease, transaction, bridge.listenerFor(i)) :
                    space.registerForAvailability(
                        templates.get(i), visibilityOnly, lease, transaction, bridge.listenerFor(i)));
            }
        }
        catch (final RuntimeException ex)
        {
            bridge.attach(registrations);
            bridge.cancelQuietly();
            throw Failures.operation(ex, manager, transaction);
        }
        bridge.attach(registrations);
        final SpaceLease registrationLease = new SpaceLease(
            this,
            lease,
            duration ->
            {
                bridge.renew(duration);
                return duration;
            },
            bridge::cancel);
        return new EventRegistration(bridge.eventId(), this, registrationLease, 0);
    }

    private Lease entryLease(final io.tuplespace.client.Lease lease)
    {
        return new SpaceLease(
            this,
            lease.remaining(),
            duration ->
            {
                lease.renew(duration);
                return lease.remaining();
            },
            lease::cancel);
    }
}
