package io.tuplespace.core;

import io.tuplespace.codecs.MatchOperation;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Segment references as tuple fields: their encoding, how they match, and the engine's report of tuples entering
 * and leaving storage, which the server counts segment holds with.
 */
class SharedBytesTest
{
    private static final long SEGMENT_ID = 0x1234_5678_0000_0009L;

    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final MatchingTest.RecordingListener listener = new MatchingTest.RecordingListener();
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, 0);
    private final List<String> storage = new ArrayList<>();
    private final SegmentReferences references = new SegmentReferences();

    @Test
    void aReferenceRoundTripsAndIsResolvedByTheDecodersResolver()
    {
        final SharedBytes shared = mapped(SEGMENT_ID, new byte[]{ 1, 2, 3 });
        final int length = codec.encode(Tuple.of("job", shared), buffer, 0);

        final Tuple unresolved = codec.decode(buffer, 0, length);
        assertThat(unresolved.getShared(1)).isEqualTo(shared);
        assertThat(unresolved.getShared(1).isAvailable()).isFalse();
        assertThatThrownBy(() -> unresolved.getBytes(1)).isInstanceOf(SegmentUnavailableException.class)
            .hasMessageContaining("not mapped");

        final List<Long> resolved = new ArrayList<>();
        codec.segmentResolver((segmentId, payloadLength) ->
        {
            resolved.add(segmentId);
            return mapped(segmentId, new byte[payloadLength]);
        });
        final Tuple decoded = codec.decode(buffer, 0, length);
        assertThat(resolved).containsExactly(SEGMENT_ID);
        assertThat(decoded.isShared(1)).isTrue();
        assertThat(decoded.getShared(1).length()).isEqualTo(3);
        assertThat(references.scan(buffer, 0, length)).isOne();
        assertThat(references.segmentId(0)).isEqualTo(SEGMENT_ID);
    }

    @Test
    void inlineBytesEqualToAReferenceNeverMatchIt()
    {
        final SharedBytes shared = mapped(SEGMENT_ID, new byte[16]);
        final int length = codec.encode(Tuple.of(shared), buffer, 0);
        final byte[] sameBytesInline = new byte[SharedBytes.REFERENCE_LENGTH];
        buffer.getBytes(length - SharedBytes.REFERENCE_LENGTH, sameBytesInline);

        engine.out(1, 1, buffer, 0, length);

        assertThat(rdp(Template.of(sameBytesInline))).isFalse();
        assertThat(rdp(Template.of(Formal.BYTES))).isTrue();
        assertThat(rdp(Template.of(mapped(SEGMENT_ID, new byte[16])))).isTrue();
        assertThat(rdp(Template.of(mapped(SEGMENT_ID + 1, new byte[16])))).isFalse();
        assertThat(references.scan(buffer, 0, codec.encode(Tuple.of(sameBytesInline), buffer, 0))).isZero();
    }

    @Test
    void aBytesFieldWithAnotherNumericIsRejectedAsInvalid()
    {
        final int length = codec.encode(Tuple.of(new byte[SharedBytes.REFERENCE_LENGTH + 1]), buffer, 0);
        final int numericOffset = length - (SharedBytes.REFERENCE_LENGTH + 1) - Integer.BYTES - Long.BYTES;
        buffer.putLong(numericOffset, SharedBytes.MARKER);

        assertThatThrownBy(() -> codec.decode(buffer, 0, length)).isInstanceOf(InvalidTupleException.class)
            .hasMessageContaining("segment reference");
    }

    @Test
    void theStoredTupleListenerSeesEveryRecordStoredAndRemoved()
    {
        engine.storedTupleListener(new StoredTupleListener()
        {
            public void onStored(final DirectBuffer tuple, final int offset, final int length)
            {
                storage.add("stored " + codec.decode(tuple, offset, length));
            }

            public void onRemoved(final DirectBuffer tuple, final int offset, final int length)
            {
                storage.add("removed " + codec.decode(tuple, offset, length));
            }
        });
        final Template any = Template.of(Formal.LONG);
        final byte[] template = TupleCodec.encodeToArray(any);
        final UnsafeBuffer pattern = new UnsafeBuffer(template);

        engine.match(2, 1, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER, pattern, 0, template.length, 0);
        engine.out(1, 1, buffer, 0, codec.encode(Tuple.of(1L), buffer, 0));
        engine.out(1, 2, buffer, 0, codec.encode(Tuple.of(2L), buffer, 0));
        engine.out(1, 3, buffer, 0, codec.encode(Tuple.of(3L), buffer, 0), 10, 0);
        engine.match(2, 2, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, pattern, 0, template.length, 0);
        engine.expireTimeouts(10);

        assertThat(storage).containsExactly(
            "stored (2L)", "stored (3L)", "removed (2L)", "removed (3L)");
    }

    private boolean rdp(final Template template)
    {
        final byte[] encoded = TupleCodec.encodeToArray(template);
        listener.drain();
        engine.match(2, 9, MatchOperation.READ, TupleSpaceEngine.NO_WAIT,
            new UnsafeBuffer(encoded), 0, encoded.length, 0);
        return MatchingTest.Event.Kind.TUPLE == listener.drain().get(0).kind();
    }

    private static SharedBytes mapped(final long segmentId, final byte[] content)
    {
        return SharedBytes.mapped(segmentId, content.length, ByteBuffer.wrap(content));
    }
}
