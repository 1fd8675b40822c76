package io.tuplespace.client;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.tuplespace.codecs.ConnectResponseDecoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.ErrorResponseDecoder;
import io.tuplespace.codecs.LeaseResponseDecoder;
import io.tuplespace.codecs.Limit;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.NoMatchResponseDecoder;
import io.tuplespace.codecs.OutResponseDecoder;
import io.tuplespace.codecs.RegistrationResponseDecoder;
import io.tuplespace.codecs.TransactionResponseDecoder;
import io.tuplespace.codecs.TupleEventDecoder;
import io.tuplespace.codecs.TupleResponseDecoder;
import io.tuplespace.codecs.TuplesResponseDecoder;
import io.tuplespace.core.SegmentResolver;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;

/**
 * Decodes responses and completes the pending request each one answers. Runs on whichever caller thread holds the
 * client's poll lock, so it is used by one thread at a time.
 */
final class ResponseAdapter implements FragmentHandler
{
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ConnectResponseDecoder connectDecoder = new ConnectResponseDecoder();
    private final OutResponseDecoder outDecoder = new OutResponseDecoder();
    private final TupleResponseDecoder tupleDecoder = new TupleResponseDecoder();
    private final NoMatchResponseDecoder noMatchDecoder = new NoMatchResponseDecoder();
    private final ErrorResponseDecoder errorDecoder = new ErrorResponseDecoder();
    private final TuplesResponseDecoder tuplesDecoder = new TuplesResponseDecoder();
    private final LeaseResponseDecoder leaseDecoder = new LeaseResponseDecoder();
    private final TransactionResponseDecoder transactionDecoder = new TransactionResponseDecoder();
    private final RegistrationResponseDecoder registrationDecoder = new RegistrationResponseDecoder();
    private final TupleEventDecoder eventDecoder = new TupleEventDecoder();
    private EventDispatcher events;
    private final UnsafeBuffer tupleBuffer = new UnsafeBuffer(0, 0);
    private final AsyncOuts asyncOuts;
    private final TupleCodec tupleCodec = new TupleCodec();
    private final PendingRequests pendingByCorrelationId;
    private String protocolError;

    /**
     * @param resolver maps the segments of received tuples.
     */
    void segmentResolver(final SegmentResolver resolver)
    {
        tupleCodec.segmentResolver(resolver);
    }

    ResponseAdapter(final PendingRequests pendingByCorrelationId, final AsyncOuts asyncOuts)
    {
        this.pendingByCorrelationId = pendingByCorrelationId;
        this.asyncOuts = asyncOuts;
    }

    void events(final EventDispatcher events)
    {
        this.events = events;
    }

    /**
     * @return the description of the last response that could not be understood, or null.
     */
    String protocolError()
    {
        return protocolError;
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        headerDecoder.wrap(buffer, offset);
        if (MessageHeaderDecoder.SCHEMA_ID != headerDecoder.schemaId())
        {
            protocolError = "response with unknown schema id " + headerDecoder.schemaId();
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case ConnectResponseDecoder.TEMPLATE_ID:
                connectDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final PendingRequest connect = pendingByCorrelationId.remove(connectDecoder.correlationId());
                if (null != connect)
                {
                    connect.maxTupleLength = connectDecoder.maxTupleLength();
                    connect.complete(PendingRequest.Outcome.CONNECTED);
                }
                break;
            case OutResponseDecoder.TEMPLATE_ID:
                outDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (AsyncOuts.isAsync(outDecoder.correlationId()))
                {
                    asyncOuts.onAccepted();
                }
                else
                {
                    complete(outDecoder.correlationId(), PendingRequest.Outcome.OUT_ACCEPTED);
                }
                break;
            case LeaseResponseDecoder.TEMPLATE_ID:
                leaseDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final PendingRequest lease = pendingByCorrelationId.remove(leaseDecoder.correlationId());
                if (null != lease)
                {
                    lease.leaseId = leaseDecoder.leaseId();
                    lease.grantedMs = leaseDecoder.grantedMs();
                    lease.complete(PendingRequest.Outcome.LEASE);
                }
                break;
            case RegistrationResponseDecoder.TEMPLATE_ID:
                registrationDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final PendingRequest registration = pendingByCorrelationId.remove(registrationDecoder.correlationId());
                if (null != registration)
                {
                    registration.registrationId = registrationDecoder.registrationId();
                    registration.grantedMs = registrationDecoder.grantedMs();
                    registration.complete(PendingRequest.Outcome.REGISTRATION);
                }
                break;
            case TupleEventDecoder.TEMPLATE_ID:
                eventDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final long registrationId = eventDecoder.registrationId();
                final long sequenceNumber = eventDecoder.sequenceNumber();
                eventDecoder.wrapTuple(tupleBuffer);
                events.onEvent(new TupleEvent(registrationId, sequenceNumber,
                    tupleCodec.decodeValid(tupleBuffer, 0)));
                break;
            case TransactionResponseDecoder.TEMPLATE_ID:
                transactionDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final PendingRequest transaction = pendingByCorrelationId.remove(transactionDecoder.correlationId());
                if (null != transaction)
                {
                    transaction.transactionId = transactionDecoder.transactionId();
                    transaction.grantedMs = transactionDecoder.grantedMs();
                    transaction.complete(PendingRequest.Outcome.TRANSACTION);
                }
                break;
            case TuplesResponseDecoder.TEMPLATE_ID:
                onTuples(buffer, bodyOffset, blockLength, version);
                break;
            case TupleResponseDecoder.TEMPLATE_ID:
                onTuple(buffer, bodyOffset, blockLength, version);
                break;
            case NoMatchResponseDecoder.TEMPLATE_ID:
                noMatchDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final PendingRequest noMatch = pendingByCorrelationId.remove(noMatchDecoder.correlationId());
                if (null != noMatch)
                {
                    noMatch.noMatchReason = noMatchDecoder.reason();
                    noMatch.complete(PendingRequest.Outcome.NO_MATCH);
                }
                break;
            case ErrorResponseDecoder.TEMPLATE_ID:
                onError(buffer, bodyOffset, blockLength, version);
                break;
            default:
                protocolError = "response with unknown template id " + headerDecoder.templateId();
        }
    }

    private void onTuple(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        tupleDecoder.wrap(buffer, offset, blockLength, version);
        final PendingRequest request = pendingByCorrelationId.remove(tupleDecoder.correlationId());
        tupleDecoder.wrapTuple(tupleBuffer);
        if (null != request)
        {
            request.tuple = tupleCodec.decodeValid(tupleBuffer, 0);
            request.complete(PendingRequest.Outcome.TUPLE);
        }
    }

    private void onTuples(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        tuplesDecoder.wrap(buffer, offset, blockLength, version);
        final PendingRequest request = pendingByCorrelationId.remove(tuplesDecoder.correlationId());
        final long cursor = tuplesDecoder.cursor();
        final TuplesResponseDecoder.TuplesDecoder entries = tuplesDecoder.tuples();
        final ArrayList<Tuple> tuples = new ArrayList<>(entries.count());
        while (entries.hasNext())
        {
            entries.next().wrapTuple(tupleBuffer);
            tuples.add(tupleCodec.decodeValid(tupleBuffer, 0));
        }
        if (null != request)
        {
            request.tuples = tuples;
            request.cursor = cursor;
            request.complete(PendingRequest.Outcome.TUPLES);
        }
    }

    private void onError(final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        errorDecoder.wrap(buffer, offset, blockLength, version);
        final long correlationId = errorDecoder.correlationId();
        final ErrorCode code = errorDecoder.code();
        final Limit limit = errorDecoder.exceededLimit();
        final long limitValue = errorDecoder.limitValue();
        final String message = errorDecoder.message();
        if (AsyncOuts.isAsync(correlationId))
        {
            asyncOuts.onRejected(code, limit, limitValue, message);
            return;
        }
        final PendingRequest request = pendingByCorrelationId.remove(correlationId);
        if (null != request)
        {
            request.errorCode = code;
            request.exceededLimit = limit;
            request.limitValue = limitValue;
            request.errorMessage = message;
            request.complete(PendingRequest.Outcome.ERROR);
        }
        else
        {
            // An error the server could not tie to a request (say, a frame it could not parse) fails them all.
            protocolError = code + ": " + message;
        }
    }

    private void complete(final long correlationId, final PendingRequest.Outcome outcome)
    {
        final PendingRequest request = pendingByCorrelationId.remove(correlationId);
        if (null != request)
        {
            request.complete(outcome);
        }
    }
}
