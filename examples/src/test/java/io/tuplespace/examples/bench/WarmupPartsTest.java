package io.tuplespace.examples.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round trips' warm-up, split into alternating parts, still makes exactly the warm-up asked for, spread evenly.
 */
class WarmupPartsTest
{
    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 7, 15, 1000, 100_000, Integer.MAX_VALUE })
    void thePartsAddUpToTheWarmupAndDifferByAtMostOne(final int warmup)
    {
        long total = 0;
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int part = 0; part < 10; part++)
        {
            final int roundTrips = BenchCommand.warmupPart(warmup, part);
            total += roundTrips;
            smallest = Math.min(smallest, roundTrips);
            largest = Math.max(largest, roundTrips);
        }

        assertThat(total).isEqualTo(warmup);
        assertThat(largest - smallest).isLessThanOrEqualTo(1);
    }
}
