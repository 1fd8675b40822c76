package io.tuplespace.server;

import io.tuplespace.codecs.CancelLeaseRequestEncoder;
import io.tuplespace.codecs.ConnectRequestEncoder;
import io.tuplespace.codecs.DisconnectRequestEncoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.FieldKind;
import io.tuplespace.codecs.FieldType;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.MatchRequestEncoder;
import io.tuplespace.codecs.MessageHeaderEncoder;
import io.tuplespace.codecs.OutBatchRequestEncoder;
import io.tuplespace.codecs.OutRequestEncoder;
import io.tuplespace.codecs.ReadPageRequestEncoder;
import io.tuplespace.codecs.RegisterRequestEncoder;
import io.tuplespace.codecs.TemplateEncoder;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Frames a real client never sends, one per way a request can be malformed, each with the error it must earn:
 * (name, frame, code, part of the reason, correlation id of the answer).
 */
final class BadFrames
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final Tuple TASK = Tuple.of("task", 1L);
    private static final Template ANY_TASK = Template.of("task", Formal.LONG);
    /** Where the tuple starts in an OutRequest frame: header, block, var data length. */
    private static final int OUT_TUPLE_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + OutRequestEncoder.BLOCK_LENGTH + 4;
    /** Where the template starts in a MatchRequest frame. */
    private static final int MATCH_TEMPLATE_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + MatchRequestEncoder.BLOCK_LENGTH + 4;

    /** Where the tuple count of an OutBatchRequest frame's group header is. */
    private static final int BATCH_COUNT_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + OutBatchRequestEncoder.BLOCK_LENGTH + 2;

    private BadFrames()
    {
    }

    static Stream<Arguments> all()
    {
        return Stream.of(
            arguments("unknown schema id", with(out(21, tuple(TASK)), 4, (short)99), ErrorCode.UNKNOWN_MESSAGE,
                "unknown schema id 99", -1L),
            arguments("var data length past the frame", withInt(out(22, tuple(TASK)), OUT_TUPLE_OFFSET - 4, 500),
                ErrorCode.MALFORMED_MESSAGE, "runs past the end of the frame", 22L),
            arguments("trailing bytes", Arrays.copyOf(out(23, tuple(TASK)), out(23, tuple(TASK)).length + 3),
                ErrorCode.MALFORMED_MESSAGE, "3 trailing bytes", 23L),
            arguments("block shorter than the message's", shortCancelLease(24), ErrorCode.MALFORMED_MESSAGE,
                "block of 8 bytes, expected 16", 24L),
            arguments("truncated tuple", out(25, Arrays.copyOf(tuple(TASK), tuple(TASK).length - 2)),
                ErrorCode.INVALID_TUPLE, "runs past the end", 25L),
            arguments("invalid UTF-8 in a string field", out(26, replace(tuple(TASK), "task", 0xC3, 0x28, 's', 'k')),
                ErrorCode.INVALID_TUPLE, "not valid UTF-8 at byte 0", 26L),
            arguments("UTF-8 encoded surrogate", out(27, replace(tuple(TASK), "task", 't', 0xED, 0xA0, 0x80)),
                ErrorCode.INVALID_TUPLE, "not valid UTF-8 at byte 1", 27L),
            arguments("overlong UTF-8", out(28, replace(tuple(TASK), "task", 0xC0, 0xAF, 's', 'k')),
                ErrorCode.INVALID_TUPLE, "not valid UTF-8", 28L),
            arguments("invalid UTF-8 in the client name", connect(29, new byte[]{ 'r', (byte)0xFF, 'w' }),
                ErrorCode.MALFORMED_MESSAGE, "clientName is not valid UTF-8 at byte 1", 29L),
            arguments("unknown field type", out(30, with(tuple(TASK), 12, (byte)9)), ErrorCode.INVALID_TUPLE,
                "unknown type 9", 30L),
            arguments("tuple encoding of another version", out(31, with(tuple(TASK), 6, (short)2)),
                ErrorCode.INVALID_TUPLE, "encoding version 2", 31L),
            arguments("unknown field kind", match(32, with(template(ANY_TASK), 13, (byte)7)),
                ErrorCode.INVALID_TEMPLATE, "unknown kind 7", 32L),
            arguments("matchPrefix out of range", match(33, with(template(ANY_TASK), 8, (byte)2)),
                ErrorCode.INVALID_TEMPLATE, "matchPrefix must be 0 or 1, got 2", 33L),
            arguments("formal field carrying a value", match(34, formalWithValue()), ErrorCode.INVALID_TEMPLATE,
                "FORMAL field carries 1 value bytes", 34L),
            arguments("unknown match operation", with(match(35, template(ANY_TASK)), 16, (byte)9),
                ErrorCode.MALFORMED_MESSAGE, "unknown match operation 9", 35L),
            arguments("negative maxTuples", withInt(match(36, template(ANY_TASK)), 25, -1),
                ErrorCode.MALFORMED_MESSAGE, "maxTuples must be 1", 36L),
            arguments("timeout below -1", withLong(match(37, template(ANY_TASK)), 17, -7),
                ErrorCode.MALFORMED_MESSAGE, "timeout must be -1", 37L),
            arguments("unknown event kind", with(register(38), 16, (byte)5), ErrorCode.MALFORMED_MESSAGE,
                "unknown event kind 5", 38L),
            arguments("visibilityOnly out of range", with(register(39), 17, (byte)2), ErrorCode.MALFORMED_MESSAGE,
                "visibilityOnly must be 0 or 1, got 2", 39L),
            arguments("read page of no tuples", readPage(40, -1, 0), ErrorCode.MALFORMED_MESSAGE,
                "maxTuples must be positive", 40L),
            arguments("read page after a negative cursor", readPage(41, 10, -5), ErrorCode.MALFORMED_MESSAGE,
                "afterSequence must be 0", 41L),
            arguments("batch with more tuples than bytes", withShort(batch(42), BATCH_COUNT_OFFSET, (short)500),
                ErrorCode.MALFORMED_MESSAGE, "runs past the end", 42L),
            arguments("batch with trailing bytes", Arrays.copyOf(batch(43), batch(43).length + 5),
                ErrorCode.MALFORMED_MESSAGE, "5 trailing bytes after the last tuple", 43L),
            arguments("disconnect with trailing bytes", Arrays.copyOf(disconnect(44), disconnect(44).length + 1),
                ErrorCode.MALFORMED_MESSAGE, "malformed DisconnectRequest", 44L));
    }

    private static byte[] tuple(final Tuple tuple)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        return Arrays.copyOf(buffer.byteArray(), new TupleCodec().encode(tuple, buffer, 0));
    }

    private static byte[] template(final Template template)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        return Arrays.copyOf(buffer.byteArray(), new TupleCodec().encode(template, buffer, 0));
    }

    private static byte[] formalWithValue()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final TemplateEncoder encoder = new TemplateEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .matchPrefix((short)0);
        encoder.fieldsCount(1).next().kind(FieldKind.FORMAL).fieldType(FieldType.LONG).numeric(0)
            .putValue(new byte[]{ 1 }, 0, 1);
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private static byte[] out(final long correlationId, final byte[] tuple)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final OutRequestEncoder encoder = new OutRequestEncoder().wrapAndApplyHeader(buffer, 0,
            new MessageHeaderEncoder()).correlationId(correlationId).leaseMs(0).transactionId(0)
            .putTuple(tuple, 0, tuple.length);
        return frame(buffer, encoder.encodedLength());
    }

    private static byte[] match(final long correlationId, final byte[] template)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final MatchRequestEncoder encoder = new MatchRequestEncoder().wrapAndApplyHeader(buffer, 0,
            new MessageHeaderEncoder()).correlationId(correlationId).operation(MatchOperation.READ).timeoutMs(0)
            .maxTuples(1).transactionId(0).ifExists((short)0).putPattern(template, 0, template.length);
        return frame(buffer, encoder.encodedLength());
    }

    private static byte[] register(final long correlationId)
    {
        final byte[] template = template(ANY_TASK);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final RegisterRequestEncoder encoder = new RegisterRequestEncoder().wrapAndApplyHeader(buffer, 0,
            new MessageHeaderEncoder()).correlationId(correlationId).eventKind(EventKind.WRITE)
            .visibilityOnly((short)0).leaseMs(-1).transactionId(0).putPattern(template, 0, template.length);
        return frame(buffer, encoder.encodedLength());
    }

    private static byte[] readPage(final long correlationId, final int maxTuples, final long afterSequence)
    {
        final byte[] template = template(ANY_TASK);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final ReadPageRequestEncoder encoder = new ReadPageRequestEncoder().wrapAndApplyHeader(buffer, 0,
            new MessageHeaderEncoder()).correlationId(correlationId).maxTuples(maxTuples)
            .afterSequence(afterSequence).transactionId(0).putPattern(template, 0, template.length);
        return frame(buffer, encoder.encodedLength());
    }

    private static byte[] batch(final long correlationId)
    {
        final byte[] tuple = tuple(Tuple.of("task", 2L));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final OutBatchRequestEncoder encoder = new OutBatchRequestEncoder().wrapAndApplyHeader(buffer, 0,
            new MessageHeaderEncoder()).correlationId(correlationId);
        encoder.tuplesCount(1).next().putTuple(tuple, 0, tuple.length);
        return frame(buffer, encoder.encodedLength());
    }

    private static byte[] connect(final long correlationId, final byte[] clientName)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final ConnectRequestEncoder encoder = new ConnectRequestEncoder().wrapAndApplyHeader(buffer, 0,
            new MessageHeaderEncoder()).correlationId(correlationId).processId(1)
            .putClientName(clientName, 0, clientName.length);
        return frame(buffer, encoder.encodedLength());
    }

    private static byte[] disconnect(final long correlationId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        return frame(buffer, new DisconnectRequestEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(correlationId).encodedLength());
    }

    /**
     * A CancelLeaseRequest whose header's block length, and body, stop after the correlation id.
     */
    private static byte[] shortCancelLease(final long correlationId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        new CancelLeaseRequestEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(correlationId);
        buffer.putShort(0, (short)Long.BYTES, LE);
        return frame(buffer, Long.BYTES);
    }

    private static byte[] frame(final MutableDirectBuffer buffer, final int messageLength)
    {
        final byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + messageLength];
        buffer.getBytes(0, frame);
        return frame;
    }

    private static byte[] replace(final byte[] bytes, final String text, final int... replacement)
    {
        final byte[] target = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + target.length <= bytes.length; i++)
        {
            if (Arrays.equals(bytes, i, i + target.length, target, 0, target.length))
            {
                final byte[] replaced = bytes.clone();
                for (int k = 0; k < replacement.length; k++)
                {
                    replaced[i + k] = (byte)replacement[k];
                }
                return replaced;
            }
        }
        throw new IllegalArgumentException(text + " not found");
    }

    private static byte[] with(final byte[] bytes, final int index, final byte value)
    {
        final byte[] changed = bytes.clone();
        changed[index] = value;
        return changed;
    }

    private static byte[] with(final byte[] bytes, final int index, final short value)
    {
        return withShort(bytes, index, value);
    }

    private static byte[] withShort(final byte[] bytes, final int index, final short value)
    {
        final byte[] changed = bytes.clone();
        new org.agrona.concurrent.UnsafeBuffer(changed).putShort(index, value, LE);
        return changed;
    }

    private static byte[] withInt(final byte[] bytes, final int index, final int value)
    {
        final byte[] changed = bytes.clone();
        new org.agrona.concurrent.UnsafeBuffer(changed).putInt(index, value, LE);
        return changed;
    }

    private static byte[] withLong(final byte[] bytes, final int index, final long value)
    {
        final byte[] changed = bytes.clone();
        new org.agrona.concurrent.UnsafeBuffer(changed).putLong(index, value, LE);
        return changed;
    }
}
