package io.caravan.egress;

import io.caravan.smtp.Reply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a before-delivery hook said about an attempt: nothing (null), a refusal it wrote as an SMTP reply
 * ({@code 550 5.7.1 text}), or a failure of the hook itself, which defers the attempt (451 4.3.0) so a
 * broken hook bounces nothing and delays only the mail it ran for.
 */
final class HookRefusal {

    private static final Pattern REPLY = Pattern.compile("([45][0-9][0-9])(?:[ -]+([45]\\.[0-9]{1,3}\\.[0-9]{1,3}))?\\s*(.*)",
            Pattern.DOTALL);

    private HookRefusal() {
    }

    /**
     * @param refuse the hook's {@code CaravanRefuse} header value, or null
     * @param failed the hook's exception message when it failed, or null
     */
    static Reply of(Object refuse, String failed) {
        if (failed != null) {
            return Reply.of(451, "4.3.0", "before-delivery hook failed: " + failed);
        }
        if (refuse == null || refuse.toString().isBlank()) {
            return null;
        }
        Matcher m = REPLY.matcher(refuse.toString().trim());
        if (!m.matches()) {
            return Reply.of(451, "4.3.0", "before-delivery hook refused with no SMTP reply: " + refuse);
        }
        String text = m.group(3).replaceAll("[\\r\\n]+", " ").trim();
        return Reply.of(Integer.parseInt(m.group(1)), m.group(2), text.isEmpty() ? "refused by local policy" : text);
    }
}
