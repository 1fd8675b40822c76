package io.tuplespace.server;

import io.tuplespace.codecs.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

/**
 * Shape checks for a request's body, made before any decoder reads it: the fixed block is long enough and the
 * body ends exactly where its lengths say, with nothing missing and nothing trailing.
 * <p>
 * Each check returns null when the body is well formed, else a reason fit for an error response. The reason is
 * built only for a malformed frame, so well-formed requests allocate nothing.
 */
final class RequestFrames
{
    /** The correlation id to answer with when a request's own cannot be read. */
    static final long UNKNOWN_CORRELATION_ID = -1;

    private static final int VAR_DATA_HEADER_LENGTH = 4;

    private RequestFrames()
    {
    }

    /**
     * Every request starts with its int64 correlation id, so an error can name the request it answers whenever
     * the block holds one.
     *
     * @return the request's correlation id, or {@link #UNKNOWN_CORRELATION_ID} if the block is too short for one.
     */
    static long correlationIdOf(final DirectBuffer buffer, final int bodyOffset, final int blockLength)
    {
        return blockLength >= Long.BYTES ?
            buffer.getLong(bodyOffset, MessageHeaderDecoder.BYTE_ORDER) : UNKNOWN_CORRELATION_ID;
    }

    /**
     * A message with only a fixed block.
     */
    static String checkFixed(final int bodyLength, final int blockLength, final int expectedBlockLength)
    {
        if (blockLength < expectedBlockLength)
        {
            return shortBlock(blockLength, expectedBlockLength);
        }
        return bodyLength == blockLength ? null : trailing(bodyLength - blockLength);
    }

    /**
     * A message with a fixed block followed by one var data field.
     */
    static String checkVarData(
        final DirectBuffer buffer,
        final int bodyOffset,
        final int bodyLength,
        final int blockLength,
        final int expectedBlockLength)
    {
        if (blockLength < expectedBlockLength)
        {
            return shortBlock(blockLength, expectedBlockLength);
        }
        if (blockLength + VAR_DATA_HEADER_LENGTH > bodyLength)
        {
            return "no room for the var data length after the " + blockLength + " byte block";
        }
        final long varLength = buffer.getInt(bodyOffset + blockLength, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF_FFFFL;
        final long end = blockLength + VAR_DATA_HEADER_LENGTH + varLength;
        if (end > bodyLength)
        {
            return "var data of " + varLength + " bytes runs past the end of the frame";
        }
        return end == bodyLength ? null : trailing(bodyLength - end);
    }

    private static String shortBlock(final int blockLength, final int expectedBlockLength)
    {
        return "block of " + blockLength + " bytes, expected " + expectedBlockLength;
    }

    private static String trailing(final long excess)
    {
        return excess + " trailing bytes after the message";
    }
}
