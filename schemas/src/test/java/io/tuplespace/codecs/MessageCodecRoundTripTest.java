package io.tuplespace.codecs;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every message of the schema encoded with its generated encoder behind a {@link MessageHeaderEncoder} and read
 * back with the generated decoder. Messages are written at an unaligned, non-zero offset so that no codec can
 * get away with assuming offset 0. Surefire turns SBE precedence checks on.
 */
class MessageCodecRoundTripTest
{
    private static final int OFFSET = 13;
    private static final String NON_ASCII = "w\u00f6rker-\u00e9t\u00e9 \u65e5\u672c\u8a9e \u2713 \ud83d\ude80";
    private static final byte[] EMPTY = new byte[0];

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @Test
    void tupleWithOneFieldOfEveryType()
    {
        final byte[] bytes = { 0, 1, (byte)0xFF, 127, -128 };
        final byte[] text = NON_ASCII.getBytes(StandardCharsets.UTF_8);
        final TupleEncoder encoder = new TupleEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        final TupleEncoder.FieldsEncoder fields = encoder.fieldsCount(FieldType.values().length - 1);
        fields.next().fieldType(FieldType.BOOLEAN).numeric(1).putValue(EMPTY, 0, 0);
        fields.next().fieldType(FieldType.INT).numeric(Integer.MIN_VALUE).putValue(EMPTY, 0, 0);
        fields.next().fieldType(FieldType.LONG).numeric(Long.MAX_VALUE).putValue(EMPTY, 0, 0);
        fields.next().fieldType(FieldType.DOUBLE).numeric(Double.doubleToLongBits(-0.0)).putValue(EMPTY, 0, 0);
        fields.next().fieldType(FieldType.STRING).numeric(0).putValue(text, 0, text.length);
        fields.next().fieldType(FieldType.BYTES).numeric(0).putValue(bytes, 0, bytes.length);
        encoder.checkEncodingIsComplete();
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        assertHeader(TupleDecoder.TEMPLATE_ID, TupleDecoder.BLOCK_LENGTH);
        final TupleDecoder decoder = new TupleDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        final TupleDecoder.FieldsDecoder decoded = decoder.fields();
        assertThat(decoded.count()).isEqualTo(6);
        assertField(decoded.next(), FieldType.BOOLEAN, 1, EMPTY);
        assertField(decoded.next(), FieldType.INT, Integer.MIN_VALUE, EMPTY);
        assertField(decoded.next(), FieldType.LONG, Long.MAX_VALUE, EMPTY);
        assertField(decoded.next(), FieldType.DOUBLE, Double.doubleToLongBits(-0.0), EMPTY);
        assertField(decoded.next(), FieldType.STRING, 0, text);
        assertField(decoded.next(), FieldType.BYTES, 0, bytes);
        assertThat(decoded.hasNext()).isFalse();
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void tupleWithNoFields()
    {
        final TupleEncoder encoder = new TupleEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.fieldsCount(0);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        final TupleDecoder decoder = new TupleDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.fields().count()).isZero();
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void templateWithActualFormalAndWildcardFields()
    {
        final byte[] value = "task".getBytes(StandardCharsets.UTF_8);
        final TemplateEncoder encoder = new TemplateEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        final TemplateEncoder.FieldsEncoder fields = encoder.fieldsCount(4);
        fields.next().kind(FieldKind.ACTUAL).fieldType(FieldType.STRING).numeric(0).putValue(value, 0, value.length);
        fields.next().kind(FieldKind.FORMAL).fieldType(FieldType.LONG).numeric(0).putValue(EMPTY, 0, 0);
        fields.next().kind(FieldKind.WILDCARD).fieldType(FieldType.BOOLEAN).numeric(0).putValue(EMPTY, 0, 0);
        fields.next().kind(FieldKind.ACTUAL).fieldType(FieldType.INT).numeric(-7).putValue(EMPTY, 0, 0);
        encoder.checkEncodingIsComplete();
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        assertHeader(TemplateDecoder.TEMPLATE_ID, TemplateDecoder.BLOCK_LENGTH);
        final TemplateDecoder decoder = new TemplateDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        final TemplateDecoder.FieldsDecoder decoded = decoder.fields();
        assertThat(decoded.count()).isEqualTo(4);
        assertTemplateField(decoded.next(), FieldKind.ACTUAL, FieldType.STRING, 0, value);
        assertTemplateField(decoded.next(), FieldKind.FORMAL, FieldType.LONG, 0, EMPTY);
        assertTemplateField(decoded.next(), FieldKind.WILDCARD, FieldType.BOOLEAN, 0, EMPTY);
        assertTemplateField(decoded.next(), FieldKind.ACTUAL, FieldType.INT, -7, EMPTY);
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void connectRequestWithNonAsciiClientName()
    {
        final int length = encodeConnectRequest(Long.MAX_VALUE, 4242L, NON_ASCII);

        assertHeader(ConnectRequestDecoder.TEMPLATE_ID, ConnectRequestDecoder.BLOCK_LENGTH);
        final ConnectRequestDecoder decoder = new ConnectRequestDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(Long.MAX_VALUE);
        assertThat(decoder.processId()).isEqualTo(4242L);
        assertThat(decoder.clientNameLength()).isEqualTo(NON_ASCII.getBytes(StandardCharsets.UTF_8).length);
        assertThat(decoder.clientName()).isEqualTo(NON_ASCII);
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void connectRequestWithEmptyClientName()
    {
        final int length = encodeConnectRequest(-1L, Long.MIN_VALUE, "");

        final ConnectRequestDecoder decoder = new ConnectRequestDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(-1L);
        assertThat(decoder.processId()).isEqualTo(Long.MIN_VALUE);
        assertThat(decoder.clientName()).isEmpty();
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void connectResponse()
    {
        final ConnectResponseEncoder encoder = new ConnectResponseEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(77L)
            .sessionId(Integer.MIN_VALUE)
            .maxTupleLength(Integer.MAX_VALUE);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        assertHeader(ConnectResponseDecoder.TEMPLATE_ID, ConnectResponseDecoder.BLOCK_LENGTH);
        final ConnectResponseDecoder decoder = new ConnectResponseDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(77L);
        assertThat(decoder.sessionId()).isEqualTo(Integer.MIN_VALUE);
        assertThat(decoder.maxTupleLength()).isEqualTo(Integer.MAX_VALUE);
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void disconnectRequest()
    {
        final DisconnectRequestEncoder encoder = new DisconnectRequestEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(Long.MIN_VALUE);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        assertHeader(DisconnectRequestDecoder.TEMPLATE_ID, DisconnectRequestDecoder.BLOCK_LENGTH);
        final DisconnectRequestDecoder decoder = new DisconnectRequestDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(Long.MIN_VALUE);
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void outRequestWithEmptyTuple()
    {
        assertOutRequestRoundTrip(EMPTY);
    }

    @Test
    void outRequestWithOneMebibyteTuple()
    {
        final byte[] payload = new byte[1024 * 1024];
        new Random(7).nextBytes(payload);

        assertOutRequestRoundTrip(payload);
    }

    @Test
    void outResponse()
    {
        final OutResponseEncoder encoder = new OutResponseEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(0L);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        assertHeader(OutResponseDecoder.TEMPLATE_ID, OutResponseDecoder.BLOCK_LENGTH);
        final OutResponseDecoder decoder = new OutResponseDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isZero();
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @ParameterizedTest
    @EnumSource(value = MatchOperation.class, names = "NULL_VAL", mode = EnumSource.Mode.EXCLUDE)
    void matchRequest(final MatchOperation operation)
    {
        final byte[] pattern = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        for (final long timeoutMs : new long[]{ -1L, 0L, 1L, Long.MAX_VALUE })
        {
            final MatchRequestEncoder encoder = new MatchRequestEncoder()
                .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
                .correlationId(99L)
                .operation(operation)
                .timeoutMs(timeoutMs)
                .putPattern(pattern, 0, pattern.length);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

            assertHeader(MatchRequestDecoder.TEMPLATE_ID, MatchRequestDecoder.BLOCK_LENGTH);
            final MatchRequestDecoder decoder = new MatchRequestDecoder()
                .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
            assertThat(decoder.correlationId()).isEqualTo(99L);
            assertThat(decoder.operation()).isEqualTo(operation);
            assertThat(decoder.timeoutMs()).isEqualTo(timeoutMs);
            final byte[] decoded = new byte[decoder.patternLength()];
            decoder.getPattern(decoded, 0, decoded.length);
            assertThat(decoded).isEqualTo(pattern);
            assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
        }
    }

    @Test
    void matchRequestWithEmptyPattern()
    {
        final MatchRequestEncoder encoder = new MatchRequestEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(1L)
            .operation(MatchOperation.TAKE)
            .timeoutMs(0L)
            .putPattern(EMPTY, 0, 0);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        final MatchRequestDecoder decoder = new MatchRequestDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(1L);
        assertThat(decoder.operation()).isEqualTo(MatchOperation.TAKE);
        assertThat(decoder.timeoutMs()).isZero();
        assertThat(decoder.patternLength()).isZero();
        assertThat(decoder.skipPattern()).isZero();
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void cancelRequest()
    {
        final CancelRequestEncoder encoder = new CancelRequestEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(123_456_789_012L);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        assertHeader(CancelRequestDecoder.TEMPLATE_ID, CancelRequestDecoder.BLOCK_LENGTH);
        final CancelRequestDecoder decoder = new CancelRequestDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(123_456_789_012L);
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void tupleResponse()
    {
        final byte[] tuple = { 42, 0, 0, -1 };
        for (final byte[] payload : new byte[][]{ tuple, EMPTY })
        {
            final TupleResponseEncoder encoder = new TupleResponseEncoder()
                .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
                .correlationId(5L)
                .putTuple(payload, 0, payload.length);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

            assertHeader(TupleResponseDecoder.TEMPLATE_ID, TupleResponseDecoder.BLOCK_LENGTH);
            final TupleResponseDecoder decoder = new TupleResponseDecoder()
                .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
            assertThat(decoder.correlationId()).isEqualTo(5L);
            final byte[] decoded = new byte[decoder.tupleLength()];
            decoder.getTuple(decoded, 0, decoded.length);
            assertThat(decoded).isEqualTo(payload);
            assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
        }
    }

    @ParameterizedTest
    @EnumSource(value = NoMatchReason.class, names = "NULL_VAL", mode = EnumSource.Mode.EXCLUDE)
    void noMatchResponse(final NoMatchReason reason)
    {
        final NoMatchResponseEncoder encoder = new NoMatchResponseEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(31L)
            .reason(reason);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        assertHeader(NoMatchResponseDecoder.TEMPLATE_ID, NoMatchResponseDecoder.BLOCK_LENGTH);
        final NoMatchResponseDecoder decoder = new NoMatchResponseDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(31L);
        assertThat(decoder.reason()).isEqualTo(reason);
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = "NULL_VAL", mode = EnumSource.Mode.EXCLUDE)
    void errorResponseWithNonAsciiMessage(final ErrorCode code)
    {
        final int length = encodeErrorResponse(-1L, code, NON_ASCII);

        assertHeader(ErrorResponseDecoder.TEMPLATE_ID, ErrorResponseDecoder.BLOCK_LENGTH);
        final ErrorResponseDecoder decoder = new ErrorResponseDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(-1L);
        assertThat(decoder.code()).isEqualTo(code);
        assertThat(decoder.message()).isEqualTo(NON_ASCII);
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void errorResponseWithEmptyMessage()
    {
        final int length = encodeErrorResponse(8L, ErrorCode.INTERNAL_ERROR, "");

        final ErrorResponseDecoder decoder = new ErrorResponseDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(8L);
        assertThat(decoder.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(decoder.message()).isEmpty();
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    @Test
    void errorResponseNamesTheLimitReachedAndItsValue()
    {
        final ErrorResponseEncoder encoder = new ErrorResponseEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(9L)
            .code(ErrorCode.LIMIT_EXCEEDED)
            .exceededLimit(Limit.STORED_BYTES)
            .limitValue(1L << 30)
            .message("stored bytes limit of 1073741824 reached (tuplespace.max.stored.bytes)");
        encoder.checkEncodingIsComplete();

        final ErrorResponseDecoder decoder = new ErrorResponseDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(decoder.exceededLimit()).isEqualTo(Limit.STORED_BYTES);
        assertThat(decoder.limitValue()).isEqualTo(1L << 30);
        assertThat(decoder.message()).startsWith("stored bytes limit of 1073741824");
    }

    @Test
    void readingVarDataTwiceIsRejected()
    {
        encodeErrorResponse(1L, ErrorCode.MALFORMED_MESSAGE, "first");
        final ErrorResponseDecoder decoder = new ErrorResponseDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.message()).isEqualTo("first");

        assertThatThrownBy(decoder::message).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writingVarDataTwiceIsRejected()
    {
        final ConnectRequestEncoder encoder = new ConnectRequestEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(1L)
            .processId(2L)
            .clientName("a");

        assertThatThrownBy(() -> encoder.clientName("b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void accessBeforeWrapIsRejected()
    {
        assertThatThrownBy(() -> new OutRequestDecoder().correlationId()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new OutRequestEncoder().correlationId(1L))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void groupElementFieldBeforeNextIsRejected()
    {
        final TupleEncoder encoder = new TupleEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        final TupleEncoder.FieldsEncoder fields = encoder.fieldsCount(1);

        assertThatThrownBy(() -> fields.fieldType(FieldType.INT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nextGroupElementBeforeVarDataOfCurrentIsRejected()
    {
        final TupleEncoder encoder = new TupleEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        final TupleEncoder.FieldsEncoder fields = encoder.fieldsCount(2);
        fields.next().fieldType(FieldType.INT).numeric(1).putValue(EMPTY, 0, 0);
        fields.next().fieldType(FieldType.INT).numeric(2).putValue(EMPTY, 0, 0);

        final TupleDecoder decoder = new TupleDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        final TupleDecoder.FieldsDecoder decoded = decoder.fields();
        assertThat(decoded.next().numeric()).isEqualTo(1L);

        assertThatThrownBy(decoded::next).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void encodingLeftIncompleteIsReported()
    {
        final TupleEncoder encoder = new TupleEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.fieldsCount(2).next().fieldType(FieldType.LONG).numeric(3L).putValue(EMPTY, 0, 0);

        assertThatThrownBy(encoder::checkEncodingIsComplete).isInstanceOf(IllegalStateException.class);
    }

    private void assertOutRequestRoundTrip(final byte[] payload)
    {
        final OutRequestEncoder encoder = new OutRequestEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(17L)
            .putTuple(payload, 0, payload.length);
        encoder.checkEncodingIsComplete();
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        assertThat(length).isEqualTo(
            MessageHeaderEncoder.ENCODED_LENGTH + OutRequestEncoder.BLOCK_LENGTH +
            OutRequestEncoder.tupleHeaderLength() + payload.length);

        assertHeader(OutRequestDecoder.TEMPLATE_ID, OutRequestDecoder.BLOCK_LENGTH);
        final OutRequestDecoder decoder = new OutRequestDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertThat(decoder.correlationId()).isEqualTo(17L);
        assertThat(decoder.tupleLength()).isEqualTo(payload.length);
        final byte[] decoded = new byte[decoder.tupleLength()];
        assertThat(decoder.getTuple(decoded, 0, decoded.length)).isEqualTo(payload.length);
        assertThat(decoded).isEqualTo(payload);
        assertThat(MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(length);
    }

    private int encodeConnectRequest(final long correlationId, final long processId, final String clientName)
    {
        final ConnectRequestEncoder encoder = new ConnectRequestEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(correlationId)
            .processId(processId)
            .clientName(clientName);
        encoder.checkEncodingIsComplete();
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int encodeErrorResponse(final long correlationId, final ErrorCode code, final String message)
    {
        final ErrorResponseEncoder encoder = new ErrorResponseEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .correlationId(correlationId)
            .code(code)
            .message(message);
        encoder.checkEncodingIsComplete();
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void assertHeader(final int templateId, final int blockLength)
    {
        headerDecoder.wrap(buffer, OFFSET);
        assertThat(headerDecoder.templateId()).isEqualTo(templateId);
        assertThat(headerDecoder.schemaId()).isEqualTo(MessageHeaderDecoder.SCHEMA_ID);
        assertThat(headerDecoder.version()).isEqualTo(MessageHeaderDecoder.SCHEMA_VERSION);
        assertThat(headerDecoder.blockLength()).isEqualTo(blockLength);
    }

    private static void assertField(
        final TupleDecoder.FieldsDecoder field, final FieldType type, final long numeric, final byte[] value)
    {
        assertThat(field.fieldType()).isEqualTo(type);
        assertThat(field.numeric()).isEqualTo(numeric);
        final byte[] decoded = new byte[field.valueLength()];
        field.getValue(decoded, 0, decoded.length);
        assertThat(decoded).isEqualTo(value);
    }

    private static void assertTemplateField(
        final TemplateDecoder.FieldsDecoder field,
        final FieldKind kind,
        final FieldType type,
        final long numeric,
        final byte[] value)
    {
        assertThat(field.kind()).isEqualTo(kind);
        assertThat(field.fieldType()).isEqualTo(type);
        assertThat(field.numeric()).isEqualTo(numeric);
        final byte[] decoded = new byte[field.valueLength()];
        field.getValue(decoded, 0, decoded.length);
        assertThat(decoded).isEqualTo(value);
    }
}
