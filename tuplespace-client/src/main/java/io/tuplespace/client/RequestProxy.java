package io.tuplespace.client;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.tuplespace.codecs.AbortTransactionRequestEncoder;
import io.tuplespace.codecs.BeginTransactionRequestEncoder;
import io.tuplespace.codecs.CancelLeaseRequestEncoder;
import io.tuplespace.codecs.CancelRegistrationRequestEncoder;
import io.tuplespace.codecs.CancelRequestEncoder;
import io.tuplespace.codecs.CommitTransactionRequestEncoder;
import io.tuplespace.codecs.ConnectRequestEncoder;
import io.tuplespace.codecs.DisconnectRequestEncoder;
import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.MatchRequestEncoder;
import io.tuplespace.codecs.MessageHeaderEncoder;
import io.tuplespace.codecs.OutBatchRequestEncoder;
import io.tuplespace.codecs.OutRequestEncoder;
import io.tuplespace.codecs.ReadPageRequestEncoder;
import io.tuplespace.codecs.ReleaseSegmentsRequestEncoder;
import io.tuplespace.codecs.RegisterRequestEncoder;
import io.tuplespace.codecs.RenewLeaseRequestEncoder;
import io.tuplespace.codecs.RenewRegistrationRequestEncoder;
import io.tuplespace.codecs.RenewTransactionRequestEncoder;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Encodes requests and offers them on the client's exclusive request publication. An exclusive publication has a
 * single writer, so every send holds a lock; the encoders and buffers behind it are reused.
 */
final class RequestProxy
{
    /** Bytes an OutRequest, or an OutBatchRequest of one tuple, adds around the encoded tuple: the larger. */
    static final int OUT_REQUEST_OVERHEAD = MessageHeaderEncoder.ENCODED_LENGTH + Math.max(
        OutRequestEncoder.BLOCK_LENGTH + OutRequestEncoder.tupleHeaderLength(),
        OutBatchRequestEncoder.BLOCK_LENGTH + OutBatchRequestEncoder.TuplesEncoder.sbeHeaderSize() +
        OutBatchRequestEncoder.TuplesEncoder.tupleHeaderLength());

    /** Bytes a MatchRequest, ReadPageRequest or RegisterRequest adds around the encoded template: the largest. */
    static final int TEMPLATE_REQUEST_OVERHEAD = MessageHeaderEncoder.ENCODED_LENGTH + Math.max(
        MatchRequestEncoder.BLOCK_LENGTH + MatchRequestEncoder.patternHeaderLength(), Math.max(
        ReadPageRequestEncoder.BLOCK_LENGTH + ReadPageRequestEncoder.patternHeaderLength(),
        RegisterRequestEncoder.BLOCK_LENGTH + RegisterRequestEncoder.patternHeaderLength()));

    /** Most segments one ReleaseSegmentsRequest releases. */
    static final int MAX_RELEASES = 1024;

    /** Most tuples in one OutBatchRequest. */
    static final int MAX_BATCH_TUPLES = 1024;
    private static final int BATCH_ENTRY_OVERHEAD = OutBatchRequestEncoder.TuplesEncoder.tupleHeaderLength();

    private final ReentrantLock lock = new ReentrantLock();
    private final ExclusivePublication publication;
    private final ExpandableDirectByteBuffer message = new ExpandableDirectByteBuffer(1024);
    private final ExpandableDirectByteBuffer payload = new ExpandableDirectByteBuffer(1024);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ConnectRequestEncoder connectEncoder = new ConnectRequestEncoder();
    private final DisconnectRequestEncoder disconnectEncoder = new DisconnectRequestEncoder();
    private final OutRequestEncoder outEncoder = new OutRequestEncoder();
    private final MatchRequestEncoder matchEncoder = new MatchRequestEncoder();
    private final CancelRequestEncoder cancelEncoder = new CancelRequestEncoder();
    private final RenewLeaseRequestEncoder renewLeaseEncoder = new RenewLeaseRequestEncoder();
    private final BeginTransactionRequestEncoder beginEncoder = new BeginTransactionRequestEncoder();
    private final RenewTransactionRequestEncoder renewTransactionEncoder = new RenewTransactionRequestEncoder();
    private final CommitTransactionRequestEncoder commitEncoder = new CommitTransactionRequestEncoder();
    private final AbortTransactionRequestEncoder abortEncoder = new AbortTransactionRequestEncoder();
    private final RegisterRequestEncoder registerEncoder = new RegisterRequestEncoder();
    private final ReadPageRequestEncoder readPageEncoder = new ReadPageRequestEncoder();
    private final RenewRegistrationRequestEncoder renewRegistrationEncoder = new RenewRegistrationRequestEncoder();
    private final CancelRegistrationRequestEncoder cancelRegistrationEncoder = new CancelRegistrationRequestEncoder();
    private final CancelLeaseRequestEncoder cancelLeaseEncoder = new CancelLeaseRequestEncoder();
    private final ReleaseSegmentsRequestEncoder releaseEncoder = new ReleaseSegmentsRequestEncoder();
    private final TupleCodec tupleCodec = new TupleCodec();
    private final OutBatchRequestEncoder outBatchEncoder = new OutBatchRequestEncoder();
    private final ExpandableDirectByteBuffer batch = new ExpandableDirectByteBuffer(4096);
    private final int[] batchLengths = new int[MAX_BATCH_TUPLES];
    private final LongSupplier asyncCorrelationIds;
    private final int maxBatchBytes;
    private int batchCount;
    private int batchBytes;
    private long batchLeaseMs;
    private long batchTransactionId;
    private final IdleStrategy idleStrategy;
    private final Runnable checkOpen;

    RequestProxy(
        final ExclusivePublication publication,
        final IdleStrategy idleStrategy,
        final Runnable checkOpen,
        final LongSupplier asyncCorrelationIds,
        final int maxBatchBytes)
    {
        this.publication = publication;
        this.idleStrategy = idleStrategy;
        this.checkOpen = checkOpen;
        this.asyncCorrelationIds = asyncCorrelationIds;
        this.maxBatchBytes = maxBatchBytes;
    }

    void connect(final long correlationId, final long aeronClientId, final String clientName)
    {
        lock.lock();
        try
        {
            connectEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .processId(ProcessHandle.current().pid())
                .aeronClientId(aeronClientId)
                .clientName(clientName);
            offer(connectEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    boolean tryDisconnect(final long correlationId)
    {
        lock.lock();
        try
        {
            disconnectEncoder.wrapAndApplyHeader(message, 0, headerEncoder).correlationId(correlationId);
            return publication.offer(
                message, 0, MessageHeaderEncoder.ENCODED_LENGTH + disconnectEncoder.encodedLength()) > 0;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param encodedLength of the tuple, which the caller has checked against the limits beforehand.
     */
    void out(
        final long correlationId,
        final Tuple tuple,
        final int encodedLength,
        final long leaseMs,
        final long transactionId)
    {
        lock.lock();
        try
        {
            sendPendingBatch();
            payload.checkLimit(encodedLength);
            tupleCodec.encode(tuple, payload, 0);
            message.checkLimit(OUT_REQUEST_OVERHEAD + encodedLength);
            outEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .leaseMs(leaseMs)
                .transactionId(transactionId)
                .putTuple(payload, 0, encodedLength);
            offer(outEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    void match(
        final long correlationId,
        final MatchOperation operation,
        final long timeoutMs,
        final int maxTuples,
        final long transactionId,
        final boolean isIfExists,
        final Template template)
    {
        lock.lock();
        try
        {
            sendPendingBatch();
            final DirectBuffer pattern = template.encoding();
            final int length = pattern.capacity();
            message.checkLimit(MessageHeaderEncoder.ENCODED_LENGTH + MatchRequestEncoder.BLOCK_LENGTH +
                MatchRequestEncoder.patternHeaderLength() + length);
            matchEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .operation(operation)
                .timeoutMs(timeoutMs)
                .maxTuples(maxTuples)
                .transactionId(transactionId)
                .ifExists((short)(isIfExists ? 1 : 0))
                .putPattern(pattern, 0, length);
            offer(matchEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Queue a tuple for the next OutBatchRequest, sending the batch first if the tuple would not fit.
     *
     * A batch carries one lease and one transaction for all its tuples, so a tuple with others is sent in the
     * next batch.
     *
     * @param leaseMs       0 for none, -1 for ever, or above 0.
     * @param transactionId 0 for none.
     * @return true if a batch was sent, so one more response is owed.
     */
    boolean queue(final Tuple tuple, final int encodedLength, final long leaseMs, final long transactionId)
    {
        lock.lock();
        try
        {
            boolean isSent = false;
            if (batchCount > 0 && (batchCount == MAX_BATCH_TUPLES ||
                batchBytes + encodedLength + BATCH_ENTRY_OVERHEAD > maxBatchBytes ||
                leaseMs != batchLeaseMs || transactionId != batchTransactionId))
            {
                isSent = sendPendingBatch();
            }
            batchLeaseMs = leaseMs;
            batchTransactionId = transactionId;
            batch.checkLimit(batchBytes + encodedLength);
            tupleCodec.encode(tuple, batch, batchBytes);
            batchLengths[batchCount++] = encodedLength;
            batchBytes += encodedLength;
            return isSent;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Release segments with one attempt and without waiting: from the thread that decodes responses, which must
     * never block on a request publication that only drains once responses are read.
     *
     * @param segmentIds to release: the first {@link #MAX_RELEASES} at most.
     * @return how many were sent: 0 if the publication is busy or back-pressured.
     */
    int tryReleaseSegments(final long correlationId, final LongArrayList segmentIds)
    {
        if (!lock.tryLock())
        {
            return 0;
        }
        try
        {
            final int count = Math.min(segmentIds.size(), MAX_RELEASES);
            final ReleaseSegmentsRequestEncoder.SegmentsEncoder segments = releaseEncoder
                .wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .segmentsCount(count);
            for (int i = 0; i < count; i++)
            {
                segments.next().segmentId(segmentIds.getLong(i));
            }
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + releaseEncoder.encodedLength();
            return publication.offer(message, 0, length) > 0 ? count : 0;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Send the queued tuples, if any, as one OutBatchRequest.
     *
     * @return true if a batch was sent.
     */
    boolean sendPendingBatch()
    {
        lock.lock();
        try
        {
            if (0 == batchCount)
            {
                return false;
            }
            message.checkLimit(OUT_REQUEST_OVERHEAD + batchBytes + batchCount * BATCH_ENTRY_OVERHEAD);
            final OutBatchRequestEncoder.TuplesEncoder entries = outBatchEncoder
                .wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(asyncCorrelationIds.getAsLong())
                .leaseMs(batchLeaseMs)
                .transactionId(batchTransactionId)
                .tuplesCount(batchCount);
            for (int i = 0, offset = 0; i < batchCount; offset += batchLengths[i], i++)
            {
                entries.next().putTuple(batch, offset, batchLengths[i]);
            }
            batchCount = 0;
            batchBytes = 0;
            offer(outBatchEncoder.encodedLength());
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    void renewLease(final long correlationId, final long leaseId, final long leaseMs)
    {
        lock.lock();
        try
        {
            sendPendingBatch();
            renewLeaseEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .leaseId(leaseId)
                .leaseMs(leaseMs);
            offer(renewLeaseEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    void cancelLease(final long correlationId, final long leaseId)
    {
        lock.lock();
        try
        {
            sendPendingBatch();
            cancelLeaseEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .leaseId(leaseId);
            offer(cancelLeaseEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    void beginTransaction(final long correlationId, final long leaseMs)
    {
        lock.lock();
        try
        {
            sendPendingBatch();
            beginEncoder.wrapAndApplyHeader(message, 0, headerEncoder).correlationId(correlationId).leaseMs(leaseMs);
            offer(beginEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    void renewTransaction(final long correlationId, final long transactionId, final long leaseMs)
    {
        lock.lock();
        try
        {
            sendPendingBatch();
            renewTransactionEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .transactionId(transactionId)
                .leaseMs(leaseMs);
            offer(renewTransactionEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    void endTransaction(final long correlationId, final long transactionId, final boolean isCommit)
    {
        lock.lock();
        try
        {
            sendPendingBatch();
            if (isCommit)
            {
                commitEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                    .correlationId(correlationId)
                    .transactionId(transactionId);
                offer(commitEncoder.encodedLength());
            }
            else
            {
                abortEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                    .correlationId(correlationId)
                    .transactionId(transactionId);
                offer(abortEncoder.encodedLength());
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    void readPage(
        final long correlationId,
        final int maxTuples,
        final long afterSequence,
        final long transactionId,
        final Template template)
    {
        lock.lock();
        try
        {
            sendPendingBatch();
            final DirectBuffer pattern = template.encoding();
            message.checkLimit(MessageHeaderEncoder.ENCODED_LENGTH + ReadPageRequestEncoder.BLOCK_LENGTH +
                ReadPageRequestEncoder.patternHeaderLength() + pattern.capacity());
            readPageEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .maxTuples(maxTuples)
                .afterSequence(afterSequence)
                .transactionId(transactionId)
                .putPattern(pattern, 0, pattern.capacity());
            offer(readPageEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    void register(
        final long correlationId,
        final EventKind kind,
        final boolean isVisibilityOnly,
        final long leaseMs,
        final long transactionId,
        final Template template)
    {
        lock.lock();
        try
        {
            sendPendingBatch();
            final DirectBuffer pattern = template.encoding();
            message.checkLimit(MessageHeaderEncoder.ENCODED_LENGTH + RegisterRequestEncoder.BLOCK_LENGTH +
                RegisterRequestEncoder.patternHeaderLength() + pattern.capacity());
            registerEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .eventKind(kind)
                .visibilityOnly((short)(isVisibilityOnly ? 1 : 0))
                .leaseMs(leaseMs)
                .transactionId(transactionId)
                .putPattern(pattern, 0, pattern.capacity());
            offer(registerEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    void renewRegistration(final long correlationId, final long registrationId, final long leaseMs)
    {
        lock.lock();
        try
        {
            renewRegistrationEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .registrationId(registrationId)
                .leaseMs(leaseMs);
            offer(renewRegistrationEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    void cancelRegistration(final long correlationId, final long registrationId)
    {
        lock.lock();
        try
        {
            cancelRegistrationEncoder.wrapAndApplyHeader(message, 0, headerEncoder)
                .correlationId(correlationId)
                .registrationId(registrationId);
            offer(cancelRegistrationEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    void cancel(final long correlationId)
    {
        lock.lock();
        try
        {
            cancelEncoder.wrapAndApplyHeader(message, 0, headerEncoder).correlationId(correlationId);
            offer(cancelEncoder.encodedLength());
        }
        finally
        {
            lock.unlock();
        }
    }

    private void offer(final int messageLength)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + messageLength;
        idleStrategy.reset();
        while (true)
        {
            final long result = publication.offer(message, 0, length);
            if (result > 0)
            {
                return;
            }
            if (Publication.NOT_CONNECTED == result || Publication.CLOSED == result ||
                Publication.MAX_POSITION_EXCEEDED == result)
            {
                throw new TupleSpaceClosedException("cannot send to the tuple space server: " +
                    Publication.errorString(result) + " (server stopped or session closed)");
            }
            // Back-pressure: the server reads requests as fast as it can answer them, so wait for it.
            checkOpen.run();
            idleStrategy.idle();
        }
    }
}
