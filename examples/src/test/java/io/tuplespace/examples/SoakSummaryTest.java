package io.tuplespace.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SoakSummaryTest
{
    @Test
    void everyTaskWithOneResultInAnyOrderIsExactlyOnce()
    {
        final SoakSummary summary = SoakSummary.of(4, new long[]{ 2, 0, 3, 1 }, 4, 7);

        assertThat(summary).isEqualTo(new SoakSummary(4, 4, 0, 0, 7));
        assertThat(summary.isExactlyOnce()).isTrue();
        assertThat(summary).hasToString("tasks=4 results=4 lost=0 duplicated=0 kills=7");
    }

    @Test
    void aTaskWithNoResultIsLost()
    {
        final SoakSummary summary = SoakSummary.of(5, new long[]{ 0, 1, 3 }, 3, 2);

        assertThat(summary).hasToString("tasks=5 results=3 lost=2 duplicated=0 kills=2");
        assertThat(summary.isExactlyOnce()).isFalse();
    }

    @Test
    void everyResultBeyondTheFirstForATaskIsADuplicate()
    {
        final SoakSummary summary = SoakSummary.of(3, new long[]{ 0, 1, 2, 1, 1, 2 }, 6, 1);

        assertThat(summary).hasToString("tasks=3 results=6 lost=0 duplicated=3 kills=1");
        assertThat(summary.isExactlyOnce()).isFalse();
    }

    @Test
    void aDuplicateDoesNotHideALostTask()
    {
        final SoakSummary summary = SoakSummary.of(3, new long[]{ 0, 0, 2 }, 3, 0);

        assertThat(summary).hasToString("tasks=3 results=3 lost=1 duplicated=1 kills=0");
        assertThat(summary.isExactlyOnce()).isFalse();
    }

    @Test
    void aResultNamingNoTaskOfTheSoakCountsAsDuplicated()
    {
        final SoakSummary summary = SoakSummary.of(2, new long[]{ 0, 1, 2, -1 }, 4, 0);

        assertThat(summary).hasToString("tasks=2 results=4 lost=0 duplicated=2 kills=0");
    }

    @Test
    void onlyTheCollectedPartOfTheArrayCounts()
    {
        final SoakSummary summary = SoakSummary.of(2, new long[]{ 0, 1, 1, 1 }, 2, 0);

        assertThat(summary).hasToString("tasks=2 results=2 lost=0 duplicated=0 kills=0");
    }
}
