package io.tuplespace.client;

import java.time.Duration;

/**
 * A transaction, JavaSpaces style, begun with {@link TupleSpace#begin(Duration)}. Under it, an out is invisible to
 * others until {@link #commit()}; an in removes the tuple from everyone's view at once and {@link #abort()} puts it
 * back in its place; an rd keeps others from taking the tuple until the transaction ends. A transaction whose
 * lease runs out, or whose client goes away, aborts by itself.
 * <p>
 * {@link #close()} aborts a transaction that has not ended, so try-with-resources never leaves one open.
 * Thread-safe.
 */
public final class Transaction implements AutoCloseable
{
    private final Transactions transactions;
    private final long transactionId;
    private volatile boolean isEnded;

    Transaction(final Transactions transactions, final long transactionId)
    {
        this.transactions = transactions;
        this.transactionId = transactionId;
    }

    /**
     * @return the id the server knows the transaction by.
     */
    public long id()
    {
        return transactionId;
    }

    /**
     * Make the transaction's work visible and final.
     *
     * @throws UnknownTransactionException if it has aborted already (its lease ran out).
     */
    public void commit()
    {
        isEnded = true;
        transactions.end(transactionId, true);
    }

    /**
     * Undo the transaction's work. When this returns, every tuple it took is visible again.
     *
     * @throws UnknownTransactionException if it has ended already.
     */
    public void abort()
    {
        isEnded = true;
        transactions.end(transactionId, false);
    }

    /**
     * Extend the transaction's lease to {@code duration} from now.
     *
     * @param duration positive, or {@link Lease#FOREVER}.
     * @throws UnknownTransactionException if it has ended.
     */
    public void renew(final Duration duration)
    {
        transactions.renew(transactionId, Leases.toLeaseMs(duration));
    }

    /**
     * @return true once committed or aborted through this object.
     */
    public boolean isEnded()
    {
        return isEnded;
    }

    /**
     * Abort unless committed or aborted already; an already-ended transaction is left alone.
     */
    public void close()
    {
        if (!isEnded && !transactions.isClosed())
        {
            try
            {
                abort();
            }
            catch (final UnknownTransactionException ignore)
            {
                // Its lease ran out: the server has aborted it already.
            }
        }
    }

    public String toString()
    {
        return "Transaction{id=" + transactionId + (isEnded ? ", ended}" : "}");
    }
}
