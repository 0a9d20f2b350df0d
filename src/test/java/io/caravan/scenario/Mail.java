package io.caravan.scenario;

/** Small plain-text messages for the scenarios, each with a unique Message-ID. */
final class Mail {

    private Mail() {
    }

    static String text(String from, String to, String subject, String... extraHeaders) {
        StringBuilder m = new StringBuilder();
        m.append("From: <").append(from).append(">\r\n").append("To: <").append(to).append(">\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Message-ID: <").append(System.nanoTime()).append("@client.test>\r\n");
        for (String h : extraHeaders) {
            m.append(h).append("\r\n");
        }
        return m.append("\r\n").append(subject).append("\r\n").toString();
    }
}
