package io.tuplespace.javaspaces;

import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.TupleSpaceClosedException;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import net.jini.core.lease.LeaseDeniedException;
import net.jini.core.transaction.CannotAbortException;
import net.jini.core.transaction.CannotCommitException;
import net.jini.core.transaction.CannotJoinException;
import net.jini.core.transaction.Transaction;
import net.jini.core.transaction.TransactionException;
import net.jini.core.transaction.UnknownTransactionException;
import net.jini.core.transaction.server.ServerTransaction;
import net.jini.core.transaction.server.TransactionManager;
import net.jini.core.transaction.server.TransactionParticipant;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Jini {@link TransactionManager} backed by the tuple space's own transactions, so that
 * {@code TransactionFactory.create(manager, leaseMs)} gives a {@link ServerTransaction} whose id is the server's
 * transaction id, usable with every operation of the {@link TupleSpaceJavaSpace} that owns this manager.
 * <p>
 * The space is the only participant: {@link #join} refuses others, and commit and abort are one step (no prepare
 * phase is needed with a single participant). A transaction whose lease expires is aborted by the server; the
 * manager learns it at the next use, or when asked for its state, and then reports it {@link #ABORTED}.
 * Committing an aborted transaction throws {@link CannotCommitException}, aborting a committed one
 * {@link CannotAbortException}; an id this manager never issued, or ended long ago (it remembers the last
 * {@value #ENDED_REMEMBERED}), is an {@link UnknownTransactionException}. Thread-safe.
 */
final class SpaceTransactionManager implements TransactionManager
{
    static final int ENDED_REMEMBERED = 4096;

    /** Matches no entry (an entry starts with its class name) and few tuples: {@link #getState} reads with it. */
    private static final Template STATE_PROBE = Template.of(Formal.BOOLEAN);

    private final TupleSpace space;
    private final Map<Long, io.tuplespace.client.Transaction> activeById = new ConcurrentHashMap<>();
    private final Map<Long, Integer> endedStateById = Collections.synchronizedMap(
        new LinkedHashMap<>(64, 0.75f, false)
        {
            private static final long serialVersionUID = 1L;

            protected boolean removeEldestEntry(final Map.Entry<Long, Integer> eldest)
            {
                return size() > ENDED_REMEMBERED;
            }
        });

    SpaceTransactionManager(final TupleSpace space)
    {
        this.space = space;
    }

    /**
     * Begin a transaction on the server.
     *
     * @param leaseDuration in ms: positive, {@link net.jini.core.lease.Lease#ANY} (one day) or
     *                      {@link net.jini.core.lease.Lease#FOREVER}; the server aborts it when the lease ends.
     * @return its id and lease; cancelling the lease aborts the transaction.
     * @throws IllegalArgumentException if the duration is negative and not ANY.
     * @throws RemoteException          if the server has gone.
     */
    public Created create(final long leaseDuration) throws LeaseDeniedException, RemoteException
    {
        final Duration lease = Durations.lease(leaseDuration);
        final io.tuplespace.client.Transaction transaction;
        try
        {
            transaction = space.begin(lease);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.remote(ex);
        }
        final long id = transaction.id();
        final SpaceLease spaceLease = new SpaceLease(
            this,
            lease,
            duration ->
            {
                transaction.renew(duration);
                return duration;
            },
            () -> abortActive(id));
        activeById.put(id, transaction);
        return new Created(id, spaceLease);
    }

    /**
     * Refused: the tuple space is the only participant of its transactions.
     *
     * @throws CannotJoinException always.
     */
    public void join(final long id, final TransactionParticipant participant, final long crashCount)
        throws CannotJoinException
    {
        throw new CannotJoinException("transaction " + id + " belongs to a tuple space; no other participant " +
            "can join it (a transaction spanning several services needs a Jini transaction manager)");
    }

    /**
     * @return {@link #ACTIVE}, {@link #COMMITTED} or {@link #ABORTED} (also when the server aborted it because its
     * lease ran out: an active transaction's state is asked of the server).
     * @throws UnknownTransactionException if this manager does not know the id.
     * @throws RemoteException             if the server has gone.
     */
    public int getState(final long id) throws UnknownTransactionException, RemoteException
    {
        final io.tuplespace.client.Transaction transaction = activeById.get(id);
        if (null != transaction)
        {
            try
            {
                // A read walk under the transaction locks nothing, and fails if the server has ended it.
                space.contents(STATE_PROBE, transaction).hasNext();
                return ACTIVE;
            }
            catch (final io.tuplespace.client.UnknownTransactionException ex)
            {
                lost(transaction);
            }
            catch (final RuntimeException ex)
            {
                throw Failures.remote(ex);
            }
        }
        return endedState(id);
    }

    /**
     * Commit: the transaction's writes become visible and its takes final. Committing a committed transaction
     * again does nothing.
     *
     * @throws CannotCommitException       if it has aborted (its lease ran out, or it was aborted).
     * @throws UnknownTransactionException if this manager does not know the id.
     * @throws RemoteException             if the server has gone (the server then aborts it).
     */
    public void commit(final long id) throws UnknownTransactionException, CannotCommitException, RemoteException
    {
        final io.tuplespace.client.Transaction transaction = activeById.remove(id);
        if (null == transaction)
        {
            final int state = endedState(id);
            if (ABORTED == state)
            {
                throw new CannotCommitException("transaction " + id + " has aborted");
            }
            return;
        }
        try
        {
            transaction.commit();
            endedStateById.put(id, COMMITTED);
        }
        catch (final io.tuplespace.client.UnknownTransactionException ex)
        {
            endedStateById.put(id, ABORTED);
            throw new CannotCommitException("transaction " + id + " was aborted by the space before the " +
                "commit (its lease ran out): " + ex.getMessage());
        }
        catch (final TupleSpaceClosedException ex)
        {
            endedStateById.put(id, ABORTED);
            throw new RemoteException(ex.getMessage(), ex);
        }
    }

    /**
     * Commit; it completes at once, so {@code waitFor} does not matter.
     *
     * @see #commit(long)
     */
    public void commit(final long id, final long waitFor)
        throws UnknownTransactionException, CannotCommitException, RemoteException
    {
        commit(id);
    }

    /**
     * Abort: the transaction's writes are discarded and every entry it took is back, visible to the next operation
     * of any client once this returns. Aborting an aborted transaction again does nothing.
     *
     * @throws CannotAbortException        if it has committed.
     * @throws UnknownTransactionException if this manager does not know the id.
     * @throws RemoteException             if the server has gone (the server then aborts it).
     */
    public void abort(final long id) throws UnknownTransactionException, CannotAbortException, RemoteException
    {
        final int state = activeById.containsKey(id) ? ACTIVE : endedState(id);
        if (COMMITTED == state)
        {
            throw new CannotAbortException("transaction " + id + " has committed");
        }
        try
        {
            abortActive(id);
        }
        catch (final io.tuplespace.client.UnknownTransactionException ignore)
        {
            // Aborted already: by the server when its lease ran out, or by another thread just now.
        }
        catch (final TupleSpaceClosedException ex)
        {
            throw new RemoteException(ex.getMessage(), ex);
        }
    }

    /**
     * Abort; it completes at once, so {@code waitFor} does not matter.
     *
     * @see #abort(long)
     */
    public void abort(final long id, final long waitFor)
        throws UnknownTransactionException, CannotAbortException, RemoteException
    {
        abort(id);
    }

    /**
     * The client's transaction for a Jini transaction passed to an operation.
     *
     * @param transaction null, or a transaction created by this manager.
     * @return the client's transaction, or null for none.
     * @throws CannotJoinException         if it comes from another manager.
     * @throws UnknownTransactionException if it is no longer active.
     */
    io.tuplespace.client.Transaction resolve(final Transaction transaction) throws TransactionException
    {
        if (null == transaction)
        {
            return null;
        }
        if (!(transaction instanceof ServerTransaction) || ((ServerTransaction)transaction).mgr != this)
        {
            throw new CannotJoinException("this space only takes part in transactions created by its own " +
                "transactionManager(), got " + transaction);
        }
        final long id = ((ServerTransaction)transaction).id;
        final io.tuplespace.client.Transaction active = activeById.get(id);
        if (null == active)
        {
            final Integer state = endedStateById.get(id);
            throw new UnknownTransactionException("transaction " + id + " is not active: " +
                (null == state ? "unknown" : COMMITTED == state ? "committed" : "aborted"));
        }
        return active;
    }

    /**
     * The server says the transaction has ended without this manager ending it: its lease ran out.
     *
     * @param transaction the client's transaction, or null.
     */
    void lost(final io.tuplespace.client.Transaction transaction)
    {
        if (null != transaction && null != activeById.remove(transaction.id()))
        {
            endedStateById.put(transaction.id(), ABORTED);
        }
    }

    private void abortActive(final long id)
    {
        final io.tuplespace.client.Transaction transaction = activeById.remove(id);
        if (null == transaction)
        {
            throw new io.tuplespace.client.UnknownTransactionException("transaction " + id + " has ended");
        }
        endedStateById.put(id, ABORTED);
        transaction.abort();
    }

    private int endedState(final long id) throws UnknownTransactionException
    {
        final Integer state = endedStateById.get(id);
        if (null == state)
        {
            throw new UnknownTransactionException("no transaction " + id + " in this space");
        }
        return state;
    }

    public String toString()
    {
        return "SpaceTransactionManager{active=" + activeById.size() + "}";
    }
}
