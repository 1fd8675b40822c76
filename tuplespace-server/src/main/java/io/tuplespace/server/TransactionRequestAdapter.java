package io.tuplespace.server;

import io.tuplespace.codecs.AbortTransactionRequestDecoder;
import io.tuplespace.codecs.BeginTransactionRequestDecoder;
import io.tuplespace.codecs.CommitTransactionRequestDecoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.RenewTransactionRequestDecoder;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.DirectBuffer;

/**
 * Decodes the transaction requests (begin, renew, commit, abort) and hands them to the engine. Called by
 * {@link RequestAdapter} once the frame's header and session are checked.
 */
final class TransactionRequestAdapter
{
    private final BeginTransactionRequestDecoder beginDecoder = new BeginTransactionRequestDecoder();
    private final RenewTransactionRequestDecoder renewDecoder = new RenewTransactionRequestDecoder();
    private final CommitTransactionRequestDecoder commitDecoder = new CommitTransactionRequestDecoder();
    private final AbortTransactionRequestDecoder abortDecoder = new AbortTransactionRequestDecoder();
    private final ClientSessions sessions;
    private final TupleSpaceEngine engine;
    private final TupleSpaceCounters counters;

    TransactionRequestAdapter(
        final ClientSessions sessions, final TupleSpaceEngine engine, final TupleSpaceCounters counters)
    {
        this.sessions = sessions;
        this.engine = engine;
        this.counters = counters;
    }

    void onRequest(
        final ClientSession session,
        final int templateId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength,
        final long nowMs)
    {
        final int version = MessageHeaderDecoder.SCHEMA_VERSION;
        switch (templateId)
        {
            case BeginTransactionRequestDecoder.TEMPLATE_ID:
                if (isWellFormed(session, buffer, offset, length, blockLength,
                    BeginTransactionRequestDecoder.BLOCK_LENGTH))
                {
                    beginDecoder.wrap(buffer, offset, blockLength, version);
                    counters.onOperation(Operation.TRANSACTION_BEGIN);
                    engine.beginTransaction(
                        session.sessionId, beginDecoder.correlationId(), beginDecoder.leaseMs(), nowMs);
                }
                break;
            case RenewTransactionRequestDecoder.TEMPLATE_ID:
                if (isWellFormed(session, buffer, offset, length, blockLength,
                    RenewTransactionRequestDecoder.BLOCK_LENGTH))
                {
                    renewDecoder.wrap(buffer, offset, blockLength, version);
                    counters.onOperation(Operation.TRANSACTION_RENEW);
                    engine.renewTransaction(session.sessionId, renewDecoder.correlationId(),
                        renewDecoder.transactionId(), renewDecoder.leaseMs(), nowMs);
                }
                break;
            case CommitTransactionRequestDecoder.TEMPLATE_ID:
                if (isWellFormed(session, buffer, offset, length, blockLength,
                    CommitTransactionRequestDecoder.BLOCK_LENGTH))
                {
                    commitDecoder.wrap(buffer, offset, blockLength, version);
                    counters.onOperation(Operation.TRANSACTION_COMMIT);
                    engine.commitTransaction(
                        session.sessionId, commitDecoder.correlationId(), commitDecoder.transactionId());
                }
                break;
            default:
                if (isWellFormed(session, buffer, offset, length, blockLength,
                    AbortTransactionRequestDecoder.BLOCK_LENGTH))
                {
                    abortDecoder.wrap(buffer, offset, blockLength, version);
                    counters.onOperation(Operation.TRANSACTION_ABORT);
                    engine.abortTransaction(
                        session.sessionId, abortDecoder.correlationId(), abortDecoder.transactionId());
                }
        }
    }

    private boolean isWellFormed(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength,
        final int expectedBlockLength)
    {
        final long correlationId = RequestFrames.correlationIdOf(buffer, offset, blockLength);
        final String malformed = RequestFrames.checkFixed(length, blockLength, expectedBlockLength);
        if (null != malformed)
        {
            sessions.onError(session.sessionId, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "malformed transaction request: " + malformed);
            return false;
        }
        if (!session.isHandshakeDone)
        {
            sessions.onError(session.sessionId, correlationId, ErrorCode.NOT_CONNECTED,
                "transaction request before ConnectRequest");
            return false;
        }
        return true;
    }
}
