package io.tuplespace.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static io.tuplespace.client.ClientContext.RESPONSE_SPIN_PROP_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseSpinSettingTest
{
    @AfterEach
    void clearProperty()
    {
        System.clearProperty(RESPONSE_SPIN_PROP_NAME);
    }

    @Test
    void aClientSpinsTwoMicrosecondsForItsResponsesByDefault()
    {
        assertThat(new ClientContext().responseSpinNs()).isEqualTo(TimeUnit.MICROSECONDS.toNanos(2));
    }

    @Test
    void theSpinIsSetByItsPropertyAndZeroTurnsItOff()
    {
        System.setProperty(RESPONSE_SPIN_PROP_NAME, "20us");
        assertThat(new ClientContext().responseSpinNs()).isEqualTo(TimeUnit.MICROSECONDS.toNanos(20));

        System.setProperty(RESPONSE_SPIN_PROP_NAME, "0");
        assertThat(new ClientContext().responseSpinNs()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "briefly", "-1us", "2ms" })
    void aSpinThatIsNotADurationFromZeroTo1msIsRefusedNamingTheProperty(final String value)
    {
        System.setProperty(RESPONSE_SPIN_PROP_NAME, value);

        assertThatThrownBy(ClientContext::new)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(RESPONSE_SPIN_PROP_NAME + "=" + value);
    }

    @Test
    void aSpinSetInCodeIsRangeChecked()
    {
        final ClientContext ctx = new ClientContext();

        assertThatThrownBy(() -> ctx.responseSpinNs(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ctx.responseSpinNs(TimeUnit.MILLISECONDS.toNanos(2)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(ctx.responseSpinNs(0).responseSpinNs()).isZero();
    }
}
