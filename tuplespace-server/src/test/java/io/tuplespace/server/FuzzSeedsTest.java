package io.tuplespace.server;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzer's seeds are requests the server accepts, and the corpus holds them as {@link FuzzSeeds} writes them
 * today; so the fuzzer starts from every valid request type.
 */
class FuzzSeedsTest
{
    private static final String CORPUS = "RequestFuzzTestInputs/fuzzRequests/";

    private static DecodeHarness harness;

    @BeforeAll
    static void launch()
    {
        harness = new DecodeHarness();
    }

    @AfterAll
    static void close()
    {
        harness.close();
    }

    @Test
    void theConnectSeedNamesTheHarnessesAeronClient()
    {
        assertThat(harness.aeronClientId()).isEqualTo(FuzzSeeds.HARNESS_AERON_CLIENT_ID);
    }

    @Test
    void everySeedFrameIsAnsweredWithoutAnError()
    {
        for (final Map.Entry<String, byte[][]> seed : new FuzzSeeds().seeds().entrySet())
        {
            harness.reset();
            for (final byte[] frame : seed.getValue())
            {
                assertThat(harness.feed(new UnsafeBuffer(frame), 0, frame.length)).isEqualTo(Action.CONTINUE);
                assertThat(harness.errorCount()).as("%s: %s", seed.getKey(), harness.lastErrorMessage()).isZero();
            }
        }
    }

    @Test
    void corpusHoldsTheCurrentSeeds() throws IOException
    {
        for (final Map.Entry<String, byte[][]> seed : new FuzzSeeds().seeds().entrySet())
        {
            try (InputStream committed = FuzzSeedsTest.class.getResourceAsStream(CORPUS + "seed-" + seed.getKey()))
            {
                assertThat(committed).as("seed %s is missing: run FuzzSeeds.main", seed.getKey()).isNotNull();
                assertThat(committed.readAllBytes()).as("seed %s is stale: run FuzzSeeds.main", seed.getKey())
                    .isEqualTo(FuzzSeeds.input(seed.getValue()));
            }
        }
    }
}
