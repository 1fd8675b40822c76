package io.tuplespace.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static io.tuplespace.core.CommonConfiguration.IDLE_BACKOFF_MAX_PARK_PROP_NAME;
import static io.tuplespace.core.CommonConfiguration.IDLE_BACKOFF_MAX_SPINS_PROP_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommonConfigurationTest
{
    @AfterEach
    void clearProperty()
    {
        System.clearProperty(IDLE_BACKOFF_MAX_PARK_PROP_NAME);
        System.clearProperty(IDLE_BACKOFF_MAX_SPINS_PROP_NAME);
    }

    @Test
    void theBackoffParksAtMostOneMillisecondByDefault()
    {
        assertThat(CommonConfiguration.backoffMaxParkNs()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(CommonConfiguration.idleStrategy("backoff").toString()).contains("maxParkPeriodNs=1000000");
    }

    @Test
    void theBackoffsLongestParkIsSetByItsProperty()
    {
        System.setProperty(IDLE_BACKOFF_MAX_PARK_PROP_NAME, "100us");

        assertThat(CommonConfiguration.backoffMaxParkNs()).isEqualTo(TimeUnit.MICROSECONDS.toNanos(100));
        assertThat(CommonConfiguration.idleStrategy("backoff").toString()).contains("maxParkPeriodNs=100000");
    }

    @ParameterizedTest
    @ValueSource(strings = { "soon", "0us", "500ns", "2s" })
    void aLongestParkThatIsNotADurationFrom1usTo1sIsRefusedNamingTheProperty(final String value)
    {
        System.setProperty(IDLE_BACKOFF_MAX_PARK_PROP_NAME, value);

        assertThatThrownBy(() -> CommonConfiguration.idleStrategy("backoff"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(IDLE_BACKOFF_MAX_PARK_PROP_NAME + "=" + value);
    }

    @Test
    void theBackoffSpinsTenTimesByDefaultAndAsOftenAsItsPropertySays()
    {
        assertThat(CommonConfiguration.idleStrategy("backoff").toString()).contains("maxSpins=10,");

        System.setProperty(IDLE_BACKOFF_MAX_SPINS_PROP_NAME, "1000");

        assertThat(CommonConfiguration.backoffMaxSpins()).isEqualTo(1000);
        assertThat(CommonConfiguration.idleStrategy("backoff").toString()).contains("maxSpins=1000,");
    }

    @ParameterizedTest
    @ValueSource(strings = { "many", "-1", "1000001", "2.5" })
    void aSpinCountThatIsNotAWholeNumberFrom0To1000000IsRefusedNamingTheProperty(final String value)
    {
        System.setProperty(IDLE_BACKOFF_MAX_SPINS_PROP_NAME, value);

        assertThatThrownBy(() -> CommonConfiguration.idleStrategy("backoff"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(IDLE_BACKOFF_MAX_SPINS_PROP_NAME + "=" + value);
    }
}
