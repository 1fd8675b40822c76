package io.tuplespace.client;

import java.time.Duration;

import static io.tuplespace.client.ClientConnection.throwIfError;

/**
 * The requests behind {@link Transaction}: begin, commit or abort, and renew. Ending a transaction also forgets the
 * event registrations made under it. Thread-safe.
 */
final class Transactions
{
    /** The wire value for a request made under no transaction. */
    static final long NO_TRANSACTION = 0;

    private final ClientConnection connection;
    private final RequestProxy requestProxy;
    private final EventRegistrations registrations;

    Transactions(final ClientConnection connection, final EventRegistrations registrations)
    {
        this.connection = connection;
        this.requestProxy = connection.requestProxy();
        this.registrations = registrations;
    }

    static long idOf(final Transaction transaction)
    {
        return null == transaction ? NO_TRANSACTION : transaction.id();
    }

    /**
     * @throws LimitExceededException if this client has as many transactions open as the server allows.
     */
    Transaction begin(final Duration lease)
    {
        final PendingRequest request = connection.register();
        requestProxy.beginTransaction(request.correlationId, Leases.toLeaseMs(lease));
        connection.awaitResponse(request, false);
        throwIfError(request);
        return new Transaction(this, request.transactionId);
    }

    /**
     * @throws UnknownTransactionException if it has ended already.
     */
    void end(final long transactionId, final boolean isCommit)
    {
        final PendingRequest request = connection.register();
        requestProxy.endTransaction(request.correlationId, transactionId, isCommit);
        try
        {
            connection.awaitResponse(request, false);
            throwIfError(request);
        }
        finally
        {
            // Ended or unknown, the transaction's registrations are gone on the server.
            registrations.forgetTransaction(transactionId);
        }
    }

    /**
     * @throws UnknownTransactionException if it has ended.
     */
    void renew(final long transactionId, final long leaseMs)
    {
        final PendingRequest request = connection.register();
        requestProxy.renewTransaction(request.correlationId, transactionId, leaseMs);
        connection.awaitResponse(request, false);
        throwIfError(request);
    }

    boolean isClosed()
    {
        return connection.isClosed();
    }
}
