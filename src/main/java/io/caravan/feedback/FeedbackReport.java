package io.caravan.feedback;

import java.util.List;

/**
 * What a feedback mailbox message says, read by {@link ReportParser}.
 *
 * @param kind           complaint (an ARF report), bounce (a DSN with at least one failed recipient), delay (a
 *                       DSN that reports only delays or successes), or other (an ARF report that is not a
 *                       complaint, e.g. not-spam, or a DSN without news)
 * @param feedbackType   the ARF Feedback-Type (abuse, fraud, virus, other, not-spam, ...), or null for a DSN
 * @param recipients     per reported recipient: its address and, for a DSN, action, status and diagnostic
 * @param sourceIp       the ARF Source-IP: the address the reported message came from (one of our sources)
 * @param reportedDomain the ARF Reported-Domain, or null
 * @param reporter       who sent the report (ARF User-Agent, or the DSN's Reporting-MTA)
 * @param ref            the X-Caravan-Ref of the returned original, or null when there is none (not ours, or
 *                       the receiver returned no headers)
 * @param originalFrom   the domain of the returned original's From or of the ARF Original-Mail-From, or null
 * @param returnPath     the VERP return path of ours the report was addressed to (or that the returned original
 *                       names), or null
 */
public record FeedbackReport(Kind kind, String feedbackType, List<ReportedRecipient> recipients, String sourceIp,
                             String reportedDomain, String reporter, FeedbackRef ref, String originalFrom,
                             ReturnPath returnPath) {

    public enum Kind { COMPLAINT, BOUNCE, DELAY, OTHER }

    /** One recipient of a report; action, status and diagnostic are null for a complaint. */
    public record ReportedRecipient(String address, String action, String status, String diagnostic) {

        /** A DSN's permanent failure: the address does not take mail (RFC 3464 action failed, status 5.x.x). */
        public boolean hardBounce() {
            return "failed".equalsIgnoreCase(action) && status != null && status.startsWith("5.");
        }
    }

    public FeedbackReport {
        recipients = List.copyOf(recipients);
    }

    /** The queue id the report is about: the reference's, else the return path's; null when neither matched. */
    public String queueId() {
        return ref != null ? ref.queueId() : returnPath != null ? returnPath.queueId() : null;
    }
}
