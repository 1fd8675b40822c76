package io.tuplespace.client;

import io.tuplespace.codecs.Limit;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.Limits;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;

/**
 * Readies tuples and templates for a request: moves large byte arrays to shared memory, and checks encoded sizes
 * against what the server accepts and a request carries, so an oversized one is refused before anything is sent.
 * Thread-safe.
 */
final class OutboundTuples
{
    private final ClientContext ctx;
    private final ClientConnection connection;
    private final SharedMemory sharedMemory;

    OutboundTuples(final ClientContext ctx, final ClientConnection connection)
    {
        this.ctx = ctx;
        this.connection = connection;
        this.sharedMemory = connection.sharedMemory();
    }

    /**
     * Byte arrays from the threshold up go to shared memory; if the tuple still does not fit a message, so do all
     * its byte arrays, so that a large payload works whatever the threshold (unless the threshold is 0: never).
     */
    Tuple externalize(final Tuple tuple)
    {
        final int threshold = ctx.segmentThreshold();
        final Tuple sent = sharedMemory.externalize(tuple, threshold);
        return threshold > 0 && TupleCodec.encodedLength(sent) > maxTupleLength() ?
            sharedMemory.externalize(sent, 1) : sent;
    }

    /**
     * Delete the segments {@link #externalize} made for a tuple whose out was refused or never sent; segments the
     * caller shared itself stay, since it may out them again.
     */
    void discardExternalized(final Tuple tuple, final Tuple sent)
    {
        if (sent != tuple)
        {
            sharedMemory.discardCopies(tuple, sent);
        }
    }

    /**
     * @return the largest encoded tuple this client can out: what the server accepts, within what this client's
     * request publication carries.
     */
    int maxTupleLength()
    {
        return Math.min(connection.serverMaxTupleLength(),
            CommonConfiguration.maxMessageLength(ctx.termLength()) - RequestProxy.OUT_REQUEST_OVERHEAD);
    }

    /**
     * @return the tuple's encoded length.
     * @throws LimitExceededException if it is larger than {@link #maxTupleLength()}.
     */
    int checkedLength(final Tuple tuple)
    {
        final int length = TupleCodec.encodedLength(tuple);
        checkTupleBytes("tuple", length, maxTupleLength());
        return length;
    }

    /**
     * A template larger than a request carries would fail in Aeron's offer; one larger than the server takes would
     * be refused by it: say so before sending.
     */
    Template checked(final Template template)
    {
        checkTupleBytes("template", template.encoding().capacity(), Math.min(connection.serverMaxTupleLength(),
            CommonConfiguration.maxMessageLength(ctx.termLength()) - RequestProxy.TEMPLATE_REQUEST_OVERHEAD));
        return template;
    }

    private static void checkTupleBytes(final String what, final int length, final int limit)
    {
        if (length > limit)
        {
            throw new LimitExceededException(Limit.TUPLE_BYTES, limit, Limits.describe(Limit.TUPLE_BYTES) +
                " limit of " + limit + " exceeded (" + Limits.MAX_TUPLE_BYTES_PROP_NAME + ", at most " +
                CommonConfiguration.TERM_LENGTH_PROP_NAME + " / 8 less framing, of the server and of this client): " +
                what + " has " + length + " encoded bytes; nothing was sent");
        }
    }
}
