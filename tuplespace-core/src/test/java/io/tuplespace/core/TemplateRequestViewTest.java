package io.tuplespace.core;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template that repeats the last valid one is moved onto, not checked again, and must give exactly what checking
 * it would.
 */
class TemplateRequestViewTest
{
    private final TupleCodec codec = new TupleCodec();
    private final TemplateRequestView requestView = new TemplateRequestView();
    private final FieldsView checked = new FieldsView();

    @Test
    void aRepeatedTemplateElsewhereWrapsAsCheckingItWould()
    {
        final ExpandableArrayBuffer first = new ExpandableArrayBuffer();
        final ExpandableArrayBuffer second = new ExpandableArrayBuffer();
        final Template template = Template.of("job", Formal.LONG, "na\u00efve", new byte[]{ 1, 2 });
        final int length = codec.encode(template, first, 8);
        codec.encode(template, second, 100);

        assertSameResult(first, 8, length);
        assertSameResult(second, 100, length);
        assertSameResult(first, 8, length);
    }

    @Test
    void aTemplateOfTheSameLengthThatDiffersInOneByteIsChecked()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = codec.encode(Template.of("ab", Formal.LONG), buffer, 0);
        assertThat(requestView.wrap(buffer, 0, length)).isNull();

        final int stringValue = indexOf(buffer, length, (byte)'b');
        buffer.putByte(stringValue, (byte)0xFF);

        assertThat(requestView.wrap(buffer, 0, length)).isEqualTo("field 0: string is not valid UTF-8 at byte 1 of 2");
        assertThat(requestView.wrap(buffer, 0, length)).as("an invalid template is never remembered")
            .isEqualTo("field 0: string is not valid UTF-8 at byte 1 of 2");
    }

    @Test
    void anEmptyTemplateIsRejectedWhetherOrNotATemplateIsRemembered()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        assertThat(requestView.wrap(buffer, 0, 0)).isEqualTo("encoding too short: 0 bytes");

        final int length = codec.encode(Template.of("job", Formal.LONG), buffer, 0);
        assertThat(requestView.wrap(buffer, 0, length)).isNull();
        assertThat(requestView.wrap(buffer, 0, 0)).isEqualTo("encoding too short: 0 bytes");
    }

    @Test
    void randomTemplatesRepeatedAndCorruptedWrapAsCheckingThemWould()
    {
        final RandomTuples random = new RandomTuples(0x7e3a1);
        final List<byte[]> encodings = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            final byte[] valid = TupleCodec.encodeToArray(random.template());
            encodings.add(valid);
            final byte[] corrupted = valid.clone();
            corrupted[random.nextInt(corrupted.length)] ^= (byte)(1 << random.nextInt(8));
            encodings.add(corrupted);
        }
        encodings.add(TupleCodec.encodeToArray(Template.of("x".repeat(300), Formal.ANY)));

        final ExpandableArrayBuffer[] buffers = { new ExpandableArrayBuffer(), new ExpandableArrayBuffer() };
        byte[] last = encodings.get(0);
        for (int step = 0; step < 20_000; step++)
        {
            // Runs of one template, as a worker sends, broken by others, so both repeats and pauses happen.
            final byte[] encoding = random.nextInt(3) > 0 ? last : encodings.get(random.nextInt(encodings.size()));
            final MutableDirectBuffer buffer = buffers[random.nextInt(buffers.length)];
            final int offset = random.nextInt(64);
            buffer.putBytes(offset, encoding);

            assertSameResult(buffer, offset, encoding.length);
            last = encoding;
        }
    }

    private void assertSameResult(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        final String expectedReason = checked.wrapTemplate(buffer, offset, length);
        assertThat(requestView.wrap(buffer, offset, length)).isEqualTo(expectedReason);
        if (null != expectedReason)
        {
            return;
        }
        assertThat(requestView.view().buffer()).isSameAs(buffer);
        FieldsViewTest.assertSameView(requestView.view(), checked);
    }

    private static int indexOf(final MutableDirectBuffer buffer, final int length, final byte value)
    {
        for (int i = length - 1; i >= 0; i--)
        {
            if (value == buffer.getByte(i))
            {
                return i;
            }
        }
        throw new AssertionError("no byte " + value);
    }
}
