package io.caravan.egress;

import io.caravan.smtp.Reply;

/**
 * What a before-delivery hook said about an attempt: nothing (null), a refusal it wrote as an SMTP reply
 * ({@code 550 5.7.1 text}), or a failure of the hook itself, which defers the attempt (451 4.3.0) so a
 * broken hook bounces nothing and delays only the mail it ran for.
 */
final class HookRefusal {

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
        Reply reply = Reply.refusal(refuse.toString());
        return reply != null ? reply
                : Reply.of(451, "4.3.0", "before-delivery hook refused with no 4xx or 5xx SMTP reply on one line: "
                        + refuse.toString().replaceAll("[\\r\\n]+", " "));
    }
}
