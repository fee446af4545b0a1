package io.semaphore.notification;

import java.util.Map;

/**
 * Telegram's Bot API: {@code sendMessage} to {@code telegram_chat}, or to the project's {@code alert_chat} when set
 * (as Semaphore does). The token is part of the URL, so it is never shown in a failure.
 */
final class TelegramNotifier implements Notifier {
    private final boolean enabled;
    private final String api;
    private final String token;
    private final String chat;

    TelegramNotifier(boolean enabled, String api, String token, String chat) {
        this.enabled = enabled && !token.isBlank();
        this.api = api.replaceAll("/+$", "");
        this.token = token;
        this.chat = chat;
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void send(Notification n) throws Exception {
        String chatId = n.alertChat().isBlank() ? chat : n.alertChat();
        if (chatId.isBlank()) {
            throw new IllegalStateException("telegram has no chat: set telegram_chat or the project's alert_chat");
        }
        new HttpNotifier("telegram", true, api + "/bot" + token + "/sendMessage", Map.of(),
                x -> Map.of("chat_id", chatId, "text", x.text(), "disable_web_page_preview", true)).send(n);
    }
}
