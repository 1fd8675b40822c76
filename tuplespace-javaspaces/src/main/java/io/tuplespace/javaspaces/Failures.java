package io.tuplespace.javaspaces;

import io.tuplespace.client.LimitExceededException;
import io.tuplespace.client.TupleSpaceClosedException;
import io.tuplespace.client.TupleSpaceInterruptedException;
import io.tuplespace.codecs.Limit;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.TupleSpaceException;
import net.jini.core.transaction.TransactionException;
import net.jini.core.transaction.UnknownTransactionException;
import net.jini.space.InternalSpaceException;

import java.rmi.MarshalException;
import java.rmi.RemoteException;

/**
 * Translates the client's unchecked exceptions into the checked ones the JavaSpaces API declares:
 * <ul>
 * <li>{@link io.tuplespace.client.UnknownTransactionException}: the transaction has ended (its lease ran out, or it
 * was committed or aborted): {@link UnknownTransactionException}, a {@link TransactionException}.</li>
 * <li>{@link TupleSpaceClosedException}: the client or the server has gone: {@link RemoteException}.</li>
 * <li>{@link TupleSpaceInterruptedException}: {@link InterruptedException} where the method declares it.</li>
 * <li>{@link InvalidTupleException}: the entry cannot travel: {@link MarshalException}.</li>
 * <li>{@link LimitExceededException}: for an entry or template over the size or field count limit,
 * {@link MarshalException} (it cannot travel as it is); for a full space, too many waiting requests or open
 * transactions, a plain {@link RemoteException} (JavaSpaces has no exception for a full space). Either carries the
 * {@link LimitExceededException}, with the limit and its value, as its cause.</li>
 * <li>any other failure of the space: {@link InternalSpaceException}.</li>
 * </ul>
 * Each method throws; it is declared to return an exception so callers can write {@code throw Failures.x(ex)}.
 */
final class Failures
{
    private Failures()
    {
    }

    /**
     * For a blocking read or take.
     *
     * @param ex          what the client threw.
     * @param manager     told when the server says the transaction has ended.
     * @param transaction the operation's transaction, or null.
     * @return never returns normally.
     */
    static RuntimeException blocking(
        final RuntimeException ex,
        final SpaceTransactionManager manager,
        final io.tuplespace.client.Transaction transaction)
        throws TransactionException, InterruptedException, RemoteException
    {
        if (ex instanceof TupleSpaceInterruptedException)
        {
            // The client keeps the interrupt flag set; InterruptedException reports it instead, as is the custom.
            Thread.interrupted();
            final InterruptedException interrupted = new InterruptedException(ex.getMessage());
            interrupted.initCause(ex);
            throw interrupted;
        }
        throw operation(ex, manager, transaction);
    }

    /**
     * For any other operation that may use a transaction.
     *
     * @param ex          what the client threw.
     * @param manager     told when the server says the transaction has ended.
     * @param transaction the operation's transaction, or null.
     * @return never returns normally.
     */
    static RuntimeException operation(
        final RuntimeException ex,
        final SpaceTransactionManager manager,
        final io.tuplespace.client.Transaction transaction)
        throws TransactionException, RemoteException
    {
        if (ex instanceof io.tuplespace.client.UnknownTransactionException)
        {
            manager.lost(transaction);
            final UnknownTransactionException unknown = new UnknownTransactionException(ex.getMessage());
            unknown.initCause(ex);
            throw unknown;
        }
        throw remote(ex);
    }

    /**
     * For an operation without a transaction.
     *
     * @param ex what the client threw.
     * @return never returns normally.
     */
    static RuntimeException remote(final RuntimeException ex) throws RemoteException
    {
        if (ex instanceof TupleSpaceClosedException || ex instanceof TupleSpaceInterruptedException)
        {
            throw new RemoteException(ex.getMessage(), ex);
        }
        if (ex instanceof InvalidTupleException || isShapeLimit(ex))
        {
            throw new MarshalException(ex.getMessage(), ex);
        }
        if (ex instanceof LimitExceededException)
        {
            throw new RemoteException(ex.getMessage(), ex);
        }
        if (ex instanceof TupleSpaceException)
        {
            throw new InternalSpaceException(ex.getMessage(), ex);
        }
        throw ex;
    }

    private static boolean isShapeLimit(final RuntimeException ex)
    {
        if (ex instanceof LimitExceededException)
        {
            final Limit limit = ((LimitExceededException)ex).limit();
            return Limit.TUPLE_BYTES == limit || Limit.TUPLE_FIELDS == limit;
        }
        return false;
    }
}
