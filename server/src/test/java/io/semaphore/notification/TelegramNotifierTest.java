package io.semaphore.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semaphore.testing.FakeHttp;
import org.junit.jupiter.api.Test;

/** Telegram's Bot API against a local fake over real HTTP; no database involved. */
class TelegramNotifierTest {
    static final Notification N = new Notification(3, "Shop", 4, "Deploy", 17, "error", "integration 2",
            "https://semaphore.example.com/project/3/history?t=17", "", false);

    @Test
    void sendsToTheConfiguredChat_orTheProjectsAlertChat_andNeverShowsTheToken() throws Exception {
        try (FakeHttp fake = new FakeHttp()) {
            TelegramNotifier t = new TelegramNotifier(true, fake.url("/"), "123:secret-token", "-1001");
            t.send(N);
            var got = fake.at("/bot123:secret-token/sendMessage");
            assertThat(got).hasSize(1);
            assertThat(got.get(0).body()).contains("\"chat_id\":\"-1001\"").contains("Task #17 of Deploy (Shop): error")
                    .contains("Started by integration 2");
            t.send(new Notification(3, "Shop", 4, "Deploy", 18, "success", "admin", "", "-2002", false));
            assertThat(fake.at("/bot123:secret-token/sendMessage").get(1).body()).contains("\"chat_id\":\"-2002\"");

            fake.failFirst("/bot123:secret-token/sendMessage", 1);
            assertThatThrownBy(() -> t.send(N)).hasMessageStartingWith("telegram answered HTTP 500")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token"));
            assertThat(new TelegramNotifier(true, fake.url("/"), "", "-1").enabled()).isFalse();
        }
    }
}
