package io.tuplespace.client;

import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.SharedBytes;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static io.tuplespace.client.ClientConnection.throwIfError;
import static io.tuplespace.client.Leases.NO_LEASE;
import static io.tuplespace.client.Leases.toLeaseMs;
import static io.tuplespace.client.MatchRequests.toTimeoutMs;
import static io.tuplespace.client.MatchRequests.toTimeoutOrForeverMs;
import static io.tuplespace.client.Transactions.NO_TRANSACTION;
import static io.tuplespace.client.Transactions.idOf;

/**
 * A connection to a tuple space server: Linda's {@code out}, {@code in}, {@code rd}, {@code inp} and {@code rdp}.
 * <pre>{@code
 * try (TupleSpace space = TupleSpace.connect())
 * {
 *     space.out(Tuple.of("task", 42L));
 *     Tuple task = space.in(Template.of("task", Formal.LONG));
 * }
 * }</pre>
 * Thread-safe: any number of threads may call it at once, several of them blocked in {@code in} or {@code rd}.
 * A thread waiting for its response polls the response stream itself when no other thread does, so a reply
 * reaches its caller without a hand-off between threads.
 */
public final class TupleSpace implements AutoCloseable
{
    private final ClientConnection connection;
    private final RequestProxy requestProxy;
    private final SharedMemory sharedMemory;
    private final OutboundTuples outbound;
    private final PipelinedOuts pipelined;
    private final MatchRequests matches;
    private final Leases leases;
    private final EventRegistrations registrations;
    private final Transactions transactions;

    private TupleSpace(final ClientContext ctx)
    {
        this.connection = new ClientConnection(ctx);
        this.requestProxy = connection.requestProxy();
        this.sharedMemory = connection.sharedMemory();
        this.outbound = new OutboundTuples(ctx, connection);
        this.pipelined = new PipelinedOuts(connection, outbound);
        this.matches = new MatchRequests(connection, outbound);
        this.leases = new Leases(connection);
        this.registrations = new EventRegistrations(connection, outbound);
        this.transactions = new Transactions(connection, registrations);
    }

    /**
     * Connect to the server with the default settings (system properties, see {@link ClientContext}).
     *
     * @return the connected client.
     * @throws ServerNotRunningException naming the directory it looked in, if no server answers.
     * @throws VersionMismatchException  if the server speaks another protocol version.
     */
    public static TupleSpace connect()
    {
        return connect(new ClientContext());
    }

    /**
     * Connect to the server.
     *
     * @param ctx where the server is and how to talk to it.
     * @return the connected client.
     * @throws ServerNotRunningException naming the directory it looked in, if no server answers.
     * @throws VersionMismatchException  if the server speaks another protocol version.
     */
    public static TupleSpace connect(final ClientContext ctx)
    {
        return new TupleSpace(ctx);
    }

    /**
     * Put a tuple into the space. Returns once the server has it: stored, or handed to a waiting {@code in}.
     *
     * @param tuple to add.
     * @throws LimitExceededException    if it is larger than the server accepts (checked before sending), or the
     *                                    space is full (stored tuples or bytes limit).
     * @throws TupleSpaceClosedException if the client or the server has closed.
     */
    public void out(final Tuple tuple)
    {
        write(tuple, NO_LEASE, NO_TRANSACTION);
    }

    /**
     * Out under a transaction: invisible to others until the transaction commits, discarded if it aborts.
     *
     * @param tuple       to add.
     * @param transaction from {@link #begin(Duration)}, or null for none.
     * @throws UnknownTransactionException if the transaction has ended.
     */
    public void out(final Tuple tuple, final Transaction transaction)
    {
        write(tuple, NO_LEASE, idOf(transaction));
    }

    /**
     * JavaSpaces {@code write} under a transaction, with a lease.
     *
     * @see #out(Tuple, Duration)
     * @see #out(Tuple, Transaction)
     */
    public Lease out(final Tuple tuple, final Duration lease, final Transaction transaction)
    {
        return write(tuple, toLeaseMs(lease), idOf(transaction));
    }

    /**
     * @return the tuple's lease if it has one ({@code leaseMs} not {@link Leases#NO_LEASE}), else null.
     */
    private Lease write(final Tuple tuple, final long leaseMs, final long transactionId)
    {
        final Tuple sent = outbound.externalize(tuple);
        final PendingRequest request;
        try
        {
            final int length = outbound.checkedLength(sent);
            request = connection.registerOwn();
            try
            {
                requestProxy.out(request.correlationId, sent, length, leaseMs, transactionId);
            }
            catch (final RuntimeException ex)
            {
                connection.release(request);
                throw ex;
            }
        }
        catch (final RuntimeException ex)
        {
            outbound.discardExternalized(tuple, sent);
            throw ex;
        }
        try
        {
            connection.awaitResponse(request, false);
            if (PendingRequest.Outcome.ERROR == request.outcome)
            {
                // Refused: no tuple refers to the segments made for this out, and no caller can reach them.
                outbound.discardExternalized(tuple, sent);
            }
            throwIfError(request);
            return NO_LEASE == leaseMs ? null : new Lease(leases, request.leaseId, request.grantedMs);
        }
        finally
        {
            connection.release(request);
        }
    }

    /**
     * Begin a transaction.
     *
     * @param lease how long it may stay open before the server aborts it: positive, or {@link Lease#FOREVER}.
     * @return the transaction; use it in try-with-resources so it aborts unless committed.
     * @throws LimitExceededException if this client has as many transactions open as the server allows.
     */
    public Transaction begin(final Duration lease)
    {
        return transactions.begin(lease);
    }

    /**
     * JavaSpaces {@code write}: put a tuple into the space under a lease. The tuple leaves the space when the lease
     * expires or is cancelled, unless it is taken first.
     *
     * @param tuple to add.
     * @param lease how long the tuple lives: positive, or {@link Lease#FOREVER} (until taken or cancelled).
     * @return the lease, to renew or cancel.
     * @throws LimitExceededException    if the tuple is larger than the server accepts, or the space is full.
     * @throws IllegalArgumentException   if the lease is zero or negative.
     * @throws TupleSpaceClosedException if the client or the server has closed.
     */
    public Lease out(final Tuple tuple, final Duration lease)
    {
        return out(tuple, lease, null);
    }

    /**
     * Pipelined {@code out}: queue the tuple and return without waiting for the server. Queued tuples travel in
     * batches (one request and one acknowledgement per batch), sent when a batch is full, and before any other
     * request of this client, on {@link #flush()} and on {@link #close()}, so they reach the space in order and
     * before anything this client does next. {@link #flush()} waits until all are in and reports a rejection.
     *
     * @param tuple to add.
     * @throws LimitExceededException if it is larger than the server accepts (a full space is reported by
     *                                {@link #flush()}).
     */
    public void outAsync(final Tuple tuple)
    {
        pipelined.queue(tuple, NO_LEASE, NO_TRANSACTION);
    }

    /**
     * Pipelined {@code out} with a lease, under a transaction: as {@link #outAsync(Tuple)}, and the tuple then
     * behaves as one written by {@link #out(Tuple, Duration, Transaction)}, except that it has no {@link Lease} to
     * renew or cancel: it just expires.
     *
     * @param lease       how long the tuple lives: positive, {@link Lease#FOREVER}, or null for no lease.
     * @param transaction to write under, or null; if it has ended, the batch is rejected at {@link #flush()}.
     * @throws LimitExceededException if it is larger than the server accepts (a full space is reported by
     *                                {@link #flush()}).
     */
    public void outAsync(final Tuple tuple, final Duration lease, final Transaction transaction)
    {
        pipelined.queue(tuple, null == lease ? NO_LEASE : toLeaseMs(lease), idOf(transaction));
    }

    /**
     * Send the tuples queued by {@link #outAsync(Tuple)} now, without waiting for the server to acknowledge them
     * ({@link #flush()} waits): for a producer that must not leave a partial batch waiting for its next request.
     */
    public void sendQueued()
    {
        pipelined.sendQueued();
    }

    /**
     * Wait until every tuple queued by {@link #outAsync(Tuple)} is in the space.
     *
     * @throws LimitExceededException if a batch would have crossed a limit (a full space): none of its tuples is
     *                                in, those of the other batches are.
     * @throws InvalidTupleException  if the server rejected one of them (the tuples of its batch are not in).
     */
    public void flush()
    {
        pipelined.flush();
    }

    /**
     * Bulk {@code in}: remove and return up to {@code maxTuples} of the oldest matching tuples in one request. If
     * none matches it waits, up to the timeout, for the first and returns it alone.
     *
     * @param template  to match.
     * @param maxTuples most tuples to return, at least 1.
     * @param timeout   how long to wait when none matches; zero returns at once.
     * @return the tuples, oldest first; empty only if none matched in time.
     */
    public List<Tuple> inAll(final Template template, final int maxTuples, final Duration timeout)
    {
        return inAll(template, maxTuples, timeout, null);
    }

    /**
     * Bulk {@code in} under a transaction; a null timeout waits forever.
     *
     * @see #inAll(Template, int, Duration)
     */
    public List<Tuple> inAll(
        final Template template, final int maxTuples, final Duration timeout, final Transaction transaction)
    {
        if (maxTuples < 1)
        {
            throw new IllegalArgumentException("maxTuples must be at least 1, got " + maxTuples);
        }
        return matches.matchAll(
            MatchOperation.TAKE, toTimeoutOrForeverMs(timeout), maxTuples, idOf(transaction), template);
    }

    /**
     * Linda {@code in}: remove and return the oldest tuple matching the template, waiting until one exists.
     *
     * @param template to match.
     * @return the tuple, removed from the space.
     * @throws TupleSpaceClosedException      if the client or the server closes while waiting.
     * @throws TupleSpaceInterruptedException if the thread is interrupted while waiting.
     * @throws LimitExceededException         if the template is larger than the server accepts, or none matches
     *                                        and this client has as many requests waiting as the server allows.
     */
    public Tuple in(final Template template)
    {
        return answered("in", matches.matchOrNull(
            MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER, NO_TRANSACTION, template));
    }

    /**
     * Timed {@code in}: as {@link #in(Template)}, giving up after the timeout.
     *
     * @param template to match.
     * @param timeout  how long to wait; zero behaves as {@link #inp(Template)}.
     * @return the tuple, or empty if none matched in time.
     */
    public Optional<Tuple> in(final Template template, final Duration timeout)
    {
        return matches.match(MatchOperation.TAKE, toTimeoutMs(timeout), NO_TRANSACTION, template);
    }

    /**
     * Non-blocking {@code in}: remove and return the oldest match if there is one now.
     *
     * @param template to match.
     * @return the tuple, or empty at once if none matches.
     */
    public Optional<Tuple> inp(final Template template)
    {
        return matches.match(MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, NO_TRANSACTION, template);
    }

    /**
     * Linda {@code rd}: return a copy of the oldest tuple matching the template, waiting until one exists. The
     * tuple stays in the space.
     *
     * @param template to match.
     * @return the tuple.
     */
    public Tuple rd(final Template template)
    {
        return answered("rd", matches.matchOrNull(
            MatchOperation.READ, TupleSpaceEngine.WAIT_FOREVER, NO_TRANSACTION, template));
    }

    /**
     * Timed {@code rd}.
     *
     * @param template to match.
     * @param timeout  how long to wait.
     * @return the tuple, or empty if none matched in time.
     */
    public Optional<Tuple> rd(final Template template, final Duration timeout)
    {
        return matches.match(MatchOperation.READ, toTimeoutMs(timeout), NO_TRANSACTION, template);
    }

    /**
     * Non-blocking {@code rd}.
     *
     * @param template to match.
     * @return the tuple, or empty at once if none matches.
     */
    public Optional<Tuple> rdp(final Template template)
    {
        return matches.match(MatchOperation.READ, TupleSpaceEngine.NO_WAIT, NO_TRANSACTION, template);
    }

    /**
     * Copy bytes once into a new shared-memory segment, to put in a tuple in their place:
     * {@code space.out(Tuple.of("job", 7, space.shared(bytes)))}. Receivers map the segment instead of copying the
     * bytes through the message log; {@link Tuple#getShared(int)} reads them in place. The segment is deleted once
     * no tuple in the space refers to it and every client that received one has mapped it, or, if no tuple ever
     * carried it, when this client closes.
     *
     * @param bytes the payload.
     * @return the shared bytes, readable here too.
     * @throws SharedMemoryException if the segment cannot be created.
     */
    public SharedBytes shared(final byte[] bytes)
    {
        return shared(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * Copy part of a buffer into a new shared-memory segment.
     *
     * @see #shared(byte[])
     */
    public SharedBytes shared(final DirectBuffer buffer, final int offset, final int length)
    {
        connection.checkOpen();
        return sharedMemory.write(buffer, offset, length);
    }

    /**
     * Copy a byte buffer's remaining bytes (position to limit; the position does not move) into a new segment.
     *
     * @see #shared(byte[])
     */
    public SharedBytes shared(final ByteBuffer buffer)
    {
        return shared(new UnsafeBuffer(buffer), buffer.position(), buffer.remaining());
    }

    /**
     * @return the session id the server knows this client by.
     */
    public int sessionId()
    {
        return connection.sessionId();
    }

    /**
     * @return the largest encoded tuple this client can out: what the server accepts, within what this client's
     * request publication carries.
     */
    public int maxTupleLength()
    {
        return outbound.maxTupleLength();
    }

    /**
     * @return true once closed, by {@link #close()} or because the server went away.
     */
    public boolean isClosed()
    {
        return connection.isClosed();
    }

    /**
     * @return event registrations whose listener or end this client still holds (for tests of their cleanup).
     */
    int heldRegistrationCount()
    {
        return connection.eventDispatcher().heldCount();
    }

    /**
     * Disconnect, after sending any tuples queued by {@link #outAsync(Tuple)} (without waiting for them to be
     * acknowledged: call {@link #flush()} first to know). The server drops this client's waiting requests; threads
     * blocked in this client throw {@link TupleSpaceClosedException}.
     */
    public void close()
    {
        connection.close();
    }

    /**
     * {@code in} under a transaction: the tuple is hidden from everyone until the transaction ends; commit removes
     * it for good, abort puts it back in its place.
     *
     * @param timeout how long to wait; null waits forever, zero returns at once.
     * @return the tuple, or empty if none matched in time.
     * @throws UnknownTransactionException if the transaction has ended.
     */
    public Optional<Tuple> in(final Template template, final Duration timeout, final Transaction transaction)
    {
        return matches.match(MatchOperation.TAKE, toTimeoutOrForeverMs(timeout), idOf(transaction), template);
    }

    /**
     * {@code rd} under a transaction: others may still read the tuple but not take it until the transaction ends.
     *
     * @param timeout how long to wait; null waits forever, zero returns at once.
     * @return the tuple, or empty if none matched in time.
     * @throws UnknownTransactionException if the transaction has ended.
     */
    public Optional<Tuple> rd(final Template template, final Duration timeout, final Transaction transaction)
    {
        return matches.match(MatchOperation.READ, toTimeoutOrForeverMs(timeout), idOf(transaction), template);
    }

    /**
     * JavaSpaces {@code takeIfExists}: remove and return the oldest visible match if there is one; if there is
     * none but a matching tuple is held by another transaction (written and not committed, or taken, or read), wait
     * up to the timeout for that transaction to let it go, and return it if it comes back; return empty at once
     * when no matching tuple exists at all, and as soon as the last one held is gone for good.
     *
     * @param timeout     how long to wait for held matches; null waits as long as needed, zero is {@code inp}.
     * @param transaction to take under, or null for none.
     * @return the tuple, or empty.
     * @throws UnknownTransactionException if the transaction has ended.
     */
    public Optional<Tuple> inIfExists(final Template template, final Duration timeout, final Transaction transaction)
    {
        return matches.matchIfExists(MatchOperation.TAKE, timeout, transaction, template);
    }

    /**
     * JavaSpaces {@code readIfExists}: as {@link #inIfExists(Template, Duration, Transaction)}, reading instead of
     * taking; only tuples written or taken under another transaction make it wait (a read lock does not stop a
     * read).
     */
    public Optional<Tuple> rdIfExists(final Template template, final Duration timeout, final Transaction transaction)
    {
        return matches.matchIfExists(MatchOperation.READ, timeout, transaction, template);
    }

    /**
     * Put an entry into the space: a record, or a JavaSpaces-style class with public fields, mapped to a tuple by
     * {@link EntryMapper}.
     *
     * @param entry to add.
     * @throws InvalidTupleException  if it cannot be mapped.
     * @throws LimitExceededException if it is larger than the server accepts, or the space is full.
     */
    public void out(final Object entry)
    {
        out(EntryMapper.toTuple(entry));
    }

    /**
     * Take an entry matching a template entry, waiting until one exists. Null fields of the template are wildcards,
     * and entries of the template's subclasses match too; the entry comes back as its own class.
     *
     * @param template an entry whose set fields must match.
     * @param <T>      the template's type.
     * @return the entry, removed from the space.
     */
    public <T> T in(final T template)
    {
        return decode(in(EntryMapper.toTemplate(template)), template);
    }

    /**
     * Timed entry take; see {@link #in(Object)}.
     *
     * @return the entry, or empty if none matched in time.
     */
    public <T> Optional<T> in(final T template, final Duration timeout)
    {
        return in(EntryMapper.toTemplate(template), timeout).map(tuple -> decode(tuple, template));
    }

    /**
     * Non-blocking entry take; see {@link #in(Object)}.
     *
     * @return the entry, or empty at once.
     */
    public <T> Optional<T> inp(final T template)
    {
        return inp(EntryMapper.toTemplate(template)).map(tuple -> decode(tuple, template));
    }

    /**
     * Read an entry matching a template entry, waiting until one exists; see {@link #in(Object)}.
     *
     * @return the entry, left in the space.
     */
    public <T> T rd(final T template)
    {
        return decode(rd(EntryMapper.toTemplate(template)), template);
    }

    /**
     * Timed entry read; see {@link #rd(Object)}.
     *
     * @return the entry, or empty if none matched in time.
     */
    public <T> Optional<T> rd(final T template, final Duration timeout)
    {
        return rd(EntryMapper.toTemplate(template), timeout).map(tuple -> decode(tuple, template));
    }

    /**
     * Non-blocking entry read; see {@link #rd(Object)}.
     *
     * @return the entry, or empty at once.
     */
    public <T> Optional<T> rdp(final T template)
    {
        return rdp(EntryMapper.toTemplate(template)).map(tuple -> decode(tuple, template));
    }

    private static Tuple answered(final String operation, final Tuple tuple)
    {
        if (null == tuple)
        {
            throw new IllegalStateException("blocking " + operation + " answered without a tuple");
        }
        return tuple;
    }

    @SuppressWarnings("unchecked")
    private static <T> T decode(final Tuple tuple, final T template)
    {
        return (T)EntryMapper.fromTuple(tuple, template.getClass().getClassLoader());
    }

    /**
     * Put several tuples into the space, in order, sent in batches; returns once all are in. Not atomic: use a
     * transaction for all or nothing.
     *
     * @param tuples to add.
     * @throws InvalidTupleException  if one was rejected; the tuples of its batch are not in the space.
     * @throws LimitExceededException if a batch would have crossed a limit; its tuples are not in the space.
     */
    public void outAll(final List<Tuple> tuples)
    {
        for (final Tuple tuple : tuples)
        {
            outAsync(tuple);
        }
        flush();
    }

    /**
     * Walk every tuple matching the template without removing any (JavaSpace05 {@code contents}), oldest first,
     * fetching them from the server a page at a time. Tuples written after the walk started are seen if they come
     * before its end; tuples taken meanwhile are skipped once taken.
     *
     * @param template    to match.
     * @param transaction to read under (it then sees its own outs), or null.
     * @return a lazy iterator; each {@code next()} may ask the server for the next page.
     */
    public Iterator<Tuple> contents(final Template template, final Transaction transaction)
    {
        return contents(List.of(template), transaction);
    }

    /**
     * Walk every tuple matching any of the templates without removing any (JavaSpace05 {@code contents} of a
     * collection): the matches of each template in turn, oldest first, each tuple once (one that matches several
     * templates comes with the first of them). Paged and lazy as {@link #contents(Template, Transaction)}.
     *
     * @param templates   to match, at least one.
     * @param transaction to read under (it then sees its own outs), or null.
     * @return a lazy iterator; each {@code next()} may ask the server for the next page.
     * @throws IllegalArgumentException if there are no templates.
     */
    public Iterator<Tuple> contents(final List<Template> templates, final Transaction transaction)
    {
        if (templates.isEmpty())
        {
            throw new IllegalArgumentException("contents needs at least one template");
        }
        return new ContentsIterator(connection, outbound, List.copyOf(templates), idOf(transaction));
    }

    /**
     * JavaSpaces {@code notify}: an event for every tuple matching the template that is written (once visible:
     * an out under a transaction counts at its commit), numbered 1, 2, 3... The listener runs on this client's
     * event thread.
     *
     * @param lease how long the registration lasts: positive, or {@link Lease#FOREVER}.
     * @return the registration, to renew or cancel.
     */
    public Registration notify(final Template template, final Duration lease, final TupleListener listener)
    {
        return registrations.register(EventKind.WRITE, false, template, lease, null, listener);
    }

    /**
     * JavaSpaces {@code notify} under a transaction: as {@link #notify(Template, Duration, TupleListener)}, and
     * also an event for every matching tuple written under the transaction, as it is written. The registration
     * ends when the transaction commits or aborts (its {@link Registration} is then unknown to the server); events
     * sent before that still reach the listener.
     *
     * @param transaction to register under, or null for none.
     * @throws UnknownTransactionException if the transaction has ended.
     */
    public Registration notify(
        final Template template, final Duration lease, final Transaction transaction, final TupleListener listener)
    {
        return registrations.register(EventKind.WRITE, false, template, lease, transaction, listener);
    }

    /**
     * JavaSpace05 {@code registerForAvailabilityEvent}: an event whenever a tuple matching the template becomes
     * visible (written, committed, or restored by an abort) or, unless {@code visibilityOnly}, becomes takeable
     * (a transaction's read lock released).
     *
     * @param lease how long the registration lasts: positive, or {@link Lease#FOREVER}.
     * @return the registration, to renew or cancel.
     */
    public Registration registerForAvailability(
        final Template template, final boolean visibilityOnly, final Duration lease, final TupleListener listener)
    {
        return registrations.register(EventKind.AVAILABILITY, visibilityOnly, template, lease, null, listener);
    }

    /**
     * JavaSpace05 {@code registerForAvailabilityEvent} under a transaction: as
     * {@link #registerForAvailability(Template, boolean, Duration, TupleListener)}, and also an event for every
     * matching tuple written under the transaction (it is visible to the transaction at once). Ends when the
     * transaction commits or aborts, like {@link #notify(Template, Duration, Transaction, TupleListener)}.
     *
     * @param transaction to register under, or null for none.
     * @throws UnknownTransactionException if the transaction has ended.
     */
    public Registration registerForAvailability(
        final Template template,
        final boolean visibilityOnly,
        final Duration lease,
        final Transaction transaction,
        final TupleListener listener)
    {
        return registrations.register(EventKind.AVAILABILITY, visibilityOnly, template, lease, transaction, listener);
    }
}
