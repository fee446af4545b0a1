package io.semaphore.notification;

import io.semaphore.config.Config;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import java.util.function.IntFunction;

/**
 * Email over SMTP with Semaphore's keys: {@code email_host}, {@code email_port} (default 25), {@code email_sender};
 * {@code email_username}/{@code email_password} sign in when set; {@code email_tls} connects with TLS from the start
 * (SMTPS), {@code email_secure} requires STARTTLS. Sent to the project's members who turned alerts on.
 */
public final class EmailNotifier implements Notifier {
    private final Config config;
    private final IntFunction<List<String>> recipients;

    /** {@code recipients}: the addresses to tell for a project id. */
    public EmailNotifier(Config config, IntFunction<List<String>> recipients) {
        this.config = config;
        this.recipients = recipients;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean enabled() {
        return config.emailAlert() && !config.emailHost().isBlank();
    }

    @Override
    public void send(Notification n) throws MessagingException {
        List<String> to = recipients.apply(n.projectId());
        if (to.isEmpty()) {
            return; // nobody in the project asked for alerts
        }
        Properties p = new Properties();
        String port = config.emailPort().isBlank() ? "25" : config.emailPort();
        String protocol = config.emailTls() ? "smtps" : "smtp";
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", config.emailHost());
        p.put("mail." + protocol + ".port", port);
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        p.put("mail." + protocol + ".timeout", "15000");
        p.put("mail." + protocol + ".writetimeout", "15000");
        if (config.emailSecure()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        boolean auth = !config.emailUsername().isBlank();
        p.put("mail." + protocol + ".auth", String.valueOf(auth));
        Session session = Session.getInstance(p, auth ? new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(config.emailUsername(), config.emailPassword());
            }
        } : null);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(config.emailSender().isBlank() ? "semaphore@localhost" : config.emailSender()));
        for (String address : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
        }
        m.setSubject(n.title(), "UTF-8");
        m.setText(n.text() + "\n", "UTF-8");
        try {
            Transport.send(m);
        } catch (MessagingException e) {
            throw new MessagingException("email via " + config.emailHost() + ":" + port + " failed: " + e.getMessage());
        }
    }
}
