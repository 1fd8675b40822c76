package io.tuplespace.client;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.EventKind;
import io.tuplespace.core.Template;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import static io.tuplespace.client.ClientConnection.throwIfError;

/**
 * The requests behind {@link Registration}: register for events, renew, cancel; hands each registration's listener
 * to the {@link EventDispatcher}, and drops those made under a transaction when it ends. Thread-safe.
 */
final class EventRegistrations
{
    private final ClientConnection connection;
    private final RequestProxy requestProxy;
    private final EventDispatcher eventDispatcher;
    private final OutboundTuples outbound;
    /** Registration id to the id of the transaction it was made under, to forget it when that ends. */
    private final ConcurrentHashMap<Long, Long> registrationTransactions = new ConcurrentHashMap<>();

    EventRegistrations(final ClientConnection connection, final OutboundTuples outbound)
    {
        this.connection = connection;
        this.requestProxy = connection.requestProxy();
        this.eventDispatcher = connection.eventDispatcher();
        this.outbound = outbound;
    }

    /**
     * @throws UnknownTransactionException if the transaction has ended.
     */
    Registration register(
        final EventKind kind,
        final boolean isVisibilityOnly,
        final Template template,
        final Duration lease,
        final Transaction transaction,
        final TupleListener listener)
    {
        final long leaseMs = Leases.toLeaseMs(lease);
        final long transactionId = Transactions.idOf(transaction);
        final PendingRequest request = connection.register();
        requestProxy.register(
            request.correlationId, kind, isVisibilityOnly, leaseMs, transactionId, outbound.checked(template));
        connection.awaitResponse(request, false);
        throwIfError(request);
        eventDispatcher.add(request.registrationId, listener);
        eventDispatcher.leased(request.registrationId, request.grantedMs);
        if (Transactions.NO_TRANSACTION != transactionId)
        {
            registrationTransactions.put(request.registrationId, transactionId);
        }
        return new Registration(this, request.registrationId);
    }

    /**
     * @throws UnknownLeaseException if it was cancelled or has expired.
     */
    void renew(final long registrationId, final long leaseMs)
    {
        final PendingRequest request = connection.register();
        requestProxy.renewRegistration(request.correlationId, registrationId, leaseMs);
        connection.awaitResponse(request, false);
        forgetIfUnknown(registrationId, request);
        throwIfError(request);
        eventDispatcher.leased(registrationId, request.grantedMs);
    }

    /**
     * @throws UnknownLeaseException if it was cancelled already or has expired.
     */
    void cancel(final long registrationId)
    {
        final PendingRequest request = connection.register();
        requestProxy.cancelRegistration(request.correlationId, registrationId);
        connection.awaitResponse(request, false);
        forgetIfUnknown(registrationId, request);
        throwIfError(request);
        registrationTransactions.remove(registrationId);
        eventDispatcher.remove(registrationId);
    }

    /**
     * A registration the server no longer knows has ended there (its lease ran out, or it was cancelled): stop its
     * listener once the events already received for it are handed on, rather than keep it until the client closes.
     */
    private void forgetIfUnknown(final long registrationId, final PendingRequest request)
    {
        if (PendingRequest.Outcome.ERROR == request.outcome && ErrorCode.UNKNOWN_REGISTRATION == request.errorCode)
        {
            registrationTransactions.remove(registrationId);
            eventDispatcher.removeAfterQueued(registrationId);
        }
    }

    /**
     * The transaction has ended (or is unknown to the server): its registrations are gone there, so stop their
     * listeners once the events already queued for them are handed on.
     */
    void forgetTransaction(final long transactionId)
    {
        registrationTransactions.entrySet().removeIf(entry ->
        {
            final boolean isEnded = entry.getValue() == transactionId;
            if (isEnded)
            {
                eventDispatcher.removeAfterQueued(entry.getKey());
            }
            return isEnded;
        });
    }
}
