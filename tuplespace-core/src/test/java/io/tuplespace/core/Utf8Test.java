package io.tuplespace.core;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test
{
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource({
        "'', -1",
        "41, -1",
        "c3a9, -1",
        "e282ac, -1",
        "f09f9880, -1",
        "f48fbfbf, -1",
        "80, 0",
        "41c3, 1",
        "c328, 0",
        "c0af, 0",
        "c1bf, 0",
        "e080af, 0",
        "eda080, 0",
        "f08fbfbf, 0",
        "f4908080, 0",
        "f5808080, 0",
        "ff, 0",
        "4142e282, 2" })
    void findsTheFirstIllFormedSequence(final String hex, final int expected)
    {
        final byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(Utf8.firstInvalid(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(expected);
    }

    @Test
    void agreesWithTheJdkStrictDecoderOnRandomBytes()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int i = 0; i < 100_000; i++)
        {
            final byte[] bytes = new byte[random.nextInt(6)];
            random.nextBytes(bytes);
            final boolean isValid = Utf8.VALID == Utf8.firstInvalid(new UnsafeBuffer(bytes), 0, bytes.length);
            assertThat(isValid).as("seed=%d bytes=%s", seed, HexFormat.of().formatHex(bytes))
                .isEqualTo(jdkAccepts(bytes));
        }
    }

    private static boolean jdkAccepts(final byte[] bytes)
    {
        try
        {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (final CharacterCodingException ex)
        {
            return false;
        }
    }
}
