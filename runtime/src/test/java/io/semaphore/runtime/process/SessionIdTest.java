package io.semaphore.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionIdTest {
    @Test
    void writtenAndReadBack() {
        assertThat(SessionId.parse("1234@5678")).isEqualTo(new SessionId(1234, 5678, 5678));
        assertThat(SessionId.parse("1234@5678-5680")).isEqualTo(new SessionId(1234, 5678, 5680));
        assertThat(new SessionId(1234, 5678, 5678)).hasToString("1234@5678");
        assertThat(new SessionId(1234, 5678, 5680)).hasToString("1234@5678-5680");
        assertThat(new SessionId(9, 1, 3).leaderMayHaveStartedAt(2)).isTrue();
        assertThat(new SessionId(9, 1, 3).leaderMayHaveStartedAt(4)).isFalse();
        for (String bad : new String[] {"", "12", "@5", "1@x", "1@5", "12@5-4", "12@-5"}) {
            assertThatThrownBy(() -> SessionId.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
